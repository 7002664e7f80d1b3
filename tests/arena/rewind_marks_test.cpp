// SPDX-License-Identifier: MIT
// The stale-checkpoint layer on its own: RewindMarks against the definition of staleness, which
// remembers every rewind ever made.
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "fastarena/detail/rewind_marks.h"

namespace fastarena::detail {
namespace {

struct TakenCheckpoint {
  std::uint64_t epoch;
  std::size_t position;
  std::size_t taken_at;  // steps so far when it was taken
};
struct Rewind {
  std::size_t position;
  std::size_t at;  // steps so far when it was made
};

// Stale iff a rewind made after the checkpoint went below it.
bool stale_by_definition(const TakenCheckpoint& cp, const std::vector<Rewind>& rewinds) {
  for (const Rewind& r : rewinds) {
    if (r.at > cp.taken_at && r.position < cp.position) return true;
  }
  return false;
}

// Random histories of allocations, checkpoints and rewinds, with the epochs the arena gives
// (the epoch advances at a rewind when a checkpoint was taken since the last one). Positions
// stay below the capacity, so no mark is ever dropped and the answer must be exact.
TEST(RewindMarks, AgreeWithTheDefinitionOfStaleness) {
  std::size_t checks = 0, stale = 0;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    std::mt19937 random(seed);
    RewindMarks marks;
    std::uint64_t epoch = 0;
    bool checkpoint_taken = false;
    std::size_t position = 0;
    std::vector<TakenCheckpoint> checkpoints;
    std::vector<Rewind> rewinds;
    for (std::size_t step = 1; step <= 300; ++step) {
      const unsigned choice = random() % 4;
      if (choice == 0 && position + 1 < RewindMarks::kCapacity) {
        position += 1 + random() % (RewindMarks::kCapacity - 1 - position);
      } else if (choice == 1) {
        checkpoints.push_back({epoch, position, step});
        checkpoint_taken = true;
      } else if (choice == 2) {
        // To a valid checkpoint (what ArenaCore lets through) or, as a reset, to 0.
        std::vector<std::size_t> targets{0};
        for (const TakenCheckpoint& cp : checkpoints) {
          if (cp.position <= position && !stale_by_definition(cp, rewinds)) {
            targets.push_back(cp.position);
          }
        }
        position = targets[random() % targets.size()];
        if (checkpoint_taken) ++epoch;
        checkpoint_taken = false;
        marks.record(epoch, position);
        rewinds.push_back({position, step});
      }
      for (const TakenCheckpoint& cp : checkpoints) {
        const bool expected = stale_by_definition(cp, rewinds);
        ASSERT_EQ(marks.is_stale(cp.epoch, cp.position), expected)
            << "seed " << seed << ", step " << step << ": checkpoint at " << cp.position
            << " taken at step " << cp.taken_at;
        ++checks;
        stale += expected ? 1 : 0;
      }
    }
  }
  EXPECT_GT(stale, checks / 10);  // the histories make plenty of stale checkpoints, and valid ones
  EXPECT_LT(stale, checks - checks / 10);
}

// Full, the oldest mark goes: a checkpoint it alone made stale may pass, a valid one never fails.
TEST(RewindMarks, WhenFullTheyForgetTheOldestAndNeverRejectAValidCheckpoint) {
  RewindMarks marks;
  const std::size_t n = RewindMarks::kCapacity + 1;
  // Epoch e: a checkpoint at e + 1 is taken, then a rewind to e makes it stale.
  for (std::size_t e = 0; e < n; ++e) marks.record(e + 1, e);
  EXPECT_FALSE(marks.is_stale(0, 1));  // only the dropped first mark (to 0) rejected it
  for (std::size_t e = 1; e < n; ++e) EXPECT_TRUE(marks.is_stale(e, e + 1)) << e;
  for (std::size_t e = 0; e < n; ++e) EXPECT_FALSE(marks.is_stale(e, e)) << e;
  EXPECT_FALSE(marks.is_stale(n, 1000));  // taken after every rewind
}

}  // namespace
}  // namespace fastarena::detail
