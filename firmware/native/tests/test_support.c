/* test_support.c - see test_support.h. */
#include "test_support.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef COMMSHUB_REPO_ROOT
#error "COMMSHUB_REPO_ROOT must name the repository root (set by CMakeLists.txt)"
#endif

static int failed_checks;

int check(int cond, const char *format, ...)
{
    if (cond) return 1;
    failed_checks++;
    va_list args;
    va_start(args, format);
    fprintf(stderr, "FAIL: ");
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    return 0;
}

int check_failures(void) { return failed_checks; }

static int nibble(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

uint8_t *hex_decode(const char *hex, size_t *length)
{
    size_t n = strlen(hex);
    if (n % 2) { fprintf(stderr, "odd-length hex: %s\n", hex); exit(2); }
    uint8_t *out = malloc(n / 2 + 1); /* +1: never malloc(0) */
    if (!out) { fprintf(stderr, "out of memory\n"); exit(2); }
    for (size_t i = 0; i < n / 2; i++) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) { fprintf(stderr, "bad hex: %s\n", hex); exit(2); }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *length = n / 2;
    return out;
}

void hex_to(const char *hex, uint8_t *out, size_t length)
{
    size_t n;
    uint8_t *bytes = hex_decode(hex, &n);
    if (n != length) { fprintf(stderr, "hex of %zu bytes where %zu expected: %s\n", n, length, hex); exit(2); }
    memcpy(out, bytes, n);
    free(bytes);
}

const char *hex_of(const uint8_t *bytes, size_t length)
{
    static char text[2 * 512 + 1];
    if (length > 512) length = 512;
    for (size_t i = 0; i < length; i++) sprintf(text + 2 * i, "%02X", bytes[i]);
    text[2 * length] = '\0';
    return text;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *shared_root(void)
{
    static char root[4096];
    static int looked;
    if (looked) return root[0] ? root : NULL;
    looked = 1;
    /* Same rule as tests/CommsHub.TestSupport/SharedData.cs: COMMSHUB_SHARED wins; else ../shared beside the
     * repository, recognised by its vectors folder. */
    const char *env = getenv("COMMSHUB_SHARED");
    if (env && env[0]) {
        if (is_dir(env)) snprintf(root, sizeof root, "%s", env);
        return root[0] ? root : NULL;
    }
    char vectors[4096 + 16];
    snprintf(root, sizeof root, "%s/../shared", COMMSHUB_REPO_ROOT);
    snprintf(vectors, sizeof vectors, "%s/vectors", root);
    if (!is_dir(vectors)) root[0] = '\0';
    return root[0] ? root : NULL;
}

void require_shared(const char *test_name)
{
    if (shared_root()) return;
    const char *env = getenv("COMMSHUB_SHARED");
    if (env && env[0])
        printf("SKIPPED %s: reference data not found: COMMSHUB_SHARED=%s is not a folder\n", test_name, env);
    else
        printf("SKIPPED %s: reference data not found: set COMMSHUB_SHARED or place the 'shared' folder beside the "
               "repository checkout (looked for %s/../shared/vectors)\n", test_name, COMMSHUB_REPO_ROOT);
    exit(TEST_SKIP_EXIT);
}

char *read_shared_file(const char *relative, size_t *length)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", shared_root(), relative);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
    fclose(f);
    data[size] = '\0';
    if (length) *length = (size_t)size;
    return data;
}

json_value *load_wycheproof(const char *file_name)
{
    char relative[512], error[256];
    size_t length;
    snprintf(relative, sizeof relative, "vectors/wycheproof/%s", file_name);
    char *text = read_shared_file(relative, &length);
    json_value *doc = json_parse(text, length, error, sizeof error);
    free(text);
    if (!doc) { fprintf(stderr, "%s: %s\n", relative, error); exit(2); }
    return doc;
}

void wycheproof_each_test(const json_value *doc, wycheproof_visit visit, void *context)
{
    const json_value *groups = json_member(doc, "testGroups");
    for (size_t g = 0; groups && g < groups->count; g++) {
        const json_value *tests = json_member(&groups->items[g], "tests");
        for (size_t i = 0; tests && i < tests->count; i++) visit(&groups->items[g], &tests->items[i], context);
    }
}

uint8_t *wycheproof_hex(const json_value *object, const char *name, size_t *length)
{
    const char *hex = json_string_member(object, name);
    if (!hex) { fprintf(stderr, "Wycheproof field '%s' missing\n", name); exit(2); }
    return hex_decode(hex, length);
}

static long test_id(const json_value *test) { return json_int_member(test, "tcId", -1); }

void tally_record(tally *t, const json_value *test, int accepted, const char *detail)
{
    const char *result = json_string_member(test, "result");
    if (!result) result = "";
    if (strcmp(result, "valid") == 0) {
        if (accepted) t->valid_accepted++;
        else tally_fail(t, test, detail ? detail : "valid but rejected");
    } else if (strcmp(result, "invalid") == 0) {
        if (!accepted) t->invalid_rejected++;
        else tally_fail(t, test, detail ? detail : "invalid but accepted");
    } else if (strcmp(result, "acceptable") == 0) {
        if (accepted) t->acceptable_accepted++;
        else t->acceptable_rejected++;
    } else {
        tally_fail(t, test, "unknown result class");
    }
}

void tally_fail(tally *t, const json_value *test, const char *why)
{
    t->failures++;
    check(0, "tc %ld (%s): %s", test_id(test), json_string_member(test, "result"), why);
}

int tally_total(const tally *t)
{
    return t->valid_accepted + t->invalid_rejected + t->acceptable_accepted + t->acceptable_rejected + t->failures;
}

void tally_report(const char *label, const tally *t, int expected_total)
{
    printf("%s: %d cases: valid accepted %d, invalid rejected %d, acceptable accepted %d / rejected %d, failures %d\n",
        label, tally_total(t), t->valid_accepted, t->invalid_rejected, t->acceptable_accepted, t->acceptable_rejected,
        t->failures);
    check(tally_total(t) == expected_total, "%s: expected %d cases, saw %d", label, expected_total, tally_total(t));
}

int tally_finish(const char *test_name, const tally *t, int expected_total, int expected_valid, int expected_invalid)
{
    tally_report(test_name, t, expected_total);
    check(t->valid_accepted == expected_valid && t->invalid_rejected == expected_invalid,
        "%s: expected %d valid accepted and %d invalid rejected", test_name, expected_valid, expected_invalid);
    return report_cases(test_name, tally_total(t), t->valid_accepted + t->invalid_rejected,
        t->acceptable_accepted + t->acceptable_rejected, 0);
}

int report_cases(const char *test_name, int ran, int passed, int acceptable, int skipped)
{
    int failed = ran - passed - acceptable;
    printf("CASES %s: ran %d, passed %d, acceptable %d, skipped %d, failed %d; failed checks %d\n",
        test_name, ran, passed, acceptable, skipped, failed, check_failures());
    return (failed == 0 && check_failures() == 0 && ran > 0) ? 0 : 1;
}

void case_result(int *ran, int *passed, int ok)
{
    (*ran)++;
    if (ok) (*passed)++;
}
