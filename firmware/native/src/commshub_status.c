/* commshub_status.c - PSA set-up, argument ranges and status mapping shared by the primitives. */
#include "crypto_internal.h"

#include <string.h>

static int initialised;

commshub_status commshub_crypto_init(void)
{
    /* psa_crypto_init is idempotent in mbedTLS, and firmware (e.g. nanoFramework's TLS) may have called it
     * already; the flag only spares the call on every primitive. */
    if (initialised) return COMMSHUB_OK;
    psa_status_t status = psa_crypto_init();
    if (status != PSA_SUCCESS) return commshub_status_from_psa(status);
    initialised = 1;
    return COMMSHUB_OK;
}

int commshub_range_ok(size_t array_length, int32_t offset, int32_t count)
{
    if (offset < 0 || count < 0) return 0;
    if ((size_t)offset > array_length) return 0;
    return (size_t)count <= array_length - (size_t)offset;
}

commshub_status commshub_status_from_psa(psa_status_t status)
{
    switch (status) {
    case PSA_SUCCESS:
        return COMMSHUB_OK;
    case PSA_ERROR_INVALID_SIGNATURE:
        return COMMSHUB_REJECTED;
    case PSA_ERROR_INVALID_ARGUMENT:
    case PSA_ERROR_INVALID_HANDLE:
    case PSA_ERROR_NOT_PERMITTED:
        return COMMSHUB_BAD_ARGUMENT;
    case PSA_ERROR_NOT_SUPPORTED:
        return COMMSHUB_NOT_SUPPORTED;
    default:
        return COMMSHUB_FAILED;
    }
}

mbedtls_svc_key_id_t commshub_svc_key(commshub_key_id key)
{
    return mbedtls_svc_key_id_make(0, (psa_key_id_t)key);
}

int commshub_is_uncompressed_point(const uint8_t *point, size_t length)
{
    return point != NULL && length == COMMSHUB_P256_POINT_LENGTH && point[0] == 0x04;
}

void commshub_wipe(void *buffer, size_t length)
{
    /* A volatile pointer keeps the stores: the buffer is usually dead afterwards, which invites the optimiser to
     * drop a plain memset (mbedtls_platform_zeroize does the same; this avoids a legacy-API dependency). */
    volatile uint8_t *p = (volatile uint8_t *)buffer;
    while (length--) *p++ = 0;
}
