// RUN: fa-ir opt --passes=cse %s | FileCheck %s
// cse: an operation that computes what an earlier one computes (the same opcode, attributes and
// operands) is replaced by it; equal constants are one. Effects (print, calls) are never merged.

// CHECK-LABEL: toy.func @main()
// CHECK-NEXT:    %0 = toy.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>
// CHECK-NEXT:    %1 = toy.transpose(%0 : tensor<2xf64>) to tensor<2xf64>
// CHECK-NEXT:    %2 = toy.mul %1, %1 : tensor<2xf64>
// CHECK-NEXT:    %3 = toy.constant dense<[1.000000e+00, 3.000000e+00]> : tensor<2xf64>
// CHECK-NEXT:    %4 = toy.add %2, %3 : tensor<2xf64>
// CHECK-NEXT:    %5 = toy.constant dense<[-0.000000e+00, 2.000000e+00]> : tensor<2xf64>
// CHECK-NEXT:    %6 = toy.constant dense<[0.000000e+00, 2.000000e+00]> : tensor<2xf64>
// CHECK-NEXT:    %7 = toy.add %5, %6 : tensor<2xf64>
// CHECK-NEXT:    %8 = toy.add %4, %7 : tensor<2xf64>
// CHECK-NEXT:    toy.print %8 : tensor<2xf64>
// CHECK-NEXT:    toy.print %8 : tensor<2xf64>
// CHECK-NEXT:    %9 = toy.generic_call @f() : () -> tensor<*xf64>
// CHECK-NEXT:    %10 = toy.generic_call @f() : () -> tensor<*xf64>
toy.func @main() {
  %a = toy.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %b = toy.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %ta = toy.transpose(%a : tensor<2xf64>) to tensor<2xf64>
  %tb = toy.transpose(%b : tensor<2xf64>) to tensor<2xf64>
  %m = toy.mul %ta, %tb : tensor<2xf64>
  // other elements: another constant
  %c = toy.constant dense<[1.0, 3.0]> : tensor<2xf64>
  %s = toy.add %m, %c : tensor<2xf64>
  // -0 and 0 differ in their bits: not the same constant
  %z = toy.constant dense<[-0.0, 2.0]> : tensor<2xf64>
  %y = toy.constant dense<[0.0, 2.0]> : tensor<2xf64>
  %zy = toy.add %z, %y : tensor<2xf64>
  %t = toy.add %s, %zy : tensor<2xf64>
  toy.print %t : tensor<2xf64>
  toy.print %t : tensor<2xf64>
  %f1 = toy.generic_call @f() : () -> tensor<*xf64>
  %f2 = toy.generic_call @f() : () -> tensor<*xf64>
  toy.return
}

toy.func private @f() -> tensor<*xf64> {
  %0 = toy.constant dense<1.0> : tensor<f64>
  toy.print %0 : tensor<f64>
  toy.return %0 : tensor<f64>
}

// Operations that differ only in their result type (two reshapes of one value) or only in the
// field they read (two accesses of one struct) compute different values: both stay.
// CHECK-LABEL: toy.func private @differ_only_in_type_or_field(
// CHECK-NEXT:    %0 = toy.reshape(%arg0 : tensor<6xf64>) to tensor<2x3xf64>
// CHECK-NEXT:    %1 = toy.reshape(%arg0 : tensor<6xf64>) to tensor<3x2xf64>
// CHECK-NEXT:    toy.print %0 : tensor<2x3xf64>
// CHECK-NEXT:    toy.print %1 : tensor<3x2xf64>
// CHECK-NEXT:    %2 = toy.struct_access %arg1[0] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64>
// CHECK-NEXT:    %3 = toy.struct_access %arg1[1] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64>
// CHECK-NEXT:    %4 = toy.add %2, %3 : tensor<*xf64>
toy.func private @differ_only_in_type_or_field(%v: tensor<6xf64>, %s: !toy.struct<tensor<*xf64>, tensor<*xf64>>) {
  %a = toy.reshape(%v : tensor<6xf64>) to tensor<2x3xf64>
  %b = toy.reshape(%v : tensor<6xf64>) to tensor<3x2xf64>
  toy.print %a : tensor<2x3xf64>
  toy.print %b : tensor<3x2xf64>
  %x = toy.struct_access %s[0] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64>
  %y = toy.struct_access %s[1] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64>
  %z = toy.add %x, %y : tensor<*xf64>
  toy.print %z : tensor<*xf64>
  toy.return
}
