// SPDX-License-Identifier: MIT
// FloorPeer: the physical limit of a bump allocator, measured in the same loops as the arenas.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace fastarena::bench {

// The floor: a bump allocator with no features at all (align up, one compare, bump), its refill
// out of line and taking `this`, as every real arena's must. What no arena can beat in the same
// loop; every row that allocates measures the others against it.
class FloorPeer {
 public:
  FloorPeer() = default;
  FloorPeer(const FloorPeer&) = delete;
  FloorPeer& operator=(const FloorPeer&) = delete;
  ~FloorPeer() {
    release_more();
    ::operator delete(first_);
  }

  template <class T>
  T* make(T value) {
    return ::new (alloc(sizeof(T), alignof(T))) T(value);
  }
  // The next bump pointer first, as align_up(ptr_ + size) when size is a known multiple of
  // align: two operations from one bump pointer to the next, as short as a downward bump's.
  void* alloc(std::size_t size, std::size_t align) {
    const auto mask = static_cast<std::uintptr_t>(align - 1);
    std::uintptr_t next;
    if (__builtin_constant_p(size & mask) && (size & mask) == 0) {
      next = (ptr_ + size + mask) & ~mask;
    } else {
      next = ((ptr_ + mask) & ~mask) + size;
    }
    if (next > end_) [[unlikely]]
      return refill(size, align);
    ptr_ = next;
    return reinterpret_cast<void*>(next - size);
  }
  // Keeps the first block, frees the rest.
  void reset() {
    release_more();
    ptr_ = start_of(first_);
    end_ = first_ == nullptr ? 0 : ptr_ + kBlock;
  }

 private:
  static constexpr std::size_t kBlock = 64 * 1024;
  static constexpr std::size_t kAlign = 64;

  // A block is a plain allocation with room to start it at a cache line: an aligned
  // allocation costs glibc several times as much, and the arena's blocks are made the same way.
  [[gnu::noinline]] void* refill(std::size_t size, std::size_t align) {
    const std::size_t capacity = size + align > kBlock ? size + align : kBlock;
    void* block = ::operator new(capacity + kAlign - __STDCPP_DEFAULT_NEW_ALIGNMENT__);
    if (first_ == nullptr && capacity == kBlock) {
      first_ = block;
    } else {
      more_.push_back(block);
    }
    ptr_ = start_of(block);
    end_ = ptr_ + capacity;
    return alloc(size, align);
  }
  // Where a block's bytes start: its allocation rounded up to a cache line.
  static std::uintptr_t start_of(void* block) {
    return (reinterpret_cast<std::uintptr_t>(block) + kAlign - 1) & ~(kAlign - 1);
  }
  void release_more() noexcept {
    for (void* block : more_) ::operator delete(block);
    more_.clear();
  }

  std::uintptr_t ptr_ = 0;
  std::uintptr_t end_ = 0;
  void* first_ = nullptr;    // the 64 KiB block reset() keeps
  std::vector<void*> more_;  // every other block
};

}  // namespace fastarena::bench
