#!/bin/sh
# test_window.sh: the real window under Xvfb: keys and a click sent with
# xdotool must change what it shows (F12 screenshots compared) and the
# view the window reports (its state file, ui_opts.state_file: step, event,
# console lines, language, narration, speed, play, menu), and Esc must
# close it. Usage: test_window.sh DRIVER. Exit 77 (skip) without Xvfb or
# xdotool.
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
export COROSCOPE_UI_STATE="$tmp/state"

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

# st KEY: a value from the window's state file.
st() { sed -n "s/^$1 //p" "$tmp/state" 2>/dev/null; }
# want KEY VALUE: wait (up to 10 s) until the window reports it.
want() {
  i=0
  while [ "$(st "$1")" != "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  [ "$(st "$1")" = "$2" ] || fail "$3 (wanted $1=$2, state: $(tr '\n' ' ' < "$tmp/state"))"
}
key() { xdotool key --clearmodifiers "$@"; }

want step 0 "the window did not report its state"
steps=$(st steps)
[ "$steps" -gt 100 ] || fail "07b has only $steps steps"

shot 000
key Right Right Right Right Right Right
want step 6 "Right x6 did not move six steps"
sleep 0.4
shot 001
cmp -s "$tmp/screenshot_000.png" "$tmp/screenshot_001.png" && fail "Right did not change the frame"
key Left Left Left Left Left Left
want step 0 "Left x6 did not come back"
sleep 0.4
shot 002
cmp -s "$tmp/screenshot_000.png" "$tmp/screenshot_002.png" || fail "Left x6 did not come back to the first frame"
key F1
want help 1 "F1 did not open the help"
sleep 0.2
shot 003
cmp -s "$tmp/screenshot_002.png" "$tmp/screenshot_003.png" && fail "F1 did not show the help"
key Escape
want help 0 "Esc did not close the help"

# T: the narration switches to Chinese and back.
en=$(st narration)
[ -n "$en" ] || fail "no narration at step 0"
key t
want lang zh "T did not switch to Chinese"
zh=$(st narration)
[ "$zh" != "$en" ] || fail "T left the narration as it was"
printf '%s' "$zh" | LC_ALL=C grep -q "$(printf '[\344-\351]')" || fail "the narration after T is not Chinese: $zh"
sleep 0.3
shot 004
cmp -s "$tmp/screenshot_002.png" "$tmp/screenshot_004.png" && fail "T did not change the frame"
key t
want lang en "T did not switch back"
[ "$(st narration)" = "$en" ] || fail "T twice did not restore the English narration"

# Page Down / Page Up: to the next / previous completed console line.
key Next
want lines 1 "Page Down did not go to the first printed line"
[ "$(st event)" = output ] || fail "Page Down stopped on $(st event), not on an output"
s1=$(st step)
key Next
want lines 2 "Page Down did not go to the second printed line"
s2=$(st step)
[ "$s2" -gt "$s1" ] || fail "the second line ($s2) is not after the first ($s1)"
key Prior
want step "$s1" "Page Up did not go back to the first printed line"
[ "$(st lines)" = 1 ] || fail "Page Up: $(st lines) lines"

# + and -: the speed doubles and halves, and the status bar shows it.
speed=$(st speed)
sleep 0.3
shot 005
key plus
want speed $((speed * 2)) "+ did not double the speed"
sleep 0.3
shot 006
cmp -s "$tmp/screenshot_005.png" "$tmp/screenshot_006.png" && fail "+ did not change the status bar"
key minus minus
want speed $((speed / 2)) "- twice did not halve the speed"
key plus
want speed "$speed" "+ did not restore the speed"

# End, then r: back to the start, playing.
key End
want step "$steps" "End did not go to the last step"
key r
want playing 1 "r did not start playing"
now=$(st step)
[ "$now" -lt $((steps / 2)) ] || fail "r did not restart (step $now of $steps)"

# L opens the lesson menu and pauses the run; Esc closes it.
want playing 1 "not playing before L"
key l
want menu 1 "L did not open the lesson menu"
want playing 0 "the lesson menu did not pause playback"
held=$(st step)
sleep 0.5
[ "$(st step)" = "$held" ] || fail "the run moved while the menu was open"
key Escape
want menu 0 "Esc did not close the menu"

# A click on the scrubber a quarter of the way along jumps there.
set -- $(st scrubber)
x=$(( $1 + ($2 - $1) / 4 ))
xdotool mousemove --window "$wid" "$x" "$3" click 1
expect=$(awk -v n="$steps" -v x="$x" -v a="$1" -v b="$2" 'BEGIN { printf "%d", n * (x - a) / (b - a) + 0.5 }')
i=0
while [ "$(st step)" != "$expect" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
got=$(st step)
[ $((got - expect)) -le 1 ] && [ $((expect - got)) -le 1 ] ||
  fail "a click at x=$x of the track $1..$2 went to step $got, not $expect"

key Escape
i=0
while kill -0 "$apid" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$apid" 2>/dev/null && fail "Esc did not close the window"
wait "$apid"
rc=$?
apid=
[ $rc -eq 0 ] || fail "window exited with $rc: $(cat "$tmp/app.log")"
echo "ok: arrows step and come back, F1 helps, T switches the narration to Chinese and back," \
  "Page Down/Up go to printed lines, +/- change the speed shown, End and r restart," \
  "L pauses and opens the menu, a click on the scrubber jumps, Esc closes the window"
