// SPDX-License-Identifier: MIT
/// \file
/// A call graph over any kind of function (the Toy AST's, the IR's): a node per function, an
/// edge per call, and llvm::GraphTraits for it, so that LLVM's graph algorithms walk it
/// (llvm::post_order for callees-first orders, llvm::depth_first for reachability,
/// llvm::scc_iterator for recursion) instead of a hand-written walk per user.
#pragma once

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/GraphTraits.h>
#include <llvm/ADT/PostOrderIterator.h>
#include <llvm/ADT/STLFunctionalExtras.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/SmallVector.h>

#include <functional>
#include <span>
#include <vector>

namespace fastarena {

template <class F>
class CallGraph;

/// A function and the functions it calls, in the order of its calls. Its calls are looked up
/// the first time a walk asks for them (GraphTraits::child_begin), so a walk from one function
/// reads only the bodies it reaches.
template <class F>
struct CallGraphNode {
  const F* function;  ///< the function
  /// What it calls (see expand()).
  llvm::SmallVector<CallGraphNode*, 4> callees;
  CallGraph<F>* graph = nullptr;  ///< the graph it belongs to
  bool expanded = false;          ///< whether `callees` has been filled in

  /// Fills in `callees`, once.
  void expand() {
    if (expanded) return;
    expanded = true;
    graph->expand(*this);
  }
};

/// The call graph of functions of type F.
template <class F>
class CallGraph {
 public:
  /// A node of the graph.
  using Node = CallGraphNode<F>;
  /// How a graph finds the calls of a function: `calls(f, add)` calls `add(callee)` for each.
  using Calls = std::function<void(const F&, llvm::function_ref<void(const F*)>)>;

  /// A node for each of `functions`, in order; `calls` finds their calls (a callee outside
  /// `functions` is left out).
  CallGraph(std::span<const F* const> functions, Calls calls) : calls_(std::move(calls)) {
    nodes_.reserve(functions.size());  // never grows after this: the nodes' addresses hold
    by_function_.reserve(functions.size());
    for (const F* f : functions) {
      nodes_.push_back({f, {}, this});
      by_function_[f] = &nodes_.back();
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
  friend struct CallGraphNode<F>;
  void expand(Node& node) {
    calls_(*node.function, [&](const F* callee) {
      // Repeated calls of one callee in a row are one edge; any others are harmless (a walk
      // visits a node once).
      Node* target = this->node(callee);
      if (target != nullptr && (node.callees.empty() || node.callees.back() != target)) {
        node.callees.push_back(target);
      }
    });
  }

  Calls calls_;
  std::vector<Node> nodes_;  // one per function, reserved once: stable addresses
  llvm::DenseMap<const F*, Node*> by_function_;
};

}  // namespace fastarena

/// \cond INTERNAL
template <class F>
struct llvm::GraphTraits<fastarena::CallGraphNode<F>*> {
  using NodeRef = fastarena::CallGraphNode<F>*;
  using ChildIteratorType = typename llvm::SmallVector<NodeRef, 4>::iterator;
  static NodeRef getEntryNode(NodeRef node) { return node; }
  static ChildIteratorType child_begin(NodeRef node) {
    node->expand();
    return node->callees.begin();
  }
  static ChildIteratorType child_end(NodeRef node) {
    node->expand();
    return node->callees.end();
  }
};
/// \endcond
