// SPDX-License-Identifier: MIT
// alloc_1k compiled with -O3, CMake's Release default (bench/CMakeLists.txt sets the flag on
// this file alone): the fast path must stay at the floor at either optimisation level.
#include "alloc_n_reset.h"
#include "peers.h"

namespace fastarena::bench {
namespace {

BENCHMARK(alloc_n_reset<FastArenaPeer, 1000>)->Name("alloc_1k_O3/fastarena");
BENCHMARK(alloc_n_reset<FloorPeer, 1000>)->Name("alloc_1k_O3/floor");
BENCHMARK(alloc_n_reset<LlvmBumpPeer, 1000>)->Name("alloc_1k_O3/llvm_bump");
BENCHMARK(alloc_n_reset<PmrMonotonicPeer, 1000>)->Name("alloc_1k_O3/pmr_monotonic");
BENCHMARK(alloc_n_reset<ProtobufPeer, 1000>)->Name("alloc_1k_O3/protobuf");

}  // namespace
}  // namespace fastarena::bench
