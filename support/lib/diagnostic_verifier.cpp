// SPDX-License-Identifier: MIT
#include "fastarena/diagnostic_verifier.h"

#include <llvm/ADT/StringExtras.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace fastarena {
namespace {

constexpr std::array<std::pair<std::string_view, Severity>, 4> kKinds{{
    {"error", Severity::error},
    {"warning", Severity::warning},
    {"remark", Severity::remark},
    {"note", Severity::note},
}};

std::string_view kind_name(Severity severity) {
  for (const auto& [name, kind] : kKinds) {
    if (kind == severity) return name;
  }
  return "error";
}

}  // namespace

DiagnosticVerifier::DiagnosticVerifier(const llvm::SourceMgr& sources, DiagnosticEngine& engine,
                                       llvm::raw_ostream& os, std::string program)
    : sources_(sources), engine_(engine), os_(os), program_(std::move(program)) {
  engine_.set_error_limit(0);  // every diagnostic is compared, none only counted
  engine_.set_handler([this](Severity severity, FileLineCol where, std::string_view message) {
    receive(severity, where, message);
  });
}

DiagnosticVerifier::~DiagnosticVerifier() {
  engine_.set_handler({});
}

void DiagnosticVerifier::expect(unsigned buffer_id) {
  const llvm::MemoryBuffer& buffer = *sources_.getMemoryBuffer(buffer_id);
  const llvm::StringRef name = buffer.getBufferIdentifier();
  const std::string_view file(name.data(), name.size());
  llvm::StringRef rest = buffer.getBuffer();
  for (std::uint32_t line = 1; !rest.empty(); ++line) {
    const auto [text, after] = rest.split('\n');
    rest = after;
    for (std::size_t at = text.find("expected-"); at != llvm::StringRef::npos;
         at = text.find("expected-", at + 1)) {
      llvm::StringRef spec = text.drop_front(at + 9);
      const auto kind = std::find_if(kKinds.begin(), kKinds.end(), [&](const auto& k) {
        return spec.startswith(llvm::StringRef(k.first.data(), k.first.size()));
      });
      if (kind == kKinds.end()) continue;  // "expected-" in other words
      spec = spec.drop_front(kind->first.size());
      const FileLineCol written{file, line, static_cast<std::uint32_t>(at + 1)};
      // Prose that names an expectation ("its expected-error,") is not one, as in MLIR.
      if (!spec.startswith("@") && !spec.ltrim().startswith("{{")) continue;
      std::int64_t target = line;
      if (spec.consume_front("@")) {
        if (spec.consume_front("above")) {
          target = line - 1;
        } else if (spec.consume_front("below")) {
          target = line + 1;
        } else {
          const bool back = spec.consume_front("-");
          if (!back) spec.consume_front("+");
          unsigned long long lines = 0;
          const bool bad = spec.consumeInteger(10, lines) || lines > UINT32_MAX;
          target = bad    ? 0
                   : back ? target - static_cast<std::int64_t>(lines)
                          : target + static_cast<std::int64_t>(lines);
        }
      }
      spec = spec.ltrim();
      const std::size_t close = spec.find("}}");
      if (target < 1 || !spec.startswith("{{") || close == llvm::StringRef::npos) {
        problems_.push_back({written, "malformed expectation: write expected-" +
                                          std::string(kind->first) +
                                          "[@+N|@-N|@above|@below] {{text}}"});
        continue;
      }
      expected_.push_back({kind->second,
                           {file, static_cast<std::uint32_t>(target), 0},
                           written,
                           spec.substr(2, close - 2).str()});
    }
  }
}

void DiagnosticVerifier::receive(Severity severity, FileLineCol where, std::string_view message) {
  for (Expected& e : expected_) {
    if (!e.met && e.severity == severity && e.where.file == where.file &&
        e.where.line == where.line && message.find(e.text) != std::string_view::npos) {
      e.met = true;
      return;
    }
  }
  problems_.push_back(
      {where, "unexpected " + std::string(kind_name(severity)) + ": " + std::string(message)});
}

bool DiagnosticVerifier::verify() {
  DiagnosticEngine report;
  const SourceMgrDiagnosticHandler printer(sources_, report, os_, program_);
  for (const Problem& p : problems_) report.error(p.where, p.message);
  for (const Expected& e : expected_) {
    if (!e.met) {
      report.error(e.written, "expected " + std::string(kind_name(e.severity)) + " \"" + e.text +
                                  "\" was not produced");
    }
  }
  return report.errors() == 0;
}

}  // namespace fastarena
