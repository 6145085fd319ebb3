/* sxe-b3sum [--impl NAME] [FILE...]
 * Prints "<64 hex digits>  <name>" for each FILE (default: stdin, named "-"),
 * like b3sum. --impl selects the BLAKE3 implementation (auto, portable, sse2,
 * avx2) for testing; --print-impl prints the implementation in use and exits.
 * Exit status 1 if any file could not be read. */
#include "sxe_blake3.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUFSZ (1u << 20)

static int hash_fd(int fd, unsigned char *buf, uint8_t out[32])
{
    sxe_blake3_hasher h;
    struct stat st;
    sxe_blake3_init(&h);
    /* Regular files are mapped (saves a copy); anything else is read. */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0
        && (unsigned long long)st.st_size <= (size_t)-1) {
        size_t len = (size_t)st.st_size;
        void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
            sxe_blake3_update(&h, map, len);
            munmap(map, len);
            sxe_blake3_final(&h, out);
            return 0;
        }
    }
    for (;;) {
        ssize_t n = read(fd, buf, BUFSZ);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        sxe_blake3_update(&h, buf, (size_t)n);
    }
    sxe_blake3_final(&h, out);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned char *buf = (unsigned char *)malloc(BUFSZ);
    int i, first = 1, status = 0, nfiles = 0, opts = 1;
    if (!buf) {
        fprintf(stderr, "sxe-b3sum: out of memory\n");
        return 1;
    }
    for (i = 1; i < argc; i++) {
        if (opts && strcmp(argv[i], "--impl") == 0 && i + 1 < argc) {
            if (sxe_blake3_select(argv[++i]) != 0) {
                fprintf(stderr, "sxe-b3sum: implementation not available: %s\n", argv[i]);
                return 1;
            }
            first = i + 1;
        } else if (opts && strcmp(argv[i], "--print-impl") == 0) {
            printf("%s\n", sxe_blake3_impl());
            free(buf);
            return 0;
        } else if (opts && strcmp(argv[i], "--") == 0) {
            opts = 0;
            first = i + 1;
        } else {
            break;
        }
    }
    for (i = first; i <= argc; i++) {
        const char *name;
        int fd;
        uint8_t digest[32];
        char hex[65];
        if (i == argc) {
            if (nfiles > 0)
                break;
            name = "-";
        } else {
            name = argv[i];
        }
        nfiles++;
        if (strcmp(name, "-") == 0) {
            fd = 0;
        } else {
            fd = open(name, O_RDONLY);
            if (fd < 0) {
                fprintf(stderr, "sxe-b3sum: %s: %s\n", name, strerror(errno));
                status = 1;
                continue;
            }
        }
        if (hash_fd(fd, buf, digest) != 0) {
            fprintf(stderr, "sxe-b3sum: %s: %s\n", name, strerror(errno));
            status = 1;
        } else {
            sxe_blake3_hex(digest, hex);
            printf("%s  %s\n", hex, name);
        }
        if (fd != 0)
            close(fd);
    }
    free(buf);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "sxe-b3sum: write error\n");
        return 1;
    }
    return status;
}
