/*
 * Wycheproof ECDH secp256r1 with SubjectPublicKeyInfo public keys (as EcdhWycheproofTests.Spki_public_keys): the
 * strict named-curve P-256 SPKI reader (test side, decompressing compressed points), then commshub_ecdh. Valid
 * keys must give the expected Z; invalid ones (off-curve, wrong curve, bad encodings) must be refused by the
 * reader or by commshub_ecdh. Expected: 612 cases, 330 valid accepted, 52 invalid rejected; the 230 acceptable
 * cases (mostly odd-but-parseable ASN.1 that strict DER refuses) are run but not judged, as in .NET.
 */
#include "commshub_crypto.h"
#include "test_keys.h"
#include "test_support.h"
#include "wycheproof_ecdh.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct run {
    tally t;
    int spki_rejected;
} run;

static void visit(const json_value *group, const json_value *test, void *context)
{
    (void)group;
    run *r = context;
    size_t spki_length;
    uint8_t *spki = wycheproof_hex(test, "public", &spki_length);
    uint8_t point[65];
    int accepted = 0;
    if (spki_to_point(spki, spki_length, point)) accepted = wycheproof_agree(&r->t, test, point, 65);
    else r->spki_rejected++;
    tally_record(&r->t, test, accepted, NULL);
    free(spki);
}

int main(void)
{
    require_shared("wycheproof_ecdh_spki");
    json_value *doc = load_wycheproof("ecdh_secp256r1_test.json");
    run r = { { 0 }, 0 };
    wycheproof_each_test(doc, visit, &r);
    json_free(doc);
    printf("refused by the strict SPKI reader: %d\n", r.spki_rejected);
    return tally_finish("wycheproof_ecdh_spki", &r.t, 612, 330, 52);
}
