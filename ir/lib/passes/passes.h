// The passes, one file each; pass.h's create_pass() makes them by name.
#pragma once

#include <memory>

#include "fastarena/ir/pass.h"

namespace fastarena::ir::passes {

std::unique_ptr<Pass> canonicalize();
std::unique_ptr<Pass> fold();
std::unique_ptr<Pass> dce();

}  // namespace fastarena::ir::passes
