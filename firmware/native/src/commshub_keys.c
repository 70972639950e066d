/* commshub_keys.c - P-256 private keys as PSA volatile keys, one usage each (GBCS keeps DS and KA keys apart). */
#include "crypto_internal.h"

commshub_status commshub_key_import(const uint8_t scalar[COMMSHUB_P256_FIELD_LENGTH], commshub_key_usage usage,
    commshub_key_id *key, uint8_t public_key[COMMSHUB_P256_POINT_LENGTH])
{
    if (key != NULL) *key = 0;
    if (scalar == NULL || key == NULL || public_key == NULL) return COMMSHUB_BAD_ARGUMENT;
    if (usage != COMMSHUB_KEY_DIGITAL_SIGNATURE && usage != COMMSHUB_KEY_AGREEMENT) return COMMSHUB_BAD_ARGUMENT;
    commshub_status ready = commshub_crypto_init();
    if (ready != COMMSHUB_OK) return ready;

    psa_key_attributes_t attributes = PSA_KEY_ATTRIBUTES_INIT;
    psa_set_key_type(&attributes, COMMSHUB_P256_KEY_TYPE_PAIR);
    psa_set_key_bits(&attributes, 256);
    if (usage == COMMSHUB_KEY_DIGITAL_SIGNATURE) {
        psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_SIGN_HASH);
        psa_set_key_algorithm(&attributes, COMMSHUB_ECDSA_SIGN_ALG);
    } else {
        psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_DERIVE);
        psa_set_key_algorithm(&attributes, PSA_ALG_ECDH);
    }

    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    /* PSA refuses a scalar of 0 or >= n with INVALID_ARGUMENT: a caller error here. */
    psa_status_t status = psa_import_key(&attributes, scalar, COMMSHUB_P256_FIELD_LENGTH, &id);
    psa_reset_key_attributes(&attributes);
    if (status != PSA_SUCCESS) return commshub_status_from_psa(status);

    size_t written = 0;
    status = psa_export_public_key(id, public_key, COMMSHUB_P256_POINT_LENGTH, &written);
    if (status != PSA_SUCCESS || written != COMMSHUB_P256_POINT_LENGTH) {
        psa_destroy_key(id);
        return status != PSA_SUCCESS ? commshub_status_from_psa(status) : COMMSHUB_FAILED;
    }
    *key = (commshub_key_id)MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id);
    return COMMSHUB_OK;
}

commshub_status commshub_key_destroy(commshub_key_id key)
{
    if (key == 0) return COMMSHUB_OK;
    commshub_status ready = commshub_crypto_init();
    if (ready != COMMSHUB_OK) return ready;
    return commshub_status_from_psa(psa_destroy_key(commshub_svc_key(key)));
}
