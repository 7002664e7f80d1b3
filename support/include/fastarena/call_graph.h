/// \file
/// A call graph over any kind of function (the Toy AST's, the IR's): a node per function, an
/// edge per call, and llvm::GraphTraits for it, so that LLVM's graph algorithms walk it
/// (llvm::post_order for callees-first orders, llvm::depth_first for reachability,
/// llvm::scc_iterator for recursion) instead of a hand-written walk per user.
#pragma once

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/GraphTraits.h>
#include <llvm/ADT/PostOrderIterator.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/SmallVector.h>

#include <deque>
#include <span>

namespace fastarena {

/// A function and the functions it calls, in the order of its calls.
template <class F>
struct CallGraphNode {
  const F* function;                             ///< the function
  llvm::SmallVector<CallGraphNode*, 4> callees;  ///< what it calls
};

/// The call graph of functions of type F.
template <class F>
class CallGraph {
 public:
  /// A node of the graph.
  using Node = CallGraphNode<F>;

  /// A node for each of `functions`, in order; `calls(f, add)` calls `add(callee)` for each
  /// call in f (a callee outside `functions` is left out).
  template <class Calls>
  CallGraph(std::span<const F* const> functions, Calls&& calls) {
    for (const F* f : functions) {
      nodes_.push_back({f, {}});
      by_function_[f] = &nodes_.back();
    }
    for (Node& node : nodes_) {
      calls(*node.function, [&](const F* callee) {
        // Repeated calls of one callee in a row are one edge; any others are harmless (a walk
        // visits a node once).
        Node* target = this->node(callee);
        if (target != nullptr && (node.callees.empty() || node.callees.back() != target)) {
          node.callees.push_back(target);
        }
      });
    }
  }
  CallGraph(const CallGraph&) = delete;
  CallGraph& operator=(const CallGraph&) = delete;

  /// The node of `f`; null if it is not in the graph.
  Node* node(const F* f) const { return by_function_.lookup(f); }

  /// Every function, callees before their callers: a post order of the depth-first walks from
  /// each function in turn. In a recursion, the function the walk entered first comes last.
  llvm::SmallVector<const F*, 0> callees_first() {
    llvm::SmallVector<const F*, 0> order;
    llvm::SmallPtrSet<Node*, 16> visited;
    for (Node& root : nodes_) {
      for (Node* node : llvm::post_order_ext(&root, visited)) order.push_back(node->function);
    }
    return order;
  }

 private:
  std::deque<Node> nodes_;  // stable addresses
  llvm::DenseMap<const F*, Node*> by_function_;
};

}  // namespace fastarena

/// \cond INTERNAL
template <class F>
struct llvm::GraphTraits<fastarena::CallGraphNode<F>*> {
  using NodeRef = fastarena::CallGraphNode<F>*;
  using ChildIteratorType = typename llvm::SmallVector<NodeRef, 4>::iterator;
  static NodeRef getEntryNode(NodeRef node) { return node; }
  static ChildIteratorType child_begin(NodeRef node) { return node->callees.begin(); }
  static ChildIteratorType child_end(NodeRef node) { return node->callees.end(); }
};
/// \endcond
