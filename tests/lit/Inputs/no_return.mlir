toy.func @main() {
}
