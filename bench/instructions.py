#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Instructions per operation under valgrind --tool=callgrind (repeatable, unlike wall time).

    python3 bench/instructions.py build/release/bench/fastarena-instructions [--n 2000]

For each workload of fastarena-instructions, runs it under callgrind for N iterations and for 0,
and prints (Ir(N) - Ir(0)) / N: the program's start-up and exit cancel out.
"""

import argparse
import re
import subprocess
import sys


def instructions(binary, workload, n):
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary, workload, str(n)],
        capture_output=True, text=True, check=True,
    ).stderr
    match = re.search(r"Collected : (\d+)", out)
    if not match:
        raise RuntimeError(f"no instruction count in callgrind output for {workload}")
    return int(match.group(1))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--n", type=int, default=2000, help="iterations per workload")
    args = parser.parse_args(argv)
    names = subprocess.run([args.binary, "--list"], capture_output=True, text=True,
                           check=True).stdout.split()
    width = max(len(name) for name in names)
    print(f"{'workload'.ljust(width)}  instructions/iteration")
    for name in names:
        per = (instructions(args.binary, name, args.n) - instructions(args.binary, name, 0)) / args.n
        print(f"{name.ljust(width)}  {per:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
