#include "passes.h"

namespace fastarena::ir {

std::unique_ptr<Pass> create_pass(std::string_view name, const InlineOptions& options) {
  if (name == "inline") return passes::inline_calls(options);
  if (name == "canonicalize") return passes::canonicalize();
  if (name == "fold") return passes::fold();
  if (name == "shape-inference") return passes::shape_inference();
  if (name == "dce") return passes::dce();
  return nullptr;
}

llvm::SmallVector<std::string_view, 8> pass_names() {
  return {"inline", "canonicalize", "fold", "shape-inference", "dce"};
}

llvm::SmallVector<std::string_view, 8> default_pipeline() {
  // dce right after inline takes the inlined callees away before shape inference would remark
  // on their generic code; canonicalize then drops reshapes to what is now the same shape.
  return {"inline", "dce", "shape-inference", "canonicalize", "fold", "dce"};
}

}  // namespace fastarena::ir
