/*
 * test_known_answers.c - the known answers the .NET implementation is held to, on the native primitives:
 * GBCS 18.4 (signature, ECDH Z, KDF, 12-byte GMAC), the GCM and GMAC rows of GBCS.md §3.2, NIST SP800-38D
 * example 6 with a 12-byte tag, FIPS 180-2 SHA-256 over two ranges, and the GBCS 18.4 / payload-encryption
 * OtherInfo. Mirrors tests/CommsHub.Protocol.Net.Tests/GbcsKnownAnswerTests.cs and the portable
 * PayloadKdfKnownAnswerTests. Needs no reference data.
 */
#include "commshub_crypto.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ran, passed;

static int same_hex(const uint8_t *bytes, size_t length, const char *expected, const char *what)
{
    char copy[1100];
    snprintf(copy, sizeof copy, "%s", hex_of(bytes, length));
    return check(strcmp(copy, expected) == 0, "%s: got %s, expected %s", what, copy, expected);
}

static const char *ecs04b_hex =
    "DD00000000000081A91100000000DF0901000000000000000108123456789ABCDEF008FFFFFFFFFFFFFFFE000200B335D92000000100030300"
    "700000130A00FF020300700000130A01FF020300700000130A02FF02030500000000050000000005000000004059045AB0F554622B0360340B"
    "9D87B5A23ED5723B41DE3F206E58CDD10F915B9FE2E12E2DA3632478A8DF678E418895869AC1E55318CCE04D120D2D6B44DC167B5D832D15B5"
    "7A56D620F198B3";

static void gcm_row_of_section_3_2(void)
{
    uint8_t key[16], iv[12], ct[13], tag[12], back[13];
    hex_to("000102030405060708090A0B0C0D0E0F", key, 16);
    hex_to("90B3D51F30030000" "00000000", iv, 12);
    const uint8_t *aad = (const uint8_t *)"helloworld", *pt = (const uint8_t *)"one two three";
    int ok = check(commshub_gcm_encrypt(key, 16, iv, 12, aad, 10, pt, 13, ct, tag, 12) == COMMSHUB_OK, "gcm encrypt");
    ok &= same_hex(ct, 13, "584FA806B24491178829D46C38", "§3.2 gcm ciphertext");
    ok &= same_hex(tag, 12, "6B33BDCB1E223242EC20B957", "§3.2 gcm tag");
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 12, aad, 10, ct, 13, tag, 12, back) == COMMSHUB_OK &&
        memcmp(back, pt, 13) == 0, "§3.2 gcm decrypts");
    tag[11] ^= 1;
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 12, aad, 10, ct, 13, tag, 12, back) == COMMSHUB_REJECTED,
        "§3.2 gcm tampered tag rejected");
    int zero = 1;
    for (int i = 0; i < 13; i++) zero &= back[i] == 0;
    ok &= check(zero, "§3.2 gcm: nothing usable left behind on failure");
    case_result(&ran, &passed, ok);
}

static void gmac_row_of_section_3_2(void)
{
    uint8_t key[16], iv[12], tag[12];
    hex_to("000102030405060708090A0B0C0D0E0F", key, 16);
    hex_to("90B3D51F30030000" "00000000", iv, 12);
    const uint8_t *aad = (const uint8_t *)"helloworld";
    int ok = check(commshub_gcm_encrypt(key, 16, iv, 12, aad, 10, NULL, 0, NULL, tag, 12) == COMMSHUB_OK, "gmac");
    ok &= same_hex(tag, 12, "FB3AFED43B78508864F00DA3", "§3.2 gmac tag");
    ok &= check(commshub_gcm_decrypt(key, 16, iv, 12, aad, 10, NULL, 0, tag, 12, NULL) == COMMSHUB_OK,
        "§3.2 gmac verifies");
    case_result(&ran, &passed, ok);
}

static void nist_sp800_38d_example_6(void)
{
    uint8_t key[16], iv[12], aad[20], pt[60], ct[60], tag[12];
    hex_to("FEFFE9928665731C6D6A8F9467308308", key, 16);
    hex_to("CAFEBABEFACEDBADDECAF888", iv, 12);
    hex_to("3AD77BB40D7A3660A89ECAF32466EF97F5D3D585", aad, 20);
    hex_to("D9313225F88406E5A55909C5AFF5269A86A7A9531534F7DA2E4C303D8A318A721C3C0C95956809532FCF0E2449A6B525B16AEDF5AA0DE6"
           "57BA637B39", pt, 60);
    int ok = check(commshub_gcm_encrypt(key, 16, iv, 12, aad, 20, pt, 60, ct, tag, 12) == COMMSHUB_OK, "example 6");
    ok &= same_hex(ct, 60, "42831EC2217774244B7221B784D0D49CE3AA212F2C02A4E035C17E2329ACA12E21D514B25466931C7D8F6A5AAC8"
        "4AA051BA30B396A0AAC973D58E091", "example 6 ciphertext");
    ok &= same_hex(tag, 12, "F07C2528EEA2FCA1211F905E", "example 6 tag");
    case_result(&ran, &passed, ok);
}

static void sha256_of_two_ranges(void)
{
    const char *a = "xxabcyy";
    const char *b = "xdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    uint8_t one[32], digest[32];
    int ok = check(commshub_sha256((const uint8_t *)a + 2, 3, one) == COMMSHUB_OK, "sha256");
    ok &= same_hex(one, 32, "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", "FIPS 180-2 abc");
    ok &= check(commshub_sha256_two((const uint8_t *)a + 2, 3, (const uint8_t *)b + 1, strlen(b) - 1, digest) ==
        COMMSHUB_OK, "sha256 two ranges");
    ok &= same_hex(digest, 32, "248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1",
        "FIPS 180-2 two-block message split across two ranges");
    ok &= check(commshub_sha256(NULL, 0, digest) == COMMSHUB_OK, "sha256 of nothing");
    ok &= same_hex(digest, 32, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "SHA-256 of empty");
    case_result(&ran, &passed, ok);
}

/* GBCS 18.4: ECS04b critical command SupplierA -> DeviceA, signature + MAC (gbcs-18.4-crypto-test-vector.md). */
static void gbcs_18_4_signature_kdf_and_mac(void)
{
    size_t length;
    uint8_t *message = hex_decode(ecs04b_hex, &length);
    size_t df = 0;
    while (df < length && message[df] != 0xDF) df++;
    size_t mac_start = length - 12, sig_start = mac_start - 64;
    int ok = check(message[sig_start - 1] == 0x40, "18.4: signature length byte 0x40");

    uint8_t supplier_ds[65];
    hex_to("04" "76628E1C84EF7935548AE5D62C7BB3AD28964CF794F0387A697EEC19CDD98F460A4D5E19087EF7216ED89C29831A6EE838C8DE8"
           "8EF34F11D3F41F36D80B2A5D5", supplier_ds, 65);
    /* Signed bytes: the grouping header without the DF tag through the end of the payload. */
    ok &= check(commshub_ecdsa_verify(supplier_ds, 65, message + df + 1, sig_start - 1 - (df + 1), message + sig_start,
        64) == COMMSHUB_OK, "18.4: supplier signature verifies");
    ok &= check(commshub_ecdsa_verify(supplier_ds, 65, message + df, sig_start - 1 - df, message + sig_start, 64) ==
        COMMSHUB_REJECTED, "18.4: signature over the wrong range is rejected");

    uint8_t acb_scalar[32], device_ka[65], acb_public[65], z[32], k[16], mac[12], iv[12];
    hex_to("E4A6CFB431471CFCAE491FD566D19C87082CF9FA7722D7FA24B2B3F5669DBEFB", acb_scalar, 32);
    hex_to("04" "2DB45A3F21889438B42C8F464C75292BACF5FDDB5DA0B492501B299CBFE92D8FDB90FC8FF4026129838B1BCAD1402CAE47FE7D8"
           "084E409A41AFCE16D63579C5F", device_ka, 65);
    commshub_key_id acb = 0;
    ok &= check(commshub_key_import(acb_scalar, COMMSHUB_KEY_AGREEMENT, &acb, acb_public) == COMMSHUB_OK, "import ACB");
    ok &= check(commshub_ecdh(acb, device_ka, 65, z) == COMMSHUB_OK, "18.4: ECDH");
    ok &= same_hex(z, 32, "9AACF2E6D51BD5FF8F37BF368019A691CB5B2FCB7B5F030A00063647B20E13FE", "18.4 Z");

    /* The KDF as the .NET test spells it out (SHA-256 of 00000001||Z and OtherInfo as two ranges) ... */
    uint8_t counter_and_z[36] = { 0, 0, 0, 1 }, other_info[33], digest[32];
    memcpy(counter_and_z + 4, z, 32);
    commshub_gbcs_other_info(0x123456789ABCDEF0ULL, 0x01, 1, 0xFFFFFFFFFFFFFFFEULL, other_info);
    ok &= same_hex(other_info, 33, "60857406080300123456789ABCDEF009010000000000000001FFFFFFFFFFFFFFFE", "18.4 OtherInfo");
    ok &= check(commshub_sha256_two(counter_and_z, 36, other_info, 33, digest) == COMMSHUB_OK, "18.4 KDF hash");
    ok &= same_hex(digest, 16, "859B846A24E1EA70A168409A1180676B", "18.4 K (two-range SHA-256)");
    /* ... and through the native KDF. */
    ok &= check(commshub_gbcs_kdf(z, 0x123456789ABCDEF0ULL, 0x01, 1, 0xFFFFFFFFFFFFFFFEULL, k) == COMMSHUB_OK, "kdf");
    ok &= same_hex(k, 16, "859B846A24E1EA70A168409A1180676B", "18.4 K (commshub_gbcs_kdf)");

    /* MAC: GMAC over 11 00 00 00 00 00 || DF..signature field, IV = originator || 00000000, leftmost 12 bytes. */
    size_t aad_length = 6 + (mac_start - df);
    uint8_t *aad = malloc(aad_length);
    memcpy(aad, "\x11\x00\x00\x00\x00\x00", 6);
    memcpy(aad + 6, message + df, mac_start - df);
    hex_to("123456789ABCDEF0" "00000000", iv, 12);
    ok &= check(commshub_gcm_encrypt(k, 16, iv, 12, aad, aad_length, NULL, 0, NULL, mac, 12) == COMMSHUB_OK, "mac");
    ok &= same_hex(mac, 12, "5D832D15B57A56D620F198B3", "18.4 MAC");
    ok &= check(commshub_gcm_decrypt(k, 16, iv, 12, aad, aad_length, NULL, 0, message + mac_start, 12, NULL) ==
        COMMSHUB_OK, "18.4: the message's own MAC verifies");
    /* The 5-byte prefix 11 00 00 00 00 must not verify (GBCS.md §3.1). */
    ok &= check(commshub_gcm_decrypt(k, 16, iv, 12, aad + 1, aad_length - 1, NULL, 0, message + mac_start, 12, NULL) ==
        COMMSHUB_REJECTED, "18.4: MAC over the 5-byte prefix is rejected");
    commshub_key_destroy(acb);
    free(aad);
    free(message);
    case_result(&ran, &passed, ok);
}

static void gbcs_18_4_supplier_key_signs_verifiably(void)
{
    /* SupplierA's DS private key from 18.4: its public key is the one above, and its signatures verify. */
    uint8_t scalar[32], public_key[65], expected[65], signature[64];
    hex_to("3A6B2EAA0D9F25A9E455983FEB5BB947528121911BF3B76BE5661C89DBF24B26", scalar, 32);
    hex_to("04" "76628E1C84EF7935548AE5D62C7BB3AD28964CF794F0387A697EEC19CDD98F460A4D5E19087EF7216ED89C29831A6EE838C8DE8"
           "8EF34F11D3F41F36D80B2A5D5", expected, 65);
    commshub_key_id key = 0;
    int ok = check(commshub_key_import(scalar, COMMSHUB_KEY_DIGITAL_SIGNATURE, &key, public_key) == COMMSHUB_OK, "import");
    ok &= check(memcmp(public_key, expected, 65) == 0, "18.4: SupplierA public key from its scalar");
    const uint8_t *data = (const uint8_t *)"GBCS 18.4 re-signed";
    ok &= check(commshub_ecdsa_sign(key, data, 19, signature) == COMMSHUB_OK, "sign");
    ok &= check(commshub_ecdsa_verify(expected, 65, data, 19, signature, 64) == COMMSHUB_OK, "own signature verifies");
    commshub_key_destroy(key);
    case_result(&ran, &passed, ok);
}

static void payload_encryption_other_info(void)
{
    uint8_t other_info[33];
    commshub_gbcs_other_info(0x00DB1234567890A0ULL, COMMSHUB_KDF_TRANSACTION_PAYLOAD_ENCRYPTION, 0x3E8,
        0x90B3D51F30010000ULL, other_info);
    case_result(&ran, &passed, same_hex(other_info, 33,
        "6085740608030000DB1234567890A0" "0904" "00000000000003E8" "90B3D51F30010000", "payload OtherInfo, TT 04"));
}

int main(void)
{
    gcm_row_of_section_3_2();
    gmac_row_of_section_3_2();
    nist_sp800_38d_example_6();
    sha256_of_two_ranges();
    gbcs_18_4_signature_kdf_and_mac();
    gbcs_18_4_supplier_key_signs_verifiably();
    payload_encryption_other_info();
    return report_cases("known_answers", ran, passed, 0, 0);
}
