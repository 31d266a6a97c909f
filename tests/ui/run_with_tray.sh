#!/usr/bin/env bash
# Runs a GUI test on a private Xvfb display with trayer as the system-tray host (docs/platform-notes.md: Xvfb alone
# has no tray). Usage: run_with_tray.sh TEST_BINARY [ARGS...]. Skips (exit 0, says so) without Xvfb/trayer.
set -uo pipefail
if ! command -v Xvfb >/dev/null || ! command -v trayer >/dev/null; then
  echo "SKIP: Xvfb or trayer not installed"; exit 0
fi
for n in $(seq 90 140); do [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }; done
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $tray $xvfb 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
DISPLAY=$display trayer --edge top --align right --widthtype request --height 24 >/dev/null 2>&1 &
tray=$!
sleep 1
DISPLAY=$display QT_QPA_PLATFORM=xcb AS_EXPECT_TRAY=1 "$@"
