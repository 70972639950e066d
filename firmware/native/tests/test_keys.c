/* test_keys.c - see test_keys.h. Point decompression uses mbedTLS's bignum (test code; the device API takes
 * uncompressed points only). */
#include "test_keys.h"

#include <mbedtls/bignum.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t p256_order[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51 };

/* 30 59 | 30 13 06 07 <id-ecPublicKey> 06 08 <prime256v1> | 03 42 00 */
static const uint8_t spki_uncompressed_prefix[26] = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08,
    0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00 };
static const uint8_t spki_compressed_prefix[26] = {
    0x30, 0x39, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08,
    0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x22, 0x00 };
/* PKCS#8: 30 81 87 02 01 00 30 13 <ecPublicKey, prime256v1> 04 6D 30 6B 02 01 01 04 20 <scalar> ... */
static const uint8_t pkcs8_prefix[36] = {
    0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01,
    0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x04, 0x6D, 0x30, 0x6B, 0x02, 0x01, 0x01,
    0x04, 0x20 };

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

uint8_t *pem_block(const char *pem, const char *label, size_t *length)
{
    char begin[128], end[128];
    snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
    snprintf(end, sizeof end, "-----END %s-----", label);
    const char *start = strstr(pem, begin);
    if (!start) return NULL;
    start += strlen(begin);
    const char *stop = strstr(start, end);
    if (!stop) return NULL;
    uint8_t *out = malloc((size_t)(stop - start));
    if (!out) return NULL;
    size_t n = 0;
    unsigned bits = 0, accumulator = 0;
    for (const char *c = start; c < stop; c++) {
        int v = base64_value(*c);
        if (v < 0) continue; /* line breaks and '=' padding */
        accumulator = accumulator << 6 | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (uint8_t)(accumulator >> bits);
        }
    }
    *length = n;
    return out;
}

int pkcs8_p256_scalar(const uint8_t *der, size_t length, uint8_t scalar[32])
{
    if (length < sizeof pkcs8_prefix + 32 || memcmp(der, pkcs8_prefix, sizeof pkcs8_prefix) != 0) return 0;
    memcpy(scalar, der + sizeof pkcs8_prefix, 32);
    return 1;
}

int find_p256_spki_point(const uint8_t *der, size_t length, uint8_t point[65])
{
    /* In a certificate the subject's key is the only SubjectPublicKeyInfo; a bare SPKI starts with it. */
    for (size_t i = 0; i + sizeof spki_uncompressed_prefix + 65 <= length; i++)
        if (memcmp(der + i, spki_uncompressed_prefix, sizeof spki_uncompressed_prefix) == 0)
            return normalize_point(der + i + sizeof spki_uncompressed_prefix, 65, point);
    return 0;
}

int spki_to_point(const uint8_t *spki, size_t length, uint8_t point[65])
{
    if (length == sizeof spki_uncompressed_prefix + 65 &&
        memcmp(spki, spki_uncompressed_prefix, sizeof spki_uncompressed_prefix) == 0)
        return normalize_point(spki + sizeof spki_uncompressed_prefix, 65, point);
    if (length == sizeof spki_compressed_prefix + 33 &&
        memcmp(spki, spki_compressed_prefix, sizeof spki_compressed_prefix) == 0)
        return normalize_point(spki + sizeof spki_compressed_prefix, 33, point);
    return 0;
}

/* y^2 = x^3 - 3x + b over p, for the on-curve check of uncompressed points and for decompression. */
static int curve_rhs(mbedtls_mpi *rhs, const mbedtls_mpi *x, const mbedtls_mpi *p, const mbedtls_mpi *b)
{
    mbedtls_mpi t;
    mbedtls_mpi_init(&t);
    int ok = mbedtls_mpi_mul_mpi(&t, x, x) == 0 && mbedtls_mpi_mod_mpi(&t, &t, p) == 0 &&
        mbedtls_mpi_sub_int(&t, &t, 3) == 0 && mbedtls_mpi_mul_mpi(&t, &t, x) == 0 &&
        mbedtls_mpi_add_mpi(&t, &t, b) == 0 && mbedtls_mpi_mod_mpi(rhs, &t, p) == 0;
    mbedtls_mpi_free(&t);
    return ok;
}

int normalize_point(const uint8_t *encoded, size_t length, uint8_t point[65])
{
    int uncompressed = length == 65 && encoded[0] == 0x04;
    int compressed = length == 33 && (encoded[0] == 0x02 || encoded[0] == 0x03);
    if (!uncompressed && !compressed) return 0;
    mbedtls_mpi p, b, x, y, rhs, y2, e;
    mbedtls_mpi_init(&p); mbedtls_mpi_init(&b); mbedtls_mpi_init(&x); mbedtls_mpi_init(&y);
    mbedtls_mpi_init(&rhs); mbedtls_mpi_init(&y2); mbedtls_mpi_init(&e);
    int ok = mbedtls_mpi_read_string(&p, 16, "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF") == 0 &&
        mbedtls_mpi_read_string(&b, 16, "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B") == 0 &&
        mbedtls_mpi_read_binary(&x, encoded + 1, 32) == 0 && mbedtls_mpi_cmp_mpi(&x, &p) < 0 &&
        curve_rhs(&rhs, &x, &p, &b);
    if (ok && uncompressed) {
        ok = mbedtls_mpi_read_binary(&y, encoded + 33, 32) == 0 && mbedtls_mpi_cmp_mpi(&y, &p) < 0;
    } else if (ok) {
        /* p = 3 (mod 4): a square root, when there is one, is rhs^((p+1)/4). */
        ok = mbedtls_mpi_add_int(&e, &p, 1) == 0 && mbedtls_mpi_shift_r(&e, 2) == 0 &&
            mbedtls_mpi_exp_mod(&y, &rhs, &e, &p, NULL) == 0;
        if (ok && mbedtls_mpi_get_bit(&y, 0) != (encoded[0] == 0x03) && mbedtls_mpi_cmp_int(&y, 0) != 0)
            ok = mbedtls_mpi_sub_mpi(&y, &p, &y) == 0;
    }
    ok = ok && mbedtls_mpi_mul_mpi(&y2, &y, &y) == 0 && mbedtls_mpi_mod_mpi(&y2, &y2, &p) == 0 &&
        mbedtls_mpi_cmp_mpi(&y2, &rhs) == 0;
    if (ok) {
        point[0] = 0x04;
        ok = mbedtls_mpi_write_binary(&x, point + 1, 32) == 0 && mbedtls_mpi_write_binary(&y, point + 33, 32) == 0;
    }
    mbedtls_mpi_free(&p); mbedtls_mpi_free(&b); mbedtls_mpi_free(&x); mbedtls_mpi_free(&y);
    mbedtls_mpi_free(&rhs); mbedtls_mpi_free(&y2); mbedtls_mpi_free(&e);
    return ok;
}

static int scalar_in_range(const uint8_t v[32])
{
    int nonzero = 0;
    for (int i = 0; i < 32; i++) nonzero |= v[i];
    return nonzero && memcmp(v, p256_order, 32) < 0;
}

/* A DER definite length, minimal form only. */
static int der_length(const uint8_t *der, size_t length, size_t *position, size_t *value)
{
    if (*position >= length) return 0;
    uint8_t first = der[(*position)++];
    if (first < 0x80) { *value = first; return 1; }
    size_t count = first & 0x7F;
    if (count == 0 || count > 4 || *position + count > length || der[*position] == 0) return 0;
    size_t v = 0;
    for (size_t i = 0; i < count; i++) v = v << 8 | der[(*position)++];
    if (v < 0x80) return 0; /* would fit the short form */
    *value = v;
    return 1;
}

static int der_integer(const uint8_t *der, size_t length, size_t *position, uint8_t out[32])
{
    size_t size;
    if (*position >= length || der[(*position)++] != 0x02) return 0;
    if (!der_length(der, length, position, &size) || size == 0 || *position + size > length) return 0;
    const uint8_t *bytes = der + *position;
    *position += size;
    if (bytes[0] & 0x80) return 0;                                   /* negative */
    if (size > 1 && bytes[0] == 0x00 && !(bytes[1] & 0x80)) return 0; /* redundant leading zero */
    if (bytes[0] == 0x00) { bytes++; size--; }
    if (size > 32) return 0;
    memset(out, 0, 32);
    memcpy(out + 32 - size, bytes, size);
    return scalar_in_range(out);
}

int der_signature_to_raw(const uint8_t *der, size_t length, uint8_t raw[64])
{
    size_t position = 0, size;
    if (length == 0 || der[position++] != 0x30) return 0;
    if (!der_length(der, length, &position, &size) || position + size != length) return 0;
    return der_integer(der, length, &position, raw) && der_integer(der, length, &position, raw + 32) &&
        position == length;
}

static size_t put_integer(const uint8_t v[32], uint8_t *out)
{
    size_t skip = 0;
    while (skip < 31 && v[skip] == 0) skip++;
    size_t size = 32 - skip, pad = (v[skip] & 0x80) ? 1 : 0;
    out[0] = 0x02;
    out[1] = (uint8_t)(size + pad);
    out[2] = 0;
    memcpy(out + 2 + pad, v + skip, size);
    return 2 + pad + size;
}

size_t raw_signature_to_der(const uint8_t raw[64], uint8_t der[72])
{
    size_t n = 2;
    n += put_integer(raw, der + n);
    n += put_integer(raw + 32, der + n);
    der[0] = 0x30;
    der[1] = (uint8_t)(n - 2);
    return n;
}

int scalar32(const uint8_t *value, size_t length, uint8_t scalar[32])
{
    while (length > 0 && value[0] == 0) { value++; length--; }
    if (length > 32) return 0;
    memset(scalar, 0, 32);
    memcpy(scalar + 32 - length, value, length);
    return 1;
}
