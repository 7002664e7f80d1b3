// SPDX-License-Identifier: MIT
#include "random_toy.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace fastarena::bench {
namespace {

using Shape = std::vector<std::int64_t>;

// splitmix64: a good stream from any seed, the same on every machine.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
  }
  // In [0, n).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

std::int64_t count(const Shape& shape) {
  std::int64_t n = 1;
  for (std::int64_t d : shape) n *= d;
  return n;
}

Shape reversed(const Shape& shape) {
  return Shape(shape.rbegin(), shape.rend());
}

std::string dims(const Shape& shape) {
  std::string out;
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out;
}

struct StructDef {
  std::string name;
  std::vector<Shape> fields;             // named f0, f1, ...
  std::vector<const StructDef*> nested;  // per field: its struct type, or null for a tensor
};

// A name in scope: a tensor of `shape`, or a struct when `record` is set.
struct Value {
  std::string name;
  Shape shape;
  const StructDef* record = nullptr;
};

struct Function {
  std::string name;
  std::vector<Value> params;
  Shape result;
  int cost = 1;  // operations once every call in it is inlined
  mutable bool called = false;
};

// Inlined into main, a function costs its operations plus its callees' per call: a cap keeps a
// long program from growing exponentially when inlined.
constexpr int max_cost = 48;

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : random_(seed) {}

  std::string program(std::size_t bytes) {
    for (int i = 0, n = 1 + int(random_.below(2)); i < n; ++i) define_struct();
    const std::size_t size = bytes != 0 ? bytes : 200 + random_.below(2000);
    do {
      if (random_.chance(10)) define_struct();
      define_function();
    } while (out_.size() < size);
    define_main();
    return std::move(out_);
  }

 private:
  Shape shape() {
    if (random_.chance(4)) return {};
    Shape s(1 + random_.below(random_.chance(80) ? 2 : 3));
    for (std::int64_t& d : s) d = 1 + std::int64_t(random_.below(4));
    return s;
  }

  std::string number() {
    const std::size_t n = random_.below(1000);
    switch (random_.below(4)) {
      case 0:
        return std::to_string(n / 10) + "." + std::to_string(n % 10);
      case 1:
        return std::to_string(n % 10) + ".";
      default:
        return std::to_string(n % 100);
    }
  }

  // A literal of `shape` as Toy writes it (nested brackets; a bare number for a scalar).
  std::string literal(const Shape& shape, std::size_t dim = 0) {
    if (shape.empty()) return number();
    std::string out = "[";
    for (std::int64_t i = 0; i < shape[dim]; ++i) {
      out += i ? ", " : "";
      out += dim + 1 == shape.size() ? number() : literal(shape, dim + 1);
    }
    return out + "]";
  }

  void define_struct() {
    StructDef def{"S" + std::to_string(structs_.size()), {}, {}};
    out_ += "struct " + def.name + " {\n";
    for (std::size_t i = 0, n = 1 + random_.below(3); i < n; ++i) {
      def.fields.push_back(shape());
      def.nested.push_back(nullptr);
      if (!structs_.empty() && random_.chance(25)) {  // a field of an earlier struct type
        def.nested.back() = structs_[random_.below(structs_.size())].get();
        out_ += "  " + def.nested.back()->name + " f" + std::to_string(i) + ";\n";
      } else {
        out_ += "  var f" + std::to_string(i) + ";\n";
      }
    }
    out_ += "}\n\n";
    structs_.push_back(std::make_unique<StructDef>(std::move(def)));
  }

  // An expression of `shape` from what is in scope; `cost` collects what it adds once inlined.
  std::string expr(const Shape& shape, int depth, int& cost) {
    const bool leaf = depth >= 3 || random_.chance(25);
    for (int attempt = 0; attempt < 8; ++attempt) {
      switch (leaf ? random_.below(2) : random_.below(7)) {
        case 0: {  // a variable of this shape
          std::vector<const Value*> fit;
          for (const Value& v : scope_)
            if (!v.record && v.shape == shape) fit.push_back(&v);
          if (!fit.empty()) return fit[random_.below(fit.size())]->name;
          break;
        }
        case 1:
          ++cost;
          return literal(shape);
        case 2:
        case 3: {
          const char op = random_.chance(50) ? '+' : '*';
          const std::string lhs = expr(shape, depth + 1, cost);
          const std::string rhs = expr(shape, depth + 1, cost);
          ++cost;
          return "(" + lhs + " " + op + " " + rhs + ")";
        }
        case 4:
          if (shape.empty()) break;
          ++cost;
          return "transpose(" + expr(reversed(shape), depth + 1, cost) + ")";
        case 5: {  // a call of an earlier function with this result
          std::vector<const Function*> fit;
          for (const Function& f : functions_)
            if (f.result == shape && cost + f.cost <= max_cost && can_call(f)) fit.push_back(&f);
          if (fit.empty()) break;
          const Function& f = *fit[random_.below(fit.size())];
          f.called = true;
          std::string out = f.name + "(";
          cost += f.cost;
          for (std::size_t i = 0; i < f.params.size(); ++i) {
            out += i ? ", " : "";
            out += f.params[i].record ? struct_value(*f.params[i].record)
                                      : expr(f.params[i].shape, depth + 1, cost);
          }
          return out + ")";
        }
        case 6: {  // a field of a struct in scope
          std::vector<std::string> fit;
          for (const Value& v : scope_) {
            if (v.record) fields_of(*v.record, v.name, shape, fit);
          }
          if (fit.empty()) break;
          ++cost;
          return fit[random_.below(fit.size())];
        }
      }
    }
    ++cost;
    return literal(shape);
  }

  // A struct argument: a variable of that struct type in scope (toyc's struct literals are
  // only initializers). can_call() has checked that there is one.
  std::string struct_value(const StructDef& def) {
    for (const Value& v : scope_)
      if (v.record == &def) return v.name;
    return "";
  }
  bool can_call(const Function& f) const {
    return std::all_of(f.params.begin(), f.params.end(), [&](const Value& p) {
      return !p.record || std::any_of(scope_.begin(), scope_.end(),
                                      [&](const Value& v) { return v.record == p.record; });
    });
  }

  // The tensor fields of `def` of `shape`, reached from `path` (nested structs included).
  void fields_of(const StructDef& def, const std::string& path, const Shape& shape,
                 std::vector<std::string>& fit) {
    for (std::size_t i = 0; i < def.fields.size(); ++i) {
      const std::string field = path + ".f" + std::to_string(i);
      if (def.nested[i] != nullptr) {
        fields_of(*def.nested[i], field, shape, fit);
      } else if (def.fields[i] == shape) {
        fit.push_back(field);
      }
    }
  }

  // A struct literal of `def`: toyc's are made of constants only (and nested literals).
  std::string struct_literal(const StructDef& def) {
    std::string out = "{";
    for (std::size_t i = 0; i < def.fields.size(); ++i) {
      out += i ? ", " : "";
      if (def.nested[i] != nullptr) {
        out += struct_literal(*def.nested[i]);
      } else {
        out += def.fields[i].empty() ? number() : literal(def.fields[i]);
      }
    }
    return out + "}";
  }

  // One statement of a body; adds what it declares to the scope.
  void statement(int& cost) {
    const std::string name = "v" + std::to_string(scope_.size());
    switch (random_.below(6)) {
      case 0: {  // a literal reshaped to a shape of as many elements, or a number broadcast
        Shape to = shape();
        if (to.empty()) to = {2, 2};
        const bool broadcast = random_.chance(30);
        const std::string init = broadcast ? number() : literal({count(to)});
        out_ += "  var " + name + "<" + dims(to) + "> = " + init + ";\n";
        scope_.push_back({name, to});
        cost += 2;
        return;
      }
      case 1: {
        const StructDef& def = *structs_[random_.below(structs_.size())];
        out_ += "  " + def.name + " " + name + " = " + struct_literal(def) + ";\n";
        scope_.push_back({name, {}, &def});
        ++cost;
        return;
      }
      case 2:
      case 3: {
        const Shape s = shape();
        out_ += "  print(" + expr(s, 0, cost) + ");\n";
        ++cost;
        return;
      }
      default: {
        const Shape s = shape();
        const std::string init = expr(s, 0, cost);
        out_ += "  var " + name + " = " + init + ";\n";
        scope_.push_back({name, s});
        return;
      }
    }
  }

  void define_function() {
    Function f{"f" + std::to_string(functions_.size()), {}, shape(), 1};
    scope_.clear();
    out_ += "def " + f.name + "(";
    for (std::size_t i = 0, n = random_.below(4); i < n; ++i) {
      Value p{"p" + std::to_string(i), shape()};
      out_ += i ? ", " : "";
      if (random_.chance(25)) {
        p.record = structs_[random_.below(structs_.size())].get();
        p.shape.clear();
        out_ += p.record->name + " ";
      }
      out_ += p.name;
      f.params.push_back(p);
      scope_.push_back(p);
    }
    out_ += ") {\n";
    for (std::size_t i = 0, n = random_.below(4); i < n; ++i) statement(f.cost);
    out_ += "  return " + expr(f.result, 0, f.cost) + ";\n}\n\n";
    functions_.push_back(std::move(f));  // called by others only while its cost is in bounds
  }

  void define_main() {
    scope_.clear();
    out_ += "def main() {\n";
    // Structs first, so calls taking them can be made.
    for (const auto& def : structs_) {
      const std::string name = "s" + def->name;
      out_ += "  " + def->name + " " + name + " = " + struct_literal(*def) + ";\n";
      scope_.push_back({name, {}, def.get()});
    }
    int cost = 0;
    for (std::size_t i = 0, n = 2 + random_.below(4); i < n; ++i) statement(cost);
    // Each function no other calls is printed: none is dead, so the whole program runs (toyc's
    // inliner leaves a function whose only caller was dead, and its JIT cannot lower it).
    for (const Function& f : functions_) {
      if (f.called) continue;
      std::string call = f.name + "(";
      for (std::size_t a = 0; a < f.params.size(); ++a) {
        call += a ? ", " : "";
        call += f.params[a].record ? struct_value(*f.params[a].record)
                                   : expr(f.params[a].shape, 1, cost);
      }
      out_ += "  print(" + call + "));\n";
    }
    out_ += "}\n";
  }

  Random random_;
  std::string out_;
  std::vector<std::unique_ptr<StructDef>> structs_;
  std::vector<Function> functions_;
  std::vector<Value> scope_;
};

}  // namespace

std::string random_toy(std::uint64_t seed, std::size_t bytes) {
  return Generator(seed).program(bytes);
}

}  // namespace fastarena::bench
