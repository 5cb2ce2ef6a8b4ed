/* ui_window_driver.c: opens the real window on a lesson or scene (argv[1])
 * for the Xvfb test, until the window is closed; argv[2], if given, quits
 * after that many frames. With $COROSCOPE_UI_STATE set, the window keeps
 * its view written there (ui_opts.state_file), for the test to read. */
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"

int main(int argc, char **argv) {
  ui_opts o = {.lesson = argc > 1 ? argv[1] : NULL, .width = 1280, .height = 800};
  if (argc > 2) o.max_frames = atoi(argv[2]);
  o.state_file = getenv("COROSCOPE_UI_STATE");
  return ui_window_run(&o);
}
