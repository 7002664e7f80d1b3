// SPDX-License-Identifier: MIT
// The chunk layer, the transaction stack and drop tracking, each on its own: seeded random
// sequences drive
// detail::ArenaCore through one layer's calls only, against a model of that layer, and check the
// layer's whole invariant (ArenaCore::broken_*_invariant) after every step. The rewind marks have
// their own test (rewind_marks_test.cpp); model_test.cpp drives all layers at once.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "arena_model.h"
#include "fastarena/detail/arena_core.h"
#include "fastarena/errors.h"

namespace fastarena::detail {
namespace {

constexpr std::size_t kFirstBlock = 256;

// A block source that counts the blocks it has out and refuses when told to.
class CountingSource {
 public:
  void* allocate(std::size_t bytes, std::size_t align) {
    if (refuse) return nullptr;
    ++given;
    ++outstanding;
    return ::operator new (bytes, std::align_val_t{align});
  }
  void deallocate(void* p, std::size_t, std::size_t align) {
    --outstanding;
    ::operator delete (p, std::align_val_t{align});
  }
  std::size_t given = 0;
  std::size_t outstanding = 0;
  bool refuse = false;
};

// A live allocation and the byte it was filled with.
struct Live {
  unsigned char* p;
  std::size_t size;
  std::size_t align;
  unsigned char pattern;
};
using model::check_live;

// Fills [p, p + size) with a byte of its own and returns it as a live allocation.
Live fill(void* p, std::size_t size, std::size_t align, std::size_t seed) {
  const auto pattern = static_cast<unsigned char>(seed * 31 + 7);
  std::memset(p, pattern, size);
  return {static_cast<unsigned char*>(p), size, align, pattern};
}

// Each test runs kSequences seeded sequences of kSteps steps.
constexpr unsigned kSequences = 200;
constexpr int kSteps = 150;

// kSteps steps of `model`; the first problem, and at which step.
template <class Model>
std::optional<std::string> run_steps(Model& model, std::mt19937& random) {
  for (int step = 0; step < kSteps; ++step) {
    if (std::optional<std::string> problem = model.step(random)) {
      return "step " + std::to_string(step) + ": " + *problem;
    }
  }
  return std::nullopt;
}

std::size_t pick_size(std::mt19937& random) {
  switch (random() % 8) {
    case 0:
      return 0;
    case 1:
      return 200 + random() % 800;  // bigger than the first block, or than the current one
    case 2:
      return 4000 + random() % 3000;  // bigger than max_block: always a block of its own
    default:
      return 1 + random() % 128;
  }
}
std::size_t pick_align(std::mt19937& random) {
  return std::size_t{1} << (random() % 7);
}

// The chunk layer: blocks, oversized blocks, the block source, and the position over them, driven
// by allocations, checkpoints with unchecked rewinds (no stale-checkpoint detection, no
// transaction), resets, and replays: a reset and then the same operations again, which must
// reserve nothing and hand out the same memory. (Only a request without rewinds replays so: one
// that went back to an earlier block may have inserted a block where the replay then goes.)
class ChunkModel {
 public:
  explicit ChunkModel(std::span<std::byte> buffer)
      : buffer_(!buffer.empty()),
        core_(buffer,
              ArenaOptions{.first_block = kFirstBlock, .max_block = 4096, .source = &source_}) {}

  std::optional<std::string> step(std::mt19937& random) {
    std::optional<std::string> problem;
    switch (random() % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        problem = alloc(pick_size(random), pick_align(random));
        break;
      case 4:
        source_.refuse = true;  // for the next allocation only
        problem = alloc(pick_size(random), pick_align(random));
        source_.refuse = false;
        break;
      case 5:
        save();
        break;
      case 6:
      case 7:
        if (!saved_.empty()) problem = rewind(random() % saved_.size());
        break;
      case 8:
        problem = reset();
        break;
      default:
        problem = replay();
        break;
    }
    if (problem) return problem;
    return check();
  }

  std::optional<std::string> check() {
    if (const char* broken = core_.broken_chunk_invariant()) return std::string(broken);
    if (auto problem = check_live(live_)) return problem;
    // The chunks are the handed-out memory: the position is their total, and each live
    // allocation lies within one of them.
    std::size_t total = 0;
    for (std::size_t i = 0; i < core_.chunk_count(); ++i) total += core_.chunk(i).size();
    if (total != core_.position()) return "the chunks do not add up to the position";
    for (const Live& a : live_) {
      if (a.size == 0) continue;
      const std::optional<std::size_t> first = core_.identify(a.p);
      const std::optional<std::size_t> last = core_.identify(a.p + a.size - 1);
      if (!first || !last || *last != *first + a.size - 1) {
        return "a live allocation is not within one chunk";
      }
    }
    // Every block but the caller's buffer came from the source and is still out.
    if (source_.outstanding != core_.block_count() - (buffer_ ? 1 : 0)) {
      return "the blocks held are not the blocks taken from the source";
    }
    return std::nullopt;
  }

  std::size_t replays = 0, refused = 0, blocks = 0;

 private:
  struct Saved {
    Checkpoint cp;
    std::size_t position;
    std::size_t live;  // live allocations when it was taken
  };
  // An operation since the last reset, and what it gave: a replay must give the same.
  struct Op {
    enum Kind { alloc, save } kind;
    std::size_t size, align;  // alloc
    std::uintptr_t address;   // alloc: where it went
    std::size_t position;     // the position after it
  };

  std::optional<std::string> alloc(std::size_t size, std::size_t align) {
    const std::size_t before = core_.position();
    void* const p = core_.bump(size, align);
    if (p == nullptr) {
      if (!source_.refuse) return "an allocation failed with a willing source";
      if (core_.position() != before) return "a failed allocation moved the position";
      ++refused;
      return std::nullopt;  // not an operation a replay repeats: it depends on the source
    }
    const std::size_t grew = core_.position() - before;
    if (grew < size || grew > size + align - 1) {
      return "the position moved by " + std::to_string(grew) + " for " + std::to_string(size) +
             " bytes aligned to " + std::to_string(align);
    }
    live_.push_back(fill(p, size, align, ops_.size()));
    ops_.push_back({Op::alloc, size, align, reinterpret_cast<std::uintptr_t>(p), core_.position()});
    return std::nullopt;
  }
  void save() {
    saved_.push_back({core_.checkpoint(), core_.position(), live_.size()});
    ops_.push_back({Op::save, 0, 0, 0, core_.position()});
  }
  std::optional<std::string> rewind(std::size_t index) {
    const Saved target = saved_[index];
    core_.rewind_unchecked(target.cp);
    if (core_.position() != target.position) return "a rewind missed its checkpoint's position";
    live_.resize(target.live);
    saved_.erase(saved_.begin() + static_cast<std::ptrdiff_t>(index) + 1,
                 saved_.end());  // this one stays
    rewound_ = true;
    return std::nullopt;
  }
  std::optional<std::string> reset() {
    core_.reset();
    if (core_.position() != 0) return "a reset left bytes allocated";
    live_.clear();
    saved_.clear();
    ops_.clear();
    rewound_ = false;
    return std::nullopt;
  }
  // A reset, then every operation since the previous reset again: the blocks are kept, so
  // nothing is reserved, every position is the same, and so is every allocation that no
  // block can be too small for (an oversized one may take another spare block that fits; a
  // zero-size one made before the first block pointed at the empty block).
  std::optional<std::string> replay() {
    if (rewound_) return reset();
    const std::vector<Op> first = ops_;
    const std::size_t given = source_.given;
    if (auto problem = reset()) return problem;
    for (const Op& op : first) {
      if (op.kind == Op::alloc) {
        if (auto problem = alloc(op.size, op.align)) return problem;
        if (op.size > 0 && op.size <= kFirstBlock / 2 && ops_.back().address != op.address) {
          return "a replayed allocation went elsewhere";
        }
      } else {
        save();
      }
      if (core_.position() != op.position) return "a replay reached another position";
    }
    if (source_.given != given) return "a replay reserved a block";
    ++replays;
    return std::nullopt;
  }

  CountingSource source_;
  bool buffer_;
  ArenaCore core_;
  std::vector<Live> live_;
  std::vector<Saved> saved_;
  std::vector<Op> ops_;
  bool rewound_ = false;  // since the last reset
};

TEST(ChunkLayer, RandomSequencesKeepItsInvariant) {
  std::size_t replays = 0, refused = 0;
  for (unsigned seed = 1; seed <= kSequences; ++seed) {
    std::mt19937 random(seed);
    alignas(64) std::byte buffer[512];
    ChunkModel model(seed % 2 == 0 ? std::span<std::byte>(buffer) : std::span<std::byte>());
    const std::optional<std::string> problem = run_steps(model, random);
    ASSERT_FALSE(problem) << "seed " << seed << ", " << *problem;
    replays += model.replays;
    refused += model.refused;
  }
  EXPECT_GT(replays, 500u);  // the sequences reach what they test
  EXPECT_GT(refused, 100u);
}

// The transaction stack: frames opened, allocated through, budgeted, committed and rolled back,
// against a model of the open transactions. Small blocks, so that transactions span blocks.
class TxnModel {
 public:
  TxnModel() : core_(ArenaOptions{.first_block = kFirstBlock, .max_block = 4096}) {}
  ~TxnModel() {
    while (!open_.empty()) (void)close(/*commit=*/false);
  }

  std::optional<std::string> step(std::mt19937& random) {
    std::optional<std::string> problem;
    switch (random() % 12) {
      case 0:
      case 1:
        problem = open(random);
        break;
      case 2:
      case 3:
      case 4:
      case 5:
        if (!open_.empty()) problem = alloc(pick_size(random), pick_align(random));
        break;
      case 6:
        if (!open_.empty()) problem = set_budget(random);
        break;
      case 7:
        if (!open_.empty()) problem = close(/*commit=*/true);
        break;
      case 8:
        if (!open_.empty()) problem = close(/*commit=*/false);
        break;
      case 9:
        problem = misuse(random);
        break;
      case 10:
        // The arena itself allocates past every budget (what a caller holding the arena does).
        problem = bump_arena(1 + random() % 64);
        break;
      default:
        if (open_.empty()) {
          core_.reset();
          live_.clear();
        }
        break;
    }
    if (problem) return problem;
    return check();
  }

  std::optional<std::string> check() {
    if (const char* broken = core_.broken_txn_invariant()) return std::string(broken);
    if (const char* broken = core_.broken_chunk_invariant()) return std::string(broken);
    if (auto problem = check_live(live_)) return problem;
    if (core_.txn_depth() != open_.size()) return "the depth is not the open transactions'";
    if (!open_.empty()) {
      if (core_.top() != open_.back().frame) return "the innermost frame is not the newest";
      if (core_.txn_floor() != open_.back().floor) return "the floor is not the innermost start";
    }
    for (const Open& t : open_) {
      if (t.shared && !t.shared->current()) return "an open transaction's slot moved on";
      if (t.frame->budget != t.budget) return "a frame lost its budget";
    }
    for (const FrameRef& ref : closed_) {
      if (ref.current()) return "a closed transaction's slot still says it is open";
    }
    return std::nullopt;
  }

  std::size_t refused = 0, rollbacks = 0, spanning = 0, misuses = 0;

 private:
  struct Open {
    const TxnFrame* frame;
    const TxnFrame* outer;
    std::size_t floor;
    std::size_t budget;              // the tightest in force, as a position (kNoLimit: none)
    std::optional<FrameRef> shared;  // its frame as ArenaVec and the adapters keep it, if made
    std::size_t live;                // live allocations at the opening
    std::size_t blocks;              // block_count() at the opening
  };

  // Opens a transaction (a savepoint if one is open) with its enclosing budget, and sometimes
  // a tighter one of its own, as Transaction::set_limit sets it.
  std::optional<std::string> open(std::mt19937& random) {
    const std::size_t inherited = open_.empty() ? kNoLimit : open_.back().budget;
    const TxnFrame* const outer = core_.top();
    const std::size_t floor = core_.position();
    const TxnFrame& frame = core_.open_txn(inherited);
    if (frame.floor != floor || core_.snapshot().bytes() != floor) {
      return "a transaction does not start at the position";
    }
    std::optional<FrameRef> shared;
    if (random() % 4 != 0) shared = core_.share_frame(frame);
    open_.push_back({&frame, outer, floor, inherited, shared, live_.size(), core_.block_count()});
    if (random() % 2 == 0) return set_budget(random);
    return std::nullopt;
  }
  std::optional<std::string> set_budget(std::mt19937& random) {
    Open& t = open_.back();
    const std::size_t inherited = open_.size() == 1 ? kNoLimit : open_[open_.size() - 2].budget;
    const std::size_t own = t.floor + random() % 2000;
    t.budget = std::min(inherited, own);
    core_.set_budget(*t.frame, t.budget);
    return std::nullopt;
  }
  // Through the innermost frame: refused exactly when the budget cannot hold it (give or take
  // the alignment padding), else served, from this block or another.
  std::optional<std::string> alloc(std::size_t size, std::size_t align) {
    const Open& t = open_.back();
    const std::size_t before = core_.position();
    void* const p = core_.bump_in(*t.frame, size, align);
    if (p == nullptr) {
      if (t.budget != kNoLimit && before + size + align - 1 <= t.budget) {
        return "an allocation within the budget was refused";
      }
      if (core_.position() != before) return "a refused allocation moved the position";
      ++refused;
      return std::nullopt;
    }
    if (core_.position() > t.budget) return "an allocation went past the budget";
    live_.push_back(fill(p, size, align, live_.size()));
    return std::nullopt;
  }
  std::optional<std::string> bump_arena(std::size_t size) {
    void* const p = core_.bump(size, 8);
    if (p == nullptr) return "the arena refused an allocation";
    live_.push_back(fill(p, size, 8, live_.size()));
    return std::nullopt;
  }
  std::optional<std::string> close(bool commit) {
    const Open t = open_.back();
    if (!commit) {
      if (core_.block_count() != t.blocks) ++spanning;  // blocks came since its start
      core_.rollback_txn(*t.frame);
      if (core_.position() != t.floor) return "a rollback missed its transaction's start";
      live_.resize(t.live);
      ++rollbacks;
    }
    core_.close_txn(*t.frame, t.outer, /*had_budget=*/true);
    open_.pop_back();
    if (t.shared) closed_.push_back(*t.shared);
    return std::nullopt;
  }
  // Allocating through a displaced or a closed frame is reported, and changes nothing.
  std::optional<std::string> misuse(std::mt19937& random) {
    const std::size_t before = core_.position();
    bool reported = false;
    try {
      if (open_.size() >= 2) {
        (void)core_.bump_in(*open_[random() % (open_.size() - 1)].frame, 8, 8);
      } else if (!closed_.empty()) {
        (void)core_.bump_in(closed_[random() % closed_.size()], 8, 8);
      } else {
        return std::nullopt;
      }
    } catch (const MisuseError&) {
      reported = true;
    }
    if (!reported) return "an allocation through an inactive frame was not reported";
    if (core_.position() != before) return "a misuse moved the position";
    ++misuses;
    return std::nullopt;
  }

  ArenaCore core_;
  std::vector<Open> open_;
  std::vector<FrameRef> closed_;
  std::vector<Live> live_;
};

TEST(TransactionLayer, RandomSequencesKeepItsInvariant) {
  std::size_t refused = 0, rollbacks = 0, spanning = 0, misuses = 0;
  for (unsigned seed = 1; seed <= kSequences; ++seed) {
    std::mt19937 random(seed);
    TxnModel model;
    const std::optional<std::string> problem = run_steps(model, random);
    ASSERT_FALSE(problem) << "seed " << seed << ", " << *problem;
    refused += model.refused;
    rollbacks += model.rollbacks;
    spanning += model.spanning;
    misuses += model.misuses;
  }
  EXPECT_GT(refused, 200u);  // the sequences reach what they test
  EXPECT_GT(rollbacks, 500u);
  EXPECT_GT(spanning, 100u);
  EXPECT_GT(misuses, 200u);
}

// Drop tracking: records pushed after allocations, and the destructors rewinds and resets run.
// A record's destructor logs its allocation; the model says which must run, in which order.
std::vector<const void*>* destroyed = nullptr;  // the running test's log
void log_destroyed(void* first, std::size_t /*count*/) noexcept {
  if (destroyed != nullptr) destroyed->push_back(first);
}

class DropModel {
 public:
  DropModel() {
    core_.emplace(ArenaOptions{.first_block = kFirstBlock, .max_block = 4096});
    destroyed = &log_;
  }
  ~DropModel() {
    core_.reset();  // (a failed sequence's arena: nothing left to check)
    destroyed = nullptr;
  }
  // The arena's destructor runs every destructor still due.
  std::optional<std::string> destroy() {
    return expect_run(0, [&] { core_.reset(); });
  }

  std::optional<std::string> step(std::mt19937& random) {
    std::optional<std::string> problem;
    switch (random() % 6) {
      case 0:
      case 1:
      case 2:
        problem = track(random() % 4 == 0 ? 0 : pick_size(random));  // some of size 0
        break;
      case 3:
        saved_.push_back({core_->checkpoint(), records_.size()});
        break;
      case 4:
        if (!saved_.empty()) problem = rewind(random() % saved_.size());
        break;
      default:
        problem = expect_run(0, [&] { core_->reset(); });
        saved_.clear();
        break;
    }
    if (problem) return problem;
    if (const char* broken = core_->broken_drop_invariant()) return std::string(broken);
    if (const char* broken = core_->broken_chunk_invariant()) return std::string(broken);
    return std::nullopt;
  }

  std::size_t ran = 0;

 private:
  struct Record {
    const void* object;
    std::size_t position;  // the record's: where the arena was just after its object
  };
  struct Saved {
    Checkpoint cp;
    std::size_t records;  // records pushed when it was taken
  };

  // An object and its record, as DropArena's alloc makes them.
  std::optional<std::string> track(std::size_t size) {
    void* const object = core_->bump(size, 8);
    const std::size_t position = core_->position();
    void* const mem = core_->bump(sizeof(DropRecord), alignof(DropRecord));
    if (object == nullptr || mem == nullptr) return "the arena refused an allocation";
    core_->push_drop(::new (mem) DropRecord{nullptr, &log_destroyed, object, 1, position});
    records_.push_back({object, position});
    return std::nullopt;
  }
  std::optional<std::string> rewind(std::size_t index) {
    const Saved target = saved_[index];
    saved_.erase(saved_.begin() + static_cast<std::ptrdiff_t>(index) + 1, saved_.end());
    return expect_run(target.cp.bytes(), [&] { core_->rewind_unchecked(target.cp); });
  }
  // `give_back` must run exactly the destructors of the records at or after `position`, newest
  // first, and no other.
  template <class GiveBack>
  std::optional<std::string> expect_run(std::size_t position, GiveBack give_back) {
    std::vector<const void*> expected;
    while (!records_.empty() && records_.back().position >= position) {
      expected.push_back(records_.back().object);
      records_.pop_back();
    }
    log_.clear();
    give_back();
    if (log_ != expected) {
      return "ran " + std::to_string(log_.size()) + " destructors where " +
             std::to_string(expected.size()) + " were due, or in another order";
    }
    ran += log_.size();
    return std::nullopt;
  }

  std::optional<ArenaCore> core_;
  std::vector<Record> records_;  // oldest first
  std::vector<Saved> saved_;
  std::vector<const void*> log_;
};

TEST(DropLayer, RewindsRunExactlyTheDestructorsAfterTheirPosition) {
  std::size_t ran = 0;
  for (unsigned seed = 1; seed <= kSequences; ++seed) {
    std::mt19937 random(seed);
    DropModel model;
    const std::optional<std::string> problem = run_steps(model, random);
    ASSERT_FALSE(problem) << "seed " << seed << ", " << *problem;
    const std::optional<std::string> at_end = model.destroy();
    ASSERT_FALSE(at_end) << "seed " << seed << ", destroying the arena: " << *at_end;
    ran += model.ran;
  }
  EXPECT_GT(ran, 5000u);  // the sequences reach what they test
}

}  // namespace
}  // namespace fastarena::detail
