/* A small real program the tests pack and run: it echoes its arguments and environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

static void on_term(int sig) {
  (void) sig;
  static const char msg[] = "got TERM\n";
  (void) !write(1, msg, sizeof msg - 1);
  _exit(42);
}

int main(int argc, char **argv) {
  int code = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--exit") == 0 && i + 1 < argc) {
      code = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--sleep") == 0 && i + 1 < argc) {
      printf("sleeping\n");
      fflush(stdout);
      sleep((unsigned) atoi(argv[++i]));
    } else if (strcmp(argv[i], "--stdin") == 0) {
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        fwrite(buf, 1, n, stdout);
      }
    } else if (strcmp(argv[i], "--argv0") == 0) {
      printf("argv0=%s\n", argv[0]);
    } else if (strcmp(argv[i], "--trap") == 0) {
      signal(SIGTERM, on_term);
    } else if (strcmp(argv[i], "--env") == 0) {
      const char *home = getenv("SXE_HOME");
      const char *exe = getenv("SXE_EXECUTABLE");
      printf("SXE_HOME=%s\nSXE_EXECUTABLE=%s\n", home ? home : "", exe ? exe : "");
    } else if (strcmp(argv[i], "--touch") == 0 && i + 1 < argc) {
      FILE *f = fopen(argv[++i], "w");
      if (f) fclose(f);
    } else {
      printf("[%s]\n", argv[i]);
    }
  }
  printf("probe done\n");
  return code;
}
