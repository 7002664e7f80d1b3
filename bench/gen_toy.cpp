// SPDX-License-Identifier: MIT
// gen-toy: writes a generated Toy program of at least BYTES bytes to FILE (or stdout), for
// measuring fa-ir end to end (time, peak memory) on the same input the benchmarks use.
// --literals: the literal-heavy mix (a third of the bytes are number literals).
// --toyc-subset --seed N: a random program inside the language both fa-ir and toyc-ch7 accept
// (random_toy.h), of at least BYTES bytes (default 0: a small one).
//
//   gen-toy [--literals] BYTES [FILE]
//   gen-toy --toyc-subset --seed N [BYTES [FILE]]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "random_toy.h"
#include "toy_generator.h"

int main(int argc, char** argv) {
  const char* tool = argv[0];
  bool random = false;
  std::uint64_t seed = 0;
  if (argc > 3 && std::string(argv[1]) == "--toyc-subset" && std::string(argv[2]) == "--seed") {
    random = true;
    seed = std::strtoull(argv[3], nullptr, 10);
    argc -= 3;
    argv += 3;
    if (argc == 1) {
      std::cout << fastarena::bench::random_toy(seed, 0);
      return std::cout ? 0 : 1;
    }
  }
  auto mix = fastarena::bench::ToyMix::tutorial;
  if (argc > 1 && std::string(argv[1]) == "--literals") {
    mix = fastarena::bench::ToyMix::literals;
    --argc;
    ++argv;
  }
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr,
                 "usage: %s [--literals] BYTES [FILE]\n"
                 "       %s --toyc-subset --seed N [BYTES [FILE]]\n",
                 tool, tool);
    return 1;
  }
  const std::size_t bytes = std::strtoull(argv[1], nullptr, 10);
  const std::string text = random ? fastarena::bench::random_toy(seed, bytes)
                                  : fastarena::bench::generate_toy(bytes, mix);
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
