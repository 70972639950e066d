/*
 * Wycheproof ECDH secp256r1 with bare SEC1 points (as EcdhWycheproofTests.Ec_point_public_keys), twice:
 *  - direct: the encoded point straight into commshub_ecdh, which takes 65-byte uncompressed points only, so the
 *    one acceptable case (a valid compressed point) is rejected there;
 *  - via decompression (test side, P256.TryNormalizePoint's policy): that case then gives the expected Z.
 * Expected: 355 cases each; direct 330 valid accepted, 24 invalid rejected, 1 acceptable rejected; via
 * decompression the acceptable case accepted.
 */
#include "commshub_crypto.h"
#include "test_keys.h"
#include "test_support.h"
#include "wycheproof_ecdh.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct run {
    tally direct, decompressed;
} run;

static void visit(const json_value *group, const json_value *test, void *context)
{
    (void)group;
    run *r = context;
    size_t length;
    uint8_t *encoded = wycheproof_hex(test, "public", &length);
    tally_record(&r->direct, test, wycheproof_agree(&r->direct, test, encoded, length), NULL);
    uint8_t point[65];
    int normalized = normalize_point(encoded, length, point);
    tally_record(&r->decompressed, test, normalized && wycheproof_agree(&r->decompressed, test, point, 65), NULL);
    free(encoded);
}

int main(void)
{
    require_shared("wycheproof_ecdh_ecpoint");
    json_value *doc = load_wycheproof("ecdh_secp256r1_ecpoint_test.json");
    run r = { { 0 }, { 0 } };
    wycheproof_each_test(doc, visit, &r);
    json_free(doc);
    tally_report("ecdh ecpoint direct", &r.direct, 355);
    tally_report("ecdh ecpoint via decompression", &r.decompressed, 355);
    check(r.direct.valid_accepted == 330 && r.direct.invalid_rejected == 24 && r.direct.acceptable_rejected == 1,
        "direct: expected 330 valid accepted, 24 invalid rejected, the 1 acceptable (compressed) rejected");
    check(r.decompressed.acceptable_accepted == 1, "via decompression: expected the acceptable compressed point accepted");
    /* Both passes are reported together: 710 runs of the file's 355 cases. */
    const tally *both[2] = { &r.direct, &r.decompressed };
    int ran = 0, judged = 0, acceptable = 0;
    for (int i = 0; i < 2; i++) {
        ran += tally_total(both[i]);
        judged += both[i]->valid_accepted + both[i]->invalid_rejected;
        acceptable += both[i]->acceptable_accepted + both[i]->acceptable_rejected;
    }
    return report_cases("wycheproof_ecdh_ecpoint", ran, judged, acceptable, 0);
}
