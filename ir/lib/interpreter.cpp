// SPDX-License-Identifier: MIT
// The interpreter: walks a function's body and evaluates each operation by its definition
// (op_def.h: the same evaluation the folder runs on constants). What only a running program
// has is here: calls (with a depth limit), printing, the step limit and the memory budget.
#include "fastarena/ir/interpreter.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include <charconv>
#include <string>

#include "fastarena/ir/op_def.h"

namespace fastarena::ir {
namespace {

// `value` as printf's "%f" writes it (toyc's print): six digits after the point, "inf", "nan",
// their signs. std::to_chars gives the same exact digits without printf's arbitrary-precision
// machinery, which was most of what the interpreter spent.
void write_fixed(llvm::raw_ostream& os, double value) {
  char text[400];  // the longest: a sign, 309 digits, the point and 6 more
  const std::to_chars_result end =
      std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 6);
  os.write(text, static_cast<std::size_t>(end.ptr - text));
}

// Runtime errors unwind through return values: each step returns false after recording one.
class Interpreter : public Evaluator {
 public:
  Interpreter(const Module& module, llvm::raw_ostream& out, const RunOptions& options,
              Transaction& txn)
      : Evaluator(module.context(), txn), module_(module), out_(out), options_(options) {}

  std::optional<Diagnostic> run() {
    const Function* main = module_.function(module_.context().name("main"));
    if (main == nullptr) return Diagnostic{{}, "no function @main to run"};
    if (!main->params.empty()) return Diagnostic{main->loc, "@main must take no arguments"};
    Value result;
    call(*main, {}, result, 1);
    return error_;
  }

  bool call(const Op& op, std::span<const Value> args, Value& result) override {
    return call(*module_.function(op.callee()), args, result, depth_ + 1);
  }

  // toyc's layout: its print is one loop per dimension, each element written "%f ", and a
  // newline ending each iteration of every loop but the innermost. So a rank-0 or rank-1 tensor
  // ends no line (the next print continues it), each row of a matrix ends one, and each 2-D
  // slice of a rank-3 tensor is followed by a blank line.
  bool print(const Op& op, const Value& v) override {
    const std::span<const std::int64_t> shape = v.type.shape();
    const std::size_t rank = shape.size();
    if (v.data.empty()) return print_empty(op, shape);
    // inner[d]: how many elements one iteration of loop d covers.
    llvm::SmallVector<std::uint64_t, 4> inner(rank + 1, 1);
    for (std::size_t d = rank; d-- > 0;) inner[d] = inner[d + 1] * std::uint64_t(shape[d]);
    for (std::size_t i = 0; i < v.data.size(); ++i) {
      write_fixed(out_, v.data[i]);
      out_ << ' ';
      // Loops rank-2 down to 0 end an iteration here while the elements so far fill them.
      for (std::size_t d = rank - (rank != 0); d-- > 0 && (i + 1) % inner[d + 1] == 0;) {
        out_ << '\n';
      }
    }
    return true;
  }

  // A tensor with no elements still runs the outer loops up to the first empty dimension: one
  // newline per iteration of each loop but the innermost, as many as fit in the step limit.
  bool print_empty(const Op& op, std::span<const std::int64_t> shape) {
    std::uint64_t lines = 0;
    std::uint64_t iterations = 1;
    for (std::size_t d = 0; d + 1 < shape.size() && shape[d] != 0; ++d) {
      const std::uint64_t limit = options_.max_steps;
      if (iterations > limit / std::uint64_t(shape[d]) ||
          (lines += iterations *= std::uint64_t(shape[d])) > limit) {
        return fail(op.loc, "printing this empty tensor writes more than " +
                                std::to_string(options_.max_steps) + " lines");
      }
    }
    for (std::uint64_t i = 0; i < lines; ++i) out_ << '\n';
    return true;
  }

  bool fail(Location loc, std::string message) override {
    if (!error_) error_ = Diagnostic{loc, std::move(message)};
    return false;
  }

 protected:
  bool out_of_memory(const Op& op) override {
    return fail(op.loc, "the program needs more than its memory budget of " +
                            std::to_string(options_.memory_budget) + " bytes");
  }

 private:
  bool call(const Function& f, std::span<const Value> args, Value& result, unsigned depth) {
    if (depth > options_.max_call_depth) {
      return fail(f.loc, "calls nested more than " + std::to_string(options_.max_call_depth) +
                             " deep in @" + std::string(f.name) +
                             " (Toy has no conditionals: a recursion never ends)");
    }
    const unsigned caller_depth = depth_;
    depth_ = depth;
    const bool ok = body(f, args, result);
    depth_ = caller_depth;
    return ok;
  }

  bool body(const Function& f, std::span<const Value> args, Value& result) {
    llvm::DenseMap<const Op*, Value> values;
    for (std::size_t i = 0; i < f.params.size(); ++i) values[f.params[i]] = args[i];
    llvm::SmallVector<Value, 4> operands;
    for (const Op* op : f.body->ops) {
      if (++steps_ > options_.max_steps) {
        return fail(op->loc, "the program ran more than " + std::to_string(options_.max_steps) +
                                 " operations");
      }
      operands.clear();
      for (const Op* operand : op->operands) operands.push_back(values.find(operand)->second);
      if (op_def(op->opcode).terminator) {
        if (!operands.empty()) result = operands[0];
        return true;
      }
      Value v;
      if (!evaluate(*op, operands, v, *this)) return false;
      if (op->has_result()) values[op] = v;
    }
    return true;
  }

  const Module& module_;
  llvm::raw_ostream& out_;
  const RunOptions& options_;
  unsigned depth_ = 0;  // of the call being run
  std::uint64_t steps_ = 0;
  std::optional<Diagnostic> error_;
};

}  // namespace

std::optional<Diagnostic> run(const Module& module, llvm::raw_ostream& out,
                              const RunOptions& options) {
  Arena arena;
  Transaction txn = arena.transaction();  // every value, under the memory budget
  txn.set_limit(options.memory_budget);
  return Interpreter(module, out, options, txn).run();
}

}  // namespace fastarena::ir
