// Interned identifiers. They live in an arena of their own, not in the AST's: a definition that
// is rolled back after a syntax error must not take with it a name that others still use.
#pragma once

#include <llvm/ADT/StringSet.h>

#include <string_view>

#include "fastarena/llvm.h"
#include "fastarena/toy/name.h"

namespace fastarena::toy {

class Names {
 public:
  Names() : set_(LlvmAllocator(arena_)) {}

  // The one stored copy of `name`, valid as long as this table.
  Name intern(std::string_view name) {
    return Name(*set_.insert(llvm::StringRef(name.data(), name.size())).first);
  }
  const Arena& arena() const noexcept { return arena_; }

 private:
  Arena arena_;
  llvm::StringSet<LlvmAllocator> set_;
};

}  // namespace fastarena::toy
