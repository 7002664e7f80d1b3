#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compares fa-ir with a built toyc-ch7, output by output, on N random programs inside the
# language both accept (gen-toy --toyc-subset --seed 1..N) and on examples/*.toy: each mode's
# stdout and exit status, byte for byte. Prints, per mode, how many programs differ and the
# first lines of the first differences; exits 1 if any differs.
#
#   scripts/diff-toyc.sh TOYC [N]        (default N = 100)
#
# FA_IR and GEN_TOY name the binaries (default: build/release, else build/dev); MODES the modes to
# compare (default: all of them); SHOW how many differences to print per mode (default 2).
# toyc-ch7 is built by ../shared/tools/build-toyc.sh (see docs/ir.md).
set -uo pipefail

toyc=${1:?usage: diff-toyc.sh TOYC [N]}
count=${2:-100}
root=$(cd "$(dirname "$0")/.." && pwd)
pick() { for dir in "$root/build/release" "$root/build/dev"; do [ -x "$dir/$1" ] && { echo "$dir/$1"; return; }; done; }
fa_ir=${FA_IR:-$(pick tools/fa-ir)}
gen_toy=${GEN_TOY:-$(pick bench/gen-toy)}
[ -x "$fa_ir" ] && [ -x "$gen_toy" ] || { echo "diff-toyc.sh: build fa-ir and gen-toy first (cmake --preset release)" >&2; exit 2; }
modes=${MODES:-"ast mlir opt jit mlir-debuginfo opt-debuginfo affine affine-debuginfo"}
show=${SHOW:-2}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=()
for seed in $(seq 1 "$count"); do
  "$gen_toy" --toyc-subset --seed "$seed" > "$work/random-$seed.toy"
  inputs+=("$work/random-$seed.toy")
done
inputs+=("$root"/examples/*.toy)

# The same work in each tool, stdout then the exit status.
fa_ir_mode() {
  case $1 in
    ast) "$fa_ir" parse "$2" ;;
    mlir) "$fa_ir" lower "$2" ;;
    opt) "$fa_ir" opt "$2" ;;
    jit) "$fa_ir" run "$2" ;;
    mlir-debuginfo) "$fa_ir" lower --mlir-print-debuginfo "$2" ;;
    opt-debuginfo) "$fa_ir" opt --mlir-print-debuginfo "$2" ;;
    affine) "$fa_ir" lower --emit=mlir-affine "$2" ;;
    affine-debuginfo) "$fa_ir" lower --emit=mlir-affine --mlir-print-debuginfo "$2" ;;
    affine-opt) "$fa_ir" opt --emit=mlir-affine "$2" ;;
  esac 2>/dev/null
  echo "[exit $?]"
}
# toyc dumps the AST and the IR to stderr, and a JIT-run program prints to stdout.
toyc_mode() {
  case $1 in
    ast) "$toyc" -emit=ast "$2" 2>&1 >/dev/null ;;
    mlir) "$toyc" -emit=mlir "$2" 2>&1 >/dev/null ;;
    opt) "$toyc" -emit=mlir -opt "$2" 2>&1 >/dev/null ;;
    jit) "$toyc" -emit=jit "$2" 2>/dev/null ;;
    mlir-debuginfo) "$toyc" -emit=mlir --mlir-print-debuginfo "$2" 2>&1 >/dev/null ;;
    opt-debuginfo) "$toyc" -emit=mlir -opt --mlir-print-debuginfo "$2" 2>&1 >/dev/null ;;
    affine) "$toyc" -emit=mlir-affine "$2" 2>&1 >/dev/null ;;
    affine-debuginfo) "$toyc" -emit=mlir-affine --mlir-print-debuginfo "$2" 2>&1 >/dev/null ;;
    affine-opt) "$toyc" -emit=mlir-affine -opt "$2" 2>&1 >/dev/null ;;
  esac
  echo "[exit $?]"
}

status=0
for mode in $modes; do
  differ=0
  shown=0
  for input in "${inputs[@]}"; do
    # Paths differ between the two runs only if the tools print them: both get the same one.
    fa_ir_mode "$mode" "$input" > "$work/fa-ir.out"
    toyc_mode "$mode" "$input" > "$work/toyc.out"
    if ! cmp -s "$work/fa-ir.out" "$work/toyc.out"; then
      differ=$((differ + 1))
      if [ "$shown" -lt "$show" ]; then
        shown=$((shown + 1))
        echo "--- $mode: $(basename "$input") (< toyc-ch7, > fa-ir)"
        diff "$work/toyc.out" "$work/fa-ir.out" | head -n 12
      fi
    fi
  done
  echo "$mode: $differ of ${#inputs[@]} differ"
  [ "$differ" -eq 0 ] || status=1
done
exit "$status"
