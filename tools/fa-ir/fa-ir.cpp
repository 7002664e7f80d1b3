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
#include <llvm/Support/FileUtilities.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>

#include "driver.h"
#if FA_IR_NATIVE
#include "fastarena/codegen/jit.h"
#include "fastarena/codegen/native.h"
#include "fastarena/codegen/translate.h"
#endif
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

// The command line, for run_beside().
int saved_argc = 0;
char** saved_argv = nullptr;

// `binary`, beside this one, on this command line (and `extra`, if given); its exit status.
int run_beside(const char* binary, int argc, char** argv, const char* extra) {
  static int anchor;  // an address in this binary, where /proc/self/exe is not to be had
  const std::string self = llvm::sys::fs::getMainExecutable(argv[0], &anchor);
  llvm::SmallString<256> path(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(path, binary);
  llvm::SmallVector<llvm::StringRef, 8> args{path};
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  if (extra != nullptr) args.emplace_back(extra);
  std::string error;
  const int status = llvm::sys::ExecuteAndWait(path, args, llvm::None, {}, 0, 0, &error);
  // -1: it could not be started (missing beside fa-ir?); -2: it crashed.
  if (status == -1) return fail("cannot run '" + path + "': " + error);
  if (status < 0) return fail("'" + path + "' failed: " + error);
  return status;
}

#if !FA_IR_NATIVE
// The command, with `extra`, run by fa-ir-native, which links LLVM's code generator (fa-ir does
// not: its 20 MiB of static initialisers would be every run's, native or not); this session's
// output is dropped, the other's kept.
int hand_off(Session& session, const char* extra) {
  session.out.abandon();
  return run_beside("fa-ir-native", saved_argc, saved_argv, extra);
}
#endif

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
  if (options.constants_as_data) {  // for native code
    for (const std::string_view name : ir::native_pipeline()) manager.add(ir::create_pass(name));
  } else if (optimize) {
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

#if FA_IR_NATIVE
// `module`, lowered to loops (constants as data), as LLVM IR for this machine; with `optimize`
// after LLVM's O3. Null after reporting why not.
std::unique_ptr<llvm::Module> to_llvm(ir::Module& module, Session& session,
                                      llvm::LLVMContext& context, bool optimize,
                                      const fastarena::codegen::TranslateOptions& options) {
  ir::LowerOptions lowering;
  lowering.constants_as_data = true;
  if (!lower_to_loops(module, session, lowering, optimize)) return nullptr;
  fastarena::codegen::Translation t = fastarena::codegen::translate(module, context, options);
  if (!t.module) {
    ir::report(session.diagnostics, module.context(), *t.error);
    return nullptr;
  }
  std::string error;
  if (!fastarena::codegen::set_host_target(*t.module, error)) {
    fail("cannot generate native code: " + error);
    return nullptr;
  }
  if (optimize) fastarena::codegen::optimize(*t.module);
  return std::move(t.module);
}

#endif

// The module as --emit asks, the passes run: for mlir-affine and llvm, lowered (the Toy
// passes first, as toyc runs them for these), and with `optimize` the loop-level passes (and
// LLVM's O3) too.
bool emit_lowered(ir::Module& module, Session& session, bool optimize) {
#if FA_IR_NATIVE
  if (emit == "llvm") {
    llvm::LLVMContext context;
    const std::unique_ptr<llvm::Module> code = to_llvm(module, session, context, optimize, {});
    if (!code) return false;
    code->print(session.out.os(), nullptr);
    return true;
  }
#endif
  if (emit == "mlir-affine" && !lower_to_loops(module, session, {}, optimize)) return false;
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

#if FA_IR_NATIVE
// Whether the lowered `module` runs natively exactly as the interpreter runs it: every buffer
// fits the memory budget the interpreter would count them against (its values, all of them
// live for the run), and no print writes more lines than the interpreter's step limit allows.
// Else the interpreter runs it, to fail where and as it fails.
bool native_within_limits(const ir::Module& module, const ir::RunOptions& limits) {
  std::uint64_t bytes = 0;
  bool within = true;
  const auto walk = [&](auto&& self, std::span<const ir::Op* const> ops) -> void {
    for (const ir::Op* op : ops) {
      const ir::Type t = op->opcode == ir::Opcode::print ? op->operands[0]->type : op->type;
      if (t.is_memref() || (t.is_ranked() && op->opcode == ir::Opcode::arith_constant)) {
        const auto count = static_cast<std::uint64_t>(t.element_count());
        if (op->opcode != ir::Opcode::print) bytes += count * sizeof(double);
        if (op->opcode == ir::Opcode::print && count == 0) {
          std::uint64_t lines = 0, iterations = 1;
          const auto shape = t.shape();
          for (std::size_t d = 0; d + 1 < shape.size() && shape[d] != 0; ++d) {
            const auto extent = static_cast<std::uint64_t>(shape[d]);
            if (iterations > limits.max_steps / extent ||
                (lines += iterations *= extent) > limits.max_steps) {
              within = false;
            }
          }
        }
      }
      if (op->opcode == ir::Opcode::affine_for) self(self, ir::AffineForOp(*op).body());
    }
  };
  for (const ir::Function* f : module.functions()) walk(walk, f->body->ops);
  return within && bytes <= limits.memory_budget;
}

// toyc's pipeline and the lowering to loops (constants as data) on `module`; whether it
// lowered. Quietly: what stops it (a call that stays, a shape not known) is the interpreter's
// to report, as it runs the program.
bool lower_quietly(ir::Module& module) {
  ir::PassManager manager = pass_manager();
  ir::add_native_lowering(manager);
  const auto reports = manager.run(module);
  return std::any_of(reports.begin(), reports.end(), [](const ir::PassReport& r) {
    return r.name == "lower-to-affine" && r.committed;
  });
}

#endif

// The interpreter on `module` as read (no passes unless --opt).
int interpret_module(Session& session, ir::Module& module) {
  if (optimize && !optimize_module(module, session)) return 1;
  ir::RunOptions options;
  options.memory_budget = run_budget;
  const std::optional<ir::Diagnostic> error = ir::run(module, session.out.os(), options);
  session.out.os().flush();  // what the program printed comes before its error
  if (error) {
    ir::report(session.diagnostics, module.context(), *error);
    return 1;
  }
  return 0;
}

// The interpreter on the program in `buffer`, read afresh.
int interpret_program(Session& session, const std::string& path, unsigned buffer) {
  ir::Context context(session.names);
  ir::Module module(context);
  if (!load_ir(path, session, buffer, session.sources.getMemoryBuffer(buffer)->getBuffer(),
               module)) {
    return 1;
  }
  return interpret_module(session, module);
}

// Whether compiling `module` (as read) is likely to pay: some tensor is large (every tensor's
// element count is some constant's: shapes only move elements around), where the interpreter
// spends about 50 ns on an element and native code about one, and the program is small enough
// for LLVM to compile in a fraction of a second. (Compiling costs far more per operation than
// interpreting: the toyc pipeline alone takes twice the interpreter's whole run on a large
// program of small tensors.)
bool worth_compiling(const ir::Module& module) {
  constexpr std::int64_t kLargeTensor = 1024;    // elements
  constexpr std::size_t kLargeProgram = 10'000;  // operations
  std::int64_t largest = 0;
  std::size_t ops = 0;
  for (const ir::Function* f : module.functions()) {
    if (f->body == nullptr) continue;
    ops += f->body->ops.size();
    for (const ir::Op* op : f->body->ops) {
      if (op->opcode == ir::Opcode::constant && op->type.is_ranked()) {
        largest = std::max(largest, op->type.element_count());
      }
    }
  }
  return largest >= kLargeTensor && ops <= kLargeProgram;
}

// Native code, when the program lowers to loops (every call inlined, every shape known) and
// stays within the interpreter's limits, and compiling pays (worth_compiling) or --native
// asks; the interpreter otherwise, with the same output and errors.
int run(Session& session, const std::string& path) {
  const unsigned buffer = load(session, path);
  if (buffer == 0) return 1;
  if (interpret) return interpret_program(session, path, buffer);
  ir::Context context(session.names);
  ir::Module module(context);
  if (!load_ir(path, session, buffer, session.sources.getMemoryBuffer(buffer)->getBuffer(),
               module)) {
    return 1;
  }
  // (Standard input cannot be read twice: fa-ir-native could not read it again.)
  if (!native && (!worth_compiling(module) || path == "-")) {
    if (llvm::AreStatisticsEnabled()) llvm::errs() << "run: the interpreter\n";
    return interpret_module(session, module);
  }
#if !FA_IR_NATIVE
  return hand_off(session, "--native");  // native code is fa-ir-native's
#else
  ir::RunOptions limits;
  limits.memory_budget = run_budget;
  std::unique_ptr<fastarena::codegen::JitProgram> program;
  const ir::Function* main = module.function(context.name("main"));
  if (main != nullptr && main->params.empty() && lower_quietly(module) &&
      native_within_limits(module, limits)) {
    auto llvm_context = std::make_unique<llvm::LLVMContext>();
    fastarena::codegen::Translation t = fastarena::codegen::translate(module, *llvm_context);
    std::string error;
    if (t.module && !fastarena::codegen::set_host_target(*t.module, error)) {
      return fail("cannot generate native code: " + error);
    }
    if (t.module) {
      fastarena::codegen::optimize(*t.module);
      program = fastarena::codegen::JitProgram::compile(std::move(t.module),
                                                        std::move(llvm_context), error);
      if (!program) {
        return fail("cannot run native code: " + error +
                    " (fa-ir run --interpret runs it in the interpreter)");
      }
    }
  }
  if (llvm::AreStatisticsEnabled()) {
    llvm::errs() << "run: " << (program ? "native code" : "the interpreter") << '\n';
  }
  // What does not lower runs in the interpreter, as read: the passes changed `module`.
  if (!program) return interpret_program(session, path, buffer);
  program->run(session.out.os());
  return 0;
#endif
}

#if FA_IR_NATIVE
// The program as an object file (-o NAME.o), an executable (-o NAME: the object linked by the
// system's cc), or assembly (--emit=asm).
int compile(Session& session, const std::string& path) {
  const unsigned buffer = load(session, path);
  if (buffer == 0) return 1;
  ir::Context context(session.names);
  ir::Module module(context);
  if (!load_ir(path, session, buffer, session.sources.getMemoryBuffer(buffer)->getBuffer(),
               module) ||
      !optimize_module(module, session)) {
    return 1;
  }
  llvm::LLVMContext llvm_context;
  fastarena::codegen::TranslateOptions options;
  options.c_main = true;
  const std::unique_ptr<llvm::Module> code =
      to_llvm(module, session, llvm_context, /*optimize=*/true, options);
  if (!code) return 1;
  std::string error;
  const bool assembly = emit == "asm";
  const bool object = llvm::StringRef(output).endswith(".o");
  if (assembly || object) {
    llvm::SmallString<0> text;
    llvm::raw_svector_ostream os(text);
    if (!fastarena::codegen::write_native(*code,
                                          assembly ? fastarena::codegen::FileKind::assembly
                                                   : fastarena::codegen::FileKind::object,
                                          os, error)) {
      return fail("cannot generate native code: " + error);
    }
    session.out.os() << text;
    return 0;
  }
  // An executable: the object in a temporary file, linked by cc into the output's temporary.
  llvm::SmallString<128> object_path;
  int fd = -1;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("fa-ir", "o", fd, object_path)) {
    return fail("cannot write an object file: " + ec.message());
  }
  const llvm::FileRemover remove_object(object_path);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    if (!fastarena::codegen::write_native(*code, fastarena::codegen::FileKind::object, os, error)) {
      return fail("cannot generate native code: " + error);
    }
  }
  const llvm::ErrorOr<std::string> cc = llvm::sys::findProgramByName("cc");
  if (!cc) return fail("cannot link '" + output + "': no 'cc' on the PATH");
  const std::string linked = session.out.path();
  const llvm::StringRef args[] = {*cc, object_path, "-o", linked};
  const int status = llvm::sys::ExecuteAndWait(*cc, args, llvm::None, {}, 0, 0, &error);
  if (status != 0) {
    return fail("cannot link '" + output + "': cc " +
                (status < 0 ? error : "exited with " + std::to_string(status)));
  }
  return 0;
}

#endif

// `fa-ir parse`: fa-ir-parse, beside this binary, on the same command line (it links the Toy
// syntax and nothing of the IR; its exit status is this one's).
int parse(int argc, char** argv) {
  return run_beside("fa-ir-parse", argc, argv, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  saved_argc = argc;
  saved_argv = argv;
  if (!parse_command_line(argc, argv)) return 1;
  if (parse_command) return parse(argc, argv);
#if !FA_IR_NATIVE
  // What always needs the code generator is fa-ir-native's, from the start.
  if (compile_command || (run_command && native) ||
      ((lower_command || opt_command) && emit == "llvm")) {
    return run_beside("fa-ir-native", argc, argv, nullptr);
  }
#endif
  Session session;
  if (!session.out.open()) return 1;
#if FA_IR_NATIVE
  if (compile_command) return session.finish(compile(session, input));
#endif
  const int status = lower_command ? lower(session, input)
                     : opt_command ? opt(session, input)
                                   : run(session, input);
  return session.finish(status);
}
