// SPDX-License-Identifier: MIT
// Native code against the interpreter and against the physical limit, in one run: the
// compute-heavy Toy program of issue #29 (STEPS chained `x = transpose(x) * b + a` on NxN
// tensors, then print(x)) run by the interpreter, run as JIT-compiled native code (compiled
// once, outside the timing), and the same computation written by hand in C++ (compiled with
// the bench, -O2), which prints the same way. Each row's `per_element` counter is its time
// per element operation (N*N*STEPS*3).
//
//   fastarena-native-bench [--benchmark_repetitions=5 ...]
#include <benchmark/benchmark.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "fastarena/codegen/jit.h"
#include "fastarena/codegen/native.h"
#include "fastarena/codegen/translate.h"
#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/pass.h"
#include "fastarena/toy/lower.h"
#include "fastarena/toy/parser.h"

namespace fastarena::bench {
namespace {

constexpr int kN = 256;
constexpr int kSteps = 200;

double element(int i, int seed) {
  return ((i * 7 + seed * 13) % 97) / 200.0;
}

std::string program() {
  std::string text = "def main() {\n";
  for (const int seed : {1, 2}) {
    text += std::string("  var ") + (seed == 1 ? "a" : "b") + " = [";
    for (int r = 0; r < kN; ++r) {
      text += r == 0 ? "[" : ", [";
      for (int c = 0; c < kN; ++c) {
        char number[32];
        std::snprintf(number, sizeof number, c == 0 ? "%g" : ", %g", element(r * kN + c, seed));
        text += number;
      }
      text += "]";
    }
    text += "];\n";
  }
  text += "  var x0 = a;\n";
  for (int k = 0; k < kSteps; ++k) {
    text +=
        "  var x" + std::to_string(k + 1) + " = transpose(x" + std::to_string(k) + ") * b + a;\n";
  }
  text += "  print(x" + std::to_string(kSteps) + ");\n}\n";
  return text;
}

struct Program {
  Arena arena;
  toy::Names names;
  llvm::SourceMgr sources;
  ir::Context context{names};
  ir::Module module{context};
};

std::unique_ptr<Program> lower() {
  static const std::string text = program();
  auto p = std::make_unique<Program>();
  const unsigned buffer = p->sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(text, "chain.toy"), llvm::SMLoc());
  DiagnosticEngine engine;
  toy::ParseOptions options;
  options.diagnostics = &engine;
  toy::ParseStats stats;
  const toy::Module ast =
      toy::parse_module(p->arena, p->names, p->sources, buffer, "chain.toy", options, &stats);
  toy::LowerOptions lower_options;
  lower_options.diagnostics = &engine;
  if (stats.errors != 0 || toy::lower(ast, p->module, lower_options) != 0) std::abort();
  return p;
}

void per_element(benchmark::State& state) {
  state.counters["per_element"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kN * kN * kSteps * 3,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void interpreter(benchmark::State& state) {
  const auto p = lower();
  for (auto _ : state) {
    llvm::raw_null_ostream out;
    if (ir::run(p->module, out)) state.SkipWithError("the interpreter failed");
  }
  per_element(state);
}

void native(benchmark::State& state) {
  const auto p = lower();
  ir::PassManager manager;
  ir::add_native_lowering(manager);
  manager.run(p->module);
  auto context = std::make_unique<llvm::LLVMContext>();
  codegen::Translation t = codegen::translate(p->module, *context);
  std::string error;
  if (!t.module || !codegen::set_host_target(*t.module, error)) std::abort();
  codegen::optimize(*t.module);
  const auto jit = codegen::JitProgram::compile(std::move(t.module), std::move(context), error);
  if (!jit) std::abort();
  for (auto _ : state) {
    llvm::raw_null_ostream out;
    jit->run(out);
  }
  per_element(state);
}

// The same computation by hand: buffers, the three loops of a step, the print.
void hand_written(benchmark::State& state) {
  std::vector<double> a(kN * kN), b(kN * kN);
  for (int i = 0; i < kN * kN; ++i) {
    a[i] = element(i, 1);
    b[i] = element(i, 2);
  }
  for (auto _ : state) {
    llvm::raw_null_ostream out;
    std::vector<double> x = a, t(kN * kN), m(kN * kN);
    for (int k = 0; k < kSteps; ++k) {
      for (int i = 0; i < kN; ++i) {
        for (int j = 0; j < kN; ++j) t[i * kN + j] = x[j * kN + i];
      }
      for (int i = 0; i < kN * kN; ++i) m[i] = t[i] * b[i];
      for (int i = 0; i < kN * kN; ++i) x[i] = m[i] + a[i];
    }
    char text[512];
    for (int i = 0; i < kN; ++i) {
      for (int j = 0; j < kN; ++j) {
        const int n = std::snprintf(text, sizeof text, "%f ", x[i * kN + j]);
        out.write(text, static_cast<std::size_t>(n));
      }
      out << '\n';
    }
    benchmark::DoNotOptimize(x.data());
  }
  per_element(state);
}

BENCHMARK(interpreter)->Name("chain_256x256x200/interpreter")->Unit(benchmark::kMillisecond);
BENCHMARK(native)->Name("chain_256x256x200/native")->Unit(benchmark::kMillisecond);
BENCHMARK(hand_written)->Name("chain_256x256x200/hand_written_c")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fastarena::bench

BENCHMARK_MAIN();
