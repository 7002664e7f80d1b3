// SPDX-License-Identifier: MIT
// The allocators fastarena is measured against, behind one small interface each, so that every
// benchmark row runs the same loop over each of them.
//
//   alloc(size, align) -> void*   one allocation
//   reset()                       give everything back, keep memory where the peer can
#pragma once

#include <google/protobuf/arena.h>
#include <llvm/Support/Allocator.h>

#include <cstddef>
#include <memory_resource>

#include "fastarena/arena.h"
#include "floor.h"

namespace fastarena::bench {

struct FastArenaPeer {
  Arena arena;
  template <class T>
  T* make(T value) {
    return arena.alloc<T>(value);
  }
  void* alloc(std::size_t size, std::size_t align) { return arena.alloc_raw(size, align); }
  void reset() { arena.reset(); }
};

// fastarena on a stack buffer (InlineArena): 1000 u64s fit its 16 KiB, no block ever reserved.
struct InlineArenaPeer {
  InlineArena<16384> arena;
  template <class T>
  T* make(T value) {
    return arena.alloc<T>(value);
  }
  void* alloc(std::size_t size, std::size_t align) { return arena.alloc_raw(size, align); }
  void reset() { arena.reset(); }
};

struct LlvmBumpPeer {
  llvm::BumpPtrAllocator arena;
  template <class T>
  T* make(T value) {
    return new (arena.Allocate<T>()) T(value);
  }
  void* alloc(std::size_t size, std::size_t align) {
    return arena.Allocate(size, llvm::Align(align));
  }
  void reset() { arena.Reset(); }
};

struct PmrMonotonicPeer {
  std::pmr::monotonic_buffer_resource arena;
  template <class T>
  T* make(T value) {
    return new (arena.allocate(sizeof(T), alignof(T))) T(value);
  }
  void* alloc(std::size_t size, std::size_t align) { return arena.allocate(size, align); }
  void reset() { arena.release(); }
};

struct ProtobufPeer {
  google::protobuf::Arena arena;
  template <class T>
  T* make(T value) {
    return google::protobuf::Arena::Create<T>(&arena, value);
  }
  void* alloc(std::size_t size, std::size_t /*align: always 8*/) {
    return google::protobuf::Arena::CreateArray<char>(&arena, size);
  }
  void reset() { arena.Reset(); }
};

}  // namespace fastarena::bench
