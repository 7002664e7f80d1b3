// SPDX-License-Identifier: MIT
#include "fastarena/diagnostics.h"

#include <llvm/Support/WithColor.h>

namespace fastarena {
namespace {

llvm::SourceMgr::DiagKind kind(Severity severity) {
  switch (severity) {
    case Severity::error:
      return llvm::SourceMgr::DK_Error;
    case Severity::warning:
      return llvm::SourceMgr::DK_Warning;
    case Severity::remark:
      return llvm::SourceMgr::DK_Remark;
    case Severity::note:
      return llvm::SourceMgr::DK_Note;
  }
  return llvm::SourceMgr::DK_Error;
}

// The buffer of `sources` named `file`, or 0.
unsigned buffer_named(const llvm::SourceMgr& sources, std::string_view file) {
  for (unsigned id = sources.getNumBuffers(); id >= 1; --id) {  // the newest first
    if (sources.getMemoryBuffer(id)->getBufferIdentifier() ==
        llvm::StringRef(file.data(), file.size())) {
      return id;
    }
  }
  return 0;
}

}  // namespace

void DiagnosticEngine::emit(Severity severity, FileLineCol where, std::string_view message) {
  if (severity == Severity::error && ++errors_ > limit_ && limit_ != 0) return;  // counted only
  if (handler_) handler_(severity, where, message);
}

void DiagnosticEngine::finish() {
  if (finished_ || limit_ == 0 || errors_ <= limit_) return;
  finished_ = true;
  const std::size_t hidden = errors_ - limit_;
  if (handler_) {
    handler_(Severity::note, {},
             std::to_string(hidden) + " more error" + (hidden == 1 ? "" : "s") +
                 " not shown (error limit " + std::to_string(limit_) + ")");
  }
}

SourceMgrDiagnosticHandler::SourceMgrDiagnosticHandler(const llvm::SourceMgr& sources,
                                                       DiagnosticEngine& engine,
                                                       llvm::raw_ostream& os, std::string program)
    : sources_(sources), engine_(engine), os_(os), program_(std::move(program)) {
  engine_.set_handler([this](Severity severity, FileLineCol where, std::string_view message) {
    print(severity, where, message);
  });
}

SourceMgrDiagnosticHandler::~SourceMgrDiagnosticHandler() {
  engine_.finish();  // its note, while this handler can still print it
  engine_.set_handler({});
}

void SourceMgrDiagnosticHandler::print(Severity severity, FileLineCol where,
                                       std::string_view message) {
  const llvm::StringRef text(message.data(), message.size());
  if (where.known()) {
    if (const unsigned buffer = buffer_named(sources_, where.file)) {
      // FindLocForLineAndColumn only fills the SourceMgr's line cache: nothing a reader sees.
      const llvm::SMLoc loc = const_cast<llvm::SourceMgr&>(sources_).FindLocForLineAndColumn(
          buffer, where.line, where.col);
      if (loc.isValid()) {
        sources_.PrintMessage(os_, loc, kind(severity), text);
        return;
      }
    }
  }
  // Not in a loaded file (or nowhere): the same first line, without the source.
  const std::string file = where.file.empty() ? program_ : std::string(where.file);
  const std::string prefix =
      where.known() ? file + ":" + std::to_string(where.line) + ":" + std::to_string(where.col)
                    : file;
  llvm::SMDiagnostic(prefix, kind(severity), text).print(nullptr, os_);
}

FileLineCol location_of(const llvm::SourceMgr& sources, const char* at) {
  const llvm::SMLoc loc = llvm::SMLoc::getFromPointer(at);
  const unsigned buffer = sources.FindBufferContainingLoc(loc);
  if (buffer == 0) return {};
  const auto [line, col] = sources.getLineAndColumn(loc, buffer);
  const llvm::StringRef name = sources.getMemoryBuffer(buffer)->getBufferIdentifier();
  return {std::string_view(name.data(), name.size()), line, col};
}

}  // namespace fastarena
