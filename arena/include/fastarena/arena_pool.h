// SPDX-License-Identifier: MIT
/// \file
/// ArenaPool: arenas for many threads. Each thread leases an arena (an RAII Lease), uses it
/// alone — an arena is never shared between threads — and returns it when the lease ends; a
/// returned arena is reset and lent again, its blocks kept (up to a cap), so that a steady
/// stream of short jobs (a request, a function to optimise) allocates no new memory after the
/// first few. The pool itself is the only shared part, behind one mutex (protobuf's thread-safe
/// arena, LLVM's PerThreadBumpPtrAllocator and bumpalo's most requested feature answer the same
/// need).
///
/// \code
///   ArenaPool pool;
///   std::thread worker([&] {
///     ArenaPool::Lease lease = pool.lease();
///     Transaction txn = lease->transaction();   // the lease is the thread's arena
///   });
/// \endcode
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "fastarena/arena.h"
#include "fastarena/detail/export.h"

namespace fastarena {

/// What a pool has done, summed over its arenas.
struct PoolStats {
  std::size_t leases = 0;           ///< leases granted
  std::size_t arenas_created = 0;   ///< arenas made (the rest of the leases reused one)
  std::size_t arenas_dropped = 0;   ///< returned arenas freed for holding more than the cap
  std::size_t idle = 0;             ///< arenas in the pool, waiting
  std::size_t bytes_allocated = 0;  ///< summed over every lease, at its return
  std::size_t bytes_reserved = 0;   ///< held by the idle arenas now
};

/// A pool of arenas lent to threads; see the top of this file.
class FASTARENA_API ArenaPool {
 public:
  /// An arena on loan: move-only; returns it to the pool when destroyed.
  class Lease {
   public:
    /// Takes over `other`'s arena.
    Lease(Lease&& other) noexcept : pool_(other.pool_), arena_(std::move(other.arena_)) {}
    /// Returns this lease's arena, then takes over `other`'s.
    Lease& operator=(Lease&& other) noexcept {
      if (this != &other) {
        give_back();
        pool_ = other.pool_;
        arena_ = std::move(other.arena_);
      }
      return *this;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { give_back(); }

    Arena& operator*() const noexcept { return *arena_; }        ///< the arena
    Arena* operator->() const noexcept { return arena_.get(); }  ///< the arena
    Arena& arena() const noexcept { return *arena_; }            ///< the arena
    /// Takes the arena for good: it is the caller's, and never comes back to the pool (for
    /// memory that must outlive the pool: a module adopting bodies built in it).
    std::unique_ptr<Arena> release() noexcept { return std::move(arena_); }

   private:
    friend class ArenaPool;
    Lease(ArenaPool& pool, std::unique_ptr<Arena> arena) noexcept
        : pool_(&pool), arena_(std::move(arena)) {}
    void give_back() noexcept {
      if (arena_) pool_->give_back(std::move(arena_));
    }

    ArenaPool* pool_;
    std::unique_ptr<Arena> arena_;
  };

  /// New arenas are made with `options`; a returned arena holding more than `keep_bytes` (its
  /// blocks) is freed rather than kept, and at most `keep_arenas` wait in the pool.
  explicit ArenaPool(const ArenaOptions& options = {},
                     std::size_t keep_bytes = std::size_t{64} << 20, std::size_t keep_arenas = 64)
      : options_(options), keep_bytes_(keep_bytes), keep_arenas_(keep_arenas) {
    idle_.reserve(keep_arenas);  // so that returning an arena never allocates
  }
  ArenaPool(const ArenaPool&) = delete;
  ArenaPool& operator=(const ArenaPool&) = delete;
  /// Every lease must have ended.
  ~ArenaPool() = default;

  /// An arena for the calling thread: one returned earlier (reset), or a new one. Thread-safe.
  Lease lease();
  /// What the pool has done so far. Thread-safe.
  PoolStats stats() const;

 private:
  void give_back(std::unique_ptr<Arena> arena) noexcept;

  const ArenaOptions options_;
  const std::size_t keep_bytes_;
  const std::size_t keep_arenas_;
  mutable std::mutex mutex_;  // guards everything below
  std::vector<std::unique_ptr<Arena>> idle_;
  PoolStats stats_;
};

}  // namespace fastarena
