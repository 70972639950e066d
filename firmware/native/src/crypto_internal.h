/*
 * crypto_internal.h - what the commshub_*.c files share: PSA set-up, status mapping and public-key import.
 * Only the PSA Crypto API subset common to mbedTLS 2.28 and 3.x is used (see ../README.md).
 */
#ifndef COMMSHUB_CRYPTO_INTERNAL_H
#define COMMSHUB_CRYPTO_INTERNAL_H

#include "commshub_crypto.h"

#include <psa/crypto.h>

#if !defined(MBEDTLS_PSA_CRYPTO_C)
#error "commshub crypto needs mbedTLS built with MBEDTLS_PSA_CRYPTO_C (the PSA Crypto API)"
#endif

/* Deterministic ECDSA (RFC 6979) does not depend on the RNG for the nonce, so prefer it where the PSA build has
 * it (Debian 2.28 and nanoFramework's mbedTLS 3.6 config both do); randomised ECDSA otherwise. */
#if defined(PSA_WANT_ALG_DETERMINISTIC_ECDSA)
#define COMMSHUB_ECDSA_SIGN_ALG PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256)
#else
#define COMMSHUB_ECDSA_SIGN_ALG PSA_ALG_ECDSA(PSA_ALG_SHA_256)
#endif
/* Verification with the randomised-ECDSA algorithm accepts signatures made either way. */
#define COMMSHUB_ECDSA_VERIFY_ALG PSA_ALG_ECDSA(PSA_ALG_SHA_256)

#define COMMSHUB_P256_KEY_TYPE_PAIR PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define COMMSHUB_P256_KEY_TYPE_PUBLIC PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)

/** Maps a PSA status where the caller has already decided what INVALID_ARGUMENT means. */
commshub_status commshub_status_from_psa(psa_status_t status);

/** A PSA key id for a commshub_key_id (owner 0: no multi-client key store on the device). */
mbedtls_svc_key_id_t commshub_svc_key(commshub_key_id key);

/**
 * True for a 65-byte 04 || X || Y encoding. PSA's import format for Weierstrass public keys is exactly this,
 * but some mbedTLS 3.x versions also take compressed points; GBCS (and IGbcsCrypto) define uncompressed only,
 * so the length and prefix are checked here, before PSA checks the point is on the curve.
 */
int commshub_is_uncompressed_point(const uint8_t *point, size_t length);

/** Wipes secret bytes in a way the compiler may not remove. */
void commshub_wipe(void *buffer, size_t length);

#endif /* COMMSHUB_CRYPTO_INTERNAL_H */
