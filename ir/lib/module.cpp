#include "fastarena/ir/module.h"

namespace fastarena::ir {

bool Module::add(Function& function) {
  if (!by_name_.try_emplace(function.name, &function).second) return false;
  functions_.push_back(&function);
  return true;
}

}  // namespace fastarena::ir
