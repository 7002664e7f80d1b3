// SPDX-License-Identifier: MIT
/// \file
/// Interned names for compilers built on the arena (part of fastarena::llvm: it uses LLVM ADT).
///
///   fastarena::NameTable names;
///   fastarena::Name a = names.intern("main"), b = names.intern("main");
///   assert(a == b);  ///< one entry: names compare by address
///
/// A Name is one pointer to the table's entry (an llvm::StringMapEntry, which keeps the length
/// beside the characters), so it costs a node 8 bytes instead of a string_view's 16. The table
/// keeps its strings in an arena of its own, not the nodes': a node arena rolled back after an
/// error must not take with it a name that others still use.
#pragma once

#include <llvm/ADT/DenseMapInfo.h>
#include <llvm/ADT/None.h>
#include <llvm/ADT/StringMapEntry.h>
#include <llvm/ADT/StringSet.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdint>
#include <string_view>

#include "fastarena/arena.h"
#include "fastarena/llvm.h"

namespace fastarena {

/// An interned identifier: one pointer, equal names by address.
class Name {
 public:
  /// The table's entry a name points at.
  using Entry = llvm::StringMapEntry<llvm::NoneType>;

  Name() = default;  ///< the absent name: empty
  /// The name of a table entry.
  explicit Name(const Entry& entry) noexcept : entry_(&entry) {}

  /// The characters (empty for the absent name).
  std::string_view view() const noexcept {
    return entry_ == nullptr ? std::string_view()
                             : std::string_view(entry_->getKeyData(), entry_->getKeyLength());
  }
  /// The characters.
  operator std::string_view() const noexcept { return view(); }  // NOLINT: names read as text
  /// Whether this is the absent name.
  bool empty() const noexcept { return entry_ == nullptr; }
  /// The entry's address, for hashing.
  const void* opaque() const noexcept { return entry_; }  ///< for hashing

  /// Names from one table are equal exactly when they are the same entry.
  friend bool operator==(Name a, Name b) noexcept { return a.entry_ == b.entry_; }
  /// Compares the characters.
  friend bool operator==(Name a, std::string_view b) noexcept { return a.view() == b; }
  /// Prints the characters.
  friend llvm::raw_ostream& operator<<(llvm::raw_ostream& os, Name name) {
    const std::string_view text = name.view();
    return os.write(text.data(), text.size());
  }

 private:
  friend struct llvm::DenseMapInfo<Name>;
  struct Raw {};  ///< DenseMap's empty and tombstone keys are pointers that point at nothing
  Name(Raw, const Entry* entry) noexcept : entry_(entry) {}
  const Entry* entry_ = nullptr;
};

/// Interns strings: one stored copy each, in an arena of the table's own.
class NameTable {
 public:
  NameTable() : set_(LlvmAllocator(arena_)) {}
  NameTable(const NameTable&) = delete;
  NameTable& operator=(const NameTable&) = delete;

  /// The one stored copy of `name`, valid as long as this table.
  Name intern(std::string_view name) {
    return Name(*set_.insert(llvm::StringRef(name.data(), name.size())).first);
  }
  /// The name if it was interned before; the empty name if not.
  Name find(std::string_view name) const {
    const auto it = set_.find(llvm::StringRef(name.data(), name.size()));
    return it == set_.end() ? Name() : Name(*it);
  }
  /// Where the names are stored (for statistics).
  const Arena& arena() const noexcept { return arena_; }

 private:
  Arena arena_;
  llvm::StringSet<LlvmAllocator> set_;
};

}  // namespace fastarena

/// \cond INTERNAL
// Names as keys of llvm::DenseMap, hashed by address: the address over 8 (entries are 8-aligned),
// so names interned one after another, as a program's are, take buckets one after another, and a
// walk in program order (lowering, the interpreter's calls) reads the table in order. LLVM's
// pointer hash breaks such runs into clusters that lookups probe through; a multiplicative hash
// scatters the walk over the whole table. Its weak case is many names of one short length, whose
// runs the table's growth re-inserts (docs/performance.md, "Names hashed for order").
template <>
struct llvm::DenseMapInfo<fastarena::Name> {
  using Entry = fastarena::Name::Entry;
  static fastarena::Name getEmptyKey() {
    return {fastarena::Name::Raw{}, DenseMapInfo<const Entry*>::getEmptyKey()};
  }
  static fastarena::Name getTombstoneKey() {
    return {fastarena::Name::Raw{}, DenseMapInfo<const Entry*>::getTombstoneKey()};
  }
  static unsigned getHashValue(fastarena::Name name) {
    const auto address = reinterpret_cast<std::uintptr_t>(name.entry_);
    return static_cast<unsigned>(address >> 3);
  }
  static bool isEqual(fastarena::Name a, fastarena::Name b) { return a == b; }
};
/// \endcond
