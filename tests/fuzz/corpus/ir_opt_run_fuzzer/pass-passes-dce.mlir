// RUN: fa-ir opt --passes=dce %s | FileCheck %s
// RUN: fa-ir opt --passes=dce %S/Inputs/library.mlir | FileCheck %S/Inputs/library.mlir --check-prefix=LIBRARY
// dce: values nobody uses go; prints, returns and calls stay (a call may print). Functions
// @main does not reach go.

// CHECK-NOT:   @unreachable
// CHECK-LABEL: toy.func @main()
// CHECK-NEXT:    %0 = toy.constant dense<1.000000e+00> : tensor<1xf64>
// CHECK-NEXT:    %1 = toy.add %0, %0 : tensor<1xf64>
// CHECK-NEXT:    %2 = toy.generic_call @callee(%0) : (tensor<1xf64>) -> tensor<*xf64>
// CHECK-NEXT:    toy.print %1 : tensor<1xf64>
// CHECK-NEXT:    toy.return
// CHECK:       toy.func private @callee(
// CHECK-NOT:   @unreachable
toy.func private @unreachable() {
  toy.return
}
toy.func @main() {
  %0 = toy.constant dense<1.0> : tensor<1xf64>
  %1 = toy.add %0, %0 : tensor<1xf64>
  %unused = toy.transpose(%1 : tensor<1xf64>) to tensor<1xf64>
  %result_unused = toy.generic_call @callee(%0) : (tensor<1xf64>) -> tensor<*xf64>
  toy.print %1 : tensor<1xf64>
  toy.return
}
toy.func private @callee(%x: tensor<*xf64>) -> tensor<*xf64> {
  toy.print %x : tensor<*xf64>
  toy.return %x : tensor<*xf64>
}
