#!/usr/bin/env bash
# DC server throughput beside nginx on the same machine (loopback). Builds nothing: uses the built
# amazingstore-dc and amazingstore-dc-benchtool. Results: a markdown table on stdout (medians of RUNS runs).
#
#   bench/dc/run.sh [BUILD_DIR]          (default: ./build; env RUNS=3 DURATION=8 CONNECTIONS=64 BLOB_MIB=256)
#
# Measures: wrk on GET /api/v1/health, an authenticated GET /api/v1/objects/{id}, and nginx serving a static
# file of the same bytes as that metadata answer; curl on a BLOB_MIB MiB GET /data/{id} vs nginx serving the
# same file (to /dev/null); metadata GET from a second DC holding 100,000 more objects, run side by side.
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
  [[ -n "$DC100K_PID" ]] && kill "$DC100K_PID" 2>/dev/null && wait "$DC100K_PID" 2>/dev/null || true
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
DC100K_PORT=$(free_port)
DC100K="http://127.0.0.1:$DC100K_PORT"
DC100K_PID=""

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
# A second DC with the same account and object plus 100,000 more objects, run side by side with the first so
# both are measured under the same machine load.
mkdir -p "$WORK/dc100k"
cp "$WORK/dc/metadata.sqlite" "$WORK/dc100k/metadata.sqlite"
cp -r "$WORK/dc/blobs" "$WORK/dc/partial" "$WORK/dc100k/"
"$TOOL" populate "$WORK/dc100k/metadata.sqlite" bench 100000
start_dc
"$DC_BIN" --listen "127.0.0.1:$DC100K_PORT" --data "$WORK/dc100k" > "$WORK/dc100k.log" 2>&1 &
DC100K_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$DC100K_PORT/api/v1/health" >/dev/null && break; sleep 0.1; done

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
curl -s -o /dev/null "$NGX/blob.bin"; curl -s -o /dev/null "$DC/data/$ID"; curl -sf "$DC100K/api/v1/objects/$ID" -H "$AUTH" >/dev/null

# The load of this shared machine drifts, so every run measures each target once, back to back, and ratios are
# taken within a run; the table gives medians over runs.
declare -a H HP M MP N NP K KP BD BN RM RH RK RB
for i in $(seq "$RUNS"); do
  read -r h hp < <(wrk_run "$DC/api/v1/health")
  read -r m mp < <(wrk_run "$DC/api/v1/objects/$ID" "$AUTH")
  read -r n np < <(wrk_run "$NGX/meta.json")
  read -r k kp < <(wrk_run "$DC100K/api/v1/objects/$ID" "$AUTH")
  bd=$(curl -s -o /dev/null -w '%{speed_download}' "$DC/data/$ID")
  bn=$(curl -s -o /dev/null -w '%{speed_download}' "$NGX/blob.bin")
  H+=("$h"); HP+=("$hp"); M+=("$m"); MP+=("$mp"); N+=("$n"); NP+=("$np"); K+=("$k"); KP+=("$kp")
  BD+=("$(awk -v v="$bd" 'BEGIN {print v / 1e6}')"); BN+=("$(awk -v v="$bn" 'BEGIN {print v / 1e6}')")
  RH+=("$(awk -v a="$h" -v b="$n" 'BEGIN {print 100 * a / b}')")
  RM+=("$(awk -v a="$m" -v b="$n" 'BEGIN {print 100 * a / b}')")
  RK+=("$(awk -v a="$k" -v b="$m" 'BEGIN {print 100 * a / b}')")
  RB+=("$(awk -v a="$bd" -v b="$bn" 'BEGIN {print 100 * a / b}')")
done
med() { printf '%s\n' "$@" | median | awk '{printf "%.0f", $1}'; }
medf() { printf '%s\n' "$@" | median | awk '{printf "%.2f", $1}'; }

echo "Run of $(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; wrk -t2 -c$CONNECTIONS -d${DURATION}s."
echo
cat <<TABLE
| measurement (median of $RUNS alternating runs) | amazingstore-dc | nginx 1.22 | ratio (median of per-run ratios) |
|---|---|---|---|
| GET /api/v1/health | $(med "${H[@]}") req/s (p50 $(medf "${HP[@]}") ms) | $(med "${N[@]}") req/s (static file, p50 $(medf "${NP[@]}") ms) | $(med "${RH[@]}")% |
| authenticated GET /api/v1/objects/{id}, 11 objects | $(med "${M[@]}") req/s (p50 $(medf "${MP[@]}") ms) | same bytes as a static file | $(med "${RM[@]}")% |
| authenticated GET /api/v1/objects/{id}, 100,011 objects | $(med "${K[@]}") req/s (p50 $(medf "${KP[@]}") ms) | — | $(med "${RK[@]}")% of the 11-object DC |
| GET ${BLOB_MIB} MiB blob, curl to /dev/null | $(med "${BD[@]}") MB/s (/data/{id}) | $(med "${BN[@]}") MB/s (sendfile) | $(med "${RB[@]}")% |
TABLE
