// Every loop-level operation read and printed back as it was (MLIR's syntax; the names are
// MLIR's: %cst, %alloc, %argN, numbers continuing into loop bodies), and with its locations.
// RUN: fa-ir lower %s | FileCheck %s
// RUN: fa-ir lower %s | fa-ir lower -x mlir - | FileCheck %s
// RUN: fa-ir lower --mlir-print-debuginfo %s | fa-ir lower --mlir-print-debuginfo -x mlir - | FileCheck %s --check-prefix=LOC

module {
  func.func @main() {
    %cst = arith.constant 2.500000e+00 : f64
    %cst_0 = arith.constant dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>
    %0 = bufferization.to_memref %cst_0 : memref<2x2xf64>
    %alloc = memref.alloc() : memref<2x2xf64>
    %alloc_1 = memref.alloc() : memref<4xf64>
    affine.store %cst, %alloc[0, 1] : memref<2x2xf64> loc("f.toy":3:4)
    affine.for %arg0 = 0 to 2 {
      affine.for %arg1 = 0 to 2 {
        %1 = affine.load %0[%arg1, %arg0] : memref<2x2xf64>
        %2 = arith.addf %1, %cst : f64
        %3 = arith.subf %2, %1 : f64
        %4 = arith.mulf %3, %3 : f64
        affine.store %4, %alloc[%arg0, %arg1] : memref<2x2xf64>
      } loc("f.toy":5:6)
    }
    affine.for %arg0 = 0 to 4 {
      %1 = affine.load %alloc[%arg0 floordiv 2, %arg0 mod 2] : memref<2x2xf64>
      affine.store %1, %alloc_1[%arg0] : memref<4xf64>
    }
    toy.print %alloc_1 : memref<4xf64>
    memref.dealloc %alloc : memref<2x2xf64>
    memref.dealloc %alloc_1 : memref<4xf64>
    return
  }
}

// CHECK-LABEL: func.func @main() {
// CHECK-NEXT:    %cst = arith.constant 2.500000e+00 : f64
// CHECK-NEXT:    %cst_0 = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>
// CHECK-NEXT:    %0 = bufferization.to_memref %cst_0 : memref<2x2xf64>
// CHECK-NEXT:    %alloc = memref.alloc() : memref<2x2xf64>
// CHECK-NEXT:    %alloc_1 = memref.alloc() : memref<4xf64>
// CHECK-NEXT:    affine.store %cst, %alloc[0, 1] : memref<2x2xf64>
// CHECK-NEXT:    affine.for %arg0 = 0 to 2 {
// CHECK-NEXT:      affine.for %arg1 = 0 to 2 {
// CHECK-NEXT:        %1 = affine.load %0[%arg1, %arg0] : memref<2x2xf64>
// CHECK-NEXT:        %2 = arith.addf %1, %cst : f64
// CHECK-NEXT:        %3 = arith.subf %2, %1 : f64
// CHECK-NEXT:        %4 = arith.mulf %3, %3 : f64
// CHECK-NEXT:        affine.store %4, %alloc[%arg0, %arg1] : memref<2x2xf64>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    affine.for %arg0 = 0 to 4 {
// CHECK-NEXT:      %1 = affine.load %alloc[%arg0 floordiv 2, %arg0 mod 2] : memref<2x2xf64>
// CHECK-NEXT:      affine.store %1, %alloc_1[%arg0] : memref<4xf64>
// CHECK-NEXT:    }
// CHECK-NEXT:    toy.print %alloc_1 : memref<4xf64>
// CHECK-NEXT:    memref.dealloc %alloc : memref<2x2xf64>
// CHECK-NEXT:    memref.dealloc %alloc_1 : memref<4xf64>
// CHECK-NEXT:    return
// CHECK-NEXT:  }

// LOC:      affine.store %cst, %alloc[0, 1] : memref<2x2xf64> loc("f.toy":3:4)
// LOC:        affine.for %arg1 loc("f.toy":5:6) = 0 to 2 {
// LOC:        } loc("f.toy":5:6)
