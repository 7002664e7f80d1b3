// SPDX-License-Identifier: MIT
// What both of fa-ir's binaries share: the command line (one option set, so that a command line
// one accepts the other accepts too), the input, and the one diagnostics engine every layer
// reports to. fa-ir runs the IR commands; `fa-ir parse` runs fa-ir-parse beside it, which links
// the Toy syntax alone (tools/README.md).
#pragma once

#include <llvm/ADT/Statistic.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/Format.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <string>

#include "fastarena/arena.h"
#include "fastarena/diagnostics.h"
#include "fastarena/name_table.h"
#include "fastarena/toy/parser.h"
#include "fastarena/version.h"

namespace fastarena::tool {

namespace cl = llvm::cl;
namespace toy = fastarena::toy;

// Inline: each binary has one translation unit that includes this, and so one of each option.
inline cl::OptionCategory category("fa-ir options");
inline cl::opt<std::string> command(cl::Positional, cl::desc("<command: parse, lower, opt or run>"),
                                    cl::Required, cl::cat(category));
inline cl::opt<std::string> input(cl::Positional, cl::desc("<input file, or - for stdin>"),
                                  cl::Required, cl::cat(category));
inline cl::opt<std::string> language(
    "x", cl::desc("Input language: toy or mlir (default: mlir for a .mlir or .fir file, else toy)"),
    cl::value_desc("language"), cl::cat(category));
inline cl::opt<std::string> emit("emit",
                                 cl::desc("What 'lower' and 'opt' print: mlir (default) or dot"),
                                 cl::init("mlir"), cl::cat(category));
inline cl::opt<bool> print_debuginfo(
    "mlir-print-debuginfo", cl::desc("Print each operation's location (as MLIR's flag does)"),
    cl::cat(category));
inline cl::opt<bool> split_input_file(
    "split-input-file",
    cl::desc("Read IR as chunks separated by '// -----' lines, each on its own (as mlir-opt)"),
    cl::cat(category));
inline cl::opt<std::size_t> definition_budget(
    "definition-budget", cl::desc("Bytes of arena one definition may take (default 256 MiB)"),
    cl::init(std::size_t{256} << 20), cl::cat(category));
inline cl::opt<std::size_t> error_limit(
    "error-limit", cl::desc("Errors to print in full, the rest only counted (0: no limit)"),
    cl::init(20), cl::cat(category));
inline cl::opt<std::string> passes(
    "passes",
    cl::desc("The passes 'opt' and 'run --opt' run, in order (default: "
             "inline,dce,shape-inference,canonicalize,cse,dce)"),
    cl::cat(category));
inline cl::opt<bool> optimize("opt", cl::desc("'run': run the passes first"), cl::cat(category));
inline cl::opt<std::size_t> pass_budget(
    "pass-budget", cl::desc("Bytes of arena each pass may take (default 256 MiB)"),
    cl::init(std::size_t{256} << 20), cl::cat(category));
inline cl::opt<std::size_t> inline_call_cost(
    "inline-call-cost",
    cl::desc("What a call costs, in operations: inlining is kept when the callee costs less "
             "(default 10)"),
    cl::init(10), cl::cat(category));  // ir::InlineOptions's default (fa-ir.cpp checks it)
inline cl::opt<unsigned> jobs(
    "j",
    cl::desc("Threads the function passes may use (each function in an arena "
             "leased from a pool; the output is the same for any N)"),
    cl::init(1), cl::value_desc("N"), cl::cat(category));
inline cl::opt<bool> inline_fold(
    "inline-fold",
    cl::desc("The inliner also folds the code it inlines where it meets constants (toyc does "
             "not)"),
    cl::cat(category));
inline cl::opt<bool> no_compact(
    "no-compact",
    cl::desc("Never compact the module between passes (default: when its "
             "garbage outweighs what is live)"),
    cl::cat(category));
inline cl::opt<bool> pass_stats("pass-stats",
                                cl::desc("Print each pass's result, bytes and operation counts"),
                                cl::cat(category));
inline cl::opt<bool> time_passes("time-passes",
                                 cl::desc("Print each pass's time (with --pass-stats)"),
                                 cl::cat(category));
inline cl::opt<std::size_t> run_budget(
    "run-budget", cl::desc("Bytes of values 'run' may allocate (default 1 GiB)"),
    cl::init(std::size_t{1} << 30), cl::cat(category));

inline int fail(const llvm::Twine& message) {
  llvm::WithColor::error(llvm::errs(), "fa-ir") << message << '\n';
  return 1;
}

// "WHAT: N bytes allocated[WHEN], N bytes reserved in N block(s), N% utilized".
inline void print_arena(llvm::StringRef what, const fastarena::ArenaStats& s,
                        llvm::StringRef when = "") {
  llvm::errs() << what << ": " << s.bytes_allocated << " bytes allocated" << when << ", "
               << s.bytes_reserved << " bytes reserved in " << s.block_count << " block(s), "
               << llvm::format("%.1f", s.utilization() * 100.0) << "% utilized\n";
}

inline void print_parse_stats(const toy::ParseStats& stats) {
  llvm::errs() << "parse: " << stats.definitions << " definition(s) kept, "
               << stats.broken_definitions << " rolled back after errors ("
               << stats.bytes_rolled_back << " bytes reclaimed)\n";
}

// What one command reads and reports: its source files, and the one diagnostics engine every
// layer reports to, printing `file:line:col: kind: message`, the line and a caret to stderr.
struct Session {
  Session() { diagnostics.set_error_limit(error_limit); }
  fastarena::NameTable names;  // one table: the Toy frontend's names are the IR's
  llvm::SourceMgr sources;
  fastarena::DiagnosticEngine diagnostics;
  fastarena::SourceMgrDiagnosticHandler printer{sources, diagnostics, llvm::errs(), "fa-ir"};
};

// The input file, owned by `sources`; its buffer id, or 0 after reporting an error.
inline unsigned load(llvm::SourceMgr& sources, const std::string& path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false, /*RequiresNullTerminator=*/true);
  if (std::error_code ec = file.getError()) {
    fail("cannot read '" + path + "': " + ec.message());
    return 0;
  }
  return sources.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
}

inline bool is_ir(const std::string& path) {
  if (!language.empty()) return language == "mlir" || language == "ir";
  return llvm::StringRef(path).endswith(".mlir") || llvm::StringRef(path).endswith(".fir");
}

// The command line as both binaries read it: --stats (LLVM's own option, which libLLVM
// registers) given fa-ir's meaning, only fa-ir's options shown, fa-ir's version. False after
// reporting a bad command line.
inline bool parse_command_line(int argc, char** argv) {
  if (cl::Option* stats = cl::getRegisteredOptions().lookup("stats")) {
    stats->setDescription("Print the arenas' statistics afterwards (to stderr)");
    stats->setHiddenFlag(cl::NotHidden);
    stats->addCategory(category);
  }
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(
      [](llvm::raw_ostream& os) { os << "fa-ir (fastarena) " FASTARENA_VERSION_STRING "\n"; });
  if (!cl::ParseCommandLineOptions(argc, argv, "fa-ir: the fastarena IR tool\n", &llvm::errs())) {
    return false;
  }
  if (!language.empty() && language != "toy" && language != "mlir" && language != "ir") {
    fail("unknown -x " + language + " (expected: toy, mlir)");
    return false;
  }
  if (emit != "mlir" && emit != "dot") {
    fail("unknown --emit=" + emit + " (expected: mlir, dot)");
    return false;
  }
  return true;
}

}  // namespace fastarena::tool
