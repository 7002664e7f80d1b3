// SPDX-License-Identifier: MIT
// A model-checked arena: random operation sequences run against a fastarena::Arena and a simple
// reference model (the live allocations, each filled with its own byte pattern, and the open
// transactions with their start positions and budgets). After every step the arena must agree:
// every live allocation still holds its pattern, none overlap, each is aligned, the arena's byte
// count is what the model says (exactly after a rewind, reset or rollback; within the alignment
// padding after an allocation), no open transaction has used more than its budget, and every
// layer's own invariant holds (ArenaCore::broken_*_invariant).
//
// The choices come from a Choices source: a seeded generator (tests/arena/model_test.cpp) or the
// fuzzer's input bytes (tests/fuzz/arena_fuzzer.cpp). check() returns what went wrong, if
// anything; the caller reports it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fastarena/arena.h"
#include "fastarena/arena_vec.h"
#include "fastarena/errors.h"

namespace fastarena::model {

// Where the sequence's decisions come from.
class Choices {
 public:
  virtual ~Choices() = default;
  // A number in [0, n); n > 0.
  virtual std::size_t below(std::size_t n) = 0;
  // False once the source has nothing more to give (the fuzzer's input is used up).
  virtual bool more() = 0;
};

// Every live allocation (anything with p, size, align and the pattern it was filled with) is
// aligned and still holds its pattern, and no two overlap.
template <class Live>
std::optional<std::string> check_live(const std::vector<Live>& live) {
  std::vector<const Live*> by_address;
  for (const Live& a : live) {
    if (reinterpret_cast<std::uintptr_t>(a.p) % a.align != 0) return "misaligned allocation";
    for (std::size_t i = 0; i < a.size; ++i) {
      if (a.p[i] != a.pattern) return "an allocation lost its contents";
    }
    if (a.size > 0) by_address.push_back(&a);
  }
  std::sort(by_address.begin(), by_address.end(),
            [](const Live* x, const Live* y) { return x->p < y->p; });
  for (std::size_t i = 1; i < by_address.size(); ++i) {
    if (by_address[i - 1]->p + by_address[i - 1]->size > by_address[i]->p) {
      return "two live allocations overlap";
    }
  }
  return std::nullopt;
}

class ArenaModel {
 public:
  explicit ArenaModel(std::size_t initial_capacity)
      : arena_(ArenaOptions{.first_block = initial_capacity, .source = &source_}) {}
  // An arena whose first block is the caller's `buffer`, then blocks of `initial_capacity`.
  ArenaModel(std::span<std::byte> buffer, std::size_t initial_capacity)
      : arena_(buffer, ArenaOptions{.first_block = initial_capacity, .source = &source_}) {}
  ~ArenaModel() {
    while (!txns_.empty()) close_innermost(/*commit=*/false);
  }

  // One random operation, then the checks; the first problem found, or nullopt.
  std::optional<std::string> step(Choices& c) {
    std::optional<std::string> problem;
    switch (c.below(12)) {
      case 0:
      case 1:
      case 2:
        problem = alloc(c);
        break;
      case 3:
        problem = alloc_slice(c);
        break;
      case 4:
        problem = vec(c);
        break;
      case 5:
        take_checkpoint(c);
        break;
      case 6:
        problem = rewind(c);
        break;
      case 7:
        problem = reset(c);
        break;
      case 8:
        problem = open(c);
        break;
      case 9:
      case 10:
        problem = close(c);
        break;
      default:
        problem = stale_rewind(c);
        break;
    }
    ++steps_;
    if (problem) return problem;
    return check();
  }

  std::optional<std::string> check() {
    const std::size_t position = arena_.stats().bytes_allocated;
    if (position < low_ || position > high_) {
      return "bytes_allocated " + std::to_string(position) + " outside the model's [" +
             std::to_string(low_) + ", " + std::to_string(high_) + "]";
    }
    low_ = high_ = position;  // the model takes the arena's exact figure from here on
    if (auto problem = check_live(live_)) return problem;
    for (const Txn& t : txns_) {
      if (t.limit_end && position > *t.limit_end) return "a transaction exceeded its budget";
    }
    if (!txns_.empty() && txns_.back().txn->bytes_used() != position - txns_.back().start) {
      return "bytes_used() disagrees with the model";
    }
    const detail::ArenaCore& core = arena_.core();
    for (const char* broken : {core.broken_chunk_invariant(), core.broken_txn_invariant(),
                               core.broken_drop_invariant()}) {
      if (broken != nullptr) return std::string("a layer's invariant: ") + broken;
    }
    return std::nullopt;
  }

  // How often the interesting things happened, to show the sequences reach them.
  struct Counts {
    std::size_t refused = 0;         // allocations a budget refused
    std::size_t rewinds = 0;         // rewinds to a valid checkpoint
    std::size_t stale_refused = 0;   // rewinds to a stale checkpoint, refused
    std::size_t rollbacks = 0;       // transactions rolled back
    std::size_t vectors = 0;         // ArenaVecs frozen
    std::size_t source_refused = 0;  // allocations the block source refused (then granted)
  };
  const Counts& counts() const noexcept { return counts_; }
  std::size_t steps() const noexcept { return steps_; }
  std::size_t live_allocations() const noexcept { return live_.size(); }

 private:
  struct Live {
    unsigned char* p;
    std::size_t size;
    std::size_t align;
    std::size_t start;  // the arena's position before it was allocated
    unsigned char pattern;
  };
  struct Txn {
    std::optional<Transaction> txn;
    std::size_t start;                     // the arena's position when it opened
    std::optional<std::size_t> limit_end;  // the tightest budget in force, as an end position
  };
  struct Saved {
    Checkpoint cp;
    std::size_t position;
  };
  // Builds a transaction in place (they cannot be moved): the conversion's prvalue initialises
  // the optional's value directly.
  struct OpenTxn {
    Arena* arena;
    Transaction* parent;            // null: a top-level transaction
    operator Transaction() const {  // NOLINT: the conversion is the point
      return parent == nullptr ? arena->transaction() : parent->savepoint();
    }
  };

  std::size_t pick_size(Choices& c) {
    switch (c.below(8)) {
      case 0:
        return 0;
      case 1:
        return 1 + c.below(8);
      case 2:
        return 200 + c.below(3000);  // often bigger than a small block
      default:
        return 1 + c.below(100);
    }
  }
  std::size_t pick_align(Choices& c) { return std::size_t{1} << c.below(7); }  // 1..64

  // What the budgets in force still allow, if any applies.
  std::optional<std::size_t> remaining(std::size_t position) const {
    if (txns_.empty() || !txns_.back().limit_end) return std::nullopt;
    const std::size_t end = *txns_.back().limit_end;
    return end >= position ? end - position : 0;
  }

  // Records an allocation of `size` bytes at `p` (null: refused), checking the refusal.
  std::optional<std::string> record(void* p, std::size_t size, std::size_t align,
                                    std::size_t before) {
    const std::optional<std::size_t> left = remaining(before);
    if (p == nullptr) {
      // Legitimate only under a budget the request (with its worst padding) may not fit.
      if (!left) return "an allocation was refused with no budget in force";
      if (size + align - 1 <= *left) return "an allocation that fits its budget was refused";
      ++counts_.refused;
      high_ = low_ = before;
      return std::nullopt;
    }
    if (left && size > *left) return "an allocation past the budget was allowed";
    auto* bytes = static_cast<unsigned char*>(p);
    const auto pattern = static_cast<unsigned char>(steps_ * 31 + 7);
    std::memset(bytes, pattern, size);
    live_.push_back({bytes, size, align, before, pattern});
    low_ = before + size;
    high_ = before + size + align - 1;
    return std::nullopt;
  }

  std::size_t position() const { return arena_.stats().bytes_allocated; }

  void* raw(std::size_t size, std::size_t align) {
    return txns_.empty() ? arena_.try_alloc_raw(size, align)
                         : txns_.back().txn->try_alloc_raw(size, align);
  }

  std::optional<std::string> alloc(Choices& c) {
    const std::size_t size = pick_size(c);
    const std::size_t align = pick_align(c);
    const std::size_t before = position();
    // One in four, the block source refuses whatever block this allocation asks for: if it
    // asked, the allocation fails and nothing changes; granted again, it must succeed (or be
    // refused by a budget only) — and must then reserve a block, or the refusal was wrong.
    if (c.below(4) == 0) {
      const ArenaStats stats_before = arena_.stats();
      source_.refusing = true;
      const std::size_t refused_before = source_.refused;
      void* p = raw(size, align);
      source_.refusing = false;
      if (source_.refused != refused_before) {
        if (p != nullptr) return "an allocation succeeded although its block was refused";
        if (arena_.stats() != stats_before) return "a refused block changed the arena";
        ++counts_.source_refused;
        p = raw(size, align);
        if (p != nullptr && arena_.stats().bytes_reserved == stats_before.bytes_reserved) {
          return "an allocation that needed no block failed when the source refused one";
        }
      }
      return record(p, size, align, before);
    }
    return record(raw(size, align), size, align, before);
  }

  std::optional<std::string> alloc_slice(Choices& c) {
    const std::vector<std::uint32_t> values(c.below(64), 0xabcdu);
    const std::size_t before = position();
    std::optional<std::span<std::uint32_t>> s =
        txns_.empty() ? arena_.try_alloc_slice_copy(values)
                      : txns_.back().txn->try_alloc_slice_copy(values);
    if (s && !std::equal(s->begin(), s->end(), values.begin(), values.end())) {
      return "alloc_slice_copy did not copy";
    }
    return record(s ? static_cast<void*>(s->data()) : nullptr, values.size() * 4, 4, before);
  }

  // An ArenaVec pushed to and frozen: its elements must survive as a span.
  std::optional<std::string> vec(Choices& c) {
    const std::size_t before = position();
    const std::size_t n = c.below(200);
    std::span<std::uint64_t> frozen;
    bool refused = false;
    {
      auto run = [&](auto& source) {
        ArenaVec<std::uint64_t> v(source);
        for (std::size_t i = 0; i < n && !refused; ++i) refused = !v.try_push_back(i * 3);
        frozen = std::move(v).finish();
      };
      if (txns_.empty()) {
        run(arena_);
      } else {
        run(*txns_.back().txn);
      }
    }
    for (std::size_t i = 0; i < frozen.size(); ++i) {
      if (frozen[i] != i * 3) return "ArenaVec::finish() lost an element";
    }
    if (!refused && frozen.size() != n) return "ArenaVec lost elements";
    if (refused && !remaining(before)) return "ArenaVec refused without a budget";
    // Outgrown buffers may stay behind: the position is only bounded from below.
    const std::size_t bytes = frozen.size_bytes();
    if (!frozen.empty()) {
      // From here on it is an allocation like the others, with a pattern to keep.
      const auto pattern = static_cast<unsigned char>(steps_ * 31 + 11);
      std::memset(frozen.data(), pattern, bytes);
      live_.push_back({reinterpret_cast<unsigned char*>(frozen.data()), bytes,
                       alignof(std::uint64_t), before, pattern});
    }
    low_ = before + bytes;
    high_ = SIZE_MAX;
    ++counts_.vectors;
    return std::nullopt;
  }

  // The arena's checkpoint, or now and then the innermost transaction's start: a checkpoint
  // handed out after the opening, which must go stale as one taken there would.
  void take_checkpoint(Choices& c) {
    if (!txns_.empty() && c.below(3) == 0) {
      saved_.push_back({txns_.back().txn->checkpoint(), txns_.back().start});
    } else {
      saved_.push_back({arena_.checkpoint(), position()});
    }
  }

  // Forgets what lies at or past `to`, as a rewind or rollback there does.
  void drop_from(std::size_t to) {
    std::erase_if(live_, [to](const Live& a) { return a.start >= to; });
    for (const Saved& s : saved_) {
      if (s.position > to) stale_.push_back(s.cp);
    }
    if (stale_.size() > 16) stale_.erase(stale_.begin(), stale_.end() - 16);
    std::erase_if(saved_, [to](const Saved& s) { return s.position > to; });
    low_ = high_ = to;
  }

  std::optional<std::string> rewind(Choices& c) {
    // Only checkpoints inside the innermost open transaction's scope are valid targets.
    const std::size_t floor = txns_.empty() ? 0 : txns_.back().start;
    std::vector<std::size_t> valid;
    for (std::size_t i = 0; i < saved_.size(); ++i) {
      if (saved_[i].position >= floor && saved_[i].position <= position()) valid.push_back(i);
    }
    if (valid.empty()) return std::nullopt;
    const Saved target = saved_[valid[c.below(valid.size())]];
    try {
      arena_.rewind(target.cp);
    } catch (const MisuseError& e) {
      return std::string("a valid rewind was refused: ") + e.what();
    }
    drop_from(target.position);
    ++counts_.rewinds;
    return std::nullopt;
  }

  // A checkpoint made stale by a rewind below it must be refused, and change nothing.
  std::optional<std::string> stale_rewind(Choices& c) {
    if (stale_.empty() || !txns_.empty()) return std::nullopt;
    const Checkpoint cp = stale_[c.below(stale_.size())];
    const ArenaStats before = arena_.stats();
    try {
      arena_.rewind(cp);
    } catch (const MisuseError&) {
      ++counts_.stale_refused;
      return arena_.stats() == before
                 ? std::nullopt
                 : std::optional<std::string>("a refused rewind changed the arena");
    }
    return "a stale checkpoint was accepted";
  }

  std::optional<std::string> reset(Choices& c) {
    if (!txns_.empty() || c.below(4) != 0) return std::nullopt;  // rarely: it forgets everything
    arena_.reset();
    drop_from(0);
    return std::nullopt;
  }

  std::optional<std::string> open(Choices& c) {
    if (txns_.size() >= 6) return std::nullopt;
    const std::size_t start = position();
    // An enclosing budget still applies to a savepoint; its own may only be tighter.
    std::optional<std::size_t> limit_end = txns_.empty() ? std::nullopt : txns_.back().limit_end;
    Transaction* parent = txns_.empty() ? nullptr : &*txns_.back().txn;
    Txn& t = txns_.emplace_back();
    t.txn.emplace(OpenTxn{&arena_, parent});
    t.start = start;
    if (c.below(2) == 0) {
      const std::size_t budget = c.below(4096);
      t.txn->set_limit(budget);
      limit_end = limit_end ? std::min(*limit_end, start + budget) : start + budget;
    }
    t.limit_end = limit_end;
    return std::nullopt;
  }

  std::optional<std::string> close(Choices& c) {
    if (txns_.empty()) return std::nullopt;
    close_innermost(c.below(2) == 0);
    return std::nullopt;
  }

  void close_innermost(bool commit) {
    Txn& t = txns_.back();
    const std::size_t start = t.start;
    if (commit) {
      t.txn->commit();
      low_ = high_ = position();
    } else {
      t.txn->rollback();
      drop_from(start);
      ++counts_.rollbacks;
    }
    txns_.pop_back();
  }

  // The block source of arena_: operator new, refusing (std::bad_alloc) while told to.
  struct FlakySource {
    bool refusing = false;
    std::size_t refused = 0;
    void* allocate(std::size_t bytes, std::size_t align) {
      if (refusing) {
        ++refused;
        throw std::bad_alloc();
      }
      return ::operator new (bytes, std::align_val_t{align});
    }
    void deallocate(void* p, std::size_t, std::size_t align) {
      ::operator delete (p, std::align_val_t{align});
    }
  };
  FlakySource source_;  // before arena_, which gives its blocks back to it
  Arena arena_;
  std::vector<Live> live_;
  std::deque<Txn> txns_;  // innermost last (a deque: transactions cannot move)
  std::vector<Saved> saved_;
  std::vector<Checkpoint> stale_;
  std::size_t low_ = 0;  // the arena's position must be in [low_, high_]
  std::size_t high_ = 0;
  std::size_t steps_ = 0;
  Counts counts_;
};

}  // namespace fastarena::model
