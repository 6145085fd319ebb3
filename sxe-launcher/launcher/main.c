/* sxe native launcher: finds its container, reads trailer + header + manifest,
 * and runs the entry for SXE_TARGET from the content-addressed cache (first
 * run: decode, verify BLAKE3, publish with one rename) or from a temporary
 * directory. See launcher.h for the exit codes and FORMAT.md for the bytes. */
#define _XOPEN_SOURCE 700
#include "launcher.h"
#include "sxe_blake3.h"
#include "sxe_lz4.h"
#include "sxe_zstd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif

#ifndef SXE_TARGET
#define SXE_TARGET "linux-x86_64"
#endif

#define TRAILER_SIZE 32
#define MARKER_SIZE 16
#define HEADER_SIZE 64
#define MAX_MANIFEST (4u << 20)
#define META_NAME ".sxe-metadata.json"

extern char **environ;

typedef struct {
    const char *target;
    uint64_t offset, csize, usize;
    const char *checksum;
    int tree;
    const char *exec;
    const char *host;
    const sxe_json *args; /* array of strings or NULL */
} entry_t;

typedef struct {
    const char *path;    /* as opened */
    const char *abspath; /* canonical, for SXE_EXECUTABLE and metadata */
    int fd;
    uint64_t size;
    int compression;
    int temp;            /* manifest asks for temp mode */
    const char *name, *version;
    entry_t e;
    sxe_json_doc doc;
} container_t;

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static unsigned le16(const uint8_t *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static int pread_all(int fd, void *buf, size_t len, uint64_t off)
{
    uint8_t *p = buf;
    while (len) {
        ssize_t r = pread(fd, p, len, (off_t)off);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0) {
            errno = EIO;
            return -1;
        }
        p += r;
        len -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Finding the container                                               */

static char *self_path(const char *argv0)
{
#if defined(__APPLE__)
    char buf[PATH_MAX];
    uint32_t n = sizeof buf;
    if (_NSGetExecutablePath(buf, &n) == 0) {
        char *r = realpath(buf, NULL);
        return r ? r : sxe_xstrdup(buf);
    }
#elif defined(_WIN32)
    /* TODO(windows port): GetModuleFileNameW + WideCharToMultiByte. */
#else
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0 && buf[0] == '/') {
        buf[n] = 0;
        return sxe_xstrdup(buf);
    }
#endif
    if (argv0 && strchr(argv0, '/')) {
        char *r = realpath(argv0, NULL);
        if (r)
            return r;
    }
    sxe_die(EX_IO, "cannot find the file of this program (is /proc mounted?)");
}

/* ------------------------------------------------------------------ */
/* Reading and validating the container                                */

static int is_hex64(const char *s)
{
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[64] == 0;
}

static int get_u64(const sxe_json *o, const char *k, uint64_t *v)
{
    const sxe_json *n = sxe_json_get(o, k);
    if (!n || n->type != SXE_J_NUM || !n->is_uint)
        return -1;
    *v = n->u;
    return 0;
}

static const char *get_str(const sxe_json *o, const char *k)
{
    const sxe_json *n = sxe_json_get(o, k);
    return n && n->type == SXE_J_STR ? n->s : NULL;
}

/* Plain file name: no '/', not "", ".", "..". */
static int plain_name(const char *s)
{
    return s && *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* Relative path inside a tree without ".." components. */
static int inside_path(const char *s)
{
    if (!s || !*s || *s == '/')
        return 0;
    const char *p = s;
    while (*p) {
        const char *q = strchr(p, '/');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p += n;
        if (*p == '/')
            p++;
    }
    return 1;
}

#define DAMAGED(...) sxe_die(EX_DAMAGED, __VA_ARGS__)

static void read_container(container_t *c)
{
    struct stat st;
    if (fstat(c->fd, &st) != 0)
        sxe_die(EX_IO, "cannot stat: %s", strerror(errno));
    c->size = (uint64_t)st.st_size;
    const uint64_t minsize = TRAILER_SIZE + MARKER_SIZE + HEADER_SIZE;
    if (!S_ISREG(st.st_mode) || c->size < minsize)
        DAMAGED("no sxe container found (file too small): this file is damaged; nothing was run");

    uint8_t tr[TRAILER_SIZE];
    if (pread_all(c->fd, tr, sizeof tr, c->size - TRAILER_SIZE) != 0)
        sxe_die(EX_IO, "cannot read: %s", strerror(errno));
    if (memcmp(tr, "SXETRAIL", 8) != 0)
        DAMAGED("no sxe trailer at the end of the file: this file is damaged or not an sxe container; nothing was run");
    uint64_t marker_off = le64(tr + 8), hm_len = le64(tr + 16);
    uint32_t crc = le32(tr + 24);
    unsigned tver = le16(tr + 28);
    if (tver != 1)
        DAMAGED("unsupported sxe trailer version %u", tver);
    if (hm_len < HEADER_SIZE || hm_len > HEADER_SIZE + MAX_MANIFEST)
        DAMAGED("bad header length %llu in the trailer: this file is damaged; nothing was run",
                (unsigned long long)hm_len);
    uint64_t room = c->size - TRAILER_SIZE;
    if (marker_off > room || room - marker_off < MARKER_SIZE + hm_len)
        DAMAGED("the trailer points outside the file: this file is damaged; nothing was run");
    /* One read: marker, an optional '\n', header and manifest. */
    size_t want = (size_t)(MARKER_SIZE + hm_len);
    int extra = room - marker_off >= MARKER_SIZE + hm_len + 1;
    uint8_t *buf = sxe_xmalloc(want + 2);
    if (pread_all(c->fd, buf, want + (size_t)extra, marker_off) != 0)
        sxe_die(EX_IO, "cannot read: %s", strerror(errno));
    /* The marker is compared in two pieces so these bytes never contain it whole. */
    if (memcmp(buf, "__PBIN", 6) != 0 || memcmp(buf + 6, "_PAYLOAD__", 10) != 0)
        DAMAGED("no payload marker where the trailer says: this file is damaged; nothing was run");
    size_t hoff = MARKER_SIZE;
    if (extra && buf[MARKER_SIZE] == '\n' && memcmp(buf + MARKER_SIZE + 1, "PBIN", 4) == 0)
        hoff++;
    const uint8_t *h = buf + hoff;
    if (sxe_crc32c(h, (size_t)hm_len) != crc)
        DAMAGED("header or manifest fails its CRC-32C: this file is damaged; nothing was run");
    if (memcmp(h, "PBIN", 4) != 0)
        DAMAGED("bad header magic: this file is damaged; nothing was run");
    if (le16(h + 4) != 1)
        DAMAGED("unsupported PBIN version %u (this launcher knows version 1)", le16(h + 4));
    c->compression = h[6];
    if (c->compression > 2)
        DAMAGED("unknown compression id %d (0 none, 1 zstd, 2 lz4)", c->compression);
    unsigned count = h[7];
    uint32_t msize = le32(h + 8);
    if (le32(h + 12) != 0)
        DAMAGED("unsupported header flags 0x%08x", (unsigned)le32(h + 12));
    if ((uint64_t)msize + HEADER_SIZE != hm_len)
        DAMAGED("manifest size in the header disagrees with the trailer: this file is damaged; nothing was run");
    uint64_t data_start = marker_off + hoff + hm_len;

    const sxe_json *root = sxe_json_parse(&c->doc, (const char *)h + HEADER_SIZE, msize);
    if (!root)
        DAMAGED("invalid manifest (%s): this file is damaged; nothing was run", c->doc.err);
    if (root->type != SXE_J_OBJ)
        DAMAGED("manifest is not a JSON object");
    c->name = get_str(root, "name");
    c->version = get_str(root, "version");
    if (!c->name || !c->version)
        DAMAGED("manifest has no string \"name\" or \"version\"");
    const sxe_json *entries = sxe_json_get(root, "entries");
    if (!entries || entries->type != SXE_J_ARR)
        DAMAGED("manifest has no \"entries\" array");
    const sxe_json *top = sxe_json_get(root, "sxe");
    c->temp = 1; /* a plain PBIN file runs in temp mode */
    if (top) {
        if (top->type != SXE_J_OBJ)
            DAMAGED("manifest \"sxe\" is not an object");
        uint64_t fmt;
        if (get_u64(top, "format", &fmt) != 0 || fmt != 1)
            DAMAGED("unsupported sxe manifest format");
        const char *cache = get_str(top, "cache");
        if (!cache || (strcmp(cache, "user") != 0 && strcmp(cache, "temp") != 0))
            DAMAGED("manifest sxe.cache is not \"user\" or \"temp\"");
        c->temp = strcmp(cache, "temp") == 0;
    }

    unsigned n = 0;
    const sxe_json *chosen = NULL;
    char have[256];
    size_t havelen = 0;
    have[0] = 0;
    for (const sxe_json *e = entries->child; e; e = e->next, n++) {
        uint64_t off, cs, us;
        const char *t, *sum;
        if (e->type != SXE_J_OBJ || !(t = get_str(e, "target")) || get_u64(e, "offset", &off) != 0
            || get_u64(e, "compressed_size", &cs) != 0 || get_u64(e, "uncompressed_size", &us) != 0
            || !(sum = get_str(e, "checksum")))
            DAMAGED("manifest entry %u is incomplete: this file is damaged; nothing was run", n);
        if (!is_hex64(sum))
            DAMAGED("manifest entry %u checksum is not 64 lowercase hex characters", n);
        if (off < data_start || off > room || cs > room - off)
            DAMAGED("manifest entry %u lies outside the payload area: this file is damaged; nothing was run", n);
        if (strcmp(t, SXE_TARGET) == 0 && !chosen)
            chosen = e;
        size_t tl = strlen(t);
        if (havelen + tl + 3 < sizeof have) {
            if (havelen) {
                memcpy(have + havelen, ", ", 2);
                havelen += 2;
            }
            memcpy(have + havelen, t, tl);
            havelen += tl;
            have[havelen] = 0;
        }
    }
    if (n != count)
        DAMAGED("header says %u entries, manifest lists %u: this file is damaged; nothing was run", count, n);
    if (!chosen)
        sxe_die(EX_NO_ENTRY, "no entry for %s in this file (it has %s)", SXE_TARGET, havelen ? have : "none");

    entry_t *e = &c->e;
    e->target = SXE_TARGET;
    get_u64(chosen, "offset", &e->offset);
    get_u64(chosen, "compressed_size", &e->csize);
    get_u64(chosen, "uncompressed_size", &e->usize);
    e->checksum = get_str(chosen, "checksum");
    if (c->compression == 0 && e->csize != e->usize)
        DAMAGED("uncompressed entry with different sizes: this file is damaged; nothing was run");
    if (e->usize > (uint64_t)SIZE_MAX / 2 || e->csize > (uint64_t)SIZE_MAX / 2)
        DAMAGED("the %s payload is too large for this machine", SXE_TARGET);
    const sxe_json *x = sxe_json_get(chosen, "sxe");
    if (x) {
        if (x->type != SXE_J_OBJ)
            DAMAGED("manifest entry sxe is not an object");
        const char *kind = get_str(x, "kind");
        if (!kind || (strcmp(kind, "binary") != 0 && strcmp(kind, "tree") != 0))
            DAMAGED("manifest entry has an unknown kind");
        e->tree = strcmp(kind, "tree") == 0;
        const sxe_json *ex = sxe_json_get(x, "exec"), *ho = sxe_json_get(x, "host_command");
        if ((ex && ex->type != SXE_J_STR) || (ho && ho->type != SXE_J_STR))
            DAMAGED("manifest entry exec or host_command is not a string");
        e->exec = ex ? ex->s : NULL;
        e->host = ho ? ho->s : NULL;
        e->args = sxe_json_get(x, "args");
        if (e->args) {
            if (e->args->type != SXE_J_ARR)
                DAMAGED("manifest entry args is not an array");
            for (const sxe_json *a = e->args->child; a; a = a->next)
                if (a->type != SXE_J_STR)
                    DAMAGED("manifest entry args holds a non-string");
        }
    }
    if (e->host && strcmp(e->host, "java") != 0)
        sxe_die(EX_NO_TOOL, "unsupported host command '%s'", e->host);
    if (!e->tree) {
        if (!e->exec)
            e->exec = c->name;
        if (!plain_name(e->exec) || strcmp(e->exec, META_NAME) == 0)
            DAMAGED("binary name '%s' is not a plain file name", e->exec);
    } else if (!e->host) {
        if (!inside_path(e->exec))
            DAMAGED("tree exec '%s' is not a relative path inside the tree", e->exec ? e->exec : "");
    }
    /* buf holds the manifest text the JSON strings were decoded from; the doc
     * owns copies, so it can go. */
    free(buf);
}

/* ------------------------------------------------------------------ */
/* Decoding and verification                                           */

static const char *comp_name(int c)
{
    return c == 1 ? "zstd" : c == 2 ? "lz4" : "none";
}

/* The entry's compressed bytes: mmap'ed (*map != MAP_FAILED) or read into *heap. */
static const uint8_t *map_payload(container_t *c, void **map, size_t *maplen, uint8_t **heap)
{
    entry_t *e = &c->e;
    *map = MAP_FAILED;
    *heap = NULL;
    if (!e->csize)
        return NULL;
    /* 64 KiB: a multiple of every page size, so no sysconf() (1.6 KB of libc). */
    uint64_t base = e->offset & ~(uint64_t)0xFFFF;
    *maplen = (size_t)(e->offset - base + e->csize);
    *map = mmap(NULL, *maplen, PROT_READ, MAP_PRIVATE, c->fd, (off_t)base);
    if (*map != MAP_FAILED) {
        (void)posix_madvise(*map, *maplen, POSIX_MADV_SEQUENTIAL);
        return (const uint8_t *)*map + (e->offset - base);
    }
    *heap = sxe_xmalloc((size_t)e->csize);
    if (pread_all(c->fd, *heap, (size_t)e->csize, e->offset) != 0)
        sxe_die(EX_IO, "cannot read the payload: %s", strerror(errno));
    return *heap;
}

static void check_digest(container_t *c, const sxe_blake3_hasher *h)
{
    uint8_t dig[SXE_BLAKE3_OUT_LEN];
    char hex[2 * SXE_BLAKE3_OUT_LEN + 1];
    sxe_blake3_final(h, dig);
    sxe_blake3_hex(dig, hex);
    if (strcmp(hex, c->e.checksum) != 0)
        DAMAGED("the %s payload fails its checksum: this file is damaged; nothing was run", c->e.target);
}

/* Decodes the entry's payload into dst[0..usize) and verifies its BLAKE3. */
static void decode_verified(container_t *c, uint8_t *dst)
{
    entry_t *e = &c->e;
    void *map;
    size_t maplen = 0;
    uint8_t *heap;
    const uint8_t *src = map_payload(c, &map, &maplen, &heap);
    size_t got = 0;
    int rc = 0;
    const char *why = NULL;
    if (c->compression == 1) {
        rc = sxe_zstd_decode(src, (size_t)e->csize, dst, (size_t)e->usize, &got);
        if (rc)
            why = sxe_zstd_strerror(rc);
    } else if (c->compression == 2) {
        rc = sxe_lz4_decompress(src, (size_t)e->csize, dst, (size_t)e->usize, &got);
        if (rc)
            why = sxe_lz4_strerror(rc);
    } else {
        if (e->csize)
            memcpy(dst, src, (size_t)e->csize);
        got = (size_t)e->csize;
    }
    if (map != MAP_FAILED)
        munmap(map, maplen);
    free(heap);
    if (rc)
        DAMAGED("the %s payload does not decode (%s: %s): this file is damaged; nothing was run",
                e->target, comp_name(c->compression), why);
    if (got != e->usize)
        DAMAGED("the %s payload decodes to %llu bytes instead of %llu: this file is damaged; nothing was run",
                e->target, (unsigned long long)got, (unsigned long long)e->usize);
    sxe_blake3_hasher h;
    sxe_blake3_init(&h);
    sxe_blake3_update(&h, dst, (size_t)e->usize);
    check_digest(c, &h);
}

/* Decodes + verifies the payload into memory (anonymous pages: faulting in
 * a MAP_SHARED file mapping costs more than decoding), then, for a binary,
 * writes it to dir/name with mode 0755. Returns the buffer (caller frees). */
static uint8_t *decode_to_memory(container_t *c)
{
    uint8_t *dst = sxe_xmalloc((size_t)c->e.usize);
    decode_verified(c, dst);
    return dst;
}

static void extract_tree(container_t *c, int dfd, const uint8_t *data);

/* ---- first-run pipeline for zstd ----
 * The main thread decodes with the streaming API; a worker thread hashes (and,
 * for a binary, writes) each decoded block right behind it, while the block is
 * still in cache, so decoding, hashing and writing overlap and the output is
 * touched once. The worker reads the decoder's own window buffer, so the
 * decoder must never overwrite bytes the worker has not finished with: the
 * payload must be a single zstd frame (a new frame restarts, and may
 * reallocate, the buffer), and the worker may lag at most `mem` bytes, the
 * smaller of the window and the content size (the buffer holds mem + 2 blocks
 * + slack, so the next block only overwrites bytes older than that). */

/* Returns the lag limit (min(window, content size)) if src is exactly one zstd
 * frame the streaming decoder can take, else 0 (use the one-shot path). */
static uint64_t zstd_single_frame(const uint8_t *s, size_t n, uint64_t usize)
{
    if (n < 6 || le32(s) != 0xFD2FB528u)
        return 0;
    unsigned fhd = s[4], single = fhd >> 5 & 1;
    size_t i = 5, fl = fhd >> 6 ? (size_t)1 << (fhd >> 6) : single;
    uint64_t win = 0, fcs = 0;
    if (!single) {
        uint64_t b = (uint64_t)1 << (10 + (s[5] >> 3));
        win = b + (b >> 3) * (s[5] & 7);
        i = 6;
    }
    i += (fhd & 3) == 3 ? 4 : (fhd & 3);
    if (i + fl > n)
        return 0;
    for (size_t k = fl; k-- > 0;)
        fcs = fcs << 8 | s[i + k];
    if (fl == 2)
        fcs += 256;
    i += fl;
    if (single)
        win = fcs;
    if (fl && fcs < win)
        win = fcs;
    /* Without a content size the decoder allocates the whole window. */
    if (win == 0 || (fl ? fcs != usize : win > usize && win > SXE_ZSTD_DEFAULT_MAX_WINDOW))
        return 0;
    for (;;) {
        if (n - i < 3)
            return 0;
        uint32_t bh = s[i] | (uint32_t)s[i + 1] << 8 | (uint32_t)s[i + 2] << 16;
        unsigned bt = bh >> 1 & 3;
        size_t bs = bt == 1 ? 1 : bh >> 3;
        i += 3;
        if (bt == 3 || bs > n - i)
            return 0;
        i += bs;
        if (bh & 1)
            break;
    }
    return n - i == (fhd & 4 ? 4u : 0u) ? win : 0;
}

#define SLOTS 256

typedef struct {
    /* Single-producer single-consumer queue of decoded blocks. */
    const uint8_t *ptr[SLOTS];
    size_t len[SLOTS];
    unsigned head, tail;   /* slots consumed / filled, free-running */
    uint64_t given, taken, limit, usize, batch;
    int done, threaded;
    /* Futex words bumped by the producer / consumer after progress, and
     * whether the other side sleeps on them (wakes are skipped otherwise). */
    volatile int pev, cev, psleep, csleep;
    volatile int tid;
    int fd;                /* -1: hash only */
    int err;               /* errno of a failed write */
    const uint8_t *first;  /* start of the output */
    int broken;            /* the output did not stay contiguous */
    sxe_blake3_hasher h;
} pipe_t;

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

/* Wakes the side sleeping on *ev (after the caller changed the state). */
static void pipe_signal(volatile int *ev, volatile int *sleeping)
{
    __atomic_add_fetch(ev, 1, __ATOMIC_SEQ_CST);
    if (LOAD(*sleeping))
        sxe_futex_wake(ev);
}

/* Consumer: hashes and (binary) writes one contiguous run of queued blocks
 * (<= 1 MiB). Returns 0 if the queue was empty. */
static int pipe_drain(pipe_t *p)
{
    unsigned h = p->head, t = LOAD(p->tail);
    if (h == t)
        return 0;
    const uint8_t *d = p->ptr[h % SLOTS];
    size_t n = 0;
    do
        n += p->len[h++ % SLOTS];
    while (h != t && n < (1u << 20) && p->ptr[h % SLOTS] == d + n);
    sxe_blake3_update(&p->h, d, n);
    if (p->fd >= 0 && !p->err && sxe_write_all(p->fd, d, n) != 0)
        p->err = errno ? errno : EIO;
    STORE(p->taken, p->taken + n);
    STORE(p->head, h);
    pipe_signal(&p->cev, &p->psleep);
    return 1;
}

static int pipe_worker(void *arg)
{
    pipe_t *p = arg;
    for (;;) {
        int v = LOAD(p->pev), done = LOAD(p->done);
        if (pipe_drain(p))
            continue;
        if (done)
            return 0;
        STORE(p->csleep, 1);
        if (LOAD(p->tail) == p->head)
            sxe_futex_wait(&p->pev, v);
        STORE(p->csleep, 0);
    }
}

/* Producer: sleeps until ok(p) holds. */
static void pipe_wait(pipe_t *p, int (*ok)(pipe_t *))
{
    for (;;) {
        int v = LOAD(p->cev);
        if (ok(p))
            return;
        STORE(p->psleep, 1);
        if (!ok(p))
            sxe_futex_wait(&p->cev, v);
        STORE(p->psleep, 0);
    }
}

static int slot_free(pipe_t *p)
{
    return p->tail - LOAD(p->head) < SLOTS;
}

/* The next block may overwrite output older than `limit` bytes. */
static int lag_ok(pipe_t *p)
{
    return p->given - LOAD(p->taken) <= p->limit;
}

/* Producer (the decoder's write callback). */
static int pipe_put(void *user, const uint8_t *data, size_t len)
{
    pipe_t *p = user;
    if (!p->given) {
        p->first = data;
        /* The decoder's buffer starts here and holds at least limit bytes. */
        sxe_hugepages(data, (size_t)(p->limit < p->usize ? p->limit : p->usize));
    }
    if (data != p->first + p->given)
        p->broken = 1;
    if (len > p->limit || p->given + len > p->usize)
        return 1; /* more than the manifest says: stop before writing it */
    pipe_wait(p, slot_free);
    p->ptr[p->tail % SLOTS] = data;
    p->len[p->tail % SLOTS] = len;
    STORE(p->tail, p->tail + 1);
    p->given += len;
    if (!p->threaded) {
        while (pipe_drain(p))
            ;
        return 0;
    }
    /* Wake the consumer for a batch (fewer context switches); batch <= limit
     * and SLOTS / 2 < SLOTS, so it is always awake before the producer waits. */
    if (p->given - LOAD(p->taken) >= p->batch || p->tail - LOAD(p->head) >= SLOTS / 2)
        pipe_signal(&p->pev, &p->csleep);
    pipe_wait(p, lag_ok);
    return 0;
}

/* Decodes, verifies and (binary) writes the entry through the pipeline.
 * Returns 0 if the payload does not qualify (nothing done). */
static int extract_streamed(container_t *c, int dfd)
{
#if !defined(__linux__)
    (void)c;
    (void)dfd;
    return 0;
#else
    entry_t *e = &c->e;
    void *map;
    size_t maplen = 0;
    uint8_t *heap;
    if (c->compression != 1 || !e->csize)
        return 0;
    const uint8_t *src = map_payload(c, &map, &maplen, &heap);
    pipe_t p;
    memset(&p, 0, sizeof p);
    p.limit = zstd_single_frame(src, (size_t)e->csize, e->usize);
    if (!p.limit || (e->tree && p.limit < e->usize)) {
        if (map != MAP_FAILED)
            munmap(map, maplen);
        free(heap);
        return 0;
    }
    p.fd = -1;
    if (!e->tree) {
        p.fd = openat(dfd, e->exec, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0700);
        if (p.fd < 0)
            sxe_die(EX_IO, "cannot create %s/%s: %s", sxe_cleanup_dir, e->exec, strerror(errno));
    }
    sxe_blake3_init(&p.h);
    p.usize = e->usize;
    p.batch = p.limit < (1u << 20) ? p.limit : (1u << 20);
    (void)sxe_blake3_impl(); /* CPU detection, before the worker hashes */
    sxe_zstd_stream *z = sxe_zstd_stream_new(SXE_ZSTD_ABS_MAX_WINDOW);
    if (!z)
        sxe_die(EX_IO, "out of memory");
    p.threaded = sxe_thread_start(pipe_worker, &p, &p.tid) == 0;
    int rc = sxe_zstd_stream_feed(z, src, (size_t)e->csize, pipe_put, &p);
    if (!rc)
        rc = sxe_zstd_stream_finish(z);
    if (p.threaded) {
        STORE(p.done, 1);
        pipe_signal(&p.pev, &p.csleep);
        sxe_thread_join(&p.tid);
    }
    if (map != MAP_FAILED)
        munmap(map, maplen);
    free(heap);
    if (rc)
        DAMAGED("the %s payload does not decode (zstd: %s): this file is damaged; nothing was run",
                e->target, sxe_zstd_strerror(rc));
    if (p.given != e->usize)
        DAMAGED("the %s payload decodes to %llu bytes instead of %llu: this file is damaged; nothing was run",
                e->target, (unsigned long long)p.given, (unsigned long long)e->usize);
    check_digest(c, &p.h);
    if (!e->tree) {
        if (p.err || fchmod(p.fd, 0755) != 0 || close(p.fd) != 0)
            sxe_die(EX_IO, "cannot write %s/%s: %s", sxe_cleanup_dir, e->exec, strerror(p.err ? p.err : errno));
    } else {
        if (p.broken)
            DAMAGED("the %s payload does not decode: this file is damaged; nothing was run", e->target);
        extract_tree(c, dfd, p.first);
    }
    sxe_zstd_stream_free(z);
    return 1;
#endif
}

static void write_binary(container_t *c, int dirfd, const char *name, const uint8_t *data)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0700);
    if (fd < 0)
        sxe_die(EX_IO, "cannot create %s/%s: %s", sxe_cleanup_dir, name, strerror(errno));
    if (sxe_write_all(fd, data, (size_t)c->e.usize) != 0 || fchmod(fd, 0755) != 0 || close(fd) != 0)
        sxe_die(EX_IO, "cannot write %s/%s: %s", sxe_cleanup_dir, name, strerror(errno));
}

static void json_str(char **o, size_t *left, const char *s)
{
    /* Appends a JSON string literal; callers size the buffer generously. */
    char *p = *o;
    size_t l = *left;
#define PUT(ch) do { if (l > 8) { *p++ = (ch); l--; } } while (0)
    PUT('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            PUT('\\');
            PUT((char)ch);
        } else if (ch < 0x20) {
            if (l > 8) {
                size_t n = sxe_fmt(p, l, "\\u%04x", ch);
                p += n;
                l -= n;
            }
        } else {
            PUT((char)ch);
        }
    }
    PUT('"');
#undef PUT
    *o = p;
    *left = l;
}

/* UTC ISO-8601 without the C library's time-zone machinery. */
static void utc_iso8601(time_t t, char *out, size_t cap)
{
    long long secs = (long long)t;
    long long days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    /* Civil date from days since 1970-01-01 (proleptic Gregorian). */
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long d = doy - (153 * mp + 2) / 5 + 1;
    long long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    sxe_fmt(out, cap, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", y, m, d, rem / 3600, rem / 60 % 60, rem % 60);
}

static void write_metadata(container_t *c, int dirfd)
{
    size_t cap = 1024 + 6 * (strlen(c->name) + strlen(c->version) + strlen(c->abspath) + strlen(c->e.exec ? c->e.exec : ""));
    char *buf = sxe_xmalloc(cap), *o = buf;
    size_t left = cap;
    char when[32];
    time_t now = time(NULL);
    utc_iso8601(now, when, sizeof when);
#define LIT(s) do { size_t n_ = strlen(s); if (n_ + 8 < left) { memcpy(o, s, n_); o += n_; left -= n_; } } while (0)
    LIT("{\"name\":");
    json_str(&o, &left, c->name);
    LIT(",\"version\":");
    json_str(&o, &left, c->version);
    LIT(",\"target\":");
    json_str(&o, &left, c->e.target);
    LIT(",\"kind\":");
    json_str(&o, &left, c->e.tree ? "tree" : "binary");
    if (c->e.exec) {
        LIT(",\"exec\":");
        json_str(&o, &left, c->e.exec);
    }
    char num[96];
    sxe_fmt(num, sizeof num, ",\"compressed_size\":%llu,\"uncompressed_size\":%llu,\"checksum\":",
             (unsigned long long)c->e.csize, (unsigned long long)c->e.usize);
    LIT(num);
    json_str(&o, &left, c->e.checksum);
    LIT(",\"created\":");
    json_str(&o, &left, when);
    LIT(",\"source\":");
    json_str(&o, &left, c->abspath);
    LIT(",\"stub\":\"native\"}\n");
#undef LIT
    int fd = openat(dirfd, META_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 || sxe_write_all(fd, buf, (size_t)(o - buf)) != 0 || close(fd) != 0)
        sxe_die(EX_IO, "cannot write %s/%s: %s", sxe_cleanup_dir, META_NAME, strerror(errno));
    free(buf);
}

/* Unpacks the verified tar stream data[0..usize) into dfd. */
static void extract_tree(container_t *c, int dfd, const uint8_t *data)
{
    char why[512];
    int rc = sxe_tar_extract(data, (size_t)c->e.usize, dfd, why, sizeof why);
    if (rc == EX_DAMAGED)
        DAMAGED("the %s tree is unsafe or malformed (%s): this file is damaged; nothing was run", c->e.target, why);
    if (rc)
        sxe_die(EX_IO, "cannot unpack the %s tree into %s: %s", c->e.target, sxe_cleanup_dir, why);
}

/* Fills directory dir (fresh, empty, 0700) with the entry. */
static void extract_into(container_t *c, const char *dir)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        sxe_die(EX_IO, "cannot open %s: %s", dir, strerror(errno));
    if (!extract_streamed(c, dfd)) {
        uint8_t *data = decode_to_memory(c);
        if (!c->e.tree)
            write_binary(c, dfd, c->e.exec, data);
        else
            extract_tree(c, dfd, data);
        free(data);
    }
    write_metadata(c, dfd);
    close(dfd);
}

/* SXE_VERIFY=1 on a cache hit. */
static void verify_hit(container_t *c, const char *entry_dir)
{
    entry_t *e = &c->e;
    uint8_t dig[SXE_BLAKE3_OUT_LEN];
    char hex[2 * SXE_BLAKE3_OUT_LEN + 1];
    if (!e->tree) {
        char *p = sxe_concat(entry_dir, "/", e->exec, (char *)NULL);
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0)
            sxe_die(EX_DAMAGED, "cached copy %s is unreadable (%s); remove %s and run again", p, strerror(errno), entry_dir);
        if ((uint64_t)st.st_size != e->usize)
            sxe_die(EX_DAMAGED, "cached copy %s has the wrong size; remove %s and run again", p, entry_dir);
        sxe_blake3_hasher h;
        sxe_blake3_init(&h);
        static uint8_t chunk[1 << 16];
        for (uint64_t off = 0; off < e->usize;) {
            size_t n = e->usize - off > sizeof chunk ? sizeof chunk : (size_t)(e->usize - off);
            if (pread_all(fd, chunk, n, off) != 0)
                sxe_die(EX_IO, "cannot read %s: %s", p, strerror(errno));
            sxe_blake3_update(&h, chunk, n);
            off += n;
        }
        close(fd);
        sxe_blake3_final(&h, dig);
        sxe_blake3_hex(dig, hex);
        if (strcmp(hex, e->checksum) != 0)
            sxe_die(EX_DAMAGED, "cached copy %s fails its checksum; remove %s and run again", p, entry_dir);
        free(p);
    } else {
        uint8_t *buf = sxe_xmalloc((size_t)e->usize);
        decode_verified(c, buf); /* dies with 123 on mismatch */
        free(buf);
    }
}

/* ------------------------------------------------------------------ */
/* Cache root                                                          */

static char *absolute(char *p)
{
    if (p[0] == '/')
        return p;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return p;
    char *r = sxe_concat(cwd, "/", p, (char *)NULL);
    free(p);
    return r;
}

/* Returns the cache root, or NULL to fall back to temp mode (warned). */
static char *cache_root(void)
{
    const char *v;
    char *root;
    if ((v = getenv("SXE_CACHE_DIR")) && *v)
        root = sxe_xstrdup(v);
    else if ((v = getenv("XDG_CACHE_HOME")) && *v)
        root = sxe_concat(v, "/sxe", (char *)NULL);
    else if ((v = getenv("HOME")) && *v)
        root = sxe_concat(v, "/.cache/sxe", (char *)NULL);
    else {
        sxe_warn("no cache directory (HOME is not set); running from a temporary directory");
        return NULL;
    }
    root = absolute(root);
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        root[--n] = 0;
    struct stat st;
    if (lstat(root, &st) != 0) {
        mode_t old = umask(077);
        int rc = sxe_mkdirs(root, 0700);
        umask(old);
        if (rc != 0 || lstat(root, &st) != 0) {
            sxe_warn("cache directory %s is not writable; running from a temporary directory", root);
            free(root);
            return NULL;
        }
    }
    if (S_ISLNK(st.st_mode))
        sxe_die(EX_UNSAFE, "cache directory %s is a symbolic link; refusing to use it", root);
    if (!S_ISDIR(st.st_mode))
        sxe_die(EX_UNSAFE, "cache directory %s is not a directory; refusing to use it", root);
    if (st.st_uid != geteuid())
        sxe_die(EX_UNSAFE, "cache directory %s belongs to another user; refusing to use it", root);
    if (st.st_mode & S_IWOTH)
        sxe_die(EX_UNSAFE, "cache directory %s is writable by others; refusing to use it", root);
    return root;
}

/* Removes .tmp.* directories older than an hour (left by crashed runs). */
static void clean_stale(const char *root)
{
    DIR *d = opendir(root);
    if (!d)
        return;
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, ".tmp.", 5) != 0)
            continue;
        struct stat st;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (st.st_mtime + 3600 < now) {
            char *p = sxe_concat(root, "/", de->d_name, (char *)NULL);
            (void)sxe_rmtree(p);
            free(p);
        }
    }
    closedir(d);
}

/* ------------------------------------------------------------------ */
/* Running the program                                                 */

static char *find_java(void)
{
    const char *jh = getenv("JAVA_HOME");
    struct stat st;
    if (jh && *jh) {
        char *p = sxe_concat(jh, "/bin/java", (char *)NULL);
        if (access(p, X_OK) == 0 && stat(p, &st) == 0 && S_ISREG(st.st_mode))
            return p;
        free(p);
    }
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (1) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        char *dir = sxe_xmalloc(n + 1);
        memcpy(dir, path, n);
        dir[n] = 0;
        char *p = sxe_concat(n ? dir : ".", "/java", (char *)NULL);
        free(dir);
        if (access(p, X_OK) == 0 && stat(p, &st) == 0 && S_ISREG(st.st_mode))
            return p;
        free(p);
        if (!colon)
            break;
        path = colon + 1;
    }
    sxe_die(EX_NO_TOOL, "this program needs Java: set JAVA_HOME or put java on PATH");
}

/* Next "${SXE_HOME}" in s, or NULL (strstr() would add 2 KB of libc). */
static const char *find_var(const char *s)
{
    for (; *s; s++)
        if (strncmp(s, "${SXE_HOME}", 11) == 0)
            return s;
    return NULL;
}

static char *expand_home(const char *s, const char *home)
{
    const size_t vl = 11;
    size_t count = 0;
    for (const char *p = s; (p = find_var(p)) != NULL; p += vl)
        count++;
    if (!count)
        return (char *)s;
    size_t hl = strlen(home);
    char *out = sxe_xmalloc(strlen(s) + count * hl + 1), *o = out;
    const char *p = s, *q;
    while ((q = find_var(p)) != NULL) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, home, hl);
        o += hl;
        p = q + vl;
    }
    strcpy(o, p);
    return out;
}

typedef struct {
    char *prog;
    char **argv;
} cmd_t;

static cmd_t build_cmd(container_t *c, const char *home, int argc, char **argv)
{
    cmd_t cmd;
    if (c->e.host)
        cmd.prog = find_java();
    else
        cmd.prog = sxe_concat(home, "/", c->e.exec, (char *)NULL);
    size_t nargs = 0;
    if (c->e.args)
        for (const sxe_json *a = c->e.args->child; a; a = a->next)
            nargs++;
    size_t user = argc > 1 ? (size_t)argc - 1 : 0;
    cmd.argv = sxe_xmalloc((1 + nargs + user + 1) * sizeof(char *));
    size_t k = 0;
    cmd.argv[k++] = argc > 0 && argv[0] ? argv[0] : cmd.prog;
    if (c->e.args)
        for (const sxe_json *a = c->e.args->child; a; a = a->next)
            cmd.argv[k++] = expand_home(a->s, home);
    for (size_t i = 0; i < user; i++)
        cmd.argv[k++] = argv[1 + i];
    cmd.argv[k] = NULL;
    if (setenv("SXE_HOME", home, 1) != 0 || setenv("SXE_EXECUTABLE", c->abspath, 1) != 0)
        sxe_die(EX_IO, "cannot set the environment: %s", strerror(errno));
    /* SXE_CONTAINER hands one container to this launcher; it must not leak into
     * the program (which may itself run other sxe programs). */
    unsetenv("SXE_CONTAINER");
    return cmd;
}

/* execve, retried while a concurrent writer may still hold the file open. */
static int exec_retry(const cmd_t *cmd)
{
    for (int i = 0; i < 20; i++) {
        execve(cmd->prog, cmd->argv, environ);
        if (errno != ETXTBSY)
            break;
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return errno;
}

static void exec_cached(container_t *c, const char *entry_dir, int argc, char **argv)
{
    cmd_t cmd = build_cmd(c, entry_dir, argc, argv);
    int err = exec_retry(&cmd);
    if (err == ENOENT && !c->e.host)
        sxe_die(EX_NOEXEC, "cannot execute %s: %s; remove %s and run again", cmd.prog, strerror(err), entry_dir);
    sxe_die(EX_NOEXEC, "cannot execute %s: %s", cmd.prog, strerror(err));
}

/* ---- temp mode ---- */

static volatile sig_atomic_t child_pid = 0;

static void forward(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    /* Signals from the terminal (si_code > 0, e.g. SI_KERNEL) already reach the
     * child through its process group; forward only those sent to us alone. */
    if (child_pid > 0 && (!info || info->si_code <= 0))
        kill((pid_t)child_pid, sig);
}

static void run_temp(container_t *c, int argc, char **argv)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    sigset_t block, old;
    sigemptyset(&block);
    for (int i = 0; i < 3; i++)
        sigaddset(&block, sigs[i]);
    sigprocmask(SIG_BLOCK, &block, &old);

    const char *t = getenv("TMPDIR");
    if (!t || !*t)
        t = "/tmp";
    char *dir = sxe_concat(t, "/sxe.XXXXXX", (char *)NULL);
    if (!mkdtemp(dir))
        sxe_die(EX_IO, "cannot create a temporary directory in %s: %s", t, strerror(errno));
    dir = absolute(dir);
    sxe_cleanup_dir = dir;
    extract_into(c, dir);

    /* A signal that came in while unpacking ends the run before it starts. */
    sigset_t pend;
    if (sigpending(&pend) == 0)
        for (int i = 0; i < 3; i++)
            if (sigismember(&pend, sigs[i])) {
                (void)sxe_rmtree(dir);
                _exit(128 + sigs[i]);
            }

    cmd_t cmd = build_cmd(c, dir, argc, argv);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = forward;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, NULL);

    int errpipe[2];
    if (pipe(errpipe) != 0)
        sxe_die(EX_IO, "cannot create a pipe: %s", strerror(errno));
    (void)fcntl(errpipe[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(errpipe[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid < 0)
        sxe_die(EX_NOEXEC, "cannot start %s: %s", cmd.prog, strerror(errno));
    if (pid == 0) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        for (int i = 0; i < 3; i++)
            sigaction(sigs[i], &dfl, NULL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        close(errpipe[0]);
        int err = exec_retry(&cmd);
        (void)sxe_write_all(errpipe[1], &err, sizeof err);
        _exit(EX_NOEXEC);
    }
    child_pid = pid;
    close(errpipe[1]);
    sigprocmask(SIG_SETMASK, &old, NULL);
    int err = 0;
    ssize_t r;
    do
        r = read(errpipe[0], &err, sizeof err);
    while (r < 0 && errno == EINTR);
    close(errpipe[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sigprocmask(SIG_BLOCK, &block, NULL);
    if (r == (ssize_t)sizeof err)
        sxe_die(EX_NOEXEC, "cannot execute %s: %s", cmd.prog, strerror(err));
    (void)sxe_rmtree(dir);
    sxe_cleanup_dir = NULL;
    if (WIFEXITED(status))
        _exit(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        _exit(128 + WTERMSIG(status));
    _exit(EX_NOEXEC);
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    container_t c;
    memset(&c, 0, sizeof c);
    const char *ext = getenv("SXE_CONTAINER");
    if (ext && *ext) {
        c.path = ext;
        sxe_msg_file = ext;
        char *r = realpath(ext, NULL);
        c.abspath = r ? r : ext;
    } else {
        char *self = self_path(argc > 0 ? argv[0] : NULL);
        c.path = c.abspath = self;
        sxe_msg_file = self;
    }
    c.fd = open(c.path, O_RDONLY | O_CLOEXEC);
    if (c.fd < 0)
        sxe_die(EX_IO, "cannot open: %s", strerror(errno));
    read_container(&c);

    char *root = c.temp ? NULL : cache_root();
    if (root) {
        char *entry_dir = sxe_concat(root, "/", c.e.checksum, (char *)NULL);
        struct stat st;
        if (stat(entry_dir, &st) == 0 && S_ISDIR(st.st_mode)) {
            const char *v = getenv("SXE_VERIFY");
            if (v && strcmp(v, "1") == 0)
                verify_hit(&c, entry_dir);
            close(c.fd);
            exec_cached(&c, entry_dir, argc, argv);
        }
        clean_stale(root);
        char *tmp = sxe_concat(root, "/.tmp.XXXXXX", (char *)NULL);
        if (mkdtemp(tmp)) {
            sxe_cleanup_dir = tmp;
            extract_into(&c, tmp);
            if (rename(tmp, entry_dir) != 0) {
                int err = errno;
                if (err != EEXIST && err != ENOTEMPTY)
                    sxe_die(EX_IO, "cannot publish the unpacked program in %s: %s", root, strerror(err));
                /* A concurrent run won the race: use its entry. */
                (void)sxe_rmtree(tmp);
                if (stat(entry_dir, &st) != 0 || !S_ISDIR(st.st_mode))
                    sxe_die(EX_IO, "cannot publish the unpacked program in %s", root);
            }
            sxe_cleanup_dir = NULL;
            close(c.fd);
            exec_cached(&c, entry_dir, argc, argv);
        }
        sxe_warn("cache directory %s is not writable; running from a temporary directory", root);
    }
    run_temp(&c, argc, argv);
    return EX_NOEXEC;
}
