#!/bin/sh
# SPDX-License-Identifier: MIT
# The arena's benchmark tables with each compiler: builds fastarena-bench with g++ (preset
# release) and with clang++ (release-clang), runs it as BENCH_PROCESSES whole processes (3 unless
# set), the two compilers' processes in turn, each with 5 repetitions randomly interleaved, and
# prints compare.py's tables for each compiler over all of its processes' repetitions. Several
# processes because one process is one draw of the stack and heap addresses (randomised per
# process), which moves some rows by more than the gaps measured. The JSON is kept as
# bench-PRESET-N.json (its log as bench-PRESET-N.log). Extra arguments go to fastarena-bench
# (e.g. --benchmark_filter=alloc_1k).
set -eu
cd "$(dirname "$0")/.."
presets="release release-clang"
processes="${BENCH_PROCESSES:-3}"
for preset in $presets; do
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" --target fastarena-bench >/dev/null
  rm -f "bench-$preset".json "bench-$preset".log "bench-$preset"-[0-9]*.json "bench-$preset"-[0-9]*.log
done
run=1
while [ "$run" -le "$processes" ]; do
  for preset in $presets; do
    out="bench-$preset-$run"
    "./build/$preset/bench/fastarena-bench" --benchmark_repetitions=5 \
      --benchmark_enable_random_interleaving=true --benchmark_min_time=0.2 \
      --benchmark_display_aggregates_only=true --benchmark_out="$out.json" \
      --benchmark_out_format=json "$@" >/dev/null 2>"$out.log" || { cat "$out.log" >&2; exit 1; }
  done
  run=$((run + 1))
done
for preset in $presets; do
  echo "== $preset ($processes processes)"
  python3 bench/compare.py "bench-$preset"-[0-9]*.json
  echo
done
