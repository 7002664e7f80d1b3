#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measures one benchmark source at several code placements.

A short loop's time can depend on the address it lands at as much as on its instructions, so one
binary's ratio between two rows may say more about where the linker put them than about the code.
This builds SOURCE (one of fastarena-bench's files) as its own benchmark binary once per shift,
each time with SHIFT bytes of padding after a 64-byte alignment ahead of the file's code (shift 0
is the file as the build compiles it; loops stay 64-byte aligned, so shifts in steps of 64 move
every loop by whole lines), runs each binary as its own process, and
prints, for every case, fastarena's median over each other column's median in the same process:
one ratio per placement, then their median and range. A change to the arena is then judged by
the distribution over placements rather than by the one placement the full binary happens to have.

The compile command is the one CMake wrote for the build directory (compile_commands.json), the
link the one fastarena-bench uses (build.ninja), so the build directory must be a configured,
built preset (release or release-clang). By hand:

    python3 bench/placement_sweep.py --build build/release-clang bench/txn_bench.cpp 'txn_commit_16'
"""

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict

OURS = "fastarena"


def compile_command(build, source):
    with open(os.path.join(build, "compile_commands.json")) as f:
        for entry in json.load(f):
            if os.path.realpath(entry["file"]) == os.path.realpath(source):
                args = shlex.split(entry["command"])
                # Drop the output and input: the caller names its own.
                out = args.index("-o")
                del args[out:out + 2]
                return [a for a in args if a not in ("-c", entry["file"])], entry["directory"]
    sys.exit(f"placement_sweep: {source} is not in {build}/compile_commands.json")


def link_arguments(build):
    """fastarena-bench's link line in build.ninja: FLAGS, LINK_FLAGS, LINK_PATH, LINK_LIBRARIES."""
    with open(os.path.join(build, "build.ninja")) as f:
        text = f.read()
    block = re.search(r"^build bench/fastarena-bench: .*?\n((?:  .*\n)*)", text, re.M)
    if not block:
        sys.exit(f"placement_sweep: no link line for fastarena-bench in {build}/build.ninja")
    values = dict(re.findall(r"^  ([A-Z_]+) = (.*)$", block.group(1), re.M))
    return [a for key in ("FLAGS", "LINK_FLAGS", "LINK_PATH", "LINK_LIBRARIES")
            for a in shlex.split(values.get(key, ""))]


def build_at(shift, args, workdir, source, cc_args, cc_dir, libs):
    pad = os.path.join(workdir, f"shift{shift}.h")
    with open(pad, "w") as f:
        # Top-level asm comes first in the file's .text, ahead of its functions.
        f.write(f'asm(".text\\n.p2align 6\\n.skip {shift}, 0xcc\\n");\n' if shift else "\n")
    obj, exe = os.path.join(workdir, f"shift{shift}.o"), os.path.join(workdir, f"shift{shift}")
    subprocess.run(cc_args + ["-include", pad, "-c", os.path.abspath(source), "-o", obj],
                   cwd=cc_dir, check=True)
    # The library paths in the link line are relative to the build directory.
    subprocess.run([cc_args[0], obj, "-o", exe] + libs, cwd=args.build, check=True)
    return exe


def run(exe, args):
    out = subprocess.run([exe, f"--benchmark_filter={args.filter}", "--benchmark_format=json",
                          f"--benchmark_repetitions={args.repetitions}",
                          f"--benchmark_min_time={args.min_time}",
                          "--benchmark_enable_random_interleaving=true"],
                         capture_output=True, text=True, check=True).stdout
    times = defaultdict(list)
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") == "iteration":
            times[b["run_name"]].append(b["real_time"])
    return {name: statistics.median(ts) for name, ts in times.items()}


def ratios(medians):
    """fastarena's median over each other column's, per case: {(case, column): ratio}."""
    cases = defaultdict(dict)
    for name, t in medians.items():
        parts = name.split("/")
        case = "/".join([parts[0]] + parts[2:])  # CASE[/ARG], the argument after the column
        cases[case][parts[1]] = t
    return {(case, col): cols[OURS] / t for case, cols in cases.items() if OURS in cols
            for col, t in cols.items() if col != OURS}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default="build/release", help="a built release preset directory")
    p.add_argument("--shifts", default=",".join(str(s) for s in range(0, 1024, 64)),
                   help="bytes of padding ahead of the file's code, comma-separated")
    p.add_argument("--repetitions", type=int, default=5)
    p.add_argument("--min-time", default="0.05")
    p.add_argument("source", help="a source of fastarena-bench, e.g. bench/txn_bench.cpp")
    p.add_argument("filter", help="--benchmark_filter for the rows to compare")
    args = p.parse_args()
    shifts = [int(s) for s in args.shifts.split(",")]
    cc_args, cc_dir = compile_command(args.build, args.source)
    libs = link_arguments(args.build)
    per_pair = defaultdict(list)
    with tempfile.TemporaryDirectory() as workdir:
        for shift in shifts:
            exe = build_at(shift, args, workdir, args.source, cc_args, cc_dir, libs)
            for pair, r in ratios(run(exe, args)).items():
                per_pair[pair].append(r)
    print(f"fastarena over each column, at shifts {args.shifts} ({args.build}):")
    for (case, col), rs in sorted(per_pair.items()):
        cells = " ".join(f"{r:4.2f}" for r in rs)
        print(f"  {case + '/' + col:34s} {cells} | median {statistics.median(rs):.2f}x,"
              f" {min(rs):.2f}-{max(rs):.2f}x")


if __name__ == "__main__":
    main()
