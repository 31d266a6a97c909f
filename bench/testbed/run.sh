#!/usr/bin/env bash
# The testbed (docs/testbed.md): one real amazingstore-dc and N amazingstore-node daemons driven by a schedule
# drawn from the simulator's churn model, measured beside the simulator's replay of the same schedule.
#   bench/testbed/run.sh BUILD_DIR [--nodes N] [--minutes M] [--days D] [--seed S] [--json] [--plot OUT.png]
#                                  [--work-dir DIR] [--schedule FILE] [--dc-args "…"]   (--help for all)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -lt 1 || $1 == -* ]]; then
  python3 "$here/testbed.py" --help
  exit 2
fi
# The shim that gives every node its own loopback address (bindaddr.c), built once per call into a temp dir.
shim_dir=$(mktemp -d)
trap 'rm -rf "$shim_dir"' EXIT
cc -shared -fPIC -O2 -o "$shim_dir/bindaddr.so" "$here/bindaddr.c" -ldl
AS_TESTBED_SHIM="$shim_dir/bindaddr.so" python3 "$here/testbed.py" "$@"
