// SPDX-License-Identifier: MIT
#include "random_program.h"

#include <array>
#include <cstddef>
#include <vector>

namespace fastarena::testing {
namespace {

// A shape, as the Toy source declares it: one or two extents.
using Shape = std::vector<int>;

// Small shapes, and a few of 96 elements: folding those costs more than a call is worth.
const std::array<Shape, 10> kShapes = {Shape{2, 3},  Shape{3, 2}, Shape{6},    Shape{2, 2},
                                       Shape{4},     Shape{1, 4}, Shape{3, 3}, Shape{8, 12},
                                       Shape{12, 8}, Shape{2, 3}};

int elements(const Shape& shape) {
  int n = 1;
  for (const int d : shape) n *= d;
  return n;
}

Shape reversed(const Shape& shape) {
  return Shape(shape.rbegin(), shape.rend());
}

struct Variable {
  std::string name;
  Shape shape;
};

struct Signature {
  std::string name;
  std::vector<Shape> params;
  Shape result;
};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : state_(seed * 2 + 1) {}

  std::string program() {
    const std::size_t functions = pick(5);
    for (std::size_t i = 0; i < functions; ++i) function(i);
    out_ += "def main() {\n";
    scope_.clear();
    statements(3 + pick(6));
    out_ += "}\n";
    return out_;
  }

 private:
  // A number in [0, n): a 64-bit LCG, the same everywhere (std distributions are not).
  std::size_t pick(std::size_t n) {
    state_ = state_ * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::size_t>((state_ >> 33) % n);
  }
  const Shape& any_shape() { return kShapes[pick(kShapes.size())]; }

  void function(std::size_t index) {
    Signature sig{"f" + std::to_string(index), {}, any_shape()};
    scope_.clear();
    const std::size_t params = 1 + pick(3);
    out_ += "def " + sig.name + "(";
    for (std::size_t i = 0; i < params; ++i) {
      sig.params.push_back(any_shape());
      scope_.push_back({"p" + std::to_string(i), sig.params.back()});
      out_ += (i ? ", " : "") + scope_.back().name;
    }
    out_ += ") {\n";
    statements(pick(4 + index));  // later functions grow longer: some cost more than a call
    out_ += "  return " + expression(sig.result, 0) + ";\n}\n\n";
    functions_.push_back(std::move(sig));
  }

  void statements(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t kind = pick(4);
      if (kind == 0) {
        out_ += "  print(" + expression(any_shape(), 0) + ");\n";
        continue;
      }
      const Shape shape = any_shape();
      const std::string name = "v" + std::to_string(next_variable_++);
      if (kind == 1) {  // a declared shape: a reshape of anything with as many elements
        Shape from = shape;
        for (int tries = 0; tries < 8 && from == shape; ++tries) {
          const Shape& other = any_shape();
          if (elements(other) == elements(shape)) from = other;
        }
        out_ += "  var " + name + "<" + dims(shape) + "> = " + expression(from, 0) + ";\n";
      } else {
        out_ += "  var " + name + " = " + expression(shape, 0) + ";\n";
      }
      scope_.push_back({name, shape});
    }
  }

  std::string expression(const Shape& shape, int depth) {
    const std::size_t kind = depth >= 3 ? pick(2) : pick(7);
    switch (kind) {
      case 1: {  // a variable of this shape, if there is one
        std::vector<const Variable*> fits;
        for (const Variable& v : scope_) {
          if (v.shape == shape) fits.push_back(&v);
        }
        if (!fits.empty()) return fits[pick(fits.size())]->name;
        return literal(shape);
      }
      case 2:
      case 3: {
        static constexpr const char* kOps[] = {" + ", " - ", " * "};
        return "(" + expression(shape, depth + 1) + kOps[pick(3)] + expression(shape, depth + 1) +
               ")";
      }
      case 4:
        return "transpose(" + expression(reversed(shape), depth + 1) + ")";
      case 5:
      case 6: {  // a call of an earlier function returning this shape
        std::vector<const Signature*> fits;
        for (const Signature& f : functions_) {
          if (f.result == shape) fits.push_back(&f);
        }
        if (fits.empty()) return literal(shape);
        const Signature& f = *fits[pick(fits.size())];
        std::string call = f.name + "(";
        for (std::size_t i = 0; i < f.params.size(); ++i) {
          call += (i ? ", " : "") + expression(f.params[i], depth + 1);
        }
        return call + ")";
      }
      default:
        return literal(shape);
    }
  }

  std::string literal(const Shape& shape) {
    const auto number = [&] {
      const std::size_t n = pick(20);
      return n % 4 == 0 ? std::to_string(n / 4) + ".5" : std::to_string(n);
    };
    if (shape.size() == 1) return "[" + row(shape[0], number) + "]";
    std::string text = "[";
    for (int r = 0; r < shape[0]; ++r) text += (r ? ", [" : "[") + row(shape[1], number) + "]";
    return text + "]";
  }
  template <class Number>
  static std::string row(int n, Number& number) {
    std::string text;
    for (int i = 0; i < n; ++i) text += (i ? ", " : "") + number();
    return text;
  }
  static std::string dims(const Shape& shape) {
    std::string text;
    for (std::size_t i = 0; i < shape.size(); ++i)
      text += (i ? ", " : "") + std::to_string(shape[i]);
    return text;
  }

  std::uint64_t state_;
  std::string out_;
  std::vector<Signature> functions_;
  std::vector<Variable> scope_;
  std::size_t next_variable_ = 0;
};

}  // namespace

std::string random_program(std::uint64_t seed) {
  return Generator(seed).program();
}

}  // namespace fastarena::testing
