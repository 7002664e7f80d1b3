// SPDX-License-Identifier: MIT
// The out-of-line half of ArenaCore: block growth, oversized allocations, rewind, reset, stats and
// the error messages. Nothing here runs on the allocation fast path.
#include "fastarena/detail/arena_core.h"

#include <algorithm>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "fastarena/errors.h"
#include "ledger.h"

namespace fastarena::detail {

namespace {

constexpr std::size_t padding_for(std::uintptr_t p, std::size_t align) noexcept {
  return static_cast<std::size_t>(-p) & (align - 1);
}
std::size_t padding_for(const std::byte* p, std::size_t align) noexcept {
  return padding_for(reinterpret_cast<std::uintptr_t>(p), align);
}

// attempt(), or `failed` if it throws: the slow paths report failure as a value. Without
// exceptions attempt() runs as it is (a failure in it aborts, as everywhere in such a build).
template <class Attempt>
std::invoke_result_t<Attempt> or_if_thrown(Attempt&& attempt,
                                           std::invoke_result_t<Attempt> failed) noexcept {
#if defined(__cpp_exceptions)
  try {
    return attempt();
  } catch (...) {  // std::bad_alloc, or whatever a resource or new_handler throws: a failure
    return failed;
  }
#else
  static_cast<void>(failed);
  return attempt();
#endif
}

// Grows a bookkeeping vector's capacity without throwing.
template <class V>
bool reserve_nothrow(V& v, std::size_t n) noexcept {
  return or_if_thrown(
      [&] {
        v.reserve(n);
        return true;
      },
      false);
}

// ::operator new(bytes), or null when it fails. The throwing form inside a try of our own rather
// than the nothrow form: libstdc++'s nothrow form is the same call inside its own try, one call
// (and one PLT jump) further from malloc on every block.
void* new_or_null(std::size_t bytes) noexcept {
#if defined(__cpp_exceptions)
  return or_if_thrown([&] { return ::operator new(bytes); }, nullptr);
#else
  return ::operator new(bytes, std::nothrow);
#endif
}

// A block of `capacity` bytes aligned to `align` (at least kBlockAlign) from operator new, with
// `trailer` bytes past it; null data when the system says no.
[[gnu::always_inline]] inline Block new_block(std::size_t capacity, std::size_t align,
                                              std::size_t trailer) noexcept {
  const std::size_t bytes = capacity + trailer;
  void* data;
  void* allocation = nullptr;
  static_assert(__STDCPP_DEFAULT_NEW_ALIGNMENT__ <= kBlockAlign);
  if (align == kBlockAlign) [[likely]] {
    // A plain allocation with room to round up: an aligned one costs glibc several times as
    // much (it splits the chunk and frees the part before the aligned address, every block).
    allocation = new_or_null(bytes + kBlockAlign - __STDCPP_DEFAULT_NEW_ALIGNMENT__);
    data = allocation == nullptr ? nullptr
                                 : static_cast<std::byte*>(allocation) +
                                       padding_for(static_cast<std::byte*>(allocation), align);
  } else {
    data = ::operator new (bytes, std::align_val_t{align}, std::nothrow);
  }
  if (data != nullptr) asan_poison(data, capacity);
  return Block{static_cast<std::byte*>(data), capacity, align, 0, bytes, allocation};
}

// Where the first block's trailer, past its `capacity` bytes in the same system allocation,
// puts the arena's ColdState (when it brings one) and the ledger (made if the arena ever
// leaves the block). Offsets from the block's start; `size` is the trailer's length.
struct Trailer {
  std::size_t cold_at;
  std::size_t ledger_at;
  std::size_t size;
};
constexpr Trailer trailer_for(std::size_t capacity, bool with_cold) noexcept {
  const std::size_t cold_at = capacity + padding_for(capacity, alignof(ColdState));
  const std::size_t cold_end = cold_at + (with_cold ? sizeof(ColdState) : 0);
  const std::size_t ledger_at = cold_end + padding_for(cold_end, alignof(Ledger));
  return {cold_at, ledger_at, ledger_at + sizeof(Ledger) - capacity};
}

}  // namespace

// Inline: its callers mostly find no drop records, a test of one bit.
inline void ArenaCore::run_drops_down_to(std::size_t position) noexcept {
  // Each record is unlinked before its destructor runs: a destructor that throws (and
  // terminates) or allocates finds the list consistent.
  if ((cold().state & kHasDrops) == 0) [[likely]]
    return;  // also: no ColdState
  ColdState& cold = own();
  while (cold.drops != nullptr && cold.drops->position >= position) {
    DropRecord* record = cold.drops;
    cold.drops = record->next;
    if (cold.drops == nullptr) cold.state &= ~kHasDrops;
    record->destroy(record->first, record->count);
  }
}

void ArenaCore::release_all() noexcept {
  ColdState* const cold = &own();
  run_drops_down_to(0);
  // Only an arena that nested transactions has deeper slots: the others go straight past.
  if (TxnFrame* slot = cold->first_slot.next; slot != nullptr) [[unlikely]] {
    do {
      TxnFrame* const next = slot->next;
      if (slot->depth > ColdState::kInlineSlots) delete slot;
      slot = next;
    } while (slot != nullptr);
    cold->first_slot.next = nullptr;
  }
  // The first block goes last: the ColdState (and the ledger) may live in its trailer.
  const bool cold_on_heap = cold->home == ColdState::Home::heap;
  if (cold->ledger != nullptr) [[unlikely]] {
    release_ledger();
  } else if (cold->sole_block.data != nullptr) {  // the caller's buffer (unpoisoned) or the first
    release_block(cold->sole_block);  // reads the record before it frees the block it may be in
  }
  if (cold_on_heap) delete cold;
}

void ArenaCore::release_ledger() noexcept {
  Ledger* const ledger = own().ledger;
  Block home{};  // the block the ledger lives in, if any: a copy, given back after the ledger
  for (const Block& b : ledger->blocks) {
    if (b.data == ledger->home) {
      home = b;
    } else {
      release_block(b);
    }
  }
  for (const BigBlock& b : ledger->big_live) release_block(b.block);
  for (const Block& b : ledger->big_spare) release_block(b);
  if (ledger->home != nullptr) {
    ledger->~Ledger();
  } else {
    delete ledger;
  }
  own().ledger = nullptr;
  if (home.data != nullptr) release_block(home);
}

bool ArenaCore::own_cold() noexcept {
  if (cold_ != nullptr) return true;
  ColdState* const cold = new (std::nothrow) ColdState(ColdState::Home::heap);
  if (cold == nullptr) return false;
  cold_ = cold;
  return true;
}

void* ArenaCore::make_ledger(std::size_t size, std::size_t align, std::size_t limit) noexcept {
  // The arena leaves its sole block: the ledger records it as block 0, then the usual slow path
  // finds it full and moves on. A block the arena reserved has room for the ledger in its
  // trailer (first_block); the caller's buffer has none, so its ledger goes on the heap.
  const Block& sole = cold().sole_block;
  Ledger* ledger;
  if (sole.reserved != 0) {
    const bool cold_in_trailer = cold().home == ColdState::Home::block;
    ledger = ::new (sole.data + trailer_for(sole.capacity, cold_in_trailer).ledger_at) Ledger();
    ledger->home = sole.data;
    ledger->next_capacity = next_capacity_after(sole.capacity);
  } else {
    ledger = new (std::nothrow) Ledger();
    if (ledger == nullptr) return nullptr;
    ledger->next_capacity = own().growth.first_block;  // the buffer is not the arena's growth
  }
  ledger->blocks.reserve(2);  // into the ledger's own first records: allocates nothing
  ledger->blocks.push_back(sole);
  ledger->bytes_reserved = sole.capacity;
  own().ledger = ledger;
  return bump_slow(size, align, limit);
}

// Inline: the first block's entry then reads the ColdState it has just made from a register.
inline void ArenaCore::enter(const Block& b, std::size_t pad, std::size_t size) noexcept {
  const std::size_t before = position();
  point_at(b, pad + size + red_zone());
  set_bytes_before(before);
  asan_unpoison(b.data + pad, size);
  sync_top_limit();
  FASTARENA_ASSERT_LAYER(broken_chunk_invariant());
  FASTARENA_ASSERT_LAYER(broken_txn_invariant());
}

void* ArenaCore::first_block(std::size_t size, std::size_t align, std::size_t limit) noexcept {
  // The likely case, laid out straight (compilers otherwise jump to it at each test): an arena
  // with the default options, constructed and used once, as for one function or one request.
  if (position() + size > limit) [[unlikely]]
    return nullptr;
  if (cold().begin != 0) [[unlikely]]
    return make_ledger(size, align, limit);  // the sole block is full
  const std::size_t first = cold().growth.first_block;
  if (size + red_zone() > first) [[unlikely]] {  // oversized from the start: a ledger on the heap
    if (!own_cold()) return nullptr;
    Ledger* const ledger = new (std::nothrow) Ledger();
    if (ledger == nullptr) return nullptr;
    ledger->next_capacity = first;
    own().ledger = ledger;
    return bump_big(size, align, limit);
  }
  // One system allocation for the block and, past its end, room for the ledger and, for an
  // arena without a ColdState, the ColdState: constructing an arena and using it once costs one
  // allocation, as a featureless bump allocator's, and a ColdState's stores.
  if (cold_ != nullptr) [[unlikely]] {
    const Block fresh = reserve_block(first, align, trailer_for(first, /*with_cold=*/false).size);
    if (fresh.data == nullptr) return nullptr;
    own().sole_block = fresh;
    enter(own().sole_block, 0, size);
    return fresh.data;
  }
  // No ColdState: the default options (operator new, every size known here), position 0, no
  // transaction and no red zone (see ColdState), so the arena enters the block as its
  // ColdState is made.
  FASTARENA_ASSERT(ptr_ == 0 && top_ == nullptr, "an arena without a ColdState is empty");
  constexpr Trailer trailer = trailer_for(kDefaultGrowth.first_block, /*with_cold=*/true);
  const Block fresh =
      new_block(kDefaultGrowth.first_block, std::max(align, kBlockAlign), trailer.size);
  if (fresh.data == nullptr) return nullptr;
  cold_ = ::new (fresh.data + trailer.cold_at) ColdState(fresh);
  point_at(fresh, size);
  asan_unpoison(fresh.data, size);
  FASTARENA_ASSERT_LAYER(broken_chunk_invariant());
  return fresh.data;
}

void* ArenaCore::adopt_block(std::size_t index, const Block& fresh, std::size_t size) noexcept {
  ledger().blocks.insert(ledger().blocks.begin() + static_cast<std::ptrdiff_t>(index), fresh);
  ledger().bytes_reserved += fresh.capacity;
  ledger().next_capacity = next_capacity_after(ledger().next_capacity);
  enter_block(index, 0, size);
  return fresh.data;
}

std::size_t ArenaCore::next_capacity_after(std::size_t capacity) const noexcept {
  // Geometric growth (ArenaOptions::growth) up to max_block, then flat: beyond it growing only
  // wastes memory. Saturating, as a huge growth factor must not wrap around: a multiply checked
  // for overflow rather than a comparison with max_block / growth, as a division is slow.
  const std::size_t max_block = own().growth.max_block;
  std::size_t grown;
  if (!checked_mul(capacity, own().growth.growth, grown) || grown > max_block) grown = max_block;
  return std::max(capacity, grown);
}

Block ArenaCore::reserve_block(std::size_t capacity, std::size_t align,
                               std::size_t trailer) noexcept {
  align = std::max(align, kBlockAlign);
  const BlockSource& source = cold().growth.source;
  if (!source) return new_block(capacity, align, trailer);
  const std::size_t bytes = capacity + trailer;
  void* const data = or_if_thrown([&] { return source.allocate(bytes, align); }, nullptr);
  if (data != nullptr) asan_poison(data, capacity);
  return Block{static_cast<std::byte*>(data), capacity, align, 0, bytes, nullptr};
}

void ArenaCore::release_block(const Block& block) noexcept {
  asan_unpoison(block.data, block.capacity);
  if (block.reserved == 0) return;  // the caller's buffer: the caller's to free
  // A copy: the ColdState may live in the block given back.
  const BlockSource source = cold().growth.source;
  if (block.allocation != nullptr) {
    ::operator delete(block.allocation);
  } else if (!source) {
    ::operator delete (block.data, std::align_val_t{block.align});
  } else {
    source.deallocate(block.data, block.reserved, block.align);
  }
}

void* ArenaCore::bump_slow(std::size_t size, std::size_t align, std::size_t limit) noexcept {
  if (size > kMaxRequest || !is_power_of_two(align) || align > kMaxAlign) [[unlikely]]
    return nullptr;
  const std::size_t pad = padding_for(ptr_, align);
  const std::size_t avail = end_ - ptr_;
  const std::size_t zone = red_zone();
  // It fits in the current block: it ends exactly at the limit, the fast path refused it for
  // the budget, or a transaction's inline bound was 0 and the caller has checked it was not
  // misuse. Before any block (begin 0) only a zero-size request fits: it gets empty_block
  // (a block if it must be aligned beyond it), not the null address.
  if (pad + size + zone <= avail) [[unlikely]] {
    if (position() + pad + size > limit) return nullptr;
    if (cold().begin != 0) return take(ptr_ + pad, size);
    if (align <= kBlockAlign) return empty_block;
  }

  // The rest is in first_block and next_block, both tail calls: this part needs no stack frame.
  // Likely: every arena reserves a first block, while its later blocks grow, each one rarer.
  if (cold().ledger == nullptr) [[likely]]
    return first_block(size, align, limit);
  return next_block(size, align, limit);
}

void* ArenaCore::next_block(std::size_t size, std::size_t align, std::size_t limit) noexcept {
  const std::size_t zone = red_zone();
  // Bigger than the current block (or the first block to come): a block of its own.
  const std::size_t block_size =
      ledger().blocks.empty() ? own().growth.first_block : ledger().blocks[cold().current].capacity;
  if (size + zone > block_size) return bump_big(size, align, limit);

  // The next idle block if it fits, else a new block inserted right after the current one
  // (a too-small idle block stays for later reuse).
  const std::size_t next = ledger().blocks.empty() ? 0 : cold().current + 1;
  if (next < ledger().blocks.size()) {
    const Block& idle = ledger().blocks[next];
    const std::size_t idle_pad = padding_for(idle.data, align);
    if (idle_pad + size + zone <= idle.capacity) {
      if (position() + idle_pad + size > limit) return nullptr;
      enter_block(next, idle_pad, size);
      return idle.data + idle_pad;
    }
  }
  // A new block starts aligned to max(align, kBlockAlign): no padding.
  if (position() + size > limit) return nullptr;
  const std::size_t capacity = std::max(ledger().next_capacity, size + zone);
  if (!reserve_nothrow(ledger().blocks, ledger().blocks.size() + 1)) return nullptr;
  const Block fresh = reserve_block(capacity, align);
  if (fresh.data == nullptr) return nullptr;
  return adopt_block(next, fresh, size);
}

void* ArenaCore::bump_in_slow(const TxnFrame& frame, std::size_t size, std::size_t align) {
  if (&frame != top_) fail_inactive(frame);
  // The innermost frame's bound is 0 after a savepoint of it closed: re-derive it for the
  // allocations after this one (bump_slow serves this one from the block when it fits).
  sync_top_limit();
  return bump_slow(size, align, frame.budget);
}

void* ArenaCore::allocate_slow(const TxnFrame& frame, std::size_t size, std::size_t align) {
  void* p = bump_in_slow(frame, size, align);
  if (p == nullptr) fail(size, align, frame.budget);
  return p;
}

ColdState& ArenaCore::make_cold() {
  if (!own_cold()) fail_alloc("fastarena: out of memory opening a transaction");
  return own();
}

TxnFrame* ArenaCore::make_slot() {
  TxnFrame* const outer = top_;  // the slot of depth 1 is made with the ColdState
  FASTARENA_ASSERT(outer != nullptr && outer->next == nullptr, "the next depth has no slot yet");
  const std::size_t depth = outer->depth + 1;
  TxnFrame* slot;
  if (depth <= ColdState::kInlineSlots) {
    slot = &own().inline_slots[depth - 2];
  } else {
    slot = new (std::nothrow) TxnFrame;
    if (slot == nullptr) {
      fail_alloc("fastarena: out of memory opening a transaction at depth " +
                 std::to_string(depth));
    }
  }
  *slot = free_slot(depth, outer);
  outer->next = slot;
  return slot;
}

void* ArenaCore::bump_slow_or_fail(std::size_t size, std::size_t align, std::size_t limit) {
  void* p = bump_slow(size, align, limit);
  if (p == nullptr) fail(size, align, limit);
  return p;
}

void ArenaCore::enter_block(std::size_t index, std::size_t pad, std::size_t size) noexcept {
  // The block being left (none on the first entry) keeps its fill, for diff_since.
  if (cold().begin != 0) ledger().blocks[cold().current].used = ptr_ - cold().begin;
  own().current = index;
  ledger().high_water = std::max(ledger().high_water, index);
  enter(ledger().blocks[index], pad, size);
}

void* ArenaCore::bump_big(std::size_t size, std::size_t align, std::size_t limit) noexcept {
  if (position() + size > limit) return nullptr;
  // Every oversized block may end up in either list: keep room for all of them in both, so
  // that moving blocks between the lists (here and on rewind) never allocates.
  const std::size_t total = ledger().big_live.size() + ledger().big_spare.size() + 1;
  if (!reserve_nothrow(ledger().big_live, total) || !reserve_nothrow(ledger().big_spare, total))
    return nullptr;
  // Reuse the smallest spare block that fits and is aligned enough.
  auto best = ledger().big_spare.end();
  for (auto it = ledger().big_spare.begin(); it != ledger().big_spare.end(); ++it) {
    if (it->capacity >= size && padding_for(it->data, align) == 0 &&
        (best == ledger().big_spare.end() || it->capacity < best->capacity)) {
      best = it;
    }
  }
  Block block;
  if (best != ledger().big_spare.end()) {
    block = *best;
    ledger().big_spare.erase(best);
  } else {
    block = reserve_block(size, align);
    if (block.data == nullptr) return nullptr;
    ledger().bytes_reserved += size;
  }
  block.used = size;  // a reused block may be bigger than the allocation
  ledger().big_live.push_back(BigBlock{block, position()});
  own().base += size;
  unsettle_reset();
  asan_unpoison(block.data, size);
  sync_top_limit();
  FASTARENA_ASSERT_LAYER(broken_chunk_invariant());
  FASTARENA_ASSERT_LAYER(broken_txn_invariant());
  return block.data;
}

void ArenaCore::record_mark(std::uint64_t epoch, std::size_t position) noexcept {
  own().marks.record(epoch, position);
}

void ArenaCore::release_big_down_to(std::size_t position) noexcept {
  while (!ledger().big_live.empty() && ledger().big_live.back().position >= position) {
    Block block = ledger().big_live.back().block;
    ledger().big_live.pop_back();
    asan_poison(block.data, block.capacity);
    ledger().big_spare.push_back(block);  // never allocates: see bump_big
  }
}

void ArenaCore::rewind_slow(std::size_t block, std::size_t offset, std::size_t bytes,
                            std::uint64_t epoch) {
  // Position 0 is offset 0 of block 0, and of each block the arena entered while those before
  // it held nothing: a checkpoint taken there may name a block a reset has since left behind.
  const Checkpoint cp = bytes == 0 && offset == 0 ? Checkpoint(0, 0, 0, epoch)
                                                  : Checkpoint(block, offset, bytes, epoch);
  const std::size_t here = position();
  if (cp.bytes_ > here) {
    fail_misuse("fastarena: rewind to a checkpoint ahead of the current position (checkpoint at " +
                std::to_string(cp.bytes_) + " bytes, arena at " + std::to_string(here) +
                " bytes); it was taken before a rewind or reset, or belongs to another arena");
  }
  // Without a ledger the one block is the sole block, or there is none (begin 0).
  const bool in_range =
      cold().ledger == nullptr || ledger().blocks.empty()
          ? (cp.block_ == 0 && cp.offset_ <= end_ - cold().begin)
          : (cp.block_ <= cold().current && cp.offset_ <= ledger().blocks[cp.block_].capacity);
  if (!in_range || cp.offset_ > cp.bytes_) {
    fail_misuse("fastarena: rewind to a checkpoint that does not belong to this arena (" +
                to_string(cp) + ")");
  }
  if (is_stale(cp)) {
    fail_misuse("fastarena: rewind to a stale checkpoint (" + to_string(cp) +
                "): the arena was rewound or reset to before it after it was taken");
  }
  if (cp.bytes_ < txn_floor()) {
    fail_misuse("fastarena: rewind to " + std::to_string(cp.bytes_) +
                " bytes would discard memory of the open transaction that started at " +
                std::to_string(txn_floor()) + " bytes; roll the transaction back instead");
  }
  rewind_unchecked(cp);
}

void ArenaCore::rewind_across_blocks(std::size_t block, std::size_t offset, std::size_t bytes,
                                     Undo undo) noexcept {
  run_drops_down_to(bytes);
  if (cold().ledger != nullptr) release_big_down_to(bytes);
  if (cold().ledger != nullptr && !ledger().blocks.empty()) {
    // A block's fill and the next block's offset 0 are one position. Of the blocks up to the
    // current one, the rewind goes to the last at that position: a transaction that opened,
    // or a checkpoint taken, at a later block's offset 0 then still starts in a block at or
    // before the current one, where a rollback or a rewind looks for it.
    while (block < cold().current && offset == ledger().blocks[block].used) {
      ++block;
      offset = 0;
    }
    for (std::size_t i = block + 1; i <= cold().current; ++i) {
      asan_poison(ledger().blocks[i].data, ledger().blocks[i].capacity);
    }
    const Block& b = ledger().blocks[block];
    own().current = block;
    point_at(b, offset);
    asan_poison(b.data + offset, b.capacity - offset);
  } else if (cold().ledger == nullptr) {  // within the sole block (or no block at all)
    ptr_ = cold().begin + offset;
    asan_poison(reinterpret_cast<void*>(ptr_), end_ - ptr_);
  }
  set_bytes_before(bytes - offset);
  record_rewind(cold_, bytes, undo);
  sync_top_limit();
  FASTARENA_ASSERT_LAYER(broken_chunk_invariant());
  FASTARENA_ASSERT_LAYER(broken_txn_invariant());
  FASTARENA_ASSERT_LAYER(broken_drop_invariant());
}

void ArenaCore::rollback_across_blocks(std::uintptr_t start, std::size_t floor) noexcept {
  // Without a ledger the arena never left its first block (the sole block), if it had one;
  // a start outside it is where the arena was before it had one. With one, a start in no
  // block is where the transaction opened before any block was entered (at address 0,
  // oversized allocations aside): offset 0 of block 0.
  if (cold().ledger == nullptr) {
    const std::uintptr_t begin = cold().begin;
    return rewind_across_blocks(0, start >= begin && start <= ptr_ ? start - begin : 0, floor,
                                Undo::rollback);
  }
  const Ledger::Place place =
      ledger().find(start, floor, cold().current, ptr_ - cold().begin).value_or(Ledger::Place{});
  rewind_across_blocks(place.block, place.offset, floor, Undo::rollback);
}

void ArenaCore::reset_slow() {
  if (top_ != nullptr) {
    fail_misuse("fastarena: reset() while " + std::to_string(txn_depth()) +
                " transaction(s) are open; commit or roll them back first");
  }
  run_drops_down_to(0);
  if (cold().ledger != nullptr) {  // else there is at most the sole block
    release_big_down_to(0);
    if (!ledger().blocks.empty()) {
      // Only blocks entered since the last reset hold anything: O(high-water mark), and only
      // under AddressSanitizer is there any per-block work at all.
      for (std::size_t i = 0; i <= ledger().high_water; ++i) {
        asan_poison(ledger().blocks[i].data, ledger().blocks[i].capacity);
      }
      own().current = 0;
      point_at(ledger().blocks[0], 0);
    }
    ledger().high_water = 0;
    set_bytes_before(0);
  } else {  // the sole block, if any: back to its start
    ptr_ = cold().begin;
    asan_poison(reinterpret_cast<void*>(cold().begin), end_ - cold().begin);
  }
  if (cold_ != nullptr) own().marks.clear();
  record_rewind(cold_, 0, Undo::reset);
  FASTARENA_ASSERT_LAYER(broken_chunk_invariant());
  FASTARENA_ASSERT_LAYER(broken_drop_invariant());
}

void ArenaCore::point_at(const Block& b, std::size_t offset) noexcept {
  const auto begin = reinterpret_cast<std::uintptr_t>(b.data);
  own().begin = begin;
  // Two word stores: the empty asm keeps GCC from building ptr_ and end_ in a vector register
  // and storing them as one 16-byte store, which the allocations that follow, loading them back
  // as words, measurably pay for (docs/performance.md).
  std::uintptr_t end = begin + b.capacity;
  asm("" : "+r"(end));
  ptr_ = begin + offset;
  end_ = end;
}

std::size_t ArenaCore::chunk_count() const noexcept {
  if (cold().ledger == nullptr) return end_ != cold().begin ? 1 : 0;  // the sole block
  return (ledger().blocks.empty() ? 0 : cold().current + 1) + ledger().big_live.size();
}

std::span<const std::byte> ArenaCore::chunk(std::size_t i) const noexcept {
  if (cold().ledger == nullptr)
    return {reinterpret_cast<const std::byte*>(cold().begin), ptr_ - cold().begin};
  const std::size_t regular = ledger().blocks.empty() ? 0 : cold().current + 1;
  if (i < regular) {
    const Block& b = ledger().blocks[i];
    return {b.data, i == cold().current ? ptr_ - cold().begin : b.used};
  }
  const Block& big = ledger().big_live[i - regular].block;
  return {big.data, big.used};
}

std::optional<std::size_t> ArenaCore::identify(const void* p) const noexcept {
  const auto* byte = static_cast<const std::byte*>(p);
  std::size_t offset = 0;
  for (std::size_t i = 0, n = chunk_count(); i < n; ++i) {
    const std::span<const std::byte> c = chunk(i);
    // Compared as integers: pointers into different blocks are not ordered in C++.
    const auto at = reinterpret_cast<std::uintptr_t>(byte);
    const auto start = reinterpret_cast<std::uintptr_t>(c.data());
    if (at >= start && at - start < c.size()) return offset + (at - start);
    offset += c.size();
  }
  return std::nullopt;
}

ArenaStats ArenaCore::stats() const noexcept {
  // Without a ledger, the sole block (if any) is all there is.
  return ArenaStats{position(),
                    cold().ledger != nullptr ? ledger().bytes_reserved : end_ - cold().begin,
                    block_count()};
}

std::size_t ArenaCore::block_count() const noexcept {
  if (cold().ledger == nullptr) return end_ != cold().begin ? 1 : 0;
  return ledger().blocks.size() + ledger().big_live.size() + ledger().big_spare.size();
}

TxnDiff ArenaCore::diff_since(const Checkpoint& cp) const noexcept {
  TxnDiff diff;
  diff.bytes_allocated = position() - cp.bytes_;
  if (diff.bytes_allocated == 0) return diff;
  if (cold().ledger == nullptr) {  // only the sole block
    diff.blocks_touched = 1;
    return diff;
  }
  // Blocks entered after cp each hold something; cp's own block only if it grew past cp.
  if (!ledger().blocks.empty()) {
    const std::size_t used_in_first =
        cp.block_ == cold().current ? ptr_ - cold().begin : ledger().blocks[cp.block_].used;
    diff.blocks_touched = (cold().current - cp.block_) + (used_in_first > cp.offset_ ? 1 : 0);
  }
  for (auto it = ledger().big_live.rbegin();
       it != ledger().big_live.rend() && it->position >= cp.bytes_; ++it) {
    ++diff.blocks_touched;
  }
  return diff;
}

void ArenaCore::fail(std::size_t size, std::size_t align, std::size_t limit) const {
  if (!is_power_of_two(align)) {
    fail_misuse("fastarena: alignment " + std::to_string(align) + " is not a power of two");
  }
  if (size > kMaxRequest || align > kMaxAlign) {
    fail_alloc("fastarena: cannot allocate " + std::to_string(size) + " bytes aligned to " +
               std::to_string(align) + ": the request is larger than any arena can hold");
  }
  const std::size_t here = position();
  if (limit != kNoLimit && here + size + (align - 1) > limit) {
    const std::size_t remaining = limit > here ? limit - here : 0;
    fail_alloc("fastarena: transaction budget exceeded: " + std::to_string(size) +
               " bytes requested, " + std::to_string(remaining) + " bytes of the budget remain");
  }
  fail_alloc("fastarena: out of memory allocating " + std::to_string(size) + " bytes");
}

void ArenaCore::fail_closed() {
  fail_misuse("fastarena: use of a transaction that was already committed or rolled back");
}

void ArenaCore::fail_inactive(const TxnFrame& frame) const {
  if (!is_open(frame)) fail_closed();
  fail_misuse("fastarena: allocating through the transaction at depth " +
              std::to_string(frame.depth) + " while a savepoint at depth " +
              std::to_string(txn_depth()) +
              " is open; allocate through the innermost savepoint or close it first");
}

}  // namespace fastarena::detail
