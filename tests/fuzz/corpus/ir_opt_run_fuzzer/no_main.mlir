toy.func private @f() {
  toy.return
}

