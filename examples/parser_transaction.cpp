// SPDX-License-Identifier: MIT
// A parser-style transaction: each top-level item is built inside a transaction with a byte
// budget; a savepoint tries one alternative and rolls it back when it does not fit, and a
// broken item rolls back whole, leaving the arena exactly as it was before the item.
#include <cstdio>
#include <span>
#include <string_view>

#include "fastarena/arena.h"
#include "fastarena/arena_vec.h"

namespace {

struct Item {
  std::string_view name;
  std::span<const int> values;
};

// "name:1,2,3" -> Item; null (and everything allocated rolled back) if a value is not a digit.
const Item* parse_item(fastarena::Arena& arena, std::string_view text) {
  fastarena::Transaction txn = arena.transaction();
  txn.set_limit(256);
  const std::size_t colon = text.find(':');
  Item item{txn.alloc_str(text.substr(0, colon)), {}};
  {
    // Speculatively keep a copy of the whole line, under a tighter budget of its own: a long
    // line does not fit, so that savepoint rolls back and the item goes on without it.
    fastarena::Transaction extra = txn.savepoint();
    extra.set_limit(32);
    if (extra.try_alloc_str(text)) {
      extra.commit();
    } else {
      std::printf("  savepoint over its budget of 32 bytes: rolled back\n");
    }
  }
  fastarena::ArenaVec<int> values(txn);
  for (std::size_t i = colon + 1; i < text.size(); i += 2) {
    if (text[i] < '0' || text[i] > '9') return nullptr;  // txn rolls back on the way out
    values.push_back(text[i] - '0');
  }
  item.values = std::move(values).finish();
  const Item* kept = txn.alloc<Item>(item);
  txn.commit();
  return kept;
}

}  // namespace

int main() {
  fastarena::Arena arena;
  const std::string_view lines[] = {"a:1,2,3", "broken:1,x,3",
                                    "long_name_with_a_long_list:1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8",
                                    "b:4,5"};
  for (const std::string_view line : lines) {
    const std::size_t before = arena.stats().bytes_allocated;
    const Item* item = parse_item(arena, line);
    if (item == nullptr) {
      std::printf("%.*s: error, rolled back (%zu bytes before and after)\n",
                  static_cast<int>(line.size()), line.data(), arena.stats().bytes_allocated);
      if (arena.stats().bytes_allocated != before) return 1;
    } else {
      std::printf("%.*s: %zu values\n", static_cast<int>(item->name.size()), item->name.data(),
                  item->values.size());
    }
  }
  return 0;
}
