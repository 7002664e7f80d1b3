/// \file
/// Passes and the pass manager. A pass never edits a body: it builds new operations and a new
/// body through a Builder bound to a transaction on the module's arena. The pass manager runs
/// each pass inside its own transaction with a byte budget; if the pass finishes within the
/// budget and the verifier accepts every new body, the transaction commits and each function's
/// body pointer is swapped; otherwise the transaction rolls back in O(1) and every old body
/// stands, with a remark saying why.
#pragma once

#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/module.h"

namespace fastarena::ir {

/// One transformation of function bodies.
class Pass {
 public:
  virtual ~Pass() = default;
  /// The name `--passes` knows it by.
  virtual std::string_view name() const = 0;
  /// A new body for `function`, built with `builder` (only new memory is written), or null to
  /// keep the old one (nothing to change, or the builder failed: the manager checks).
  virtual const Body* run(const Module& module, const Function& function, Builder& builder) = 0;
};

/// What running one pass did.
struct PassReport {
  std::string name;                   ///< the pass
  bool committed = false;             ///< kept; false: rolled back (see remark)
  std::size_t functions_changed = 0;  ///< bodies replaced
  std::size_t bytes = 0;              ///< arena bytes the pass allocated (kept or given back)
  std::size_t ops_before = 0;         ///< operations in every body before the pass
  std::size_t ops_after = 0;          ///< and after it (the same when rolled back)
  std::chrono::nanoseconds time{};    ///< wall time
  std::string remark;                 ///< why it was rolled back, if it was
};

/// Runs passes in order, each in a transaction under a budget.
class PassManager {
 public:
  /// Appends a pass to the pipeline.
  void add(std::unique_ptr<Pass> pass) { passes_.push_back(std::move(pass)); }
  /// Caps the bytes each pass may allocate (default 256 MiB).
  void set_budget(std::size_t bytes) noexcept { budget_ = bytes; }
  /// Runs every pass on `module`; a report per pass.
  llvm::SmallVector<PassReport, 8> run(Module& module);

 private:
  llvm::SmallVector<std::unique_ptr<Pass>, 8> passes_;
  std::size_t budget_ = std::size_t{256} << 20;
};

/// The pass named `name` (canonicalize, fold, dce); null if there is none.
std::unique_ptr<Pass> create_pass(std::string_view name);
/// The names create_pass() knows, in the default pipeline's order.
llvm::SmallVector<std::string_view, 4> pass_names();

/// The passes' reports as a table (`fa-ir --pass-stats`, `--time-passes`).
void print_reports(llvm::ArrayRef<PassReport> reports, llvm::raw_ostream& os);

}  // namespace fastarena::ir
