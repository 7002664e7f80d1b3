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
  if (name == "lower-to-affine") return passes::lower_to_affine({});
  if (name == "place-buffers") return passes::place_buffers();
  if (name == "affine-loop-fusion") return passes::loop_fusion();
  return nullptr;
}

std::unique_ptr<Pass> create_lowering(const LowerOptions& options) {
  return passes::lower_to_affine(options);
}

llvm::SmallVector<std::string_view, 8> loop_pipeline() {
  // toyc's affine-loop-fusion then affine-scalrep; the fusion here replaces the loads it makes
  // redundant itself, which is what scalar replacement does after MLIR's.
  return {"affine-loop-fusion"};
}

llvm::SmallVector<std::string_view, 8> native_pipeline() {
  return {"affine-loop-fusion", "place-buffers"};
}

void add_native_lowering(PassManager& manager) {
  for (const std::string_view name : default_pipeline()) manager.add(create_pass(name));
  LowerOptions lowering;
  lowering.constants_as_data = true;
  manager.add(create_lowering(lowering));
  for (const std::string_view name : native_pipeline()) manager.add(create_pass(name));
}

llvm::SmallVector<std::string_view, 8> pass_names() {
  return {"inline",
          "canonicalize",
          "cse",
          "fold",
          "shape-inference",
          "dce",
          "lower-to-affine",
          "place-buffers",
          "affine-loop-fusion"};
}

llvm::SmallVector<std::string_view, 8> default_pipeline() {
  // toyc-ch7's -opt: the inliner (which canonicalizes each function before and after inlining
  // its calls), then canonicalize, shape inference, canonicalize and cse. dce right after the
  // inliner does what MLIR's inliner does to the functions it inlined everywhere: removes
  // them (before shape inference would remark on their generic code). fold goes further than
  // toyc (arithmetic on constants) and is not in it: --passes=...,fold.
  return {"inline", "dce", "canonicalize", "shape-inference", "canonicalize", "cse"};
}

}  // namespace fastarena::ir
