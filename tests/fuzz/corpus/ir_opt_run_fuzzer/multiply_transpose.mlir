toy.func private @multiply_transpose(%arg0: tensor<*xf64>, %arg1: tensor<*xf64>) -> tensor<*xf64> {
  %0 = toy.transpose(%arg0 : tensor<*xf64>) to tensor<*xf64> loc("multiply_transpose.toy":2:10)
  %1 = toy.transpose(%arg1 : tensor<*xf64>) to tensor<*xf64> loc("multiply_transpose.toy":2:25)
  %2 = toy.mul %0, %1 : tensor<*xf64> loc("multiply_transpose.toy":2:25)
  toy.return %2 : tensor<*xf64> loc("multiply_transpose.toy":2:3)
} loc("multiply_transpose.toy":1:1)

toy.func @main() {
  %0 = toy.constant dense<[[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf64> loc("multiply_transpose.toy":5:11)
  %1 = toy.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]> : tensor<6xf64> loc("multiply_transpose.toy":6:17)
  %2 = toy.reshape(%1 : tensor<6xf64>) to tensor<2x3xf64> loc("multiply_transpose.toy":6:3)
  toy.print %2 : tensor<2x3xf64> loc("multiply_transpose.toy":7:3)
  toy.return loc("multiply_transpose.toy":4:1)
} loc("multiply_transpose.toy":4:1)

