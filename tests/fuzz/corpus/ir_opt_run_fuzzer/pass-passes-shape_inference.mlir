// RUN: fa-ir opt --passes=shape-inference %s 2>%t.remarks | FileCheck %s
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
// RUN: fa-ir opt --passes=shape-inference %S/Inputs/shape_conflict.mlir 2>&1 >/dev/null | FileCheck %s --check-prefix=CONFLICT
// shape-inference: each value gets the shape its operands imply (each opcode's shape rule):
// an element-wise operation the shape of whichever operand has one, a transpose its operand's
// reversed, a cast its operand's. Reshapes and constants carry theirs.

// CHECK-LABEL: toy.func @main()
// CHECK-NEXT:    %0 = toy.constant dense<{{.*}}> : tensor<2x3xf64>
// CHECK-NEXT:    %1 = toy.cast %0 : tensor<2x3xf64> to tensor<2x3xf64>
// CHECK-NEXT:    %2 = toy.transpose(%1 : tensor<2x3xf64>) to tensor<3x2xf64>
// CHECK-NEXT:    %3 = toy.mul %2, %2 : tensor<3x2xf64>
// CHECK-NEXT:    %4 = toy.generic_call @f(%3) : (tensor<3x2xf64>) -> tensor<*xf64>
// CHECK-NEXT:    %5 = toy.add %4, %3 : (tensor<*xf64>, tensor<3x2xf64>) -> tensor<3x2xf64>
// CHECK-NEXT:    %6 = toy.add %4, %4 : tensor<*xf64>
// CHECK-NEXT:    toy.print %5 : tensor<3x2xf64>
// CHECK-NEXT:    toy.print %6 : tensor<*xf64>
toy.func @main() {
  %0 = toy.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>
  %1 = toy.cast %0 : tensor<2x3xf64> to tensor<*xf64>
  %2 = toy.transpose(%1 : tensor<*xf64>) to tensor<*xf64>
  %3 = toy.mul %2, %2 : tensor<*xf64>
  // What keeps an unknown shape is a located remark, one per function: here the call's result.
  // REMARK: shape_inference.mlir:[[@LINE+1]]:3: remark: shape inference: 2 value(s) of @main keep an unknown shape, the first this 'generic_call': they depend on its parameters or on calls that were not inlined
  %4 = toy.generic_call @f(%3) : (tensor<*xf64>) -> tensor<*xf64>
  %5 = toy.add %4, %3 : tensor<*xf64>
  %6 = toy.add %4, %4 : tensor<*xf64>
  toy.print %5 : tensor<*xf64>
  toy.print %6 : tensor<*xf64>
  toy.return
}

// REMARK: shape_inference.mlir:[[@LINE+3]]:3: remark: shape inference: 1 value(s) of @f keep an unknown shape, the first this 'transpose'
// CHECK-LABEL: toy.func private @f(
toy.func private @f(%x: tensor<*xf64>) -> tensor<*xf64> {
  %0 = toy.transpose(%x : tensor<*xf64>) to tensor<*xf64>
  toy.return %0 : tensor<*xf64>
}

// Shapes that disagree once known: a located error, and the pass is rolled back.
// CONFLICT: shape_conflict.mlir:5:3: remark: pass 'shape-inference' rolled back: shape inference: operands of 'add' have different shapes: tensor<3x2xf64> and tensor<2x3xf64>
