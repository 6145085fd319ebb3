/* sxe-unlz4 [-o OUT] [--size N] [FILE]
 * Decodes LZ4 frames from FILE (default stdin) to OUT (default stdout).
 * Without --size the streaming decoder is used; with --size N the whole input
 * is read and decoded by the one-shot API into a buffer of exactly N bytes.
 * Testing option: --feed N hands the streaming decoder chunks of N bytes.
 * On error prints one line "sxe-unlz4: <problem>" and exits 1. */
#include "sxe_lz4.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1u << 20)

static const char *out_name = "stdout";

static void die(const char *what, const char *detail)
{
    if (detail)
        fprintf(stderr, "sxe-unlz4: %s: %s\n", what, detail);
    else
        fprintf(stderr, "sxe-unlz4: %s\n", what);
    exit(1);
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = (const char *)data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int on_output(void *opaque, const void *data, size_t len)
{
    return write_all(*(int *)opaque, data, len);
}

static void usage(void)
{
    die("usage: sxe-unlz4 [-o OUT] [--size N] [FILE]", NULL);
}

int main(int argc, char **argv)
{
    const char *in_path = NULL, *out_path = NULL;
    int have_size = 0;
    size_t feed = CHUNK;
    unsigned long long size = 0;
    int in_fd = 0, out_fd = 1;
    int i, rc;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out_path = argv[++i];
        } else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
            char *end;
            const char *v = argv[++i];
            errno = 0;
            size = strtoull(v, &end, 10);
            if (errno || end == v || *end || v[0] == '-')
                die("invalid --size", v);
            have_size = 1;
        } else if (strcmp(argv[i], "--feed") == 0 && i + 1 < argc) {
            char *end;
            const char *v = argv[++i];
            unsigned long f;
            errno = 0;
            f = strtoul(v, &end, 10);
            if (errno || end == v || *end || f == 0 || f > CHUNK)
                die("invalid --feed", v);
            feed = (size_t)f;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage();
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            usage();
        } else if (!in_path) {
            in_path = argv[i];
        } else {
            usage();
        }
    }
    if (in_path && strcmp(in_path, "-") != 0) {
        in_fd = open(in_path, O_RDONLY);
        if (in_fd < 0)
            die(in_path, strerror(errno));
    }
    if (out_path && strcmp(out_path, "-") != 0) {
        out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out_fd < 0)
            die(out_path, strerror(errno));
        out_name = out_path;
    }

    if (have_size) {
        size_t cap = 1u << 20, len = 0, outlen = 0;
        char *in = (char *)malloc(cap), *out;
        if (size > (unsigned long long)(size_t)-1)
            die("--size too large", NULL);
        if (!in)
            die("out of memory", NULL);
        for (;;) {
            ssize_t n;
            if (len == cap) {
                char *bigger;
                if (cap > ((size_t)-1) / 2)
                    die("input too large", NULL);
                bigger = (char *)realloc(in, cap * 2);
                if (!bigger)
                    die("out of memory", NULL);
                in = bigger;
                cap *= 2;
            }
            n = read(in_fd, in + len, cap - len);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                die("read error", strerror(errno));
            }
            if (n == 0)
                break;
            len += (size_t)n;
        }
        out = (char *)malloc(size ? (size_t)size : 1);
        if (!out)
            die("out of memory", NULL);
        rc = sxe_lz4_decompress(in, len, out, (size_t)size, &outlen);
        if (rc)
            die(sxe_lz4_strerror(rc), NULL);
        if (write_all(out_fd, out, outlen))
            die(out_name, strerror(errno));
        free(in);
        free(out);
    } else {
        char *buf = (char *)malloc(CHUNK);
        sxe_lz4_stream *s = sxe_lz4_stream_new(on_output, &out_fd);
        if (!buf || !s)
            die("out of memory", NULL);
        for (;;) {
            ssize_t n = read(in_fd, buf, CHUNK);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                die("read error", strerror(errno));
            }
            if (n == 0)
                break;
            {
                size_t off = 0;
                rc = 0;
                while (off < (size_t)n && rc == 0) {
                    size_t k = (size_t)n - off < feed ? (size_t)n - off : feed;
                    rc = sxe_lz4_stream_feed(s, buf + off, k);
                    off += k;
                }
            }
            if (rc == SXE_LZ4_ECALLBACK)
                die(out_name, "write error");
            if (rc)
                die(sxe_lz4_strerror(rc), NULL);
        }
        rc = sxe_lz4_stream_finish(s);
        if (rc)
            die(sxe_lz4_strerror(rc), NULL);
        sxe_lz4_stream_free(s);
        free(buf);
    }
    if (out_fd != 1 && close(out_fd) != 0)
        die(out_name, strerror(errno));
    return 0;
}
