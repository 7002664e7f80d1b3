// SPDX-License-Identifier: MIT
/// \file
/// The Toy parser: recursive descent with precedence climbing for binary operators.
///
/// Each top-level definition is parsed inside its own arena transaction. On a syntax error the
/// diagnostic is printed (file:line:col, the source line and a caret, through llvm::SourceMgr),
/// the transaction rolls back — every node of the broken definition is gone in O(1) — and the
/// parser resynchronises at the next `def` or `struct`. One run therefore reports every broken
/// definition and keeps every good one. A byte budget caps what one definition may allocate, and
/// a depth limit caps nesting, so no input can exhaust memory or the stack.
#pragma once

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <memory>
#include <string_view>

#include "fastarena/arena.h"
#include "fastarena/diagnostics.h"
#include "fastarena/toy/ast.h"

namespace fastarena::toy {

/// Limits and where errors go.
struct ParseOptions {
  std::size_t definition_budget = std::size_t{256} << 20;  ///< bytes one definition may take
  unsigned max_depth = 1000;                               ///< nesting of expressions and literals
  /// Where errors go. Null: to llvm::errs() (file:line:col, the line and a caret), the first
  /// 20 in full and the rest counted in one line at the end (each error prints its source line,
  /// so without a limit a long line repeated would flood the terminal). Parsing goes on either
  /// way, so no good definition is lost.
  DiagnosticEngine* diagnostics = nullptr;
};

/// What a parse did, for --stats and tests.
struct ParseStats {
  std::size_t definitions = 0;         ///< kept
  std::size_t broken_definitions = 0;  ///< reported and rolled back
  std::size_t errors = 0;              ///< errors found (printed or not)
  std::size_t bytes_rolled_back = 0;   ///< arena bytes reclaimed by error recovery
};

/// Reads a file one top-level definition at a time. A caller that is done with each definition
/// once it has it (`fa-ir parse` prints it) can rewind the arena after each one, and then holds
/// one definition's memory at a time whatever the size of the file.
class DefinitionReader {
 public:
  /// Reads buffer `buffer_id` of `sources` into `arena`. Diagnostics go to options.diagnostics.
  DefinitionReader(Arena& arena, Names& names, llvm::SourceMgr& sources, unsigned buffer_id,
                   const ParseOptions& options = {});
  ~DefinitionReader();
  DefinitionReader(const DefinitionReader&) = delete;
  DefinitionReader& operator=(const DefinitionReader&) = delete;

  /// The next definition that parsed, in the arena; null at the end of the file. Broken
  /// definitions on the way are reported and rolled back. The arena must hold no open
  /// transaction of the caller's, and must not be rewound into a definition not yet returned.
  Record* next();
  /// What happened so far.
  const ParseStats& stats() const noexcept { return stats_; }

 private:
  class Impl;  ///< the recursive-descent parser, in parser.cpp
  const ParseOptions options_;
  ParseStats stats_;
  std::unique_ptr<DiagnosticEngine> own_diagnostics_;        ///< when options has none
  std::unique_ptr<SourceMgrDiagnosticHandler> own_printer_;  ///< prints it to stderr
  std::unique_ptr<Impl> impl_;  ///< null when the file cannot be parsed at all (too large)
};

/// Parses the whole of buffer `buffer_id` of `sources` (named `file_name` in the dump) into
/// `arena`; stats (if given) says what happened.
Module parse_module(Arena& arena, Names& names, llvm::SourceMgr& sources, unsigned buffer_id,
                    std::string_view file_name, const ParseOptions& options = {},
                    ParseStats* stats = nullptr);

}  // namespace fastarena::toy
