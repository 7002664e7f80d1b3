// SPDX-License-Identifier: MIT
// Checkpoint, rewind, transaction and budget rows: the operations only fastarena has, measured
// against the bare allocations they wrap.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "fastarena/arena.h"

namespace fastarena::bench {
namespace {

void checkpoint(benchmark::State& state) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  for (auto _ : state) {
    Checkpoint cp = arena.checkpoint();
    benchmark::DoNotOptimize(cp);
  }
}
BENCHMARK(checkpoint)->Name("checkpoint/fastarena");

// 16 bare allocations, then a rewind to the checkpoint before them: both in the loop.
void rewind_16(benchmark::State& state) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  const Checkpoint cp = arena.checkpoint();
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < 16; ++i) benchmark::DoNotOptimize(arena.alloc<std::uint64_t>(i));
    arena.rewind(cp);
  }
}
BENCHMARK(rewind_16)->Name("rewind_after_16/fastarena");

// Both transaction rows reset the arena every 256 iterations (8 KiB per 64 iterations of 128
// bytes): the same, amortised, in each.
constexpr int kResetEvery = 256;

// The baseline for the transaction rows: the same 16 allocations, bare.
void bare_16(benchmark::State& state) {
  Arena arena;
  int n = 0;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < 16; ++i) benchmark::DoNotOptimize(arena.alloc<std::uint64_t>(i));
    if (++n == kResetEvery) {
      arena.reset();
      n = 0;
    }
  }
}
BENCHMARK(bare_16)->Name("txn_commit_16/bare_allocs");

// A transaction with 16 allocations, committed.
void commit_16(benchmark::State& state) {
  Arena arena;
  int n = 0;
  for (auto _ : state) {
    Transaction txn = arena.transaction();
    for (std::uint64_t i = 0; i < 16; ++i) benchmark::DoNotOptimize(txn.alloc<std::uint64_t>(i));
    txn.commit();
    if (++n == kResetEvery) {
      arena.reset();
      n = 0;
    }
  }
}
BENCHMARK(commit_16)->Name("txn_commit_16/fastarena");

// A request's life: 16 allocations, then the arena reset. The baseline allocates bare; the row
// does it in a transaction that commits, as a handler that may fail halfway would.
void request_bare_16(benchmark::State& state) {
  Arena arena;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < 16; ++i) benchmark::DoNotOptimize(arena.alloc<std::uint64_t>(i));
    arena.reset();
  }
}
BENCHMARK(request_bare_16)->Name("request_16/bare_allocs");

void request_16(benchmark::State& state) {
  Arena arena;
  for (auto _ : state) {
    Transaction txn = arena.transaction();
    for (std::uint64_t i = 0; i < 16; ++i) benchmark::DoNotOptimize(txn.alloc<std::uint64_t>(i));
    txn.commit();
    arena.reset();
  }
}
BENCHMARK(request_16)->Name("request_16/fastarena");

// A savepoint opened, one allocation, rolled back.
void savepoint_rollback(benchmark::State& state) {
  Arena arena;
  Transaction txn = arena.transaction();
  for (auto _ : state) {
    Transaction sp = txn.savepoint();
    benchmark::DoNotOptimize(sp.alloc<std::uint64_t>(1));
  }
}
BENCHMARK(savepoint_rollback)->Name("savepoint_rollback/fastarena");

// The reference for a savepoint: what it does by hand, a checkpoint, one allocation, a rewind.
void checkpoint_alloc_rewind(benchmark::State& state) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  for (auto _ : state) {
    const Checkpoint cp = arena.checkpoint();
    benchmark::DoNotOptimize(arena.alloc<std::uint64_t>(1));
    arena.rewind(cp);
  }
}
BENCHMARK(checkpoint_alloc_rewind)->Name("savepoint_rollback/checkpoint_rewind");

// 1k allocations through a transaction, with and without a budget.
template <bool kBudget>
void txn_alloc_1k(benchmark::State& state) {
  Arena arena;
  for (auto _ : state) {
    Transaction txn = arena.transaction();
    if (kBudget) txn.set_limit(1 << 20);
    for (std::uint64_t i = 0; i < 1000; ++i) benchmark::DoNotOptimize(txn.alloc<std::uint64_t>(i));
  }
}
BENCHMARK(txn_alloc_1k<false>)->Name("txn_alloc_1k/unbudgeted");
BENCHMARK(txn_alloc_1k<true>)->Name("txn_alloc_1k/budgeted");

}  // namespace
}  // namespace fastarena::bench
