#!/usr/bin/env bash
# Crypto throughput beside its physical limit: OpenSSL's own AES-256-GCM and SHA-256 speed on this
# machine, then bench-crypto (ASE1 encryptFile/decryptFile of a 1 GiB file on tmpfs, median of 3; SHA-256 of
# 16 KiB blocks in memory, in AVX-512 lanes and one block at a time with OpenSSL).
# Usage: bench/crypto/run.sh [BUILD_DIR] [extra bench-crypto options, e.g. --size-mib 256]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-${AS_BUILD_DIR:-$here/../../build}}"
shift || true
bench="$build/bench/bench-crypto"
if [[ ! -x "$bench" ]]; then
  echo "run.sh: $bench not found; build it with: cmake --build $build --target bench-crypto" >&2
  exit 1
fi
dir=/dev/shm
[[ -d $dir && -w $dir ]] || dir=/tmp

# MB/s (10^6 bytes/s), 16 KiB blocks, one thread. openssl speed divides by its *CPU* time unless given
# -elapsed; both are printed, because on a shared machine wall-clock figures depend on the load.
speed() {
  openssl speed ${2:-} -evp "$1" -bytes 16384 -seconds 3 2>/dev/null | awk -v a="$1" 'tolower($1)==tolower(a) {sub("k","",$2); printf "%.0f", $2/1000}'
}

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(openssl version)"
gcm=$(speed aes-256-gcm)
gcmw=$(speed aes-256-gcm -elapsed)
sha=$(speed sha256)
echo "openssl speed -evp aes-256-gcm -bytes 16384:          $gcm MB/s (per CPU-second)"
echo "openssl speed -elapsed -evp aes-256-gcm -bytes 16384: $gcmw MB/s (wall clock)"
echo "openssl speed -evp sha256 -bytes 16384:               $sha MB/s (per CPU-second)"
out=$("$bench" --dir "$dir" "$@")
echo "$out"
col() { awk -v n="$1" '$1==n {print $3}' <<<"$out"; }
cpu() { awk -v n="$1" '$1==n {for (i=1;i<NF;i++) if ($i=="CPU-second:") print $(i+1)}' <<<"$out"; }
awk -v mem="$(col sealInMemory)" -v enc="$(col encryptFile)" -v dec="$(col decryptFile)" \
    -v encc="$(cpu encryptFile)" -v cpy="$(col plainCopy)" -v h="$(col sha256File)" \
    -v lanes="$(awk '$1 ~ /^sha256Lanes/ {print $3}' <<<"$out")" -v blocks="$(col sha256Blocks)" \
    -v g="$gcm" -v gw="$gcmw" -v s="$sha" 'BEGIN {
  printf "ratio sealInMemory / openssl aes-256-gcm (wall, -elapsed): %.0f %%\n", 100*mem/gw
  printf "ratio encryptFile  / openssl aes-256-gcm (wall, -elapsed): %.0f %%\n", 100*enc/gw
  printf "ratio decryptFile  / openssl aes-256-gcm (wall, -elapsed): %.0f %%\n", 100*dec/gw
  printf "ratio encryptFile  / plainCopy (wall):                    %.0f %%\n", 100*enc/cpy
  printf "ratio encryptFile per CPU-second / openssl (CPU time):    %.0f %%\n", 100*encc/g
  printf "ratio sha256File   / openssl sha256 (wall vs CPU time):   %.0f %%\n", 100*h/s
  printf "ratio sha256Lanes  / openssl sha256 (v2 blocks, 16 lanes): %.0f %%\n", 100*lanes/s
  printf "ratio sha256Lanes  / sha256Blocks (same run, same bytes):  %.2fx\n", lanes/blocks }'
