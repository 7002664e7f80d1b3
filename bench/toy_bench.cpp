// The Toy frontend on a generated 10 MB program: lexing alone, parsing, parsing + AST dump.
// Throughput is bytes_per_second; `memory_per_input_byte` is what parsing holds at its end, which
// is its peak (the AST arena's and the name table's bytes in use, and the input itself), over
// the input's size. Reserved but untouched block capacity is left out: it is never resident.
#include <benchmark/benchmark.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <string>

#include "fastarena/toy/ast_dump.h"
#include "fastarena/toy/lexer.h"
#include "fastarena/toy/parser.h"
#include "toy_generator.h"

namespace fastarena::bench {
namespace {

const std::string& input() {
  static const std::string text = generate_toy(10u << 20);
  return text;
}

void lex(benchmark::State& state) {
  const std::string& text = input();
  for (auto _ : state) {
    toy::Lexer lexer(text);
    std::size_t tokens = 0;
    while (lexer.next().kind != toy::TokenKind::eof) ++tokens;
    benchmark::DoNotOptimize(tokens);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(lex)->Name("toy_lex_10mb/fastarena")->Unit(benchmark::kMillisecond);

// Parses the input into a fresh arena (as fa-ir does) and, if `dump`, prints the AST to a
// stream that formats everything and discards it.
void parse(benchmark::State& state, bool dump) {
  const std::string& text = input();
  double memory = 0;
  for (auto _ : state) {
    Arena arena;
    toy::Names names;
    llvm::SourceMgr sources;
    const unsigned buffer = sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(text, "bench.toy"), llvm::SMLoc());
    toy::ParseStats stats;
    const toy::Module module =
        toy::parse_module(arena, names, sources, buffer, "bench.toy", {}, &stats);
    if (stats.errors != 0) state.SkipWithError("the generated program does not parse");
    if (dump) {
      llvm::raw_null_ostream os;
      toy::dump(module, os);
    }
    benchmark::DoNotOptimize(module.records.data());
    memory = static_cast<double>(arena.stats().bytes_allocated +
                                 names.arena().stats().bytes_allocated + text.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["memory_per_input_byte"] = memory / static_cast<double>(text.size());
}
BENCHMARK_CAPTURE(parse, only, false)
    ->Name("toy_parse_10mb/fastarena")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse, dump, true)
    ->Name("toy_parse_dump_10mb/fastarena")
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fastarena::bench
