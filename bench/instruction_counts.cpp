// SPDX-License-Identifier: MIT
// Instruction counts per operation, for valgrind --tool=callgrind: unlike wall time they repeat
// exactly on a shared, noisy machine. Each workload runs N times; instructions.py runs this
// program under callgrind for N and for 0 and divides the difference by N.
//
//   fastarena-instructions WORKLOAD N
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/Allocator.h>

#include "fastarena/arena.h"
#include "fastarena/arena_vec.h"
#include "floor.h"
#include "iota.h"
#include "names.h"

namespace {

constexpr std::string_view kText = "a 33-byte identifier for a symbol";

using fastarena::Arena;
using fastarena::ArenaVec;
using fastarena::Checkpoint;
using fastarena::Transaction;

// Keeps a value alive and makes the compiler assume memory changed, like
// benchmark::DoNotOptimize.
template <class T>
[[gnu::always_inline]] inline void keep(const T& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

const std::map<std::string, std::function<void(long)>>& workloads() {
  static const std::map<std::string, std::function<void(long)>> all = {
      {"alloc_1k/fastarena",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           for (std::uint64_t i = 0; i < 1000; ++i) keep(arena.alloc<std::uint64_t>(i));
           arena.reset();
         }
       }},
      {"alloc_1k/floor",
       [](long n) {
         fastarena::bench::FloorPeer arena;
         for (long k = 0; k < n; ++k) {
           for (std::uint64_t i = 0; i < 1000; ++i) keep(arena.make(i));
           arena.reset();
         }
       }},
      {"alloc_str_100x/fastarena",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           for (int i = 0; i < 100; ++i) keep(arena.alloc_str(kText).data());
           arena.reset();
         }
       }},
      {"alloc_str_100x/floor",
       [](long n) {
         fastarena::bench::FloorPeer arena;
         for (long k = 0; k < n; ++k) {
           for (int i = 0; i < 100; ++i) keep(fastarena::bench::copy_str(arena, kText));
           arena.reset();
         }
       }},
      {"alloc_str_names_100x/fastarena",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           for (const std::string& name : fastarena::bench::names()) {
             keep(arena.alloc_str(name).data());
           }
           arena.reset();
         }
       }},
      {"alloc_str_names_100x/floor",
       [](long n) {
         fastarena::bench::FloorPeer arena;
         for (long k = 0; k < n; ++k) {
           for (const std::string& name : fastarena::bench::names()) {
             keep(fastarena::bench::copy_str(arena, name));
           }
           arena.reset();
         }
       }},
      {"alloc_slice_copy/fastarena/512",
       [](long n) {
         const std::vector<std::uint32_t> src(512, 7);
         Arena arena;
         for (long k = 0; k < n; ++k) {
           keep(arena.alloc_slice_copy(src).data());
           arena.reset();
         }
       }},
      {"alloc_slice_copy/floor/512",
       [](long n) {
         const std::vector<std::uint32_t> src(512, 7);
         fastarena::bench::FloorPeer arena;
         for (long k = 0; k < n; ++k) {
           void* out = arena.alloc(src.size() * sizeof(std::uint32_t), 4);
           std::memcpy(out, src.data(), src.size() * sizeof(std::uint32_t));
           keep(out);
           arena.reset();
         }
       }},
      // A slice filled from a counting range whose length only the run time knows, as the
      // alloc_slice bench row does (64 and 1024 elements alternately).
      {"alloc_slice/fastarena/64+1024",
       [](long n) {
         Arena arena;
         std::uint32_t lengths[2] = {64, 1024};
         keep(lengths);
         for (long k = 0; k < n; ++k) {
           keep(arena.alloc_slice(fastarena::bench::Iota{lengths[k & 1]}).data());
           arena.reset();
         }
       }},
      {"alloc_1k/llvm_bump",
       [](long n) {
         llvm::BumpPtrAllocator arena;
         for (long k = 0; k < n; ++k) {
           for (std::uint64_t i = 0; i < 1000; ++i) {
             keep(new (arena.Allocate<std::uint64_t>()) std::uint64_t(i));
           }
           arena.Reset();
         }
       }},
      {"reset_one_block/fastarena",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           keep(arena.alloc<std::uint64_t>(1));
           arena.reset();
         }
       }},
      {"reset_one_block/llvm_bump",
       [](long n) {
         llvm::BumpPtrAllocator arena;
         for (long k = 0; k < n; ++k) {
           keep(new (arena.Allocate<std::uint64_t>()) std::uint64_t(1));
           arena.Reset();
         }
       }},
      {"construct/fastarena",
       [](long n) {
         for (long k = 0; k < n; ++k) {
           Arena arena;
           keep(&arena);
         }
       }},
      {"construct/floor",
       [](long n) {
         for (long k = 0; k < n; ++k) {
           fastarena::bench::FloorPeer arena;
           keep(&arena);
         }
       }},
      {"construct/llvm_bump",
       [](long n) {
         for (long k = 0; k < n; ++k) {
           llvm::BumpPtrAllocator arena;
           keep(&arena);
         }
       }},
      {"fresh_one/fastarena",
       [](long n) {
         for (long k = 0; k < n; ++k) {
           Arena arena;
           keep(arena.alloc<std::uint64_t>(1));
         }
       }},
      {"fresh_one/floor",
       [](long n) {
         for (long k = 0; k < n; ++k) {
           fastarena::bench::FloorPeer arena;
           keep(arena.make(std::uint64_t{1}));
         }
       }},
      {"fresh_one/llvm_bump",
       [](long n) {
         for (long k = 0; k < n; ++k) {
           llvm::BumpPtrAllocator arena;
           keep(new (arena.Allocate<std::uint64_t>()) std::uint64_t(1));
         }
       }},
      {"checkpoint/fastarena",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) keep(arena.checkpoint());
       }},
      {"rewind_after_16/fastarena",
       [](long n) {
         Arena arena;
         const Checkpoint cp = arena.checkpoint();
         for (long k = 0; k < n; ++k) {
           for (std::uint64_t i = 0; i < 16; ++i) keep(arena.alloc<std::uint64_t>(i));
           arena.rewind(cp);
         }
       }},
      {"txn_commit_16/bare_allocs",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           for (std::uint64_t i = 0; i < 16; ++i) keep(arena.alloc<std::uint64_t>(i));
           if (k % 256 == 255) arena.reset();
         }
       }},
      {"txn_commit_16/fastarena",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           Transaction txn = arena.transaction();
           for (std::uint64_t i = 0; i < 16; ++i) keep(txn.alloc<std::uint64_t>(i));
           txn.commit();
           if (k % 256 == 255) arena.reset();
         }
       }},
      {"request_16/bare_allocs",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           for (std::uint64_t i = 0; i < 16; ++i) keep(arena.alloc<std::uint64_t>(i));
           arena.reset();
         }
       }},
      {"request_16/fastarena",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           Transaction txn = arena.transaction();
           for (std::uint64_t i = 0; i < 16; ++i) keep(txn.alloc<std::uint64_t>(i));
           txn.commit();
           arena.reset();
         }
       }},
      {"savepoint_rollback/fastarena",
       [](long n) {
         Arena arena;
         Transaction txn = arena.transaction();
         for (long k = 0; k < n; ++k) {
           Transaction sp = txn.savepoint();
           keep(sp.alloc<std::uint64_t>(1));
         }
       }},
      {"savepoint_rollback/checkpoint_rewind",
       [](long n) {
         Arena arena;
         arena.alloc<std::uint64_t>(1);
         for (long k = 0; k < n; ++k) {
           const Checkpoint cp = arena.checkpoint();
           keep(arena.alloc<std::uint64_t>(1));
           arena.rewind(cp);
         }
       }},
      {"txn_alloc_1k/unbudgeted",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           Transaction txn = arena.transaction();
           for (std::uint64_t i = 0; i < 1000; ++i) keep(txn.alloc<std::uint64_t>(i));
         }
       }},
      {"txn_alloc_1k/budgeted",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           Transaction txn = arena.transaction();
           txn.set_limit(1 << 20);
           for (std::uint64_t i = 0; i < 1000; ++i) keep(txn.alloc<std::uint64_t>(i));
         }
       }},
      {"vec_push/fastarena/16",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           ArenaVec<std::uint32_t> v(arena);
           for (std::uint32_t i = 0; i < 16; ++i) v.push_back(i);
           keep(std::move(v).finish().data());
           arena.reset();
         }
       }},
      {"vec_push/llvm_smallvector16/16",
       [](long n) {
         for (long k = 0; k < n; ++k) {
           llvm::SmallVector<std::uint32_t, 16> v;
           for (std::uint32_t i = 0; i < 16; ++i) v.push_back(i);
           keep(v.data());
         }
       }},
      {"vec_push/fastarena/4096",
       [](long n) {
         Arena arena;
         for (long k = 0; k < n; ++k) {
           ArenaVec<std::uint32_t> v(arena);
           for (std::uint32_t i = 0; i < 4096; ++i) v.push_back(i);
           keep(std::move(v).finish().data());
           arena.reset();
         }
       }},
  };
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {
    for (const auto& [name, run] : workloads()) std::puts(name.c_str());
    return 0;
  }
  const auto it = argc == 3 ? workloads().find(argv[1]) : workloads().end();
  if (it == workloads().end()) {
    std::fprintf(stderr, "usage: %s --list | WORKLOAD N\n", argv[0]);
    return 2;
  }
  it->second(std::atol(argv[2]));
  return 0;
}
