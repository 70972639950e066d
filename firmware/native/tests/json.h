/*
 * json.h - a small JSON reader for the Wycheproof vector files (test code only). Parses a whole document into
 * a tree; strings are kept as UTF-8 bytes (Wycheproof's hex fields are ASCII). Nesting is bounded.
 */
#ifndef COMMSHUB_TEST_JSON_H
#define COMMSHUB_TEST_JSON_H

#include <stddef.h>

typedef enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
    json_type type;
    double number;            /* JSON_NUMBER */
    char *string;             /* JSON_STRING, NUL-terminated */
    struct json_value *items; /* JSON_ARRAY elements, or JSON_OBJECT member values */
    char **keys;              /* JSON_OBJECT member names, parallel to items */
    size_t count;
} json_value;

/** Deepest nesting accepted; Wycheproof files nest 4 levels. */
#define JSON_MAX_DEPTH 32

/** Parses text[0..length). NULL on a syntax error, with a message (and byte offset) in error. */
json_value *json_parse(const char *text, size_t length, char *error, size_t error_size);
void json_free(json_value *value);

/** Member of an object by name, or NULL. */
const json_value *json_member(const json_value *object, const char *name);
/** String member, or NULL when absent or not a string. */
const char *json_string_member(const json_value *object, const char *name);
/** Integer member, or fallback when absent or not a number. */
long json_int_member(const json_value *object, const char *name, long fallback);

#endif
