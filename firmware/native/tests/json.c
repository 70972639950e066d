/* json.c - see json.h. Recursive descent with an explicit depth bound. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *p, *start, *end;
    char *error;
    size_t error_size;
} parser;

static int fail(parser *ps, const char *what)
{
    if (ps->error && ps->error[0] == '\0')
        snprintf(ps->error, ps->error_size, "%s at byte %ld", what, (long)(ps->p - ps->start));
    return 0;
}

static void skip_space(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static int literal(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return fail(ps, "bad literal");
    ps->p += n;
    return 1;
}

static void put_utf8(char *out, size_t *len, unsigned code)
{
    if (code < 0x80) out[(*len)++] = (char)code;
    else if (code < 0x800) {
        out[(*len)++] = (char)(0xC0 | (code >> 6));
        out[(*len)++] = (char)(0x80 | (code & 0x3F));
    } else {
        out[(*len)++] = (char)(0xE0 | (code >> 12));
        out[(*len)++] = (char)(0x80 | ((code >> 6) & 0x3F));
        out[(*len)++] = (char)(0x80 | (code & 0x3F));
    }
}

static int parse_string(parser *ps, char **out)
{
    ps->p++; /* opening quote */
    const char *scan = ps->p;
    while (scan < ps->end && *scan != '"') scan += (*scan == '\\') ? 2 : 1;
    if (scan >= ps->end) return fail(ps, "unterminated string");
    /* Escapes only shrink (\uXXXX -> at most 3 bytes), so the raw length bounds the decoded one. */
    char *s = malloc((size_t)(scan - ps->p) + 1);
    if (!s) return fail(ps, "out of memory");
    size_t len = 0;
    while (*ps->p != '"') {
        char c = *ps->p++;
        if (c != '\\') { s[len++] = c; continue; }
        c = *ps->p++;
        switch (c) {
        case '"': case '\\': case '/': s[len++] = c; break;
        case 'b': s[len++] = '\b'; break;
        case 'f': s[len++] = '\f'; break;
        case 'n': s[len++] = '\n'; break;
        case 'r': s[len++] = '\r'; break;
        case 't': s[len++] = '\t'; break;
        case 'u': {
            unsigned code = 0;
            for (int i = 0; i < 4; i++) {
                char h = ps->p < ps->end ? *ps->p++ : 0;
                code <<= 4;
                if (h >= '0' && h <= '9') code |= (unsigned)(h - '0');
                else if (h >= 'a' && h <= 'f') code |= (unsigned)(h - 'a' + 10);
                else if (h >= 'A' && h <= 'F') code |= (unsigned)(h - 'A' + 10);
                else { free(s); return fail(ps, "bad \\u escape"); }
            }
            put_utf8(s, &len, code); /* surrogate pairs are kept as two code points: fine for comments */
            break;
        }
        default: free(s); return fail(ps, "bad escape");
        }
    }
    ps->p++; /* closing quote */
    s[len] = '\0';
    *out = s;
    return 1;
}

static int parse_value(parser *ps, json_value *v, int depth);

static int append(parser *ps, json_value *container, size_t *capacity, json_value **slot, char *key)
{
    if (container->count == *capacity) {
        size_t grown = *capacity ? *capacity * 2 : 8;
        json_value *items = realloc(container->items, grown * sizeof *items);
        if (!items) return fail(ps, "out of memory");
        container->items = items;
        if (container->type == JSON_OBJECT) {
            char **keys = realloc(container->keys, grown * sizeof *keys);
            if (!keys) return fail(ps, "out of memory");
            container->keys = keys;
        }
        *capacity = grown;
    }
    *slot = &container->items[container->count];
    memset(*slot, 0, sizeof **slot);
    if (container->type == JSON_OBJECT) container->keys[container->count] = key;
    container->count++;
    return 1;
}

static int parse_container(parser *ps, json_value *v, int depth, char close)
{
    size_t capacity = 0;
    ps->p++;
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == close) { ps->p++; return 1; }
    for (;;) {
        char *key = NULL;
        skip_space(ps);
        if (v->type == JSON_OBJECT) {
            if (ps->p >= ps->end || *ps->p != '"') return fail(ps, "expected member name");
            if (!parse_string(ps, &key)) return 0;
            skip_space(ps);
            if (ps->p >= ps->end || *ps->p != ':') { free(key); return fail(ps, "expected ':'"); }
            ps->p++;
        }
        json_value *slot = NULL;
        if (!append(ps, v, &capacity, &slot, key)) { free(key); return 0; }
        if (!parse_value(ps, slot, depth + 1)) return 0;
        skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
        if (ps->p < ps->end && *ps->p == close) { ps->p++; return 1; }
        return fail(ps, "expected ',' or end of container");
    }
}

static int parse_value(parser *ps, json_value *v, int depth)
{
    if (depth > JSON_MAX_DEPTH) return fail(ps, "nesting too deep");
    skip_space(ps);
    if (ps->p >= ps->end) return fail(ps, "unexpected end");
    switch (*ps->p) {
    case '{': v->type = JSON_OBJECT; return parse_container(ps, v, depth, '}');
    case '[': v->type = JSON_ARRAY; return parse_container(ps, v, depth, ']');
    case '"': v->type = JSON_STRING; return parse_string(ps, &v->string);
    case 't': v->type = JSON_TRUE; return literal(ps, "true");
    case 'f': v->type = JSON_FALSE; return literal(ps, "false");
    case 'n': v->type = JSON_NULL; return literal(ps, "null");
    default: {
        char buffer[64];
        size_t n = 0;
        while (ps->p + n < ps->end && n < sizeof buffer - 1 && strchr("+-0123456789.eE", ps->p[n])) n++;
        if (n == 0) return fail(ps, "unexpected character");
        memcpy(buffer, ps->p, n);
        buffer[n] = '\0';
        char *stop;
        v->type = JSON_NUMBER;
        v->number = strtod(buffer, &stop);
        if (*stop != '\0') return fail(ps, "bad number");
        ps->p += n;
        return 1;
    }
    }
}

static void free_children(json_value *v)
{
    if (v->type == JSON_STRING) free(v->string);
    for (size_t i = 0; i < v->count; i++) {
        free_children(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
}

json_value *json_parse(const char *text, size_t length, char *error, size_t error_size)
{
    parser ps = { text, text, text + length, error, error_size };
    if (error && error_size) error[0] = '\0';
    json_value *root = calloc(1, sizeof *root);
    if (!root) return NULL;
    int ok = parse_value(&ps, root, 0);
    skip_space(&ps);
    if (ok && ps.p != ps.end) ok = fail(&ps, "trailing characters");
    if (!ok) { json_free(root); return NULL; }
    return root;
}

void json_free(json_value *value)
{
    if (!value) return;
    free_children(value);
    free(value);
}

const json_value *json_member(const json_value *object, const char *name)
{
    if (!object || object->type != JSON_OBJECT) return NULL;
    for (size_t i = 0; i < object->count; i++)
        if (object->keys[i] && strcmp(object->keys[i], name) == 0) return &object->items[i];
    return NULL;
}

const char *json_string_member(const json_value *object, const char *name)
{
    const json_value *m = json_member(object, name);
    return m && m->type == JSON_STRING ? m->string : NULL;
}

long json_int_member(const json_value *object, const char *name, long fallback)
{
    const json_value *m = json_member(object, name);
    return m && m->type == JSON_NUMBER ? (long)m->number : fallback;
}
