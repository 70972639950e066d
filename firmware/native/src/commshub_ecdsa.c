/* commshub_ecdsa.c - ECDSA P-256/SHA-256 with raw r||s (PSA's signature format for ECDSA is exactly r||s). */
#include "crypto_internal.h"

commshub_status commshub_ecdsa_sign(commshub_key_id key, const uint8_t *data, size_t length,
    uint8_t signature[COMMSHUB_SIGNATURE_LENGTH])
{
    if (key == 0 || signature == NULL || (data == NULL && length != 0)) return COMMSHUB_BAD_ARGUMENT;
    uint8_t hash[COMMSHUB_SHA256_LENGTH];
    /* psa_sign_message would hash inside, but its key usage flag differs between PSA revisions; hash-then-sign
     * is the same signature and the same API on 2.28 and 3.x. */
    commshub_status hashed = commshub_sha256(data, length, hash);
    if (hashed != COMMSHUB_OK) return hashed;
    size_t written = 0;
    psa_status_t status = psa_sign_hash(commshub_svc_key(key), COMMSHUB_ECDSA_SIGN_ALG, hash, sizeof hash,
        signature, COMMSHUB_SIGNATURE_LENGTH, &written);
    if (status != PSA_SUCCESS) return commshub_status_from_psa(status);
    return written == COMMSHUB_SIGNATURE_LENGTH ? COMMSHUB_OK : COMMSHUB_FAILED;
}

commshub_status commshub_ecdsa_verify(const uint8_t *public_key, size_t public_key_length,
    const uint8_t *data, size_t length, const uint8_t *signature, size_t signature_length)
{
    if (data == NULL && length != 0) return COMMSHUB_BAD_ARGUMENT;
    /* Wrong-length signatures and malformed keys are a "no", as in NetGbcsCrypto: they come off the wire. */
    if (signature == NULL || signature_length != COMMSHUB_SIGNATURE_LENGTH) return COMMSHUB_REJECTED;
    if (!commshub_is_uncompressed_point(public_key, public_key_length)) return COMMSHUB_REJECTED;
    uint8_t hash[COMMSHUB_SHA256_LENGTH];
    commshub_status hashed = commshub_sha256(data, length, hash);
    if (hashed != COMMSHUB_OK) return hashed;

    psa_key_attributes_t attributes = PSA_KEY_ATTRIBUTES_INIT;
    psa_set_key_type(&attributes, COMMSHUB_P256_KEY_TYPE_PUBLIC);
    psa_set_key_bits(&attributes, 256);
    psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_algorithm(&attributes, COMMSHUB_ECDSA_VERIFY_ALG);
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    /* Import checks the point is on the curve (mbedtls_ecp_check_pubkey): off-curve keys are INVALID_ARGUMENT. */
    psa_status_t status = psa_import_key(&attributes, public_key, public_key_length, &id);
    psa_reset_key_attributes(&attributes);
    if (status == PSA_ERROR_INVALID_ARGUMENT || status == PSA_ERROR_NOT_SUPPORTED) return COMMSHUB_REJECTED;
    if (status != PSA_SUCCESS) return commshub_status_from_psa(status);

    /* r and s outside [1, n-1] fail inside mbedtls_ecdsa_verify as INVALID_SIGNATURE. */
    status = psa_verify_hash(id, COMMSHUB_ECDSA_VERIFY_ALG, hash, sizeof hash, signature, signature_length);
    psa_destroy_key(id);
    if (status == PSA_SUCCESS) return COMMSHUB_OK;
    if (status == PSA_ERROR_INVALID_SIGNATURE || status == PSA_ERROR_INVALID_ARGUMENT) return COMMSHUB_REJECTED;
    return commshub_status_from_psa(status);
}
