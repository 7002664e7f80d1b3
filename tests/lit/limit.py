# SPDX-License-Identifier: MIT
"""limit.py MB [--cpu SECONDS] COMMAND...: runs COMMAND with its address space capped at MB
mebibytes, so that a test fails if fa-ir's memory is not bounded; with --cpu, also its processor
time capped at SECONDS (a guard against quadratic work, far above what the linear work takes; not
a measurement). Exits with COMMAND's status (128+N for signal N)."""
import os
import resource
import subprocess
import sys

limit = int(sys.argv[1]) << 20
command = sys.argv[2:]
seconds = None
if command[:1] == ["--cpu"]:
    seconds = int(command[1])
    command = command[2:]


def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if seconds is not None:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))


status = subprocess.call(command, preexec_fn=cap)
sys.exit(128 - status if status < 0 else status)
