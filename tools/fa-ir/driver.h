// SPDX-License-Identifier: MIT
// What both of fa-ir's binaries share: the command line (one option set, so that a command line
// one accepts the other accepts too), the input, the output, and the one diagnostics engine every
// layer reports to. fa-ir runs the IR commands; `fa-ir parse` runs fa-ir-parse beside it, which
// links the Toy syntax alone (tools/README.md).
#pragma once

#include <llvm/ADT/Statistic.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Format.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "fastarena/arena.h"
#include "fastarena/diagnostic_verifier.h"
#include "fastarena/diagnostics.h"
#include "fastarena/name_table.h"
#include "fastarena/toy/parser.h"
#include "fastarena/version.h"

namespace fastarena::tool {

namespace cl = llvm::cl;
namespace toy = fastarena::toy;

// Inline: each binary has one translation unit that includes this, and so one of each option.
inline cl::OptionCategory category("fa-ir options");

// The commands, as llvm::cl subcommands: each has its own --help, and an option given to a
// command it does not apply to is an error.
inline cl::SubCommand parse_command("parse", "Print the AST of a Toy file (toyc -emit=ast)");
inline cl::SubCommand lower_command("lower", "Print the verified IR (toyc -emit=mlir)");
inline cl::SubCommand opt_command("opt", "Print the IR after the passes (toyc -emit=mlir -opt)");
inline cl::SubCommand run_command("run", "Run the program's main (toyc -emit=jit)");
inline cl::SubCommand compile_command(
    "compile", "Build an object file or an executable (-o NAME.o, -o NAME) or print assembly");

inline cl::opt<std::string> input(cl::Positional, cl::desc("<input file, or - for stdin>"),
                                  cl::Required, cl::sub(parse_command), cl::sub(lower_command),
                                  cl::sub(opt_command), cl::sub(run_command),
                                  cl::sub(compile_command), cl::cat(category));
inline cl::opt<std::string> output("o", cl::desc("Write the output to FILE (default: stdout)"),
                                   cl::value_desc("FILE"), cl::init("-"), cl::sub(parse_command),
                                   cl::sub(lower_command), cl::sub(opt_command),
                                   cl::sub(run_command), cl::sub(compile_command),
                                   cl::cat(category));
inline cl::opt<std::string> language(
    "x",
    cl::desc("Input language: toy or mlir (default: mlir for a .mlir or .fir file, or stdin that "
             "starts as IR does; else toy)"),
    cl::value_desc("language"), cl::sub(parse_command), cl::sub(lower_command),
    cl::sub(opt_command), cl::sub(run_command), cl::sub(compile_command), cl::cat(category));
inline cl::opt<bool> verify_diagnostics(
    "verify-diagnostics",
    cl::desc("Check the diagnostics against the input's expected-error comments (as MLIR's)"),
    cl::sub(parse_command), cl::sub(lower_command), cl::sub(opt_command), cl::sub(run_command),
    cl::sub(compile_command), cl::cat(category));
inline cl::opt<std::size_t> definition_budget(
    "definition-budget", cl::desc("Bytes of arena one definition may take (default 256 MiB)"),
    cl::init(std::size_t{256} << 20), cl::sub(parse_command), cl::sub(lower_command),
    cl::sub(opt_command), cl::sub(run_command), cl::sub(compile_command), cl::cat(category));
inline cl::opt<std::size_t> error_limit(
    "error-limit", cl::desc("Errors to print in full, the rest only counted (0: no limit)"),
    cl::init(20), cl::sub(parse_command), cl::sub(lower_command), cl::sub(opt_command),
    cl::sub(run_command), cl::sub(compile_command), cl::cat(category));

inline cl::opt<std::string> emit(
    "emit",
    cl::desc("What to print: mlir (default: the Toy dialect), mlir-affine (lowered to loops, as "
             "toyc's -emit=mlir-affine), llvm (LLVM IR; O3 with opt), or dot; compile: obj "
             "(default) or asm"),
    cl::init("mlir"), cl::sub(lower_command), cl::sub(opt_command), cl::sub(compile_command),
    cl::cat(category));
inline cl::opt<bool> print_debuginfo(
    "mlir-print-debuginfo", cl::desc("Print each operation's location (as MLIR's flag does)"),
    cl::sub(lower_command), cl::sub(opt_command), cl::cat(category));
inline cl::opt<bool> split_input_file(
    "split-input-file",
    cl::desc("Read IR as chunks separated by '// -----' lines, each on its own (as mlir-opt)"),
    cl::sub(lower_command), cl::sub(opt_command), cl::cat(category));

// The optimiser's options: opt's, and run's with --opt.
inline cl::opt<std::string> passes("passes",
                                   cl::desc("The passes to run, in order (default: "
                                            "inline,dce,canonicalize,shape-inference,"
                                            "canonicalize,cse: toyc-ch7's -opt)"),
                                   cl::sub(opt_command), cl::sub(run_command), cl::cat(category));
inline cl::opt<std::size_t> pass_budget(
    "pass-budget", cl::desc("Bytes of arena each pass may take (default 256 MiB)"),
    cl::init(std::size_t{256} << 20), cl::sub(opt_command), cl::sub(run_command),
    cl::cat(category));
inline cl::opt<std::size_t> inline_call_cost(
    "inline-call-cost",
    cl::desc("Inline under a cost model: what a call costs, in operations; a call site is "
             "inlined when the callee's code costs less (default: every call, as toyc)"),
    cl::init(std::numeric_limits<std::size_t>::max()), cl::sub(opt_command), cl::sub(run_command),
    cl::cat(category));  // ir::InlineOptions's default (fa-ir.cpp checks it)
inline cl::opt<unsigned> jobs(
    "j",
    cl::desc("Threads the function passes may use (each function in an arena "
             "leased from a pool; the output is the same for any N)"),
    cl::init(1), cl::value_desc("N"), cl::sub(opt_command), cl::sub(run_command),
    cl::cat(category));
inline cl::opt<bool> inline_fold(
    "inline-fold",
    cl::desc("With --inline-call-cost: the inliner also folds the code it inlines where it "
             "meets constants (toyc does not)"),
    cl::sub(opt_command), cl::sub(run_command), cl::cat(category));
inline cl::opt<bool> no_compact(
    "no-compact",
    cl::desc("Never compact the module between passes (default: when its "
             "garbage outweighs what is live)"),
    cl::sub(opt_command), cl::sub(run_command), cl::cat(category));
inline cl::opt<bool> pass_stats("pass-stats",
                                cl::desc("Print each pass's result, bytes and operation counts"),
                                cl::sub(opt_command), cl::sub(run_command), cl::cat(category));
inline cl::opt<bool> time_passes("time-passes",
                                 cl::desc("Print each pass's time (with --pass-stats)"),
                                 cl::sub(opt_command), cl::sub(run_command), cl::cat(category));

inline cl::opt<bool> interpret("interpret", cl::desc("Run in the interpreter"),
                               cl::sub(run_command), cl::cat(category));
inline cl::opt<bool> native(
    "native",
    cl::desc("Run as native code (the default when the program's tensors are large enough for "
             "compiling to pay; what cannot be lowered to loops - a call that stays, a shape "
             "known only at run time - is interpreted anyway)"),
    cl::sub(run_command), cl::cat(category));
inline cl::opt<bool> optimize(
    "opt", cl::desc("Run the passes first (native code always runs them: toyc's pipeline)"),
    cl::sub(run_command), cl::cat(category));
inline cl::opt<std::size_t> run_budget(
    "run-budget", cl::desc("Bytes of values the program may allocate (default 1 GiB)"),
    cl::init(std::size_t{1} << 30), cl::sub(run_command), cl::cat(category));

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

// Where a command's output goes: stdout, or with -o FILE a temporary file beside FILE, renamed
// to it when the command succeeds and removed when it fails, so that an error leaves nothing
// behind (and an existing FILE as it was).
class Output {
 public:
  // False after reporting that the temporary cannot be made.
  bool open() {
    if (output == "-") return true;
    llvm::Expected<llvm::sys::fs::TempFile> temp =
        llvm::sys::fs::TempFile::create(output + "-%%%%%%.tmp");
    if (!temp) {
      fail("cannot write '" + output + "': " + llvm::toString(temp.takeError()));
      return false;
    }
    temp_.emplace(std::move(*temp));
    file_.emplace(temp_->FD, /*shouldClose=*/false);
    return true;
  }
  llvm::raw_ostream& os() { return file_ ? static_cast<llvm::raw_ostream&>(*file_) : llvm::outs(); }
  // Drops the output: the temporary is removed, and finish() is not to be called.
  void abandon() {
    file_.reset();
    if (temp_) llvm::consumeError(temp_->discard());
    temp_.reset();
  }
  // The temporary's path (what a linker writes instead of through os()); "-" for stdout.
  std::string path() const { return temp_ ? temp_->TmpName : "-"; }

  // The command's exit status, now that its output is written: a write error (a full disk, a
  // closed pipe) is reported once and makes it 1.
  int finish(int status) {
    llvm::raw_fd_ostream& os = file_ ? *file_ : llvm::outs();
    os.flush();
    if (os.has_error()) {
      fail("cannot write '" + output + "': " + os.error().message());
      os.clear_error();  // reported: not again, as a fatal error, when the stream closes
      status = 1;
    }
    if (!temp_) return status;
    file_.reset();
    llvm::Error done = status == 0 ? temp_->keep(output) : temp_->discard();
    if (done) {
      fail("cannot write '" + output + "': " + llvm::toString(std::move(done)));
      return 1;
    }
    return status;
  }

 private:
  std::optional<llvm::sys::fs::TempFile> temp_;
  std::optional<llvm::raw_fd_ostream> file_;
};

// What one command reads and reports: its source files, the output, and the one diagnostics
// engine every layer reports to, printing `file:line:col: kind: message`, the line and a caret
// to stderr; with --verify-diagnostics, checking them against the input's expectations instead.
struct Session {
  Session() {
    diagnostics.set_error_limit(error_limit);
    if (verify_diagnostics) {
      verifier.emplace(sources, diagnostics, llvm::errs(), "fa-ir");
    } else {
      printer.emplace(sources, diagnostics, llvm::errs(), "fa-ir");
    }
  }
  // The command's exit status: the verifier's verdict with --verify-diagnostics, then the
  // output's.
  int finish(int status) {
    if (verifier) status = verifier->verify() ? 0 : 1;
    return out.finish(status);
  }

  fastarena::NameTable names;  // one table: the Toy frontend's names are the IR's
  llvm::SourceMgr sources;
  fastarena::DiagnosticEngine diagnostics;
  std::optional<fastarena::SourceMgrDiagnosticHandler> printer;
  std::optional<fastarena::DiagnosticVerifier> verifier;
  Output out;
};

// The input file, owned by the session's sources; its buffer id, or 0 after reporting an error.
inline unsigned load(Session& session, const std::string& path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false, /*RequiresNullTerminator=*/true);
  if (std::error_code ec = file.getError()) {
    fail("cannot read '" + path + "': " + ec.message());
    return 0;
  }
  const unsigned buffer = session.sources.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  if (session.verifier) session.verifier->expect(buffer);
  return buffer;
}

// Whether `text`, read from stdin, starts as IR does: `module`, an operation, or a `//` comment
// (Toy's comments start with `#`, its definitions with `def` or `struct`).
inline bool looks_like_ir(llvm::StringRef text) {
  for (;;) {
    text = text.ltrim();
    if (text.startswith("#")) {
      text = text.drop_until([](char c) { return c == '\n'; });
      continue;
    }
    return text.startswith("//") || text.startswith("module") || text.startswith("toy.") ||
           text.startswith("%");
  }
}

// Whether the input `path` (whose text is `text`) is IR rather than Toy.
inline bool is_ir(const std::string& path, llvm::StringRef text) {
  if (!language.empty()) return language == "mlir" || language == "ir";
  if (path == "-") return looks_like_ir(text);
  return llvm::StringRef(path).endswith(".mlir") || llvm::StringRef(path).endswith(".fir");
}

// The command the command line names, or null.
inline const cl::SubCommand* chosen_command() {
  for (const cl::SubCommand* c :
       {&parse_command, &lower_command, &opt_command, &run_command, &compile_command}) {
    if (*c) return c;
  }
  return nullptr;
}

// A word toyc users write where fa-ir wants another, and what to write instead.
inline std::optional<std::string> toyc_hint(llvm::StringRef arg) {
  const llvm::StringRef name = arg.ltrim('-');
  if (name == "opt") return "toyc's -opt is a command here: fa-ir opt FILE (or fa-ir run --opt)";
  if (name == "emit=ast") return "toyc's -emit=ast is a command here: fa-ir parse FILE";
  if (name == "emit=jit") return "toyc's -emit=jit is a command here: fa-ir run FILE";
  return std::nullopt;
}

// The command line as both binaries read it: a command first (each with its own options and
// --help), --stats (LLVM's own option, which libLLVM registers) given fa-ir's meaning, fa-ir's
// version. False after reporting a bad command line.
inline bool parse_command_line(int argc, char** argv) {
  const llvm::StringRef first = argc > 1 ? argv[1] : "";
  if (!first.empty() && !first.startswith("-") &&
      llvm::none_of(
          std::initializer_list<llvm::StringRef>{"parse", "lower", "opt", "run", "compile"},
          [&](llvm::StringRef c) { return c == first; })) {
    fail(
        "unknown command '" + first +
        "' (expected: parse, lower, opt, run, compile; the command comes first: fa-ir lower FILE)");
    return false;
  }
  for (int i = 2; i < argc; ++i) {  // a toyc habit, refused with what fa-ir spells it
    const std::optional<std::string> hint = toyc_hint(argv[i]);
    const bool run_opt = first == "run" && llvm::StringRef(argv[i]).ltrim('-') == "opt";
    if (hint && !run_opt) {
      fail("'" + llvm::Twine(argv[i]) + "' does not apply to '" + first + "': " + *hint);
      return false;
    }
  }
  if (cl::Option* stats = cl::getRegisteredOptions().lookup("stats")) {
    stats->setDescription("Print the arenas' statistics afterwards (to stderr)");
    stats->setHiddenFlag(cl::NotHidden);
    stats->addCategory(category);
    stats->removeArgument();  // registered again, in every command
    for (cl::SubCommand* c :
         {&parse_command, &lower_command, &opt_command, &run_command, &compile_command}) {
      stats->addSubCommand(*c);
    }
    stats->addArgument();
  }
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(
      [](llvm::raw_ostream& os) { os << "fa-ir (fastarena) " FASTARENA_VERSION_STRING "\n"; });
  if (!cl::ParseCommandLineOptions(argc, argv, "fa-ir: the fastarena IR tool\n", &llvm::errs())) {
    return false;
  }
  if (chosen_command() == nullptr) {
    fail("expected a command: parse, lower, opt, run or compile (fa-ir --help lists them)");
    return false;
  }
  if (!language.empty() && language != "toy" && language != "mlir" && language != "ir") {
    fail("unknown -x " + language + " (expected: toy, mlir)");
    return false;
  }
  if (compile_command) {
    if (emit.getNumOccurrences() != 0 && emit != "obj" && emit != "asm") {
      fail("unknown --emit=" + emit + " for compile (expected: obj, asm)");
      return false;
    }
    if (emit != "asm" && output == "-") {
      fail(
          "compile writes a file: give it one with -o NAME.o (an object) or -o NAME (an "
          "executable), or print assembly with --emit=asm");
      return false;
    }
  } else if (emit != "mlir" && emit != "dot" && emit != "mlir-affine" && emit != "llvm") {
    const std::optional<std::string> hint = toyc_hint("emit=" + emit);
    fail("unknown --emit=" + emit + " (expected: mlir, mlir-affine, llvm, dot)" +
         (hint ? "; " + *hint : ""));
    return false;
  }

  if (interpret && native) {
    fail("'--interpret' and '--native' exclude each other");
    return false;
  }
  if (run_command && !optimize) {  // the optimiser's options need it to run
    for (const cl::Option* o : std::initializer_list<const cl::Option*>{
             &passes, &pass_budget, &inline_call_cost, &jobs, &inline_fold, &no_compact,
             &pass_stats, &time_passes}) {
      if (o->getNumOccurrences() != 0) {
        fail("'--" + o->ArgStr + "' applies to 'run' with --opt only");
        return false;
      }
    }
  }
  return true;
}

}  // namespace fastarena::tool
