// SPDX-License-Identifier: MIT
// A fuzz input parsed as Toy (named fuzz.toy), with everything the parse needs kept alive, and
// diagnostics discarded: for the fuzz targets that start from Toy source.
#pragma once

#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <cstdint>

#include "fastarena/diagnostics.h"
#include "fastarena/toy/parser.h"

namespace fastarena::fuzz {

struct ToyInput {
  llvm::SourceMgr sources;
  Arena arena;
  toy::Names names;
  DiagnosticEngine quiet;  // no handler: diagnostics are counted, not printed
  toy::ParseStats stats;
  toy::Module module;

  ToyInput(const std::uint8_t* data, std::size_t size) {
    const unsigned buffer = sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(
            llvm::StringRef(reinterpret_cast<const char*>(data), size), "fuzz.toy"),
        llvm::SMLoc());
    toy::ParseOptions options;
    options.diagnostics = &quiet;
    options.definition_budget = 1 << 20;
    module = toy::parse_module(arena, names, sources, buffer, "fuzz.toy", options, &stats);
  }
};

}  // namespace fastarena::fuzz
