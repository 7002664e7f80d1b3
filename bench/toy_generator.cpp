// SPDX-License-Identifier: MIT
#include "toy_generator.h"

#include <cstdint>
#include <string>

namespace fastarena::bench {
namespace {

// A small linear congruential generator: the same program on every machine.
class Numbers {
 public:
  std::string next() {
    state_ = state_ * 6364136223846793005u + 1442695040888963407u;
    const std::uint64_t n = (state_ >> 33) % 1000;
    return (n % 3 == 0) ? std::to_string(n) + "." + std::to_string(n % 10) : std::to_string(n);
  }

 private:
  std::uint64_t state_ = 42;
};

// `var NAME<rows, cols> = [[...], ...];` with rows * cols numbers, printed so that it is used.
void append_literal(std::string& out, const std::string& name, int rows, int cols, Numbers& n) {
  out += "  var " + name + "<" + std::to_string(rows) + ", " + std::to_string(cols) + "> = [";
  for (int r = 0; r < rows; ++r) {
    out += r == 0 ? "[" : ", [";
    for (int c = 0; c < cols; ++c) out += (c == 0 ? "" : ", ") + n.next();
    out += "]";
  }
  out += "];\n  print(" + name + ");\n";
}

void append_unit(std::string& out, std::size_t i, Numbers& n, ToyMix mix) {
  const std::string id = std::to_string(i);
  out += "# Unit " + id + ": a struct, a generic function and its caller.\n";
  out += "struct Pair" + id + " {\n  var first;\n  var second;\n}\n\n";
  out += "def multiply_transpose_" + id + "(a, b) {\n";
  out += "  var t = transpose(a) * transpose(b);\n";
  out += "  return t + transpose(a) - transpose(b);\n}\n\n";
  out += "def combine_" + id + "(Pair" + id + " p) {\n";
  out += "  return p.first * p.second + p.first;\n}\n\n";
  out += "def main_" + id + "() {\n";
  out += "  var a<2, 3> = [[" + n.next() + ", " + n.next() + ", " + n.next() + "], [" + n.next() +
         ", " + n.next() + ", " + n.next() + "]];\n";
  out += "  var b<2, 3> = [" + n.next() + ", " + n.next() + ", " + n.next() + ", " + n.next() +
         ", " + n.next() + ", " + n.next() + "];\n";
  out += "  var c = multiply_transpose_" + id + "(a, b);\n";
  out += "  Pair" + id + " p = {a, b};  # a struct literal\n";
  out += "  print(c * transpose(combine_" + id + "(p)));\n";
  if (mix == ToyMix::literals) {
    append_literal(out, "w", 4, 6, n);
    append_literal(out, "v", 3, 8, n);
    append_literal(out, "u", 6, 8, n);
  }
  out += "  return;\n}\n\n";
}

}  // namespace

std::string generate_toy(std::size_t bytes, ToyMix mix) {
  std::string out;
  out.reserve(bytes + 1024);
  Numbers numbers;
  std::size_t units = 0;
  while (out.size() < bytes) append_unit(out, units++, numbers, mix);
  out += "# Runs every unit.\ndef main() {\n";
  for (std::size_t i = 0; i < units; ++i) out += "  main_" + std::to_string(i) + "();\n";
  out += "}\n";
  return out;
}

}  // namespace fastarena::bench
