/*
 * The KDF rows of GBCS.md §3.2 (gbcs-parser crypto.test.ts) with ECDH over the RTDS keystore, and the GBCS 18.4
 * shared secret from the key files, as PayloadKdfKnownAnswerTests.Section_3_2_kdf_rows and
 * GbcsKnownAnswerTests.Gbcs_18_4_shared_secret_from_keystore_files. Needs ../shared/vectors/gbcs/rtds-keystore.
 */
#include "commshub_crypto.h"
#include "test_keys.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint64_t device = 0x00DB1234567890A0ULL, supplier = 0x90B3D51F30010000ULL, acb = 0x90B3D51F30000002ULL;

static int load_private(uint64_t party, commshub_key_id *key, uint8_t public_key[65])
{
    char relative[128];
    snprintf(relative, sizeof relative, "vectors/gbcs/rtds-keystore/%016llx-ka.key", (unsigned long long)party);
    char *pem = read_shared_file(relative, NULL);
    size_t length;
    uint8_t *der = pem_block(pem, "PRIVATE KEY", &length);
    uint8_t scalar[32];
    int ok = check(der && pkcs8_p256_scalar(der, length, scalar), "%s: not a PKCS#8 P-256 key", relative) &&
        check(commshub_key_import(scalar, COMMSHUB_KEY_AGREEMENT, key, public_key) == COMMSHUB_OK, "%s: import",
            relative);
    memset(scalar, 0, sizeof scalar);
    free(der);
    free(pem);
    return ok;
}

static int load_public(uint64_t party, uint8_t point[65])
{
    char relative[128];
    snprintf(relative, sizeof relative, "vectors/gbcs/rtds-keystore/%016llx-ka.pem", (unsigned long long)party);
    char *pem = read_shared_file(relative, NULL);
    size_t length;
    uint8_t *der = pem_block(pem, "CERTIFICATE", &length);
    if (!der) der = pem_block(pem, "PUBLIC KEY", &length);
    int ok = check(der && find_p256_spki_point(der, length, point), "%s: no P-256 public key", relative);
    free(der);
    free(pem);
    return ok;
}

static int kdf_row(const char *name, uint64_t private_party, uint64_t originator, uint8_t tt, uint64_t counter,
    uint64_t recipient, const char *expected)
{
    commshub_key_id key = 0;
    uint8_t own_public[65], device_ka[65], z[32], derived[16];
    int ok = load_private(private_party, &key, own_public) && load_public(device, device_ka);
    ok = ok && check(commshub_ecdh(key, device_ka, 65, z) == COMMSHUB_OK, "%s: ECDH", name);
    ok = ok && check(commshub_gbcs_kdf(z, originator, tt, counter, recipient, derived) == COMMSHUB_OK, "%s: KDF", name);
    if (ok) {
        char got[33];
        snprintf(got, sizeof got, "%s", hex_of(derived, 16));
        ok = check(strcmp(got, expected) == 0, "%s: key %s, expected %s", name, got, expected);
    }
    commshub_key_destroy(key);
    return ok;
}

int main(void)
{
    require_shared("kdf_keystore");
    int ran = 0, passed = 0;
    /* command: ACB KA private x device KA; originator = the supplier (Business Originator), TT 01 */
    case_result(&ran, &passed, kdf_row("command", acb, supplier, 1, 0x0000000100000000ULL, device,
        "6A93E360717394015DF93E031218C9A6"));
    /* response: supplier KA private x device KA; originator = the device, TT 02 */
    case_result(&ran, &passed, kdf_row("response", supplier, device, 2, 0x0000000100000000ULL, supplier,
        "03FD30815577C49EB7E3834B63EF8302"));
    /* alert: same keys, counter 2001, TT 03 */
    case_result(&ran, &passed, kdf_row("alert", supplier, device, 3, 0x00000000000007D1ULL, supplier,
        "558FB1FA6660AF0D9E8365C47804B8FA"));

    /* GBCS 18.4: ACB KA private (abababababababab-ka.key) x DeviceA KA public (fffffffffffffffe-ka.pem). */
    commshub_key_id key = 0;
    uint8_t acb_public[65], device_a[65], z[32], expected_device[65], scalar_public[65], scalar[32];
    int ok = load_private(0xABABABABABABABABULL, &key, acb_public) && load_public(0xFFFFFFFFFFFFFFFEULL, device_a);
    hex_to("042DB45A3F21889438B42C8F464C75292BACF5FDDB5DA0B492501B299CBFE92D8FDB90FC8FF4026129838B1BCAD1402CAE47FE7D80"
           "84E409A41AFCE16D63579C5F", expected_device, 65);
    ok = ok && check(memcmp(device_a, expected_device, 65) == 0, "18.4: DeviceA KA public key from the key file");
    /* The key file holds the 18.4 ACB scalar E4A6...BEFB: same public key. */
    commshub_key_id from_scalar = 0;
    hex_to("E4A6CFB431471CFCAE491FD566D19C87082CF9FA7722D7FA24B2B3F5669DBEFB", scalar, 32);
    ok = ok && check(commshub_key_import(scalar, COMMSHUB_KEY_AGREEMENT, &from_scalar, scalar_public) == COMMSHUB_OK &&
        memcmp(scalar_public, acb_public, 65) == 0, "18.4: key file and scalar give the same ACB key");
    ok = ok && check(commshub_ecdh(key, device_a, 65, z) == COMMSHUB_OK, "18.4: ECDH from key files");
    if (ok) {
        char got[65];
        snprintf(got, sizeof got, "%s", hex_of(z, 32));
        ok = check(strcmp(got, "9AACF2E6D51BD5FF8F37BF368019A691CB5B2FCB7B5F030A00063647B20E13FE") == 0,
            "18.4: Z %s", got);
    }
    commshub_key_destroy(key);
    commshub_key_destroy(from_scalar);
    case_result(&ran, &passed, ok);
    return report_cases("kdf_keystore", ran, passed, 0, 0);
}
