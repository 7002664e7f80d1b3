// SPDX-License-Identifier: MIT
#include "fastarena/ir/dot.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/Support/GraphWriter.h>

#include "fastarena/ir/printer.h"

namespace fastarena::ir {

void write_dot(const Module& module, llvm::raw_ostream& os) {
  os << "digraph module {\n  node [shape=box, fontname=monospace];\n";
  unsigned next = 0;  // node ids are unique across the module
  for (std::size_t fi = 0; fi < module.functions().size(); ++fi) {
    const Function& f = *module.functions()[fi];
    llvm::DenseMap<const Op*, unsigned> ids;
    os << "  subgraph cluster_" << fi << " {\n    label=\"@"
       << llvm::DOT::EscapeString(std::string(f.name)) << "\";\n";
    // Each node is labelled with its operation's line of IR text, numbered as the printer
    // numbers values (escaped for DOT).
    std::string text;
    llvm::raw_string_ostream line(text);  // unbuffered: `text` is always up to date
    OpAsmPrinter printer(line);
    printer.start_function(f);
    const auto node = [&](const Op* op) {
      const unsigned id = next++;
      ids[op] = id;
      os << "    n" << id << " [label=\"" << llvm::DOT::EscapeString(text) << "\"];\n";
      text.clear();
    };
    for (const Op* p : f.params) {
      printer.value(p);
      line << ": ";
      print(p->type, line);
      node(p);
    }
    if (f.body != nullptr) {
      for (const Op* op : f.body->ops) {
        print_op(printer, *op);
        node(op);
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
