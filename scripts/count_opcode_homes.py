#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""One home per opcode: no opcode of ir/include/fastarena/ir/ops.def may be named in more than
MAX C++ files of ir/ and frontend/ (issue #15: an opcode's meaning lives in its class, and what
is generic over the op table names none). An opcode is named by `Opcode::<name>` or its class.
A lowering from one dialect to the next (ir/lib/passes/lower_to_*.cpp) names the operations it
lowers and those it makes by design, as an MLIR conversion's patterns do: it is not counted.

usage: count_opcode_homes.py SOURCE_DIR [MAX]   (exit 1, listing the files, if any exceeds MAX)
"""
import pathlib
import re
import sys


def main():
    root = pathlib.Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ops_def = (root / "ir/include/fastarena/ir/ops.def").read_text()
    ops = re.findall(r"^FA_IR_OP\((\w+), (\w+)\)", ops_def, re.M)
    if not ops:
        print("no FA_IR_OP lines in ops.def")
        return 1
    files = [p for d in ("ir", "frontend") for p in (root / d).rglob("*")
             if p.suffix in (".h", ".cpp", ".re") and not p.name.startswith("lower_to_")]
    status = 0
    for opcode, cls in ops:
        pattern = re.compile(r"\bOpcode::%s\b|\b%s\b" % (opcode, cls))
        homes = sorted(str(p.relative_to(root)) for p in files if pattern.search(p.read_text()))
        print("%-16s %d  %s" % (opcode, len(homes), " ".join(homes)))
        if len(homes) > limit:
            status = 1
    if status:
        print("an opcode is named in more than %d files: give the rule to its class" % limit)
    return status


if __name__ == "__main__":
    sys.exit(main())
