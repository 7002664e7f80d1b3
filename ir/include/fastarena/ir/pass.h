// SPDX-License-Identifier: MIT
/// \file
/// Passes and the pass manager. A pass never edits a body: it builds new operations and new
/// bodies through a Builder bound to a transaction on the module's arena, and hands them to its
/// PassContext. The pass manager runs each pass inside its own transaction with a byte budget; if
/// the pass finishes within the budget without an error and the verifier accepts the module as
/// the pass leaves it, the transaction commits and each changed function's body pointer is
/// swapped; otherwise the transaction rolls back in O(1) and every old body stands, with a remark
/// saying why. A pass may speculate further inside nested savepoints of that transaction (the
/// inliner does, one per call site).
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>
#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fastarena/arena_pool.h"
#include "fastarena/ir/builder.h"
#include "fastarena/ir/diagnostic.h"
#include "fastarena/ir/module.h"

namespace fastarena::ir {

/// What one pass sees and changes while it runs: the module as it was, the bodies and functions
/// it has replaced or removed so far (applied only if the pass is kept), its diagnostics, and
/// the transaction everything it builds is allocated in.
class PassContext {
 public:
  /// A pass over `module` allocating through `txn` (a transaction on module.arena()).
  PassContext(Module& module, Transaction& txn)
      : module_(module), txn_(txn), builder_(context(), txn) {}

  /// The module being transformed (its functions still have their old bodies).
  const Module& module() const noexcept { return module_; }
  /// Where types and names come from.
  Context& context() const noexcept { return module_.context(); }
  /// The pass's transaction: open a savepoint on it to speculate. While a savepoint is open,
  /// build through a Builder bound to the savepoint, not through builder().
  Transaction& transaction() const noexcept { return txn_; }
  /// A builder bound to the pass's transaction.
  Builder& builder() noexcept { return builder_; }

  /// `function`'s body as this pass leaves it so far: the new one if set_body() was called.
  const Body* body(const Function& function) const {
    const auto it = bodies_.find(&function);
    return it == bodies_.end() ? function.body : it->second;
  }
  /// Gives `function` a new body (built in transaction()) if the pass is kept.
  void set_body(const Function& function, const Body* body) { bodies_[&function] = body; }
  /// Removes `function` from the module if the pass is kept.
  void remove(const Function& function) { removed_.insert(&function); }
  /// Whether remove() was called for `function`.
  bool removed(const Function& function) const { return removed_.contains(&function); }

  /// Reports that the pass cannot do its work at `loc`: the pass fails and is rolled back.
  void error(Location loc, std::string message) {
    diagnostics_.push_back({loc, std::move(message), Severity::error});
  }
  /// Tells the reader something the pass could not do at `loc`; the pass still succeeds.
  void remark(Location loc, std::string message) {
    diagnostics_.push_back({loc, std::move(message), Severity::remark});
  }

  /// Counts a speculation (a savepoint of transaction()) that was kept or rolled back, with the
  /// bytes it allocated.
  void speculated(bool kept, std::size_t bytes) noexcept {
    if (kept) {
      ++speculations_kept_;
    } else {
      ++speculations_rolled_back_;
      bytes_rolled_back_ += bytes;
    }
  }

 private:
  friend class PassManager;
  friend class FunctionPass;

  Module& module_;
  Transaction& txn_;
  Builder builder_;
  // Set by the pass manager: threads a FunctionPass may use, the pool their arenas come from,
  // each one's budget; the leases whose arenas hold bodies this pass built (adopted by the
  // module if the pass is kept, returned if not), and the bytes the workers kept in them;
  // whether a worker ran out of its budget.
  unsigned jobs_ = 1;
  ArenaPool* pool_ = nullptr;
  std::size_t budget_ = fastarena::detail::kNoLimit;
  std::vector<ArenaPool::Lease> leases_;
  std::size_t worker_bytes_ = 0;
  bool worker_out_of_budget_ = false;
  llvm::DenseMap<const Function*, const Body*> bodies_;
  llvm::DenseSet<const Function*> removed_;
  llvm::SmallVector<Diagnostic, 0> diagnostics_;
  std::size_t speculations_kept_ = 0;
  std::size_t speculations_rolled_back_ = 0;
  std::size_t bytes_rolled_back_ = 0;
};

/// One transformation of a module.
class Pass {
 public:
  virtual ~Pass() = default;
  /// The name `--passes` knows it by.
  virtual std::string_view name() const = 0;
  /// Transforms the module through `pass` (see PassContext); writes only new memory.
  virtual void run(PassContext& pass) = 0;
};

/// A pass that rewrites each function's body on its own, in module order — or, when the pass
/// manager has more than one job (PassManager::set_jobs), several functions at once, each
/// thread building in an arena leased from the manager's pool, with the same result (bodies,
/// and diagnostics in function order) as one thread. rewrite() must then be safe to call
/// concurrently for different functions: it may read the module and make types, and must keep
/// no state between calls.
class FunctionPass : public Pass {
 public:
  /// Calls rewrite() for every function with a body and keeps what it returns.
  void run(PassContext& pass) final;
  /// A new body for `function` (whose current body is pass.body(function)), or null to keep it.
  virtual const Body* rewrite(const Function& function, PassContext& pass) = 0;
};

/// What running one pass did.
struct PassReport {
  std::string name;                   ///< the pass
  bool committed = false;             ///< kept; false: rolled back (see remark)
  std::size_t functions_changed = 0;  ///< bodies replaced
  std::size_t functions_removed = 0;  ///< functions taken out of the module
  std::size_t bytes = 0;              ///< arena bytes the pass kept (or gave back, rolled back)
  std::size_t bytes_rolled_back = 0;  ///< bytes of speculations rolled back inside the pass
  std::size_t speculations_kept = 0;  ///< nested savepoints committed (inlined call sites)
  std::size_t speculations_rolled_back = 0;  ///< nested savepoints rolled back
  std::size_t ops_before = 0;                ///< operations in every body before the pass
  std::size_t ops_after = 0;                 ///< and after it (the same when rolled back)
  std::size_t arena_bytes = 0;               ///< the module arena's bytes in use after the pass
  std::size_t compacted_from = 0;            ///< arena bytes before a compaction after it; 0: none
  std::chrono::nanoseconds time{};           ///< wall time, the verifier included
  std::string remark;                        ///< why it was rolled back, if it was
  llvm::SmallVector<Diagnostic, 0> diagnostics;  ///< what the pass reported, located
};

/// When the pass manager compacts the module between passes (Module::compact()).
struct CompactionPolicy {
  /// Compacts when the arena holds more than this many bytes of garbage per live byte: by
  /// default, when replaced bodies outweigh what is live, so the arena stays within twice the
  /// live size (plus one pass's garbage) however many passes run.
  double garbage_ratio = 1.0;
  /// ...and at least this many bytes of garbage: copying a small module saves nothing.
  std::size_t min_garbage = std::size_t{1} << 20;
};

/// Runs passes in order, each in a transaction under a budget, and compacts the module between
/// passes when the garbage of replaced bodies outweighs what is live.
class PassManager {
 public:
  /// Appends a pass to the pipeline.
  void add(std::unique_ptr<Pass> pass) { passes_.push_back(std::move(pass)); }
  /// Caps the bytes each pass may allocate (default 256 MiB).
  void set_budget(std::size_t bytes) noexcept { budget_ = bytes; }
  /// Threads function passes (FunctionPass) may run on: each rewrites some of the functions in
  /// an arena leased from the manager's pool. 1 (the default): the calling thread alone.
  void set_jobs(unsigned jobs);
  /// When to compact the module after a pass (see CompactionPolicy); nullopt: never.
  void set_compaction(std::optional<CompactionPolicy> policy) noexcept { compaction_ = policy; }
  /// Runs every pass on `module`; a report per pass. Pointers into the module (functions,
  /// bodies, operations) do not survive a compaction.
  llvm::SmallVector<PassReport, 8> run(Module& module);

 private:
  // Runs `pass`; whether it changed the module (a body replaced, a function removed). The
  // caller sets report.ops_before; ops_after follows from what the pass replaced and removed.
  bool run_one(Pass& pass, Module& module, PassReport& report);

  llvm::SmallVector<std::unique_ptr<Pass>, 8> passes_;
  std::size_t budget_ = std::size_t{256} << 20;
  std::optional<CompactionPolicy> compaction_ = CompactionPolicy();
  unsigned jobs_ = 1;
  std::unique_ptr<ArenaPool> pool_;  // the workers' arenas, when jobs_ > 1
};

/// Tuning of the inliner's cost model.
struct InlineOptions {
  /// call_cost for toyc's policy: every call is inlined (but a recursive one).
  static constexpr std::size_t every_call = std::numeric_limits<std::size_t>::max();
  /// What a call costs, in operations: the call, its frame, and a result whose shape nobody
  /// knows. A call site is inlined when the callee's code, simplified where it meets the
  /// caller's values, costs less. By default every call is, as toyc-ch7 inlines.
  std::size_t call_cost = every_call;
  /// Bytes one speculative inlining may allocate before it is rolled back.
  std::size_t speculation_budget = std::size_t{16} << 20;
  /// Whether the inlined code is also folded where it meets constants (fold's evaluation), so
  /// that a callee computing on constant arguments costs its result's constant. Off by
  /// default: toyc inlines without folding, and fa-ir opt prints what toyc prints.
  bool fold = false;
};

/// How Toy lowers to the loop level (the lower-to-affine pass).
struct LowerOptions {
  /// A constant as its elements, data (`arith.constant dense<...>` as a buffer), rather than a
  /// store of each element as toyc writes it: what native code is built from.
  bool constants_as_data = false;
};

/// The lower-to-affine pass with `options` (create_pass("lower-to-affine") has the defaults).
std::unique_ptr<Pass> create_lowering(const LowerOptions& options);

/// The loop-level passes toyc-ch7 -opt runs after lowering: loop fusion, scalar replacement.
llvm::SmallVector<std::string_view, 8> loop_pipeline();

/// What native code runs at the loop level before LLVM: affine-loop-fusion, then place-buffers
/// (each buffer live from its first use to its last, not for the whole function as toyc's
/// lowering places them).
llvm::SmallVector<std::string_view, 8> native_pipeline();

/// Adds to `manager` what native code is made from: default_pipeline(), the lowering to loops
/// with constants as data, then native_pipeline().
void add_native_lowering(PassManager& manager);

/// The pass named `name` (see pass_names()), the inliner tuned by `options`; null if there is
/// none.
std::unique_ptr<Pass> create_pass(std::string_view name, const InlineOptions& options = {});
/// The names create_pass() knows.
llvm::SmallVector<std::string_view, 8> pass_names();
/// The default pipeline, toyc-ch7's -opt: inline, dce, shape-inference, canonicalize, cse, dce.
llvm::SmallVector<std::string_view, 8> default_pipeline();

/// The bytes a module's live functions, bodies and operations take (shared nodes and padding
/// aside): what compaction would keep.
std::size_t live_bytes(const Module& module);

/// The passes' reports as a table (`fa-ir --pass-stats`, `--time-passes`).
void print_reports(llvm::ArrayRef<PassReport> reports, llvm::raw_ostream& os);

}  // namespace fastarena::ir
