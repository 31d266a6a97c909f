#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan, coverage on our sources, compiled here)
# and runs each for SECONDS (default 60), printing executions and coverage. Not part of the test command.
# Usage: tests/fuzz/run.sh [SECONDS]      Results: docs/fuzzing.md. FUZZ_TARGETS="a b" runs only those.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=${FUZZ_DIR:-build-fuzz}
need=()
command -v clang++ >/dev/null || need+=(clang)
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
mkdir -p "$out"
flags=(-std=c++20 -O1 -g -fPIC -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I. $(pkg-config --cflags Qt6Core libtorrent-rasterbar openssl) -DQT_NO_CAST_FROM_ASCII)
libs=($(pkg-config --libs Qt6Core libtorrent-rasterbar openssl))
util=(core/util/Encoding.cpp core/util/Ids.cpp core/util/Merkle.cpp core/util/Sha256Lanes.cpp)
targets=${FUZZ_TARGETS:-fuzz_share_link fuzz_rest_bodies fuzz_torrent fuzz_http_head fuzz_tracker_query}
build() { # name sources... (only the targets asked for)
  local name=$1; shift
  [[ " $targets " == *" $name "* ]] || return 0
  echo "fuzz: building $name"
  clang++ "${flags[@]}" "$@" "${util[@]}" -o "$out/$name" "${libs[@]}"
}
build fuzz_share_link tests/fuzz/fuzz_share_link.cpp core/link/ShareLink.cpp
build fuzz_rest_bodies tests/fuzz/fuzz_rest_bodies.cpp core/protocol/Json.cpp core/protocol/Problem.cpp \
  core/protocol/Accounts.cpp core/protocol/Objects.cpp core/protocol/Peers.cpp core/protocol/Audits.cpp \
  core/protocol/Health.cpp core/control/Wire.cpp
build fuzz_torrent tests/fuzz/fuzz_torrent.cpp server/torrent/TorrentCheck.cpp core/transfer/BlockProof.cpp
build fuzz_http_head tests/fuzz/fuzz_http_head.cpp server/http/RequestHead.cpp
flags+=($(pkg-config --cflags cpp-httplib)); libs+=($(pkg-config --libs cpp-httplib))
build fuzz_tracker_query tests/fuzz/fuzz_tracker_query.cpp server/routes/AnnounceQuery.cpp
for t in $targets; do
  mkdir -p "$out/corpus-$t"
  echo "fuzz: running $t for ${secs}s"
  "$out/$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 "$out/corpus-$t" \
    "tests/fuzz/seeds/$t" \
    2>"$out/$t.log" || { echo "fuzz: $t FOUND A CRASH, see $out/$t.log"; tail -30 "$out/$t.log"; exit 1; }
  grep -E "stat::number_of_executed_units|cov:" "$out/$t.log" | tail -2 | sed "s/^/fuzz: $t: /"
done
