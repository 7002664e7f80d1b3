// SPDX-License-Identifier: MIT
// The Display texts of the Rust crate, for the small value types.
#include <ostream>
#include <sstream>

#include "fastarena/arena_vec.h"
#include "fastarena/checkpoint.h"

namespace fastarena {

std::ostream& operator<<(std::ostream& os, const Checkpoint& cp) {
  return os << "Checkpoint(block=" << cp.block() << ", offset=" << cp.offset()
            << ", bytes=" << cp.bytes() << ")";
}

std::ostream& operator<<(std::ostream& os, TxnStatus status) {
  return os << (status == TxnStatus::committed ? "committed" : "rolled back");
}

std::ostream& operator<<(std::ostream& os, const TxnDiff& diff) {
  return os << diff.bytes_allocated << " bytes in " << diff.blocks_touched << " block(s)";
}

std::ostream& operator<<(std::ostream& os, TryReserveError error) {
  return os << (error == TryReserveError::capacity_overflow ? "capacity overflow"
                                                            : "memory allocation failed");
}

namespace {
template <class T>
std::string display(const T& value) {
  std::ostringstream os;
  os << value;
  return std::move(os).str();
}
}  // namespace

std::string to_string(const Checkpoint& cp) {
  return display(cp);
}
std::string to_string(TxnStatus status) {
  return display(status);
}
std::string to_string(const TxnDiff& diff) {
  return display(diff);
}
std::string to_string(TryReserveError error) {
  return display(error);
}

}  // namespace fastarena
