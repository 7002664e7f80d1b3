// SPDX-License-Identifier: MIT
// ArenaPool: a lease and its return (lock, pop an idle arena, reset, push it back), and the
// same job on a fresh arena each time, which is what a pool saves.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "fastarena/arena_pool.h"

namespace fastarena::bench {
namespace {

// One lease of an arena kept in the pool, one allocation in it, the return.
void pool_lease(benchmark::State& state) {
  ArenaPool pool;
  { pool.lease()->alloc<std::uint64_t>(0); }  // the pool's one arena, made once
  for (auto _ : state) {
    ArenaPool::Lease lease = pool.lease();
    benchmark::DoNotOptimize(lease->alloc<std::uint64_t>(1));
  }
}
BENCHMARK(pool_lease)->Name("pool_lease_return/fastarena");

// The same job without a pool: an arena made and freed each time (its first block reserved).
void fresh_arena(benchmark::State& state) {
  for (auto _ : state) {
    Arena arena;
    benchmark::DoNotOptimize(arena.alloc<std::uint64_t>(1));
  }
}
BENCHMARK(fresh_arena)->Name("pool_lease_return/fresh_arena");

}  // namespace
}  // namespace fastarena::bench
