// SPDX-License-Identifier: MIT
#include <llvm/ADT/STLExtras.h>
#include <llvm/Support/Format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <thread>

#include "fastarena/ir/pass.h"
#include "fastarena/ir/verifier.h"

namespace fastarena::ir {
namespace {

std::size_t count_ops(const Module& module) {
  std::size_t n = 0;
  const std::span<Function* const> functions = module.functions();
  for (std::size_t i = 0; i < functions.size(); ++i) {
    prefetch_body_ahead(functions, i);
    n += functions[i]->body ? functions[i]->body->ops.size() : 0;
  }
  return n;
}

}  // namespace

void FunctionPass::run(PassContext& pass) {
  llvm::SmallVector<const Function*, 0> work;
  for (const Function* f : pass.module().functions()) {
    if (f->body != nullptr) work.push_back(f);
  }
  const auto jobs = static_cast<std::size_t>(std::min<std::size_t>(pass.jobs_, work.size()));
  if (jobs <= 1 || pass.pool_ == nullptr) {
    for (std::size_t i = 0; i < work.size(); ++i) {
      prefetch_body_ahead(work, i);
      const Body* body = rewrite(*work[i], pass);
      if (pass.builder().failed()) return;
      if (body != nullptr) pass.set_body(*work[i], body);
    }
    return;
  }
  // Each worker rewrites runs of consecutive functions, taken in turn from a shared counter, in
  // its own leased arena and transaction. Runs, not every jobs-th function: functions lie in the
  // module's arena in order, so a run reads memory as one thread would, where interleaving made
  // each core's prefetcher fetch its neighbour's functions too (and two threads as slow as one).
  // A body goes to its function's slot, a diagnostic into its worker's list with the function's
  // index; the merge below gives the order one thread gives. Runs of up to 64 functions, and
  // at least eight per worker, so that a small module is shared out too.
  const std::size_t run = std::clamp<std::size_t>(work.size() / (jobs * 8), 1, 64);
  struct alignas(64) Result {  // a cache line of its own: each is written by its thread
    std::optional<ArenaPool::Lease> lease;
    llvm::SmallVector<std::pair<std::size_t, Diagnostic>, 0> diagnostics;  // by function index
    std::size_t out_of_budget_at = SIZE_MAX;  // the function it ran out of budget in, if any
    std::size_t bytes = 0;                    // what its committed transaction kept
    std::exception_ptr exception;
  };
  std::vector<Result> results(jobs);
  std::vector<const Body*> bodies(work.size(), nullptr);
  std::atomic<std::size_t> next_run{0};
  Context& context = pass.context();
  context.set_shared(true);
  {
    std::vector<std::thread> threads;
    threads.reserve(jobs);
    for (std::size_t w = 0; w < jobs; ++w) {
      const auto rewrite_share = [&, w] {
        Result& result = results[w];
        result.lease.emplace(pass.pool_->lease());
        Transaction txn = result.lease->arena().transaction();
        txn.set_limit(pass.budget_);
        PassContext local(pass.module_, txn);
        for (;;) {
          const std::size_t first = next_run.fetch_add(run, std::memory_order_relaxed);
          if (first >= work.size()) break;
          for (std::size_t i = first; i < std::min(first + run, work.size()); ++i) {
            prefetch_body_ahead(work, i);
            const Body* body = rewrite(*work[i], local);
            for (Diagnostic& d : local.diagnostics_)
              result.diagnostics.emplace_back(i, std::move(d));
            local.diagnostics_.clear();
            if (local.builder().failed()) {
              result.out_of_budget_at = i;
              // The others stop after their current run: every function before this one is
              // then done, as one thread would have done it before failing here.
              next_run.store(work.size(), std::memory_order_relaxed);
              return;  // the transaction rolls back
            }
            bodies[i] = body;
          }
        }
        result.bytes = txn.bytes_used();
        txn.commit();  // the bodies stay in the leased arena
      };
      threads.emplace_back([&results, rewrite_share, w] {
#if defined(__cpp_exceptions)
        try {  // an exception (a misuse) is rethrown on the calling thread, after the join
          rewrite_share();
        } catch (...) {
          results[w].exception = std::current_exception();
        }
#else
        (void)results;
        (void)w;
        rewrite_share();
#endif
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  context.set_shared(false);
  std::size_t failed_at = SIZE_MAX;
  for (Result& result : results) {
    if (result.exception) std::rethrow_exception(result.exception);
    failed_at = std::min(failed_at, result.out_of_budget_at);
    pass.worker_bytes_ += result.bytes;
    if (result.lease) pass.leases_.push_back(std::move(*result.lease));
  }
  pass.worker_out_of_budget_ = pass.worker_out_of_budget_ || failed_at != SIZE_MAX;
  // Each worker's diagnostics are in function order (its runs ascend): merged by index, they
  // are in the order one thread gives, up to where one thread would have stopped.
  std::vector<std::size_t> next_diagnostic(jobs, 0);
  const std::size_t end = failed_at == SIZE_MAX ? work.size() : failed_at + 1;
  for (std::size_t i = 0; i < end; ++i) {
    for (std::size_t w = 0; w < jobs; ++w) {
      auto& list = results[w].diagnostics;
      for (std::size_t& d = next_diagnostic[w]; d < list.size() && list[d].first == i; ++d) {
        pass.diagnostics_.push_back(std::move(list[d].second));
      }
    }
    if (bodies[i] != nullptr) pass.set_body(*work[i], bodies[i]);
  }
}

void PassManager::set_jobs(unsigned jobs) {
  jobs_ = jobs == 0 ? 1 : jobs;
  if (jobs_ > 1 && !pool_) pool_ = std::make_unique<ArenaPool>();
}

namespace {

// What compaction would keep of a function with its body.
std::size_t function_bytes(const Function& f) {
  return sizeof(Function) + f.params.size() * (sizeof(Op*) + sizeof(Op)) +
         (f.body != nullptr ? f.body->bytes : 0);
}

// The first problem the verifier finds in `functions` (in their order), on `jobs` threads: the
// verifier only reads the module.
llvm::SmallVector<Diagnostic, 0> verify_each(const Module& module,
                                             std::span<const Function* const> functions,
                                             unsigned jobs) {
  const std::size_t threads = std::min<std::size_t>(jobs, functions.size() / 64 + 1);
  if (threads <= 1) {
    for (std::size_t i = 0; i < functions.size(); ++i) {
      prefetch_body_ahead(functions, i);
      llvm::SmallVector<Diagnostic, 0> problems = verify(module, *functions[i]);
      if (!problems.empty()) return problems;
    }
    return {};
  }
  // Each thread takes a contiguous share and stops at its first problem; the earliest wins.
  std::vector<llvm::SmallVector<Diagnostic, 0>> found(threads);
  std::vector<std::thread> workers;
  const std::size_t share = (functions.size() + threads - 1) / threads;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const std::size_t end = std::min(functions.size(), (t + 1) * share);
      for (std::size_t i = t * share; i < end; ++i) {
        prefetch_body_ahead(functions, i);
        found[t] = verify(module, *functions[i]);
        if (!found[t].empty()) return;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  for (llvm::SmallVector<Diagnostic, 0>& problems : found) {
    if (!problems.empty()) return std::move(problems);
  }
  return {};
}

// A call, in `module` as it now is (the removed functions no longer in it), of a function it
// does not have: what the verifier would report of it, the first one. Every call it had named a
// function of it (it was verified), so only calls of the removed ones can be found.
llvm::SmallVector<Diagnostic, 0> calls_of_removed(const Module& module) {
  const std::span<Function* const> functions = module.functions();
  for (std::size_t i = 0; i < functions.size(); ++i) {
    prefetch_body_ahead(functions, i);
    const Body* body = functions[i]->body;
    if (body == nullptr) continue;
    const auto callee =
        llvm::find_if(body->callees, [&](Name n) { return module.function(n) == nullptr; });
    if (callee == body->callees.end()) continue;
    for (const Op* op : body->ops) {  // the call, for its location
      if (op->callee() == *callee) {
        return {{op->loc, "call to unknown function @" + std::string(*callee)}};
      }
    }
  }
  return {};
}

}  // namespace

std::size_t live_bytes(const Module& module) {
  std::size_t bytes = 0;
  const std::span<Function* const> functions = module.functions();
  for (std::size_t i = 0; i < functions.size(); ++i) {
    prefetch_body_ahead(functions, i);
    bytes += function_bytes(*functions[i]);
  }
  return bytes;
}

llvm::SmallVector<PassReport, 8> PassManager::run(Module& module) {
  llvm::SmallVector<PassReport, 8> reports;
  // Recounted only after a pass that changed something: most of a pipeline's passes find little
  // to do late in it.
  std::optional<std::size_t> live;
  // Counted once: each pass's count follows from the bodies it replaced and removed.
  std::size_t ops = count_ops(module);
  for (const std::unique_ptr<Pass>& pass : passes_) {
    PassReport& report = reports.emplace_back();
    report.ops_before = ops;
    if (run_one(*pass, module, report)) live.reset();
    ops = report.ops_after;
    report.arena_bytes = module.arena().stats().bytes_allocated;
    if (!compaction_) continue;
    if (!live) live = live_bytes(module);
    // Replaced bodies are garbage the arena cannot free one by one; past the ratio, copying
    // what is live into a fresh arena (and dropping the old) costs less than keeping it.
    const std::size_t garbage = report.arena_bytes > *live ? report.arena_bytes - *live : 0;
    if (garbage >= compaction_->min_garbage &&
        static_cast<double>(garbage) > compaction_->garbage_ratio * static_cast<double>(*live)) {
      report.compacted_from = report.arena_bytes;
      module.compact();
      report.arena_bytes = module.arena().stats().bytes_allocated;
    }
  }
  return reports;
}

bool PassManager::run_one(Pass& pass, Module& module, PassReport& report) {
  bool changed = false;
  report.name = std::string(pass.name());
  report.ops_after = report.ops_before;  // unless it is kept
  const auto start = std::chrono::steady_clock::now();
  {
    Transaction txn = module.arena().transaction();
    txn.set_limit(budget_);
    PassContext context(module, txn);
    context.jobs_ = jobs_;
    context.pool_ = pool_.get();
    context.budget_ = budget_;
    pass.run(context);
    report.bytes = txn.diff().bytes_allocated + context.worker_bytes_;
    report.bytes_rolled_back = context.bytes_rolled_back_;
    report.speculations_kept = context.speculations_kept_;
    report.speculations_rolled_back = context.speculations_rolled_back_;
    report.diagnostics = std::move(context.diagnostics_);
    const auto failure =
        std::find_if(report.diagnostics.begin(), report.diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
    if (context.builder().failed() || context.worker_out_of_budget_) {
      report.remark = "needs more than its budget of " + std::to_string(budget_) + " bytes";
    } else if (failure != report.diagnostics.end()) {
      report.remark = failure->message;
    } else {
      // The new bodies and the smaller function list go in; the verifier judges the module as
      // the pass leaves it. Pointer swaps both ways: nothing is copied.
      llvm::SmallVector<std::pair<Function*, const Body*>, 8> old;
      for (Function* f : module.functions()) {
        const Body* body = context.body(*f);
        if (body == f->body) continue;
        old.emplace_back(f, f->body);
        f->body = body;
      }
      const llvm::SmallVector<Function*, 8> functions(module.functions().begin(),
                                                      module.functions().end());
      if (!context.removed_.empty()) {
        llvm::SmallVector<Function*, 8> kept;
        for (Function* f : functions) {
          if (!context.removed(*f)) kept.push_back(f);
        }
        module.set_functions(kept);
      }
      // The verifier judges what changed: a function's validity depends on its body, on its
      // callees' signatures (which no pass changes) and on its callees existing. So the
      // functions with new bodies are verified, and the others only checked for calls of a
      // function the pass removed.
      llvm::SmallVector<const Function*, 0> changed_functions;
      for (auto& [f, body] : old) {
        if (!context.removed(*f)) changed_functions.push_back(f);
      }
      llvm::SmallVector<Diagnostic, 0> problems = verify_each(module, changed_functions, jobs_);
      if (problems.empty() && !context.removed_.empty()) {
        problems = calls_of_removed(module);
      }
      if (problems.empty()) {
        txn.commit();
        // Bodies built by worker threads live in their leased arenas: the module keeps them.
        // (taken from the pool for good: a module may outlive the pass manager).
        for (ArenaPool::Lease& lease : context.leases_) module.adopt(lease.release());
        report.committed = true;
        for (auto& [f, body] : old) {
          report.ops_after += f->body ? f->body->ops.size() : 0;
          report.ops_after -= body ? body->ops.size() : 0;
        }
        for (const Function* f : functions) {
          if (context.removed(*f) && f->body != nullptr) report.ops_after -= f->body->ops.size();
        }
        report.functions_changed = old.size();
        report.functions_removed = context.removed_.size();
        changed = !old.empty() || !context.removed_.empty();
      } else {
        module.set_functions(functions);
        for (auto& [f, body] : old) f->body = body;
        report.remark = "the verifier rejected its result: " + problems.front().message;
      }
    }
  }  // not committed: rolled back here, in O(1)
  report.time = std::chrono::steady_clock::now() - start;
  return changed;
}

void print_reports(llvm::ArrayRef<PassReport> reports, llvm::raw_ostream& os) {
  os << "pass             result       functions  ops before -> after  bytes kept  rolled back"
        "  inlined  time\n";
  for (const PassReport& r : reports) {
    const std::size_t speculations = r.speculations_kept + r.speculations_rolled_back;
    const std::string inlined = speculations == 0 ? "-"
                                                  : std::to_string(r.speculations_kept) + "/" +
                                                        std::to_string(speculations);
    os << llvm::format(
        "%-16s %-12s %9zu  %10zu -> %-6zu %10zu  %11zu  %7s  %.3f ms", r.name.c_str(),
        r.committed ? "committed" : "rolled back", r.functions_changed, r.ops_before, r.ops_after,
        r.committed ? r.bytes : std::size_t{0}, r.committed ? r.bytes_rolled_back : r.bytes,
        inlined.c_str(), std::chrono::duration<double, std::milli>(r.time).count());
    if (r.compacted_from != 0) {
      os << llvm::format("  compacted %zu -> %zu bytes", r.compacted_from, r.arena_bytes);
    }
    os << '\n';
  }
}

}  // namespace fastarena::ir
