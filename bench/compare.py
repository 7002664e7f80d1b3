#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints fastarena's benchmark tables from Google Benchmark JSON output.

Benchmarks are named CASE/IMPLEMENTATION[/ARG] (e.g. alloc_slice/llvm_bump/1024). Two tables, one
row per case (with its argument):

- against the peers (other allocators: bumpalo's C++ counterparts, LLVM's, pmr's, protobuf's, new):
  fastarena's column, each peer's, and fastarena's ratio to the fastest peer (above 1.00x:
  fastarena is behind);
- against our own baselines (the floor, a featureless bump allocator in the same loop; a bare
  memcpy; the bare allocations a transaction wraps; ...): fastarena's column, each baseline's, and
  fastarena's ratio to the floor where the row has one (the physical limit: a floor only there).

Each cell is the median time, its ratio to fastarena's median in the same row (below 1.00x: that
column is faster), and the spread of the repetitions (min-max) when the JSON holds them. Several
files (the same binary run as several processes) pool their repetitions. Rows without a fastarena
column take their first column as the reference. bench/tables.sh runs it for both compilers; by
hand:

    fastarena-bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true \\
        --benchmark_display_aggregates_only=true --benchmark_out=bench.json \\
        --benchmark_out_format=json
    python3 bench/compare.py bench.json [--markdown]
"""

import argparse
import json
import statistics
import sys
from collections import OrderedDict

OURS = "fastarena"
FLOOR = "floor"
# Columns that are reference points or variants of our own rather than peers: the bare operation
# a row wraps, fastarena used another way.
BASELINES = {FLOOR, "memcpy", "bare_allocs", "checkpoint_rewind", "fastarena_inline", "fresh_arena",
             "budgeted", "unbudgeted"}
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


class Cell:
    """One implementation's times in one row: the median, and the spread when repetitions exist."""

    def __init__(self):
        self.runs = []  # each repetition's ns
        self.median = None  # the median aggregate's ns, when only aggregates were written

    def center(self):
        return statistics.median(self.runs) if self.runs else self.median

    def spread(self):
        return (min(self.runs), max(self.runs)) if len(self.runs) > 1 else None


def parse_name(run_name):
    """'alloc_slice/llvm_bump/1024' -> ('alloc_slice/1024', 'llvm_bump')."""
    parts = run_name.split("/")
    if len(parts) < 2:
        return run_name, OURS
    case = "/".join([parts[0]] + parts[2:])
    return case, parts[1]


def load(paths):
    """A Cell per (case, implementation), rows and columns in the order first seen."""
    table = OrderedDict()
    columns = []
    context = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        context = data.get("context", context)
        for bench in data.get("benchmarks", []):
            aggregate = bench.get("aggregate_name")
            if aggregate not in (None, "median"):
                continue
            case, impl = parse_name(bench.get("run_name", bench["name"]))
            ns = bench["real_time"] * UNIT_NS[bench.get("time_unit", "ns")]
            cell = table.setdefault(case, OrderedDict()).setdefault(impl, Cell())
            if aggregate == "median":
                cell.median = ns
            else:
                cell.runs.append(ns)
            if impl not in columns:
                columns.append(impl)
    return table, context, columns


def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def fmt_cell(cell, reference):
    text = f"{fmt_time(cell.center())} ({cell.center() / reference:.2f}x)"
    spread = cell.spread()
    if spread:
        text += f" [{fmt_time(spread[0])}-{fmt_time(spread[1])}]"
    return text


def render(table, columns, keep, last_header, last, markdown):
    """The rows whose cells include a column `keep` accepts, with those columns and `last`."""
    shown = [c for c in columns if c == OURS or keep(c)]
    if OURS in shown:
        shown = [OURS] + [c for c in shown if c != OURS]
    header = ["case"] + shown + [last_header]
    rows = []
    for case, cells in sorted(table.items()):
        if not any(keep(impl) for impl in cells):
            continue
        reference = (cells.get(OURS) or next(iter(cells.values()))).center()
        row = [case] + [fmt_cell(cells[c], reference) if c in cells else "–" for c in shown]
        row.append(last(cells))
        rows.append(row)
    if not rows:
        return ""
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    fmt = lambda r: "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip()
    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


def ours_to_best_peer(cells):
    peers = [cell.center() for impl, cell in cells.items() if impl != OURS and impl not in BASELINES]
    return f"{cells[OURS].center() / min(peers):.2f}x" if OURS in cells and peers else "–"


def ours_to_floor(cells):
    if OURS in cells and FLOOR in cells:
        return f"{cells[OURS].center() / cells[FLOOR].center():.2f}x"
    return "–"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("json", nargs="+", help="Google Benchmark JSON output file(s)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    table, context, columns = load(args.json)
    if not table:
        print("no benchmarks found", file=sys.stderr)
        return 1
    is_peer = lambda impl: impl != OURS and impl not in BASELINES
    is_baseline = lambda impl: impl in BASELINES
    sections = [
        ("Against the peers", render(table, columns, is_peer, "ours/best peer", ours_to_best_peer,
                                     args.markdown)),
        ("Against our own baselines", render(table, columns, is_baseline, "ours/floor",
                                             ours_to_floor, args.markdown)),
    ]
    for title, text in sections:
        if text:
            print(f"{title}\n\n{text}\n")
    print(
        f"median real time per iteration; (Nx) = ratio to {OURS} in the same row; [min-max] of "
        f"the repetitions. Built with {context.get('compiler', 'an unnamed compiler').strip()}; "
        f"{context.get('num_cpus', '?')} CPUs at "
        f"{context.get('mhz_per_cpu', '?')} MHz, {context.get('library_build_type', '?')} Google "
        f"Benchmark, {context.get('date', '')}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
