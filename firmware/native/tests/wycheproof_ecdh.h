/* wycheproof_ecdh.h - the shared step of the two ECDH tests: agree with the test's private key. */
#ifndef COMMSHUB_TEST_WYCHEPROOF_ECDH_H
#define COMMSHUB_TEST_WYCHEPROOF_ECDH_H

#include "test_support.h"

/**
 * Runs commshub_ecdh with the test's private key against peer (any length: the API must refuse non-65-byte
 * keys itself). Returns 1 when it agreed and Z is the expected shared secret; a wrong Z is a failure.
 */
int wycheproof_agree(tally *t, const json_value *test, const uint8_t *peer, size_t peer_length);

#endif
