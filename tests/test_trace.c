/* test_trace.c: placeholder while the real tests are written. */
int main(void) { return 0; }
