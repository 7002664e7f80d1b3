// alloc_1k compiled with -O3, CMake's Release default (bench/CMakeLists.txt sets the flag on
// this file alone): the fast path must stay at the floor at either optimisation level.
#include "alloc_1k.h"
#include "peers.h"

namespace fastarena::bench {
namespace {

BENCHMARK(alloc_1k<FastArenaPeer>)->Name("alloc_1k_O3/fastarena");
BENCHMARK(alloc_1k<FloorPeer>)->Name("alloc_1k_O3/floor");
BENCHMARK(alloc_1k<LlvmBumpPeer>)->Name("alloc_1k_O3/llvm_bump");
BENCHMARK(alloc_1k<PmrMonotonicPeer>)->Name("alloc_1k_O3/pmr_monotonic");
BENCHMARK(alloc_1k<ProtobufPeer>)->Name("alloc_1k_O3/protobuf");

}  // namespace
}  // namespace fastarena::bench
