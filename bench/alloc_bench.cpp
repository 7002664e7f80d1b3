// SPDX-License-Identifier: MIT
// Allocation rows: single values, slices, strings, 10k allocations + reset, reset itself, one
// 128 KB allocation, and allocation versus new/delete.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <numeric>
#include <span>
#include <string_view>
#include <vector>

#include "alloc_n_reset.h"
#include "iota.h"
#include "names.h"
#include "peers.h"

namespace fastarena::bench {
namespace {

BENCHMARK(alloc_n_reset<FastArenaPeer, 1000>)->Name("alloc_1k/fastarena");
BENCHMARK(alloc_n_reset<InlineArenaPeer, 1000>)->Name("alloc_1k/fastarena_inline");
BENCHMARK(alloc_n_reset<FloorPeer, 1000>)->Name("alloc_1k/floor");
BENCHMARK(alloc_n_reset<LlvmBumpPeer, 1000>)->Name("alloc_1k/llvm_bump");
BENCHMARK(alloc_n_reset<PmrMonotonicPeer, 1000>)->Name("alloc_1k/pmr_monotonic");
BENCHMARK(alloc_n_reset<ProtobufPeer, 1000>)->Name("alloc_1k/protobuf");

void alloc_1k_new_delete(benchmark::State& state) {
  std::vector<std::uint64_t*> ptrs(1000);
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < 1000; ++i) {
      ptrs[i] = new std::uint64_t(i);
      benchmark::DoNotOptimize(ptrs[i]);
    }
    for (std::uint64_t* p : ptrs) delete p;
  }
}
BENCHMARK(alloc_1k_new_delete)->Name("alloc_1k/new_delete");

// alloc N u64 with a new arena every iteration: 1000 is the Rust table's "+new" row; 1 is an
// arena per small job (a function, a request), where making and freeing the first block is
// the whole cost.
template <class Peer, std::uint64_t N>
void alloc_fresh(benchmark::State& state) {
  for (auto _ : state) {
    Peer peer;
    for (std::uint64_t i = 0; i < N; ++i) benchmark::DoNotOptimize(peer.make(i));
  }
}
BENCHMARK(alloc_fresh<FastArenaPeer, 1000>)->Name("alloc_1k_fresh/fastarena");
BENCHMARK(alloc_fresh<FloorPeer, 1000>)->Name("alloc_1k_fresh/floor");
BENCHMARK(alloc_fresh<LlvmBumpPeer, 1000>)->Name("alloc_1k_fresh/llvm_bump");
BENCHMARK(alloc_fresh<PmrMonotonicPeer, 1000>)->Name("alloc_1k_fresh/pmr_monotonic");
BENCHMARK(alloc_fresh<ProtobufPeer, 1000>)->Name("alloc_1k_fresh/protobuf");
BENCHMARK(alloc_fresh<FastArenaPeer, 1>)->Name("alloc_1_fresh/fastarena");
BENCHMARK(alloc_fresh<FloorPeer, 1>)->Name("alloc_1_fresh/floor");
BENCHMARK(alloc_fresh<LlvmBumpPeer, 1>)->Name("alloc_1_fresh/llvm_bump");
BENCHMARK(alloc_fresh<PmrMonotonicPeer, 1>)->Name("alloc_1_fresh/pmr_monotonic");
BENCHMARK(alloc_fresh<ProtobufPeer, 1>)->Name("alloc_1_fresh/protobuf");

// alloc_slice n from a range (iota): the arena fills the slice from the range.
template <class Peer>
void alloc_slice(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  Peer peer;
  for (auto _ : state) {
    auto* out = static_cast<std::uint32_t*>(peer.alloc(n * sizeof(std::uint32_t), 4));
    std::iota(out, out + n, 0u);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
    peer.reset();
  }
}
void alloc_slice_fastarena(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  Arena arena;
  for (auto _ : state) {
    std::span<std::uint32_t> s = arena.alloc_slice(Iota{n});
    benchmark::DoNotOptimize(s.data());
    benchmark::ClobberMemory();
    arena.reset();
  }
}
BENCHMARK(alloc_slice_fastarena)->Name("alloc_slice/fastarena")->Arg(64)->Arg(1024);
BENCHMARK(alloc_slice<FloorPeer>)->Name("alloc_slice/floor")->Arg(64)->Arg(1024);
BENCHMARK(alloc_slice<LlvmBumpPeer>)->Name("alloc_slice/llvm_bump")->Arg(64)->Arg(1024);
BENCHMARK(alloc_slice<PmrMonotonicPeer>)->Name("alloc_slice/pmr_monotonic")->Arg(64)->Arg(1024);
BENCHMARK(alloc_slice<ProtobufPeer>)->Name("alloc_slice/protobuf")->Arg(64)->Arg(1024);
void alloc_slice_new(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  for (auto _ : state) {
    auto out = std::make_unique_for_overwrite<std::uint32_t[]>(n);
    std::iota(out.get(), out.get() + n, 0u);
    benchmark::DoNotOptimize(out.get());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(alloc_slice_new)->Name("alloc_slice/new_delete")->Arg(64)->Arg(1024);

// alloc_slice_copy of n u32 (one memcpy) against a bare memcpy of the same bytes.
// The source of a copy row, placed at the same distance from the row's destination (2 KiB,
// modulo 4 KiB) whichever allocator made it. Where a source lands relative to its destination
// decides whether the CPU sees false store-to-load dependencies (4K aliasing), which can make
// memcpy 1.5x slower; left to the heap's layout, that and not the allocator decided these rows
// (they moved by 40% from run to run).
class PlacedSource {
 public:
  PlacedSource(std::size_t n, const void* destination) : storage_(n + 1024, 7) {
    const auto dst = reinterpret_cast<std::uintptr_t>(destination);
    const auto src = reinterpret_cast<std::uintptr_t>(storage_.data());
    const std::uintptr_t shift = (dst - src - 2048) & 4095;  // then (dst - src) % 4096 == 2048
    data_ = {storage_.data() + shift / sizeof(std::uint32_t), n};
  }
  std::span<const std::uint32_t> span() const { return data_; }

 private:
  std::vector<std::uint32_t> storage_;
  std::span<const std::uint32_t> data_;
};

// alloc_slice_copy of n u32 (one memcpy) against a bare memcpy of the same bytes. Each row
// allocates once to find where its copies land (every peer reuses that memory after reset).
void alloc_slice_copy_fastarena(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Arena arena;
  const PlacedSource src(n, arena.alloc_raw(n * sizeof(std::uint32_t), 4));
  arena.reset();
  for (auto _ : state) {
    std::span<std::uint32_t> s = arena.alloc_slice_copy(src.span());
    benchmark::DoNotOptimize(s.data());
    benchmark::ClobberMemory();
    arena.reset();
  }
}
template <class Peer>
void alloc_slice_copy(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::size_t bytes = n * sizeof(std::uint32_t);
  Peer peer;
  const PlacedSource src(n, peer.alloc(bytes, 4));
  peer.reset();
  for (auto _ : state) {
    void* out = peer.alloc(bytes, 4);
    std::memcpy(out, src.span().data(), bytes);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
    peer.reset();
  }
}
// The baseline: the same memcpy into the same destination, an arena block allocated once.
void memcpy_only(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::size_t bytes = n * sizeof(std::uint32_t);
  Arena arena;
  void* dst = arena.alloc_raw(bytes, 4);
  const PlacedSource src(n, dst);
  for (auto _ : state) {
    std::memcpy(dst, src.span().data(), bytes);
    benchmark::DoNotOptimize(dst);
    benchmark::ClobberMemory();
  }
}
void alloc_slice_copy_new(benchmark::State& state) {
  const std::vector<std::uint32_t> src(static_cast<std::size_t>(state.range(0)), 7);
  for (auto _ : state) {
    std::vector<std::uint32_t> copy(src);
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
}
#define SLICE_COPY_ARGS ->Arg(512)->Arg(1024)->Arg(4096)
BENCHMARK(alloc_slice_copy_fastarena)->Name("alloc_slice_copy/fastarena") SLICE_COPY_ARGS;
BENCHMARK(alloc_slice_copy<FloorPeer>)->Name("alloc_slice_copy/floor") SLICE_COPY_ARGS;
BENCHMARK(alloc_slice_copy<LlvmBumpPeer>)->Name("alloc_slice_copy/llvm_bump") SLICE_COPY_ARGS;
BENCHMARK(alloc_slice_copy<PmrMonotonicPeer>)
    ->Name("alloc_slice_copy/pmr_monotonic") SLICE_COPY_ARGS;
BENCHMARK(alloc_slice_copy<ProtobufPeer>)->Name("alloc_slice_copy/protobuf") SLICE_COPY_ARGS;
BENCHMARK(alloc_slice_copy_new)->Name("alloc_slice_copy/std_vector") SLICE_COPY_ARGS;
BENCHMARK(memcpy_only)->Name("alloc_slice_copy/memcpy") SLICE_COPY_ARGS;

// alloc_str x100 of a 33-byte string.
constexpr std::string_view kText = "a 33-byte identifier for a symbol";
void alloc_str_fastarena(benchmark::State& state) {
  Arena arena;
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) benchmark::DoNotOptimize(arena.alloc_str(kText).data());
    arena.reset();
  }
}
template <class Peer>
void alloc_str(benchmark::State& state) {
  Peer peer;
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) benchmark::DoNotOptimize(copy_str(peer, kText));
    peer.reset();
  }
}
BENCHMARK(alloc_str_fastarena)->Name("alloc_str_100x/fastarena");
BENCHMARK(alloc_str<FloorPeer>)->Name("alloc_str_100x/floor");
BENCHMARK(alloc_str<LlvmBumpPeer>)->Name("alloc_str_100x/llvm_bump");
BENCHMARK(alloc_str<PmrMonotonicPeer>)->Name("alloc_str_100x/pmr_monotonic");
BENCHMARK(alloc_str<ProtobufPeer>)->Name("alloc_str_100x/protobuf");

// alloc_str of 100 names whose lengths only the run time knows (names.h), then a reset: what
// a compiler interning the identifiers of a file does.
void alloc_names_fastarena(benchmark::State& state) {
  Arena arena;
  for (auto _ : state) {
    for (const std::string& name : names()) benchmark::DoNotOptimize(arena.alloc_str(name).data());
    arena.reset();
  }
}
template <class Peer>
void alloc_names(benchmark::State& state) {
  Peer peer;
  for (auto _ : state) {
    for (const std::string& name : names()) benchmark::DoNotOptimize(copy_str(peer, name));
    peer.reset();
  }
}
BENCHMARK(alloc_names_fastarena)->Name("alloc_str_names_100x/fastarena");
BENCHMARK(alloc_names<FloorPeer>)->Name("alloc_str_names_100x/floor");
BENCHMARK(alloc_names<LlvmBumpPeer>)->Name("alloc_str_names_100x/llvm_bump");
BENCHMARK(alloc_names<PmrMonotonicPeer>)->Name("alloc_str_names_100x/pmr_monotonic");
BENCHMARK(alloc_names<ProtobufPeer>)->Name("alloc_str_names_100x/protobuf");

// 10k single allocations, then reset.
BENCHMARK(alloc_n_reset<FastArenaPeer, 10000>)->Name("alloc_10k_reset/fastarena");
BENCHMARK(alloc_n_reset<FloorPeer, 10000>)->Name("alloc_10k_reset/floor");
BENCHMARK(alloc_n_reset<LlvmBumpPeer, 10000>)->Name("alloc_10k_reset/llvm_bump");
BENCHMARK(alloc_n_reset<PmrMonotonicPeer, 10000>)->Name("alloc_10k_reset/pmr_monotonic");
BENCHMARK(alloc_n_reset<ProtobufPeer, 10000>)->Name("alloc_10k_reset/protobuf");
void alloc_10k_new_delete(benchmark::State& state) {
  std::vector<std::uint64_t*> ptrs(10000);
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < 10000; ++i) {
      ptrs[i] = new std::uint64_t(i);
      benchmark::DoNotOptimize(ptrs[i]);
    }
    for (std::uint64_t* p : ptrs) delete p;
  }
}
BENCHMARK(alloc_10k_new_delete)->Name("alloc_10k_reset/new_delete");

// reset of a one-block arena holding one allocation.
template <class Peer>
void reset_one_block(benchmark::State& state) {
  Peer peer;
  for (auto _ : state) {
    benchmark::DoNotOptimize(peer.make(std::uint64_t{1}));
    peer.reset();
  }
}
BENCHMARK(reset_one_block<FastArenaPeer>)->Name("reset_one_block/fastarena");
BENCHMARK(reset_one_block<FloorPeer>)->Name("reset_one_block/floor");
BENCHMARK(reset_one_block<LlvmBumpPeer>)->Name("reset_one_block/llvm_bump");
BENCHMARK(reset_one_block<PmrMonotonicPeer>)->Name("reset_one_block/pmr_monotonic");
BENCHMARK(reset_one_block<ProtobufPeer>)->Name("reset_one_block/protobuf");

// One 128 KB allocation (bigger than a default block), then reset.
template <class Peer>
void alloc_128k(benchmark::State& state) {
  Peer peer;
  for (auto _ : state) {
    benchmark::DoNotOptimize(peer.alloc(128 * 1024, 16));
    peer.reset();
  }
}
BENCHMARK(alloc_128k<FastArenaPeer>)->Name("alloc_128k/fastarena");
BENCHMARK(alloc_128k<FloorPeer>)->Name("alloc_128k/floor");
BENCHMARK(alloc_128k<LlvmBumpPeer>)->Name("alloc_128k/llvm_bump");
BENCHMARK(alloc_128k<PmrMonotonicPeer>)->Name("alloc_128k/pmr_monotonic");
BENCHMARK(alloc_128k<ProtobufPeer>)->Name("alloc_128k/protobuf");
void alloc_128k_new(benchmark::State& state) {
  for (auto _ : state) {
    auto p = std::make_unique_for_overwrite<char[]>(128 * 1024);
    benchmark::DoNotOptimize(p.get());
  }
}
BENCHMARK(alloc_128k_new)->Name("alloc_128k/new_delete");

// Construction and destruction of an arena that is never used.
template <class Peer>
void construct(benchmark::State& state) {
  for (auto _ : state) {
    Peer peer;
    benchmark::DoNotOptimize(&peer);
  }
}
BENCHMARK(construct<FastArenaPeer>)->Name("construct/fastarena");
BENCHMARK(construct<FloorPeer>)->Name("construct/floor");
BENCHMARK(construct<LlvmBumpPeer>)->Name("construct/llvm_bump");
BENCHMARK(construct<PmrMonotonicPeer>)->Name("construct/pmr_monotonic");
BENCHMARK(construct<ProtobufPeer>)->Name("construct/protobuf");

}  // namespace
}  // namespace fastarena::bench
