// SPDX-License-Identifier: MIT
/// \file
/// Location: where an AST node starts, as a 32-bit byte offset into its file (the idea of clang's
/// SourceLocation). Line and column are worked out only when a location is printed, through a
/// LineTable (line_table.h), so a location costs a node 4 bytes instead of 12.
#pragma once

#include <llvm/Support/SourceMgr.h>

#include <cstdint>

#include "fastarena/line_table.h"

namespace fastarena::toy {

/// A source position: a byte offset into its file.
struct Location {
  std::uint32_t offset = 0;  ///< bytes from the start of the file
};

using fastarena::LineCol;
using fastarena::LineTable;

/// `loc` as a pointer into buffer `buffer_id` of `sources`, for SourceMgr's diagnostics.
inline llvm::SMLoc sm_loc(const llvm::SourceMgr& sources, unsigned buffer_id, Location loc) {
  return llvm::SMLoc::getFromPointer(sources.getMemoryBuffer(buffer_id)->getBufferStart() +
                                     loc.offset);
}

}  // namespace fastarena::toy
