// Name: an interned identifier, one pointer wide. It points at the name table's entry (an
// llvm::StringMapEntry, which keeps the length beside the characters), so a name costs an AST
// node 8 bytes instead of a string_view's 16, and equal names compare by address.
#pragma once

#include <llvm/ADT/None.h>
#include <llvm/ADT/StringMapEntry.h>
#include <llvm/Support/raw_ostream.h>

#include <string_view>

namespace fastarena::toy {

class Name {
 public:
  using Entry = llvm::StringMapEntry<llvm::NoneType>;

  Name() = default;  // the absent name: empty
  explicit Name(const Entry& entry) noexcept : entry_(&entry) {}

  std::string_view view() const noexcept {
    return entry_ == nullptr ? std::string_view()
                             : std::string_view(entry_->getKeyData(), entry_->getKeyLength());
  }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: names read as text
  bool empty() const noexcept { return entry_ == nullptr; }

  // Names from one table are equal exactly when they are the same entry.
  friend bool operator==(Name a, Name b) noexcept { return a.entry_ == b.entry_; }
  friend bool operator==(Name a, std::string_view b) noexcept { return a.view() == b; }
  friend llvm::raw_ostream& operator<<(llvm::raw_ostream& os, Name name) {
    const std::string_view text = name.view();
    return os.write(text.data(), text.size());
  }

 private:
  const Entry* entry_ = nullptr;
};

}  // namespace fastarena::toy
