# SPDX-License-Identifier: MIT
"""no_exec_memory.py COMMAND...: runs COMMAND where no memory can be made executable once
mapped (mprotect with PROT_EXEC fails with EACCES), as under SELinux's deny_execmem or PaX's
MPROTECT: a JIT cannot start there, while the program and its libraries load as usual. A seccomp
filter, so Linux only (x86-64 and AArch64); exits with COMMAND's status."""
import ctypes
import os
import platform
import struct
import sys

# (AUDIT_ARCH_*, __NR_mprotect, __NR_pkey_mprotect) of each architecture the filter knows.
ARCHES = {"x86_64": (0xC000003E, 10, 329), "aarch64": (0xC00000B7, 226, 288)}
arch, mprotect, pkey_mprotect = ARCHES[platform.machine()]

LD_W_ABS, JEQ_K, JSET_K, RET_K = 0x20, 0x15, 0x45, 0x06
ALLOW, DENY_EACCES = 0x7FFF0000, 0x00050000 | 13
PROT_EXEC = 4
# struct seccomp_data: nr at 0, arch at 4, args[] at 16 (8 bytes each, little-endian).
program = [
    (LD_W_ABS, 0, 0, 4),  # arch
    (JEQ_K, 0, 5, arch),  # another architecture's system call: allowed
    (LD_W_ABS, 0, 0, 0),  # nr
    (JEQ_K, 1, 0, mprotect),
    (JEQ_K, 0, 2, pkey_mprotect),
    (LD_W_ABS, 0, 0, 16 + 2 * 8),  # prot, args[2]'s low word
    (JSET_K, 1, 0, PROT_EXEC),
    (RET_K, 0, 0, ALLOW),
    (RET_K, 0, 0, DENY_EACCES),
]
code = b"".join(struct.pack("=HBBI", *insn) for insn in program)
filters = ctypes.create_string_buffer(code, len(code))


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


libc = ctypes.CDLL(None, use_errno=True)
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
fprog = SockFprog(len(program), ctypes.cast(filters, ctypes.c_void_p))
if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.prctl(
    PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0
) != 0:
    sys.exit("no_exec_memory.py: cannot install the filter: " + os.strerror(ctypes.get_errno()))
os.execvp(sys.argv[1], sys.argv[1:])
