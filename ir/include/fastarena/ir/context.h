// SPDX-License-Identifier: MIT
/// \file
/// Context: what every module of a compilation shares and no pass may roll back — interned names,
/// uniqued types and the table of source files. It has an arena of its own: a pass that rolls
/// back the module's arena must not take with it a type that older nodes still use.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string_view>

#include "fastarena/arena.h"
#include "fastarena/ir/type.h"
#include "fastarena/name_table.h"

namespace fastarena::ir {

/// Where an operation came from: a file of the Context's table, 1-based line and column (0 for
/// an operation with no source: MLIR's loc(unknown)); or, as MLIR's are, a composite of
/// locations the Context holds: the call site an operation was inlined at
/// (callsite(CALLEE at CALLER)), or the operations a rewrite fused (fused[A, B]).
struct Location {
  /// `file` of a composite location; its `line` is then 1 + its index in the Context's table.
  static constexpr std::uint32_t composite_file = ~std::uint32_t{0};

  std::uint32_t file = 0;  ///< index into the Context's file table; 0: none
  std::uint32_t line = 0;  ///< 1-based; 0: unknown
  std::uint32_t col = 0;   ///< 1-based, in bytes
  /// Whether it points at source.
  bool known() const noexcept { return line != 0; }
  /// Whether it is a call site or a fusion (Context::composite()).
  bool is_composite() const noexcept { return file == composite_file; }
  /// Same file, line and column.
  friend bool operator==(const Location&, const Location&) = default;
};

/// What the modules of one compilation share: names, types, source files.
class Context {
 public:
  /// A context with a name table of its own.
  Context();
  /// A context whose names are `names`'s (which must outlive it): one table for a whole
  /// compilation, so that the frontend's names and the IR's are the same Names, equal exactly
  /// when their text is.
  explicit Context(NameTable& names);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  /// The interned name `text`.
  Name name(std::string_view text) {
    const Guard guard(*this);
    return names_->intern(text);
  }
  /// The name table (to look a name up without adding it).
  const NameTable& names() const noexcept { return *names_; }

  Type tensor(std::span<const std::int64_t> shape);  ///< ranked; {} is rank 0
  /// tensor<*xf64>: a tensor of unknown shape.
  Type unranked_tensor() const noexcept { return unranked_; }
  /// memref<SHAPExf64>: a buffer of the loop level; {} is rank 0.
  Type memref(std::span<const std::int64_t> shape);
  /// f64: a scalar of the loop level.
  Type f64() const noexcept { return f64_; }
  /// index: a loop's induction variable.
  Type index() const noexcept { return index_; }
  /// The struct type `name`, created with these fields on first use. Null if `name` exists
  /// with other fields (a struct is defined once).
  Type struct_type(Name name, std::span<const Name> fields, std::span<const Type> types);
  Type find_struct(Name name) const;  ///< null if not defined
  /// The anonymous struct type of these fields (any types, structs too), as MLIR's are: equal
  /// field lists give the same type. What the IR text's !toy.struct<...> reads as.
  Type struct_type(std::span<const Type> fields);

  std::uint32_t file(std::string_view path);  ///< its index, added on first use

  /// MLIR's CallSiteLoc: an operation inlined from `callee` (its location there) at a call
  /// located at `caller`.
  Location call_site(Location callee, Location caller);
  /// MLIR's FusedLoc::get: the known ones of `locations`, fusions flattened into their parts
  /// and repeats left out; one alone is itself, none is unknown.
  Location fused(std::span<const Location> locations);
  /// What a composite location is made of: a call site's callee and caller, or the parts of a
  /// fusion.
  struct Composite {
    bool call_site;                   ///< callsite(parts[0] at parts[1]), else fused[parts...]
    std::span<const Location> parts;  ///< in the Context's arena
  };
  /// The parts of `loc`, which is_composite().
  Composite composite(Location loc) const;
  /// Where a diagnostic at `loc` points: a call site's callee, a fusion's first part (as MLIR's
  /// diagnostics do), else `loc` itself.
  Location source(Location loc) const;
  /// The path of file `index` ("" for 0).
  std::string_view file_name(std::uint32_t index) const { return files_[index]; }

  /// While `shared` is on, the Context may be used by several threads at once (a parallel pass:
  /// types made, names interned); each call then takes a lock. Off by default: one thread, no
  /// locking. Turn it on and off only while no other thread uses the Context.
  void set_shared(bool shared) noexcept { shared_ = shared; }

  /// Where types and file names live (for statistics).
  const Arena& arena() const noexcept { return arena_; }

 private:
  // Locks the Context for one call while it is shared.
  class Guard {
   public:
    explicit Guard(const Context& context) : mutex_(context.shared_ ? &context.mutex_ : nullptr) {
      if (mutex_ != nullptr) mutex_->lock();
    }
    ~Guard() {
      if (mutex_ != nullptr) mutex_->unlock();
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    std::shared_mutex* mutex_;
  };

  void init();
  Type shaped(Type::Kind kind, std::span<const std::int64_t> shape);
  Location add_composite(bool call_site, std::span<const Location> parts);

  Arena arena_;
  std::unique_ptr<NameTable> own_names_;  ///< null when the names are someone else's
  NameTable* names_;
  Type unranked_;
  Type f64_;
  Type index_;
  llvm::DenseMap<llvm::ArrayRef<std::int64_t>, Type> tensors_;  ///< keys point into arena_
  llvm::DenseMap<llvm::ArrayRef<std::int64_t>, Type> memrefs_;  ///< keys point into arena_
  llvm::DenseMap<Name, Type> structs_;
  llvm::DenseMap<llvm::ArrayRef<const void*>, Type> anonymous_structs_;  ///< keys in arena_
  llvm::SmallVector<std::string_view, 4> files_;                         ///< [0] is "": no file
  llvm::SmallVector<Composite, 0> composites_;                           ///< parts in arena_
  bool shared_ = false;
  mutable std::shared_mutex mutex_;  ///< see set_shared(); lookups of existing types share it
};

}  // namespace fastarena::ir
