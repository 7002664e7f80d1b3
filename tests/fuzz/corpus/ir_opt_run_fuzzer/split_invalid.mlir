// RUN: not fa-ir lower --split-input-file %s 2>&1 | FileCheck %s
// Invalid IR, one module per chunk: each is read on its own and gives its located error, as
// MLIR's invalid.mlir tests do. Without loc(), an operation is located where it is written.

// The tutorial's invalid.mlir: the generic form, a print with a result and no operand.
toy.func @main() {
  // CHECK: invalid.mlir:[[@LINE+1]]:8: error: generic operation form is not supported
  %0 = "toy.print"()  : () -> tensor<2x3xf64>
}

// -----
// CHECK: invalid.mlir:[[@LINE+1]]:1: error: function @f does not end with 'return'
toy.func @f() {
}

// -----
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: 'return' before the end of the body
  toy.return
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>, %b: tensor<3xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: operands of 'add' have different shapes: tensor<2xf64> and tensor<3xf64>
  %0 = toy.add %a, %b : (tensor<2xf64>, tensor<3xf64>) -> tensor<*xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: 'add' has type tensor<3xf64>, its operands give tensor<2xf64>
  %0 = toy.add %a, %a : (tensor<2xf64>, tensor<2xf64>) -> tensor<3xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2x3xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: cannot reshape tensor<2x3xf64> to tensor<5xf64>: element counts differ
  %0 = toy.reshape(%a : tensor<2x3xf64>) to tensor<5xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: 'reshape' needs a ranked result type
  %0 = toy.reshape(%a : tensor<2xf64>) to tensor<*xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: 'transpose' has type !toy.struct<tensor<*xf64>>, its operands give tensor<2xf64>
  %0 = toy.transpose(%a : tensor<2xf64>) to !toy.struct<tensor<*xf64>>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: cannot cast tensor<2xf64> to tensor<3xf64>
  %0 = toy.cast %a : tensor<2xf64> to tensor<3xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: call to unknown function @nope
  %0 = toy.generic_call @nope(%a) : (tensor<2xf64>) -> tensor<*xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: @f takes 1 argument(s), 2 given
  toy.generic_call @f(%a, %a) : (tensor<2xf64>, tensor<2xf64>) -> ()
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: @f returns nothing
  %0 = toy.generic_call @f(%a) : (tensor<2xf64>) -> tensor<*xf64>
  toy.return
}

// -----
toy.func @g() -> tensor<*xf64> {
  %0 = toy.constant dense<1.0> : tensor<f64>
  toy.return %0 : tensor<f64>
}
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: the result of @g is not named
  toy.generic_call @g() : () -> ()
  toy.return
}

// -----
toy.func @f(%a: !toy.struct<tensor<*xf64>>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: 'print' takes tensors, not !toy.struct<tensor<*xf64>>
  toy.print %a : !toy.struct<tensor<*xf64>>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: @f returns a value but its type says nothing
  toy.return %a : tensor<2xf64>
}

// -----
toy.func @f(%a: !toy.struct<tensor<*xf64>>) -> tensor<*xf64> {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: returns !toy.struct<tensor<*xf64>>, @f returns tensor<*xf64>
  toy.return %a : !toy.struct<tensor<*xf64>>
}

// -----
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+1]]:21: error: dense elements of shape tensor<2xf64> do not fit tensor<3xf64>
  %0 = toy.constant dense<[1.0, 2.0]> : tensor<3xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  %0 = toy.make_struct(%a) : (tensor<2xf64>) -> !toy.struct<tensor<*xf64>>
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: field index 1 is out of range for !toy.struct<tensor<*xf64>>
  %1 = toy.struct_access %0[1] : !toy.struct<tensor<*xf64>> -> tensor<*xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+1]]:3: error: 'make_struct' takes 2 operand(s), has 1
  %0 = toy.make_struct(%a) : (tensor<2xf64>) -> !toy.struct<tensor<*xf64>, tensor<*xf64>>
  toy.return
}

// -----
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+1]]:28: error: these elements do not fit !toy.struct<tensor<*xf64>, tensor<*xf64>>
  %0 = toy.struct_constant [dense<1.0> : tensor<f64>] : !toy.struct<tensor<*xf64>, tensor<*xf64>>
  toy.return
}

// -----
// A syntax error in one chunk stops that chunk only.
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+1]]:8: error: unknown operation 'toy.frobnicate'
  %0 = toy.frobnicate
}
