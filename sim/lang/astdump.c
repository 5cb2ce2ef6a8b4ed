/* astdump.c: coroscope-astdump, a debug tool that parses a file and prints its AST or its SyntaxError. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "rt.h"

static void on_diag(void *ud, const lang_diag *d) {
  (void)ud;
  int n = lang_diag_format(d, NULL, 0);
  char *buf = malloc((size_t)n + 1);
  if (!buf) return;
  lang_diag_format(d, buf, (size_t)n + 1);
  fputs(buf, stderr);
  free(buf);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t k = fread(buf + n, 1, cap - n, f);
    n += k;
    if (n < cap) break;
    char *nb = realloc(buf, cap *= 2);
    if (!nb) free(buf);
    buf = nb;
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  unsigned flags = AST_DUMP_INDENT;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--pos")) flags |= AST_DUMP_POS;
    else if (!strcmp(argv[i], "--flat")) flags &= ~(unsigned)AST_DUMP_INDENT;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "usage: coroscope-astdump [--pos] [--flat] FILE\n");
      return 2;
    } else path = argv[i];
  }
  if (!path) {
    fprintf(stderr, "usage: coroscope-astdump [--pos] [--flat] FILE\n");
    return 2;
  }
  size_t len;
  char *src = read_file(path, &len);
  if (!src) {
    fprintf(stderr, "coroscope-astdump: cannot read %s\n", path);
    return 2;
  }
  lang_parse_opts opts = {.filename = path, .on_diag = on_diag};
  ast_module *m;
  int rc = lang_parse(src, len, &opts, &m);
  free(src);
  if (rc != LANG_OK) {
    if (rc == LANG_ENOMEM) fprintf(stderr, "MemoryError\n");
    return 1;
  }
  char *dump = ast_dump_module(m, flags);
  if (dump) {
    puts(dump);
    rt_free(dump);
  }
  ast_module_free(m);
  return dump ? 0 : 1;
}
