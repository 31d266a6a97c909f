#!/usr/bin/env bash
# Share link download on loopback, one DC, no peers (docs/sharing.md): a random object of SIZE_MB MiB uploaded
# by amazingstore-node, then fetched
#   - by headless chromium through the share page (decrypted in the browser, saved by the browser's download),
#     on its default path (the service-worker stream) and through OPFS (AS_NO_SW=1: the page finds no
#     service worker),
#   - by headless chromium following a plain link to the raw ciphertext /data/ID (the browser's own ceiling),
#   - by two workers injected into the share page (bench/share/ceiling.js) that only read the ciphertext in
#     Range requests, then also decrypt it with WebCrypto (AES-CTR, no authentication), saving nothing: the
#     floor of any page's costs,
#   - by curl: the same ciphertext from /data/ID to a file (no decryption: the transport's ceiling),
#   - by `amazingstore-node get LINK` with a fresh profile and no peers (from the DC alone, decrypted),
# each RUNS times; wall time until the complete file is on disk. Also the peak resident memory of chromium's
# renderer processes (page + service worker). Prints a Markdown table of medians. Each browser run's JSON line
# (stderr) also says where the time went: the page's waits and marks, and the CPU seconds per thread.
# Usage: bench/share/run.sh [BUILD_DIR]   Env: SIZE_MB (1024), RUNS (3), KEEP=1 keeps the work folder.
set -euo pipefail

BUILD=$(realpath "${1:-${BUILD:-build}}")
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
for tool in curl chromium python3; do command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (scripts/setup)" >&2; exit 1; }; done
for bin in app/amazingstore-dc app/amazingstore-node bench/bench-share-browser; do
    [ -x "$BUILD/$bin" ] || { echo "run.sh: build $bin first" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/as-bench-share.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
mbps() { python3 -c "print(f'{$1/1e6/($3-$2):.1f}')"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
export AMAZINGSTORE_PASSWORD="bench password 1"
node() { "$BUILD/app/amazingstore-node" "$@"; }

echo "# object: ${SIZE_MB} MiB random; runs: $RUNS; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
PORT=$(free_port)
"$BUILD/app/amazingstore-dc" --listen "127.0.0.1:$PORT" --data "$WORK/dc" 2>"$WORK/dc.log" & PIDS+=($!)
DC_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.1; done
node --profile "$WORK/owner" config dht-bootstrap "127.0.0.1:$(free_port)" >/dev/null
node --profile "$WORK/owner" register --dc "http://127.0.0.1:$PORT" bench >/dev/null
head -c "${SIZE_MB}M" /dev/urandom > "$WORK/bench.bin"
BYTES=$(stat -c %s "$WORK/bench.bin")
LINK=$(node --profile "$WORK/owner" upload "$WORK/bench.bin" | tail -1)
ID=$(sed -E 's|.*/s/([0-9a-f]{64})#.*|\1|' <<<"$LINK")
CIPHER=$(curl -sI "http://127.0.0.1:$PORT/data/$ID" | tr -d '\r' | awk 'tolower($1)=="content-length:" {print $2}')

# One browser download: prints MB/s; the renderers' memory figures go to the arrays below.
browser_run() { # NAME SIZE [VAR=VALUE...] (environment for bench-share-browser)
    local name=$1 size=$2 out; shift 2
    rm -rf "$WORK/dl"; mkdir -p "$WORK/dl"
    out=$(env AS_DC_PID="$DC_PID" "$@" "$BUILD/bench/bench-share-browser" "$LINK" "$WORK/dl" "$name" "$size")
    echo "browser ($*) run $run: $out" >&2
    json() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['$1'])" "$out"; }
    LAST_PEAK=$(json renderer_peak_mb); LAST_SUM=$(json renderer_sum_peak_mb); LAST_IDLE=$(json renderer_idle_mb)
    LAST_MBPS=$(json mb_per_s)
}

browser=() ; opfs=() ; raw=() ; cread=() ; ccrypt=() ; curls=() ; gets=() ; peak=() ; sum=() ; idle=()
for run in $(seq 1 "$RUNS"); do
    browser_run bench.bin "$BYTES"
    browser+=("$LAST_MBPS"); peak+=("$LAST_PEAK"); sum+=("$LAST_SUM"); idle+=("$LAST_IDLE")
    cmp -s "$WORK/dl/bench.bin" "$WORK/bench.bin" || { echo "run.sh: the browser's file differs" >&2; exit 1; }
    browser_run bench.bin "$BYTES" AS_NO_SW=1
    opfs+=("$LAST_MBPS")
    cmp -s "$WORK/dl/bench.bin" "$WORK/bench.bin" || { echo "run.sh: the browser's file through OPFS differs" >&2; exit 1; }
    browser_run cipher.bin "$CIPHER" AS_RAW_URL="/data/$ID"
    raw+=("$LAST_MBPS")
    for mode in read crypt; do
        browser_run cipher.bin "$CIPHER" AS_RAW_URL="/data/$ID" AS_CEILING=$mode AS_CEILING_JS="$(dirname "$0")/ceiling.js"
        if [ $mode = read ]; then cread+=("$LAST_MBPS"); else ccrypt+=("$LAST_MBPS"); fi
    done
    rm -rf "$WORK/dl"

    t0=$(now); curl -sf -o "$WORK/cipher" "http://127.0.0.1:$PORT/data/$ID"; t1=$(now)
    curls+=("$(mbps "$CIPHER" "$t0" "$t1")"); rm -f "$WORK/cipher"

    rm -rf "$WORK/getter" "$WORK/got"
    node --profile "$WORK/getter" config dht-bootstrap "127.0.0.1:$(free_port)" >/dev/null
    t0=$(now); node --profile "$WORK/getter" get "$LINK" -o "$WORK/got" >/dev/null; t1=$(now)
    gets+=("$(mbps "$BYTES" "$t0" "$t1")")
    cmp -s "$WORK/got/bench.bin" "$WORK/bench.bin" || { echo "run.sh: get's file differs" >&2; exit 1; }
    echo "run $run: curl ${curls[-1]} MB/s, get ${gets[-1]} MB/s" >&2
done
mb=$(median "${browser[@]}"); mo=$(median "${opfs[@]}"); mr=$(median "${raw[@]}")
mcr=$(median "${cread[@]}"); mcc=$(median "${ccrypt[@]}")
mc=$(median "${curls[@]}"); mg=$(median "${gets[@]}")
ratio() { python3 -c "print(f'{$1/$mg:.2f}')"; }
echo "| what (${SIZE_MB} MiB, loopback, DC only, median of $RUNS) | MB/s | vs get |"
echo "|---|---|---|"
echo "| chromium, share page (its default: the service-worker stream) | $mb | $(ratio "$mb") |"
echo "| chromium, share page through OPFS (AS_NO_SW=1) | $mo | $(ratio "$mo") |"
echo "| chromium, plain link to /data/ID (ciphertext, no script, the browser's own download) | $mr | $(ratio "$mr") |"
echo "| chromium, two page workers reading the ciphertext in Range requests, nothing saved | $mcr | $(ratio "$mcr") |"
echo "| chromium, the same plus WebCrypto AES-CTR decryption of every byte (256 KiB calls), nothing saved | $mcc | $(ratio "$mcc") |"
echo "| amazingstore-node get LINK (fresh profile, no peers) | $mg | 1.00 |"
echo "| curl /data/ID to a file (ciphertext, no decryption) | $mc | $(ratio "$mc") |"
echo
echo "chromium renderers' resident memory: idle $(median "${idle[@]}") MB (sum) before the click; peak during the download $(median "${peak[@]}") MB (largest process), $(median "${sum[@]}") MB (sum of all renderers)"
