#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_mutations.py [BUILD_DIR]: puts back, one at a time, each bug a test was written against,
rebuilds, runs that test, and says whether it failed (caught) as it must; the sources are restored
after each. Not part of CI (each mutation rebuilds part of the tree: minutes); run it when a test
of this list changes. Exit status 1 if any bug went unnoticed.

BUILD_DIR is a configured dev build (default build/dev)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/dev"))
LIT = ["python3", "/usr/lib/llvm-14/build/utils/lit/lit.py", "-q", os.path.join(BUILD, "tests/lit"),
       "--filter"]
IR_TESTS = [os.path.join(BUILD, "tests/ir_tests")]

# (what the bug is, [(file, correct text, buggy text)], targets to rebuild, the test to run)
MUTATIONS = [
    ("cse merges operations of different result types",
     [("ir/lib/passes/cse.cpp", "op.index, op.type.opaque(), op.layout()", "op.index, op.layout()"),
      ("ir/lib/passes/cse.cpp", "a.index == b.index && a.type == b.type &&", "a.index == b.index &&")],
     ["fa-ir"], LIT + ["passes/cse"]),
    ("cse merges accesses of different fields",
     [("ir/lib/passes/cse.cpp", "op.index, op.type.opaque(), op.layout()", "op.type.opaque(), op.layout()"),
      ("ir/lib/passes/cse.cpp", "a.index == b.index && a.type == b.type &&", "a.type == b.type &&")],
     ["fa-ir"], LIT + ["passes/cse"]),
    ("fold swaps sub's operands",
     [("ir/lib/ops/op_table.cpp", "  Value result;\n  if (!evaluate(op, args, result, evaluator))",
       "  if (op.opcode == Opcode::sub) std::swap(args[0], args[1]);\n  Value result;\n"
       "  if (!evaluate(op, args, result, evaluator))")],
     ["fa-ir"], LIT + ["passes/fold"]),
    ("the verifier takes a use before its definition",
     [("ir/lib/verifier.cpp", "operand == nullptr || !defined_.contains(operand) ||", "operand == nullptr ||")],
     ["ir_tests"], IR_TESTS + ["--gtest_filter=Verifier.*"]),
    ("the inliner ignores shape conflicts",
     [("ir/lib/passes/inline.cpp", "valid = !rule.conflict;", "valid = true;")],
     ["fa-ir"], LIT + ["passes/inline"]),
    ("the call-depth limit is off by one",
     [("ir/lib/interpreter.cpp", "if (depth > options_.max_call_depth) {",
       "if (depth > options_.max_call_depth + 1) {")],
     ["ir_tests"], IR_TESTS + ["--gtest_filter=Interpreter.*"]),
    ("-j drops the diagnostics of the function out of budget",
     [("ir/lib/pass_manager.cpp", "failed_at == SIZE_MAX ? work.size() : failed_at + 1;",
       "failed_at == SIZE_MAX ? work.size() : failed_at;")],
     ["ir_tests"], IR_TESTS + ["--gtest_filter=PassManager.*"]),
    ("an element count wraps",
     [("ir/lib/context.cpp", "if (extent != 0 && count > INT64_MAX / extent) {", "if (false) {")],
     ["ir_tests"], IR_TESTS + ["--gtest_filter=Interpreter.*"]),
    ("a byte count wraps",
     [("ir/lib/ops/op_table.cpp",
       "  if (n > std::numeric_limits<std::size_t>::max() / sizeof(double)) return out_of_memory(op);\n", "")],
     ["ir_tests"], IR_TESTS + ["--gtest_filter=Interpreter.*"]),
    ("a rewind to a block's fill goes back to that block from the next",
     [("arena/src/arena_core.cpp", "while (block < cold().current && offset == ledger().blocks[block].used) {",
       "while (false) {")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=BlockBoundary.*"]),
    ("a rollback takes the lowest block holding its start's address",
     [("arena/src/ledger.h", "address - data <= used && is_at(i, address - data, position)) {",
       "address - data <= used && (is_at(i, address - data, position) || true)) {")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Edge.*"]),
    ("a checkpoint at position 0 keeps naming a block a reset left behind",
     [("arena/src/arena_core.cpp", "const Checkpoint cp = bytes == 0 && offset == 0 ? Checkpoint(0, 0, 0, epoch)",
       "const Checkpoint cp = false ? Checkpoint(0, 0, 0, epoch)")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Edge.*"]),
    ("a checkpoint is handed out without marking itself taken",
     [("arena/include/fastarena/detail/arena_core.h",
       "if (cold_ != nullptr && (cold_->state & kCheckpointTaken) == 0) {",
       "if (cold_ != nullptr && (cold_->state & kCheckpointTaken) != 0) {")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Misuse.*:ArenaModel.*"]),
    ("a drop record at the rewind position is skipped",
     [("arena/src/arena_core.cpp", "cold.drops->position >= position", "cold.drops->position > position")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=ArenaVec*"]),
    ("a reset after a checkpoint keeps the checkpoint's epoch",
     [("arena/include/fastarena/detail/arena_core.h",
       "const std::uint64_t next = state + kEpochStep - kCheckpointTaken;",
       "const std::uint64_t next = state - kCheckpointTaken;")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Misuse.*"]),
    ("a transaction's start handed out does not count as a checkpoint taken",
     [("arena/include/fastarena/transaction.h", "return core().hand_out(start_);", "return start_;")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Misuse.*:ArenaModel.*"]),
    ("a rewind to the newest mark's position keeps the mark's old epoch",
     [("arena/include/fastarena/detail/rewind_marks.h", "marks_[count_ - 1].epoch = epoch;",
       "(void)epoch;")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=ArenaModel.*"]),
    ("a savepoint's rollback skips its mark when a checkpoint was handed out inside it",
     [("arena/include/fastarena/detail/arena_core.h",
       "if (may_leave_stale(cold, frame.floor))",
       "if (false && may_leave_stale(cold, frame.floor))")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Misuse.*"]),
    ("the close of a transaction that shared its frame keeps the frame's generation",
     [("arena/include/fastarena/detail/arena_core.h",
       "    if ((slot.generation & 1) != 0) ++slot.generation;\n", "    (void)slot.generation;\n")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Misuse.*:ArenaVecMisuse.*"]),
    ("a closed transaction's slot keeps its budget",
     [("arena/include/fastarena/detail/arena_core.h", "    if (had_budget) slot.budget = kNoLimit;\n",
       "    if (had_budget && false) slot.budget = kNoLimit;\n")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=TransactionLayer.*"]),
    ("the arena passes an idle block by for a new one",
     [("arena/src/arena_core.cpp", "  if (next < ledger().blocks.size()) {\n", "  if (false) {\n")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=ChunkLayer.*"]),
    ("an InlineArena keeps its bookkeeping on the heap",
     [("arena/include/fastarena/arena.h", ": core_(initial, options, &bookkeeping) {}",
       ": core_(initial, options) { (void)bookkeeping; }")],
     ["arena_layout_tests"], [os.path.join(BUILD, "tests/arena_layout_tests")]),
    ("the fast path takes an allocation ending at its limit: an empty arena hands out null",
     [("arena/include/fastarena/detail/arena_core.h", "next + red_zone() < limit", "next + red_zone() <= limit")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Edge.ZeroSizeRequests"]),
    ("the first block's record takes an allocation of its own",
     [("arena/src/ledger.h", "!records_->taken) {", "!records_->taken && false) {")],
     ["arena_layout_tests"], [os.path.join(BUILD, "tests/arena_layout_tests")]),
    ("a zero-size request reserves an empty arena's first block",
     [("arena/src/arena_core.cpp", "    if (align <= kBlockAlign) return empty_block;\n", "")],
     ["arena_layout_tests"], [os.path.join(BUILD, "tests/arena_layout_tests")]),
    ("the builder copies data it was told is frozen",
     [("ir/include/fastarena/ir/builder.h", "attrs.data_frozen ? attrs.data : copy(attrs.data)", "copy(attrs.data)")],
     ["ir_tests"], IR_TESTS + ["--gtest_filter=Builder.*"]),
    ("a vector's first buffer is allocated out of its scope",
     [("arena/include/fastarena/arena_vec.h", "    if (!in_scope()) return nullptr;\n",
       "")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=ArenaVec*"]),
    ("GCC fills from a range one element at a time (scalar code)",
     [("arena/include/fastarena/detail/alloc_methods.h", "#if !defined(__clang__)\n", "#if 0\n")],
     ["fastarena-arena"], ["ctest", "--test-dir", BUILD, "-R", "arena_codegen"]),
    ("GCC's fill of a group of 64 repeats its first 32 elements",
     [("arena/include/fastarena/detail/alloc_methods.h",
       "T(group[static_cast<Diff>(from + k)]);",
       "T(group[static_cast<Diff>((from >= 32 ? from - 32 : from) + k)]);")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=Edge.Slice*"]),
    ("a block is an aligned allocation (glibc splits the chunk on every block)",
     [("arena/src/arena_core.cpp", "if (align == kBlockAlign) [[likely]] {", "if (false) {")],
     ["arena_layout_tests"],
     [os.path.join(BUILD, "tests/arena_layout_tests"), "--gtest_filter=ArenaLayout.ItsBlocks*"]),
    ("the first allocation of an arena without a ColdState is not counted (the next overlaps it)",
     [("arena/src/arena_core.cpp", "  point_at(fresh, size);\n", "  point_at(fresh, 0);\n")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests")]),
    ("a rollback to before the first block takes the start's address as an offset in it",
     [("arena/src/arena_core.cpp", "start >= begin && start <= ptr_ ? start - begin : 0",
       "start - begin")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"),
                       "--gtest_filter=Transaction.BudgetAtTheExactLimitAndOneByteOver"]),
    ("a short copy of 65 to 72 bytes loses its middle",
     [("arena/include/fastarena/detail/copy_bytes.h", "|| n - 8 > 56) {", "|| n - 8 > 64) {")],
     ["arena_tests"], [os.path.join(BUILD, "tests/arena_tests"), "--gtest_filter=CopyBytes.*"]),
    ("alloc_str copies through memcpy (a call through the PLT)",
     [("arena/include/fastarena/detail/copy_bytes.h", "if (__builtin_constant_p(n) || n - 8 > 56) {",
       "if (true) {")],
     ["fastarena-arena"], ["ctest", "--test-dir", BUILD, "-R", "arena_codegen.alloc_str"]),
    ("an unused arena's destructor jumps over its release call (two branches taken per arena)",
     [("arena/include/fastarena/detail/arena_core.h", "if (cold_ != nullptr) [[unlikely]]",
       "if (cold_ != nullptr)")],
     ["fastarena-arena"],
     ["ctest", "--test-dir", BUILD, "-R", "arena_codegen.unused_arena_destructor_falls_through"]),
    ("entering a block stores the bump pointer and its bound as one 16-byte vector store",
     [("arena/src/arena_core.cpp", '  asm("" : "+r"(end));\n', "")],
     ["fastarena-arena"],
     ["ctest", "--test-dir", BUILD, "-R", "arena_codegen.block_bounds_are_word_stores"]),
    ("the fast path compares with its bound from memory",
     [("arena/include/fastarena/detail/arena_core.h",
       '    if (!__builtin_constant_p(limit)) asm("" : "+r"(limit));\n', "")],
     ["fastarena-arena"],
     ["ctest", "--test-dir", BUILD, "-R", "arena_codegen.alloc_loop_compares_in_registers"]),
    ("the JIT's link errors go to stderr, not the error",
     [("codegen/lib/jit.cpp", "error = session_errors->empty() ? lookup_error : *session_errors;",
       "error = lookup_error;")],
     ["fa-ir-native"], LIT + ["run/jit_cannot_start"]),
]


def main():
    env = dict(os.environ, PATH="/usr/lib/llvm-14/bin:" + os.environ["PATH"],
               FILECHECK_OPTS="--dump-input=never")
    missed = 0
    for name, edits, targets, test in MUTATIONS:
        originals = {}
        try:
            for path, good, bad in edits:
                full = os.path.join(ROOT, path)
                text = originals.setdefault(full, open(full).read())
                current = open(full).read()
                if good not in current:
                    sys.exit(f"{name}: '{good}' is no longer in {path}: update this list")
                open(full, "w").write(current.replace(good, bad, 1))
            build = subprocess.run(["cmake", "--build", BUILD, "--target"] + targets,
                                   capture_output=True, text=True)
            if build.returncode != 0:
                print(f"{name}: does not build\n{build.stdout[-2000:]}")
                missed += 1
                continue
            caught = subprocess.run(test, capture_output=True, env=env).returncode != 0
            print(f"{name}: {'caught' if caught else 'MISSED'}", flush=True)
            missed += 0 if caught else 1
        finally:
            for full, text in originals.items():
                open(full, "w").write(text)
    subprocess.run(["cmake", "--build", BUILD], capture_output=True)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
