/* sxe launcher: a small strict JSON parser (RFC 8259) with hard limits.
 * Strings are decoded (escapes, \uXXXX with surrogate pairs -> UTF-8) into
 * one arena; nodes come from a second arena sized from the input length.
 * Rejected: trailing garbage, duplicate keys, depth > 32, control characters
 * in strings, lone surrogates, \u0000, invalid UTF-8 is passed through. */
#include "launcher.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

typedef struct {
    sxe_json_doc *doc;
    const char *p, *end;
    int depth;
} parser;

static sxe_json *fail(parser *ps, const char *why)
{
    if (!ps->doc->err)
        ps->doc->err = why;
    return NULL;
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static sxe_json *new_node(parser *ps, int type)
{
    sxe_json_doc *d = ps->doc;
    if (d->nnodes >= d->capnodes)
        return fail(ps, "manifest has too many values");
    sxe_json *n = &d->nodes[d->nnodes++];
    memset(n, 0, sizeof *n);
    n->type = type;
    return n;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

/* Parses a string at ps->p (which points at '"'); returns the decoded text. */
static const char *parse_string(parser *ps, size_t *lenout)
{
    sxe_json_doc *d = ps->doc;
    ps->p++; /* opening quote */
    char *start = d->strs + d->nstrs;
    char *o = start;
    char *oend = d->strs + d->capstrs;
    while (1) {
        if (ps->p >= ps->end) {
            fail(ps, "unterminated string in manifest");
            return NULL;
        }
        unsigned char c = (unsigned char)*ps->p++;
        if (c == '"')
            break;
        if (c < 0x20) {
            fail(ps, "control character in a manifest string");
            return NULL;
        }
        if (o + 4 >= oend) {
            fail(ps, "manifest string too long");
            return NULL;
        }
        if (c != '\\') {
            *o++ = (char)c;
            continue;
        }
        if (ps->p >= ps->end) {
            fail(ps, "unterminated string in manifest");
            return NULL;
        }
        c = (unsigned char)*ps->p++;
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (ps->end - ps->p < 4 || hex4(ps->p, &cp) != 0) {
                fail(ps, "bad \\u escape in manifest");
                return NULL;
            }
            ps->p += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(ps, "lone surrogate in manifest");
                return NULL;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' || hex4(ps->p + 2, &lo) != 0
                    || lo < 0xDC00 || lo > 0xDFFF) {
                    fail(ps, "lone surrogate in manifest");
                    return NULL;
                }
                ps->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (cp == 0) {
                fail(ps, "\\u0000 in manifest string");
                return NULL;
            }
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | (cp >> 6));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                *o++ = (char)(0xE0 | (cp >> 12));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xF0 | (cp >> 18));
                *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default:
            fail(ps, "bad escape in manifest string");
            return NULL;
        }
    }
    *o++ = 0;
    *lenout = (size_t)(o - start) - 1;
    d->nstrs = (size_t)(o - d->strs);
    return start;
}

static sxe_json *parse_value(parser *ps);

static sxe_json *parse_number(parser *ps)
{
    const char *p = ps->p, *e = ps->end;
    int neg = 0, integral = 1, overflow = 0;
    uint64_t v = 0;
    if (p < e && *p == '-') {
        neg = 1;
        p++;
    }
    if (p >= e || *p < '0' || *p > '9')
        return fail(ps, "bad number in manifest");
    if (*p == '0') {
        p++;
    } else {
        while (p < e && *p >= '0' && *p <= '9') {
            unsigned dgt = (unsigned)(*p - '0');
            if (v > (UINT64_MAX - dgt) / 10)
                overflow = 1;
            else
                v = v * 10 + dgt;
            p++;
        }
    }
    if (p < e && *p == '.') {
        integral = 0;
        p++;
        if (p >= e || *p < '0' || *p > '9')
            return fail(ps, "bad number in manifest");
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        integral = 0;
        p++;
        if (p < e && (*p == '+' || *p == '-'))
            p++;
        if (p >= e || *p < '0' || *p > '9')
            return fail(ps, "bad number in manifest");
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    ps->p = p;
    sxe_json *n = new_node(ps, SXE_J_NUM);
    if (!n)
        return NULL;
    n->is_uint = integral && !overflow && (!neg || v == 0);
    n->u = n->is_uint ? v : 0;
    return n;
}

static sxe_json *parse_container(parser *ps, int obj)
{
    if (++ps->depth > MAX_DEPTH)
        return fail(ps, "manifest nested too deeply");
    sxe_json *n = new_node(ps, obj ? SXE_J_OBJ : SXE_J_ARR);
    if (!n)
        return NULL;
    ps->p++;
    skip_ws(ps);
    char close = obj ? '}' : ']';
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return n;
    }
    sxe_json *last = NULL;
    size_t count = 0;
    while (1) {
        if (++count > 4096)
            return fail(ps, "manifest object or array too long");
        const char *key = NULL;
        size_t klen = 0;
        skip_ws(ps);
        if (obj) {
            if (ps->p >= ps->end || *ps->p != '"')
                return fail(ps, "expected a key in manifest object");
            key = parse_string(ps, &klen);
            if (!key)
                return NULL;
            for (sxe_json *c = n->child; c; c = c->next)
                if (strcmp(c->key, key) == 0)
                    return fail(ps, "duplicate key in manifest object");
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':')
                return fail(ps, "expected ':' in manifest object");
            ps->p++;
        }
        sxe_json *v = parse_value(ps);
        if (!v)
            return NULL;
        v->key = key;
        if (last)
            last->next = v;
        else
            n->child = v;
        last = v;
        skip_ws(ps);
        if (ps->p >= ps->end)
            return fail(ps, "manifest ends inside an object or array");
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (*ps->p == close) {
            ps->p++;
            break;
        }
        return fail(ps, "expected ',' or a closing bracket in manifest");
    }
    ps->depth--;
    return n;
}

static int lit(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return 0;
    ps->p += n;
    return 1;
}

static sxe_json *parse_value(parser *ps)
{
    skip_ws(ps);
    if (ps->p >= ps->end)
        return fail(ps, "manifest ends where a value was expected");
    char c = *ps->p;
    if (c == '{' || c == '[')
        return parse_container(ps, c == '{');
    if (c == '"') {
        size_t len;
        const char *s = parse_string(ps, &len);
        if (!s)
            return NULL;
        sxe_json *n = new_node(ps, SXE_J_STR);
        if (!n)
            return NULL;
        n->s = s;
        n->slen = len;
        return n;
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(ps);
    if (lit(ps, "true"))
        return new_node(ps, SXE_J_TRUE);
    if (lit(ps, "false"))
        return new_node(ps, SXE_J_FALSE);
    if (lit(ps, "null"))
        return new_node(ps, SXE_J_NULL);
    return fail(ps, "unexpected character in manifest");
}

sxe_json *sxe_json_parse(sxe_json_doc *doc, const char *text, size_t len)
{
    memset(doc, 0, sizeof *doc);
    if (len > (64u << 20)) {
        doc->err = "manifest too large";
        return NULL;
    }
    /* Every value but the first needs at least 2 input bytes ("1," / "[]"). */
    doc->capnodes = len / 2 + 2;
    doc->nodes = sxe_xmalloc(doc->capnodes * sizeof(sxe_json));
    /* Decoded strings never exceed their source (quotes pay for the NULs). */
    doc->capstrs = len + 8;
    doc->strs = sxe_xmalloc(doc->capstrs);
    parser ps = { doc, text, text + len, 0 };
    sxe_json *root = parse_value(&ps);
    if (!root)
        return NULL;
    skip_ws(&ps);
    if (ps.p != ps.end) {
        doc->err = "trailing data after the manifest";
        return NULL;
    }
    return root;
}

void sxe_json_free(sxe_json_doc *doc)
{
    free(doc->nodes);
    free(doc->strs);
    memset(doc, 0, sizeof *doc);
}

const sxe_json *sxe_json_get(const sxe_json *obj, const char *key)
{
    if (!obj || obj->type != SXE_J_OBJ)
        return NULL;
    for (const sxe_json *c = obj->child; c; c = c->next)
        if (strcmp(c->key, key) == 0)
            return c;
    return NULL;
}
