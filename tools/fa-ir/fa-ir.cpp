// fa-ir: the command-line driver.
//
//   fa-ir parse FILE.toy [--stats]     print the AST of a Toy file ('-' reads stdin)
//
// Exit status: 0 on success, 1 when anything was reported (a syntax error, a file that cannot
// be read, an unknown subcommand).
#include <llvm/ADT/Statistic.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/Format.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include <string>

#include "fastarena/arena.h"
#include "fastarena/toy/ast_dump.h"
#include "fastarena/toy/parser.h"

namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("fa-ir options");
cl::opt<std::string> command(cl::Positional, cl::desc("<command: parse>"), cl::Required,
                             cl::cat(category));
cl::opt<std::string> input(cl::Positional, cl::desc("<input file, or - for stdin>"), cl::Required,
                           cl::cat(category));
cl::opt<std::size_t> definition_budget(
    "definition-budget", cl::desc("Bytes of arena one definition may take (default 256 MiB)"),
    cl::init(std::size_t{256} << 20), cl::cat(category));

cl::opt<std::size_t> error_limit(
    "error-limit", cl::desc("Errors to print in full, the rest only counted (0: no limit)"),
    cl::init(20), cl::cat(category));

int fail(const llvm::Twine& message) {
  llvm::WithColor::error(llvm::errs(), "fa-ir") << message << '\n';
  return 1;
}

// Peak figures over the run: `fa-ir parse` rewinds the arena after each definition.
struct ArenaPeak {
  fastarena::ArenaStats largest;  // when the largest definition was in the arena

  void sample(const fastarena::Arena& arena) {
    const fastarena::ArenaStats now = arena.stats();
    if (now.bytes_allocated > largest.bytes_allocated) largest = now;
  }
};

void report_stats(const ArenaPeak& peak, const fastarena::toy::Names& names,
                  const fastarena::toy::ParseStats& stats) {
  const fastarena::ArenaStats& s = peak.largest;
  llvm::errs() << "arena: " << s.bytes_allocated
               << " bytes allocated at peak (the largest definition), " << s.bytes_reserved
               << " bytes reserved in " << s.block_count << " block(s), "
               << llvm::format("%.1f", s.utilization() * 100.0) << "% utilized\n"
               << "names: " << names.arena().stats().bytes_allocated << " bytes\n"
               << "parse: " << stats.definitions << " definition(s) kept, "
               << stats.broken_definitions << " rolled back after errors ("
               << stats.bytes_rolled_back << " bytes reclaimed)\n";
}

int parse(const std::string& path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false, /*RequiresNullTerminator=*/true);
  if (std::error_code ec = file.getError()) {
    return fail("cannot read '" + path + "': " + ec.message());
  }
  const std::string name = path == "-" ? "<stdin>" : path;
  const llvm::StringRef text = (*file)->getBuffer();
  llvm::SourceMgr sources;
  const unsigned buffer = sources.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  fastarena::Arena arena;
  fastarena::toy::Names names;
  fastarena::toy::ParseOptions options;
  options.definition_budget = definition_budget;
  options.error_limit = error_limit;
  fastarena::toy::DefinitionReader reader(arena, names, sources, buffer, options);
  // Each definition is printed as soon as it is parsed and then forgotten: the arena goes back to
  // where it started, so the tool holds one definition (and the input) whatever the file's size.
  const fastarena::Checkpoint start = arena.checkpoint();
  ArenaPeak peak;
  fastarena::toy::AstDumper dumper(name, {text.data(), text.size()}, llvm::outs());
  while (fastarena::toy::Record* record = reader.next()) {
    dumper.record(*record);
    peak.sample(arena);
    arena.rewind(start);
  }
  llvm::outs().flush();
  if (llvm::AreStatisticsEnabled()) report_stats(peak, names, reader.stats());
  return reader.stats().errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // --stats is LLVM's own option (libLLVM registers it); fa-ir gives it its meaning here.
  if (cl::Option* stats = cl::getRegisteredOptions().lookup("stats")) {
    stats->setDescription("Print the arena's statistics afterwards (to stderr)");
    stats->setHiddenFlag(cl::NotHidden);
    stats->addCategory(category);
  }
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(
      [](llvm::raw_ostream& os) { os << "fa-ir (fastarena) " FASTARENA_VERSION "\n"; });
  if (!cl::ParseCommandLineOptions(argc, argv, "fa-ir: the fastarena IR tool\n", &llvm::errs())) {
    return 1;
  }
  if (command == "parse") return parse(input);
  return fail("unknown command '" + command + "' (expected: parse)");
}
