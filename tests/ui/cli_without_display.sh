#!/usr/bin/env bash
# `amazingstore --help`, --version, a wrong option and a start without any display must not need a display
# (issue 15: SIGABRT and a backtrace). Usage: cli_without_display.sh PATH/TO/amazingstore
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM HOME="$tmp" XDG_RUNTIME_DIR="$tmp" "$bin" "$@" >"$tmp/out" 2>&1; }
fail() { echo "FAIL: $*"; echo "--- output:"; cat "$tmp/out"; exit 1; }

run --help; rc=$?
[ $rc -eq 0 ] || fail "--help exited $rc"
grep -q -- "--profile" "$tmp/out" || fail "--help printed no help"
run --version; rc=$?
[ $rc -eq 0 ] || fail "--version exited $rc"
run --no-such-option; rc=$?
[ $rc -eq 2 ] || fail "a wrong option exited $rc, not 2"
grep -qi "unknown option" "$tmp/out" || fail "a wrong option was not named"
run --profile "$tmp/profile"; rc=$?
[ $rc -eq 1 ] || fail "a start without a display exited $rc, not 1"
grep -q "no display" "$tmp/out" || fail "a start without a display did not say why"
! grep -qi "backtrace\|SIGABRT\|Aborted" "$tmp/out" || fail "it aborted"
echo "PASS"
