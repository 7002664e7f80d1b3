// Loop-level IR that is wrong: a located error each, MLIR's wording.
// RUN: fa-ir lower --split-input-file --verify-diagnostics %s

func.func @main() {
  %alloc = memref.alloc() : memref<2x3xf64>
  // expected-error@+1 {{'affine.load' op has 1 indices for a buffer of rank 2}}
  %0 = affine.load %alloc[0] : memref<2x3xf64>
  return
}

// -----

func.func @main() {
  %alloc = memref.alloc() : memref<2xf64>
  affine.for %arg0 = 0 to 2 {
    %0 = affine.load %alloc[%arg0] : memref<2xf64>
  }
  // expected-error@+1 {{use of undefined value '%0'}}
  toy.print %0 : f64
  return
}

// -----

func.func @main() {
  %alloc = memref.alloc() : memref<2xf64>
  affine.for %arg0 = 0 to 2 {
  }
  // expected-error@+1 {{use of undefined value '%arg0'}}
  %0 = affine.load %alloc[%arg0] : memref<2xf64>
  return
}

// -----

func.func @main() {
  %cst = arith.constant 1.000000e+00 : f64
  %alloc = memref.alloc() : memref<2xf64>
  // expected-error@+1 {{'arith.addf' op the right operand is memref<2xf64>, not f64}}
  %0 = arith.addf %cst, %alloc : f64
  return
}

// -----

func.func @main() {
  %alloc = memref.alloc() : memref<4xf64>
  affine.for %arg0 = 0 to 4 {
    // expected-error@+1 {{this sum is more than fa-ir represents}}
    %0 = affine.load %alloc[%arg0 floordiv 2 + 1] : memref<4xf64>
  }
  return
}

// -----

func.func @main() {
  // expected-error@+1 {{'affine.for' op runs backwards}}
  affine.for %arg0 = 3 to 2 {
  }
  return
}
