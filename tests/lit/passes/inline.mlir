// RUN: fa-ir opt --passes=inline %s | FileCheck %s --check-prefix=EVERY
// RUN: fa-ir opt --passes=inline --inline-call-cost=10 %s | FileCheck %s
// RUN: fa-ir opt --passes=inline --inline-call-cost=3 %s | FileCheck %s --check-prefix=COSTLY
// inline, by default, inlines every call as toyc-ch7 does (MLIR's inliner): callees first, each
// function canonicalized before and after its calls are replaced by the callees' code as it is,
// an argument whose type differs from the parameter's through a toy.cast. A function that
// calls itself stays a call.
//
// Under a cost model (--inline-call-cost=N), a call is replaced by the callee's code,
// canonicalized where it meets the caller's values, when that costs less than N operations;
// each attempt is speculative, in a savepoint rolled back if it does not pay. Recursion stays a
// call.

// Every call: twice_transposed, canonicalized first, is its argument (through the cast).
// EVERY-LABEL: toy.func private @twice_transposed(
// EVERY-NEXT:    toy.return %arg0 : tensor<*xf64>
// EVERY-LABEL: toy.func @main()
// EVERY-NEXT:    %0 = toy.constant
// EVERY-NEXT:    %1 = toy.cast %0 : tensor<2x3xf64> to tensor<*xf64>
// EVERY-NEXT:    %2 = toy.cast %0 : tensor<2x3xf64> to tensor<*xf64>
// EVERY-NEXT:    %3 = toy.transpose(%1 : tensor<*xf64>) to tensor<*xf64>
// EVERY-NEXT:    %4 = toy.transpose(%2 : tensor<*xf64>) to tensor<*xf64>
// EVERY-NEXT:    %5 = toy.mul %3, %4 : tensor<*xf64>
// EVERY-NEXT:    toy.print %5 : tensor<*xf64>
// EVERY-NEXT:    %6 = toy.generic_call @forever(%0) : (tensor<2x3xf64>) -> tensor<*xf64>
// EVERY-NEXT:    %7 = toy.cast %0 : tensor<2x3xf64> to tensor<*xf64>
// EVERY-NEXT:    toy.print %7 : tensor<*xf64>
// EVERY-NEXT:    toy.return
// With every call inlined, conflicting shapes meet in the caller: shape inference reports them.
// EVERY-LABEL: toy.func private @conflicting_shapes()
// EVERY:         toy.add

// Under the cost model: the callee is left for dce; its calls are gone from main.
// CHECK-LABEL: toy.func private @multiply_transpose(
// CHECK-LABEL: toy.func private @twice_transposed(
// CHECK-LABEL: toy.func @main()
// CHECK-NEXT:    %0 = toy.constant
// CHECK-NEXT:    %1 = toy.transpose(%0 : tensor<2x3xf64>) to tensor<*xf64>
// CHECK-NEXT:    %2 = toy.transpose(%0 : tensor<2x3xf64>) to tensor<*xf64>
// CHECK-NEXT:    %3 = toy.mul %1, %2 : tensor<*xf64>
// CHECK-NEXT:    toy.print %3 : tensor<*xf64>
// CHECK-NEXT:    %4 = toy.generic_call @forever(%0) : (tensor<2x3xf64>) -> tensor<*xf64>
// twice_transposed, canonicalized before it is inlined, is its argument.
// CHECK-NEXT:    toy.print %0 : tensor<2x3xf64>
// CHECK-NEXT:    toy.return

// With calls that cost 3, multiply_transpose (3 operations) does not pay, and stays a call.
// COSTLY-LABEL: toy.func @main()
// COSTLY:         toy.generic_call @multiply_transpose(%0, %0)
toy.func private @multiply_transpose(%a: tensor<*xf64>, %b: tensor<*xf64>) -> tensor<*xf64> {
  %0 = toy.transpose(%a : tensor<*xf64>) to tensor<*xf64>
  %1 = toy.transpose(%b : tensor<*xf64>) to tensor<*xf64>
  %2 = toy.mul %0, %1 : tensor<*xf64>
  toy.return %2 : tensor<*xf64>
}

toy.func private @twice_transposed(%a: tensor<*xf64>) -> tensor<*xf64> {
  %0 = toy.transpose(%a : tensor<*xf64>) to tensor<*xf64>
  %1 = toy.transpose(%0 : tensor<*xf64>) to tensor<*xf64>
  toy.return %1 : tensor<*xf64>
}

toy.func private @forever(%a: tensor<*xf64>) -> tensor<*xf64> {
  %0 = toy.generic_call @forever(%a) : (tensor<*xf64>) -> tensor<*xf64>
  toy.return %0 : tensor<*xf64>
}

toy.func @main() {
  %0 = toy.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>
  %1 = toy.generic_call @multiply_transpose(%0, %0) : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<*xf64>
  toy.print %1 : tensor<*xf64>
  %2 = toy.generic_call @forever(%0) : (tensor<2x3xf64>) -> tensor<*xf64>
  %3 = toy.generic_call @twice_transposed(%0) : (tensor<2x3xf64>) -> tensor<*xf64>
  toy.print %3 : tensor<*xf64>
  toy.return
}

// Inlined here, the known argument shapes would meet in the callee (a 3x2 added to a 2x3): a
// conflict keeps the call, so that the program still fails where and when it did, in the callee.
// CHECK-LABEL: toy.func private @add_transposed(
// CHECK-LABEL: toy.func private @conflicting_shapes()
// CHECK-NEXT:    %0 = toy.constant
// CHECK-NEXT:    %1 = toy.generic_call @add_transposed(%0, %0) : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<*xf64>
// CHECK-NEXT:    toy.print %1 : tensor<*xf64>
toy.func private @add_transposed(%a: tensor<*xf64>, %b: tensor<*xf64>) -> tensor<*xf64> {
  %0 = toy.transpose(%a : tensor<*xf64>) to tensor<*xf64>
  %1 = toy.add %0, %b : tensor<*xf64>
  toy.return %1 : tensor<*xf64>
}

toy.func private @conflicting_shapes() {
  %0 = toy.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>
  %1 = toy.generic_call @add_transposed(%0, %0) : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<*xf64>
  toy.print %1 : tensor<*xf64>
  toy.return
}
