#include "passes.h"

namespace fastarena::ir {

std::unique_ptr<Pass> create_pass(std::string_view name) {
  if (name == "canonicalize") return passes::canonicalize();
  if (name == "fold") return passes::fold();
  if (name == "dce") return passes::dce();
  return nullptr;
}

llvm::SmallVector<std::string_view, 4> pass_names() {
  return {"canonicalize", "fold", "dce"};
}

}  // namespace fastarena::ir
