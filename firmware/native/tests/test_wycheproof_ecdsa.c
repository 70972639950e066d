/*
 * Wycheproof ECDSA P-256/SHA-256 through commshub_ecdsa_verify (as EcdsaWycheproofTests); one executable, two
 * CTest tests:
 *  - "p1363": raw r||s signatures, the GBCS wire form. Wrong-length signatures ("SignatureSize") must be
 *    rejected, not errors; each 64-byte signature is also verified from an offset inside a larger buffer, as
 *    the interop glue passes it. Expected: 262 cases, 173 valid accepted, 89 invalid rejected.
 *  - "der": DER signatures through a strict DER -> raw converter (test side, the policy of
 *    EcdsaSignatureEncoding.TryDerToRaw); a signature it refuses counts as rejected, and every parsed one must
 *    re-encode to the input (DER is unique). Expected: 484 cases, 174 valid accepted, 310 invalid rejected.
 */
#include "commshub_crypto.h"
#include "test_keys.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct run {
    int der;
    tally t;
    int wrong_length, offset_checks, parse_rejected;
} run;

/* The verdict as a tally outcome: accepted, or rejected; an error status is itself a failure. */
static int verdict(run *r, const json_value *test, commshub_status status)
{
    if (status != COMMSHUB_OK && status != COMMSHUB_REJECTED)
        tally_fail(&r->t, test, "verify returned an error instead of a verdict");
    return status == COMMSHUB_OK;
}

static int verify_raw(run *r, const json_value *test, const uint8_t *key, size_t key_length, const uint8_t *msg,
    size_t msg_length, const uint8_t *sig, size_t sig_length)
{
    if (sig_length != 64) r->wrong_length++;
    commshub_status status = commshub_ecdsa_verify(key, key_length, msg, msg_length, sig, sig_length);
    if (sig_length == 64) {
        uint8_t padded[67];
        memcpy(padded + 3, sig, 64);
        check(commshub_ecdsa_verify(key, key_length, msg, msg_length, padded + 3, 64) == status,
            "tc %ld: verdict changes with the signature's offset", json_int_member(test, "tcId", -1));
        r->offset_checks++;
    }
    return verdict(r, test, status);
}

static int verify_der(run *r, const json_value *test, const uint8_t *key, size_t key_length, const uint8_t *msg,
    size_t msg_length, const uint8_t *sig, size_t sig_length)
{
    uint8_t raw[64], der[72];
    if (!der_signature_to_raw(sig, sig_length, raw)) {
        r->parse_rejected++;
        return 0;
    }
    size_t der_length = raw_signature_to_der(raw, der);
    check(der_length == sig_length && memcmp(der, sig, sig_length) == 0,
        "tc %ld: strict DER does not re-encode to the input", json_int_member(test, "tcId", -1));
    return verdict(r, test, commshub_ecdsa_verify(key, key_length, msg, msg_length, raw, 64));
}

static void visit(const json_value *group, const json_value *test, void *context)
{
    run *r = context;
    size_t key_length, msg_length, sig_length;
    uint8_t *key = wycheproof_hex(json_member(group, "publicKey"), "uncompressed", &key_length);
    uint8_t *msg = wycheproof_hex(test, "msg", &msg_length);
    uint8_t *sig = wycheproof_hex(test, "sig", &sig_length);
    int accepted = r->der ? verify_der(r, test, key, key_length, msg, msg_length, sig, sig_length)
                          : verify_raw(r, test, key, key_length, msg, msg_length, sig, sig_length);
    tally_record(&r->t, test, accepted, NULL);
    free(key);
    free(msg);
    free(sig);
}

int main(int argc, char **argv)
{
    run r;
    memset(&r, 0, sizeof r);
    r.der = argc > 1 && strcmp(argv[1], "der") == 0;
    if (argc < 2 || (!r.der && strcmp(argv[1], "p1363") != 0)) {
        fprintf(stderr, "usage: test_wycheproof_ecdsa p1363|der\n");
        return 2;
    }
    const char *name = r.der ? "wycheproof_ecdsa_der" : "wycheproof_ecdsa_p1363";
    require_shared(name);
    json_value *doc = load_wycheproof(r.der ? "ecdsa_secp256r1_sha256_test.json"
                                            : "ecdsa_secp256r1_sha256_p1363_test.json");
    wycheproof_each_test(doc, visit, &r);
    json_free(doc);
    if (r.der) {
        printf("refused by the strict DER parser: %d\n", r.parse_rejected);
        return tally_finish(name, &r.t, 484, 174, 310);
    }
    check(r.wrong_length > 0, "expected some wrong-length signatures in the file");
    printf("wrong-length signatures rejected: %d; offset re-checks: %d\n", r.wrong_length, r.offset_checks);
    return tally_finish(name, &r.t, 262, 173, 89);
}
