#!/usr/bin/env bash
# Swarm download benchmark (docs/design.md §7): a random object downloaded on loopback
#   - by bench-download (our TransferSession) from 1 and from 4 seeder processes (hybrid v1+v2 torrent),
#     and from 4 with libtorrent's own disk back end in the downloader (--disk libtorrent) for comparison,
#   - by curl from nginx (sendfile) on an unprivileged port (alone, and followed by the SHA-1 + SHA-256 a
#     hybrid download must compute: the same work as BitTorrent's verification, done serially),
#   - by aria2c from the same 1 / 4 seeders, as a v1-only torrent of the same bytes (aria2c cannot read
#     hybrids, docs/platform-notes.md), peers handed out by a tiny HTTP tracker.
# Every download is written to a file on the same disk; wall time of the whole downloader process.
# Prints a Markdown table (medians of RUNS runs). Usage: bench/download/run.sh [BUILD_DIR]
# Env: SIZE_MB (1024), RUNS (5), KEEP=1 keeps the work folder.
set -euo pipefail

BUILD=${1:-${BUILD:-build}}
BIN=$(realpath "$BUILD/bench/bench-download")
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-5}
for tool in nginx curl aria2c; do command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (scripts/setup)" >&2; exit 1; }; done
[ -x "$BIN" ] || { echo "run.sh: build bench-download first ($BIN)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/as-bench-download.XXXXXX)
chmod 755 "$WORK"
PIDS=()
# shellcheck source=bench/common.sh
source "$(dirname "$0")/../common.sh"
trap bench_cleanup EXIT

mbps() { python3 -c "import sys; print(f'{$1/1e6/($3-$2):.1f}')"; }

echo "# object: ${SIZE_MB} MiB random; runs: $RUNS; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
mkdir -p "$WORK/origin"
chmod 755 "$WORK/origin"
head -c "${SIZE_MB}M" /dev/urandom > "$WORK/origin/object"
chmod 644 "$WORK/origin/object"
BYTES=$(stat -c %s "$WORK/origin/object")
"$BIN" make --file "$WORK/origin/object" --name object --out "$WORK/hybrid.torrent" >&2
"$BIN" make --file "$WORK/origin/object" --name object --v1 --out "$WORK/v1.torrent" >&2

# Four seeder processes, each seeding both torrents of the same file (hash-checked before they report).
SEEDERS=()
for i in 1 2 3 4; do
    "$BIN" seed --file "$WORK/origin/object" --torrent "$WORK/hybrid.torrent" --torrent "$WORK/v1.torrent" \
        --port-file "$WORK/seed$i.port" 2>"$WORK/seed$i.log" &
    PIDS+=($!)
done
for i in 1 2 3 4; do wait_file "$WORK/seed$i.port"; SEEDERS+=("127.0.0.1:$(cat "$WORK/seed$i.port")"); done
PEERS1=${SEEDERS[0]}
PEERS4=$(IFS=,; echo "${SEEDERS[*]}")

"$BIN" tracker --peers "$PEERS1" --port-file "$WORK/tracker1.port" & PIDS+=($!)
"$BIN" tracker --peers "$PEERS4" --port-file "$WORK/tracker4.port" & PIDS+=($!)
wait_file "$WORK/tracker1.port"; wait_file "$WORK/tracker4.port"

# nginx with its own config on a free unprivileged port.
start_nginx "$WORK/origin"

run_lt() {  # peers [disk back end]
    rm -rf "$WORK/dl"; local t0 t1; t0=$(now)
    "$BIN" get --torrent "$WORK/hybrid.torrent" --dir "$WORK/dl" --peers "$1" --disk "${2:-pieces}" > "$WORK/get.json"
    t1=$(now); cmp -s "$WORK/dl/object" "$WORK/origin/object" || { echo "run.sh: bench-download bytes differ" >&2; exit 1; }
    mbps "$BYTES" "$t0" "$t1"
}
run_curl() {
    rm -rf "$WORK/curl"; mkdir -p "$WORK/curl"; local t0 t1; t0=$(now)
    curl -sf -o "$WORK/curl/object" "http://127.0.0.1:$NGINX_PORT/object"
    t1=$(now); cmp -s "$WORK/curl/object" "$WORK/origin/object" || { echo "run.sh: curl bytes differ" >&2; exit 1; }
    mbps "$BYTES" "$t0" "$t1"
}
run_curl_verify() {  # fetch, then both hashes a hybrid download verifies (OpenSSL, as libtorrent uses)
    rm -rf "$WORK/curl"; mkdir -p "$WORK/curl"; local t0 t1; t0=$(now)
    curl -sf -o "$WORK/curl/object" "http://127.0.0.1:$NGINX_PORT/object"
    openssl dgst -sha1 "$WORK/curl/object" >/dev/null; openssl dgst -sha256 "$WORK/curl/object" >/dev/null
    t1=$(now); mbps "$BYTES" "$t0" "$t1"
}
run_aria() {  # tracker port
    rm -rf "$WORK/aria"; local t0 t1; t0=$(now)
    aria2c -q --seed-time=0 --enable-dht=false --enable-dht6=false --bt-enable-lpd=false \
        --enable-peer-exchange=false --file-allocation=none --bt-tracker="http://127.0.0.1:$1/announce" \
        -d "$WORK/aria" "$WORK/v1.torrent"
    t1=$(now); cmp -s "$WORK/aria/object" "$WORK/origin/object" || { echo "run.sh: aria2c bytes differ" >&2; exit 1; }
    mbps "$BYTES" "$t0" "$t1"
}

# One untimed round first: on this VM the first GiB written into fresh page-cache pages costs up to ten
# times the CPU of a later one (dd: 3.4 s vs 0.23 s of system time), whichever program comes first.
run_curl >/dev/null; run_lt "$PEERS4" >/dev/null; rm -rf "$WORK/curl" "$WORK/dl"

declare -A R
for run in $(seq 1 "$RUNS"); do
    R[curl]+="$(run_curl) "
    R[curlv]+="$(run_curl_verify) "
    R[lt1]+="$(run_lt "$PEERS1") "
    R[lt4]+="$(run_lt "$PEERS4") "
    R[lt4lt]+="$(run_lt "$PEERS4" libtorrent) "
    R[aria1]+="$(run_aria "$(cat "$WORK/tracker1.port")") "
    R[aria4]+="$(run_aria "$(cat "$WORK/tracker4.port")") "
    echo "# run $run done; last bench-download: $(cat "$WORK/get.json")" >&2
done

CURL=$(median ${R[curl]})
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
echo "| downloader | source | MB/s (median of $RUNS) | runs | vs curl+nginx |"
echo "|---|---|---|---|---|"
row() { local m; m=$(median $3); echo "| $1 | $2 | $m | ${3% }| $(ratio "$m" "$CURL") |"; }
row "curl" "nginx (sendfile), 1 connection" "${R[curl]}"
row "curl, then openssl sha1 + sha256 of the file" "nginx (sendfile), 1 connection" "${R[curlv]}"
row "bench-download (TransferSession)" "1 seeder process" "${R[lt1]}"
row "bench-download (TransferSession)" "4 seeder processes" "${R[lt4]}"
row "bench-download, libtorrent's own disk back end" "4 seeder processes" "${R[lt4lt]}"
row "aria2c 1.36 (v1 torrent)" "1 seeder process" "${R[aria1]}"
row "aria2c 1.36 (v1 torrent)" "4 seeder processes" "${R[aria4]}"
