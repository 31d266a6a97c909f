#!/usr/bin/env bash
# /health and metadata GET latency (p50/p99, one fresh connection per request) of amazingstore-dc unloaded,
# under a slowloris of SOCKETS trickling sockets (spread over 127.0.0.2-17), and under ABUSERS clients looping
# over a 1 GiB request line, 50,000 headers of 8 KB and a 1 GiB body after a 413; plus the DC's resident
# memory after each phase. Results: docs/benchmarks.md, "DC under abuse".
#
#   bench/dc/run-abuse.sh [BUILD_DIR] [DC_BINARY]   (env SECONDS_PER_PHASE=10 SOCKETS=2000 ABUSERS=10;
#                                                    ONLY_SLOWLORIS=1 skips the memory-hungry attacks, for
#                                                    measuring an older binary that reads them whole)
set -euo pipefail
BUILD=$(cd "${1:-build}" && pwd)
DC_BIN=${2:-$BUILD/app/amazingstore-dc}
TOOL="$BUILD/bench/amazingstore-dc-benchtool"
PHASE=${SECONDS_PER_PHASE:-10}
SOCKETS=${SOCKETS:-2000}
ABUSERS=${ABUSERS:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/as-dc-abuse.XXXXXX)
DC_PID=""
cleanup() { [[ -n "$DC_PID" ]] && kill "$DC_PID" 2>/dev/null && wait "$DC_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }

"$DC_BIN" --listen 127.0.0.1:0 --data "$WORK/dc" > "$WORK/dc.log" 2>&1 &
DC_PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/dc.log" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$WORK/dc.log" | head -1)
DC="http://127.0.0.1:$PORT"
SECRET=$(head -c 32 /dev/urandom | b64url)
curl -sf -X POST "$DC/api/v1/accounts" -d "{\"username\":\"bench\",\"auth_secret\":\"$SECRET\",\"salt\":\"$SECRET\",\"kdf\":\"bench\",\"wrapped_master_key\":\"$SECRET\",\"public_key\":\"$SECRET\"}" >/dev/null
TOKEN=$(curl -sf -X POST "$DC/api/v1/sessions" -d "{\"username\":\"bench\",\"auth_secret\":\"$SECRET\"}" | json_field token)
head -c 100000 /dev/urandom > "$WORK/obj.bin"
ID=$("$TOOL" torrent "$WORK/obj.bin" 16384)
printf '{"id":"%s","torrent":"%s","sealed_metadata":"c2VhbGVk","wrapped_file_key":"a2V5a2V5"}' "$ID" "$(b64url < "$WORK/obj.bin.torrent")" > "$WORK/reg.json"
curl -sf -X POST "$DC/api/v1/objects" -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/reg.json" >/dev/null

echo "Run of $(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $DC_BIN"
rss() { python3 "$HERE/abuse.py" "$PORT" rss "$DC_PID"; }
echo "RSS at start: $(rss) kB"
echo "## unloaded"; python3 "$HERE/abuse.py" "$PORT" unloaded "$PHASE" --token "$TOKEN" --object "$ID"
echo "## slowloris $SOCKETS sockets"; timeout $((PHASE + 60)) python3 "$HERE/abuse.py" "$PORT" slowloris "$SOCKETS" "$PHASE" --token "$TOKEN" --object "$ID" || echo "(timed out)"
echo "RSS after the slowloris: $(rss) kB"
[[ -n "${ONLY_SLOWLORIS:-}" ]] && exit 0
echo "## $ABUSERS abusive clients"; timeout $((PHASE + 60)) python3 "$HERE/abuse.py" "$PORT" abusive "$ABUSERS" "$PHASE" --token "$TOKEN" --object "$ID" || echo "(timed out)"
echo "RSS after the abusive clients: $(rss) kB"
echo "## single attacks"
python3 "$HERE/abuse.py" "$PORT" requestline 512
python3 "$HERE/abuse.py" "$PORT" headers 50000
python3 "$HERE/abuse.py" "$PORT" body413 1024
echo "RSS at the end: $(rss) kB"
