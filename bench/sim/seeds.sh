#!/usr/bin/env bash
# Runs amazingstore-sim over several seeds and targets, two runs at a time, and prints the Markdown tables
# of docs/simulation.md ("Five seeds, both targets").
#   bench/sim/seeds.sh BUILD_DIR [SEEDS] [TARGETS]      defaults: "1 2 3 4 5" and "0.995 0.99"
set -euo pipefail
build=${1:?usage: bench/sim/seeds.sh BUILD_DIR [SEEDS] [TARGETS]}
seeds=${2:-1 2 3 4 5}
targets=${3:-0.995 0.99}
sim="$build/bench/amazingstore-sim"
[ -x "$sim" ] || { echo "seeds.sh: $sim not built (cmake --build $build --target amazingstore-sim)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
jobs=()
for t in $targets; do
  for s in $seeds; do
    "$sim" --seed "$s" --target "$t" --json >"$out/$t-$s.json" &
    jobs+=($!)
    if [ $(( ${#jobs[@]} % 2 )) -eq 0 ]; then wait "${jobs[@]}"; jobs=(); fi
  done
done
[ ${#jobs[@]} -eq 0 ] || wait "${jobs[@]}"
python3 - "$out" $targets -- $seeds <<'PY'
import json, sys
out = sys.argv[1]
args = sys.argv[2:]
sep = args.index('--')
targets, seeds = args[:sep], args[sep + 1:]
pct = lambda x: f"{100 * x:.2f} %"
tb = lambda x: f"{x / 1e12:.2f} TB"
for t in targets:
    print(f"`T = {t}`:\n")
    print("| seed | DC up | DC alone | AmazingStore | obj-time | by peers | peer side | replicas | c | repair | lost | baseline repair | baseline lost |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in seeds:
        r = json.load(open(f"{out}/{t}-{s}.json"))
        b = r["baseline"]
        print(f"| {s} | {pct(r['dc_availability'])} | {pct(r['dc_alone']['availability'])} | **{pct(r['availability'])}** | "
              f"{pct(r['time_availability'])} | {100 * r['peer_served_fraction']:.1f} % | {100 * r['peer_side_availability']:.1f} % | "
              f"{r['replicas_mean']:.2f} | {r['threshold_mean']:.2f} | {tb(r['repair_bytes'])} | {r['objects_lost']} | "
              f"{tb(b['repair_bytes'])} | {b['objects_lost']} |")
    print()
PY
