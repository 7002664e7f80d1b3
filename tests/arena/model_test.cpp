// SPDX-License-Identifier: MIT
// The model-checked arena (arena_model.h) on seeded random sequences: a fixed number in CTest,
// more with FASTARENA_MODEL_SEQUENCES=N for a long run.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>

#include "arena_model.h"

namespace fastarena::model {
namespace {

class SeededChoices : public Choices {
 public:
  explicit SeededChoices(unsigned seed) : random_(seed) {}
  std::size_t below(std::size_t n) override { return random_() % n; }
  bool more() override { return true; }

 private:
  std::mt19937_64 random_;
};

std::size_t sequences() {
  const char* env = std::getenv("FASTARENA_MODEL_SEQUENCES");
  return env != nullptr ? std::stoul(env) : 300;
}

TEST(ArenaModel, RandomSequencesKeepEveryInvariant) {
  std::size_t steps = 0;
  ArenaModel::Counts total;
  const std::size_t n = sequences();
  for (unsigned seed = 1; seed <= n; ++seed) {
    SeededChoices choices(seed);
    // Small first blocks so that sequences cross blocks and make oversized allocations; every
    // third sequence starts in a caller's buffer.
    alignas(16) std::byte buffer[200];
    std::optional<ArenaModel> owned;
    if (seed % 3 == 0) {
      owned.emplace(std::span<std::byte>(buffer), seed % 2 == 0 ? 64 : 1024);
    } else {
      owned.emplace(seed % 2 == 0 ? 64 : 1024);
    }
    ArenaModel& model = *owned;
    for (int i = 0; i < 120; ++i) {
      if (const std::optional<std::string> problem = model.step(choices)) {
        FAIL() << "seed " << seed << ", step " << i << ": " << *problem;
      }
    }
    steps += model.steps();
    total.refused += model.counts().refused;
    total.rewinds += model.counts().rewinds;
    total.stale_refused += model.counts().stale_refused;
    total.rollbacks += model.counts().rollbacks;
    total.vectors += model.counts().vectors;
    total.source_refused += model.counts().source_refused;
  }
  // The sequences reach every kind of event, not just plain allocation.
  EXPECT_GE(steps, 10000u);
  EXPECT_GT(total.refused, 0u);
  EXPECT_GT(total.rewinds, 0u);
  EXPECT_GT(total.stale_refused, 0u);
  EXPECT_GT(total.rollbacks, 0u);
  EXPECT_GT(total.vectors, 0u);
  EXPECT_GT(total.source_refused, 0u);
  std::printf(
      "%zu sequences, %zu steps: %zu refused by a budget, %zu rewinds, %zu stale "
      "rewinds refused, %zu rollbacks, %zu ArenaVecs frozen, %zu blocks refused by the source\n",
      n, steps, total.refused, total.rewinds, total.stale_refused, total.rollbacks, total.vectors,
      total.source_refused);
}

// The sequences above run with the arena's invariants checked (tests/CMakeLists.txt), and a
// broken one stops the process saying which and where.
static_assert(FASTARENA_ASSERTIONS == 1, "the arena's tests check its invariants");
TEST(ModelDeathTest, ABrokenInvariantAbortsSayingWhichAndWhere) {
  EXPECT_DEATH(FASTARENA_ASSERT(1 + 1 == 3, "arithmetic holds"),
               "fastarena: invariant broken at .*model_test.cpp:[0-9]+: arithmetic holds "
               "\\(1 \\+ 1 == 3\\)");
}

}  // namespace
}  // namespace fastarena::model
