// SPDX-License-Identifier: MIT
/// \file
/// Reads the textual IR that printer.h writes, so that printing a module and reading it back
/// gives an identical module (the round trip the tests check for every opcode).
///
/// Everything is built inside one transaction on the module's arena: on the first error the
/// parser reports it (file:line:col, the line and a caret, through llvm::SourceMgr), rolls the
/// transaction back and leaves the module as it was.
#pragma once

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include "fastarena/diagnostics.h"
#include "fastarena/ir/module.h"

namespace fastarena::ir {

/// Adds the functions of buffer `buffer_id` of `sources` to `module`; false (and nothing added)
/// on an error, which is reported to `diagnostics`. The module is not verified.
bool parse_ir(Module& module, llvm::SourceMgr& sources, unsigned buffer_id,
              DiagnosticEngine& diagnostics);
/// The same for `text`, a part of buffer `buffer_id` (one chunk of a split input), located as
/// the buffer's: nothing is copied, and line numbers are the file's.
bool parse_ir(Module& module, llvm::SourceMgr& sources, unsigned buffer_id, llvm::StringRef text,
              DiagnosticEngine& diagnostics);

}  // namespace fastarena::ir
