/* sxe launcher: safe extraction of a POSIX tar stream (ustar + pax 'x'
 * headers, GNU 'L'/'K' long names) held in memory.
 *
 * Allowed: regular files (mode 0755 if any execute bit, else 0644),
 * directories (0755), symbolic links whose target stays inside the tree.
 * Refused: absolute or empty names, '..' components, backslashes, duplicate
 * names, anything written through a symbolic link created earlier, links
 * resolving outside the tree (checked again once every link is known, with
 * the links followed as the kernel would), hard links, devices, FIFOs, other
 * types, the reserved top-level name .sxe-metadata.json, malformed headers. */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_LEN 4095
#define MAX_ENTRIES 1000000
#define MAX_PAX (1u << 20)

typedef struct {
    int dirfd;
    char *why;
    size_t whylen;
    sxe_strset seen;  /* explicit entry names */
    sxe_strset links; /* symlink name -> target */
    sxe_strset dirs;  /* directories known to exist */
} ctx_t;

static int bad(ctx_t *x, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int bad(ctx_t *x, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sxe_vfmt(x->why, x->whylen, fmt, ap);
    va_end(ap);
    return code;
}

static int parse_num(const uint8_t *f, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (f[0] & 0x80) { /* base-256 */
        if (f[0] != 0x80)
            return -1; /* negative or too large */
        for (size_t i = 1; i < n; i++) {
            if (v >> 56)
                return -1;
            v = (v << 8) | f[i];
        }
        *out = v;
        return 0;
    }
    size_t i = 0;
    while (i < n && f[i] == ' ')
        i++;
    int digits = 0;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
        if (v >> 60)
            return -1;
        v = (v << 3) | (uint64_t)(f[i] - '0');
    }
    for (; i < n; i++)
        if (f[i] != ' ' && f[i] != 0)
            return -1;
    if (!digits)
        v = 0;
    *out = v;
    return 0;
}

/* Copies a NUL-or-length-terminated field. */
static size_t field(char *dst, const uint8_t *f, size_t n)
{
    size_t l = 0;
    while (l < n && f[l])
        l++;
    memcpy(dst, f, l);
    dst[l] = 0;
    return l;
}

/* Normalizes name into clean (no '.', empty components, trailing '/'). */
static int checked_name(ctx_t *x, const char *name, char *clean)
{
    size_t n = strlen(name);
    if (n == 0 || name[0] == '/' || name[0] == '\\'
        || (n >= 2 && name[1] == ':' && ((name[0] | 32) >= 'a' && (name[0] | 32) <= 'z')))
        return bad(x, EX_DAMAGED, "entry '%.200s' has an absolute or empty name", name);
    if (n > NAME_MAX_LEN)
        return bad(x, EX_DAMAGED, "entry name too long");
    size_t o = 0;
    const char *p = name;
    while (*p) {
        const char *q = strchr(p, '/');
        size_t l = q ? (size_t)(q - p) : strlen(p);
        if (l == 2 && p[0] == '.' && p[1] == '.')
            return bad(x, EX_DAMAGED, "entry '%.200s' contains '..'", name);
        if (memchr(p, '\\', l))
            return bad(x, EX_DAMAGED, "entry '%.200s' contains a backslash", name);
        if (!(l == 0 || (l == 1 && p[0] == '.'))) {
            if (o)
                clean[o++] = '/';
            memcpy(clean + o, p, l);
            o += l;
        }
        p += l;
        if (*p == '/')
            p++;
    }
    clean[o] = 0;
    if (!o)
        return bad(x, EX_DAMAGED, "entry '%.200s' names the root", name);
    return 0;
}

/* Follows `target` from the directory holding link `name`, expanding the links
 * known so far the way the kernel would. Returns 1 if it stays inside. */
static int stays_inside(const sxe_strset *links, const char *name, const char *target)
{
    size_t cap = 2 * (NAME_MAX_LEN + 1) + 16;
    char *cur = malloc(cap), *rest = malloc(cap), *tmp = malloc(cap);
    int ok = 0, budget = 64;
    if (!cur || !rest || !tmp)
        goto out;
    const char *slash = strrchr(name, '/');
    size_t cl = slash ? (size_t)(slash - name) : 0;
    memcpy(cur, name, cl);
    cur[cl] = 0;
    if (strlen(target) >= cap)
        goto out;
    strcpy(rest, target);
    if (rest[0] == '/')
        goto out;
    char *p = rest;
    while (*p) {
        char *q = strchr(p, '/');
        size_t l = q ? (size_t)(q - p) : strlen(p);
        char *next = p + l + (q ? 1 : 0);
        if (l == 0 || (l == 1 && p[0] == '.')) {
            p = next;
            continue;
        }
        if (l == 2 && p[0] == '.' && p[1] == '.') {
            if (cl == 0)
                goto out; /* above the root */
            while (cl > 0 && cur[cl - 1] != '/')
                cl--;
            if (cl > 0)
                cl--;
            cur[cl] = 0;
            p = next;
            continue;
        }
        size_t before = cl;
        if (cl + 1 + l + 1 >= cap)
            goto out;
        if (cl)
            cur[cl++] = '/';
        memcpy(cur + cl, p, l);
        cl += l;
        cur[cl] = 0;
        const char *lt;
        if (sxe_strset_has(links, cur, cl, &lt)) {
            if (--budget < 0 || !lt || lt[0] == '/')
                goto out;
            size_t a = strlen(lt), b = strlen(next);
            if (a + 1 + b + 1 >= cap)
                goto out;
            memcpy(tmp, lt, a);
            tmp[a] = '/';
            memcpy(tmp + a + 1, next, b + 1);
            char *sw = rest;
            rest = tmp;
            tmp = sw;
            cl = before;
            cur[cl] = 0;
            p = rest;
            continue;
        }
        p = next;
    }
    ok = 1;
out:
    free(cur);
    free(rest);
    free(tmp);
    return ok;
}

/* Creates the parent directories of clean (never through a link). */
static int make_parents(ctx_t *x, const char *clean)
{
    const char *slash = strrchr(clean, '/');
    if (!slash)
        return 0;
    size_t pl = (size_t)(slash - clean);
    if (sxe_strset_has(&x->dirs, clean, pl, NULL))
        return 0;
    char buf[NAME_MAX_LEN + 1];
    memcpy(buf, clean, pl);
    buf[pl] = 0;
    for (size_t i = 0; i <= pl; i++) {
        if (buf[i] != '/' && buf[i] != 0)
            continue;
        char c = buf[i];
        buf[i] = 0;
        if (!sxe_strset_has(&x->dirs, buf, i, NULL)) {
            if (mkdirat(x->dirfd, buf, 0755) == 0) {
                (void)fchmodat(x->dirfd, buf, 0755, 0);
            } else {
                struct stat st;
                if (errno != EEXIST)
                    return bad(x, EX_IO, "cannot create directory %s: %s", buf, strerror(errno));
                if (fstatat(x->dirfd, buf, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
                    return bad(x, EX_DAMAGED, "entry '%.200s' needs '%.200s' to be a directory", clean, buf);
            }
            sxe_strset_add(&x->dirs, buf, NULL);
        }
        buf[i] = c;
    }
    return 0;
}

static int one_entry(ctx_t *x, const char *name, int type, unsigned mode, const char *linkname,
                     const uint8_t *content, uint64_t size)
{
    char clean[NAME_MAX_LEN + 1];
    int rc = checked_name(x, name, clean);
    if (rc)
        return rc;
    if (strcmp(clean, ".sxe-metadata.json") == 0)
        return bad(x, EX_DAMAGED, "entry '%.200s' uses a name reserved by sxe", name);
    if (!sxe_strset_add(&x->seen, clean, NULL))
        return bad(x, EX_DAMAGED, "tree lists '%.200s' twice", name);
    for (size_t i = strlen(clean); i > 0; i--)
        if (clean[i] == '/' && sxe_strset_has(&x->links, clean, i, NULL))
            return bad(x, EX_DAMAGED, "entry '%.200s' would be written through the symbolic link '%.*s'",
                       name, (int)i, clean);
    switch (type) {
    case '0': case 0: case '7': {
        if ((rc = make_parents(x, clean)) != 0)
            return rc;
        int fd = openat(x->dirfd, clean, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
            return bad(x, errno == EEXIST ? EX_DAMAGED : EX_IO, "cannot create %.200s: %s", clean, strerror(errno));
        if (sxe_write_all(fd, content, (size_t)size) != 0 || fchmod(fd, (mode & 0111) ? 0755 : 0644) != 0) {
            int e = errno;
            close(fd);
            return bad(x, EX_IO, "cannot write %.200s: %s", clean, strerror(e));
        }
        if (close(fd) != 0)
            return bad(x, EX_IO, "cannot write %.200s: %s", clean, strerror(errno));
        return 0;
    }
    case '5': {
        if ((rc = make_parents(x, clean)) != 0)
            return rc;
        if (mkdirat(x->dirfd, clean, 0755) != 0) {
            struct stat st;
            if (errno != EEXIST)
                return bad(x, EX_IO, "cannot create directory %.200s: %s", clean, strerror(errno));
            if (fstatat(x->dirfd, clean, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
                return bad(x, EX_DAMAGED, "entry '%.200s' clashes with another entry", name);
        }
        (void)fchmodat(x->dirfd, clean, 0755, 0);
        sxe_strset_add(&x->dirs, clean, NULL);
        return 0;
    }
    case '2':
        if (!linkname[0] || linkname[0] == '/' || !stays_inside(&x->links, clean, linkname))
            return bad(x, EX_DAMAGED, "entry '%.200s' links to '%.200s', outside the tree", name, linkname);
        if ((rc = make_parents(x, clean)) != 0)
            return rc;
        if (symlinkat(linkname, x->dirfd, clean) != 0)
            return bad(x, errno == EEXIST ? EX_DAMAGED : EX_IO, "cannot create link %.200s: %s", clean,
                       strerror(errno));
        sxe_strset_add(&x->links, clean, linkname);
        return 0;
    case '1':
        return bad(x, EX_DAMAGED, "entry '%.200s' is a hard link; only files, directories and symbolic links are allowed", name);
    case '3': case '4':
        return bad(x, EX_DAMAGED, "entry '%.200s' is a device; only files, directories and symbolic links are allowed", name);
    case '6':
        return bad(x, EX_DAMAGED, "entry '%.200s' is a FIFO; only files, directories and symbolic links are allowed", name);
    default:
        return bad(x, EX_DAMAGED, "entry '%.200s' is a special entry (type '%c'); only files, directories and symbolic links are allowed",
                   name, type >= 32 && type < 127 ? type : '?');
    }
}

/* Parses pax records; keeps path, linkpath and size. */
static int parse_pax(ctx_t *x, const uint8_t *p, size_t n, char **path, char **link, int *has_size, uint64_t *size)
{
    size_t i = 0;
    while (i < n) {
        if (p[i] == 0) /* padding */
            break;
        size_t len = 0, j = i;
        while (j < n && p[j] >= '0' && p[j] <= '9' && len < MAX_PAX)
            len = len * 10 + (size_t)(p[j++] - '0');
        if (j == i || j >= n || p[j] != ' ' || len > n - i || len < (j - i) + 3 || p[i + len - 1] != '\n')
            return bad(x, EX_DAMAGED, "malformed pax header");
        const uint8_t *k = p + j + 1, *end = p + i + len - 1;
        const uint8_t *eq = memchr(k, '=', (size_t)(end - k));
        if (!eq)
            return bad(x, EX_DAMAGED, "malformed pax record");
        size_t kl = (size_t)(eq - k), vl = (size_t)(end - eq - 1);
        const uint8_t *v = eq + 1;
        char **dst = NULL;
        if (kl == 4 && memcmp(k, "path", 4) == 0)
            dst = path;
        else if (kl == 8 && memcmp(k, "linkpath", 8) == 0)
            dst = link;
        else if (kl == 4 && memcmp(k, "size", 4) == 0) {
            uint64_t s = 0;
            if (vl == 0 || vl > 19)
                return bad(x, EX_DAMAGED, "bad pax size");
            for (size_t m = 0; m < vl; m++) {
                if (v[m] < '0' || v[m] > '9')
                    return bad(x, EX_DAMAGED, "bad pax size");
                s = s * 10 + (uint64_t)(v[m] - '0');
            }
            *has_size = 1;
            *size = s;
        }
        if (dst) {
            if (vl > NAME_MAX_LEN || memchr(v, 0, vl))
                return bad(x, EX_DAMAGED, "bad pax path");
            free(*dst);
            *dst = sxe_xmalloc(vl + 1);
            memcpy(*dst, v, vl);
            (*dst)[vl] = 0;
        }
        i += len;
    }
    return 0;
}

int sxe_tar_extract(const uint8_t *data, size_t len, int dirfd, char *why, size_t whylen)
{
    ctx_t x;
    memset(&x, 0, sizeof x);
    x.dirfd = dirfd;
    x.why = why;
    x.whylen = whylen;
    why[0] = 0;
    char *pax_path = NULL, *pax_link = NULL, *gnu_name = NULL, *gnu_link = NULL;
    int pax_has_size = 0;
    uint64_t pax_size = 0;
    size_t pos = 0, count = 0;
    int rc = 0;
    char name[NAME_MAX_LEN + 1 + 256], linkname[NAME_MAX_LEN + 1];

    while (1) {
        if (pos == len) {
            /* No end-of-archive blocks; accept if nothing is pending. */
            if (pax_path || pax_link || gnu_name || gnu_link || pax_has_size)
                rc = bad(&x, EX_DAMAGED, "tar stream ends after an extended header");
            break;
        }
        if (len - pos < 512) {
            rc = bad(&x, EX_DAMAGED, "tar stream is truncated");
            break;
        }
        const uint8_t *h = data + pos;
        int zero = 1;
        for (int i = 0; i < 512; i++)
            if (h[i]) {
                zero = 0;
                break;
            }
        if (zero)
            break;
        uint64_t want, size;
        unsigned sum = 0;
        for (int i = 0; i < 512; i++)
            sum += (i >= 148 && i < 156) ? ' ' : h[i];
        if (parse_num(h + 148, 8, &want) != 0 || want != sum) {
            rc = bad(&x, EX_DAMAGED, "tar header checksum mismatch at offset %zu", pos);
            break;
        }
        if (parse_num(h + 124, 12, &size) != 0) {
            rc = bad(&x, EX_DAMAGED, "bad size in tar header at offset %zu", pos);
            break;
        }
        int type = h[156];
        if (type != 'x' && type != 'g' && type != 'L' && type != 'K' && pax_has_size) {
            size = pax_size;
        }
        pos += 512;
        if (size > len - pos) {
            rc = bad(&x, EX_DAMAGED, "tar stream is truncated");
            break;
        }
        const uint8_t *content = data + pos;
        uint64_t padded = (size + 511) & ~(uint64_t)511;
        pos = padded > len - pos ? len : pos + (size_t)padded;
        if (++count > MAX_ENTRIES) {
            rc = bad(&x, EX_DAMAGED, "too many tar entries");
            break;
        }
        if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
            if (size > MAX_PAX) {
                rc = bad(&x, EX_DAMAGED, "extended tar header too large");
                break;
            }
            if (type == 'x') {
                rc = parse_pax(&x, content, (size_t)size, &pax_path, &pax_link, &pax_has_size, &pax_size);
                if (rc)
                    break;
            } else if (type == 'L' || type == 'K') {
                size_t l = 0;
                while (l < size && content[l])
                    l++;
                if (l > NAME_MAX_LEN) {
                    rc = bad(&x, EX_DAMAGED, "long tar name too long");
                    break;
                }
                char **dst = type == 'L' ? &gnu_name : &gnu_link;
                free(*dst);
                *dst = sxe_xmalloc(l + 1);
                memcpy(*dst, content, l);
                (*dst)[l] = 0;
            }
            continue; /* 'g' (global pax) carries nothing we use */
        }
        unsigned mode = 0;
        uint64_t m64;
        if (parse_num(h + 100, 8, &m64) == 0)
            mode = (unsigned)(m64 & 07777);
        if (pax_path) {
            strcpy(name, pax_path);
        } else if (gnu_name) {
            strcpy(name, gnu_name);
        } else {
            size_t o = 0;
            if (memcmp(h + 257, "ustar", 5) == 0 && h[345]) {
                o = field(name, h + 345, 155);
                name[o++] = '/';
            }
            field(name + o, h, 100);
        }
        if (pax_link)
            strcpy(linkname, pax_link);
        else if (gnu_link)
            strcpy(linkname, gnu_link);
        else
            field(linkname, h + 157, 100);
        rc = one_entry(&x, name, type, mode, linkname, content, size);
        free(pax_path);
        free(pax_link);
        free(gnu_name);
        free(gnu_link);
        pax_path = pax_link = gnu_name = gnu_link = NULL;
        pax_has_size = 0;
        if (rc)
            break;
    }
    /* Links may point at links created after them: check them all again. */
    for (size_t i = 0; !rc && i < x.links.cap; i++)
        if (x.links.keys[i] && !stays_inside(&x.links, x.links.keys[i], x.links.vals[i]))
            rc = bad(&x, EX_DAMAGED, "entry '%.200s' links to '%.200s', outside the tree", x.links.keys[i],
                     x.links.vals[i]);
    free(pax_path);
    free(pax_link);
    free(gnu_name);
    free(gnu_link);
    sxe_strset_free(&x.seen);
    sxe_strset_free(&x.links);
    sxe_strset_free(&x.dirs);
    return rc;
}
