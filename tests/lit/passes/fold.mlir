// RUN: fa-ir opt --passes=fold %s | FileCheck %s
// fold: an operation whose operands are all constants becomes the constant it computes, by the
// interpreter's own evaluation; what is not all constants, or has an effect, stays.

// CHECK-LABEL: toy.func @main()
// CHECK-NEXT:    %0 = toy.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf64>
// CHECK-NEXT:    %1 = toy.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf64>
// CHECK-NEXT:    %2 = toy.constant dense<{{\[\[}}2.000000e+00, 4.000000e+00, 6.000000e+00], [8.000000e+00, 1.000000e+01, 1.200000e+01]]> : tensor<2x3xf64>
// CHECK-NEXT:    %3 = toy.constant dense<{{\[\[}}-1.000000e+00, -2.000000e+00, -3.000000e+00], [-4.000000e+00, -5.000000e+00, -6.000000e+00]]> : tensor<2x3xf64>
// CHECK-NEXT:    %4 = toy.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00, 9.000000e+00], [1.600000e+01, 2.500000e+01, 3.600000e+01]]> : tensor<2x3xf64>
// CHECK-NEXT:    %5 = toy.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]> : tensor<6xf64>
// A field of a struct constant is a constant, a nested struct a struct constant, with the
// field's shape (the struct's type says only tensor<*xf64>).
// CHECK-NEXT:    %6 = toy.struct_constant
// CHECK-NEXT:    %7 = toy.constant dense<{{\[\[}}4.000000e+00, 8.000000e+00]]> : tensor<1x2xf64>
// CHECK-NEXT:    %8 = toy.struct_constant [dense<4.000000e+00> : tensor<2xf64>] : !toy.struct<tensor<*xf64>>
// CHECK-NEXT:    %9 = toy.constant dense<4.000000e+00> : tensor<2xf64>
// A call's result is not a constant, and so nothing that uses it folds.
// CHECK-NEXT:    %10 = toy.generic_call @id(%4) : (tensor<2x3xf64>) -> tensor<*xf64>
// CHECK-NEXT:    %11 = toy.add %10, %4 : (tensor<*xf64>, tensor<2x3xf64>) -> tensor<*xf64>
// CHECK-NEXT:    toy.print %11 : tensor<*xf64>
toy.func @main() {
  %0 = toy.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>
  %1 = toy.transpose(%0 : tensor<2x3xf64>) to tensor<3x2xf64>
  %2 = toy.add %0, %0 : tensor<2x3xf64>
  %3 = toy.sub %0, %2 : tensor<2x3xf64>
  %4 = toy.mul %0, %0 : tensor<2x3xf64>
  %5 = toy.reshape(%0 : tensor<2x3xf64>) to tensor<6xf64>
  %6 = toy.struct_constant [dense<[[4.0, 8.0]]> : tensor<1x2xf64>, [dense<4.0> : tensor<2xf64>]] : !toy.struct<tensor<*xf64>, !toy.struct<tensor<*xf64>>>
  %7 = toy.struct_access %6[0] : !toy.struct<tensor<*xf64>, !toy.struct<tensor<*xf64>>> -> tensor<*xf64>
  %8 = toy.struct_access %6[1] : !toy.struct<tensor<*xf64>, !toy.struct<tensor<*xf64>>> -> !toy.struct<tensor<*xf64>>
  %9 = toy.struct_access %8[0] : !toy.struct<tensor<*xf64>> -> tensor<*xf64>
  %10 = toy.generic_call @id(%4) : (tensor<2x3xf64>) -> tensor<*xf64>
  %11 = toy.add %10, %4 : (tensor<*xf64>, tensor<2x3xf64>) -> tensor<*xf64>
  toy.print %11 : tensor<*xf64>
  toy.return
}

toy.func private @id(%x: tensor<*xf64>) -> tensor<*xf64> {
  toy.return %x : tensor<*xf64>
}
