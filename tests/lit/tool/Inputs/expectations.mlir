// Diagnostics and the comments that expect them, for verify_diagnostics.test.
toy.func @f(%a: tensor<2xf64>, %b: tensor<3xf64>) {
  %0 = toy.add %a, %b : (tensor<2xf64>, tensor<3xf64>) -> tensor<*xf64>  // expected-error {{operands have different shapes}}
  toy.return
}

// -----
toy.func @g(%a: tensor<2x3xf64>) {
  %0 = toy.reshape(%a : tensor<2x3xf64>) to tensor<5xf64>
  // expected-error@above {{element counts differ}}
  toy.return
}

// -----
toy.func @h() {
  // expected-error@below {{unknown operation 'toy.frobnicate'}}
  toy.frobnicate
}
