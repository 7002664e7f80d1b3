#include "fastarena/ir/op.h"

#include <iterator>

namespace fastarena::ir {

namespace {
constexpr std::string_view kMnemonics[] = {
    "param",   "constant", "add",         "sub",   "mul",   "transpose",
    "reshape", "call",     "make_struct", "field", "print", "return",
};
}  // namespace

std::string_view mnemonic(Opcode opcode) {
  return kMnemonics[static_cast<int>(opcode)];
}

std::optional<Opcode> opcode_named(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kMnemonics); ++i) {
    if (kMnemonics[i] == name) return static_cast<Opcode>(i);
  }
  return std::nullopt;
}

}  // namespace fastarena::ir
