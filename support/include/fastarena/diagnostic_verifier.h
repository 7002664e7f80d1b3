// SPDX-License-Identifier: MIT
/// \file
/// DiagnosticVerifier: MLIR's `-verify-diagnostics`. The source says which diagnostics it must
/// give, in comments (`//` or Toy's `#`), and the verifier checks that exactly those came:
///
/// \code
///   %0 = toy.reshape(%a : tensor<2x3xf64>) to tensor<5xf64>  // expected-error {{element counts
///   differ}}
///   // expected-error@+1 {{has type tensor<3xf64>}}
///   %1 = toy.add %a, %a : (tensor<2xf64>, tensor<2xf64>) -> tensor<3xf64>
/// \endcode
///
/// `expected-error`, `-warning`, `-remark` or `-note` expects a diagnostic of that kind on the
/// comment's line (`@+N`, `@-N`, `@above`, `@below`: another line) whose message contains the
/// text between the braces. A diagnostic nobody expected, and an expectation no diagnostic met,
/// are each an error, located and printed as MLIR prints them.
#pragma once

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fastarena/diagnostics.h"

namespace fastarena {

/// Checks what `engine` receives against the expectations written in the sources; installs
/// itself as the engine's handler (and lifts its error limit) for as long as it lives.
class DiagnosticVerifier {
 public:
  /// Checks `engine`'s diagnostics; files are found in `sources`; the verdict is printed to `os`.
  DiagnosticVerifier(const llvm::SourceMgr& sources, DiagnosticEngine& engine,
                     llvm::raw_ostream& os, std::string program = "fastarena");
  ~DiagnosticVerifier();
  DiagnosticVerifier(const DiagnosticVerifier&) = delete;
  DiagnosticVerifier& operator=(const DiagnosticVerifier&) = delete;

  /// Reads the expectations written in buffer `buffer_id` of the sources (a malformed one is an
  /// error that verify() reports).
  void expect(unsigned buffer_id);
  /// Prints each unexpected diagnostic and each unmet expectation; true if there is none.
  bool verify();

 private:
  struct Expected {
    Severity severity;
    FileLineCol where;    // the line it expects the diagnostic on (column 0: any)
    FileLineCol written;  // the comment, for "was not produced"
    std::string text;     // what the message must contain
    bool met = false;
  };
  struct Problem {  // an unexpected diagnostic or a malformed expectation, worded to print
    FileLineCol where;
    std::string message;
  };
  void receive(Severity severity, FileLineCol where, std::string_view message);

  const llvm::SourceMgr& sources_;
  DiagnosticEngine& engine_;
  llvm::raw_ostream& os_;
  std::string program_;
  std::vector<Expected> expected_;
  std::vector<Problem> problems_;
};

}  // namespace fastarena
