#!/usr/bin/env bash
# Time-to-file of `amazingstore-node get` as a user feels it (issue 15), on loopback with the real programs:
#   objects of 2 MB and 200 MB (SIZES, MB), in three situations: only the DC holds the object; one peer
#   (the owner's daemon) seeds it; four peers seed it (the owner and three copies of its profile);
#   one-shot: a fresh profile each run (process start, torrent, tracker, transfer, decryption, exit);
#   daemon: `get` handed to a running daemon of another profile (the command's own process included);
#   beside curl of the same ciphertext to a file from the DC's /data/{id} and from nginx (sendfile).
# Wall time of each command, and the CPU time (user + system) of the one-shot get and of curl from the DC
# (wall time on this shared 2-core machine follows the load; CPU time much less), and the one-shot get's
# peak resident memory. Medians of RUNS runs.
# Prints a Markdown table.
# Usage: [RUNS=5] [SIZES="2 200"] bench/latency/run.sh BUILD_DIR     (KEEP=1 keeps the work folder)
set -euo pipefail

BUILD=$(realpath "${1:-build}")
RUNS=${RUNS:-5}
SIZES=${SIZES:-"2 200"}
NODE="$BUILD/app/amazingstore-node"
DCBIN="$BUILD/app/amazingstore-dc"
for tool in nginx curl python3; do command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (scripts/setup)" >&2; exit 1; }; done
[ -x "$NODE" ] && [ -x "$DCBIN" ] || { echo "run.sh: build the programs first ($BUILD/app)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/as-bench-latency.XXXXXX)
chmod 755 "$WORK"
PIDS=()
# shellcheck source=bench/common.sh
source "$(dirname "$0")/../common.sh"
trap bench_cleanup EXIT

export AMAZINGSTORE_PASSWORD=bench-password
node() { "$NODE" --profile "$@"; }
# Seconds a command took (its output kept in last.out; a failure stops the benchmark); its CPU seconds
# (user + system, from wait4) go to last.cpu.
timed() {
    local cmd=("$@")
    [ "$1" = node ] && cmd=("$NODE" --profile "${@:2}") # the shell function, as a program
    python3 - "$WORK" "${cmd[@]}" <<'PY' || { cat "$WORK/last.err" >&2; exit 1; }
import os, sys, time, subprocess
work, cmd = sys.argv[1], sys.argv[2:]
with open(f"{work}/last.out", "w") as out, open(f"{work}/last.err", "w") as err:
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=out, stderr=err)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
open(f"{work}/last.cpu", "w").write(f"{ru.ru_utime + ru.ru_stime:.3f}\n")
open(f"{work}/last.rss", "w").write(f"{ru.ru_maxrss / 1024:.0f}\n")  # MiB
print(f"{wall:.3f}")
sys.exit(1 if os.waitstatus_to_exitcode(status) else 0)
PY
}
cpu() { cat "$WORK/last.cpu"; }
peak_rss() { cat "$WORK/last.rss"; }
# Share of the last `get --json`'s bytes that came from peers, in %.
peer_share() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); t=j["from_peers"]+j["from_dc"]; print(round(100*j["from_peers"]/t) if t else 0)' "$WORK/last.out"; }
daemon() { # PROFILE: `run` in the background, waits until its control socket answers
    "$NODE" --profile "$1" run --heartbeat 1 2>"$1.log" &
    PIDS+=($!)
    # Only once it holds the profile (its first line) may another command run, or that one takes the lock.
    for _ in $(seq 150); do grep -q "daemon started" "$1.log" 2>/dev/null && break; sleep 0.1; done
    for _ in $(seq 150); do node "$1" status --json 2>/dev/null | grep -q '"daemon": true' && return 0; sleep 0.1; done
    echo "run.sh: daemon $1 did not start" >&2; exit 1
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg); runs: $RUNS" >&2
DC_PORT=$(free_port)
"$DCBIN" --listen "127.0.0.1:$DC_PORT" --data "$WORK/dc" >"$WORK/dc.log" 2>&1 &
PIDS+=($!)
DC="http://127.0.0.1:$DC_PORT"
for _ in $(seq 100); do curl -sf "$DC/api/v1/health" >/dev/null && break; sleep 0.1; done

# The owner uploads; its daemon seeds later. Capacity 0 everywhere: no replica assignment moves data meanwhile.
node "$WORK/owner" config listen-port "$(free_port)" >/dev/null
node "$WORK/owner" config capacity 0 >/dev/null
node "$WORK/owner" register --dc "$DC" owner >/dev/null
declare -A LINK ID
for mb in $SIZES; do
    head -c $((mb * 1000 * 1000)) /dev/urandom >"$WORK/file-$mb.bin"
    LINK[$mb]=$(node "$WORK/owner" upload "$WORK/file-$mb.bin")
    ID[$mb]=$(sed 's|.*/s/||; s|#.*||' <<<"${LINK[$mb]}")
done
# Three more seeders of the same objects: copies of the owner's profile, each with its own port and identity.
for i in 1 2 3; do
    cp -a "$WORK/owner" "$WORK/seed$i"
    rm -f "$WORK/seed$i/identity.pem" "$WORK/seed$i/engine.lock" "$WORK/seed$i/control.sock"
    node "$WORK/seed$i" config listen-port "$(free_port)" >/dev/null
done
# The daemon that `get`s are handed to: another user's profile.
node "$WORK/getter" config listen-port "$(free_port)" >/dev/null
node "$WORK/getter" config capacity 0 >/dev/null
node "$WORK/getter" register --dc "$DC" getter >/dev/null
daemon "$WORK/getter"

# nginx serving the owner's ciphertexts (the same bytes the DC serves) on a free unprivileged port.
chmod -R a+rX "$WORK/owner/objects"
chmod a+x "$WORK/owner"
start_nginx "$WORK/owner/objects"

run=0
# SITUATION MB: one-shot gets on fresh profiles, gets through the getter's daemon, curl from DC and nginx.
measure() {
    local situation=$1 mb=$2 one=() dmn=() cdc=() cngx=() share=() cone=() ccurl=() rss=() r out
    for r in $(seq "$RUNS"); do
        run=$((run + 1))
        out="$WORK/out/$run"; mkdir -p "$out/a" "$out/b"
        one+=("$(timed node "$WORK/fresh$run" get "${LINK[$mb]}" -o "$out/a" --json)")
        cone+=("$(cpu)")
        rss+=("$(peak_rss)")
        share+=("$(peer_share)")
        dmn+=("$(timed node "$WORK/getter" get "${LINK[$mb]}" -o "$out/b" --json)")
        share+=("$(peer_share)")
        cdc+=("$(timed curl -sf -o "$out/dc.bin" "$DC/data/${ID[$mb]}")")
        ccurl+=("$(cpu)")
        cngx+=("$(timed curl -sf -o "$out/nginx.bin" "http://127.0.0.1:$NGINX_PORT/${ID[$mb]}")")
        rm -rf "$out" "$WORK/fresh$run"
    done
    local bytes m1 m2 m3 m4
    bytes=$(stat -c %s "$WORK/owner/objects/${ID[$mb]}")
    m1=$(median "${one[@]}"); m2=$(median "${dmn[@]}"); m3=$(median "${cdc[@]}"); m4=$(median "${cngx[@]}")
    python3 - "$situation" "$mb" "$bytes" "$m1" "$m2" "$m3" "$m4" "${one[*]}" "${dmn[*]}" "$(median "${share[@]}")" \
        "$(median "${cone[@]}")" "$(median "${ccurl[@]}")" "$(median "${rss[@]}")" <<'PY'
import sys
sit, mb, n, one, dmn, cdc, cngx, ones, dmns, share, cone, ccurl, rss = sys.argv[1:]
n = int(n); f = lambda t: f"{float(t):.3f} s ({n / 1e6 / float(t):.0f} MB/s)"
r = lambda t: f"{float(cdc) / float(t):.2f}"
print(f"| {sit} | {mb} MB | {f(one)} | {f(dmn)} | {f(cdc)} | {f(cngx)} | {r(one)} / {r(dmn)} | {cone} / {ccurl} s "
      f"| {rss} MiB | {share} % | {ones} / {dmns} |")
PY
}

echo "| situation | object | one-shot get | get via daemon | curl from DC | curl from nginx | MB/s vs curl from DC (one-shot / daemon) | CPU (one-shot / curl) | peak RSS one-shot | from peers (median) | all runs (one-shot / daemon, s) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for mb in $SIZES; do measure "DC only" "$mb"; done
daemon "$WORK/owner"
sleep 2 # its first announce
for mb in $SIZES; do measure "1 peer" "$mb"; done
for i in 1 2 3; do daemon "$WORK/seed$i"; done
sleep 2
for mb in $SIZES; do measure "4 peers" "$mb"; done
