"""check_paths.py ROOT: fails if a document (any .md) or a code comment names a repository path
that does not exist, so that docs and comments stay true as files move.

What counts as a path: a word that starts with one of the repository's top-level folders and a
slash (`ir/lib/ops/op_table.cpp`, `tests/lit/hostile/`), an include path (`fastarena/ir/op.h`,
looked up under each library's include/), a link target in a Markdown file (relative to that
file), and a bare file name with a source extension (`op_table.cpp`, looked up anywhere). Files
the build generates, and other projects' files named as models, are listed below; a name inside a
URL or a fenced code block is not checked.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(sys.argv[1])
TOP = sorted(d for d in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, d)) and not d.startswith("."))
TOP = [d for d in TOP if d != "build"]
GENERATED = {"lexer.cpp", "version.h", "lit.site.cfg.py", "fastarena.pc", "compile_commands.json",
             "fastarenaConfig.cmake", "fastarenaConfigVersion.cmake", "bench.json", "bench-release.json",
             "bench-release-clang.json",
             "CMakeUserPresets.json"}
# Files of other projects that the text names as models.
EXTERNAL = {"Instruction.def", "Allocator.h", "lib.rs", "llvm/llvm-project"}
# A bare name is checked for source files only: `FILE.toy` or `t.mlir` in an example is no path.
SOURCE_EXT = r"(?:h|cpp|re|def|md|py|sh|cmake)"

def repository_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout:
        return listed.stdout.split()
    found = []  # not a git checkout (a source tarball): every file but build trees
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "build"]
        found += [os.path.relpath(os.path.join(folder, n), ROOT) for n in names]
    return found


files = repository_files()
basenames = {os.path.basename(f) for f in files}
include_dirs = sorted({f.split("/include/")[0] + "/include" for f in files if "/include/" in f})


def exists(path, here):
    path = path.rstrip(".,:;)`'\"").split("#")[0]
    if not path or path in EXTERNAL or os.path.basename(path) in GENERATED:
        return True
    candidates = [os.path.join(ROOT, path), os.path.join(here, path)]
    candidates += [os.path.join(ROOT, d, path) for d in include_dirs]
    return any(os.path.exists(c) for c in candidates)


PATH = re.compile(r"(?<![\w./~$-])((?:%s)/[\w./-]*[\w/])" % "|".join(map(re.escape, TOP + ["fastarena", "shared"])))
BARE = re.compile(r"(?<![\w./~$%-])([\w-]+\." + SOURCE_EXT + r")\b(?![\w/(-])")
LINK = re.compile(r"\]\(([^)#\s]+)")
URL = re.compile(r"\w+://\S+")


def check_text(text, where, here, markdown):
    problems = []
    text = URL.sub(" ", text)
    for m in PATH.finditer(text):
        if not exists(m.group(1), here):
            problems.append(f"{where}: '{m.group(1)}' does not exist")
    for m in BARE.finditer(text):
        name = m.group(1)
        if name not in basenames and not exists(name, here):
            problems.append(f"{where}: no file '{name}' in the repository")
    if markdown:
        for m in LINK.finditer(text):
            if not exists(m.group(1), here):
                problems.append(f"{where}: link target '{m.group(1)}' does not exist")
    return problems


COMMENT = re.compile(r"//(.*)$|^\s*#(?!include|pragma|define|if|endif|else|elif|undef)(.*)$")
problems = []
for f in files:
    full = os.path.join(ROOT, f)
    here = os.path.dirname(full)
    if f.endswith(".md"):
        in_code = False
        for n, line in enumerate(open(full, encoding="utf-8"), 1):
            if line.startswith("```"):
                in_code = not in_code
                continue
            if not in_code:
                problems += check_text(line, f"{f}:{n}", here, True)
    elif re.search(r"\.(h|cpp|re|py|def)$|CMakeLists\.txt$", f) and "/corpus/" not in f:
        for n, line in enumerate(open(full, encoding="utf-8", errors="replace"), 1):
            m = COMMENT.search(line)
            if m:
                problems += check_text(m.group(1) or m.group(2) or "", f"{f}:{n}", here, False)
for p in problems:
    print(p)
print(f"{len(problems)} missing path(s) named in {len(files)} files")
sys.exit(1 if problems else 0)
