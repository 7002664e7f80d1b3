// SPDX-License-Identifier: MIT
#include "passes.h"

namespace fastarena::ir {

std::unique_ptr<Pass> create_pass(std::string_view name, const InlineOptions& options) {
  if (name == "inline") return passes::inline_calls(options);
  if (name == "canonicalize") return passes::canonicalize();
  if (name == "cse") return passes::cse();
  if (name == "fold") return passes::fold();
  if (name == "shape-inference") return passes::shape_inference();
  if (name == "dce") return passes::dce();
  return nullptr;
}

llvm::SmallVector<std::string_view, 8> pass_names() {
  return {"inline", "canonicalize", "cse", "fold", "shape-inference", "dce"};
}

llvm::SmallVector<std::string_view, 8> default_pipeline() {
  // toyc-ch7's -opt (inline, shape inference, canonicalize, cse), with dce for what MLIR's
  // inliner and symbol DCE remove: right after inline it takes the inlined callees away before
  // shape inference would remark on their generic code (the inliner has canonicalized what it
  // inlined, as MLIR's does); canonicalize then drops reshapes to what is now the same shape,
  // cse merges what inlining duplicated, and dce what canonicalize left unused. fold goes
  // further than toyc (arithmetic on constants) and is not in it: --passes=...,fold.
  return {"inline", "dce", "shape-inference", "canonicalize", "cse", "dce"};
}

}  // namespace fastarena::ir
