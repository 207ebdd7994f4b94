#!/usr/bin/env bash
# Builds one libFuzzer target with Debian's clang-14 (ASan + UBSan, which
# also reports leaks) and runs it for FUZZ_SECONDS (default 20; longer by hand:
# FUZZ_SECONDS=600 tests/fuzz/run.sh expression_parser). Exits non-zero on
# any crash, sanitizer report or leak.
#   usage: tests/fuzz/run.sh <target> [build-dir]
#          tests/fuzz/run.sh --build-only [build-dir]   (every target; `make build` runs this,
#                                                         so the timed test only fuzzes)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [[ $1 == --build-only ]]; then
  for t in expression_parser request_decoder partiql_parser; do
    FUZZ_BUILD_ONLY=1 "$0" "$t" "${2:-$root/build}"
  done
  exit 0
fi
target=$1
out=${2:-$root/build}/fuzz
seconds=${FUZZ_SECONDS:-20}
mkdir -p "$out/corpus-$target"

case $target in
  expression_parser)
    sources=("$root/tests/fuzz/expression_parser_fuzz.cc" "$root"/src/dynamodb/expressions/*.cc
             "$root"/src/dynamodb/{number,attribute_value,attribute_value_validation,base64,errors,request_validation}.cc)
    libs=(-lboost_json -lfmt) ;;
  request_decoder)
    sources=("$root/tests/fuzz/request_decoder_fuzz.cc" "$root"/src/dynamodb/*.cc "$root"/src/dynamodb/expressions/*.cc
             "$root"/src/dynamodb/partiql/*.cc
             "$root"/src/storage/*.cc "$root"/src/aws/protocol/*.cc "$root"/src/aws/sigv4/failure.cc
             "$root"/src/http/asio_beast_impl.cc)
    libs=(-lboost_json -lrocksdb -lisal -lfmt -lpthread) ;;
  partiql_parser)
    sources=("$root/tests/fuzz/partiql_parser_fuzz.cc" "$root"/src/dynamodb/*.cc "$root"/src/dynamodb/expressions/*.cc
             "$root"/src/dynamodb/partiql/*.cc "$root"/src/storage/*.cc "$root"/src/aws/protocol/*.cc
             "$root"/src/aws/sigv4/failure.cc "$root"/src/http/asio_beast_impl.cc)
    libs=(-lboost_json -lrocksdb -lisal -lfmt -lpthread) ;;
  *) echo "unknown fuzz target $target" >&2; exit 2 ;;
esac

binary=$out/$target
# The targets share their objects (same flags, one per source) and build one
# at a time, so targets run in parallel by ctest compile each source once.
exec 9>"$out/.build.lock"
flock 9
# Headers of the folders the sources come from (a change elsewhere in src/ rebuilds nothing).
dirs=$(for src in "${sources[@]}"; do dirname "$src"; done | sort -u)
headers=()
for d in $dirs; do headers+=("$d"/*.h); done
newest=$(ls -t "${sources[@]}" "${headers[@]}" 2>/dev/null | head -1 || true)
if [[ ! -x $binary || $newest -nt $binary ]]; then
  launcher=""
  command -v ccache >/dev/null && launcher=ccache
  # One translation unit per source, two at a time, then link.
  compile() {
    $launcher clang++-14 -std=c++20 -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
      -fno-sanitize-recover=undefined -DBOOST_ASIO_SEPARATE_COMPILATION -DBOOST_BEAST_SEPARATE_COMPILATION \
      -DCLOUDLET_VERSION='"fuzz"' -I"$root/src" -c "$1" -o "$2"
  }
  objs=()
  running=0
  for src in "${sources[@]}"; do
    obj=$out/obj/$(echo "${src#$root/}" | tr '/' '_').o
    mkdir -p "$(dirname "$obj")"
    objs+=("$obj")
    if [[ ! -f $obj || $src -nt $obj || $newest -nt $obj ]]; then
      compile "$src" "$obj" &
      running=$((running + 1))
      if ((running >= $(nproc))); then wait -n; running=$((running - 1)); fi
    fi
  done
  while ((running > 0)); do wait -n; running=$((running - 1)); done
  clang++-14 -fsanitize=fuzzer,address,undefined "${objs[@]}" "${libs[@]}" -o "$binary"
fi
flock -u 9
[[ -n ${FUZZ_BUILD_ONLY:-} ]] && exit 0

seeds=()
[[ -d $root/tests/fuzz/seeds/$target ]] && seeds=("$root/tests/fuzz/seeds/$target")
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$binary" -artifact_prefix="$out/" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  "$out/corpus-$target" "${seeds[@]}" 2>&1 | tail -15
echo "fuzz $target: ${seconds}s, no crash"
