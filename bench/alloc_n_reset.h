// SPDX-License-Identifier: MIT
// The alloc_1k and alloc_10k_reset rows' loop, shared by the -O2 and -O3 translation units. It has
// internal linkage (an unnamed namespace), so each unit keeps the copy its own flags compiled.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

namespace fastarena::bench {
namespace {

// kCount u64 allocations, the arena reused and reset every iteration.
template <class Peer, std::uint64_t kCount>
void alloc_n_reset(benchmark::State& state) {
  Peer peer;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < kCount; ++i) benchmark::DoNotOptimize(peer.make(i));
    peer.reset();
  }
}

}  // namespace
}  // namespace fastarena::bench
