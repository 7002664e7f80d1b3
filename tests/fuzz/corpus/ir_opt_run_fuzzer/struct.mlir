
toy.func private @multiply_transpose(%arg0: !toy.struct<tensor<*xf64>, tensor<*xf64>>) -> tensor<*xf64> {
  %0 = toy.struct_access %arg0[0] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64> loc("struct.toy":9:26)
  %1 = toy.transpose(%0 : tensor<*xf64>) to tensor<*xf64> loc("struct.toy":9:10)
  %2 = toy.struct_access %arg0[1] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64> loc("struct.toy":9:47)
  %3 = toy.transpose(%2 : tensor<*xf64>) to tensor<*xf64> loc("struct.toy":9:31)
  %4 = toy.mul %1, %3 : tensor<*xf64> loc("struct.toy":9:31)
  toy.return %4 : tensor<*xf64> loc("struct.toy":9:3)
} loc("struct.toy":7:1)

toy.func @main() {
  %0 = toy.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf64> loc("struct.toy":14:19)
  %1 = toy.constant dense<[4.000000e+00, 5.000000e+00, 6.000000e+00]> : tensor<3xf64> loc("struct.toy":14:30)
  %2 = toy.make_struct(%0, %1) : (tensor<3xf64>, tensor<3xf64>) -> !toy.struct<tensor<*xf64>, tensor<*xf64>> loc("struct.toy":14:18)
  %3 = toy.generic_call @multiply_transpose(%2) : (!toy.struct<tensor<*xf64>, tensor<*xf64>>) -> tensor<*xf64> loc("struct.toy":17:11)
  toy.print %3 : tensor<*xf64> loc("struct.toy":18:3)
  toy.return loc("struct.toy":19:3)
} loc("struct.toy":12:1)

