#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints fastarena's benchmark table from Google Benchmark JSON output.

Benchmarks are named CASE/IMPLEMENTATION[/ARG] (e.g. alloc_slice/llvm_bump/1024). Rows are cases
(with their argument), columns are implementations, and each cell is the median time with its
ratio to fastarena's median in the same row (below 1.00x: the peer is faster). Rows without a
fastarena column take their first column as the reference. Two last columns give fastarena's own
ratio to the floor (a featureless bump allocator in the same loop: the physical limit) and to the
fastest other peer in the row (above 1.00x: fastarena is behind); baselines of our own (the
floor, a bare memcpy, the bare allocations a transaction wraps) are not peers. Rows are sorted.

    fastarena-bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \\
        --benchmark_out=bench.json --benchmark_out_format=json
    python3 bench/compare.py bench.json [--markdown]
"""

import argparse
import json
import sys
from collections import OrderedDict

OURS = "fastarena"
FLOOR = "floor"
# Columns that are reference points of our own rather than peers: the bare operation a row wraps.
BASELINES = {FLOOR, "memcpy", "bare_allocs", "checkpoint_rewind", "fastarena_inline", "fresh_arena"}
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def parse_name(run_name):
    """'alloc_slice/llvm_bump/1024' -> ('alloc_slice/1024', 'llvm_bump')."""
    parts = run_name.split("/")
    if len(parts) < 2:
        return run_name, OURS
    case = "/".join([parts[0]] + parts[2:])
    return case, parts[1]


def load(paths):
    """Median real time in ns per (case, implementation), in the order first seen."""
    table = OrderedDict()
    columns = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for bench in data.get("benchmarks", []):
            aggregate = bench.get("aggregate_name")
            if aggregate not in (None, "median"):
                continue
            run_name = bench.get("run_name", bench["name"])
            if aggregate is None and any(
                b.get("aggregate_name") == "median" and b.get("run_name") == run_name
                for b in data["benchmarks"]
            ):
                continue  # a single repetition; the median row is used instead
            case, impl = parse_name(run_name)
            ns = bench["real_time"] * UNIT_NS[bench.get("time_unit", "ns")]
            table.setdefault(case, OrderedDict())[impl] = ns
            if impl not in columns:
                columns.append(impl)
    return table, data.get("context", {}), columns


def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def render(table, columns, markdown):
    if OURS in columns:
        columns = [OURS] + [c for c in columns if c != OURS]
    header = ["case"] + columns + ["ours/floor", "ours/best peer"]
    rows = []
    for case, cells in sorted(table.items()):
        reference = cells.get(OURS, next(iter(cells.values())))
        row = [case]
        for column in columns:
            if column not in cells:
                row.append("–")
            else:
                ns = cells[column]
                row.append(f"{fmt_time(ns)} ({ns / reference:.2f}x)")
        ours = cells.get(OURS)
        peers = [ns for impl, ns in cells.items() if impl != OURS and impl not in BASELINES]
        row.append(f"{ours / cells[FLOOR]:.2f}x" if ours and FLOOR in cells else "–")
        row.append(f"{ours / min(peers):.2f}x" if ours and peers else "–")
        rows.append(row)
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    fmt = lambda r: "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip()
    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("json", nargs="+", help="Google Benchmark JSON output file(s)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    table, context, columns = load(args.json)
    if not table:
        print("no benchmarks found", file=sys.stderr)
        return 1
    print(render(table, columns, args.markdown))
    print(
        f"\nmedian real time per iteration; (Nx) = ratio to {OURS} in the same row. "
        f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz, "
        f"{context.get('library_build_type', '?')} Google Benchmark, {context.get('date', '')}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
