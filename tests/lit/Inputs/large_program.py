# A Toy program of 32x32 tensors (1024 elements: large enough for fa-ir run to compile it),
# STEPS chained steps (default 3); printed to stdout.  usage: large_program.py [STEPS]
import sys
n = 32
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
def literal(seed):
    rows = []
    for r in range(n):
        rows.append("[" + ", ".join(str(((r * n + c) * 7 + seed) % 13 / 4) for c in range(n)) + "]")
    return "[" + ",\n  ".join(rows) + "]"
print("def step(x, a, b) {\n  return transpose(x) * b + a;\n}\n")
print("def main() {")
print("  var a = " + literal(1) + ";")
print("  var b = " + literal(2) + ";")
print("  var x0 = step(a, a, b);")
for k in range(1, steps):
    print("  var x%d = step(x%d, a, b);" % (k, k - 1))
print("  print(x%d);" % (steps - 1))
print("}")
