// SPDX-License-Identifier: MIT
// The Toy frontend on a generated 10 MB program: lexing alone, parsing, parsing + AST dump.
// Throughput is bytes_per_second; the memory counters are bytes in use over the input's size
// (reserved but untouched block capacity is left out: it is never resident).
#include <benchmark/benchmark.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/pass.h"
#include "fastarena/ir/verifier.h"
#include "fastarena/toy/ast_dump.h"
#include "fastarena/toy/lexer.h"
#include "fastarena/toy/lower.h"
#include "fastarena/toy/parser.h"
#include "toy_generator.h"

namespace fastarena::bench {
namespace {

// 10 MiB, or FASTARENA_TOY_BENCH_BYTES: CTest's smoke run takes a small program, as it checks
// that every row runs, not how fast.
const std::string& input() {
  static const std::string text = [] {
    const char* bytes = std::getenv("FASTARENA_TOY_BENCH_BYTES");
    return generate_toy(bytes != nullptr ? std::strtoull(bytes, nullptr, 10) : 10u << 20);
  }();
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

// What parsing the input needs: a fresh arena and name table, and the input as a source buffer.
struct Session {
  Arena arena;
  toy::Names names;
  llvm::SourceMgr sources;
  unsigned buffer = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(input(), "bench.toy"), llvm::SMLoc());
};

// Parses the whole input into a fresh arena and keeps the module, as lowering will.
// memory_per_input_byte: what the module holds (AST arena, name table, input) over the input.
void parse(benchmark::State& state) {
  const std::string& text = input();
  double memory = 0;
  for (auto _ : state) {
    Session s;
    toy::ParseStats stats;
    const toy::Module module =
        toy::parse_module(s.arena, s.names, s.sources, s.buffer, "bench.toy", {}, &stats);
    if (stats.errors != 0) state.SkipWithError("the generated program does not parse");
    benchmark::DoNotOptimize(module.records.data());
    memory = static_cast<double>(s.arena.stats().bytes_allocated +
                                 s.names.arena().stats().bytes_allocated + text.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["memory_per_input_byte"] = memory / static_cast<double>(text.size());
}
BENCHMARK(parse)->Name("toy_parse_10mb/fastarena")->Unit(benchmark::kMillisecond);

// What `fa-ir parse` does: each definition is printed (to a stream that formats everything and
// discards it) as soon as it is parsed, and the arena rewound. peak_memory_per_input_byte: the
// most the AST arena held at once, plus the name table and the input, over the input.
void parse_dump(benchmark::State& state) {
  const std::string& text = input();
  double memory = 0;
  for (auto _ : state) {
    Session s;
    Arena& arena = s.arena;
    toy::DefinitionReader reader(arena, s.names, s.sources, s.buffer);
    llvm::raw_null_ostream os;
    toy::AstDumper dumper("bench.toy", text, os);
    const Checkpoint start = arena.checkpoint();
    std::size_t peak = 0;
    while (toy::Record* record = reader.next()) {
      dumper.record(*record);
      peak = std::max(peak, arena.stats().bytes_allocated);
      arena.rewind(start);
    }
    if (reader.stats().errors != 0) state.SkipWithError("the generated program does not parse");
    memory = static_cast<double>(peak + s.names.arena().stats().bytes_allocated + text.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["peak_memory_per_input_byte"] = memory / static_cast<double>(text.size());
}
BENCHMARK(parse_dump)->Name("toy_parse_dump_10mb/fastarena")->Unit(benchmark::kMillisecond);

// The input parsed once, for the stages after parsing.
struct Parsed : Session {
  toy::Module module = toy::parse_module(arena, names, sources, buffer, "bench.toy");
};
const Parsed& parsed() {
  static const Parsed p;
  return p;
}

// Lowering the whole module into a fresh context; ir_bytes_per_input_byte: the IR module's arena
// and the context's (types, names) over the input's size.
void lower(benchmark::State& state) {
  const Parsed& p = parsed();
  double bytes = 0;
  for (auto _ : state) {
    ir::Context context;
    ir::Module module(context);
    if (toy::lower(p.module, module) != 0) state.SkipWithError("the program does not lower");
    benchmark::DoNotOptimize(module.functions().data());
    bytes = static_cast<double>(module.arena().stats().bytes_allocated +
                                context.arena().stats().bytes_allocated);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
  state.counters["ir_bytes_per_input_byte"] = bytes / static_cast<double>(input().size());
}
BENCHMARK(lower)->Name("toy_lower_10mb/fastarena")->Unit(benchmark::kMillisecond);

// The verifier, then the interpreter, over the lowered module (throughput in input bytes).
struct Lowered {
  ir::Context context;
  ir::Module module{context};
  Lowered() { toy::lower(parsed().module, module); }
};
const Lowered& lowered() {
  static const Lowered l;
  return l;
}

void verify(benchmark::State& state) {
  const Lowered& l = lowered();
  for (auto _ : state) {
    if (!ir::verify(l.module).empty()) state.SkipWithError("the IR does not verify");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
}
BENCHMARK(verify)->Name("toy_verify_10mb/fastarena")->Unit(benchmark::kMillisecond);

// Module::compact() of the whole lowered module: every operation copied into a fresh arena.
void compact(benchmark::State& state) {
  Lowered l;
  for (auto _ : state) l.module.compact();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
}
BENCHMARK(compact)->Name("toy_compact_10mb/fastarena")->Unit(benchmark::kMillisecond);

void run(benchmark::State& state) {
  const Lowered& l = lowered();
  for (auto _ : state) {
    llvm::raw_null_ostream os;
    if (ir::run(l.module, os)) state.SkipWithError("the program fails at run time");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
}
BENCHMARK(run)->Name("toy_run_10mb/fastarena")->Unit(benchmark::kMillisecond);

// A pipeline on a freshly lowered module, with compaction between passes (compaction:1) or
// without: folding:0 is the default, toyc's (inline, dce, shape-inference, canonicalize, cse,
// dce), which keeps the arithmetic toyc keeps; folding:1 the folding one (an inliner that folds,
// dce, shape-inference, canonicalize, fold, dce), after which every unit is constants — the
// default before fa-ir followed toyc, kept to compare like with like. Counters: bytes the passes
// kept and rolled back, and the module arena's peak (bytes in use after a pass, or before it
// plus what it allocated) and final size, per input byte.
void optimize(benchmark::State& state) {
  const bool compaction = state.range(0) != 0;
  const bool folding = state.range(1) != 0;
  ir::InlineOptions inline_options;
  inline_options.fold = folding;
  const llvm::SmallVector<std::string_view, 8> pipeline =
      folding ? llvm::SmallVector<std::string_view, 8>{"inline",       "dce",  "shape-inference",
                                                       "canonicalize", "fold", "dce"}
              : ir::default_pipeline();
  double kept = 0, rolled_back = 0, peak = 0, final_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto l = std::make_unique<Lowered>();
    ir::PassManager manager;
    if (!compaction) manager.set_compaction(std::nullopt);
    for (const std::string_view name : pipeline) manager.add(ir::create_pass(name, inline_options));
    std::size_t in_use = l->module.arena().stats().bytes_allocated;
    state.ResumeTiming();
    const auto reports = manager.run(l->module);
    state.PauseTiming();
    kept = rolled_back = peak = 0;
    for (const ir::PassReport& r : reports) {
      if (!r.committed) state.SkipWithError(("pass " + r.name + " rolled back").c_str());
      kept += static_cast<double>(r.bytes);
      rolled_back += static_cast<double>(r.bytes_rolled_back);
      peak = std::max({peak, static_cast<double>(in_use + r.bytes + r.bytes_rolled_back),
                       static_cast<double>(r.arena_bytes)});
      in_use = r.arena_bytes;
    }
    final_bytes = static_cast<double>(in_use);
    l.reset();  // not timed: freeing the lowered module
    state.ResumeTiming();
  }
  const auto per_input_byte = static_cast<double>(input().size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
  state.counters["kept_bytes_per_input_byte"] = kept / per_input_byte;
  state.counters["rolled_back_bytes_per_input_byte"] = rolled_back / per_input_byte;
  state.counters["peak_arena_per_input_byte"] = peak / per_input_byte;
  state.counters["final_arena_per_input_byte"] = final_bytes / per_input_byte;
}
// The function passes alone (shape-inference, canonicalize, cse) on the freshly lowered module,
// its 17 700 functions rewritten on `jobs` threads, each in an arena leased from the pool.
void function_passes(benchmark::State& state) {
  const auto jobs = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto l = std::make_unique<Lowered>();
    ir::PassManager manager;
    manager.set_jobs(jobs);
    manager.set_compaction(std::nullopt);
    for (const char* name : {"shape-inference", "canonicalize", "cse"}) {
      manager.add(ir::create_pass(name));
    }
    state.ResumeTiming();
    const auto reports = manager.run(l->module);
    state.PauseTiming();
    for (const ir::PassReport& r : reports) {
      if (!r.committed) state.SkipWithError(("pass " + r.name + " rolled back").c_str());
    }
    l.reset();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input().size()));
}
BENCHMARK(function_passes)
    ->Name("toy_function_passes_10mb/fastarena")
    ->ArgName("jobs")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(optimize)
    ->Name("toy_opt_10mb/fastarena")
    ->ArgNames({"compaction", "folding"})
    ->Args({1, 0})
    ->Args({0, 0})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fastarena::bench
