#!/usr/bin/env bash
# Crypto throughput beside its physical limit: OpenSSL's own AES-256-GCM and SHA-256 speed on this
# machine, then bench-crypto (ASE1 encryptFile/decryptFile of a 1 GiB file on tmpfs, median of 3).
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

speed() { # prints MB/s (10^6 bytes/s) for 16 KiB blocks, one core
  openssl speed -evp "$1" -bytes 16384 -seconds 3 2>/dev/null | awk -v a="$1" 'tolower($1)==tolower(a) {sub("k","",$2); printf "%.0f", $2/1000}'
}

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(openssl version)"
gcm=$(speed aes-256-gcm)
sha=$(speed sha256)
echo "openssl speed -evp aes-256-gcm -bytes 16384: $gcm MB/s"
echo "openssl speed -evp sha256      -bytes 16384: $sha MB/s"
out=$("$bench" --dir "$dir" "$@")
echo "$out"
enc=$(awk '/^encryptFile/ {print $3}' <<<"$out")
dec=$(awk '/^decryptFile/ {print $3}' <<<"$out")
hsh=$(awk '/^sha256File/ {print $3}' <<<"$out")
awk -v e="$enc" -v d="$dec" -v h="$hsh" -v g="$gcm" -v s="$sha" 'BEGIN {
  printf "ratio encryptFile / openssl aes-256-gcm: %.0f %%\n", 100*e/g
  printf "ratio decryptFile / openssl aes-256-gcm: %.0f %%\n", 100*d/g
  printf "ratio sha256File  / openssl sha256:      %.0f %%\n", 100*h/s }'
