// SPDX-License-Identifier: MIT
// lower-to-affine: Toy to the loop level, as toyc-ch7's partial lowering (and the canonicalize
// and cse it runs afterwards) makes it. Each tensor value becomes a buffer allocated at the top
// of the function and freed at its end; each operation a nest of affine.for over the result's
// shape; a constant one store per element of f64 constants, which sit at the very top, each
// value once, in the reverse of the order first met (where MLIR's folder puts them).
//
// Only what the Toy passes leave of a whole program lowers: `main`, every call inlined and every
// shape known. Anything else is a located error and the pass is rolled back.
//
// With LowerOptions::constants_as_data (the native path), a constant is instead its elements as
// data (`arith.constant dense<...> : tensor<...>` seen as a buffer by bufferization.to_memref):
// one operation, never freed, however many elements - where a store per element makes compile
// time grow with the data.
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include <cstring>

#include "fastarena/ir/loop_ops.h"
#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

class LowerToAffine : public FunctionPass {
 public:
  explicit LowerToAffine(const LowerOptions& options) : options_(options) {}
  std::string_view name() const override { return "lower-to-affine"; }

  const Body* rewrite(const Function& function, PassContext& pass) override {
    if (is_loop_level(function)) return nullptr;
    if (!function.params.empty() || function.result) {
      pass.error(function.loc, "cannot lower @" + std::string(function.name) +
                                   " to loops: it is still called after inlining (a function "
                                   "that calls itself)");
      return nullptr;
    }
    Function lowering(pass, options_);
    for (const Op* op : pass.body(function)->ops) {
      if (!lowering.op(*op)) return nullptr;
    }
    return lowering.finish();
  }

 private:
  // One function's lowering: the pieces of the new body, put together by finish().
  class Function {
   public:
    Function(PassContext& pass, const LowerOptions& options)
        : pass_(pass), b_(pass.builder()), options_(options) {}

    bool op(const Op& op) {
      switch (op.opcode) {
        case Opcode::constant:
          return constant(op);
        case Opcode::add:
          return elementwise(op, Opcode::arith_addf);
        case Opcode::sub:
          return elementwise(op, Opcode::arith_subf);
        case Opcode::mul:
          return elementwise(op, Opcode::arith_mulf);
        case Opcode::transpose:
          return transpose(op);
        case Opcode::reshape:
          return reshape(op);
        case Opcode::cast:
          buffers_[&op] = buffer(op.operands[0]);
          return true;
        case Opcode::print:
          return emit(Opcode::print, {buffer(op.operands[0])}, op.loc, {}) != nullptr;
        case Opcode::ret:
          if (!op.operands.empty()) return unsupported(op);
          ret_loc_ = op.loc;
          return true;
        default:
          return unsupported(op);
      }
    }

    const Body* finish() {
      llvm::SmallVector<const Op*, 64> ops(constants_.rbegin(), constants_.rend());
      ops.append(allocs_.rbegin(), allocs_.rend());
      ops.append(code_.begin(), code_.end());
      for (const Op* alloc : allocs_) {
        const Op* const operand[] = {alloc};
        if (emit_into(deallocs_, Opcode::memref_dealloc, operand, alloc->loc, {}) == nullptr) {
          return nullptr;
        }
      }
      ops.append(deallocs_.begin(), deallocs_.end());
      const Op* ret = b_.build(Opcode::func_return, {}, ret_loc_);
      ops.push_back(ret);
      return b_.failed() ? nullptr : b_.body(ops);
    }

   private:
    bool unsupported(const Op& op) {
      pass_.error(op.loc,
                  "cannot lower '" + std::string(dialect(op.opcode)) + "." +
                      std::string(mnemonic(op.opcode)) + "' to loops" +
                      (op.has_result() && !op.type.is_ranked() ? ": its shape is not known" : ""));
      return false;
    }

    const Op* buffer(const Op* value) const { return buffers_.lookup(value); }

    // A new buffer for `op`'s value, allocated at the top and freed at the end.
    const Op* allocate(const Op& op) {
      if (!op.type.is_ranked()) return nullptr;
      Attributes attrs;
      attrs.type = pass_.context().memref(op.type.shape());
      const Op* alloc = b_.build(Opcode::memref_alloc, {}, op.loc, attrs);
      if (alloc == nullptr) return nullptr;
      allocs_.push_back(alloc);
      buffers_[&op] = alloc;
      return alloc;
    }

    const Op* emit(Opcode opcode, std::initializer_list<const Op*> operands, Location loc,
                   const Attributes& attrs) {
      return emit_into(*into_, opcode, {operands.begin(), operands.size()}, loc, attrs);
    }
    const Op* emit_into(llvm::SmallVectorImpl<const Op*>& out, Opcode opcode,
                        std::span<const Op* const> operands, Location loc,
                        const Attributes& attrs) {
      const Op* op = b_.build(opcode, operands, loc, attrs);
      if (op != nullptr) out.push_back(op);
      return op;
    }

    // The f64 constant `value`, one per value in the function.
    const Op* scalar(double value) {
      std::uint64_t bits = 0;
      std::memcpy(&bits, &value, sizeof bits);
      if (const Op* known = scalars_.lookup(bits)) return known;
      Attributes attrs;
      attrs.type = pass_.context().f64();
      attrs.data = {&value, 1};
      const Op* c = b_.build(Opcode::arith_constant, {}, Location(), attrs);
      if (c == nullptr) return nullptr;
      constants_.push_back(c);
      scalars_[bits] = c;
      return c;
    }

    // Indices that are the first `rank` index operands in order (reversed: last first).
    const AccessProperties* ivs_access(std::size_t rank, bool reversed) {
      auto& cached = reversed ? reversed_[rank] : identity_[rank];
      if (cached != nullptr) return cached;
      llvm::SmallVector<AffineIndex, 4> indices;
      for (std::size_t d = 0; d < rank; ++d) {
        llvm::SmallVector<std::int64_t, 4> coeffs(rank, 0);
        coeffs[reversed ? rank - 1 - d : d] = 1;
        indices.push_back({b_.array(std::span<const std::int64_t>(coeffs))});
      }
      cached = b_.properties(AccessProperties{b_.array(std::span<const AffineIndex>(indices))});
      return cached;
    }

    const Op* load(const Op* memref, std::span<const Op* const> ivs, const AccessProperties* access,
                   Location loc) {
      llvm::SmallVector<const Op*, 5> operands = {memref};
      operands.append(ivs.begin(), ivs.end());
      Attributes attrs;
      attrs.type = pass_.context().f64();
      attrs.properties = access;
      return emit_into(*into_, Opcode::affine_load, operands, loc, attrs);
    }
    const Op* store(const Op* value, const Op* memref, std::span<const Op* const> ivs,
                    const AccessProperties* access, Location loc) {
      llvm::SmallVector<const Op*, 6> operands = {value, memref};
      operands.append(ivs.begin(), ivs.end());
      Attributes attrs;
      attrs.properties = access;
      return emit_into(*into_, Opcode::affine_store, operands, loc, attrs);
    }

    // A nest of loops over `shape` at `loc`, `body(ivs)` emitting the innermost body's
    // operations; a rank-0 shape is the body alone.
    template <class Body>
    bool nest(std::span<const std::int64_t> shape, Location loc, Body&& body) {
      llvm::SmallVector<const Op*, 4> ivs;
      return level(shape, 0, ivs, loc, body);
    }
    template <class Body>
    bool level(std::span<const std::int64_t> shape, std::size_t d,
               llvm::SmallVectorImpl<const Op*>& ivs, Location loc, Body& body) {
      if (d == shape.size()) return body(std::span<const Op* const>(ivs));
      ForProperties* bounds = b_.properties(ForProperties{0, shape[d], {}});
      if (bounds == nullptr) return false;
      Attributes attrs;
      attrs.type = pass_.context().index();
      attrs.properties = bounds;
      const Op* loop = emit(Opcode::affine_for, {}, loc, attrs);
      if (loop == nullptr) return false;
      // The body's operations go to their own list until the loop's properties hold them.
      llvm::SmallVector<const Op*, 8> inner;
      llvm::SmallVectorImpl<const Op*>* outer = into_;
      into_ = &inner;
      ivs.push_back(loop);
      const bool ok = level(shape, d + 1, ivs, loc, body);
      ivs.pop_back();
      into_ = outer;
      bounds->body = b_.freeze(inner);
      return ok && !b_.failed();
    }

    bool constant(const Op& op) {
      if (!op.type.is_ranked()) return unsupported(op);
      if (options_.constants_as_data) return constant_data(op);
      const Op* alloc = allocate(op);
      if (alloc == nullptr) return false;
      const std::span<const std::int64_t> shape = op.type.shape();
      llvm::SmallVector<std::int64_t, 4> index(shape.size(), 0);
      const std::span<const double> data = op.data;
      for (std::size_t i = 0; i < static_cast<std::size_t>(op.type.element_count()); ++i) {
        const Op* value = scalar(data.size() == 1 ? data[0] : data[i]);
        llvm::SmallVector<AffineIndex, 4> indices;
        for (const std::int64_t at : index) indices.push_back({{}, at});
        const AccessProperties* access =
            b_.properties(AccessProperties{b_.array(std::span<const AffineIndex>(indices))});
        if (value == nullptr || store(value, alloc, {}, access, op.loc) == nullptr) return false;
        for (std::size_t d = shape.size(); d > 0 && ++index[d - 1] == shape[d - 1]; --d) {
          index[d - 1] = 0;
        }
      }
      return true;
    }

    bool constant_data(const Op& op) {
      Attributes attrs;
      attrs.type = op.type;
      attrs.data = op.data;  // a splat holds one element, as toy.constant does
      const Op* tensor = b_.build(Opcode::arith_constant, {}, op.loc, attrs);
      attrs = {};
      attrs.type = pass_.context().memref(op.type.shape());
      const Op* const operand[] = {tensor};
      const Op* memref = b_.build(Opcode::to_memref, operand, op.loc, attrs);
      if (tensor == nullptr || memref == nullptr) return false;
      code_.append({tensor, memref});
      buffers_[&op] = memref;
      return true;
    }

    bool elementwise(const Op& op, Opcode scalar_op) {
      const Op* lhs = buffer(op.operands[0]);
      const Op* rhs = buffer(op.operands[1]);
      if (!op.type.is_ranked() || op.operands[0]->type != op.type ||
          op.operands[1]->type != op.type) {
        return unsupported(op);
      }
      const Op* out = allocate(op);
      if (out == nullptr) return false;
      const AccessProperties* access = ivs_access(op.type.shape().size(), false);
      return nest(op.type.shape(), op.loc, [&](std::span<const Op* const> ivs) {
        const Op* a = load(lhs, ivs, access, op.loc);
        // cse: the same element of the same buffer is one load.
        const Op* b = rhs == lhs ? a : load(rhs, ivs, access, op.loc);
        Attributes attrs;
        attrs.type = pass_.context().f64();
        const Op* value = emit(scalar_op, {a, b}, op.loc, attrs);
        return value != nullptr && store(value, out, ivs, access, op.loc) != nullptr;
      });
    }

    bool transpose(const Op& op) {
      const Op* in = buffer(op.operands[0]);
      if (!op.type.is_ranked() || !op.operands[0]->type.is_ranked()) return unsupported(op);
      const Op* out = allocate(op);
      if (out == nullptr) return false;
      const std::size_t rank = op.type.shape().size();
      return nest(op.type.shape(), op.loc, [&](std::span<const Op* const> ivs) {
        const Op* value = load(in, ivs, ivs_access(rank, true), op.loc);
        return value != nullptr && store(value, out, ivs, ivs_access(rank, false), op.loc);
      });
    }

    // Not in toyc's lowering (its canonicalizer folds every reshape it meets; one that remains
    // fails there): a copy, each element read where row-major order puts it in the operand.
    bool reshape(const Op& op) {
      const Op* in = buffer(op.operands[0]);
      const Type from = op.operands[0]->type;
      if (!op.type.is_ranked() || !from.is_ranked() ||
          from.element_count() != op.type.element_count()) {
        return unsupported(op);
      }
      const Op* out = allocate(op);
      if (out == nullptr) return false;
      const std::span<const std::int64_t> shape = op.type.shape();
      // The linear position of an element of the result: its indices times the strides.
      llvm::SmallVector<std::int64_t, 4> linear(shape.size(), 0);
      for (std::size_t d = shape.size(), stride = 1; d-- > 0;) {
        linear[d] = static_cast<std::int64_t>(stride);
        stride *= static_cast<std::size_t>(shape[d]);
      }
      const std::span<const std::int64_t> coeffs = b_.array(std::span<const std::int64_t>(linear));
      llvm::SmallVector<AffineIndex, 4> indices;
      std::int64_t stride = 1;
      for (std::size_t d = from.shape().size(); d-- > 0;) {
        const std::int64_t extent = from.shape()[d];
        indices.insert(indices.begin(), {coeffs, 0, stride, d == 0 ? 0 : extent});
        stride *= extent;
      }
      const AccessProperties* source =
          b_.properties(AccessProperties{b_.array(std::span<const AffineIndex>(indices))});
      return nest(shape, op.loc, [&](std::span<const Op* const> ivs) {
        const Op* value = load(in, ivs, source, op.loc);
        return value != nullptr &&
               store(value, out, ivs, ivs_access(shape.size(), false), op.loc) != nullptr;
      });
    }

    PassContext& pass_;
    Builder& b_;
    const LowerOptions& options_;
    llvm::SmallVector<const Op*, 16> constants_;  // in the order first met
    llvm::SmallVector<const Op*, 16> allocs_;     // in the order made
    llvm::SmallVector<const Op*, 64> code_;
    llvm::SmallVector<const Op*, 16> deallocs_;
    llvm::SmallVectorImpl<const Op*>* into_ = &code_;  // where emit() appends
    Location ret_loc_;
    llvm::DenseMap<const Op*, const Op*> buffers_;      // Toy value -> its buffer
    llvm::DenseMap<std::uint64_t, const Op*> scalars_;  // by the double's bits
    llvm::DenseMap<std::size_t, const AccessProperties*> identity_, reversed_;  // by rank
  };

  LowerOptions options_;
};

}  // namespace

std::unique_ptr<Pass> lower_to_affine(const LowerOptions& options) {
  return std::make_unique<LowerToAffine>(options);
}

}  // namespace fastarena::ir::passes
