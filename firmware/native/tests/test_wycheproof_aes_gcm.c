/*
 * Wycheproof AES-GCM, 128-bit keys (GBCS uses AES-128 only), as AesGcmWycheproofTests.Aes128_gcm:
 *  - groups with 96-bit IVs and 128-bit tags (67 cases: 40 valid, 27 invalid): valid cases must decrypt to the
 *    message and encrypt to the ciphertext and tag; invalid ones (modified tags) must fail to decrypt. Each valid
 *    tag's leading 12 bytes must also verify as a 12-byte tag (GBCS truncates to 12);
 *  - groups with other IV sizes (14 groups, 41 cases) are outside IGbcsCrypto (GBCS IVs are 12 bytes): every
 *    one must be refused as an argument error, never computed. They are run and checked, not skipped.
 */
#include "commshub_crypto.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gcm_case {
    uint8_t *key, *iv, *aad, *msg, *ct, *tag;
    size_t key_length, iv_length, aad_length, msg_length, ct_length, tag_length;
} gcm_case;

static void load_case(const json_value *test, gcm_case *c)
{
    c->key = hex_decode(json_string_member(test, "key"), &c->key_length);
    c->iv = hex_decode(json_string_member(test, "iv"), &c->iv_length);
    c->aad = hex_decode(json_string_member(test, "aad"), &c->aad_length);
    c->msg = hex_decode(json_string_member(test, "msg"), &c->msg_length);
    c->ct = hex_decode(json_string_member(test, "ct"), &c->ct_length);
    c->tag = hex_decode(json_string_member(test, "tag"), &c->tag_length);
}

static void free_case(gcm_case *c)
{
    free(c->key); free(c->iv); free(c->aad); free(c->msg); free(c->ct); free(c->tag);
}

static commshub_status decrypt(const gcm_case *c, size_t tag_length, uint8_t *plaintext)
{
    return commshub_gcm_decrypt(c->key, c->key_length, c->iv, c->iv_length, c->aad, c->aad_length, c->ct, c->ct_length,
        c->tag, tag_length, plaintext);
}

typedef struct run {
    tally t;
    int out_of_scope, out_of_scope_refused, truncated_checked;
} run;

static void visit(const json_value *group, const json_value *test, void *context)
{
    run *r = context;
    if (json_int_member(group, "keySize", 0) != 128) return;
    int in_scope = json_int_member(group, "ivSize", 0) == 96 && json_int_member(group, "tagSize", 0) == 128;
    long id = json_int_member(test, "tcId", -1);
    gcm_case c;
    load_case(test, &c);
    uint8_t *plaintext = malloc(c.ct_length + 1), *ct = malloc(c.msg_length + 1), tag[16];
    if (!in_scope) {
        r->out_of_scope++;
        int refused = decrypt(&c, c.tag_length, plaintext) == COMMSHUB_BAD_ARGUMENT;
        refused &= commshub_gcm_encrypt(c.key, c.key_length, c.iv, c.iv_length, c.aad, c.aad_length, c.msg,
            c.msg_length, ct, tag, 16) == COMMSHUB_BAD_ARGUMENT;
        if (check(refused, "tc %ld: IV of %zu bytes not refused as an argument error", id, c.iv_length))
            r->out_of_scope_refused++;
    } else {
        commshub_status status = decrypt(&c, c.tag_length, plaintext);
        int decrypted = status == COMMSHUB_OK;
        if (status != COMMSHUB_OK && status != COMMSHUB_REJECTED) tally_fail(&r->t, test, "decrypt error");
        if (decrypted && memcmp(plaintext, c.msg, c.msg_length) != 0) tally_fail(&r->t, test, "wrong plaintext");
        int encrypt_matches = commshub_gcm_encrypt(c.key, c.key_length, c.iv, c.iv_length, c.aad, c.aad_length,
            c.msg, c.msg_length, ct, tag, c.tag_length) == COMMSHUB_OK &&
            memcmp(ct, c.ct, c.ct_length) == 0 && memcmp(tag, c.tag, c.tag_length) == 0;
        const char *result = json_string_member(test, "result");
        int valid = result && strcmp(result, "valid") == 0;
        /* Valid: both directions agree with the vector. Invalid (modified tags): decryption must fail. */
        tally_record(&r->t, test, valid ? decrypted && encrypt_matches : decrypted, NULL);
        if (valid) {
            /* GBCS truncates to 12 bytes: the leading 12 bytes of a valid tag must verify as a 12-byte tag. */
            check(decrypt(&c, 12, plaintext) == COMMSHUB_OK, "tc %ld: 12-byte truncated tag", id);
            r->truncated_checked++;
        }
    }
    free(plaintext);
    free(ct);
    free_case(&c);
}

static void count_out_of_scope_group(const json_value *group, const json_value *test, void *context)
{
    /* Counts groups by their first test: 128-bit keys whose IV is not 96 bits or tag not 128 bits. */
    const json_value *tests = json_member(group, "tests");
    if (json_int_member(group, "keySize", 0) == 128 && tests && tests->count && test == &tests->items[0] &&
        !(json_int_member(group, "ivSize", 0) == 96 && json_int_member(group, "tagSize", 0) == 128))
        (*(int *)context)++;
}

int main(void)
{
    require_shared("wycheproof_aes_gcm");
    json_value *doc = load_wycheproof("aes_gcm_test.json");
    run r = { { 0 }, 0, 0, 0 };
    int out_of_scope_groups = 0;
    wycheproof_each_test(doc, visit, &r);
    wycheproof_each_test(doc, count_out_of_scope_group, &out_of_scope_groups);
    json_free(doc);
    tally_report("aes-128-gcm in scope", &r.t, 67);
    check(r.t.valid_accepted == 40 && r.t.invalid_rejected == 27, "expected 40 valid accepted and 27 invalid rejected");
    printf("12-byte truncated tags verified: %d; out of scope (IV not 96 bits): %d groups, %d cases, %d refused as "
           "argument errors\n", r.truncated_checked, out_of_scope_groups, r.out_of_scope, r.out_of_scope_refused);
    /* keySize-128 groups whose IV is not 96 bits: 64 (3 tests), 128 (20), 120, 160, 256, 512, 1024, 2056 (1 each),
     * 8, 16, 32, 48, 80 (2 each) and the invalid zero-length IV (2) = 14 groups, 41 tests, all 128-bit tags. */
    check(out_of_scope_groups == 14 && r.out_of_scope == 41, "expected 14 out-of-scope groups with 41 cases");
    check(r.truncated_checked == 40, "expected 40 truncated-tag checks");
    /* Out-of-scope cases pass when refused: they count as run and passed. */
    int ran = tally_total(&r.t) + r.out_of_scope;
    int passed = r.t.valid_accepted + r.t.invalid_rejected + r.out_of_scope_refused;
    return report_cases("wycheproof_aes_gcm", ran, passed, r.t.acceptable_accepted + r.t.acceptable_rejected, 0);
}
