#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the consumer project one way and checks its output.
#   run.sh MODE BUILD_DIR SOURCE_DIR CC CXX CXXFLAGS LDFLAGS LLVM_PREFIX
# MODE: find_package (install BUILD_DIR into a temporary prefix, find the package there, LLVM
# under LLVM_PREFIX), add_subdirectory and fetchcontent (the source tree, then the consumer's own
# install(EXPORT)), pkg_config (install, then plain CXX with pkg-config), shared (the arena alone
# as a shared library: its SONAME carries the version, its internal symbols are hidden).
set -euo pipefail
# CC matters too: with LLVM's static libraries CMake links the C compiler's implicit libraries,
# which must come from the same toolchain (gcc's sanitizer runtime does not mix with clang's).
mode=$1 build=$2 source=$(cd "$3" && pwd) cc=$4 cxx=$5 cxxflags=$6 ldflags=$7 llvm_prefix=$8
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
expected='^fastarena [0-9]+\.[0-9]+\.[0-9]+: answer 42, 10 frozen numbers summing to 55, [0-9]+ bytes in 1 block$'

configure() {
  cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$cxxflags" \
    -DCMAKE_EXE_LINKER_FLAGS="$ldflags" "$@" >"$work/configure.log" ||
    { cat "$work/configure.log"; exit 1; }
  cmake --build "$work/build" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
}

case $mode in
  find_package)
    cmake --install "$build" --prefix "$work/prefix" >/dev/null
    configure "-DCMAKE_PREFIX_PATH=$work/prefix;$llvm_prefix"
    "$work/build/ir_consumer" | grep -x 'tensor<2x3xf64>'
    "$work/build/codegen_consumer" | grep -x 'define void @main() {'
    ;;
  add_subdirectory | fetchcontent)
    configure -DCONSUMER_MODE="$mode" -DFASTARENA_SOURCE_DIR="$source"
    cmake --install "$work/build" --prefix "$work/prefix" >/dev/null
    test -f "$work/prefix/lib/cmake/consumer/consumerTargets.cmake"
    test -f "$work/prefix/lib/cmake/fastarena/fastarenaTargets.cmake"
    ;;
  shared)
    cmake -S "$source" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$cxxflags" -DBUILD_SHARED_LIBS=ON \
      -DFASTARENA_WITH_LLVM=OFF -DFASTARENA_BUILD_TESTS=OFF -DFASTARENA_BUILD_BENCH=OFF \
      -DFASTARENA_BUILD_EXAMPLES=OFF -DFASTARENA_BUILD_TOOLS=OFF >"$work/configure.log" ||
      { cat "$work/configure.log"; exit 1; }
    cmake --build "$work/build" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
    version=$(sed -n 's/^project(fastarena VERSION \([0-9]*\.[0-9]*\)\..*/\1/p' "$source/CMakeLists.txt")
    so="$work/build/arena/libfastarena-arena.so"
    objdump -p "$so" | grep -E "SONAME +libfastarena-arena\.so\.$version\$"
    # Hidden: what only the library's own code calls (the slow paths' helpers); exported: what
    # the headers' inline code calls (the shared preset runs every arena test against it).
    exported=$(nm -DC --defined-only "$so")
    if grep -E "ArenaCore::(reserve_block|enter_block|first_block|bump_big|run_drops_down_to)\(" <<<"$exported"; then
      echo "internal symbols exported" >&2
      exit 1
    fi
    grep -q "ArenaCore::bump_slow(" <<<"$exported"
    echo "consumer ($mode): ok"
    exit 0
    ;;
  pkg_config)
    cmake --install "$build" --prefix "$work/prefix" >/dev/null
    export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
    mkdir -p "$work/build"
    # shellcheck disable=SC2046,SC2086  # pkg-config's output is meant to be split into words
    "$cxx" $cxxflags "$here/consumer.cpp" $(pkg-config --cflags --libs fastarena) $ldflags \
      -o "$work/build/consumer"
    # A shared build (BUILD_SHARED_LIBS=ON) installed outside the system's library path.
    export LD_LIBRARY_PATH="$work/prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
"$work/build/consumer" | tee "$work/out.txt"
grep -Eq "$expected" "$work/out.txt"
echo "consumer ($mode): ok"
