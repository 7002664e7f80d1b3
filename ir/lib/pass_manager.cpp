#include <llvm/Support/Format.h>

#include "fastarena/ir/pass.h"
#include "fastarena/ir/verifier.h"

namespace fastarena::ir {
namespace {

std::size_t count_ops(const Module& module) {
  std::size_t n = 0;
  for (const Function* f : module.functions()) n += f->body ? f->body->ops.size() : 0;
  return n;
}

}  // namespace

llvm::SmallVector<PassReport, 8> PassManager::run(Module& module) {
  llvm::SmallVector<PassReport, 8> reports;
  for (const std::unique_ptr<Pass>& pass : passes_) {
    PassReport& report = reports.emplace_back();
    report.name = std::string(pass->name());
    report.ops_before = count_ops(module);
    const auto start = std::chrono::steady_clock::now();
    {
      Transaction txn = module.arena().transaction();
      txn.set_limit(budget_);
      Builder builder(module.context(), txn);
      llvm::SmallVector<std::pair<Function*, const Body*>, 8> changed;
      for (Function* f : module.functions()) {
        if (f->body == nullptr) continue;
        const Body* body = pass->run(module, *f, builder);
        if (builder.failed()) break;
        if (body != nullptr && body != f->body) changed.emplace_back(f, body);
      }
      report.bytes = txn.bytes_used();
      if (builder.failed()) {
        report.remark = "needs more than its budget of " + std::to_string(budget_) + " bytes";
      } else {
        // The new bodies go in; the verifier judges the module as the pass leaves it.
        llvm::SmallVector<const Body*, 8> old;
        for (auto& [f, body] : changed) {
          old.push_back(f->body);
          f->body = body;
        }
        const auto problems = verify(module);
        if (problems.empty()) {
          txn.commit();
          report.committed = true;
          report.functions_changed = changed.size();
        } else {
          for (std::size_t i = 0; i < changed.size(); ++i) changed[i].first->body = old[i];
          report.remark = "the verifier rejected its result: " + problems.front().message;
        }
      }
    }  // not committed: rolled back here, in O(1)
    report.time = std::chrono::steady_clock::now() - start;
    report.ops_after = count_ops(module);
  }
  return reports;
}

void print_reports(llvm::ArrayRef<PassReport> reports, llvm::raw_ostream& os) {
  os << "pass            result       functions  ops before -> after  bytes       time\n";
  for (const PassReport& r : reports) {
    os << llvm::format("%-15s %-12s %9zu  %10zu -> %-6zu %-11zu %.3f ms\n", r.name.c_str(),
                       r.committed ? "committed" : "rolled back", r.functions_changed, r.ops_before,
                       r.ops_after, r.bytes,
                       std::chrono::duration<double, std::milli>(r.time).count());
  }
}

}  // namespace fastarena::ir
