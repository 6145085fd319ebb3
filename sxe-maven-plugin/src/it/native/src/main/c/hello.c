#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints its arguments and SXE_HOME; "--exit N" exits with N. */
int main(int argc, char **argv) {
  int code = 0;
  printf("native hello");
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--exit") == 0 && i + 1 < argc) {
      code = atoi(argv[++i]);
      continue;
    }
    printf(" [%s]", argv[i]);
  }
  printf("\nhome=%s\n", getenv("SXE_HOME") ? "set" : "unset");
  return code;
}
