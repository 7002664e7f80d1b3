// SPDX-License-Identifier: MIT
/// \file
/// The op table: what each opcode means, in one place. Every line of ops.def names a class in
/// ir/lib/ops/ (tensor_ops.h, struct_ops.h, function_ops.h), and OpDef is what the rest of the IR
/// sees of it: traits (operand count, whether it has a result, an effect, ends a body) and hooks
/// (the shape rule, the verifier's op-specific checks, evaluation, canonicalization, text). The
/// builder, the verifier, shape inference, the folder, the interpreter, canonicalize, the printer,
/// the parser and the DOT writer are generic over this table.
///
/// Evaluation is written once for run time and compile time: the interpreter evaluates on the
/// values it computed, the folder on constants (an Evaluator says where results go and what
/// calls and prints do).
#pragma once

#include <llvm/ADT/SmallVector.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "fastarena/arena.h"
#include "fastarena/ir/diagnostic.h"
#include "fastarena/ir/module.h"
#include "fastarena/ir/op.h"

namespace fastarena::ir {

class Builder;
class OpAsmParser;
class OpAsmPrinter;
class Rewriter;
struct ParsedOp;

/// Two types an operation's shape rule cannot reconcile.
struct ShapeConflict {
  /// Which rule the operands break.
  enum class Kind : unsigned char {
    operands_differ,        ///< element-wise operands of two shapes (`first`, `second`)
    element_counts_differ,  ///< a reshape of `first` to `second`
  };
  Kind kind;    ///< which rule
  Type first;   ///< the left operand, or what is reshaped
  Type second;  ///< the right operand, or the type asked for

  /// "operands of 'add' have different shapes: tensor<2xf64> and tensor<3xf64>", or "cannot
  /// reshape tensor<3xf64> to tensor<2x2xf64>: element counts differ"; `what` names the
  /// operation as the reader wrote it ("'add'" in IR, "'+'" in Toy), or is empty where the
  /// message follows the operation's name ("'toy.add' op operands have different shapes: ...").
  std::string message(std::string_view what) const;
};

/// What a shape rule concludes from the operands' types: the result's type (null for an
/// operation without one), or why the operands cannot go together.
struct Inferred {
  Type type = {};                                        ///< the result's
  std::optional<ShapeConflict> conflict = std::nullopt;  ///< why there is none
};

/// A value being computed, at run time or while folding: a tensor or a struct.
struct Value {
  Type type;                      ///< always ranked for a tensor: values have shapes
  std::span<const double> data;   ///< a tensor's elements, row-major
  std::span<const Value> fields;  ///< a struct's fields' values
};

/// Where evaluation allocates, and what it does with calls and prints. The base folds: it
/// allocates in a transaction (the constants it makes are used as they are), cannot call or
/// print, and a failure just means "not foldable". The interpreter derives from it.
class Evaluator {
 public:
  /// Allocates through `txn` (for a folder, the builder's own transaction).
  Evaluator(Context& context, Transaction& txn) noexcept : context_(context), txn_(txn) {}
  virtual ~Evaluator() = default;

  /// Where types come from.
  Context& context() const noexcept { return context_; }
  /// `n` doubles for `op`'s result; false (and the failure reported) when out of memory.
  bool doubles(const Op& op, std::size_t n, std::span<double>& out);
  /// `n` values for `op`'s result (a struct's fields); false when out of memory.
  bool values(const Op& op, std::size_t n, std::span<Value>& out);

  /// Calls `call.callee` with `args`, its result into `result`; false if it cannot.
  virtual bool call(const Op& call, std::span<const Value> args, Value& result);
  /// Prints `value`; false if it cannot (a folder never prints).
  virtual bool print(const Op& op, const Value& value);
  /// Reports that evaluating the operation at `loc` failed; returns false, for `return fail()`.
  virtual bool fail(Location loc, std::string message);

 protected:
  /// What fail() says when an allocation for `op` does not fit.
  virtual bool out_of_memory(const Op& op);

 private:
  Context& context_;
  Transaction& txn_;
};

/// What an operation's verify hook sees: its module and function, and where problems go.
struct Verification {
  const Module& module;                        ///< what calls resolve in
  const Function& function;                    ///< the operation's
  llvm::SmallVector<Diagnostic, 0>& problems;  ///< where error() appends

  /// Records a problem with `op`, worded as MLIR words it ("'toy.add' op " and `message`);
  /// returns false, for `return v.error(...)`.
  bool error(const Op& op, const std::string& message) {
    problems.push_back({op.loc, "'" + std::string(dialect(op.opcode)) + "." +
                                    std::string(mnemonic(op.opcode)) + "' op " + message});
    return false;
  }
};

/// One opcode's definition, as the table holds it.
struct OpDef {
  /// Whether an operation has a result.
  enum class Result : unsigned char {
    none,    ///< never (print, return)
    one,     ///< always
    callee,  ///< when its callee returns one (call)
  };
  static constexpr int kVariadic = -1;  ///< `arity` of an operation taking any number

  std::string_view dialect;   ///< "toy", or the loop level's "affine", "memref", "arith", "func"
  std::string_view mnemonic;  ///< its name in the dialect ("return" for ret)
  /// What its result is called in the text, as MLIR's OpAsmOpInterface names it ("cst",
  /// "alloc": %cst, %cst_0, ...); empty: numbered (%0, %1, ...).
  std::string_view result_name;
  int arity;             ///< operands it takes, or kVariadic
  Result result;         ///< whether it has a result
  bool effect;           ///< kept though nobody uses its value (dce, the inliner)
  bool terminator;       ///< ends a body, the body's last operation
  bool tensor_operands;  ///< every operand is a tensor
  bool constant_like;    ///< no operands: its value is its attributes (fold reads it)

  /// The result's type given the operands' types (`op` supplies the attributes), or the
  /// conflict between them. One rule for the builder, the verifier, shape inference, the folder
  /// and the interpreter; lowering asks it too.
  Inferred (*infer)(const Op& op, std::span<const Type> operands, Context& context);
  /// The checks particular to the opcode, after the generic ones (operands defined before,
  /// result, arity, tensor operands) and before the shape rule; false if it found a problem.
  bool (*verify)(const Op& op, Verification& v);
  /// Computes `op` on `args` into `out`, whose type the shape rule has set; false on failure
  /// (after Evaluator::fail) or if it cannot be evaluated (a parameter, a return).
  bool (*evaluate)(const Op& op, std::span<const Value> args, Value& out, Evaluator& e);
  /// Replaces `op` by something simpler through `r`, whose operands `r` has already mapped
  /// (Rewriter::value); false to leave it.
  bool (*canonicalize)(Rewriter& r, const Op& op);
  /// Writes what follows `toy.MNEMONIC` on the operation's line (its operands, attributes and
  /// types: MLIR's custom assembly format for it).
  void (*print)(OpAsmPrinter& p, const Op& op);
  /// Reads what print() writes into `op`; false after reporting an error.
  bool (*parse)(OpAsmParser& p, ParsedOp& op);
  /// The operations of its region (affine.for's body); null for an opcode without one. Such
  /// an operation is its region's argument: the loop's induction variable.
  std::span<const Op* const> (*region)(const Op& op);
  /// Its properties copied through `b`, its region still the old one until set_region gives the
  /// copy its own (how compaction moves an operation); null for an opcode without properties.
  void* (*copy_properties)(Builder& b, const Op& op);
  /// Makes `body` (frozen in the arena) the region of `properties`, a copy_properties copy not
  /// yet published; null for an opcode without a region.
  void (*set_region)(void* properties, std::span<const Op* const> body);
};

namespace detail {
/// The op table, one OpDef per line of ops.def (ir/lib/ops/op_table.cpp).
extern const OpDef kOpTable[];
}  // namespace detail

/// The definition of `opcode` (inline: every walk over the IR asks it of each operation).
inline const OpDef& op_def(Opcode opcode) {
  return detail::kOpTable[static_cast<std::size_t>(opcode)];
}

/// The shape rule of `op` on the types its operands have now.
Inferred infer(const Op& op, Context& context);
/// The shape rule of an operation of `opcode` on `operands`, with `attrs`: what it would be
/// before it is built (lowering asks this to report a conflict in its own words).
Inferred infer(Opcode opcode, std::span<const Op* const> operands, const Attributes& attrs,
               Context& context);

/// Evaluates `op` on `args` (one per operand): checks them against the operand rules and the
/// shape rule, sets `out.type` to what the rule infers, and runs the opcode's evaluation.
bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e);

/// Replaces `op`, whose operands `r` has mapped, by the constant it computes when they are all
/// constant-like (the fold pass; some canonicalizations too); false if it cannot.
bool fold(Rewriter& r, const Op& op);
/// fold(), the constant located at `loc` (where a rewrite fused several operations).
bool fold(Rewriter& r, const Op& op, Location loc);

/// A constant-like operation holding `value` (a tensor: toy.constant, whose elements are used
/// where they are, so they must already live in the builder's arena, as Evaluator::doubles puts
/// them, typed `type` if that is tensor<*xf64>, else as the value; a struct: toy.struct_constant
/// of type `type`, its elements copied), at `loc`.
const Op* materialize_constant(Builder& builder, const Value& value, Type type, Location loc);

}  // namespace fastarena::ir
