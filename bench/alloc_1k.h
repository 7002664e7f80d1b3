// The alloc_1k row's loop, shared by the -O2 and -O3 translation units. It has internal linkage
// (an unnamed namespace), so each unit keeps the copy its own flags compiled.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

namespace fastarena::bench {
namespace {

// alloc 1k u64, the arena reused and reset every iteration.
template <class Peer>
void alloc_1k(benchmark::State& state) {
  Peer peer;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < 1000; ++i) benchmark::DoNotOptimize(peer.make(i));
    peer.reset();
  }
}

}  // namespace
}  // namespace fastarena::bench
