/* commshub_kdf.c - the GBCS KDF (GBCS.md §3.1), as shared/CommsHub.Protocol/Crypto/GbcsKdf.cs computes it. */
#include "crypto_internal.h"

#include <string.h>

static const uint8_t algorithm_id[7] = { 0x60, 0x85, 0x74, 0x06, 0x08, 0x03, 0x00 };

static void put_u64(uint8_t *out, uint64_t value)
{
    for (int i = 7; i >= 0; i--) {
        out[i] = (uint8_t)value;
        value >>= 8;
    }
}

void commshub_gbcs_other_info(uint64_t originator, uint8_t transaction_type, uint64_t counter, uint64_t recipient,
    uint8_t other_info[COMMSHUB_KDF_OTHER_INFO_LENGTH])
{
    memcpy(other_info, algorithm_id, sizeof algorithm_id);
    put_u64(other_info + 7, originator);
    other_info[15] = 0x09; /* length of the transaction id: CRA flag + 8-byte counter */
    other_info[16] = transaction_type;
    put_u64(other_info + 17, counter);
    put_u64(other_info + 25, recipient);
}

commshub_status commshub_gbcs_kdf(const uint8_t z[COMMSHUB_P256_FIELD_LENGTH], uint64_t originator,
    uint8_t transaction_type, uint64_t counter, uint64_t recipient, uint8_t key[COMMSHUB_AES_KEY_LENGTH])
{
    if (z == NULL || key == NULL) return COMMSHUB_BAD_ARGUMENT;
    /* counter 00000001 || Z || OtherInfo: 4 + 32 + 33 = 69 bytes, one SHA-256 block chain. */
    uint8_t input[4 + COMMSHUB_P256_FIELD_LENGTH + COMMSHUB_KDF_OTHER_INFO_LENGTH];
    uint8_t digest[COMMSHUB_SHA256_LENGTH];
    input[0] = 0; input[1] = 0; input[2] = 0; input[3] = 1;
    memcpy(input + 4, z, COMMSHUB_P256_FIELD_LENGTH);
    commshub_gbcs_other_info(originator, transaction_type, counter, recipient, input + 4 + COMMSHUB_P256_FIELD_LENGTH);
    commshub_status status = commshub_sha256(input, sizeof input, digest);
    if (status == COMMSHUB_OK) memcpy(key, digest, COMMSHUB_AES_KEY_LENGTH);
    /* Z and the full digest are key material: leave no copy on the stack. */
    commshub_wipe(input, sizeof input);
    commshub_wipe(digest, sizeof digest);
    return status;
}
