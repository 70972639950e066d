/*
 * commshub_crypto.h - the GBCS crypto primitives of the comms hub, in plain C over the PSA Crypto API (mbedTLS).
 *
 * This is the native side of IGbcsCrypto (shared/CommsHub.Protocol/Crypto/IGbcsCrypto.cs) with the same
 * semantics as its .NET implementation (shared/CommsHub.Protocol.Net/Crypto/NetGbcsCrypto.cs), GBCS.md §3.1:
 *   - SHA-256 of one or two byte ranges;
 *   - ECDSA P-256 / SHA-256 with raw 64-byte r||s signatures;
 *   - static-static ECDH on P-256 giving Z, the 32-byte x-coordinate;
 *   - AES-128-GCM with 12-byte IVs and 12..16-byte tags (an empty plaintext is GMAC);
 *   - the GBCS KDF: K = SHA-256(00000001 || Z || OtherInfo)[0..16].
 * Public keys are 65-byte uncompressed SEC1 points (04 || X || Y). Private keys are PSA key handles: the scalar is
 * imported once and never leaves native memory again.
 *
 * Written to the subset of the PSA Crypto API that both mbedTLS 2.28 (Debian's libmbedtls-dev, where this is
 * built and tested) and mbedTLS 3.x (inside nanoFramework firmware) provide. nanoFramework's interop glue
 * (../interop) is a thin marshalling layer over these functions.
 *
 * Not thread-safe by itself beyond what PSA guarantees; nanoCLR calls natives from one interpreter thread.
 */
#ifndef COMMSHUB_CRYPTO_H
#define COMMSHUB_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Lengths fixed by GBCS (GBCS.md §3.1). */
#define COMMSHUB_SHA256_LENGTH 32
#define COMMSHUB_P256_FIELD_LENGTH 32
#define COMMSHUB_P256_POINT_LENGTH 65
#define COMMSHUB_SIGNATURE_LENGTH 64
#define COMMSHUB_AES_KEY_LENGTH 16
#define COMMSHUB_GCM_IV_LENGTH 12
#define COMMSHUB_GCM_MIN_TAG_LENGTH 12
#define COMMSHUB_GCM_MAX_TAG_LENGTH 16
#define COMMSHUB_KDF_OTHER_INFO_LENGTH 33
#define COMMSHUB_KDF_TRANSACTION_PAYLOAD_ENCRYPTION 0x04

/**
 * Outcome of every call. REJECTED is the ordinary "no" of a check (signature or tag does not verify, peer key
 * not on the curve); the negative values are errors the caller made or the platform hit.
 */
typedef enum commshub_status {
    COMMSHUB_OK = 0,
    /** A signature or GCM tag did not verify, or a peer public key is not a valid P-256 point. */
    COMMSHUB_REJECTED = 1,
    /** A length, pointer or key usage outside the contract (the managed side throws ArgumentException). */
    COMMSHUB_BAD_ARGUMENT = -1,
    /** The PSA implementation lacks an algorithm this needs (e.g. a firmware built without GCM). */
    COMMSHUB_NOT_SUPPORTED = -2,
    /** Anything else from PSA: out of key slots or memory, no entropy, hardware failure. */
    COMMSHUB_FAILED = -3
} commshub_status;

/** What an imported private key may do: GBCS keeps signing (DS) and key-agreement (KA) keys apart. */
typedef enum commshub_key_usage {
    COMMSHUB_KEY_DIGITAL_SIGNATURE = 1, /* = KeyUsage.DigitalSignature */
    COMMSHUB_KEY_AGREEMENT = 2          /* = KeyUsage.KeyAgreement */
} commshub_key_usage;

/** A PSA volatile key identifier; 0 is never a valid key. */
typedef uint32_t commshub_key_id;

/** Initialises PSA Crypto (idempotent). Every other call does this itself; firmware may call it at boot. */
commshub_status commshub_crypto_init(void);

/**
 * True when [offset, offset + count) lies inside an array of array_length bytes, for the interop glue, which
 * receives managed (signed) offsets and counts. Negative values are outside.
 */
int commshub_range_ok(size_t array_length, int32_t offset, int32_t count);

/** SHA-256 of data[0..length) into digest (32 bytes). data may be NULL when length is 0. */
commshub_status commshub_sha256(const uint8_t *data, size_t length, uint8_t digest[COMMSHUB_SHA256_LENGTH]);

/** SHA-256 of first || second, without assembling them (the KDF hashes counter || Z || OtherInfo). */
commshub_status commshub_sha256_two(const uint8_t *first, size_t first_length,
    const uint8_t *second, size_t second_length, uint8_t digest[COMMSHUB_SHA256_LENGTH]);

/**
 * Imports a P-256 private scalar (32 bytes, big-endian, in [1, n-1]) for one usage and writes its public key
 * (65 bytes). BAD_ARGUMENT for a scalar outside the range. The caller must wipe its copy of the scalar and
 * eventually call commshub_key_destroy.
 */
commshub_status commshub_key_import(const uint8_t scalar[COMMSHUB_P256_FIELD_LENGTH], commshub_key_usage usage,
    commshub_key_id *key, uint8_t public_key[COMMSHUB_P256_POINT_LENGTH]);

/** Destroys an imported key (wipes the scalar). Destroying 0 is a no-op. */
commshub_status commshub_key_destroy(commshub_key_id key);

/**
 * ECDSA P-256/SHA-256 signature of data[0..length) with a DIGITAL_SIGNATURE key, as raw r||s (64 bytes).
 * Deterministic (RFC 6979) where the PSA build offers it, randomised otherwise; both verify the same way.
 */
commshub_status commshub_ecdsa_sign(commshub_key_id key, const uint8_t *data, size_t length,
    uint8_t signature[COMMSHUB_SIGNATURE_LENGTH]);

/**
 * Verifies a raw r||s signature over data[0..length). OK when it verifies; REJECTED (never an error) for a
 * signature that does not, a signature that is not 64 bytes, r or s outside [1, n-1], or a public key that is
 * not a 65-byte uncompressed point on P-256.
 */
commshub_status commshub_ecdsa_verify(const uint8_t *public_key, size_t public_key_length,
    const uint8_t *data, size_t length, const uint8_t *signature, size_t signature_length);

/**
 * Static-static ECDH with a KEY_AGREEMENT key: writes Z (32 bytes, the x-coordinate of d*Q). REJECTED when the
 * peer key is not a 65-byte uncompressed point on P-256 (invalid-curve attacks); z is then zeroed.
 */
commshub_status commshub_ecdh(commshub_key_id key, const uint8_t *peer_public_key, size_t peer_public_key_length,
    uint8_t z[COMMSHUB_P256_FIELD_LENGTH]);

/**
 * AES-128-GCM encryption: ciphertext[0..length) and a tag of tag_length (12..16) bytes, the leading bytes of
 * the full GCM tag. length 0 (plaintext and ciphertext may be NULL) gives GMAC over the AAD. BAD_ARGUMENT for a
 * key that is not 16 bytes, an IV that is not 12 bytes or a tag length outside 12..16.
 */
commshub_status commshub_gcm_encrypt(const uint8_t *key, size_t key_length, const uint8_t *iv, size_t iv_length,
    const uint8_t *aad, size_t aad_length, const uint8_t *plaintext, size_t length,
    uint8_t *ciphertext, uint8_t *tag, size_t tag_length);

/**
 * AES-128-GCM decryption and tag check (constant time, inside PSA). OK with plaintext[0..length) written;
 * REJECTED when the tag does not verify, and then plaintext is zeroed. Same argument rules as encryption.
 */
commshub_status commshub_gcm_decrypt(const uint8_t *key, size_t key_length, const uint8_t *iv, size_t iv_length,
    const uint8_t *aad, size_t aad_length, const uint8_t *ciphertext, size_t length,
    const uint8_t *tag, size_t tag_length, uint8_t *plaintext);

/**
 * Writes the 33-byte GBCS OtherInfo: AlgorithmID 60 85 74 06 08 03 00 || originator (8) || 09 ||
 * transaction_type (CRA flag 1/2/3, or 4 for payload encryption) || counter (8) || recipient (8), big-endian.
 */
void commshub_gbcs_other_info(uint64_t originator, uint8_t transaction_type, uint64_t counter, uint64_t recipient,
    uint8_t other_info[COMMSHUB_KDF_OTHER_INFO_LENGTH]);

/**
 * The GBCS KDF (NIST SP800-56A single-step, GBCS 4.3.3): key = SHA-256(00 00 00 01 || z || OtherInfo)[0..16],
 * as GbcsKdf.DeriveKey computes it. Intermediate copies of z and the digest are wiped.
 */
commshub_status commshub_gbcs_kdf(const uint8_t z[COMMSHUB_P256_FIELD_LENGTH], uint64_t originator,
    uint8_t transaction_type, uint64_t counter, uint64_t recipient, uint8_t key[COMMSHUB_AES_KEY_LENGTH]);

#ifdef __cplusplus
}
#endif

#endif /* COMMSHUB_CRYPTO_H */
