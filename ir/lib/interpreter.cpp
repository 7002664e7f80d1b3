#include "fastarena/ir/interpreter.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/Format.h>

#include <string>

#include "fastarena/ir/tensor.h"

namespace fastarena::ir {
namespace {

// A runtime value: a tensor (shape and row-major data) or a struct (its fields' values).
struct Value {
  std::span<const std::int64_t> shape;
  std::span<const double> data;
  std::span<const Value> fields;
  bool is_struct = false;
};

// Runtime errors unwind through return values: each step returns false after recording one.
class Interpreter {
 public:
  Interpreter(const Module& module, llvm::raw_ostream& out, const RunOptions& options)
      : module_(module), out_(out), options_(options), txn_(arena_.transaction()) {
    txn_.set_limit(options.memory_budget);
  }

  std::optional<Diagnostic> run() {
    const Function* main = module_.function(module_.context().name("main"));
    if (main == nullptr) return Diagnostic{{}, "no function @main to run"};
    if (!main->params.empty()) return Diagnostic{main->loc, "@main must take no arguments"};
    Value result;
    call(*main, {}, result, 1);
    return error_;
  }

 private:
  bool call(const Function& f, std::span<const Value> args, Value& result, unsigned depth) {
    if (depth > options_.max_call_depth) {
      return fail(f.loc, "calls nested more than " + std::to_string(options_.max_call_depth) +
                             " deep in @" + std::string(f.name) +
                             " (Toy has no conditionals: a recursion never ends)");
    }
    llvm::DenseMap<const Op*, Value> values;
    for (std::size_t i = 0; i < f.params.size(); ++i) values[f.params[i]] = args[i];
    for (const Op* op : f.body->ops) {
      if (++steps_ > options_.max_steps) {
        return fail(op->loc, "the program ran more than " + std::to_string(options_.max_steps) +
                                 " operations");
      }
      const auto arg = [&](std::size_t i) { return values.find(op->operands[i])->second; };
      Value v;
      switch (op->opcode) {
        case Opcode::param:
          return fail(op->loc, "'param' inside a body");
        case Opcode::constant:
          v.shape = op->type.shape();
          v.data = op->data;
          break;
        case Opcode::add:
        case Opcode::sub:
        case Opcode::mul:
          if (!elementwise(*op, arg(0), arg(1), v)) return false;
          break;
        case Opcode::transpose:
          if (!transpose(*op, arg(0), v)) return false;
          break;
        case Opcode::reshape: {
          const Value from = arg(0);
          if (!tensor(*op, from)) return false;
          if (static_cast<std::int64_t>(from.data.size()) != op->type.element_count()) {
            return fail(op->loc, "cannot reshape " + shape_text(from.shape) + " (" +
                                     std::to_string(from.data.size()) + " elements) to " +
                                     shape_text(op->type.shape()));
          }
          v.shape = op->type.shape();
          v.data = from.data;  // values never change: the elements can be shared
          break;
        }
        case Opcode::call: {
          llvm::SmallVector<Value, 4> call_args;
          for (std::size_t i = 0; i < op->operands.size(); ++i) call_args.push_back(arg(i));
          const Function* callee = module_.function(op->callee);
          if (!call(*callee, call_args, v, depth + 1)) return false;
          break;
        }
        case Opcode::make_struct: {
          Value* fields = alloc_values(*op, op->operands.size());
          if (fields == nullptr) return false;
          for (std::size_t i = 0; i < op->operands.size(); ++i) fields[i] = arg(i);
          v.fields = {fields, op->operands.size()};
          v.is_struct = true;
          break;
        }
        case Opcode::field: {
          const Value s = arg(0);
          if (!s.is_struct || op->index >= s.fields.size()) {
            return fail(op->loc, "'field' of a value that is not a struct of that many fields");
          }
          v = s.fields[op->index];
          break;
        }
        case Opcode::print:
          if (!tensor(*op, arg(0))) return false;
          print(arg(0));
          continue;
        case Opcode::ret:
          if (!op->operands.empty()) result = arg(0);
          return true;
      }
      values[op] = v;
    }
    return true;
  }

  bool elementwise(const Op& op, const Value& a, const Value& b, Value& out) {
    if (!tensor(op, a) || !tensor(op, b)) return false;
    if (!std::equal(a.shape.begin(), a.shape.end(), b.shape.begin(), b.shape.end())) {
      return fail(op.loc, "operands of '" + std::string(mnemonic(op.opcode)) +
                              "' have different shapes: " + shape_text(a.shape) + " and " +
                              shape_text(b.shape));
    }
    double* data = alloc_doubles(op, a.data.size());
    if (data == nullptr && !a.data.empty()) return false;
    ir::elementwise(op.opcode, a.data, b.data, {data, a.data.size()});
    out.shape = a.shape;
    out.data = {data, a.data.size()};
    return true;
  }

  // Reverses the dimensions: out[i_n-1, ..., i_0] = in[i_0, ..., i_n-1].
  bool transpose(const Op& op, const Value& in, Value& out) {
    if (!tensor(op, in)) return false;
    const std::size_t rank = in.shape.size();
    const std::span<std::int64_t> shape =
        txn_.try_alloc_slice_copy(in.shape).value_or(std::span<std::int64_t>());
    double* data = alloc_doubles(op, in.data.size());
    if ((data == nullptr && !in.data.empty()) || (shape.empty() && rank != 0)) {
      return fail(op.loc, budget_message());
    }
    ir::transpose(in.shape, in.data, {data, in.data.size()});
    std::reverse(shape.begin(), shape.end());
    out.shape = shape;
    out.data = {data, in.data.size()};
    return true;
  }

  // Each row (the last dimension) on its own line, each element "%f ".
  void print(const Value& v) {
    const std::size_t row = v.shape.empty() ? 1 : static_cast<std::size_t>(v.shape.back());
    for (std::size_t i = 0; i < v.data.size(); ++i) {
      out_ << llvm::format("%f ", v.data[i]);
      if (row == 0 || (i + 1) % row == 0) out_ << '\n';
    }
  }

  bool tensor(const Op& op, const Value& v) {
    return !v.is_struct ? true
                        : fail(op.loc, "'" + std::string(mnemonic(op.opcode)) +
                                           "' takes a tensor, not a struct");
  }
  double* alloc_doubles(const Op& op, std::size_t n) {
    if (n == 0) return nullptr;
    double* p = static_cast<double*>(txn_.try_alloc_raw(n * sizeof(double), alignof(double)));
    if (p == nullptr) fail(op.loc, budget_message());
    return p;
  }
  Value* alloc_values(const Op& op, std::size_t n) {
    Value* p = static_cast<Value*>(
        txn_.try_alloc_raw(std::max<std::size_t>(n, 1) * sizeof(Value), alignof(Value)));
    if (p == nullptr) fail(op.loc, budget_message());
    return p;
  }
  std::string budget_message() const {
    return "the program needs more than its memory budget of " +
           std::to_string(options_.memory_budget) + " bytes";
  }
  bool fail(Location loc, std::string message) {
    if (!error_) error_ = Diagnostic{loc, std::move(message)};
    return false;
  }

  const Module& module_;
  llvm::raw_ostream& out_;
  const RunOptions& options_;
  Arena arena_;
  Transaction txn_;  // every value, under the memory budget
  std::uint64_t steps_ = 0;
  std::optional<Diagnostic> error_;
};

}  // namespace

std::optional<Diagnostic> run(const Module& module, llvm::raw_ostream& out,
                              const RunOptions& options) {
  return Interpreter(module, out, options).run();
}

}  // namespace fastarena::ir
