// SPDX-License-Identifier: MIT
// The operations of the loop level (fastarena/ir/loop_ops.h): MLIR's affine, memref, arith and
// func operations as toyc-ch7 -emit=mlir-affine prints them. None of them is evaluated at
// compile time or by the interpreter: the loop level runs as native code (codegen/).
#pragma once

#include "fastarena/ir/loop_ops.h"
#include "function_ops.h"
#include "op_base.h"

namespace fastarena::ir::ops {

// What every loop-level operation shares: scalar or buffer operands, nothing to fold.
struct LoopOpBase : OpBase {
  static constexpr bool tensor_operands = false;
};

// Whether `value` has type `type`; else a verifier error naming the operand.
inline bool operand_is(const Op& op, std::size_t i, Type type, const char* what, Verification& v) {
  return op.operands[i]->type == type ||
         v.error(op, std::string(what) + " is " + to_string(op.operands[i]->type) + ", not " +
                         to_string(type));
}

// %cst = arith.constant 1.000000e+00 : f64
// %cst = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>  (a constant's
// elements as data, seen as a buffer through bufferization.to_memref)
struct ArithConstantOp : LoopOpBase {
  static constexpr std::string_view dialect = "arith";
  static constexpr std::string_view mnemonic = "constant";
  static constexpr std::string_view result_name = "cst";
  static constexpr int arity = 0;
  static constexpr bool constant_like = true;

  static bool verify(const Op& op, Verification& v) {
    if (op.type.is_ranked()) {
      const auto count = static_cast<std::size_t>(op.type.element_count());
      return op.data.size() == count || op.data.size() == 1 ||
             v.error(op, "holds " + std::to_string(op.data.size()) + " elements, its type " +
                             std::to_string(count));
    }
    if (op.data.size() != 1)
      return v.error(op, "holds " + std::to_string(op.data.size()) + " values");
    return op.type == v.module.context().f64() || v.error(op, "is not f64 or a tensor");
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    if (op.type.is_ranked()) {
      p.dense(op.type, op.data);
      p.os() << " : ";
      p.type(op.type);
      return;
    }
    print_mlir_double(op.data[0], p.os());
    p.os() << " : f64";
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    if (p.peek('d')) {  // dense<...> (a number never starts so)
      const char* const at = p.position();
      return p.dense(op.data, op.attrs.type) &&
             (op.attrs.type.is_ranked() || p.error_at(at, "expected a ranked tensor"));
    }
    double value = 0;
    if (!p.scalar(value) || !p.expect(':') || !p.expect_keyword("f64")) return false;
    op.data.push_back(value);
    op.attrs.type = p.context().f64();
    return true;
  }
};

// %0 = bufferization.to_memref %cst : memref<2xf64>: a constant's elements as a buffer (never
// written, never freed).
struct ToMemrefOp : LoopOpBase {
  static constexpr std::string_view dialect = "bufferization";
  static constexpr std::string_view mnemonic = "to_memref";

  static bool verify(const Op& op, Verification& v) {
    const Op& from = *op.operands[0];
    if (from.opcode != Opcode::arith_constant || !from.type.is_ranked()) {
      return v.error(op, "takes a constant tensor");
    }
    return (op.type.is_memref() &&
            std::equal(op.type.shape().begin(), op.type.shape().end(), from.type.shape().begin(),
                       from.type.shape().end())) ||
           v.error(op, "is " + to_string(op.type) + ", not a memref of its operand's shape");
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    p.value(op.operands[0]);
    p.os() << " : ";
    p.type(op.type);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const Op* tensor = nullptr;
    if (!p.operand(tensor) || !p.expect(':') || !p.type(op.attrs.type)) return false;
    op.operands.push_back(tensor);
    return true;
  }
};

// %2 = arith.addf %0, %1 : f64  (subf, mulf)
template <const char* kMnemonic>
struct ArithBinaryOp : LoopOpBase {
  static constexpr std::string_view dialect = "arith";
  static constexpr std::string_view mnemonic = kMnemonic;
  static constexpr int arity = 2;

  static bool verify(const Op& op, Verification& v) {
    const Type f64 = v.module.context().f64();
    return operand_is(op, 0, f64, "the left operand", v) &&
           operand_is(op, 1, f64, "the right operand", v) &&
           (op.type == f64 || v.error(op, "is not f64"));
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    p.values(op.operands);
    p.os() << " : f64";
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const Op* a = nullptr;
    const Op* b = nullptr;
    if (!p.operand(a) || !p.expect(',') || !p.operand(b) || !p.expect(':') ||
        !p.expect_keyword("f64")) {
      return false;
    }
    op.operands = {a, b};
    op.attrs.type = p.context().f64();
    return true;
  }
};
inline constexpr char kAddf[] = "addf";
inline constexpr char kSubf[] = "subf";
inline constexpr char kMulf[] = "mulf";
using ArithAddOp = ArithBinaryOp<kAddf>;
using ArithSubOp = ArithBinaryOp<kSubf>;
using ArithMulOp = ArithBinaryOp<kMulf>;

// %alloc = memref.alloc() : memref<2x3xf64>
struct MemrefAllocOp : LoopOpBase {
  static constexpr std::string_view dialect = "memref";
  static constexpr std::string_view mnemonic = "alloc";
  static constexpr std::string_view result_name = "alloc";
  static constexpr int arity = 0;
  static constexpr bool effect = true;  // its dealloc uses it

  static bool verify(const Op& op, Verification& v) {
    return op.type.is_memref() || v.error(op, "is " + to_string(op.type) + ", not a memref");
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << "() : ";
    p.type(op.type);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const char* const at = p.position();
    if (!p.expect('(') || !p.expect(')') || !p.expect(':') || !p.type(op.attrs.type)) return false;
    return op.attrs.type.is_memref() || p.error_at(at, "expected a memref type");
  }
};

// memref.dealloc %alloc : memref<2x3xf64>
struct MemrefDeallocOp : LoopOpBase {
  static constexpr std::string_view dialect = "memref";
  static constexpr std::string_view mnemonic = "dealloc";
  static constexpr Result result = Result::none;
  static constexpr bool effect = true;

  static bool verify(const Op& op, Verification& v) {
    return op.operands[0]->type.is_memref() || v.error(op, "frees something not a memref");
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    print_typed_operand(p, op);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) { return parse_typed_operand(p, op); }
};

// Checks an access to `buffer` with `indices` over the index operands from `first`.
inline bool verify_access(const Op& op, const Op* buffer, std::size_t first,
                          std::span<const AffineIndex> indices, Verification& v) {
  if (!buffer->type.is_memref()) return v.error(op, "accesses something not a memref");
  if (indices.size() != buffer->type.shape().size()) {
    return v.error(op, "has " + std::to_string(indices.size()) + " indices for a buffer of rank " +
                           std::to_string(buffer->type.shape().size()));
  }
  for (std::size_t i = first; i < op.operands.size(); ++i) {
    if (op.operands[i]->type != v.module.context().index()) {
      return v.error(op, "an index is " + to_string(op.operands[i]->type) + ", not index");
    }
  }
  for (const AffineIndex& index : indices) {
    if (index.coeffs.size() > op.operands.size() - first || index.divisor <= 0 ||
        index.modulus < 0) {
      return v.error(op, "has a malformed index");
    }
  }
  return true;
}

// Copies an access's indices through `b`.
inline void* copy_access(Builder& b, const Op& op) {
  const auto& old = *static_cast<const AccessProperties*>(op.properties());
  llvm::SmallVector<AffineIndex, 4> indices(old.indices.begin(), old.indices.end());
  for (AffineIndex& index : indices) index.coeffs = b.array(index.coeffs);
  return b.properties(AccessProperties{b.array(std::span<const AffineIndex>(indices))});
}

// %0 = affine.load %alloc[%arg0, %arg1] : memref<2x3xf64>
struct AffineLoadOp : LoopOpBase {
  static constexpr std::string_view dialect = "affine";
  static constexpr std::string_view mnemonic = "load";
  static constexpr int arity = OpDef::kVariadic;  // the buffer, then the index operands
  static constexpr void* (*copy_properties)(Builder&, const Op&) = &copy_access;

  static bool verify(const Op& op, Verification& v) {
    if (op.operands.empty() || op.properties() == nullptr) return v.error(op, "has no buffer");
    const ir::AffineLoadOp load(op);
    return verify_access(op, load.memref(), 1, load.indices(), v) &&
           (op.type == v.module.context().f64() || v.error(op, "is not f64"));
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    const ir::AffineLoadOp load(op);
    p.os() << ' ';
    p.value(load.memref());
    p.access(load.indices(), load.index_operands());
    p.os() << " : ";
    p.type(load.memref()->type);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const Op* buffer = nullptr;
    if (!p.operand(buffer)) return false;
    op.operands.push_back(buffer);
    if (!p.access(op) || !p.expect(':')) return false;
    const char* const at = p.position();
    Type type;
    if (!p.type(type) || !typed(p, at, buffer, type)) return false;
    op.attrs.type = p.context().f64();
    return true;
  }
};

// affine.store %0, %alloc[%arg0, %arg1] : memref<2x3xf64>
struct AffineStoreOp : LoopOpBase {
  static constexpr std::string_view dialect = "affine";
  static constexpr std::string_view mnemonic = "store";
  static constexpr int arity = OpDef::kVariadic;  // the value, the buffer, the index operands
  static constexpr Result result = Result::none;
  static constexpr bool effect = true;
  static constexpr void* (*copy_properties)(Builder&, const Op&) = &copy_access;

  static bool verify(const Op& op, Verification& v) {
    if (op.operands.size() < 2 || op.properties() == nullptr) {
      return v.error(op, "has no value or no buffer");
    }
    const ir::AffineStoreOp store(op);
    return operand_is(op, 0, v.module.context().f64(), "the value", v) &&
           verify_access(op, store.memref(), 2, store.indices(), v);
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    const ir::AffineStoreOp store(op);
    p.os() << ' ';
    p.value(store.value());
    p.os() << ", ";
    p.value(store.memref());
    p.access(store.indices(), store.index_operands());
    p.os() << " : ";
    p.type(store.memref()->type);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const Op* value = nullptr;
    const Op* buffer = nullptr;
    if (!p.operand(value) || !p.expect(',') || !p.operand(buffer)) return false;
    op.operands = {value, buffer};
    if (!p.access(op) || !p.expect(':')) return false;
    const char* const at = p.position();
    Type type;
    return p.type(type) && typed(p, at, buffer, type);
  }
};

// affine.for %arg0 = 0 to 3 { ... }: its own induction variable, of type index.
struct AffineForOp : LoopOpBase {
  static constexpr std::string_view dialect = "affine";
  static constexpr std::string_view mnemonic = "for";
  static constexpr int arity = 0;
  static constexpr bool effect = true;  // its body stores

  static std::span<const Op* const> body(const Op& op) { return ir::AffineForOp(op).body(); }
  static void* copy(Builder& b, const Op& op) {
    const ir::AffineForOp loop(op);
    return b.properties(ForProperties{loop.lower(), loop.upper(), loop.body()});
  }
  static void set_body(void* properties, std::span<const Op* const> body) {
    static_cast<ForProperties*>(properties)->body = body;
  }
  static constexpr std::span<const Op* const> (*region)(const Op&) = &body;
  static constexpr void* (*copy_properties)(Builder&, const Op&) = &copy;
  static constexpr void (*set_region)(void*, std::span<const Op* const>) = &set_body;
  static bool verify(const Op& op, Verification& v) {
    if (op.properties() == nullptr) return v.error(op, "has no bounds");
    if (op.type != v.module.context().index()) return v.error(op, "is not an index");
    const ir::AffineForOp loop(op);
    return loop.lower() <= loop.upper() || v.error(op, "runs backwards");
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    const ir::AffineForOp loop(op);
    p.os() << ' ';
    p.value(&op);
    p.location(op.loc);  // the induction variable's, a block argument's
    p.os() << " = " << loop.lower() << " to " << loop.upper();
    p.region(loop.body());
  }
  // Only the bounds: the parser reads the name before and the region after (it must name the
  // operation before it reads the body that uses it).
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    ForProperties& bounds = op.loop;
    if (!p.integer64(bounds.lower) || !p.expect_keyword("to") || !p.integer64(bounds.upper)) {
      return false;
    }
    op.attrs.type = p.context().index();
    return true;
  }
};

// toy.print of a buffer is PrintOp (function_ops.h); func.return and func.call are these.

// return  |  return %0 : memref<2xf64>   (func.return: in a func.func, written without "func.")
struct FuncReturnOp : ReturnOp {
  static constexpr std::string_view dialect = "func";
};

// %0 = call @f(%alloc) : (memref<2xf64>) -> memref<2xf64>
struct FuncCallOp : GenericCallOp {
  static constexpr std::string_view dialect = "func";
  static constexpr std::string_view mnemonic = "call";
};

}  // namespace fastarena::ir::ops
