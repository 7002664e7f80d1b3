// SPDX-License-Identifier: MIT
#include "fastarena/arena_pool.h"

namespace fastarena {

ArenaPool::Lease ArenaPool::lease() {
  std::unique_ptr<Arena> arena;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.leases;
    if (!idle_.empty()) {
      arena = std::move(idle_.back());
      idle_.pop_back();
      stats_.bytes_reserved -= arena->stats().bytes_reserved;
    } else {
      ++stats_.arenas_created;
    }
  }
  if (!arena) arena = std::make_unique<Arena>(options_);  // outside the lock: it may allocate
  return Lease(*this, std::move(arena));
}

void ArenaPool::give_back(std::unique_ptr<Arena> arena) noexcept {
  // The lease's transactions have all closed (they cannot outlive it): reset cannot fail.
  const std::size_t used = arena->stats().bytes_allocated;
  arena->reset();  // O(1), outside the lock
  const std::size_t reserved = arena->stats().bytes_reserved;
  std::unique_ptr<Arena> dropped;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stats_.bytes_allocated += used;
    if (reserved > keep_bytes_ || idle_.size() >= keep_arenas_) {
      ++stats_.arenas_dropped;
      dropped = std::move(arena);
    } else {
      stats_.bytes_reserved += reserved;
      idle_.push_back(std::move(arena));
    }
  }
  // dropped (if any) is freed here, outside the lock.
}

PoolStats ArenaPool::stats() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  PoolStats s = stats_;
  s.idle = idle_.size();
  return s;
}

}  // namespace fastarena
