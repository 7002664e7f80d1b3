// SPDX-License-Identifier: MIT
#include "fastarena/ir/rewriter.h"

namespace fastarena::ir {

const Op* Rewriter::keep(const Op& op) {
  return keep(op, op.type);
}

const Op* Rewriter::keep(const Op& op, Type type) {
  llvm::SmallVector<const Op*, 4> operands;
  bool same = mode_ == Mode::share && type == op.type;
  for (const Op* operand : op.operands) {
    operands.push_back(value(operand));
    same = same && operands.back() == operand;
  }
  if (same) {
    ops_.push_back(&op);
    return &op;
  }
  Attributes attrs = op.attributes();
  attrs.type = type;
  const Op* made = builder_.build(op.opcode, operands, op.loc, attrs);
  if (made != nullptr) ops_.push_back(made);
  map_[&op] = made;
  changed_ = true;
  return made;
}

const Body* Rewriter::finish() {
  if (!changed_ || builder_.failed()) return nullptr;
  return builder_.body(ops_);
}

}  // namespace fastarena::ir
