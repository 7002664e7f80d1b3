// SPDX-License-Identifier: MIT
// affine-loop-fusion: a loop nest that produces a buffer another nest alone consumes, over the
// same iteration space and element for element, is fused into it - the value it would have
// stored is used where the consumer loaded it (MLIR's affine-loop-fusion followed by its scalar
// replacement, for the nests Toy lowers to) - and the buffer goes away. Each fusion is built in
// a savepoint of the pass's transaction and kept only if the fused nest is smaller than the two
// it replaces and its accesses stay in bounds; otherwise it is rolled back in O(1).
//
// Fusible: the producer P's innermost body stores its buffer T once, at its induction variables
// in order; T is used by nothing but P's store, the consumer C's loads (each at C's induction
// variables in order) and T's dealloc; P and C have the same bounds; nothing between them uses
// T (a buffer is written by its producer only, so what P reads stays as it was).
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include <algorithm>
#include <functional>

#include "fastarena/ir/loop_ops.h"
#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

// The loops of a perfect nest, outermost first, and its innermost body.
struct Nest {
  llvm::SmallVector<const Op*, 4> loops;
  std::span<const Op* const> body;
};

Nest nest_of(const Op& outer) {
  Nest nest;
  const Op* loop = &outer;
  for (;;) {
    nest.loops.push_back(loop);
    const std::span<const Op* const> body = AffineForOp(*loop).body();
    if (body.size() == 1 && body[0]->opcode == Opcode::affine_for) {
      loop = body[0];
      continue;
    }
    nest.body = body;
    return nest;
  }
}

// Whether an access's indices are `loops`' induction variables, in order.
bool at_ivs(std::span<const AffineIndex> indices, std::span<const Op* const> operands,
            std::span<const Op* const> loops) {
  if (indices.size() != loops.size()) return false;
  for (std::size_t d = 0; d < indices.size(); ++d) {
    const int i = indices[d].as_operand();
    if (i < 0 || static_cast<std::size_t>(i) >= operands.size() || operands[i] != loops[d]) {
      return false;
    }
  }
  return true;
}

bool same_bounds(const Nest& a, const Nest& b) {
  if (a.loops.size() != b.loops.size()) return false;
  for (std::size_t d = 0; d < a.loops.size(); ++d) {
    const AffineForOp x(*a.loops[d]);
    const AffineForOp y(*b.loops[d]);
    if (x.lower() != y.lower() || x.upper() != y.upper()) return false;
  }
  return true;
}

// Calls `each` on every operation of `ops`, regions included.
template <class Each>
void walk(std::span<const Op* const> ops, Each&& each) {
  for (const Op* op : ops) {
    each(*op);
    if (op->opcode == Opcode::affine_for) walk(AffineForOp(*op).body(), each);
  }
}

class LoopFusion : public FunctionPass {
 public:
  std::string_view name() const override { return "affine-loop-fusion"; }

  const Body* rewrite(const Function& function, PassContext& pass) override {
    if (!is_loop_level(function)) return nullptr;
    // Positions stay put while fusing: what goes away becomes null, and the body is made of
    // what is left at the end. users_[buffer]: the positions of the operations using it, in
    // order (each found once, up front: the pass is linear, not a scan per nest).
    ops_.assign(pass.body(function)->ops.begin(), pass.body(function)->ops.end());
    users_.clear();
    allocs_.clear();
    for (std::size_t i = 0; i < ops_.size(); ++i) {
      if (ops_[i]->opcode == Opcode::memref_alloc) allocs_[ops_[i]] = i;
      const Op* const one[] = {ops_[i]};
      walk(one, [&](const Op& op) {
        for (const Op* operand : op.operands) {
          if (!operand->type.is_memref()) continue;
          auto& users = users_[operand];
          if (users.empty() || users.back() != i) users.push_back(i);
        }
      });
    }
    bool changed = false;
    // Each consumer in order, as MLIR's fusion takes them, and its producers closest first:
    // each is fused at the start of the consumer's body, so the earliest computes first. A
    // fused nest stands where its consumer stood and is a producer in its turn.
    for (std::size_t c = 0; c < ops_.size(); ++c) {
      while (ops_[c] != nullptr && ops_[c]->opcode == Opcode::affine_for && fuse_into(c, pass)) {
        changed = true;
      }
    }
    if (!changed) return nullptr;
    llvm::SmallVector<const Op*, 64> kept;
    for (const Op* op : ops_) {
      if (op != nullptr) kept.push_back(op);
    }
    return pass.builder().body(kept);
  }

 private:
  // Fuses into the nest at c the closest nest that can be fused into it; true if one was.
  bool fuse_into(std::size_t c, PassContext& pass) {
    llvm::SmallVector<std::size_t, 8> producers;  // the nests before c writing what c reads
    const Op* const consumer[] = {ops_[c]};
    walk(consumer, [&](const Op& op) {
      if (op.opcode != Opcode::affine_load) return;
      for (const std::size_t i : users_.lookup(op.operands[0])) {
        if (i < c && ops_[i] != nullptr && ops_[i]->opcode == Opcode::affine_for) {
          producers.push_back(i);
        }
      }
    });
    std::sort(producers.begin(), producers.end(), std::greater<>());
    producers.erase(std::unique(producers.begin(), producers.end()), producers.end());
    return std::any_of(producers.begin(), producers.end(),
                       [&](std::size_t p) { return fuse(p, c, pass); });
  }

  // Fuses the nest at p into the nest at c if c is its buffer's one consumer and it pays; true
  // if kept.
  bool fuse(std::size_t p, std::size_t c, PassContext& pass) {
    const Nest producer = nest_of(*ops_[p]);
    // Its one store, at its induction variables, into a buffer of its own.
    const Op* store = nullptr;
    for (const Op* op : producer.body) {
      if (op->opcode == Opcode::affine_store) {
        if (store != nullptr) return false;
        store = op;
      }
    }
    if (store == nullptr) return false;
    const AffineStoreOp st(*store);
    if (!at_ivs(st.indices(), st.index_operands(), producer.loops)) return false;
    const Op* buffer = st.memref();
    if (buffer->opcode != Opcode::memref_alloc || allocs_.count(buffer) == 0) return false;
    // Its users: its alloc, the producer, one consumer nest, perhaps its dealloc.
    const auto users_it = users_.find(buffer);
    if (users_it == users_.end()) return false;
    llvm::SmallVector<std::size_t, 4> users;
    for (const std::size_t i : users_it->second) {
      if (ops_[i] != nullptr && ops_[i] != buffer) users.push_back(i);
    }
    if (users.size() < 2 || users[0] != p || users[1] != c) return false;
    std::size_t dealloc = ops_.size();
    if (users.size() > 3) return false;
    if (users.size() == 3) {
      if (ops_[users[2]]->opcode != Opcode::memref_dealloc) return false;
      dealloc = users[2];
    }
    const Nest consumer = nest_of(*ops_[c]);
    if (!same_bounds(producer, consumer)) return false;
    bool reads_elementwise = true;
    walk(consumer.body, [&](const Op& op) {
      for (const Op* operand : op.operands) {
        if (operand != buffer) continue;
        if (op.opcode != Opcode::affine_load) {
          reads_elementwise = false;
          continue;
        }
        const AffineLoadOp load(op);
        reads_elementwise &= at_ivs(load.indices(), load.index_operands(), consumer.loops);
      }
    });
    if (!reads_elementwise) return false;
    const auto has_loop = [](std::span<const Op* const> body) {
      return std::any_of(body.begin(), body.end(),
                         [](const Op* op) { return op->opcode == Opcode::affine_for; });
    };
    if (has_loop(producer.body) || has_loop(consumer.body)) return false;

    // Speculate: the fused nest in a savepoint, kept if it is smaller. Its loops are new (a
    // loop is the value its body uses), both nests' induction variables mapped to them.
    Transaction savepoint = pass.transaction().savepoint();
    Builder b(pass.context(), savepoint);
    llvm::SmallVector<ForProperties*, 4> properties;
    llvm::SmallVector<const Op*, 4> loops;
    llvm::DenseMap<const Op*, const Op*> map;
    for (std::size_t d = 0; d < consumer.loops.size(); ++d) {
      const Op* old = consumer.loops[d];
      const AffineForOp bounds(*old);
      ForProperties* bounds_copy = b.properties(ForProperties{bounds.lower(), bounds.upper(), {}});
      if (bounds_copy == nullptr) return false;
      Attributes attrs;
      attrs.type = old->type;
      attrs.properties = bounds_copy;
      const Op* loop = b.build(Opcode::affine_for, {}, old->loc, attrs);
      if (loop == nullptr) return false;
      properties.push_back(bounds_copy);
      loops.push_back(loop);
      map[producer.loops[d]] = loop;
      map[old] = loop;
    }
    llvm::SmallVector<const Op*, 16> body;
    // Copies `op` into the fused body, or maps a load of what the body loaded already to that
    // load (MLIR's scalar replacement of a redundant load).
    const auto add = [&](const Op& op) {
      const Op* earlier = op.opcode == Opcode::affine_load ? earlier_load(body, op, map) : nullptr;
      if (earlier != nullptr) {
        map[&op] = earlier;
      } else {
        body.push_back(copy(b, op, map));
      }
    };
    for (const Op* op : producer.body) {
      if (op != store) add(*op);
    }
    const Op* stored = map.lookup(st.value());
    if (stored == nullptr) stored = st.value();
    for (const Op* op : consumer.body) {
      if (op->opcode == Opcode::affine_load && op->operands[0] == buffer) {
        map[op] = stored;  // scalar replacement: the value, not a load of it
        continue;
      }
      add(*op);
    }
    for (std::size_t d = loops.size(); d-- > 0;) {
      properties[d]->body = d + 1 == loops.size()
                                ? b.freeze(body)
                                : b.freeze(std::span<const Op* const>(&loops[d + 1], 1));
    }
    const Op* fused = b.failed() ? nullptr : loops[0];
    std::size_t before = 0;
    std::size_t after = 0;
    const Op* const old_nests[] = {ops_[p], ops_[c]};
    walk(old_nests, [&](const Op&) { ++before; });
    if (fused != nullptr) {
      const Op* const new_nest[] = {fused};
      walk(new_nest, [&](const Op&) { ++after; });
    }
    const bool pays = fused != nullptr && !b.failed() && after < before;
    pass.speculated(pays, savepoint.bytes_used());
    if (!pays) return false;  // the savepoint rolls back as it closes
    savepoint.commit();
    // The fused nest where the consumer was; the producer, the buffer and its dealloc gone.
    // The producer's other buffers are the fused nest's now: their users gain c.
    const Op* const producer_nest[] = {ops_[p]};
    walk(producer_nest, [&](const Op& op) {
      for (const Op* operand : op.operands) {
        if (!operand->type.is_memref() || operand == buffer) continue;
        auto& list = users_[operand];
        const auto at = std::lower_bound(list.begin(), list.end(), c);
        if (at == list.end() || *at != c) list.insert(at, c);
      }
    });
    ops_[c] = fused;
    ops_[p] = nullptr;
    if (dealloc != ops_.size()) ops_[dealloc] = nullptr;
    ops_[allocs_.lookup(buffer)] = nullptr;
    return true;
  }

  llvm::SmallVector<const Op*, 64> ops_;
  llvm::DenseMap<const Op*, llvm::SmallVector<std::size_t, 4>> users_;
  llvm::DenseMap<const Op*, std::size_t> allocs_;  // where each buffer is allocated

  // A load in `body` of the element `load` reads (its operands mapped by `map`) with no store to
  // that buffer after it; null if none.
  static const Op* earlier_load(std::span<const Op* const> body, const Op& load,
                                const llvm::DenseMap<const Op*, const Op*>& map) {
    const auto mapped = [&](const Op* operand) {
      const Op* to = map.lookup(operand);
      return to != nullptr ? to : operand;
    };
    const Op* const buffer = mapped(load.operands[0]);
    for (auto it = body.rbegin(); it != body.rend(); ++it) {
      const Op& op = **it;
      if (op.opcode == Opcode::affine_store && AffineStoreOp(op).memref() == buffer) return nullptr;
      if (op.opcode != Opcode::affine_load || op.operands.size() != load.operands.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < op.operands.size() && same; ++i) {
        same = op.operands[i] == mapped(load.operands[i]);
      }
      const std::span<const AffineIndex> a = AffineLoadOp(op).indices();
      const std::span<const AffineIndex> b = AffineLoadOp(load).indices();
      if (same && std::equal(a.begin(), a.end(), b.begin(), b.end(), same_index)) return &op;
    }
    return nullptr;
  }

  static bool same_index(const AffineIndex& a, const AffineIndex& b) {
    return std::equal(a.coeffs.begin(), a.coeffs.end(), b.coeffs.begin(), b.coeffs.end()) &&
           a.constant == b.constant && a.divisor == b.divisor && a.modulus == b.modulus;
  }

  // `op` on its operands as `map` maps them (the same operand where it maps nothing), its
  // properties shared (they hold no value).
  static const Op* copy(Builder& b, const Op& op, llvm::DenseMap<const Op*, const Op*>& map) {
    llvm::SmallVector<const Op*, 4> operands;
    for (const Op* operand : op.operands) {
      const Op* mapped = map.lookup(operand);
      operands.push_back(mapped != nullptr ? mapped : operand);
    }
    const Op* out = b.build(op.opcode, operands, op.loc, op.attributes());
    map[&op] = out;
    return out;
  }
};

}  // namespace

std::unique_ptr<Pass> loop_fusion() {
  return std::make_unique<LoopFusion>();
}

}  // namespace fastarena::ir::passes
