"""limit.py MB COMMAND...: runs COMMAND with its address space capped at MB mebibytes, so that a
test fails if fa-ir's memory is not bounded. Exits with COMMAND's status (128+N for signal N)."""
import os
import resource
import subprocess
import sys

limit = int(sys.argv[1]) << 20


def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


status = subprocess.call(sys.argv[2:], preexec_fn=cap)
sys.exit(128 - status if status < 0 else status)
