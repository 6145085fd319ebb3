/* sxe-unzstd - decode a .zst file with the sxe zstd decoder.
 *
 *   sxe-unzstd [-o OUT] [--size N] [--max-window BYTES] [FILE]
 *
 * Without --size the streaming API is used (input read in chunks, memory
 * bounded by the window).  With --size N the whole input is read and the
 * one-shot API decodes it into an N-byte buffer.  FILE "-" or absent means
 * stdin; OUT absent means stdout.  Exit 0 on success; 1 with a one-line
 * "sxe-unzstd: <problem>" on stderr otherwise. */
#include "sxe_zstd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *out_name;
/* everything allocated, released on every exit path (keeps LeakSanitizer quiet) */
static uint8_t *g_in, *g_out, *g_buf, *g_obuf;
static sxe_zstd_stream *g_stream;

static void release(void)
{
    free(g_in);
    free(g_out);
    free(g_buf);
    free(g_obuf);
    sxe_zstd_stream_free(g_stream);
    g_in = g_out = g_buf = g_obuf = NULL;
    g_stream = NULL;
}

static int die(const char *what, const char *detail)
{
    if (detail)
        fprintf(stderr, "sxe-unzstd: %s: %s\n", what, detail);
    else
        fprintf(stderr, "sxe-unzstd: %s\n", what);
    if (out_name)
        unlink(out_name);
    release();
    return 1;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Output is buffered to cut down on syscalls for small blocks. */
typedef struct {
    int fd;
    uint8_t *buf;
    size_t len, cap;
} outbuf;

static int flush_out(outbuf *o)
{
    if (o->len && write_all(o->fd, o->buf, o->len))
        return -1;
    o->len = 0;
    return 0;
}

static int on_data(void *user, const uint8_t *data, size_t len)
{
    outbuf *o = (outbuf *)user;
    if (o->len + len > o->cap && flush_out(o))
        return -1;
    if (len >= o->cap)
        return write_all(o->fd, data, len);
    memcpy(o->buf + o->len, data, len);
    o->len += len;
    return 0;
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    unsigned long long x;
    if (!*s || *s == '-')
        return -1;
    errno = 0;
    x = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

int main(int argc, char **argv)
{
    const char *in_path = NULL, *out_path = NULL;
    uint64_t size = 0, max_window = 0;
    int have_size = 0, i, infd = 0, outfd = 1, err;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out_path = argv[++i];
        } else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
            if (parse_u64(argv[++i], &size))
                return die("bad --size value", argv[i]);
            have_size = 1;
        } else if (!strcmp(argv[i], "--max-window") && i + 1 < argc) {
            if (parse_u64(argv[++i], &max_window))
                return die("bad --max-window value", argv[i]);
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: sxe-unzstd [-o OUT] [--size N] [--max-window BYTES] [FILE]\n");
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return die("unknown option", argv[i]);
        } else if (!in_path) {
            in_path = argv[i];
        } else {
            return die("more than one input file", NULL);
        }
    }
    if (in_path && strcmp(in_path, "-")) {
        {
            FILE *f = fopen(in_path, "rb");
            if (!f)
                return die(in_path, strerror(errno));
            infd = dup(fileno(f));
            fclose(f);
            if (infd < 0)
                return die(in_path, strerror(errno));
        }
    }
    if (out_path) {
        FILE *f = fopen(out_path, "wb");
        if (!f)
            return die(out_path, strerror(errno));
        outfd = dup(fileno(f));
        fclose(f);
        if (outfd < 0)
            return die(out_path, strerror(errno));
        out_name = out_path;
    }

    if (have_size) {
        size_t cap = 1 << 20, len = 0, outlen = 0;
        struct stat st;
        if (fstat(infd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
            (uint64_t)st.st_size < (uint64_t)((size_t)-1 / 2))
            cap = (size_t)st.st_size + 1; /* one read to EOF, no regrowth */
        if (size > (uint64_t)(size_t)-1)
            return die("--size too large", NULL);
        if (!(g_in = (uint8_t *)malloc(cap)))
            return die("out of memory", NULL);
        for (;;) {
            ssize_t r;
            if (len == cap) {
                uint8_t *n2 = (uint8_t *)realloc(g_in, cap * 2);
                if (!n2)
                    return die("out of memory", NULL);
                g_in = n2;
                cap *= 2;
            }
            r = read(infd, g_in + len, cap - len);
            if (r < 0) {
                if (errno == EINTR)
                    continue;
                return die("read error", strerror(errno));
            }
            if (r == 0)
                break;
            len += (size_t)r;
        }
        if (!(g_out = (uint8_t *)malloc(size ? (size_t)size : 1)))
            return die("out of memory", NULL);
        err = sxe_zstd_decode(g_in, len, g_out, (size_t)size, &outlen);
        if (err)
            return die(sxe_zstd_strerror(err), NULL);
        if (write_all(outfd, g_out, outlen))
            return die("write error", strerror(errno));
    } else {
        size_t chunk = 1 << 20;
        outbuf o;
        g_stream = sxe_zstd_stream_new(max_window);
        g_buf = (uint8_t *)malloc(chunk);
        g_obuf = (uint8_t *)malloc(1 << 20);
        o.fd = outfd;
        o.len = 0;
        o.cap = 1 << 20;
        o.buf = g_obuf;
        if (!g_stream || !g_buf || !g_obuf)
            return die("out of memory", NULL);
        for (;;) {
            ssize_t r = read(infd, g_buf, chunk);
            if (r < 0) {
                if (errno == EINTR)
                    continue;
                return die("read error", strerror(errno));
            }
            if (r == 0)
                break;
            err = sxe_zstd_stream_feed(g_stream, g_buf, (size_t)r, on_data, &o);
            if (err == SXE_ZSTD_E_WRITE)
                return die("write error", strerror(errno));
            if (err)
                return die(sxe_zstd_strerror(err), NULL);
        }
        err = sxe_zstd_stream_finish(g_stream);
        if (err)
            return die(sxe_zstd_strerror(err), NULL);
        if (flush_out(&o))
            return die("write error", strerror(errno));
    }
    release();
    if (outfd != 1 && close(outfd))
        return die("write error", strerror(errno));
    return 0;
}
