/* sxe-testgen LEN: writes LEN bytes to stdout where byte i is (i mod 251),
 * the input pattern of the official BLAKE3 test vectors. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    unsigned long long n, i;
    unsigned char buf[251 * 64];
    char *end;
    if (argc != 2) {
        fprintf(stderr, "sxe-testgen: usage: sxe-testgen LEN\n");
        return 1;
    }
    n = strtoull(argv[1], &end, 10);
    if (*end || end == argv[1]) {
        fprintf(stderr, "sxe-testgen: bad length\n");
        return 1;
    }
    for (i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(i % 251);
    while (n > 0) {
        size_t k = n < sizeof buf ? (size_t)n : sizeof buf;
        if (fwrite(buf, 1, k, stdout) != k) {
            fprintf(stderr, "sxe-testgen: write error\n");
            return 1;
        }
        n -= k;
    }
    return fflush(stdout) ? 1 : 0;
}
