// A module without @main is a library: every function stays.
toy.func private @f() {
  toy.return
}
toy.func private @g() {
  toy.generic_call @f() : () -> ()
  toy.return
}
// LIBRARY: toy.func private @f()
// LIBRARY: toy.func private @g()
// LIBRARY-NEXT: toy.generic_call @f() : () -> ()
