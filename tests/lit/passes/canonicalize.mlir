// RUN: fa-ir opt --passes=canonicalize %s | FileCheck %s
// Each rewrite of canonicalize (the opcodes' own rules), alone, run as MLIR's canonicalizer
// runs: what becomes unused is erased, and constants go where MLIR's folder puts them (the
// front of the body: a leading run stays, the others move ahead of it in the reverse order met,
// what the rules made too).

// transpose(transpose(x)) is x.
// CHECK-LABEL: toy.func private @transpose_transpose(
// CHECK-NEXT:    toy.print %arg0 : tensor<*xf64>
toy.func private @transpose_transpose(%x: tensor<*xf64>) {
  %0 = toy.transpose(%x : tensor<*xf64>) to tensor<*xf64>
  %1 = toy.transpose(%0 : tensor<*xf64>) to tensor<*xf64>
  toy.print %1 : tensor<*xf64>
  toy.return
}

// reshape(reshape(x)) is one reshape; a reshape to the type it has is the value.
// CHECK-LABEL: toy.func private @reshape_reshape(
// CHECK-NEXT:    %0 = toy.reshape(%arg0 : tensor<*xf64>) to tensor<2x2xf64>
// CHECK-NEXT:    toy.print %0 : tensor<2x2xf64>
toy.func private @reshape_reshape(%x: tensor<*xf64>) {
  %0 = toy.reshape(%x : tensor<*xf64>) to tensor<4xf64>
  %1 = toy.reshape(%0 : tensor<4xf64>) to tensor<2x2xf64>
  %2 = toy.reshape(%1 : tensor<2x2xf64>) to tensor<2x2xf64>
  toy.print %2 : tensor<2x2xf64>
  toy.return
}

// A reshaped constant is a constant of the new shape; a scalar's is broadcast (toyc's
// ReshapeConstant). The scalar, not first, moved to the front before the rewrites; the new
// 2x2 constants are made where the reshapes were, and the second, behind a print, moves to the
// front too.
// CHECK-LABEL: toy.func private @reshape_constant(
// CHECK-NEXT:    %0 = toy.constant dense<5.500000e+00> : tensor<2x2xf64>
// CHECK-NEXT:    %1 = toy.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>
// CHECK-NEXT:    toy.print %1 : tensor<2x2xf64>
// CHECK-NEXT:    toy.print %0 : tensor<2x2xf64>
toy.func private @reshape_constant() {
  %0 = toy.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf64>
  %1 = toy.reshape(%0 : tensor<4xf64>) to tensor<2x2xf64>
  toy.print %1 : tensor<2x2xf64>
  %2 = toy.constant dense<5.5> : tensor<f64>
  %3 = toy.reshape(%2 : tensor<f64>) to tensor<2x2xf64>
  toy.print %3 : tensor<2x2xf64>
  toy.return
}

// A field of a struct made of values is the value; of a struct constant, the constant.
// CHECK-LABEL: toy.func private @struct_access(
// The field's constant is typed as the field is, tensor<*xf64>, until shape inference (as MLIR
// materializes it); its text shows its value's type.
// CHECK-NEXT:    %0 = toy.constant dense<[3.000000e+00, 4.000000e+00]> : tensor<2xf64>
// CHECK-NEXT:    toy.print %arg0 : tensor<*xf64>
// CHECK-NEXT:    toy.print %0 : tensor<*xf64>
toy.func private @struct_access(%x: tensor<*xf64>) {
  %0 = toy.constant dense<1.0> : tensor<f64>
  %1 = toy.make_struct(%0, %x) : (tensor<f64>, tensor<*xf64>) -> !toy.struct<tensor<*xf64>, tensor<*xf64>>
  %2 = toy.struct_access %1[1] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64>
  toy.print %2 : tensor<*xf64>
  %3 = toy.struct_constant [dense<1.0> : tensor<f64>, dense<[3.0, 4.0]> : tensor<2xf64>] : !toy.struct<tensor<*xf64>, tensor<*xf64>>
  %4 = toy.struct_access %3[1] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64>
  toy.print %4 : tensor<*xf64>
  toy.return
}

// A cast to the type its operand has is the operand; any other stays.
// CHECK-LABEL: toy.func @main(
// CHECK-NEXT:    %0 = toy.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>
// CHECK-NEXT:    %1 = toy.cast %0 : tensor<2xf64> to tensor<*xf64>
// CHECK-NEXT:    toy.print %1 : tensor<*xf64>
// CHECK-NEXT:    toy.print %0 : tensor<2xf64>
toy.func @main() {
  %0 = toy.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %1 = toy.cast %0 : tensor<2xf64> to tensor<*xf64>
  toy.print %1 : tensor<*xf64>
  %2 = toy.cast %0 : tensor<2xf64> to tensor<2xf64>
  toy.print %2 : tensor<2xf64>
  toy.return
}
