// SPDX-License-Identifier: MIT
/// \file
/// The diagnostics engine: one place where every layer — the Toy parser, lowering, the IR
/// parser, the verifier, the passes, the interpreter — reports what it finds, with one error
/// count and one limit (MLIR's DiagnosticEngine is the model). A handler decides what a
/// diagnostic becomes; SourceMgrDiagnosticHandler, the usual one, prints
///
/// \code
///   t.toy:3:9: error: unknown variable 'b'
///     print(b);
///           ^
/// \endcode
///
/// with the source line and a caret whenever the location's file is loaded in its
/// llvm::SourceMgr (else the first line alone), as MLIR's SourceMgrDiagnosticHandler does.
#pragma once

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace fastarena {

/// How serious a diagnostic is.
enum class Severity : unsigned char {
  error,    ///< the input is wrong, or a step failed
  warning,  ///< suspicious, but nothing failed
  remark,   ///< what a step could not do, for the reader; nothing was wrong
  note,     ///< more about the diagnostic before it
};

/// Where a diagnostic points: a file by name, 1-based line and column; line 0 for nowhere.
struct FileLineCol {
  std::string_view file;   ///< as the SourceMgr's buffer is named
  std::uint32_t line = 0;  ///< 1-based; 0: nowhere
  std::uint32_t col = 0;   ///< 1-based, in bytes
  /// Whether it points at source.
  bool known() const noexcept { return line != 0; }
};

/// Receives every diagnostic, counts errors, and applies the error limit: past it, errors are
/// counted but not handed on, and one note at the end (finish()) says how many were not shown.
class DiagnosticEngine {
 public:
  /// What becomes of a diagnostic.
  using Handler = std::function<void(Severity, FileLineCol, std::string_view message)>;

  /// Diagnostics go to `handler`; with none, they are only counted.
  explicit DiagnosticEngine(Handler handler = {}) : handler_(std::move(handler)) {}
  DiagnosticEngine(const DiagnosticEngine&) = delete;
  DiagnosticEngine& operator=(const DiagnosticEngine&) = delete;
  ~DiagnosticEngine() { finish(); }

  /// Replaces the handler.
  void set_handler(Handler handler) { handler_ = std::move(handler); }
  /// Errors to hand on before the rest are only counted; 0: no limit (the default).
  void set_error_limit(std::size_t limit) noexcept { limit_ = limit; }

  /// Reports `message` at `where`.
  void emit(Severity severity, FileLineCol where, std::string_view message);
  /// emit(Severity::error, ...).
  void error(FileLineCol where, std::string_view message) { emit(Severity::error, where, message); }
  /// emit(Severity::remark, ...).
  void remark(FileLineCol where, std::string_view message) {
    emit(Severity::remark, where, message);
  }

  /// Errors reported so far, shown or not.
  std::size_t errors() const noexcept { return errors_; }
  /// Says how many errors the limit kept back, once (the destructor calls it too).
  void finish();

 private:
  Handler handler_;
  std::size_t limit_ = 0;
  std::size_t errors_ = 0;
  bool finished_ = false;
};

/// Prints what `engine` receives to `os`: `FILE:LINE:COL: kind: message`, then the source line
/// and a caret when FILE is a buffer of `sources` (in color on a terminal); `PROGRAM: kind:
/// message` for a diagnostic located nowhere. Installs itself as the engine's handler for as
/// long as it lives.
class SourceMgrDiagnosticHandler {
 public:
  /// Handles `engine`'s diagnostics, finding files in `sources`.
  SourceMgrDiagnosticHandler(const llvm::SourceMgr& sources, DiagnosticEngine& engine,
                             llvm::raw_ostream& os, std::string program = "fastarena");
  ~SourceMgrDiagnosticHandler();
  SourceMgrDiagnosticHandler(const SourceMgrDiagnosticHandler&) = delete;
  SourceMgrDiagnosticHandler& operator=(const SourceMgrDiagnosticHandler&) = delete;

  /// Prints one diagnostic.
  void print(Severity severity, FileLineCol where, std::string_view message);

 private:
  const llvm::SourceMgr& sources_;
  DiagnosticEngine& engine_;
  llvm::raw_ostream& os_;
  std::string program_;
};

/// The location of `at`, a pointer into a buffer of `sources`, as a diagnostic names it.
FileLineCol location_of(const llvm::SourceMgr& sources, const char* at);

}  // namespace fastarena
