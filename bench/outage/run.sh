#!/usr/bin/env bash
# Outage-mode benchmarks (docs/benchmarks.md, "Outage mode"); never run by the tests.
#   bench/outage/run.sh BUILD_DIR [--rounds N] [--nodes N] [--heartbeat S] [--steady S]
# 1. switch-over: kill -9 of the DC → a one-shot `ls`, an `ls` through a daemon, a daemon in p2p mode; restart →
#    the daemon back in dc mode (medians of --rounds); steady-state CPU of standby and other daemons.
# 2. the change log's pull cost for 100,000 objects and its steady state (amazingstore-outage-logbench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: bench/outage/run.sh BUILD_DIR [switchover options]}
shift
shim_dir=$(mktemp -d)
trap 'rm -rf "$shim_dir"' EXIT
cc -shared -fPIC -O2 -o "$shim_dir/bindaddr.so" "$here/../testbed/bindaddr.c" -ldl
echo "== switch-over"
AS_TESTBED_SHIM="$shim_dir/bindaddr.so" python3 "$here/switchover.py" "$build" "$@"
echo "== change log, 100,000 objects"
"$build/bench/amazingstore-outage-logbench" 100000
