/* commshub_ecdh.c - static-static ECDH on P-256 (psa_raw_key_agreement gives the x-coordinate, GBCS's Z). */
#include "crypto_internal.h"

commshub_status commshub_ecdh(commshub_key_id key, const uint8_t *peer_public_key, size_t peer_public_key_length,
    uint8_t z[COMMSHUB_P256_FIELD_LENGTH])
{
    if (key == 0 || z == NULL) return COMMSHUB_BAD_ARGUMENT;
    commshub_wipe(z, COMMSHUB_P256_FIELD_LENGTH);
    if (!commshub_is_uncompressed_point(peer_public_key, peer_public_key_length)) return COMMSHUB_REJECTED;
    commshub_status ready = commshub_crypto_init();
    if (ready != COMMSHUB_OK) return ready;

    size_t written = 0;
    psa_status_t status = psa_raw_key_agreement(PSA_ALG_ECDH, commshub_svc_key(key), peer_public_key,
        peer_public_key_length, z, COMMSHUB_P256_FIELD_LENGTH, &written);
    if (status == PSA_SUCCESS && written == COMMSHUB_P256_FIELD_LENGTH) return COMMSHUB_OK;
    commshub_wipe(z, COMMSHUB_P256_FIELD_LENGTH);
    if (status == PSA_SUCCESS) return COMMSHUB_FAILED;
    /* PSA loads the peer point with the curve check: INVALID_ARGUMENT is an off-curve or malformed peer key.
     * A key id that is not an agreement key (NOT_PERMITTED / INVALID_HANDLE) stays a caller error. */
    if (status == PSA_ERROR_INVALID_ARGUMENT) return COMMSHUB_REJECTED;
    return commshub_status_from_psa(status);
}
