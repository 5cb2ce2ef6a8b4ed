/* ui_window_driver.c: opens the real window on a lesson or scene (argv[1])
 * for the Xvfb test, until the window is closed. */
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"

int main(int argc, char **argv) {
  ui_opts o = {.lesson = argc > 1 ? argv[1] : NULL, .width = 1280, .height = 800};
  if (argc > 2) o.max_frames = atoi(argv[2]);
  return ui_window_run(&o);
}
