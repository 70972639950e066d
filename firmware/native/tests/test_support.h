/*
 * test_support.h - what every CTest executable here shares: checks that count failures, hex, the shared
 * reference folder (../shared beside the checkout, or COMMSHUB_SHARED), Wycheproof tallies and the case report.
 */
#ifndef COMMSHUB_TEST_SUPPORT_H
#define COMMSHUB_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

/** Exit code CTest maps to "skipped" (SKIP_RETURN_CODE in CMakeLists.txt). */
#define TEST_SKIP_EXIT 77

/** Records one check; prints the message when it fails. Returns cond. */
int check(int cond, const char *format, ...);
/** Number of failed checks so far. */
int check_failures(void);

/** Decodes hex (any case, even length) into a new buffer; exits with a message on bad input. */
uint8_t *hex_decode(const char *hex, size_t *length);
/** Hex-decodes into a fixed buffer; exits when the length differs. */
void hex_to(const char *hex, uint8_t *out, size_t length);
/** Upper-case hex of bytes, in a static buffer (one at a time). */
const char *hex_of(const uint8_t *bytes, size_t length);

/** The shared reference folder, or NULL when absent. */
const char *shared_root(void);
/** Exits with TEST_SKIP_EXIT and a clear message when the shared folder is absent. */
void require_shared(const char *test_name);
/** Reads a file under the shared folder (relative path); exits with a message when unreadable. */
char *read_shared_file(const char *relative, size_t *length);
/** Parses a Wycheproof file under vectors/wycheproof; exits with a message on error. */
json_value *load_wycheproof(const char *file_name);

/** Called for every test of every group of a Wycheproof document. */
typedef void (*wycheproof_visit)(const json_value *group, const json_value *test, void *context);
/** Walks testGroups[].tests[] in file order. */
void wycheproof_each_test(const json_value *doc, wycheproof_visit visit, void *context);

/** A hex field of a Wycheproof test (or group), decoded; exits with a message when it is missing. */
uint8_t *wycheproof_hex(const json_value *object, const char *name, size_t *length);

/** Outcome counts per Wycheproof result class, as the .NET tests' Tally. */
typedef struct tally {
    int valid_accepted, invalid_rejected, acceptable_accepted, acceptable_rejected, failures;
} tally;

/** Records a case: valid must be accepted, invalid rejected; acceptable may go either way (not judged). */
void tally_record(tally *t, const json_value *test, int accepted, const char *detail);
/** Records a case that went wrong regardless of its result class (e.g. a wrong shared secret). */
void tally_fail(tally *t, const json_value *test, const char *why);
int tally_total(const tally *t);
/** Prints the breakdown and checks there were no failures and exactly expected_total cases. */
void tally_report(const char *label, const tally *t, int expected_total);

/**
 * Ends a single-tally Wycheproof test: prints the breakdown, checks the total and the valid/invalid counts the
 * .NET test asserts, and returns report_cases' exit code (acceptable cases run but not judged).
 */
int tally_finish(const char *test_name, const tally *t, int expected_total, int expected_valid, int expected_invalid);

/**
 * The last line of every test: "CASES <test>: ran N, passed P, acceptable A, skipped S, failed F".
 * Acceptable = Wycheproof "acceptable" cases, which are run but not judged (either outcome is allowed, the same
 * policy as tests/CommsHub.Protocol.Net.Tests). Returns the process exit code (0 only when nothing failed).
 */
int report_cases(const char *test_name, int ran, int passed, int acceptable, int skipped);

/** Counts a known-answer case that passed or failed (for tests that are not Wycheproof tallies). */
void case_result(int *ran, int *passed, int ok);

#endif
