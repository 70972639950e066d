/* commshub_sha256.c - SHA-256 of one or two ranges (psa_hash_*). */
#include "crypto_internal.h"

commshub_status commshub_sha256(const uint8_t *data, size_t length, uint8_t digest[COMMSHUB_SHA256_LENGTH])
{
    return commshub_sha256_two(data, length, NULL, 0, digest);
}

commshub_status commshub_sha256_two(const uint8_t *first, size_t first_length,
    const uint8_t *second, size_t second_length, uint8_t digest[COMMSHUB_SHA256_LENGTH])
{
    if (digest == NULL || (first == NULL && first_length != 0) || (second == NULL && second_length != 0))
        return COMMSHUB_BAD_ARGUMENT;
    commshub_status ready = commshub_crypto_init();
    if (ready != COMMSHUB_OK) return ready;

    psa_hash_operation_t operation = PSA_HASH_OPERATION_INIT;
    size_t written = 0;
    psa_status_t status = psa_hash_setup(&operation, PSA_ALG_SHA_256);
    if (status == PSA_SUCCESS && first_length != 0) status = psa_hash_update(&operation, first, first_length);
    if (status == PSA_SUCCESS && second_length != 0) status = psa_hash_update(&operation, second, second_length);
    if (status == PSA_SUCCESS) status = psa_hash_finish(&operation, digest, COMMSHUB_SHA256_LENGTH, &written);
    if (status != PSA_SUCCESS) {
        psa_hash_abort(&operation);
        return commshub_status_from_psa(status);
    }
    return written == COMMSHUB_SHA256_LENGTH ? COMMSHUB_OK : COMMSHUB_FAILED;
}
