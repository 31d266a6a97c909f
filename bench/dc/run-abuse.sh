#!/usr/bin/env bash
# /health and metadata GET latency (p50/p99, one fresh connection per request) of amazingstore-dc unloaded,
# under a slowloris of SOCKETS trickling sockets (spread over 127.0.0.2-17), and under ABUSERS clients looping
# over a 1 GiB request line, 50,000 headers of 8 KB and a 1 GiB body after a 413; plus the DC's resident
# memory after each phase (the load runs in a process of its own, apart from the timing); then keep-alive throughput (wrk, WRK_SECONDS per route, 32 connections from
# 127.0.0.1) of the same two routes unloaded, under the slowloris and under the abusive clients (the load runs
# again while wrk measures). Results: docs/benchmarks.md, "DC under abuse".
#
#   bench/dc/run-abuse.sh [BUILD_DIR] [DC_BINARY]   (env SECONDS_PER_PHASE=10 SOCKETS=2000 ABUSERS=10 DC_NICE=;
#                                                    ONLY_SLOWLORIS=1 skips the memory-hungry attacks, for
#                                                    measuring an older binary that reads them whole;
#                                                    NO_WRK=1 skips the throughput phases)
set -euo pipefail
BUILD=$(cd "${1:-build}" && pwd)
DC_BIN=${2:-$BUILD/app/amazingstore-dc}
TOOL="$BUILD/bench/amazingstore-dc-benchtool"
PHASE=${SECONDS_PER_PHASE:-10}
SOCKETS=${SOCKETS:-2000}
ABUSERS=${ABUSERS:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
ABUSE=${ABUSE_PY:-$HERE/abuse.py} # another abuse.py (e.g. an older one) for comparing the probe itself
WORK=$(mktemp -d /tmp/as-dc-abuse.XXXXXX)
DC_PID=""
cleanup() { [[ -n "$DC_PID" ]] && kill "$DC_PID" 2>/dev/null && wait "$DC_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }

"$DC_BIN" --listen 127.0.0.1:0 --data "$WORK/dc" > "$WORK/dc.log" 2>&1 &
DC_PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/dc.log" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on .*:\([0-9]*\)$/\1/p' "$WORK/dc.log" | head -1)
DC="http://127.0.0.1:$PORT"
# DC_NICE=-5 runs the DC at a higher CPU priority than the load and the probe: if the p99 then falls, the
# time went to waiting for a core (the machine), not to a lock or queue in the DC.
[[ -n "${DC_NICE:-}" ]] && renice -n "$DC_NICE" -p "$DC_PID" >/dev/null && ps -L -o tid= -p "$DC_PID" | xargs -r renice -n "$DC_NICE" -p >/dev/null
SECRET=$(head -c 32 /dev/urandom | b64url)
curl -sf -X POST "$DC/api/v1/accounts" -d "{\"username\":\"bench\",\"auth_secret\":\"$SECRET\",\"salt\":\"$SECRET\",\"kdf\":\"bench\",\"wrapped_master_key\":\"$SECRET\",\"public_key\":\"$SECRET\"}" >/dev/null
TOKEN=$(curl -sf -X POST "$DC/api/v1/sessions" -d "{\"username\":\"bench\",\"auth_secret\":\"$SECRET\"}" | json_field token)
head -c 100000 /dev/urandom > "$WORK/obj.bin"
ID=$("$TOOL" torrent "$WORK/obj.bin" 16384)
printf '{"id":"%s","torrent":"%s","sealed_metadata":"c2VhbGVk","wrapped_file_key":"a2V5a2V5"}' "$ID" "$(b64url < "$WORK/obj.bin.torrent")" > "$WORK/reg.json"
curl -sf -X POST "$DC/api/v1/objects" -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/reg.json" >/dev/null

echo "Run of $(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $DC_BIN"
rss() { python3 "$ABUSE" "$PORT" rss "$DC_PID"; }
echo "RSS at start: $(rss) kB"
load() { echo "(load average $(cut -d' ' -f1-3 /proc/loadavg))"; }
echo "## unloaded $(load)"; python3 "$ABUSE" "$PORT" unloaded "$PHASE" --token "$TOKEN" --object "$ID"
echo "## slowloris $SOCKETS sockets $(load)"; timeout $((PHASE + 60)) python3 "$ABUSE" "$PORT" slowloris "$SOCKETS" "$PHASE" --token "$TOKEN" --object "$ID" || echo "(timed out)"
echo "RSS after the slowloris: $(rss) kB"
[[ -n "${ONLY_SLOWLORIS:-}" ]] && exit 0
echo "## $ABUSERS abusive clients $(load)"; timeout $((PHASE + 60)) python3 "$ABUSE" "$PORT" abusive "$ABUSERS" "$PHASE" --token "$TOKEN" --object "$ID" || echo "(timed out)"
echo "RSS after the abusive clients: $(rss) kB"
echo "## single attacks"
python3 "$ABUSE" "$PORT" requestline 512
python3 "$ABUSE" "$PORT" headers 50000
python3 "$ABUSE" "$PORT" body413 1024
echo "RSS at the end: $(rss) kB"

WRK_SECONDS=${WRK_SECONDS:-4}
wrk_rate() { # URL [HEADER] → "N req/s (p50 X)"
    local out
    if [[ $# -gt 1 ]]; then out=$(wrk -t2 -c32 -d"${WRK_SECONDS}s" --latency -H "$2" "$1")
    else out=$(wrk -t2 -c32 -d"${WRK_SECONDS}s" --latency "$1"); fi
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") req/s (p50 $(awk '$1 == "50%" {print $2}' <<<"$out"))"
}
throughput() { # LABEL [abuse.py MODE ARGS...]: wrk on both routes while that load runs
    local load=""
    echo "## throughput, $1 $(load)"; shift
    if [[ $# -gt 0 ]]; then
        python3 "$ABUSE" "$PORT" "$@" --token "$TOKEN" --object "$ID" >/dev/null 2>&1 &
        load=$!
        sleep 4 # the sockets connect, the floods start
    fi
    echo "/health: $(wrk_rate "$DC/api/v1/health")"
    echo "metadata GET: $(wrk_rate "$DC/api/v1/objects/$ID" "Authorization: Bearer $TOKEN")"
    if [[ -n "$load" ]]; then kill "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true; fi
}
if command -v wrk >/dev/null && [[ -z "${NO_WRK:-}" ]]; then
    LOAD_SECONDS=$((2 * WRK_SECONDS + 10))
    throughput unloaded
    throughput "slowloris $SOCKETS sockets" slowloris-only "$SOCKETS" "$LOAD_SECONDS"
    throughput "$ABUSERS abusive clients" abusive-only "$ABUSERS" "$LOAD_SECONDS"
    echo "RSS after the throughput phases: $(rss) kB"
fi
