// SPDX-License-Identifier: MIT
// inline: every call, as toyc-ch7 inlines (the default); or speculative inlining under a cost
// model (InlineOptions::call_cost finite: fa-ir opt --inline-call-cost=N).
//
// Every call, as MLIR's inliner with its default simplification pipeline does it: functions are
// taken callees first; each is canonicalized, every call in it to a function already done is
// replaced by a copy of the callee's body (an argument whose type differs from its parameter's
// goes through a toy.cast), and if any was, the function is canonicalized again. A call to a
// function still on the walk's stack (recursion), or to one that calls itself, stays.
//
// Under a cost model:
// Functions are rewritten callees first (a post order of the call graph, fastarena/call_graph.h),
// so a caller inlines bodies that already had their own calls inlined. Each call site is a
// speculation in a nested savepoint of the pass's transaction: the callee's operations are copied
// with its parameters mapped to the call's arguments, and simplified (canonicalize, fold) where
// they meet them. The result is kept only if it costs less than the call; otherwise the savepoint
// rolls back, which frees every byte the attempt took in O(1), and the call stays. A call to a
// function still on the walk's stack is recursion: it stays.
//
// The cost model: an operation costs 1, a constant 1 more per 8 elements (64 bytes), so
// folding that bloats constants does not pay; a call costs InlineOptions::call_cost. Only the
// inlined operations something uses are counted (and kept): the result, prints and calls, and
// what they use.
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallVector.h>

#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

// Only a constant has data.
std::size_t cost(const Op& op) {
  return 1 + op.data.size() / 8;
}

class Inline : public Pass {
 public:
  explicit Inline(const InlineOptions& options) : options_(options) {}

  std::string_view name() const override { return "inline"; }

  void run(PassContext& pass) override {
    done_.clear();
    done_.reserve(pass.module().functions().size());
    const auto order = call_graph(pass).callees_first();
    for (std::size_t i = 0; i < order.size(); ++i) {
      prefetch_body_ahead(order, i);  // not rewritten yet: its body is the one to read
      const Function* f = order[i];
      if (f->body != nullptr) {
        if (options_.call_cost == InlineOptions::every_call) {
          inline_every_call(*f, pass);
        } else {
          inline_into(*f, pass);
        }
      }
      done_.insert(f);
      if (pass.builder().failed()) return;
    }
  }

 private:
  // Canonicalizes `f`, inlines every call to a function done already, canonicalizes again.
  void inline_every_call(const Function& f, PassContext& pass) {
    Builder& builder = pass.builder();
    const Body* body = pass.body(f);
    if (const Body* canonical = canonicalize_body(body->ops, builder)) body = canonical;
    Rewriter r(builder);
    bool inlined = false;
    for (const Op* op : body->ops) {
      const Function* callee =
          op->callee().empty() ? nullptr : pass.module().function(op->callee());
      // Not a recursion (a function on the walk's stack), nor, as MLIR's inliner refuses, a
      // function that calls itself.
      if (callee == nullptr || callee->body == nullptr || !done_.contains(callee) ||
          llvm::is_contained(pass.body(*callee)->callees, callee->name)) {
        r.keep(*op);
        continue;
      }
      inline_call(r, *op, *pass.body(*callee), *callee);
      pass.speculated(/*kept=*/true, 0);  // counted as inlined (nothing to roll back)
      inlined = true;
    }
    if (inlined) {
      if (const Body* with_calls_inlined = r.finish()) body = with_calls_inlined;
      if (const Body* canonical = canonicalize_body(body->ops, builder)) body = canonical;
    }
    if (!builder.failed() && body != pass.body(f)) pass.set_body(f, body);
  }

  // Replaces `call` with a copy of `callee`'s operations (its body `body`), as they are.
  static void inline_call(Rewriter& r, const Op& call, const Body& body, const Function& callee) {
    Builder& builder = r.builder();
    llvm::SmallDenseMap<const Op*, const Op*, 16> copies;
    for (std::size_t i = 0; i < callee.params.size(); ++i) {
      const Op* arg = r.value(call.operands[i]);
      const Type param = callee.params[i]->type;
      if (arg->type != param) {  // as MLIR's inliner asks the dialect to convert it
        arg = r.emit(builder.build(Opcode::cast, {&arg, 1}, call.loc, {.type = param}));
      }
      copies[callee.params[i]] = arg;
    }
    llvm::SmallVector<const Op*, 4> operands;
    for (const Op* op : body.ops) {
      if (builder.failed()) return;
      operands.clear();
      for (const Op* operand : op->operands) operands.push_back(copies.lookup(operand));
      if (op_def(op->opcode).terminator) {
        if (!call.has_result()) {
          r.drop(call);
        } else if (operands[0]->type == call.type) {
          r.replace(call, operands[0]);
        } else {
          r.replace(call, r.emit(builder.build(Opcode::cast, {&operands[0], 1}, call.loc,
                                               {.type = call.type})));
        }
        return;
      }
      // Located as MLIR's inliner locates it: where it was, at the call.
      copies[op] = r.emit(builder.build(
          op->opcode, operands, builder.context().call_site(op->loc, call.loc), op->attributes()));
    }
  }

  // Rewrites `f`, inlining the calls that pay and simplifying the rest of its code.
  void inline_into(const Function& f, PassContext& pass) {
    Rewriter r(pass.builder());
    for (const Op* op : f.body->ops) {
      if (pass.builder().failed()) return;
      if (op->callee().empty()) {  // not a call
        simplify(r, *op, options_.fold);
        continue;
      }
      const Function* callee = pass.module().function(op->callee());
      const bool inlinable = callee != nullptr && callee->body != nullptr &&
                             done_.contains(callee);  // not recursion: rewritten already
      if (!inlinable || !speculate(r, *op, *callee, pass)) r.keep(*op);
    }
    if (const Body* body = r.finish()) pass.set_body(f, body);
  }

  // Inlines `callee` at `call` inside a savepoint; true if it paid and was kept.
  bool speculate(Rewriter& caller, const Op& call, const Function& callee, PassContext& pass) {
    Transaction savepoint = pass.transaction().savepoint();
    savepoint.set_limit(options_.speculation_budget);
    Builder builder(pass.context(), savepoint);  // the pass's builder must wait meanwhile
    Rewriter inlined(builder, Rewriter::Mode::copy);
    for (std::size_t i = 0; i < callee.params.size(); ++i) {
      inlined.replace(*callee.params[i], caller.value(call.operands[i]));
    }
    const Op* result = nullptr;
    // Known argument shapes may now meet in the callee's code: the shapes its values would have
    // (each opcode's shape rule, as shape inference will apply it) are followed here, and a
    // conflict keeps the call, so that a program with a shape error still fails where and when
    // it did.
    llvm::SmallDenseMap<const Op*, Type, 16> shapes;
    const auto shape = [&](const Op* value) {
      const Type known = shapes.lookup(value);
      return known ? known : value->type;
    };
    llvm::SmallVector<Type, 4> operand_shapes;
    bool valid = true;
    const std::span<const Op* const> callee_ops = pass.body(callee)->ops;
    for (std::size_t i = 0; i < callee_ops.size(); ++i) {
      // The callee's operations are nodes spread through the arena: each is asked for ahead.
      if (i + 4 < callee_ops.size()) __builtin_prefetch(callee_ops[i + 4]);
      const Op* op = callee_ops[i];
      if (builder.failed() || !valid) break;
      if (op_def(op->opcode).terminator) {  // the return: its value is the call's
        if (!op->operands.empty()) result = inlined.value(op->operands[0]);
        break;
      }
      simplify(inlined, *op, options_.fold);
      // Folded, it is a constant: its evaluation checked the shapes, its type is its own.
      const Op* now = inlined.value(op);
      if (now == nullptr || op_def(now->opcode).constant_like) continue;
      operand_shapes.clear();
      bool known = false;  // without a known operand shape, no conflict and nothing new
      for (const Op* operand : op->operands) {
        operand_shapes.push_back(shape(inlined.value(operand)));
        known = known || operand_shapes.back().is_ranked();
      }
      if (!known) continue;
      const Inferred rule = op_def(op->opcode).infer(*op, operand_shapes, pass.context());
      valid = !rule.conflict;
      if (rule.type.is_ranked() && op->has_result()) shapes[now] = rule.type;
    }
    const auto kept = live_ops(inlined.ops(), result);
    std::size_t total = 0;
    for (const Op* op : kept) total += cost(*op);
    const bool pays = !builder.failed() && valid && total < options_.call_cost;
    pass.speculated(pays, savepoint.bytes_used());
    if (!pays) return false;  // the savepoint rolls back as it closes
    savepoint.commit();
    for (const Op* op : kept) caller.emit(op);
    if (call.has_result()) {
      caller.replace(call, result);
    } else {
      caller.drop(call);
    }
    return true;
  }

  InlineOptions options_;
  llvm::DenseSet<const Function*> done_;  // rewritten: callees first, so a recursion's is not
};

}  // namespace

std::unique_ptr<Pass> inline_calls(const InlineOptions& options) {
  return std::make_unique<Inline>(options);
}

}  // namespace fastarena::ir::passes
