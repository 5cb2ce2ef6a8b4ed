/* scenes.c: the built-in scenes: window demos and the window's load test.
 * Each is a Python script in ui/scenes/ that CPython runs unchanged; the
 * window opens it as it opens a lesson (run on the interpreter, recorded,
 * its `# >>` notes as narration), under a name of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

#ifndef COROSCOPE_UI_SCENES_DIR
#define COROSCOPE_UI_SCENES_DIR "ui/scenes"
#endif

typedef struct scene {
  const char *name;
  const char *file;          /* in the scenes folder */
  const char *title_en, *title_zh;
} scene;

static const scene scenes[] = {
  {"locks", "locks.py", "Queue and lock: two workers", "队列与锁：两个 worker"},
  {"threads", "threads.py", "Threads: a sleeping worker and a blocked loop",
   "线程：睡眠的 worker 与被阻塞的循环"},
  {"stress", "stress.py", "1,000 tasks (the window's load test)", "1000 个任务（窗口负载测试）"},
};
static const char *const scene_names[] = {"locks", "threads", "stress", NULL};

const char *const *ui_scene_names(void) { return scene_names; }

const char *ui_scenes_dir(void) {
  const char *env = getenv("COROSCOPE_SCENES");
  return env && *env ? env : COROSCOPE_UI_SCENES_DIR;
}

int ui_scene_path(const char *name, char *buf, size_t n, const char **title_en,
                  const char **title_zh) {
  for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++) {
    if (strcmp(scenes[i].name, name)) continue;
    if ((size_t)snprintf(buf, n, "%s/%s", ui_scenes_dir(), scenes[i].file) >= n) return RT_EINVAL;
    *title_en = scenes[i].title_en;
    *title_zh = scenes[i].title_zh;
    return RT_OK;
  }
  return RT_EINVAL;
}
