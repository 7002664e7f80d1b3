// SPDX-License-Identifier: MIT
// Names as a compiler reads them from a file: 100 identifiers of lengths known only at run time
// (6 to 41 bytes), for the alloc_str rows; and the copy a peer without alloc_str makes of one
// (memcpy and a NUL, as alloc_str does).
#pragma once

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace fastarena::bench {

inline const std::vector<std::string>& names() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> made;
    for (int i = 0; i < 100; ++i) {
      std::string name = "sym" + std::to_string(i * 7919 % 1000);
      name.append(static_cast<std::size_t>(2 + i * 37 % 34), "_abcdefghijklmnopqrstuvwxyz"[i % 27]);
      made.push_back(std::move(name));
    }
    return made;
  }();
  return all;
}

template <class Peer>
char* copy_str(Peer& peer, std::string_view s) {
  auto* p = static_cast<char*>(peer.alloc(s.size() + 1, 1));
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

}  // namespace fastarena::bench
