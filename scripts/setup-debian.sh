#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what fastarena needs to build, test and benchmark on Debian 12, from Debian's archive.
# Idempotent; uses sudo when not run as root.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
packages=(
  cmake ninja-build g++ clang-14 libclang-rt-14-dev
  libc++-14-dev libc++abi-14-dev  # the libcxx preset
  libgtest-dev googletest libbenchmark-dev  # googletest: the sources, built with libc++
  g++-12-i686-linux-gnu g++-12-aarch64-linux-gnu qemu-user  # the cross-i386/-aarch64 presets
  llvm-14-dev llvm-14-tools zlib1g-dev  # zlib: LLVM's static Support library links it
  libprotobuf-dev
  re2c doxygen valgrind
  python3 pkg-config
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# clang and clang++ must name clang 14 for the presets (Debian's clang-14 package installs
# clang-14 and clang++-14).
for tool in clang clang++; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    $SUDO update-alternatives --install "/usr/bin/$tool" "$tool" "/usr/bin/$tool-14" 100
  fi
done
