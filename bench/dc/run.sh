#!/usr/bin/env bash
# DC server throughput beside nginx on the same machine (loopback). Builds nothing: uses the built
# amazingstore-dc and amazingstore-dc-benchtool. Results: a markdown table on stdout (medians of RUNS runs).
#
#   bench/dc/run.sh [BUILD_DIR]          (default: ./build; env RUNS=3 DURATION=8 CONNECTIONS=64 BLOB_MIB=256)
#
# Measures: wrk on GET /api/v1/health, an authenticated GET /api/v1/objects/{id}, and nginx serving a static
# file of the same bytes as that metadata answer; curl on a BLOB_MIB MiB GET /data/{id} vs nginx serving the
# same file (to /dev/null); metadata GET with 10 vs 100,000 objects in the store.
set -euo pipefail

BUILD=$(cd "${1:-build}" && pwd)
RUNS=${RUNS:-3}
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-64}
BLOB_MIB=${BLOB_MIB:-256}
DC_BIN="$BUILD/app/amazingstore-dc"
TOOL="$BUILD/bench/amazingstore-dc-benchtool"
for bin in "$DC_BIN" "$TOOL"; do
  [[ -x "$bin" ]] || { echo "run.sh: $bin not built (build targets amazingstore-dc amazingstore-dc-benchtool)" >&2; exit 1; }
done
for cmd in wrk curl nginx python3; do
  command -v "$cmd" >/dev/null || { echo "run.sh: $cmd not installed (scripts/setup installs it)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/as-dc-bench.XXXXXX)
chmod 755 "$WORK"
DC_PID=""; NGINX_PID=""
cleanup() {
  [[ -n "$DC_PID" ]] && kill "$DC_PID" 2>/dev/null && wait "$DC_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

DC_PORT=$(free_port)
start_dc() {
  "$DC_BIN" --listen "127.0.0.1:$DC_PORT" --data "$WORK/dc" > "$WORK/dc.log" 2>&1 &
  DC_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$DC_PORT/api/v1/health" >/dev/null && return 0; sleep 0.1; done
  echo "run.sh: the DC did not start" >&2; cat "$WORK/dc.log" >&2; exit 1
}
stop_dc() { kill "$DC_PID"; wait "$DC_PID" || true; DC_PID=""; }
DC="http://127.0.0.1:$DC_PORT"

# wrk → "req/s p50_ms"
wrk_run() { # URL [header]
  local out
  if [[ $# -gt 1 ]]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$2" "$1")
  else out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1"); fi
  local rps p50
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p50"
}
wrk_median() { # URL [header] → "median_rps median_p50"
  local rs=() ps=()
  for _ in $(seq "$RUNS"); do read -r r p < <(wrk_run "$@"); rs+=("$r"); ps+=("$p"); done
  echo "$(printf '%s\n' "${rs[@]}" | median) $(printf '%s\n' "${ps[@]}" | median)"
}
curl_median() { # URL → median MB/s to /dev/null
  local v=()
  for _ in $(seq "$RUNS"); do v+=("$(curl -s -o /dev/null -w '%{speed_download}' "$1")"); done
  printf '%s\n' "${v[@]}" | median | awk '{printf "%.0f", $1/1e6}'
}

# --- the DC with one account, one BLOB_MIB MiB object and 10 small ones --------------------------------
start_dc
SECRET=$(head -c 32 /dev/urandom | b64url)
curl -sf -X POST "$DC/api/v1/accounts" -d "{\"username\":\"bench\",\"auth_secret\":\"$SECRET\",\"salt\":\"$SECRET\",\"kdf\":\"bench\",\"wrapped_master_key\":\"$SECRET\",\"public_key\":\"$SECRET\"}" >/dev/null
TOKEN=$(curl -sf -X POST "$DC/api/v1/sessions" -d "{\"username\":\"bench\",\"auth_secret\":\"$SECRET\"}" | json_field token)
AUTH="Authorization: Bearer $TOKEN"

mkdir -p "$WORK/www" && chmod 755 "$WORK/www"
head -c $((BLOB_MIB * 1024 * 1024)) /dev/urandom > "$WORK/www/blob.bin"
chmod 644 "$WORK/www/blob.bin"
ID=$("$TOOL" torrent "$WORK/www/blob.bin" $((1024 * 1024)))
TORRENT=$(b64url < "$WORK/www/blob.bin.torrent")
printf '{"id":"%s","torrent":"%s","sealed_metadata":"c2VhbGVk","wrapped_file_key":"a2V5a2V5"}' "$ID" "$TORRENT" > "$WORK/register.json"
curl -sf -X POST "$DC/api/v1/objects" -H "$AUTH" -H "Content-Type: application/json" --data-binary @"$WORK/register.json" >/dev/null
SIZE=$((BLOB_MIB * 1024 * 1024)); PART=$((64 * 1024 * 1024))
for ((off = 0; off < SIZE; off += PART)); do
  end=$(( off + PART < SIZE ? off + PART - 1 : SIZE - 1 ))
  dd if="$WORK/www/blob.bin" of="$WORK/part" iflag=skip_bytes,count_bytes skip=$off count=$((end - off + 1)) status=none
  curl -sf -X PUT "$DC/api/v1/objects/$ID/content" -H "$AUTH" -H "Content-Range: bytes $off-$end/$SIZE" \
       --data-binary @"$WORK/part" -o "$WORK/put.json"
done
rm -f "$WORK/part"
[[ $(json_field state < "$WORK/put.json") == available ]] || { echo "run.sh: upload not verified" >&2; exit 1; }
curl -sf "$DC/api/v1/objects/$ID" -H "$AUTH" > "$WORK/www/meta.json"
chmod 644 "$WORK/www/meta.json"
stop_dc
"$TOOL" populate "$WORK/dc/metadata.sqlite" bench 10
start_dc

# --- nginx: same machine, loopback, unprivileged port ------------------------------------------------------
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  types { application/json json; application/octet-stream bin; }
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NGINX_PORT/meta.json" >/dev/null && break; sleep 0.1; done
NGX="http://127.0.0.1:$NGINX_PORT"

# Warm the page cache for both blob readers.
curl -s -o /dev/null "$NGX/blob.bin"; curl -s -o /dev/null "$DC/data/$ID"

read -r HEALTH_RPS HEALTH_P50 < <(wrk_median "$DC/api/v1/health")
read -r META_RPS META_P50 < <(wrk_median "$DC/api/v1/objects/$ID" "$AUTH")
read -r NGX_RPS NGX_P50 < <(wrk_median "$NGX/meta.json")
BLOB_DC=$(curl_median "$DC/data/$ID")
BLOB_NGX=$(curl_median "$NGX/blob.bin")

stop_dc
"$TOOL" populate "$WORK/dc/metadata.sqlite" bench 100000
start_dc
curl -sf "$DC/api/v1/objects/$ID" -H "$AUTH" >/dev/null
read -r META100K_RPS META100K_P50 < <(wrk_median "$DC/api/v1/objects/$ID" "$AUTH")

echo "Run of $(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; wrk -t2 -c$CONNECTIONS -d${DURATION}s."
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f%%", 100 * a / b}'; }
cat <<TABLE
| measurement (median of $RUNS) | amazingstore-dc | nginx 1.22 | ratio |
|---|---|---|---|
| GET /api/v1/health, wrk -t2 -c$CONNECTIONS | $(printf '%.0f' "$HEALTH_RPS") req/s (p50 $HEALTH_P50 ms) | $(printf '%.0f' "$NGX_RPS") req/s (static file) | $(ratio "$HEALTH_RPS" "$NGX_RPS") |
| authenticated GET /api/v1/objects/{id}, 11 objects | $(printf '%.0f' "$META_RPS") req/s (p50 $META_P50 ms) | $(printf '%.0f' "$NGX_RPS") req/s (same bytes, static) | $(ratio "$META_RPS" "$NGX_RPS") |
| authenticated GET /api/v1/objects/{id}, 100,011 objects | $(printf '%.0f' "$META100K_RPS") req/s (p50 $META100K_P50 ms) | — | $(ratio "$META100K_RPS" "$META_RPS") of the 11-object figure |
| GET ${BLOB_MIB} MiB blob, curl to /dev/null | $BLOB_DC MB/s (/data/{id}) | $BLOB_NGX MB/s (sendfile) | $(ratio "$BLOB_DC" "$BLOB_NGX") |
TABLE
