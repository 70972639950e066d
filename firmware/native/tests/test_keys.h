/*
 * test_keys.h - key and signature encodings the tests need but the device API does not take (test code only):
 * PEM/DER key files of the RTDS keystore, strict DER SubjectPublicKeyInfo and ECDSA signatures (the policies of
 * the .NET PublicKeys / EcdsaSignatureEncoding / P256.TryNormalizePoint, so the C tests judge the same cases).
 */
#ifndef COMMSHUB_TEST_KEYS_H
#define COMMSHUB_TEST_KEYS_H

#include <stddef.h>
#include <stdint.h>

/** Base64 body of the first PEM block with this label ("PRIVATE KEY", "CERTIFICATE", ...); NULL if none. */
uint8_t *pem_block(const char *pem, const char *label, size_t *length);

/** The 32-byte scalar of a PKCS#8 P-256 private key (named curve), 0 if it is not one. */
int pkcs8_p256_scalar(const uint8_t *der, size_t length, uint8_t scalar[32]);

/** The 65-byte point of the P-256 SubjectPublicKeyInfo inside a certificate or a bare SPKI, 0 if none. */
int find_p256_spki_point(const uint8_t *der, size_t length, uint8_t point[65]);

/**
 * Strict DER SubjectPublicKeyInfo for named-curve P-256, as PublicKeys.TryReadSubjectPublicKeyInfo: DER has one
 * encoding per value, so an exact prefix match is the strict parse. Compressed points are decompressed.
 */
int spki_to_point(const uint8_t *spki, size_t length, uint8_t point[65]);

/** A 65-byte uncompressed point on P-256, or a 33-byte compressed one made uncompressed; 0 otherwise. */
int normalize_point(const uint8_t *encoded, size_t length, uint8_t point[65]);

/** Strict DER ECDSA signature -> raw r||s with r, s in [1, n-1]; 0 for anything else. */
int der_signature_to_raw(const uint8_t *der, size_t length, uint8_t raw[64]);

/** Raw r||s -> DER (minimal integers); returns the DER length (at most 72). */
size_t raw_signature_to_der(const uint8_t raw[64], uint8_t der[72]);

/** Wycheproof writes private keys as ASN.1 integers (a leading 00, or fewer bytes): make it 32 bytes. */
int scalar32(const uint8_t *value, size_t length, uint8_t scalar[32]);

#endif
