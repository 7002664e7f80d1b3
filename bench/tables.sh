#!/bin/sh
# SPDX-License-Identifier: MIT
# The arena's benchmark tables with each compiler: builds fastarena-bench with g++ (preset
# release) and with clang++ (release-clang), runs each (5 repetitions, randomly interleaved) and
# prints compare.py's tables for each, the JSON kept as bench-PRESET.json (its log as
# bench-PRESET.log). Extra arguments go to
# fastarena-bench (e.g. --benchmark_filter=alloc_1k).
set -eu
cd "$(dirname "$0")/.."
for preset in release release-clang; do
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" --target fastarena-bench >/dev/null
  "./build/$preset/bench/fastarena-bench" --benchmark_repetitions=5 \
    --benchmark_enable_random_interleaving=true --benchmark_display_aggregates_only=true \
    --benchmark_out="bench-$preset.json" --benchmark_out_format=json "$@" \
    >/dev/null 2>"bench-$preset.log" || { cat "bench-$preset.log" >&2; exit 1; }
  echo "== $preset"
  python3 bench/compare.py "bench-$preset.json"
  echo
done
