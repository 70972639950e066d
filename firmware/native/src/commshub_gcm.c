/*
 * commshub_gcm.c - AES-128-GCM / GMAC with 12-byte IVs and 12..16-byte tags.
 *
 * mbedTLS 2.28's PSA has only the one-shot psa_aead_encrypt/decrypt (multi-part psa_aead_*_setup arrived in
 * 3.x), and the one-shot calls take ciphertext || tag as one buffer. IGbcsCrypto passes them separately. GBCS
 * puts the tag right after the ciphertext (payload encryption) or has no ciphertext at all (GMAC), so both
 * common cases run in place; only a caller with the tag elsewhere costs a scratch buffer (COMMSHUB_MALLOC).
 */
#include "crypto_internal.h"

#include <stdlib.h>
#include <string.h>

#ifndef COMMSHUB_MALLOC
#define COMMSHUB_MALLOC(size) malloc(size)
#define COMMSHUB_FREE(pointer) free(pointer)
#endif

static const uint8_t empty[1];

/*
 * Checks the arguments against GBCS's GCM (AES-128, 12-byte IV, 12..16-byte tag) and imports the key as a
 * volatile PSA key whose policy is exactly GCM with this tag length (PSA ties the tag length to the key).
 */
static commshub_status prepare(const uint8_t *key, size_t key_length, const uint8_t *iv, size_t iv_length,
    const uint8_t *aad, size_t aad_length, const uint8_t *input, const uint8_t *output, size_t length,
    const uint8_t *tag, size_t tag_length, psa_algorithm_t *algorithm, mbedtls_svc_key_id_t *id)
{
    if (key == NULL || key_length != COMMSHUB_AES_KEY_LENGTH) return COMMSHUB_BAD_ARGUMENT;
    if (iv == NULL || iv_length != COMMSHUB_GCM_IV_LENGTH) return COMMSHUB_BAD_ARGUMENT;
    if (tag == NULL || tag_length < COMMSHUB_GCM_MIN_TAG_LENGTH || tag_length > COMMSHUB_GCM_MAX_TAG_LENGTH)
        return COMMSHUB_BAD_ARGUMENT;
    if ((aad == NULL && aad_length != 0) || (length != 0 && (input == NULL || output == NULL)))
        return COMMSHUB_BAD_ARGUMENT;
    if (length > SIZE_MAX - COMMSHUB_GCM_MAX_TAG_LENGTH) return COMMSHUB_BAD_ARGUMENT;
    commshub_status ready = commshub_crypto_init();
    if (ready != COMMSHUB_OK) return ready;

    *algorithm = PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, tag_length);
    psa_key_attributes_t attributes = PSA_KEY_ATTRIBUTES_INIT;
    psa_set_key_type(&attributes, PSA_KEY_TYPE_AES);
    psa_set_key_bits(&attributes, 128);
    psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
    psa_set_key_algorithm(&attributes, *algorithm);
    psa_status_t status = psa_import_key(&attributes, key, COMMSHUB_AES_KEY_LENGTH, id);
    psa_reset_key_attributes(&attributes);
    return commshub_status_from_psa(status);
}

commshub_status commshub_gcm_encrypt(const uint8_t *key, size_t key_length, const uint8_t *iv, size_t iv_length,
    const uint8_t *aad, size_t aad_length, const uint8_t *plaintext, size_t length,
    uint8_t *ciphertext, uint8_t *tag, size_t tag_length)
{
    psa_algorithm_t algorithm = 0;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    commshub_status prepared = prepare(key, key_length, iv, iv_length, aad, aad_length, plaintext, ciphertext, length,
        tag, tag_length, &algorithm, &id);
    if (prepared != COMMSHUB_OK) return prepared;

    /* Where PSA writes ciphertext || tag: the caller's buffers when the tag follows the ciphertext, a 16-byte
     * stack buffer for GMAC, else a heap scratch buffer. */
    uint8_t gmac[COMMSHUB_GCM_MAX_TAG_LENGTH];
    uint8_t *joined;
    if (length == 0) joined = gmac;
    else if (tag == ciphertext + length) joined = ciphertext;
    else joined = (uint8_t *)COMMSHUB_MALLOC(length + tag_length);
    commshub_status result = COMMSHUB_FAILED;
    if (joined != NULL) {
        size_t written = 0;
        psa_status_t status = psa_aead_encrypt(id, algorithm, iv, iv_length, aad_length ? aad : empty, aad_length,
            length ? plaintext : empty, length, joined, length + tag_length, &written);
        result = commshub_status_from_psa(status);
        if (result == COMMSHUB_OK && written != length + tag_length) result = COMMSHUB_FAILED;
        if (result == COMMSHUB_OK && joined != ciphertext) {
            if (length != 0) memcpy(ciphertext, joined, length);
            memcpy(tag, joined + length, tag_length);
        }
        if (joined != ciphertext) {
            commshub_wipe(joined, length + tag_length);
            if (joined != gmac) COMMSHUB_FREE(joined);
        }
    }
    psa_destroy_key(id);
    return result;
}

commshub_status commshub_gcm_decrypt(const uint8_t *key, size_t key_length, const uint8_t *iv, size_t iv_length,
    const uint8_t *aad, size_t aad_length, const uint8_t *ciphertext, size_t length,
    const uint8_t *tag, size_t tag_length, uint8_t *plaintext)
{
    psa_algorithm_t algorithm = 0;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    commshub_status prepared = prepare(key, key_length, iv, iv_length, aad, aad_length, ciphertext, plaintext, length,
        tag, tag_length, &algorithm, &id);
    if (prepared != COMMSHUB_OK) return prepared;

    /* PSA reads ciphertext || tag: in place when contiguous or for GMAC (the tag alone), else a copy. */
    const uint8_t *joined;
    uint8_t *scratch = NULL;
    if (length == 0) joined = tag;
    else if (tag == ciphertext + length) joined = ciphertext;
    else {
        scratch = (uint8_t *)COMMSHUB_MALLOC(length + tag_length);
        if (scratch != NULL) {
            memcpy(scratch, ciphertext, length);
            memcpy(scratch + length, tag, tag_length);
        }
        joined = scratch;
    }
    commshub_status result = COMMSHUB_FAILED;
    if (joined != NULL) {
        uint8_t none[1];
        size_t written = 0;
        psa_status_t status = psa_aead_decrypt(id, algorithm, iv, iv_length, aad_length ? aad : empty, aad_length,
            joined, length + tag_length, length ? plaintext : none, length, &written);
        /* A tag mismatch is INVALID_SIGNATURE in PSA: the ordinary "does not verify". */
        result = commshub_status_from_psa(status);
        if (result == COMMSHUB_OK && written != length) result = COMMSHUB_FAILED;
    }
    if (scratch != NULL) COMMSHUB_FREE(scratch); /* ciphertext and tag are public: no wipe needed */
    psa_destroy_key(id);
    /* Nothing usable may be left behind when the tag does not verify (IGbcsCrypto.AesGcmDecrypt). */
    if (result != COMMSHUB_OK && length != 0) commshub_wipe(plaintext, length);
    return result;
}
