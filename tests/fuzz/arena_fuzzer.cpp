// SPDX-License-Identifier: MIT
// libFuzzer: the input's bytes choose a sequence of arena operations, checked against the model
// of tests/arena/arena_model.h after every step.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "../arena/arena_model.h"

namespace {

// Each choice takes two bytes of the input; at its end the sequence stops.
class ByteChoices : public fastarena::model::Choices {
 public:
  ByteChoices(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::size_t below(std::size_t n) override {
    std::size_t value = 0;
    for (int i = 0; i < 2 && pos_ < size_; ++i) value = value << 8 | data_[pos_++];
    return value % n;
  }
  bool more() override { return pos_ < size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteChoices choices(data, size);
  fastarena::model::ArenaModel model(size % 2 == 0 ? 64 : 1024);
  while (choices.more()) {
    if (const auto problem = model.step(choices)) {
      std::fprintf(stderr, "arena model: %s (step %zu)\n", problem->c_str(), model.steps());
      std::abort();
    }
  }
  return 0;
}
