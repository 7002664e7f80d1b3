// SPDX-License-Identifier: MIT
// gen-toy: writes a generated Toy program of at least BYTES bytes to FILE (or stdout), for
// measuring fa-ir end to end (time, peak memory) on the same input the benchmarks use.
// --literals: the literal-heavy mix (a third of the bytes are number literals).
//
//   gen-toy [--literals] BYTES [FILE]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "toy_generator.h"

int main(int argc, char** argv) {
  const char* tool = argv[0];
  auto mix = fastarena::bench::ToyMix::tutorial;
  if (argc > 1 && std::string(argv[1]) == "--literals") {
    mix = fastarena::bench::ToyMix::literals;
    --argc;
    ++argv;
  }
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s [--literals] BYTES [FILE]\n", tool);
    return 1;
  }
  const std::string text = fastarena::bench::generate_toy(std::strtoull(argv[1], nullptr, 10), mix);
  if (argc == 2) {
    std::cout << text;
    return std::cout ? 0 : 1;
  }
  std::ofstream file(argv[2], std::ios::binary);
  file << text;
  if (!file) {
    std::fprintf(stderr, "%s: cannot write '%s'\n", tool, argv[2]);
    return 1;
  }
  return 0;
}
