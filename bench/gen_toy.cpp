// gen-toy: writes a generated Toy program of at least BYTES bytes to FILE (or stdout), for
// measuring fa-ir end to end (time, peak memory) on the same input the benchmarks use.
//
//   gen-toy BYTES [FILE]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "toy_generator.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s BYTES [FILE]\n", argv[0]);
    return 1;
  }
  const std::string text = fastarena::bench::generate_toy(std::strtoull(argv[1], nullptr, 10));
  if (argc == 2) {
    std::cout << text;
    return std::cout ? 0 : 1;
  }
  std::ofstream file(argv[2], std::ios::binary);
  file << text;
  if (!file) {
    std::fprintf(stderr, "%s: cannot write '%s'\n", argv[0], argv[2]);
    return 1;
  }
  return 0;
}
