/* wycheproof_ecdh.c - see wycheproof_ecdh.h. */
#include "wycheproof_ecdh.h"

#include "commshub_crypto.h"
#include "test_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wycheproof_agree(tally *t, const json_value *test, const uint8_t *peer, size_t peer_length)
{
    size_t private_length, shared_length;
    uint8_t *private_value = hex_decode(json_string_member(test, "private"), &private_length);
    uint8_t *expected = hex_decode(json_string_member(test, "shared"), &shared_length);
    uint8_t scalar[32], public_key[65], z[32];
    commshub_key_id key = 0;
    int agreed = 0;
    if (!scalar32(private_value, private_length, scalar) ||
        commshub_key_import(scalar, COMMSHUB_KEY_AGREEMENT, &key, public_key) != COMMSHUB_OK) {
        tally_fail(t, test, "the test's private key does not import");
    } else {
        commshub_status status = commshub_ecdh(key, peer, peer_length, z);
        if (status == COMMSHUB_OK) {
            if (shared_length == 32 && memcmp(z, expected, 32) == 0) agreed = 1;
            else tally_fail(t, test, "wrong shared secret");
        } else if (status != COMMSHUB_REJECTED) {
            tally_fail(t, test, "ECDH returned an error instead of a verdict");
        }
        commshub_key_destroy(key);
    }
    free(private_value);
    free(expected);
    return agreed;
}
