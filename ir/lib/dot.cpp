#include "fastarena/ir/dot.h"

#include <llvm/ADT/DenseMap.h>

#include "fastarena/ir/printer.h"

namespace fastarena::ir {

void write_dot(const Module& module, llvm::raw_ostream& os) {
  os << "digraph module {\n  node [shape=box, fontname=monospace];\n";
  unsigned next = 0;  // node ids are unique across the module
  for (std::size_t fi = 0; fi < module.functions().size(); ++fi) {
    const Function& f = *module.functions()[fi];
    llvm::DenseMap<const Op*, unsigned> ids;
    os << "  subgraph cluster_" << fi << " {\n    label=\"@" << f.name << "\";\n";
    const auto node = [&](const Op* op, unsigned value) {
      const unsigned id = next++;
      ids[op] = id;
      os << "    n" << id << " [label=\"";
      if (op->has_result()) os << '%' << value << " = ";
      os << mnemonic(op->opcode);
      if (op->opcode == Opcode::call) os << " @" << op->callee;
      if (op->opcode == Opcode::field) {
        os << " ." << op->operands[0]->type.field_names()[op->index];
      }
      if (op->has_result()) os << "\\n" << to_string(op->type);
      os << "\"];\n";
    };
    unsigned value = 0;
    for (const Op* p : f.params) node(p, value++);
    if (f.body != nullptr) {
      for (const Op* op : f.body->ops) {
        node(op, op->has_result() ? value++ : 0);
        for (const Op* operand : op->operands) {
          const auto it = ids.find(operand);
          if (it != ids.end()) os << "    n" << it->second << " -> n" << ids[op] << ";\n";
        }
      }
    }
    os << "  }\n";
  }
  os << "}\n";
}

}  // namespace fastarena::ir
