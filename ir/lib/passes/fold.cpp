// fold: operations on constants computed at compile time.
//
//   add/sub/mul of two constants of one shape  ->  constant
//   transpose of a constant (rank 2 or less)   ->  constant
#include <llvm/ADT/SmallVector.h>

#include "fastarena/ir/rewriter.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

class Fold : public Pass {
 public:
  std::string_view name() const override { return "fold"; }

  const Body* run(const Module&, const Function& function, Builder& builder) override {
    Rewriter rewriter(builder);
    return rewriter.rewrite(function.body->ops, rewrite);
  }

 private:
  static bool is_constant(const Op* op) { return op->opcode == Opcode::constant; }

  static void rewrite(Rewriter& r, const Op& op) {
    switch (op.opcode) {
      case Opcode::add:
      case Opcode::sub:
      case Opcode::mul: {
        const Op* a = r.value(op.operands[0]);
        const Op* b = r.value(op.operands[1]);
        if (!is_constant(a) || !is_constant(b) || a->type != b->type) break;
        llvm::SmallVector<double, 16> data(a->data.size());
        for (std::size_t i = 0; i < data.size(); ++i) {
          data[i] = op.opcode == Opcode::add   ? a->data[i] + b->data[i]
                    : op.opcode == Opcode::sub ? a->data[i] - b->data[i]
                                               : a->data[i] * b->data[i];
        }
        return r.replace(op, r.emit(r.builder().constant(a->type.shape(), data, op.loc)));
      }
      case Opcode::transpose: {
        const Op* a = r.value(op.operands[0]);
        if (!is_constant(a) || a->type.shape().size() > 2) break;
        const std::span<const std::int64_t> shape = a->type.shape();
        const auto rows = static_cast<std::size_t>(shape.size() == 2 ? shape[0] : 1);
        const auto cols = a->data.size() / std::max<std::size_t>(rows, 1);
        llvm::SmallVector<double, 16> data(a->data.size());
        for (std::size_t i = 0; i < rows; ++i) {
          for (std::size_t j = 0; j < cols; ++j) data[j * rows + i] = a->data[i * cols + j];
        }
        const llvm::SmallVector<std::int64_t, 2> reversed(shape.rbegin(), shape.rend());
        return r.replace(op, r.emit(r.builder().constant(reversed, data, op.loc)));
      }
      default:
        break;
    }
    r.keep(op);
  }
};

}  // namespace

std::unique_ptr<Pass> fold() {
  return std::make_unique<Fold>();
}

}  // namespace fastarena::ir::passes
