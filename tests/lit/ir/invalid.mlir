// RUN: fa-ir lower --split-input-file --verify-diagnostics %s
// RUN: not fa-ir lower --split-input-file --error-limit=0 %s 2>&1 | FileCheck %s
// Invalid IR, one module per chunk: each is read on its own and gives its error, as MLIR's
// invalid.mlir tests do: --verify-diagnostics checks each message against its expected-error,
// FileCheck where it is located (without loc(), an operation is located where it is written).

// The tutorial's invalid.mlir: the generic form, a print with a result and no operand.
toy.func @main() {
  // CHECK: invalid.mlir:[[@LINE+2]]:8: error:
  // expected-error@+1 {{generic operation form is not supported: write the operation as toyc prints it (e.g. toy.print %0 : tensor<2x3xf64>)}}
  %0 = "toy.print"()  : () -> tensor<2x3xf64>
}

// -----
// CHECK: invalid.mlir:[[@LINE+2]]:1: error:
// expected-error@+1 {{function @f does not end with 'return'}}
toy.func @f() {
}

// -----
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.return' op must be the last operation of its body}}
  toy.return
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>, %b: tensor<3xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.add' op operands have different shapes: tensor<2xf64> and tensor<3xf64>}}
  %0 = toy.add %a, %b : (tensor<2xf64>, tensor<3xf64>) -> tensor<*xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.add' op has type tensor<3xf64>, its operands give tensor<2xf64>}}
  %0 = toy.add %a, %a : (tensor<2xf64>, tensor<2xf64>) -> tensor<3xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2x3xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.reshape' op cannot reshape tensor<2x3xf64> to tensor<5xf64>: element counts differ}}
  %0 = toy.reshape(%a : tensor<2x3xf64>) to tensor<5xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.reshape' op needs a ranked result type}}
  %0 = toy.reshape(%a : tensor<2xf64>) to tensor<*xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.transpose' op has type !toy.struct<tensor<*xf64>>, its operands give tensor<2xf64>}}
  %0 = toy.transpose(%a : tensor<2xf64>) to !toy.struct<tensor<*xf64>>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.cast' op cannot cast tensor<2xf64> to tensor<3xf64>}}
  %0 = toy.cast %a : tensor<2xf64> to tensor<3xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.generic_call' op call to unknown function @nope}}
  %0 = toy.generic_call @nope(%a) : (tensor<2xf64>) -> tensor<*xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.generic_call' op @f takes 1 argument(s), 2 given}}
  toy.generic_call @f(%a, %a) : (tensor<2xf64>, tensor<2xf64>) -> ()
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.generic_call' op @f returns nothing}}
  %0 = toy.generic_call @f(%a) : (tensor<2xf64>) -> tensor<*xf64>
  toy.return
}

// -----
toy.func @g() -> tensor<*xf64> {
  %0 = toy.constant dense<1.0> : tensor<f64>
  toy.return %0 : tensor<f64>
}
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.generic_call' op the result of @g is not named}}
  toy.generic_call @g() : () -> ()
  toy.return
}

// -----
toy.func @f(%a: !toy.struct<tensor<*xf64>>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.print' op takes tensors, not !toy.struct<tensor<*xf64>>}}
  toy.print %a : !toy.struct<tensor<*xf64>>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.return' op @f returns a value but its type says nothing}}
  toy.return %a : tensor<2xf64>
}

// -----
toy.func @f(%a: !toy.struct<tensor<*xf64>>) -> tensor<*xf64> {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.return' op returns !toy.struct<tensor<*xf64>>, @f returns tensor<*xf64>}}
  toy.return %a : !toy.struct<tensor<*xf64>>
}

// -----
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+2]]:21: error:
  // expected-error@+1 {{dense elements of shape tensor<2xf64> do not fit tensor<3xf64>}}
  %0 = toy.constant dense<[1.0, 2.0]> : tensor<3xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  %0 = toy.make_struct(%a) : (tensor<2xf64>) -> !toy.struct<tensor<*xf64>>
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.struct_access' op field index 1 is out of range for !toy.struct<tensor<*xf64>>}}
  %1 = toy.struct_access %0[1] : !toy.struct<tensor<*xf64>> -> tensor<*xf64>
  toy.return
}

// -----
toy.func @f(%a: tensor<2xf64>) {
  // CHECK: invalid.mlir:[[@LINE+2]]:3: error:
  // expected-error@+1 {{'toy.make_struct' op takes 2 operand(s), has 1}}
  %0 = toy.make_struct(%a) : (tensor<2xf64>) -> !toy.struct<tensor<*xf64>, tensor<*xf64>>
  toy.return
}

// -----
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+2]]:28: error:
  // expected-error@+1 {{these elements do not fit !toy.struct<tensor<*xf64>, tensor<*xf64>>}}
  %0 = toy.struct_constant [dense<1.0> : tensor<f64>] : !toy.struct<tensor<*xf64>, tensor<*xf64>>
  toy.return
}

// -----
// A syntax error in one chunk stops that chunk only.
toy.func @f() {
  // CHECK: invalid.mlir:[[@LINE+2]]:8: error:
  // expected-error@+1 {{unknown operation 'toy.frobnicate'}}
  %0 = toy.frobnicate
}
