// SPDX-License-Identifier: MIT
/// \file
/// Functions and modules.
///
/// A function's body is a frozen array of operations behind one pointer. A pass never edits a
/// body: it builds a new one and publishes it by swapping that pointer (Function::body), so the
/// old body stays valid for anyone still reading it, and a rolled-back pass leaves the pointer
/// as it was.
#pragma once

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include <memory>
#include <span>
#include <vector>

#include "fastarena/arena.h"
#include "fastarena/ir/context.h"
#include "fastarena/ir/op.h"

namespace fastarena::ir {

/// A function's code: a frozen array of operations, replaced whole by passes. What passes ask of
/// every body (whom it calls, how big it is) is found once, when it is built: it cannot change.
struct Body {
  std::span<const Op* const> ops;  ///< in execution order; the last is the return
  std::span<const Name> callees;   ///< the function each call calls, in order: the call graph
  std::size_t bytes = 0;           ///< what compaction copies of it (arrays, operations, data)
};

/// A function: its signature and one pointer to its current body.
struct Function {
  Name name;                          ///< Its name, unique in the module.
  Location loc;                       ///< Where it was defined.
  std::span<const Op* const> params;  ///< `param` operations, in order
  Type result;                        ///< null: returns nothing
  const Body* body = nullptr;         ///< replaced whole, never changed in place
};

/// Whether `function` is at the loop level (a func.func, lowered from Toy: its body ends with
/// func.return) rather than Toy's (a toy.func, ending with toy.return).
bool is_loop_level(const Function& function);

/// A hint for a walk over `functions` that reads each one's body: asks now for the body of the
/// function four places on. A body lies far from its function (it is built after it, and again by
/// every pass that changes it), so such a walk otherwise waits on memory once per function; four
/// ahead hides that wait (nearer is too late, farther gains nothing).
template <class Functions>
void prefetch_body_ahead(const Functions& functions, std::size_t i) {
  constexpr std::size_t kAhead = 4;
  if (i + kAhead < functions.size()) __builtin_prefetch(functions[i + kAhead]->body);
}

/// The functions and struct types of a program. Its operations live in its arena.
class Module {
 public:
  /// An empty module whose types and names live in `context`.
  explicit Module(Context& context) : context_(&context), arena_(std::make_unique<Arena>()) {}
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  /// The context of its types and names.
  Context& context() const noexcept { return *context_; }
  /// Where this module's functions, bodies and operations live.
  /// The arena object itself changes with compact().
  Arena& arena() noexcept { return *arena_; }
  /// The same, read only.
  const Arena& arena() const noexcept { return *arena_; }

  /// Its functions, in the order they were added.
  std::span<Function* const> functions() const noexcept { return functions_; }
  /// The function named `name`; null if none.
  Function* function(Name name) const { return by_name_.lookup(name); }
  /// Adds `function` (which must live in arena()); false if its name is taken.
  bool add(Function& function);
  /// Makes `functions` (uniquely named, living in arena()) the module's functions: how a pass
  /// removes some, and how the pass manager restores them when it rolls that pass back.
  void set_functions(std::span<Function* const> functions);

  /// Struct types this module defines, in order of definition (the printer writes them first).
  std::span<const Type> structs() const noexcept { return structs_; }
  /// Records a struct type as defined by this module.
  void add_struct(Type type) { structs_.push_back(type); }

  /// Keeps `arena` alive as long as the module may use what was built in it (the bodies a
  /// parallel pass built there); compact() copies them out and frees it.
  void adopt(std::unique_ptr<Arena> arena) { adopted_.push_back(std::move(arena)); }

  /// Semispace collection: copies every function and its current body into a fresh arena and
  /// drops the old one, with every body a pass replaced. Memory then holds what is live, however
  /// many passes ran. Every pointer into the module (functions, bodies, operations) is invalid
  /// afterwards; no transaction may be open on arena().
  void compact();

 private:
  Context* context_;
  std::unique_ptr<Arena> arena_;                 ///< replaced by compact()
  std::vector<std::unique_ptr<Arena>> adopted_;  ///< see adopt(); emptied by compact()
  llvm::SmallVector<Function*, 8> functions_;
  llvm::DenseMap<Name, Function*> by_name_;
  llvm::SmallVector<Type, 4> structs_;
};

}  // namespace fastarena::ir
