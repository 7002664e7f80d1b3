// SPDX-License-Identifier: MIT
// The diagnostics engine: one count and one limit for everything reported, and the SourceMgr
// handler's text — the first line always, the source line and a caret when the file is loaded.
#include "fastarena/diagnostics.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>

#include <string>

namespace fastarena {
namespace {

struct Printed {
  llvm::SourceMgr sources;
  DiagnosticEngine engine;
  std::string text;
  llvm::raw_string_ostream os{text};
  SourceMgrDiagnosticHandler handler{sources, engine, os, "tool"};

  Printed() {
    sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy("def main() {\n  print(b);\n}\n", "t.toy"),
        llvm::SMLoc());
  }
};

TEST(Diagnostics, ALoadedFileShowsItsLineAndACaret) {
  Printed p;
  p.engine.error({"t.toy", 2, 9}, "unknown variable 'b'");
  EXPECT_EQ(p.text, "t.toy:2:9: error: unknown variable 'b'\n  print(b);\n        ^\n");
  EXPECT_EQ(p.engine.errors(), 1u);
}

TEST(Diagnostics, AFileNotLoadedOrNoLocationGivesTheFirstLineOnly) {
  Printed p;
  p.engine.remark({"other.toy", 4, 2}, "somewhere else");
  p.engine.emit(Severity::warning, {}, "nowhere");
  EXPECT_EQ(p.text, "other.toy:4:2: remark: somewhere else\ntool: warning: nowhere\n");
  EXPECT_EQ(p.engine.errors(), 0u);  // only errors count
}

TEST(Diagnostics, TheErrorLimitCountsTheRestAndSaysSoOnce) {
  Printed p;
  p.engine.set_error_limit(2);
  for (int i = 0; i < 5; ++i) p.engine.error({"t.toy", 1, 1}, "e" + std::to_string(i));
  p.engine.remark({}, "remarks are not limited");
  p.engine.finish();
  p.engine.finish();
  EXPECT_EQ(p.engine.errors(), 5u);
  EXPECT_NE(p.text.find("error: e1"), std::string::npos);
  EXPECT_EQ(p.text.find("error: e2"), std::string::npos);
  EXPECT_NE(p.text.find("tool: remark: remarks are not limited"), std::string::npos);
  EXPECT_NE(p.text.find("tool: note: 3 more errors not shown (error limit 2)\n"),
            std::string::npos);
  EXPECT_EQ(p.text.find("not shown"), p.text.rfind("not shown"));  // once
}

TEST(Diagnostics, APointerIntoABufferIsItsFileLineAndColumn) {
  Printed p;
  const char* start = p.sources.getMemoryBuffer(1)->getBufferStart();
  const FileLineCol at = location_of(p.sources, start + 21);  // the b of print(b)
  EXPECT_EQ(at.file, "t.toy");
  EXPECT_EQ(at.line, 2u);
  EXPECT_EQ(at.col, 9u);
  EXPECT_FALSE(location_of(p.sources, "not in a buffer").known());
}

}  // namespace
}  // namespace fastarena
