// SPDX-License-Identifier: MIT
// fastarena::MemoryResource: the virtual functions of the std::pmr adapter.
#include "fastarena/std.h"

#if FASTARENA_HAS_PMR
namespace fastarena {

void* MemoryResource::do_allocate(std::size_t bytes, std::size_t align) {
  return core_->allocate(txn_, bytes, align);
}

void MemoryResource::do_deallocate(void* p, std::size_t bytes, std::size_t /*align*/) {
  core_->give_back(p, bytes);
}

bool MemoryResource::do_is_equal(const std::pmr::memory_resource& other) const noexcept {
  return this == &other;
}

}  // namespace fastarena
#endif
