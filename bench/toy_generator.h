// SPDX-License-Identifier: MIT
// A generator of Toy programs for the frontend benchmarks: tutorial-like functions and structs
// (literals, shapes, calls, member access, comments), deterministic for a given size.
#pragma once

#include <cstddef>
#include <string>

namespace fastarena::bench {

// What the program is made of.
enum class ToyMix {
  tutorial,  // the tutorial's kind of code: calls, transposes, structs, a few literals
  literals,  // the same, each unit also holding larger tensor literals: a third of its bytes
             // are number literals (for measuring number parsing and printing)
};

// At least `bytes` bytes of valid Toy source, ending with a newline. The program runs: every
// unit's shapes agree, and a final `main` calls each unit's main_N, which prints a 3x2 tensor.
std::string generate_toy(std::size_t bytes, ToyMix mix = ToyMix::tutorial);

}  // namespace fastarena::bench
