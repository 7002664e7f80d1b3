// SPDX-License-Identifier: MIT
// fa-ir: the command-line driver.
//
//   fa-ir parse FILE.toy              print the AST of a Toy file ('-' reads stdin)
//   fa-ir lower FILE.toy|FILE.mlir    print the verified IR (--emit=dot: a Graphviz picture)
//   fa-ir run FILE.toy|FILE.mlir      run the program's main (--opt: after the passes)
//   fa-ir opt FILE.toy|FILE.mlir      print the IR after the passes (--passes=a,b,c)
//
// The IR is MLIR's Toy dialect, as toyc-ch7 prints it; a .mlir or .fir file (or -x mlir, or
// stdin that starts as IR does) is read as IR, anything else as Toy. Each command has its own
// options (fa-ir COMMAND --help); -o FILE writes the output there only if the command succeeds.
//
// Exit status: 0 on success, 1 when anything was reported (a syntax or semantic error, invalid
// IR, a runtime error, a file that cannot be read or written, a bad command line).
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>

#include "driver.h"
#include "fastarena/ir/diagnostic.h"
#include "fastarena/ir/dot.h"
#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/parser.h"
#include "fastarena/ir/pass.h"
#include "fastarena/ir/printer.h"
#include "fastarena/ir/verifier.h"
#include "fastarena/toy/lower.h"

namespace ir = fastarena::ir;
using namespace fastarena::tool;

static_assert(ir::InlineOptions().call_cost == ir::InlineOptions::every_call,
              "--inline-call-cost's default (driver.h)");

namespace {

// The module as --emit says: MLIR text (locations with --mlir-print-debuginfo) or DOT.
void emit_module(const ir::Module& module, llvm::raw_ostream& os) {
  if (emit == "dot") {
    ir::write_dot(module, os);
    return;
  }
  ir::PrintOptions options;
  options.debug_info = print_debuginfo;
  ir::print(module, os, options);
}

// The verified IR of `text`, buffer `buffer` of the session's sources or a chunk of it (the file
// `path`), Toy lowered or IR read; false after reporting errors.
bool load_ir(const std::string& path, Session& session, unsigned buffer, llvm::StringRef text,
             ir::Module& module) {
  llvm::SourceMgr& sources = session.sources;
  if (is_ir(path, text)) {
    if (!ir::parse_ir(module, sources, buffer, text, session.diagnostics)) return false;
  } else {
    fastarena::Arena arena;
    toy::ParseOptions options;
    options.definition_budget = definition_budget;
    options.diagnostics = &session.diagnostics;
    toy::ParseStats stats;
    const toy::Module ast = toy::parse_module(arena, session.names, sources, buffer,
                                              path == "-" ? "<stdin>" : path, options, &stats);
    if (llvm::AreStatisticsEnabled()) {
      print_arena("ast", arena.stats());
      print_parse_stats(stats);
    }
    if (stats.errors != 0) return false;
    toy::LowerOptions lower_options;
    lower_options.function_budget = definition_budget;
    lower_options.diagnostics = &session.diagnostics;
    if (toy::lower(ast, module, lower_options) != 0) return false;
  }
  const auto problems = ir::verify(module);
  for (const ir::Diagnostic& d : problems) ir::report(session.diagnostics, module.context(), d);
  if (llvm::AreStatisticsEnabled()) {
    print_arena("ir", module.arena().stats());
    print_arena("context", module.context().arena().stats());
  }
  return problems.empty();
}

// What the passes reported: remarks, and why a pass was rolled back; false if one was.
bool report_passes(const llvm::SmallVector<ir::PassReport, 8>& reports, ir::Module& module,
                   Session& session) {
  bool all_kept = true;
  for (const ir::PassReport& r : reports) {
    // A pass's remarks, and why it was rolled back: located where the pass said so.
    for (const ir::Diagnostic& d : r.diagnostics) {
      if (d.severity == ir::Severity::remark) ir::report(session.diagnostics, module.context(), d);
    }
    if (r.committed) continue;
    all_kept = false;
    const auto failure = llvm::find_if(
        r.diagnostics, [](const ir::Diagnostic& d) { return d.severity == ir::Severity::error; });
    const ir::Location loc = failure != r.diagnostics.end() ? failure->loc : ir::Location();
    ir::report(session.diagnostics, module.context(),
               {loc, "pass '" + r.name + "' rolled back: " + r.remark, ir::Severity::remark});
  }
  if (pass_stats || time_passes) ir::print_reports(reports, llvm::errs());
  return all_kept;
}

// A pass manager as the command line sets it up.
ir::PassManager pass_manager() {
  ir::PassManager manager;
  manager.set_budget(pass_budget);
  manager.set_jobs(jobs);
  if (no_compact) manager.set_compaction(std::nullopt);
  return manager;
}

// Lowers `module` (the Toy passes have run) to loops and, with `optimize`, runs the loop-level
// passes; false after reporting why it cannot (an error: the module is left as it was).
bool lower_to_loops(ir::Module& module, Session& session, const ir::LowerOptions& options,
                    bool optimize) {
  ir::PassManager manager = pass_manager();
  manager.add(ir::create_lowering(options));
  if (optimize) {
    for (const std::string_view name : ir::loop_pipeline()) manager.add(ir::create_pass(name));
  }
  const auto reports = manager.run(module);
  if (!reports.empty() && !reports.front().committed) {
    for (const ir::Diagnostic& d : reports.front().diagnostics) {
      if (d.severity == ir::Severity::error) {
        ir::report(session.diagnostics, module.context(), d);
        return false;
      }
    }
    fail("cannot lower to loops: " + reports.front().remark);
    return false;
  }
  report_passes(reports, module, session);
  return true;
}

// Runs the --passes pipeline on `module`; false after reporting an unknown pass.
bool optimize_module(ir::Module& module, Session& session) {
  ir::PassManager manager = pass_manager();
  llvm::SmallVector<llvm::StringRef, 8> names;
  if (passes.getNumOccurrences() == 0) {
    for (const std::string_view name : ir::default_pipeline()) names.emplace_back(name);
  } else {
    llvm::StringRef(passes).split(names, ',', -1, /*KeepEmpty=*/false);
  }
  if (inline_fold && inline_call_cost.getNumOccurrences() == 0) {
    fail(
        "'--inline-fold' applies with --inline-call-cost only (inlining every call, as toyc "
        "does, folds nothing)");
    return false;
  }
  ir::InlineOptions inline_options;
  inline_options.call_cost = inline_call_cost;
  inline_options.fold = inline_fold;
  for (const llvm::StringRef name : names) {
    std::unique_ptr<ir::Pass> pass = ir::create_pass({name.data(), name.size()}, inline_options);
    if (!pass) {
      fail("unknown pass '" + name + "' (expected: " + llvm::join(ir::pass_names(), ", ") + ")");
      return false;
    }
    manager.add(std::move(pass));
  }
  report_passes(manager.run(module), module, session);
  return true;
}

// The module as --emit asks, the passes run: for mlir-affine and llvm, lowered (the Toy
// passes first, as toyc runs them for these), and with `optimize` the loop-level passes too.
bool emit_lowered(ir::Module& module, Session& session, bool optimize) {
  if (emit != "mlir-affine" && emit != "llvm") {
    emit_module(module, session.out.os());
    return true;
  }
  if (!lower_to_loops(module, session, {}, optimize)) return false;
  emit_module(module, session.out.os());
  return true;
}

// Calls `each(session, buffer, text)` for the input, or with --split-input-file for each chunk
// of it: a range of the one buffer, so that locations are the file's and nothing is copied; 1 if
// any call failed, as every chunk is tried.
template <class Each>
int for_each_input(Session& session, const std::string& path, Each&& each) {
  const unsigned buffer = load(session, path);
  if (buffer == 0) return 1;
  llvm::StringRef rest = session.sources.getMemoryBuffer(buffer)->getBuffer();
  if (!split_input_file || !is_ir(path, rest)) return each(buffer, rest) ? 0 : 1;
  int status = 0;
  for (bool first = true;; first = false) {
    const std::size_t separator = rest.find("// -----");
    if (!first) session.out.os() << "// -----\n";
    if (!each(buffer, rest.take_front(separator))) status = 1;
    if (separator == llvm::StringRef::npos) return status;
    // The next chunk starts on the line after the separator's.
    rest = rest.drop_front(separator).drop_until([](char c) { return c == '\n'; });
    rest = rest.drop_front(rest.empty() ? 0 : 1);
  }
}

int opt(Session& session, const std::string& path) {
  return for_each_input(session, path, [&](unsigned buffer, llvm::StringRef text) {
    ir::Context context(session.names);
    ir::Module module(context);
    if (!load_ir(path, session, buffer, text, module) || !optimize_module(module, session)) {
      return false;
    }
    return emit_lowered(module, session, /*optimize=*/true);
  });
}

int lower(Session& session, const std::string& path) {
  return for_each_input(session, path, [&](unsigned buffer, llvm::StringRef text) {
    ir::Context context(session.names);
    ir::Module module(context);
    if (!load_ir(path, session, buffer, text, module)) return false;
    const bool lowering = emit == "mlir-affine" || emit == "llvm";
    if (lowering && !optimize_module(module, session)) return false;
    return emit_lowered(module, session, /*optimize=*/false);
  });
}

int run(Session& session, const std::string& path) {
  ir::Context context(session.names);
  ir::Module module(context);
  const unsigned buffer = load(session, path);
  if (buffer == 0 || !load_ir(path, session, buffer,
                              session.sources.getMemoryBuffer(buffer)->getBuffer(), module)) {
    return 1;
  }
  if (optimize && !optimize_module(module, session)) return 1;
  ir::RunOptions options;
  options.memory_budget = run_budget;
  const std::optional<ir::Diagnostic> error = ir::run(module, session.out.os(), options);
  session.out.os().flush();  // what the program printed comes before its error
  if (error) {
    ir::report(session.diagnostics, context, *error);
    return 1;
  }
  return 0;
}

// `fa-ir parse`: fa-ir-parse, beside this binary, on the same command line (it links the Toy
// syntax and nothing of the IR; its exit status is this one's).
int parse(int argc, char** argv) {
  static int anchor;  // an address in this binary, where /proc/self/exe is not to be had
  const std::string self = llvm::sys::fs::getMainExecutable(argv[0], &anchor);
  llvm::SmallString<256> path(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(path, "fa-ir-parse");
  llvm::SmallVector<llvm::StringRef, 8> args{path};
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  std::string error;
  const int status = llvm::sys::ExecuteAndWait(path, args, llvm::None, {}, 0, 0, &error);
  // -1: it could not be started (missing beside fa-ir?); -2: it crashed.
  if (status == -1) return fail("cannot run '" + path + "': " + error);
  if (status < 0) return fail("'" + path + "' failed: " + error);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  if (!parse_command_line(argc, argv)) return 1;
  if (parse_command) return parse(argc, argv);
  Session session;
  if (!session.out.open()) return 1;
  const int status = lower_command ? lower(session, input)
                     : opt_command ? opt(session, input)
                                   : run(session, input);
  return session.finish(status);
}
