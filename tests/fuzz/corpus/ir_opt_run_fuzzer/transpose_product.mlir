toy.func private @multiply_transpose(%arg0: tensor<*xf64>, %arg1: tensor<*xf64>) -> tensor<*xf64> {
  %0 = toy.transpose(%arg0 : tensor<*xf64>) to tensor<*xf64> loc("transpose_product.toy":3:10)
  %1 = toy.transpose(%arg1 : tensor<*xf64>) to tensor<*xf64> loc("transpose_product.toy":3:25)
  %2 = toy.mul %0, %1 : tensor<*xf64> loc("transpose_product.toy":3:25)
  toy.return %2 : tensor<*xf64> loc("transpose_product.toy":3:3)
} loc("transpose_product.toy":2:1)

toy.func @main() {
  %0 = toy.constant dense<[[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf64> loc("transpose_product.toy":7:11)
  %1 = toy.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]> : tensor<6xf64> loc("transpose_product.toy":8:17)
  %2 = toy.reshape(%1 : tensor<6xf64>) to tensor<2x3xf64> loc("transpose_product.toy":8:3)
  %3 = toy.generic_call @multiply_transpose(%0, %2) : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<*xf64> loc("transpose_product.toy":9:11)
  toy.print %3 : tensor<*xf64> loc("transpose_product.toy":10:3)
  toy.return loc("transpose_product.toy":6:1)
} loc("transpose_product.toy":6:1)

