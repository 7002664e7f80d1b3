# SPDX-License-Identifier: MIT
# lit configuration for fa-ir's end-to-end tests. CMake writes lit.site.cfg.py (the paths of
# fa-ir, FileCheck and the examples) into the build tree and loads this file from there.
import os
import platform

import lit.formats

config.name = "fa-ir"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".toy", ".test", ".mlir"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.fastarena_lit_exec_root

config.environment["PATH"] = os.pathsep.join(
    [config.fa_ir_dir, config.llvm_tools_dir, config.environment.get("PATH", "")]
)
config.substitutions.append(("%examples", config.examples_dir))
config.substitutions.append(("%fa_ir_dir", config.fa_ir_dir))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%python", config.python_executable))
if hasattr(os, "geteuid") and os.geteuid() != 0:
    config.available_features.add("non-root")
# Sanitizers reserve terabytes of address space: a memory limit cannot apply to them.
if "-fsanitize=address" in config.cxx_flags or "-fsanitize=thread" in config.cxx_flags:
    config.available_features.add("sanitizer")
# %no_exec_memory: runs the rest of the line where memory cannot be made executable (a seccomp
# filter, on the architectures it knows).
config.substitutions.append(
    (
        "%no_exec_memory",
        config.python_executable + " " + os.path.join(config.test_source_root, "no_exec_memory.py"),
    )
)
if platform.system() == "Linux" and platform.machine() in ("x86_64", "aarch64"):
    config.available_features.add("seccomp")
# %limit MB: runs the rest of the line with its address space capped at MB mebibytes.
config.substitutions.append(
    ("%limit", config.python_executable + " " + os.path.join(config.test_source_root, "limit.py"))
)
