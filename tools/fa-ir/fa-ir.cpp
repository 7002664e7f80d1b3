// fa-ir: the command-line driver.
//
//   fa-ir parse FILE.toy              print the AST of a Toy file ('-' reads stdin)
//   fa-ir lower FILE.toy|FILE.mlir    print the verified IR (--emit=dot: a Graphviz picture)
//   fa-ir run FILE.toy|FILE.mlir      run the program's main (--opt: after the passes)
//   fa-ir opt FILE.toy|FILE.mlir      print the IR after the passes (--passes=a,b,c)
//
// The IR is MLIR's Toy dialect, as toyc-ch7 prints it; a .mlir or .fir file (or -x mlir) is
// read as IR, anything else as Toy.
//
// Exit status: 0 on success, 1 when anything was reported (a syntax or semantic error, invalid
// IR, a runtime error, a file that cannot be read, an unknown subcommand).
#include <llvm/ADT/Statistic.h>
#include <llvm/ADT/StringExtras.h>
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
#include "fastarena/ir/diagnostic.h"
#include "fastarena/ir/dot.h"
#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/parser.h"
#include "fastarena/ir/pass.h"
#include "fastarena/ir/printer.h"
#include "fastarena/ir/verifier.h"
#include "fastarena/toy/ast_dump.h"
#include "fastarena/toy/lower.h"
#include "fastarena/toy/parser.h"
#include "fastarena/version.h"

namespace cl = llvm::cl;
namespace toy = fastarena::toy;
namespace ir = fastarena::ir;

namespace {

cl::OptionCategory category("fa-ir options");
cl::opt<std::string> command(cl::Positional, cl::desc("<command: parse, lower, opt or run>"),
                             cl::Required, cl::cat(category));
cl::opt<std::string> input(cl::Positional, cl::desc("<input file, or - for stdin>"), cl::Required,
                           cl::cat(category));
cl::opt<std::string> language(
    "x", cl::desc("Input language: toy or mlir (default: mlir for a .mlir or .fir file, else toy)"),
    cl::value_desc("language"), cl::cat(category));
cl::opt<std::string> emit("emit", cl::desc("What 'lower' and 'opt' print: mlir (default) or dot"),
                          cl::init("mlir"), cl::cat(category));
cl::opt<bool> print_debuginfo("mlir-print-debuginfo",
                              cl::desc("Print each operation's location (as MLIR's flag does)"),
                              cl::cat(category));
cl::opt<bool> split_input_file(
    "split-input-file",
    cl::desc("Read IR as chunks separated by '// -----' lines, each on its own (as mlir-opt)"),
    cl::cat(category));
cl::opt<std::size_t> definition_budget(
    "definition-budget", cl::desc("Bytes of arena one definition may take (default 256 MiB)"),
    cl::init(std::size_t{256} << 20), cl::cat(category));
cl::opt<std::size_t> error_limit(
    "error-limit", cl::desc("Errors to print in full, the rest only counted (0: no limit)"),
    cl::init(20), cl::cat(category));
cl::opt<std::string> passes("passes",
                            cl::desc("The passes 'opt' and 'run --opt' run, in order (default: "
                                     "inline,dce,shape-inference,canonicalize,cse,dce)"),
                            cl::cat(category));
cl::opt<bool> optimize("opt", cl::desc("'run': run the passes first"), cl::cat(category));
cl::opt<std::size_t> pass_budget("pass-budget",
                                 cl::desc("Bytes of arena each pass may take (default 256 MiB)"),
                                 cl::init(std::size_t{256} << 20), cl::cat(category));
cl::opt<std::size_t> inline_call_cost(
    "inline-call-cost",
    cl::desc("What a call costs, in operations: inlining is kept when the callee costs less "
             "(default 10)"),
    cl::init(ir::InlineOptions().call_cost), cl::cat(category));
cl::opt<unsigned> jobs("j",
                       cl::desc("Threads the function passes may use (each function in an arena "
                                "leased from a pool; the output is the same for any N)"),
                       cl::init(1), cl::value_desc("N"), cl::cat(category));
cl::opt<bool> inline_fold(
    "inline-fold",
    cl::desc("The inliner also folds the code it inlines where it meets constants (toyc does "
             "not)"),
    cl::cat(category));
cl::opt<bool> no_compact("no-compact",
                         cl::desc("Never compact the module between passes (default: when its "
                                  "garbage outweighs what is live)"),
                         cl::cat(category));
cl::opt<bool> pass_stats("pass-stats",
                         cl::desc("Print each pass's result, bytes and operation counts"),
                         cl::cat(category));
cl::opt<bool> time_passes("time-passes", cl::desc("Print each pass's time (with --pass-stats)"),
                          cl::cat(category));
cl::opt<std::size_t> run_budget("run-budget",
                                cl::desc("Bytes of values 'run' may allocate (default 1 GiB)"),
                                cl::init(std::size_t{1} << 30), cl::cat(category));

int fail(const llvm::Twine& message) {
  llvm::WithColor::error(llvm::errs(), "fa-ir") << message << '\n';
  return 1;
}

// "WHAT: N bytes allocated[WHEN], N bytes reserved in N block(s), N% utilized".
void print_arena(llvm::StringRef what, const fastarena::ArenaStats& s, llvm::StringRef when = "") {
  llvm::errs() << what << ": " << s.bytes_allocated << " bytes allocated" << when << ", "
               << s.bytes_reserved << " bytes reserved in " << s.block_count << " block(s), "
               << llvm::format("%.1f", s.utilization() * 100.0) << "% utilized\n";
}

void print_parse_stats(const toy::ParseStats& stats) {
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
unsigned load(llvm::SourceMgr& sources, const std::string& path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false, /*RequiresNullTerminator=*/true);
  if (std::error_code ec = file.getError()) {
    fail("cannot read '" + path + "': " + ec.message());
    return 0;
  }
  return sources.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
}

bool is_ir(const std::string& path) {
  if (!language.empty()) return language == "mlir" || language == "ir";
  return llvm::StringRef(path).endswith(".mlir") || llvm::StringRef(path).endswith(".fir");
}

// The module as --emit says: MLIR text (locations with --mlir-print-debuginfo) or DOT.
void emit_module(const ir::Module& module) {
  if (emit == "dot") {
    ir::write_dot(module, llvm::outs());
    return;
  }
  ir::PrintOptions options;
  options.debug_info = print_debuginfo;
  ir::print(module, llvm::outs(), options);
}

// `fa-ir parse`: each definition is printed as soon as it is parsed and then forgotten — the
// arena goes back to where it started — so the tool holds one definition (and the input),
// whatever the file's size.
int parse(const std::string& path) {
  if (is_ir(path)) return fail("'parse' prints a Toy AST; '" + path + "' is IR (try lower)");
  Session session;
  llvm::SourceMgr& sources = session.sources;
  const unsigned buffer = load(sources, path);
  if (buffer == 0) return 1;
  const llvm::StringRef text = sources.getMemoryBuffer(buffer)->getBuffer();
  fastarena::Arena arena;
  toy::Names names;
  toy::ParseOptions options;
  options.definition_budget = definition_budget;
  options.diagnostics = &session.diagnostics;
  toy::DefinitionReader reader(arena, names, sources, buffer, options);
  const fastarena::Checkpoint start = arena.checkpoint();
  fastarena::ArenaStats largest;  // when the largest definition was in the arena
  const std::string name = path == "-" ? "<stdin>" : path;
  toy::AstDumper dumper(name, {text.data(), text.size()}, llvm::outs());
  while (toy::Record* record = reader.next()) {
    dumper.record(*record);
    if (arena.stats().bytes_allocated > largest.bytes_allocated) largest = arena.stats();
    arena.rewind(start);
  }
  llvm::outs().flush();
  if (llvm::AreStatisticsEnabled()) {
    print_arena("arena", largest, " at peak (the largest definition)");
    llvm::errs() << "names: " << names.arena().stats().bytes_allocated << " bytes\n";
    print_parse_stats(reader.stats());
  }
  return reader.stats().errors == 0 ? 0 : 1;
}

// The verified IR of buffer `buffer` of `sources` (the file `path`), Toy lowered or IR read;
// false after reporting errors.
bool load_ir(const std::string& path, Session& session, unsigned buffer, ir::Module& module) {
  llvm::SourceMgr& sources = session.sources;
  if (is_ir(path)) {
    if (!ir::parse_ir(module, sources, buffer, session.diagnostics)) return false;
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

// Runs the --passes pipeline on `module`; false after reporting an unknown pass.
bool optimize_module(ir::Module& module, Session& session) {
  ir::PassManager manager;
  manager.set_budget(pass_budget);
  manager.set_jobs(jobs);
  if (no_compact) manager.set_compaction(std::nullopt);
  llvm::SmallVector<llvm::StringRef, 8> names;
  if (passes.getNumOccurrences() == 0) {
    for (const std::string_view name : ir::default_pipeline()) names.emplace_back(name);
  } else {
    llvm::StringRef(passes).split(names, ',', -1, /*KeepEmpty=*/false);
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
  const auto reports = manager.run(module);
  for (const ir::PassReport& r : reports) {
    // A pass's remarks, and why it was rolled back: located where the pass said so.
    for (const ir::Diagnostic& d : r.diagnostics) {
      if (d.severity == ir::Severity::remark) ir::report(session.diagnostics, module.context(), d);
    }
    if (r.committed) continue;
    const auto failure = llvm::find_if(
        r.diagnostics, [](const ir::Diagnostic& d) { return d.severity == ir::Severity::error; });
    const ir::Location loc = failure != r.diagnostics.end() ? failure->loc : ir::Location();
    ir::report(session.diagnostics, module.context(),
               {loc, "pass '" + r.name + "' rolled back: " + r.remark, ir::Severity::remark});
  }
  if (pass_stats || time_passes) ir::print_reports(reports, llvm::errs());
  return true;
}

// Calls `each(sources, buffer)` for the input, or with --split-input-file for each chunk of it
// (a buffer of its own, padded with the lines before it so that locations are the file's);
// 1 if any call failed, as every chunk is tried.
template <class Each>
int for_each_input(const std::string& path, Each&& each) {
  Session session;
  llvm::SourceMgr& sources = session.sources;
  const unsigned whole = load(sources, path);
  if (whole == 0) return 1;
  if (!split_input_file || !is_ir(path)) return each(session, whole) ? 0 : 1;
  const llvm::MemoryBuffer& file = *sources.getMemoryBuffer(whole);
  llvm::SmallVector<llvm::StringRef, 8> chunks;
  llvm::StringRef rest = file.getBuffer();
  for (std::size_t at; (at = rest.find("// -----")) != llvm::StringRef::npos;) {
    chunks.push_back(rest.take_front(at));
    rest = rest.drop_front(at);
    rest = rest.drop_until([](char c) { return c == '\n'; });
  }
  chunks.push_back(rest);
  int status = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto lines =
        llvm::StringRef(file.getBufferStart(),
                        static_cast<std::size_t>(chunks[i].data() - file.getBufferStart()))
            .count('\n');
    const std::string text = std::string(lines, '\n') + chunks[i].str();
    const unsigned buffer = sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(text, file.getBufferIdentifier()), llvm::SMLoc());
    if (i != 0) llvm::outs() << "// -----\n";
    if (!each(session, buffer)) status = 1;
  }
  return status;
}

int opt(const std::string& path) {
  return for_each_input(path, [&](Session& session, unsigned buffer) {
    ir::Context context(session.names);
    ir::Module module(context);
    if (!load_ir(path, session, buffer, module) || !optimize_module(module, session)) return false;
    emit_module(module);
    return true;
  });
}

int lower(const std::string& path) {
  return for_each_input(path, [&](Session& session, unsigned buffer) {
    ir::Context context(session.names);
    ir::Module module(context);
    if (!load_ir(path, session, buffer, module)) return false;
    emit_module(module);
    return true;
  });
}

int run(const std::string& path) {
  Session session;
  ir::Context context(session.names);
  ir::Module module(context);
  const unsigned buffer = load(session.sources, path);
  if (buffer == 0 || !load_ir(path, session, buffer, module)) return 1;
  if (optimize && !optimize_module(module, session)) return 1;
  ir::RunOptions options;
  options.memory_budget = run_budget;
  const std::optional<ir::Diagnostic> error = ir::run(module, llvm::outs(), options);
  llvm::outs().flush();
  if (error) {
    ir::report(session.diagnostics, context, *error);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // --stats is LLVM's own option (libLLVM registers it); fa-ir gives it its meaning here.
  if (cl::Option* stats = cl::getRegisteredOptions().lookup("stats")) {
    stats->setDescription("Print the arenas' statistics afterwards (to stderr)");
    stats->setHiddenFlag(cl::NotHidden);
    stats->addCategory(category);
  }
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(
      [](llvm::raw_ostream& os) { os << "fa-ir (fastarena) " FASTARENA_VERSION_STRING "\n"; });
  if (!cl::ParseCommandLineOptions(argc, argv, "fa-ir: the fastarena IR tool\n", &llvm::errs())) {
    return 1;
  }
  if (!language.empty() && language != "toy" && language != "mlir" && language != "ir") {
    return fail("unknown -x " + language + " (expected: toy, mlir)");
  }
  if (emit != "mlir" && emit != "dot") {
    return fail("unknown --emit=" + emit + " (expected: mlir, dot)");
  }
  if (command == "parse") return parse(input);
  if (command == "lower") return lower(input);
  if (command == "run") return run(input);
  if (command == "opt") return opt(input);
  return fail("unknown command '" + command + "' (expected: parse, lower, opt, run)");
}
