// SPDX-License-Identifier: MIT
// A generator of random, valid Toy programs for differential testing of the optimiser: every
// program lowers, verifies and runs to completion (shapes agree everywhere, calls go only to
// functions defined earlier, so there is no recursion), with prints along the way.
#pragma once

#include <cstdint>
#include <string>

namespace fastarena::testing {

// The program of `seed`: the same text on every machine and compiler.
std::string random_program(std::uint64_t seed);

}  // namespace fastarena::testing
