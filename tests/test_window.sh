#!/bin/sh
# test_window.sh: the real window under Xvfb: keys sent with xdotool must
# change what it shows (F12 screenshots compared), and Esc must close it.
# Usage: test_window.sh DRIVER. Exit 77 (skip) without Xvfb or xdotool.
driver=$1
command -v Xvfb >/dev/null 2>&1 || { echo "skip: no Xvfb"; exit 77; }
command -v xdotool >/dev/null 2>&1 || { echo "skip: no xdotool"; exit 77; }
tmp=$(mktemp -d /tmp/coroscope_window_XXXXXX) || exit 1
xpid=; apid=
cleanup() {
  if [ -n "$apid" ]; then
    # The window first (TERM, then KILL), while its X server is still up.
    kill "$apid" 2>/dev/null
    i=0
    while kill -0 "$apid" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$apid" 2>/dev/null
  fi
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -n "$KEEP" ] && cp "$tmp"/*.png "$KEEP"/ 2>/dev/null; exit 1; }

# A free display: Xvfb picks it and writes its number to a pipe.
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xpid=$!
i=0
while [ ! -s "$tmp/display" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$tmp/display" ] || fail "Xvfb did not start"
export DISPLAY=":$(cat "$tmp/display")"
# Xvfb has no GPU: the software renderer (GL would load a DRI driver that
# SDL unloads at exit, hiding its allocations from LeakSanitizer).
export SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
export COROSCOPE_SCREENSHOTS="$tmp"

"$driver" 07b >"$tmp/app.log" 2>&1 &
apid=$!
wid=
i=0
while [ -z "$wid" ] && [ $i -lt 100 ]; do
  wid=$(xdotool search --name '^coroscope' 2>/dev/null | head -1)
  [ -z "$wid" ] && sleep 0.1
  i=$((i + 1))
done
[ -n "$wid" ] || fail "no window (log: $(cat "$tmp/app.log"))"
xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
sleep 0.5

# shot N: press F12 and wait for screenshot_N.png.
shot() {
  xdotool key --clearmodifiers F12
  i=0
  while [ ! -s "$tmp/screenshot_$1.png" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
  [ -s "$tmp/screenshot_$1.png" ] || fail "F12 wrote no screenshot_$1.png"
}

shot 000
xdotool key --clearmodifiers Right Right Right Right Right Right
sleep 0.6
shot 001
cmp -s "$tmp/screenshot_000.png" "$tmp/screenshot_001.png" && fail "Right did not change the frame"
xdotool key --clearmodifiers Left Left Left Left Left Left
sleep 0.6
shot 002
cmp -s "$tmp/screenshot_000.png" "$tmp/screenshot_002.png" || fail "Left x6 did not come back to the first frame"
# The status toast differs; wait for it to fade before comparing.
xdotool key --clearmodifiers F1
sleep 0.4
shot 003
cmp -s "$tmp/screenshot_002.png" "$tmp/screenshot_003.png" && fail "F1 did not show the help"
xdotool key --clearmodifiers Escape
sleep 0.2
xdotool key --clearmodifiers Escape
i=0
while kill -0 "$apid" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$apid" 2>/dev/null && fail "Esc did not close the window"
wait "$apid"
rc=$?
apid=
[ $rc -eq 0 ] || fail "window exited with $rc: $(cat "$tmp/app.log")"
echo "ok: Right changed the frame, Left came back to it, F1 showed the help, Esc closed the window"
