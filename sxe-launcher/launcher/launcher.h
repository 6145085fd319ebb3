/* sxe native launcher: shared declarations.
 *
 * The launcher is prepended to an sxe container (see shared/design/FORMAT.md).
 * When run it finds the container (its own file, or $SXE_CONTAINER), reads the
 * trailer, header and manifest, and runs the entry for its compiled-in target
 * from a content-addressed cache (or a temporary directory).
 *
 * Exit codes before the program starts:
 *   121 no entry for this platform     122 a host tool is missing
 *   123 the file is damaged            124 unsafe cache directory
 *   125 extraction / IO failed         126 the program could not be executed */
#ifndef SXE_LAUNCHER_H
#define SXE_LAUNCHER_H

#include <stddef.h>
#include <stdint.h>

#define EX_NO_ENTRY  121
#define EX_NO_TOOL   122
#define EX_DAMAGED   123
#define EX_UNSAFE    124
#define EX_IO        125
#define EX_NOEXEC    126

/* ---- util.c ---- */

/* Printed after "sxe: " in every message (the container path). */
extern const char *sxe_msg_file;
/* Removed recursively by sxe_die() (a temporary directory being filled). */
extern char *sxe_cleanup_dir;

/* Prints "sxe: <file>: <message>" to stderr, removes sxe_cleanup_dir, exits. */
void sxe_die(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((noreturn, format(printf, 2, 3)))
#endif
    ;
/* Same line without exiting. */
void sxe_warn(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#include <stdarg.h>
/* Minimal snprintf (see util.c for the conversions); returns the full length. */
size_t sxe_vfmt(char *buf, size_t cap, const char *fmt, va_list ap);
size_t sxe_fmt(char *buf, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

void *sxe_xmalloc(size_t n);
char *sxe_xstrdup(const char *s);
/* Concatenates NULL-terminated list of strings into a fresh buffer. */
char *sxe_concat(const char *first, ...);

/* rm -rf without following symbolic links; returns 0 on success. */
int sxe_rmtree(const char *path);
/* mkdir -p; newly created directories get `mode`. Returns 0 or -1 (errno). */
int sxe_mkdirs(const char *path, unsigned mode);
/* write() all of buf; returns 0 or -1. */
int sxe_write_all(int fd, const void *buf, size_t len);

/* Set of strings with an optional value per key. */
typedef struct {
    char **keys;
    char **vals;
    size_t cap, len;
} sxe_strset;
/* Returns 1 if inserted, 0 if the key was already present. Copies key/val. */
int sxe_strset_add(sxe_strset *s, const char *key, const char *val);
/* Returns the slot value pointer (may be NULL value) or NULL if absent via *found. */
int sxe_strset_has(const sxe_strset *s, const char *key, size_t keylen, const char **val);
void sxe_strset_free(sxe_strset *s);

uint32_t sxe_crc32c(const uint8_t *p, size_t n);

/* ---- json.c ---- */

enum { SXE_J_NULL, SXE_J_FALSE, SXE_J_TRUE, SXE_J_NUM, SXE_J_STR, SXE_J_ARR, SXE_J_OBJ };

typedef struct sxe_json {
    int type;
    int is_uint;            /* SXE_J_NUM: non-negative integer that fits u64 */
    uint64_t u;             /* its value */
    const char *s;          /* SXE_J_STR: decoded, NUL-terminated (no embedded NUL) */
    size_t slen;
    const char *key;        /* member of an object: its key */
    struct sxe_json *child; /* ARR/OBJ: first element */
    struct sxe_json *next;  /* next sibling */
} sxe_json;

typedef struct {
    sxe_json *nodes;
    size_t nnodes, capnodes;
    char *strs;
    size_t nstrs, capstrs;
    const char *err;
} sxe_json_doc;

/* Parses text[0..len). Returns the root or NULL (doc->err says why). */
sxe_json *sxe_json_parse(sxe_json_doc *doc, const char *text, size_t len);
void sxe_json_free(sxe_json_doc *doc);
const sxe_json *sxe_json_get(const sxe_json *obj, const char *key);

/* ---- tar.c ---- */

/* Extracts the tar stream data[0..len) into directory dirfd under the sxe
 * safety rules. Returns 0, or EX_DAMAGED (hostile/malformed, *why set) or
 * EX_IO (write failed, *why set). why is a static or heap string. */
int sxe_tar_extract(const uint8_t *data, size_t len, int dirfd, char *why, size_t whylen);

/* ---- thread.c (Linux only) ---- */

/* Runs fn(arg) on a bare kernel thread (see thread.c for what it may do).
 * *tid holds its id while it runs and is cleared when it exits. Returns 0 or -1. */
int sxe_thread_start(int (*fn)(void *), void *arg, volatile int *tid);
/* Waits until the thread started with tid has exited. */
void sxe_thread_join(volatile int *tid);
/* FUTEX_WAIT while *w == v (returns at once if it differs); FUTEX_WAKE one waiter. */
void sxe_futex_wait(volatile int *w, int v);
void sxe_futex_wake(volatile int *w);
/* madvise(MADV_HUGEPAGE) on the 2 MiB-aligned part of p[0..n). */
void sxe_hugepages(const void *p, size_t n);

#endif
