// place-buffers: each buffer allocated just before its first use and freed just after its last
// (native code runs it; toyc's placement, all at the top and the end, is what
// --emit=mlir-affine prints).
// RUN: fa-ir opt --passes=place-buffers %s | FileCheck %s

func.func @main() {
  %cst = arith.constant 1.000000e+00 : f64
  %alloc = memref.alloc() : memref<2xf64>
  %alloc_0 = memref.alloc() : memref<2xf64>
  %alloc_1 = memref.alloc() : memref<2xf64>
  affine.store %cst, %alloc_1[0] : memref<2xf64>
  affine.store %cst, %alloc_1[1] : memref<2xf64>
  affine.for %arg0 = 0 to 2 {
    %0 = affine.load %alloc_1[%arg0] : memref<2xf64>
    %1 = arith.addf %0, %0 : f64
    affine.store %1, %alloc_0[%arg0] : memref<2xf64>
  }
  affine.for %arg0 = 0 to 2 {
    %0 = affine.load %alloc_0[%arg0] : memref<2xf64>
    %1 = arith.mulf %0, %0 : f64
    affine.store %1, %alloc[%arg0] : memref<2xf64>
  }
  toy.print %alloc : memref<2xf64>
  memref.dealloc %alloc_1 : memref<2xf64>
  memref.dealloc %alloc_0 : memref<2xf64>
  memref.dealloc %alloc : memref<2xf64>
  return
}

// CHECK-LABEL: func.func @main() {
// CHECK-NEXT:    %cst = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %[[C:.*]] = memref.alloc() : memref<2xf64>
// CHECK-NEXT:    affine.store %cst, %[[C]][0] : memref<2xf64>
// CHECK-NEXT:    affine.store %cst, %[[C]][1] : memref<2xf64>
// CHECK-NEXT:    %[[S:.*]] = memref.alloc() : memref<2xf64>
// CHECK-NEXT:    affine.for
// CHECK:         }
// CHECK-NEXT:    memref.dealloc %[[C]] : memref<2xf64>
// CHECK-NEXT:    %[[P:.*]] = memref.alloc() : memref<2xf64>
// CHECK-NEXT:    affine.for
// CHECK:         }
// CHECK-NEXT:    memref.dealloc %[[S]] : memref<2xf64>
// CHECK-NEXT:    toy.print %[[P]] : memref<2xf64>
// CHECK-NEXT:    memref.dealloc %[[P]] : memref<2xf64>
// CHECK-NEXT:    return
