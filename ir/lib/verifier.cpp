// SPDX-License-Identifier: MIT
// The verifier: the checks every operation shares, then its opcode's own (OpDef::verify) and
// its shape rule (OpDef::infer), all from the op table.
#include "fastarena/ir/verifier.h"

#include <llvm/ADT/DenseSet.h>

#include "fastarena/ir/op_def.h"
#include "fastarena/ir/printer.h"

namespace fastarena::ir {
namespace {

class Verifier {
 public:
  Verifier(const Module& module, llvm::SmallVector<Diagnostic, 0>& out)
      : module_(module), out_(out) {}

  void function(const Function& f) {
    defined_.clear();
    for (std::size_t i = 0; i < f.params.size(); ++i) {
      const Op& p = *f.params[i];
      if (p.opcode != Opcode::param || p.index != i || !p.type) {
        error(p.loc, "parameter " + std::to_string(i) + " of @" + std::string(f.name) +
                         " is not a typed 'param' in its place");
      }
      defined_.insert(&p);
    }
    // Checked after the walk, which has just read the last operation (an operation is a load
    // the walk waits on), but reported before what the walk found.
    const std::size_t first_op_error = out_.size();
    if (f.body != nullptr) {
      Verification v{module_, f, out_};
      block(v, f.body->ops, 0);
    }
    if (f.body == nullptr || f.body->ops.empty() ||
        !op_def(f.body->ops.back()->opcode).terminator) {
      out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(first_op_error),
                  {f.loc, "function @" + std::string(f.name) + " does not end with 'return'"});
    }
  }

 private:
  // The operations of a body or, `depth` deep, of a loop's; what a loop's body defines is
  // visible in it only.
  void block(Verification& v, std::span<const Op* const> ops, unsigned depth) {
    for (const Op* op : ops) {
      this->op(v, *op, depth);
      defined_.insert(op);
      const OpDef& def = op_def(op->opcode);
      if (def.region == nullptr || op->properties() == nullptr) continue;
      if (depth >= kMaxDepth) {
        v.error(*op, "loops nested too deeply");
        continue;
      }
      const std::span<const Op* const> body = def.region(*op);
      block(v, body, depth + 1);
      for (const Op* inner : body) defined_.erase(inner);
    }
  }

  // Inlined into the walk, which calls it for every operation of the module.
  [[gnu::always_inline]] void op(Verification& v, const Op& op, unsigned depth) {
    const OpDef& def = op_def(op.opcode);
    for (const Op* operand : op.operands) {
      if (operand == nullptr || !defined_.contains(operand) || !operand->has_result()) {
        v.error(op, "uses a value not defined before it in @" + std::string(v.function.name));
        return;
      }
    }
    // Result::callee: the call's hook compares with the callee.
    if (def.result != OpDef::Result::callee &&
        op.has_result() != (def.result == OpDef::Result::one)) {
      v.error(op, op.has_result() ? "has a result" : "has no result type");
      return;
    }
    if (def.arity != OpDef::kVariadic &&
        op.operands.size() != static_cast<std::size_t>(def.arity)) {
      v.error(op, "takes " + std::to_string(def.arity) + " operand(s), has " +
                      std::to_string(op.operands.size()));
      return;
    }
    if (def.tensor_operands) {
      for (const Op* operand : op.operands) {
        if (!operand->type.is_tensor()) {
          v.error(op, "takes tensors, not " + to_string(operand->type));
          return;
        }
      }
    }
    if (def.terminator && (depth != 0 || &op != v.function.body->ops.back())) {
      v.error(op, "must be the last operation of its body");
      return;
    }
    if (!def.verify(op, v)) return;
    const Inferred inferred = infer(op, module_.context());
    if (inferred.conflict) {
      v.error(op, inferred.conflict->message({}));
    } else if (op.has_result() && !compatible(inferred.type, op.type)) {
      v.error(op,
              "has type " + to_string(op.type) + ", its operands give " + to_string(inferred.type));
    }
  }

  void error(Location loc, std::string message) { out_.push_back({loc, std::move(message)}); }

  static constexpr unsigned kMaxDepth = 64;  // as the parser's; walks recurse this deep
  const Module& module_;
  llvm::SmallVector<Diagnostic, 0>& out_;
  llvm::DenseSet<const Op*> defined_;
};

}  // namespace

llvm::SmallVector<Diagnostic, 0> verify(const Module& module, const Function& function) {
  llvm::SmallVector<Diagnostic, 0> out;
  Verifier(module, out).function(function);
  return out;
}

llvm::SmallVector<Diagnostic, 0> verify(const Module& module) {
  llvm::SmallVector<Diagnostic, 0> out;
  Verifier verifier(module, out);
  const std::span<Function* const> functions = module.functions();
  for (std::size_t i = 0; i < functions.size(); ++i) {
    prefetch_body_ahead(functions, i);
    verifier.function(*functions[i]);
  }
  return out;
}

}  // namespace fastarena::ir
