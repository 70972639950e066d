/*
 * The contract of commshub_crypto.h beyond the known answers (as NetGbcsCryptoTests): sign/verify round trip and
 * tampering, invalid public keys rejected without errors, key usage separation (a KA key cannot sign, a DS key
 * cannot agree), scalar range, GCM argument rules and buffer layouts (tag after the ciphertext, tag elsewhere,
 * in place), failed decryption wipes the output, and the glue's range check.
 */
#include "commshub_crypto.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ran, passed;

static void sign_verify_round_trip_and_tampering(void)
{
    uint8_t scalar[32], public_key[65], signature[64], second[64];
    hex_to("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", scalar, 32);
    commshub_key_id key = 0;
    int ok = check(commshub_key_import(scalar, COMMSHUB_KEY_DIGITAL_SIGNATURE, &key, public_key) == COMMSHUB_OK, "import");
    /* RFC 6979 A.2.5's P-256 key: its public key is known. */
    char pub[131];
    snprintf(pub, sizeof pub, "%s", hex_of(public_key, 65));
    ok &= check(strcmp(pub, "0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB67903FE1008B8BC99A41AE9E9"
        "5628BC64F2F1B20C2D7E9F5177A3C294D4462299") == 0, "public key of the RFC 6979 scalar: %s", pub);
    uint8_t data[100];
    for (int i = 0; i < 100; i++) data[i] = (uint8_t)i;
    ok &= check(commshub_ecdsa_sign(key, data, 100, signature) == COMMSHUB_OK, "sign");
    ok &= check(commshub_ecdsa_verify(public_key, 65, data, 100, signature, 64) == COMMSHUB_OK, "verify");
    ok &= check(commshub_ecdsa_sign(key, data, 100, second) == COMMSHUB_OK, "second signature");
    ok &= check(commshub_ecdsa_verify(public_key, 65, data, 100, second, 64) == COMMSHUB_OK, "second verifies");
    data[50] ^= 1;
    ok &= check(commshub_ecdsa_verify(public_key, 65, data, 100, signature, 64) == COMMSHUB_REJECTED, "tampered data");
    data[50] ^= 1;
    signature[10] ^= 0x80;
    ok &= check(commshub_ecdsa_verify(public_key, 65, data, 100, signature, 64) == COMMSHUB_REJECTED, "tampered sig");
    signature[10] ^= 0x80;
    ok &= check(commshub_ecdsa_verify(public_key, 65, data, 100, signature, 63) == COMMSHUB_REJECTED, "63-byte sig");
    ok &= check(commshub_ecdsa_verify(public_key, 65, NULL, 0, signature, 64) == COMMSHUB_REJECTED, "empty data");
    ok &= check(commshub_ecdsa_sign(key, NULL, 0, signature) == COMMSHUB_OK &&
        commshub_ecdsa_verify(public_key, 65, NULL, 0, signature, 64) == COMMSHUB_OK, "signature over no data");
    ok &= check(commshub_key_destroy(key) == COMMSHUB_OK, "destroy");
    ok &= check(commshub_ecdsa_sign(key, data, 100, signature) == COMMSHUB_BAD_ARGUMENT, "a destroyed key cannot sign");
    case_result(&ran, &passed, ok);
}

static void invalid_public_keys_are_rejected_without_errors(void)
{
    uint8_t scalar[32] = { 0 }, public_key[65], signature[64] = { 1 }, z[32];
    scalar[31] = 7;
    commshub_key_id ka = 0;
    int ok = check(commshub_key_import(scalar, COMMSHUB_KEY_AGREEMENT, &ka, public_key) == COMMSHUB_OK, "import");
    uint8_t bad[65];
    memcpy(bad, public_key, 65);
    bad[64] ^= 1; /* off the curve */
    ok &= check(commshub_ecdh(ka, bad, 65, z) == COMMSHUB_REJECTED, "ECDH with an off-curve point");
    int zero = 1;
    for (int i = 0; i < 32; i++) zero &= z[i] == 0;
    ok &= check(zero, "Z is zeroed when refused");
    ok &= check(commshub_ecdsa_verify(bad, 65, scalar, 32, signature, 64) == COMMSHUB_REJECTED, "verify, off-curve key");
    uint8_t compressed[33];
    compressed[0] = (uint8_t)(0x02 | (public_key[64] & 1));
    memcpy(compressed + 1, public_key + 1, 32);
    ok &= check(commshub_ecdh(ka, compressed, 33, z) == COMMSHUB_REJECTED, "compressed points are outside the API");
    ok &= check(commshub_ecdh(ka, NULL, 0, z) == COMMSHUB_REJECTED, "no peer key");
    uint8_t infinity[65] = { 0x04 };
    ok &= check(commshub_ecdh(ka, infinity, 65, z) == COMMSHUB_REJECTED, "04 || 0 || 0 is not a point");
    bad[0] = 0x06; /* hybrid form */
    memcpy(bad + 1, public_key + 1, 64);
    ok &= check(commshub_ecdh(ka, bad, 65, z) == COMMSHUB_REJECTED, "hybrid encoding");
    ok &= check(commshub_ecdh(ka, public_key, 65, z) == COMMSHUB_OK, "ECDH with own public key works");
    commshub_key_destroy(ka);
    case_result(&ran, &passed, ok);
}

static void key_usages_are_kept_apart(void)
{
    uint8_t scalar[32], public_key[65], signature[64], z[32];
    hex_to("0612465C89A023AB17855B0A6BCEBFD3FEBB53AEF84138647B5352E02C10C346", scalar, 32);
    commshub_key_id ds = 0, ka = 0;
    int ok = check(commshub_key_import(scalar, COMMSHUB_KEY_DIGITAL_SIGNATURE, &ds, public_key) == COMMSHUB_OK, "ds");
    ok &= check(commshub_key_import(scalar, COMMSHUB_KEY_AGREEMENT, &ka, public_key) == COMMSHUB_OK, "ka");
    ok &= check(commshub_ecdsa_sign(ka, scalar, 32, signature) == COMMSHUB_BAD_ARGUMENT, "a KA key must not sign");
    ok &= check(commshub_ecdh(ds, public_key, 65, z) == COMMSHUB_BAD_ARGUMENT, "a DS key must not agree");
    ok &= check(commshub_key_import(scalar, (commshub_key_usage)3, &ka, public_key) == COMMSHUB_BAD_ARGUMENT &&
        ka == 0, "unknown usage refused");
    commshub_key_destroy(ds);
    case_result(&ran, &passed, ok);
}

static void scalars_outside_the_range_are_refused(void)
{
    uint8_t zero[32] = { 0 }, order[32], public_key[65];
    hex_to("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", order, 32);
    commshub_key_id key = 99;
    int ok = check(commshub_key_import(zero, COMMSHUB_KEY_AGREEMENT, &key, public_key) == COMMSHUB_BAD_ARGUMENT &&
        key == 0, "scalar 0 refused");
    ok &= check(commshub_key_import(order, COMMSHUB_KEY_AGREEMENT, &key, public_key) == COMMSHUB_BAD_ARGUMENT, "n");
    order[31] -= 1; /* n - 1 is the largest valid scalar */
    ok &= check(commshub_key_import(order, COMMSHUB_KEY_AGREEMENT, &key, public_key) == COMMSHUB_OK, "n - 1 imports");
    commshub_key_destroy(key);
    ok &= check(commshub_key_destroy(0) == COMMSHUB_OK, "destroying 0 is a no-op");
    case_result(&ran, &passed, ok);
}

static void gcm_arguments_outside_gbcs_are_refused(void)
{
    uint8_t key[32] = { 0 }, iv[16] = { 0 }, tag[17], pt[4] = { 0 }, ct[4];
    int ok = check(commshub_gcm_encrypt(key, 32, iv, 12, NULL, 0, pt, 4, ct, tag, 16) == COMMSHUB_BAD_ARGUMENT,
        "AES-256 key refused");
    ok &= check(commshub_gcm_encrypt(key, 16, iv, 16, NULL, 0, pt, 4, ct, tag, 16) == COMMSHUB_BAD_ARGUMENT, "16-byte IV");
    ok &= check(commshub_gcm_encrypt(key, 16, iv, 12, NULL, 0, pt, 4, ct, tag, 11) == COMMSHUB_BAD_ARGUMENT, "11 tag");
    ok &= check(commshub_gcm_encrypt(key, 16, iv, 12, NULL, 0, pt, 4, ct, tag, 17) == COMMSHUB_BAD_ARGUMENT, "17 tag");
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 8, NULL, 0, ct, 4, tag, 16, pt) == COMMSHUB_BAD_ARGUMENT, "8-byte IV");
    ok &= check(commshub_gcm_encrypt(key, 16, iv, 12, NULL, 3, pt, 4, ct, tag, 16) == COMMSHUB_BAD_ARGUMENT, "NULL aad");
    ok &= check(commshub_gcm_encrypt(key, 16, iv, 12, NULL, 0, NULL, 4, ct, tag, 16) == COMMSHUB_BAD_ARGUMENT, "NULL pt");
    for (size_t length = 12; length <= 16; length++)
        ok &= check(commshub_gcm_encrypt(key, 16, iv, 12, NULL, 0, pt, 4, ct, tag, length) == COMMSHUB_OK,
            "tag length %zu", length);
    case_result(&ran, &passed, ok);
}

static void gcm_buffer_layouts_agree(void)
{
    uint8_t key[16], iv[12], aad[5] = { 1, 2, 3, 4, 5 }, pt[40];
    for (int i = 0; i < 40; i++) pt[i] = (uint8_t)(3 * i);
    hex_to("000102030405060708090A0B0C0D0E0F", key, 16);
    hex_to("90B3D51F3003000000000000", iv, 12);
    /* Reference: tag right after the ciphertext (the wire layout, PSA's own). */
    uint8_t joined[40 + 12], apart_ct[40], apart_tag[12], back[40];
    int ok = check(commshub_gcm_encrypt(key, 16, iv, 12, aad, 5, pt, 40, joined, joined + 40, 12) == COMMSHUB_OK, "joined");
    ok &= check(commshub_gcm_encrypt(key, 16, iv, 12, aad, 5, pt, 40, apart_ct, apart_tag, 12) == COMMSHUB_OK, "apart");
    ok &= check(memcmp(joined, apart_ct, 40) == 0 && memcmp(joined + 40, apart_tag, 12) == 0,
        "tag after the ciphertext and tag elsewhere give the same bytes");
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 12, aad, 5, joined, 40, joined + 40, 12, back) == COMMSHUB_OK &&
        memcmp(back, pt, 40) == 0, "decrypt, joined");
    memset(back, 0, 40);
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 12, aad, 5, apart_ct, 40, apart_tag, 12, back) == COMMSHUB_OK &&
        memcmp(back, pt, 40) == 0, "decrypt, apart");
    /* In place: plaintext and ciphertext the same buffer. */
    uint8_t in_place[40];
    memcpy(in_place, pt, 40);
    ok &= check(commshub_gcm_encrypt(key, 16, iv, 12, aad, 5, in_place, 40, in_place, apart_tag, 12) == COMMSHUB_OK &&
        memcmp(in_place, joined, 40) == 0, "encrypt in place");
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 12, aad, 5, in_place, 40, apart_tag, 12, in_place) == COMMSHUB_OK &&
        memcmp(in_place, pt, 40) == 0, "decrypt in place");
    /* A failed check wipes the output in both layouts. */
    apart_tag[0] ^= 1;
    memset(back, 0xAA, 40);
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 12, aad, 5, apart_ct, 40, apart_tag, 12, back) == COMMSHUB_REJECTED,
        "tampered tag, apart");
    int zero = 1;
    for (int i = 0; i < 40; i++) zero &= back[i] == 0;
    joined[3] ^= 1;
    memset(back, 0xAA, 40);
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 12, aad, 5, joined, 40, joined + 40, 12, back) == COMMSHUB_REJECTED,
        "tampered ciphertext, joined");
    for (int i = 0; i < 40; i++) zero &= back[i] == 0;
    ok &= check(zero, "output wiped after a failed tag check");
    case_result(&ran, &passed, ok);
}

static void glue_range_check(void)
{
    int ok = check(commshub_range_ok(10, 0, 10), "whole array");
    ok &= check(commshub_range_ok(10, 10, 0), "empty range at the end");
    ok &= check(commshub_range_ok(0, 0, 0), "empty array");
    ok &= check(!commshub_range_ok(10, 5, 6), "past the end");
    ok &= check(!commshub_range_ok(10, -1, 1), "negative offset");
    ok &= check(!commshub_range_ok(10, 0, -1), "negative count");
    ok &= check(!commshub_range_ok(10, 11, 0), "offset past the end");
    ok &= check(!commshub_range_ok(10, 2147483647, 2147483647), "no overflow");
    case_result(&ran, &passed, ok);
}

int main(void)
{
    check(commshub_crypto_init() == COMMSHUB_OK && commshub_crypto_init() == COMMSHUB_OK, "init is idempotent");
    sign_verify_round_trip_and_tampering();
    invalid_public_keys_are_rejected_without_errors();
    key_usages_are_kept_apart();
    scalars_outside_the_range_are_refused();
    gcm_arguments_outside_gbcs_are_refused();
    gcm_buffer_layouts_agree();
    glue_range_check();
    return report_cases("api_contract", ran, passed, 0, 0);
}
