// SPDX-License-Identifier: MIT
// Random Toy programs inside the language both fa-ir and the real toyc-ch7 accept, for comparing
// the two output by output (scripts/diff-toyc.sh): structs of tensors, functions defined before
// their callers (each param of one fixed shape, so every call inlines to static shapes), `+`,
// `*`, transpose, reshaped literals and broadcast numbers, member access, and a final `main`
// that prints. Nothing toyc lacks (`-`, recursion, calls before definition, functions without
// a result, reshapes of computed values, which its lowering cannot remove).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace fastarena::bench {

// A program of at least `bytes` bytes (0: a small one, 200 to 2 200 bytes), the same for the
// same seed.
std::string random_toy(std::uint64_t seed, std::size_t bytes);

}  // namespace fastarena::bench
