// SPDX-License-Identifier: MIT
// A tour of fastarena: bump allocation, checkpoints, a transaction with savepoints and a budget,
// reset. Prints what happens and the arena's statistics along the way.
#include <cstdint>
#include <iostream>
#include <optional>
#include <string_view>

#include "fastarena/arena.h"

using fastarena::Arena;
using fastarena::Transaction;

namespace {

void print_stats(std::string_view when, const Arena& arena) {
  const fastarena::ArenaStats s = arena.stats();
  std::cout << when << ": " << s.bytes_allocated << " bytes allocated, " << s.bytes_reserved
            << " reserved in " << s.block_count << " block(s), " << s.utilization() * 100.0
            << "% utilized\n";
}

}  // namespace

int main() {
  Arena arena(4096);

  // Plain allocation: a pointer bump.
  std::uint64_t* answer = arena.alloc<std::uint64_t>(42);
  std::string_view name = arena.alloc_str("fastarena");
  std::cout << "allocated " << *answer << " and \"" << name << "\"\n";
  print_stats("after two allocations", arena);

  // Checkpoint and rewind: speculative work undone in O(1).
  const fastarena::Checkpoint cp = arena.checkpoint();
  for (int i = 0; i < 1000; ++i) arena.alloc<std::uint64_t>(static_cast<std::uint64_t>(i));
  print_stats("after 1000 speculative allocations", arena);
  arena.rewind(cp);
  std::cout << "rewound to " << cp << "\n";

  // A transaction with a budget and two savepoints: one kept, one rolled back.
  Transaction txn = arena.transaction();
  txn.set_limit(1024);
  txn.alloc_str("definition header");
  {
    Transaction good = txn.savepoint();
    good.alloc_slice({1.0, 2.0, 3.0});
    std::cout << "savepoint " << good.depth() << ": " << good.diff() << ", " << good.commit()
              << "\n";
  }
  {
    Transaction bad = txn.savepoint();
    bad.alloc_raw(200, 8);
    const bool fits = bad.try_alloc_raw(4096, 8) != nullptr;  // over the budget: refused
    std::cout << "savepoint " << bad.depth() << ": over budget? " << (fits ? "no" : "yes") << ", "
              << bad.rollback() << "\n";
  }
  std::cout << "transaction: " << txn.diff() << ", " << *txn.budget_remaining()
            << " bytes of budget left, " << txn.commit() << "\n";
  print_stats("after the transaction", arena);

  // The closure form: the result decides.
  const std::optional<int> parsed = arena.with_transaction(
      [](Transaction& t) -> std::optional<int> { return *t.alloc<int>(6) * 7; });
  std::cout << "with_transaction returned " << parsed.value_or(-1) << "\n";

  arena.reset();
  print_stats("after reset (blocks kept)", arena);
  return 0;
}
