toy.func @main() {
} loc("invalid.fir":1:1)

