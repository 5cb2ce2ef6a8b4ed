/* test_files.h: reading a file whole, for tests that compare with goldens
 * or parse scripts. Include after <cmocka.h>. */
#ifndef TEST_FILES_H
#define TEST_FILES_H

#include <stdio.h>
#include <stdlib.h>

/* The bytes of path plus a NUL, in a malloc'd buffer (free it; plain
 * malloc, so the counting allocator does not see it), and their count in
 * *len (len may be NULL). NULL if the file cannot be opened. */
static inline char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  size_t got = fread(buf, 1, (size_t)n, f);
  buf[got] = '\0';
  fclose(f);
  if (len) *len = got;
  return buf;
}

#endif /* TEST_FILES_H */
