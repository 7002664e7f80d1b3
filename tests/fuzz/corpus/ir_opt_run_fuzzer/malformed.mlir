toy.func @main() {
  %0 = toy.frobnicate
}
