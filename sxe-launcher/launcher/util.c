/* sxe launcher: messages, memory, files, string sets, CRC-32C. */
#include "launcher.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *sxe_msg_file = "sxe";
char *sxe_cleanup_dir = NULL;

/* A small vsnprintf: %s %.Ns %.*s %c %d %u %x %08x %zu %llu (and l/ll/z on
 * d/u/x). Keeps the launcher free of stdio's printf (and its float code). */
size_t sxe_vfmt(char *buf, size_t cap, const char *fmt, va_list ap)
{
    size_t o = 0;
#define OUT(ch) do { if (o + 1 < cap) buf[o] = (ch); o++; } while (0)
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            OUT(*f);
            continue;
        }
        f++;
        int zero = 0, width = 0, prec = -1, lng = 0;
        if (*f == '0') {
            zero = 1;
            f++;
        }
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        if (*f == '.') {
            f++;
            if (*f == '*') {
                prec = va_arg(ap, int);
                f++;
            } else {
                prec = 0;
                while (*f >= '0' && *f <= '9')
                    prec = prec * 10 + (*f++ - '0');
            }
        }
        while (*f == 'l' || *f == 'z') {
            lng = *f == 'z' ? 3 : lng + 1;
            f++;
        }
        char tmp[24];
        const char *str = tmp;
        size_t len = 0;
        switch (*f) {
        case 's':
            str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            while (str[len] && (prec < 0 || len < (size_t)prec))
                len++;
            break;
        case 'c':
            tmp[0] = (char)va_arg(ap, int);
            len = 1;
            break;
        case 'd': case 'u': case 'x': {
            unsigned long long v;
            int neg = 0;
            if (*f == 'd') {
                long long sv = lng == 0 ? va_arg(ap, int) : lng == 1 ? va_arg(ap, long) : va_arg(ap, long long);
                neg = sv < 0;
                v = neg ? 0ull - (unsigned long long)sv : (unsigned long long)sv;
            } else {
                v = lng == 0 ? va_arg(ap, unsigned) : lng == 1 ? va_arg(ap, unsigned long)
                  : lng == 3 ? va_arg(ap, size_t) : va_arg(ap, unsigned long long);
            }
            unsigned base = *f == 'x' ? 16 : 10;
            char *e = tmp + sizeof tmp, *p = e;
            do {
                *--p = "0123456789abcdef"[v % base];
                v /= base;
            } while (v);
            while (zero && e - p < width && p > tmp + 1)
                *--p = '0';
            if (neg)
                *--p = '-';
            str = p;
            len = (size_t)(e - p);
            break;
        }
        case '%':
            tmp[0] = '%';
            len = 1;
            break;
        default:
            if (!*f)
                f--;
            continue;
        }
        for (size_t i = 0; i < len; i++)
            OUT(str[i]);
    }
    if (cap)
        buf[o < cap ? o : cap - 1] = 0;
#undef OUT
    return o;
}

size_t sxe_fmt(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = sxe_vfmt(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}

static void vmsg(const char *fmt, va_list ap)
{
    char buf[1024];
    size_t n = sxe_fmt(buf, sizeof buf - 1, "sxe: %s: ", sxe_msg_file);
    if (n >= sizeof buf - 1)
        n = sizeof buf - 2;
    n += sxe_vfmt(buf + n, sizeof buf - 1 - n, fmt, ap);
    if (n > sizeof buf - 2)
        n = sizeof buf - 2;
    buf[n++] = '\n';
    (void)sxe_write_all(2, buf, n);
}

void sxe_die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    if (sxe_cleanup_dir) {
        (void)sxe_rmtree(sxe_cleanup_dir);
        sxe_cleanup_dir = NULL;
    }
    _exit(code);
}

void sxe_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
}

void *sxe_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        sxe_die(EX_IO, "out of memory");
    return p;
}

char *sxe_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = sxe_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

char *sxe_concat(const char *first, ...)
{
    va_list ap;
    size_t n = 0;
    const char *s;
    va_start(ap, first);
    for (s = first; s; s = va_arg(ap, const char *))
        n += strlen(s);
    va_end(ap);
    char *out = sxe_xmalloc(n + 1), *o = out;
    va_start(ap, first);
    for (s = first; s; s = va_arg(ap, const char *)) {
        size_t l = strlen(s);
        memcpy(o, s, l);
        o += l;
    }
    va_end(ap);
    *o = 0;
    return out;
}

int sxe_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        size_t chunk = len > (1u << 30) ? (1u << 30) : len;
        ssize_t w = write(fd, p, chunk);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Removes the contents of directory fd (closed here), depth-limited. */
static int rm_contents(int fd, int depth)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (n[0] == '.' && (n[1] == 0 || (n[1] == '.' && n[2] == 0)))
            continue;
        if (unlinkat(dirfd(d), n, 0) == 0)
            continue;
        if (errno != EISDIR && errno != EPERM) {
            if (errno != ENOENT)
                rc = -1;
            continue;
        }
        if (depth > 256) {
            rc = -1;
            continue;
        }
        int sub = openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) {
            rc = -1;
            continue;
        }
        /* A directory we cannot list (mode 0) still has to go. */
        if (rm_contents(sub, depth + 1) != 0)
            rc = -1;
        if (unlinkat(dirfd(d), n, AT_REMOVEDIR) != 0 && errno != ENOENT)
            rc = -1;
    }
    closedir(d);
    return rc;
}

int sxe_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = rm_contents(fd, 0);
    if (rmdir(path) != 0 && errno != ENOENT)
        rc = -1;
    return rc;
}

int sxe_mkdirs(const char *path, unsigned mode)
{
    size_t n = strlen(path);
    if (n == 0 || n > 4095) {
        errno = EINVAL;
        return -1;
    }
    char buf[4096];
    memcpy(buf, path, n + 1);
    /* Fast path: already there. */
    struct stat st;
    if (stat(buf, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != 0)
            continue;
        char c = buf[i];
        buf[i] = 0;
        if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST) {
            buf[i] = c;
            return -1;
        }
        buf[i] = c;
    }
    if (stat(path, &st) != 0)
        return -1;
    return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
}

/* ---- string set (open addressing, FNV-1a) ---- */

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

int sxe_strset_has(const sxe_strset *s, const char *key, size_t keylen, const char **val)
{
    if (!s->cap)
        return 0;
    size_t i = (size_t)fnv(key, keylen) & (s->cap - 1);
    while (s->keys[i]) {
        if (strncmp(s->keys[i], key, keylen) == 0 && s->keys[i][keylen] == 0) {
            if (val)
                *val = s->vals[i];
            return 1;
        }
        i = (i + 1) & (s->cap - 1);
    }
    return 0;
}

static void strset_put(sxe_strset *s, char *k, char *v)
{
    size_t i = (size_t)fnv(k, strlen(k)) & (s->cap - 1);
    while (s->keys[i])
        i = (i + 1) & (s->cap - 1);
    s->keys[i] = k;
    s->vals[i] = v;
}

int sxe_strset_add(sxe_strset *s, const char *key, const char *val)
{
    if (sxe_strset_has(s, key, strlen(key), NULL))
        return 0;
    if ((s->len + 1) * 2 > s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        sxe_strset old = *s;
        s->keys = calloc(ncap, sizeof(char *));
        s->vals = calloc(ncap, sizeof(char *));
        if (!s->keys || !s->vals)
            sxe_die(EX_IO, "out of memory");
        s->cap = ncap;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i])
                strset_put(s, old.keys[i], old.vals[i]);
        free(old.keys);
        free(old.vals);
    }
    strset_put(s, sxe_xstrdup(key), val ? sxe_xstrdup(val) : NULL);
    s->len++;
    return 1;
}

void sxe_strset_free(sxe_strset *s)
{
    for (size_t i = 0; i < s->cap; i++) {
        free(s->keys[i]);
        free(s->vals[i]);
    }
    free(s->keys);
    free(s->vals);
    memset(s, 0, sizeof *s);
}

/* ---- CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) ---- */

uint32_t sxe_crc32c(const uint8_t *p, size_t n)
{
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
        table[i] = c;
    }
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}
