// affine-loop-fusion: a nest producing a buffer that one other nest alone reads, element for
// element over the same iterations, is fused into it - the stored value used where it was
// loaded - and the buffer goes away; anything else is left as it is.
// RUN: fa-ir opt --passes=affine-loop-fusion --split-input-file %s | FileCheck %s

// A chain: transpose, then multiply, then add, one nest.
// CHECK-LABEL: func.func @main() {
// CHECK-NEXT:    %cst = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %alloc = memref.alloc() : memref<2x2xf64>
// CHECK-NEXT:    %alloc_0 = memref.alloc() : memref<2x2xf64>
// CHECK-NEXT:    affine.store %cst, %alloc_0[0, 0] : memref<2x2xf64>
// CHECK-NEXT:    affine.for %arg0 = 0 to 2 {
// CHECK-NEXT:      affine.for %arg1 = 0 to 2 {
// CHECK-NEXT:        %0 = affine.load %alloc_0[%arg1, %arg0] : memref<2x2xf64>
// CHECK-NEXT:        %1 = arith.mulf %0, %0 : f64
// CHECK-NEXT:        %2 = arith.addf %1, %cst : f64
// CHECK-NEXT:        affine.store %2, %alloc[%arg0, %arg1] : memref<2x2xf64>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    toy.print %alloc : memref<2x2xf64>
// CHECK-NEXT:    memref.dealloc %alloc_0 : memref<2x2xf64>
// CHECK-NEXT:    memref.dealloc %alloc : memref<2x2xf64>
// CHECK-NEXT:    return
func.func @main() {
  %cst = arith.constant 1.000000e+00 : f64
  %alloc = memref.alloc() : memref<2x2xf64>
  %alloc_0 = memref.alloc() : memref<2x2xf64>
  %alloc_1 = memref.alloc() : memref<2x2xf64>
  %alloc_2 = memref.alloc() : memref<2x2xf64>
  affine.store %cst, %alloc_2[0, 0] : memref<2x2xf64>
  affine.for %arg0 = 0 to 2 {
    affine.for %arg1 = 0 to 2 {
      %0 = affine.load %alloc_2[%arg1, %arg0] : memref<2x2xf64>
      affine.store %0, %alloc_1[%arg0, %arg1] : memref<2x2xf64>
    }
  }
  affine.for %arg0 = 0 to 2 {
    affine.for %arg1 = 0 to 2 {
      %0 = affine.load %alloc_1[%arg0, %arg1] : memref<2x2xf64>
      %1 = arith.mulf %0, %0 : f64
      affine.store %1, %alloc_0[%arg0, %arg1] : memref<2x2xf64>
    }
  }
  affine.for %arg0 = 0 to 2 {
    affine.for %arg1 = 0 to 2 {
      %0 = affine.load %alloc_0[%arg0, %arg1] : memref<2x2xf64>
      %1 = arith.addf %0, %cst : f64
      affine.store %1, %alloc[%arg0, %arg1] : memref<2x2xf64>
    }
  }
  toy.print %alloc : memref<2x2xf64>
  memref.dealloc %alloc_2 : memref<2x2xf64>
  memref.dealloc %alloc_1 : memref<2x2xf64>
  memref.dealloc %alloc_0 : memref<2x2xf64>
  memref.dealloc %alloc : memref<2x2xf64>
  return
}

// -----

// Two producers of one consumer, (a * b) * (a + b): fused closest first, each at the start of
// the consumer's body, so they compute in program order (as toyc-ch7 -opt prints it), and what
// both loaded is loaded once.
// CHECK-LABEL: func.func @main() {
// CHECK:         affine.for %arg0 = 0 to 2 {
// CHECK-NEXT:      %0 = affine.load %alloc_1[%arg0] : memref<2xf64>
// CHECK-NEXT:      %1 = affine.load %alloc_0[%arg0] : memref<2xf64>
// CHECK-NEXT:      %2 = arith.mulf %0, %1 : f64
// CHECK-NEXT:      %3 = arith.addf %0, %1 : f64
// CHECK-NEXT:      %4 = arith.mulf %2, %3 : f64
// CHECK-NEXT:      affine.store %4, %alloc[%arg0] : memref<2xf64>
// CHECK-NEXT:    }
// CHECK-NEXT:    toy.print %alloc : memref<2xf64>
func.func @main() {
  %cst = arith.constant 1.000000e+00 : f64
  %alloc = memref.alloc() : memref<2xf64>
  %alloc_0 = memref.alloc() : memref<2xf64>
  %alloc_1 = memref.alloc() : memref<2xf64>
  %alloc_2 = memref.alloc() : memref<2xf64>
  %alloc_3 = memref.alloc() : memref<2xf64>
  affine.store %cst, %alloc_3[0] : memref<2xf64>
  affine.store %cst, %alloc_3[1] : memref<2xf64>
  affine.store %cst, %alloc_2[0] : memref<2xf64>
  affine.store %cst, %alloc_2[1] : memref<2xf64>
  affine.for %arg0 = 0 to 2 {
    %0 = affine.load %alloc_3[%arg0] : memref<2xf64>
    %1 = affine.load %alloc_2[%arg0] : memref<2xf64>
    %2 = arith.mulf %0, %1 : f64
    affine.store %2, %alloc_1[%arg0] : memref<2xf64>
  }
  affine.for %arg0 = 0 to 2 {
    %0 = affine.load %alloc_3[%arg0] : memref<2xf64>
    %1 = affine.load %alloc_2[%arg0] : memref<2xf64>
    %2 = arith.addf %0, %1 : f64
    affine.store %2, %alloc_0[%arg0] : memref<2xf64>
  }
  affine.for %arg0 = 0 to 2 {
    %0 = affine.load %alloc_1[%arg0] : memref<2xf64>
    %1 = affine.load %alloc_0[%arg0] : memref<2xf64>
    %2 = arith.mulf %0, %1 : f64
    affine.store %2, %alloc[%arg0] : memref<2xf64>
  }
  toy.print %alloc : memref<2xf64>
  memref.dealloc %alloc_3 : memref<2xf64>
  memref.dealloc %alloc_2 : memref<2xf64>
  memref.dealloc %alloc_1 : memref<2xf64>
  memref.dealloc %alloc_0 : memref<2xf64>
  memref.dealloc %alloc : memref<2xf64>
  return
}

// -----

// Not fused: the consumer reads the buffer transposed (an element another iteration stores),
// and a buffer read twice (by the print too) must stay.
// CHECK-LABEL: func.func @main() {
// CHECK-COUNT-3: affine.for %arg0 = 0 to 2 {
// CHECK:         memref.dealloc %alloc_1
func.func @main() {
  %cst = arith.constant 1.000000e+00 : f64
  %alloc = memref.alloc() : memref<2x2xf64>
  %alloc_0 = memref.alloc() : memref<2x2xf64>
  %alloc_1 = memref.alloc() : memref<2x2xf64>
  affine.for %arg0 = 0 to 2 {
    affine.for %arg1 = 0 to 2 {
      affine.store %cst, %alloc_1[%arg0, %arg1] : memref<2x2xf64>
    }
  }
  affine.for %arg0 = 0 to 2 {
    affine.for %arg1 = 0 to 2 {
      %0 = affine.load %alloc_1[%arg1, %arg0] : memref<2x2xf64>
      affine.store %0, %alloc_0[%arg0, %arg1] : memref<2x2xf64>
    }
  }
  affine.for %arg0 = 0 to 2 {
    affine.for %arg1 = 0 to 2 {
      %0 = affine.load %alloc_0[%arg0, %arg1] : memref<2x2xf64>
      affine.store %0, %alloc[%arg0, %arg1] : memref<2x2xf64>
    }
  }
  toy.print %alloc_0 : memref<2x2xf64>
  toy.print %alloc : memref<2x2xf64>
  memref.dealloc %alloc_1 : memref<2x2xf64>
  memref.dealloc %alloc_0 : memref<2x2xf64>
  memref.dealloc %alloc : memref<2x2xf64>
  return
}

// -----

// Not fused: the bounds differ (a reshape's copy reads another shape).
// CHECK-LABEL: func.func @main() {
// CHECK:         affine.for %arg0 = 0 to 4 {
// CHECK:         affine.for %arg0 = 0 to 2 {
func.func @main() {
  %cst = arith.constant 1.000000e+00 : f64
  %alloc = memref.alloc() : memref<2x2xf64>
  %alloc_0 = memref.alloc() : memref<4xf64>
  affine.for %arg0 = 0 to 4 {
    affine.store %cst, %alloc_0[%arg0] : memref<4xf64>
  }
  affine.for %arg0 = 0 to 2 {
    affine.for %arg1 = 0 to 2 {
      %0 = affine.load %alloc_0[%arg0 * 2 + %arg1] : memref<4xf64>
      affine.store %0, %alloc[%arg0, %arg1] : memref<2x2xf64>
    }
  }
  toy.print %alloc : memref<2x2xf64>
  memref.dealloc %alloc_0 : memref<4xf64>
  memref.dealloc %alloc : memref<2x2xf64>
  return
}
