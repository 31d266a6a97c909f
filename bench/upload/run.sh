#!/usr/bin/env bash
# Upload pipeline throughput beside its physical limit, all in one run on this machine:
#   openssl speed -evp aes-256-gcm / sha1 / sha256 (16 KiB blocks, wall clock with -elapsed),
#   bench-upload (the engine's one-pass encrypt + streamed hybrid torrent of a SIZE MiB file on tmpfs, and
#   the two stages alone and one after the other for comparison; medians of RUNS runs),
#   amazingstore-node upload of the same size to a real amazingstore-dc on 127.0.0.1 (encrypt, torrent,
#   register, Content-Range upload, wall clock of the whole command).
# The per-byte crypto limit of the pipeline is 1 / (1/AES-GCM + 1/SHA-1 + 1/SHA-256): every byte is
# encrypted once and hashed by v1 (SHA-1) and v2 (SHA-256) piece hashing.
# Usage: [RUNS=3] bench/upload/run.sh [BUILD_DIR] [SIZE_MIB]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-${AS_BUILD_DIR:-$here/../../build}}"
size="${2:-1024}"
runs="${RUNS:-3}"
dir=/dev/shm
[[ -d $dir && -w $dir ]] || dir=/tmp
speed() {
  openssl speed -elapsed -evp "$1" -bytes 16384 -seconds 3 2>/dev/null | awk -v a="$1" 'tolower($1)==tolower(a) {sub("k","",$2); printf "%.0f", $2/1000}'
}
echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
gcm=$(speed aes-256-gcm); sha1=$(speed sha1); sha256=$(speed sha256)
echo "openssl speed -elapsed -evp aes-256-gcm -bytes 16384: $gcm MB/s"
echo "openssl speed -elapsed -evp sha1 -bytes 16384:        $sha1 MB/s"
echo "openssl speed -elapsed -evp sha256 -bytes 16384:      $sha256 MB/s"
limit=$(awk -v a="$gcm" -v b="$sha1" -v c="$sha256" 'BEGIN {printf "%.0f", 1/(1/a+1/b+1/c)}')
echo "crypto limit of the pipeline (1/(1/aes+1/sha1+1/sha256)): $limit MB/s"
out=$("$build/bench/bench-upload" --dir "$dir" --size-mib "$size" --runs "$runs")
echo "$out"
local_mbs=$(awk '$1=="pipelineLocal" {print $2}' <<<"$out")

# With the DC on loopback: a real amazingstore-dc and one node profile, all in a temp folder.
work=$(mktemp -d "$dir/bench-upload.XXXXXX")
trap 'kill $dcpid 2>/dev/null || true; wait $dcpid 2>/dev/null || true; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))
"$build/app/amazingstore-dc" --listen "127.0.0.1:$port" --data "$work/dc" >"$work/dc.log" 2>&1 &
dcpid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
export AMAZINGSTORE_PASSWORD=bench-password
node="$build/app/amazingstore-node"
"$node" --profile "$work/p" register --dc "http://127.0.0.1:$port" bench >/dev/null
head -c $((size << 20)) /dev/urandom >"$work/file.bin"
all=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  link=$("$node" --profile "$work/p" upload "$work/file.bin")
  end=$(date +%s.%N)
  all+=("$(awk -v s="$start" -v e="$end" -v n="$size" 'BEGIN {printf "%.0f", n*1048576/1e6/(e-s)}')")
  # Each run uploads a new object (fresh file key); drop it so the DC's folder does not grow.
  "$node" --profile "$work/p" delete "$(sed 's|.*/s/||; s|#.*||' <<<"$link")" >/dev/null
done
dc_mbs=$(printf '%s\n' "${all[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
echo "pipelineWithDc  $dc_mbs MB/s  (amazingstore-node upload, DC on 127.0.0.1; runs: ${all[*]})"
serial_mbs=$(awk '$1=="pipelineSerial" {print $2}' <<<"$out")
awk -v l="$local_mbs" -v d="$dc_mbs" -v lim="$limit" -v g="$gcm" -v s="$serial_mbs" 'BEGIN {
  printf "ratio pipelineSerial / crypto limit: %.0f %% (encrypt, then hash the file in a second pass)\n", 100*s/lim
  printf "ratio pipelineLocal  / crypto limit: %.0f %%\n", 100*l/lim
  printf "ratio pipelineWithDc / crypto limit: %.0f %%\n", 100*d/lim
  printf "ratio pipelineLocal  / aes-256-gcm alone: %.0f %%\n", 100*l/g
}'
