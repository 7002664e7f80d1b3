// SPDX-License-Identifier: MIT
// fa-ir-parse: `fa-ir parse FILE.toy`, which fa-ir runs as this binary beside it. It links the
// Toy syntax (lexer, parser, AST, dumper) and the diagnostics engine, and nothing of the IR.
#include "driver.h"
#include "fastarena/toy/ast_dump.h"

namespace fastarena::tool {
namespace {

// `fa-ir parse`: each definition is printed as soon as it is parsed and then forgotten — the
// arena goes back to where it started — so the tool holds one definition (and the input),
// whatever the file's size.
int parse(Session& session, const std::string& path) {
  llvm::SourceMgr& sources = session.sources;
  const unsigned buffer = load(session, path);
  if (buffer == 0) return 1;
  const llvm::StringRef text = sources.getMemoryBuffer(buffer)->getBuffer();
  if (is_ir(path, text)) return fail("'parse' prints a Toy AST; '" + path + "' is IR (try lower)");
  fastarena::Arena arena;
  toy::Names& names = session.names;  // the compilation's one table
  toy::ParseOptions options;
  options.definition_budget = definition_budget;
  options.diagnostics = &session.diagnostics;
  toy::DefinitionReader reader(arena, names, sources, buffer, options);
  const fastarena::Checkpoint start = arena.checkpoint();
  fastarena::ArenaStats largest;  // when the largest definition was in the arena
  const std::string name = path == "-" ? "<stdin>" : path;
  toy::AstDumper dumper(name, {text.data(), text.size()}, session.out.os());
  while (toy::Record* record = reader.next()) {
    dumper.record(*record);
    if (arena.stats().bytes_allocated > largest.bytes_allocated) largest = arena.stats();
    arena.rewind(start);
  }
  if (llvm::AreStatisticsEnabled()) {
    print_arena("arena", largest, " at peak (the largest definition)");
    llvm::errs() << "names: " << names.arena().stats().bytes_allocated << " bytes\n";
    print_parse_stats(reader.stats());
  }
  return reader.stats().errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace fastarena::tool

int main(int argc, char** argv) {
  using namespace fastarena::tool;
  if (!parse_command_line(argc, argv)) return 1;
  if (!parse_command) return fail("fa-ir-parse runs 'parse' only (fa-ir runs the others)");
  Session session;
  if (!session.out.open()) return 1;
  return session.finish(parse(session, input));
}
