// SPDX-License-Identifier: MIT
// Vector rows: push n u32 with no reserve, then drop or freeze the result.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory_resource>
#include <vector>

#include <llvm/ADT/SmallVector.h>

#include "fastarena/arena_vec.h"

namespace fastarena::bench {
namespace {

void vec_push_fastarena(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  Arena arena;
  for (auto _ : state) {
    ArenaVec<std::uint32_t> v(arena);
    for (std::uint32_t i = 0; i < n; ++i) v.push_back(i);
    benchmark::DoNotOptimize(std::move(v).finish().data());
    arena.reset();
  }
}
void vec_push_std(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  for (auto _ : state) {
    std::vector<std::uint32_t> v;
    for (std::uint32_t i = 0; i < n; ++i) v.push_back(i);
    benchmark::DoNotOptimize(v.data());
  }
}
void vec_push_pmr(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  std::pmr::monotonic_buffer_resource resource;
  for (auto _ : state) {
    {
      std::pmr::vector<std::uint32_t> v(&resource);
      for (std::uint32_t i = 0; i < n; ++i) v.push_back(i);
      benchmark::DoNotOptimize(v.data());
    }
    resource.release();
  }
}
void vec_push_llvm_small(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  for (auto _ : state) {
    llvm::SmallVector<std::uint32_t, 16> v;
    for (std::uint32_t i = 0; i < n; ++i) v.push_back(i);
    benchmark::DoNotOptimize(v.data());
  }
}
#define VEC_ARGS ->Arg(16)->Arg(256)->Arg(4096)
BENCHMARK(vec_push_fastarena)->Name("vec_push/fastarena") VEC_ARGS;
BENCHMARK(vec_push_std)->Name("vec_push/std_vector") VEC_ARGS;
BENCHMARK(vec_push_pmr)->Name("vec_push/pmr_vector") VEC_ARGS;
BENCHMARK(vec_push_llvm_small)->Name("vec_push/llvm_smallvector16") VEC_ARGS;

}  // namespace
}  // namespace fastarena::bench
