/* bench_bare.c: the bare baseline alone (no coroscope runtime needed). */
#include "bench.h"

static const bench_row rows[] = {
  {"switch", "ns/op", "bare", BENCH_RATIO, 20000000, 2000000, bare_wl_switch, NULL, 2, 0, 0},
  {"roundtrip", "ns/op", "bare", BENCH_RATIO, 4000000, 400000, bare_wl_roundtrip, NULL, 4, 0, 0},
  {"spawn", "ns/op", "bare", BENCH_RATIO, 2000000, 200000, bare_wl_spawn, NULL, 3, 0, 0},
  {"idle", "B/task", "bare", BENCH_RATIO, 100000, 100000, bare_wl_idle, NULL, 1.1, 1, 0},
  {"idle+pt", "B/task", "bare", BENCH_RATIO, 100000, 100000, bare_wl_idle_pt, NULL, 0, 1, 0},
  {"fanout", "ns/task", "bare", BENCH_RATIO, 100000, 20000, bare_wl_fanout, NULL, 2.5, 0, 1},
  {"timers", "ns/op", "bare", BENCH_RATIO, 100000, 20000, bare_wl_timers, NULL, 2, 0, 0},
};

int main(int argc, char **argv) {
  return bench_main(rows, (int)(sizeof rows / sizeof rows[0]), argc, argv);
}
