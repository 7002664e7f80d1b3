// SPDX-License-Identifier: MIT
// NameTable (fastarena/name_table.h): one stored copy of each name, compared by address.
#include "fastarena/name_table.h"

#include <gtest/gtest.h>
#include <llvm/ADT/DenseMap.h>

#include <string>

namespace fastarena {
namespace {

TEST(NameTable, InternsOnceAndComparesByAddress) {
  NameTable names;
  const Name a = names.intern("main");
  const std::string copy = "main";
  const Name b = names.intern(copy);  // another buffer, the same name
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.view().data(), b.view().data());
  EXPECT_EQ(a, "main");
  EXPECT_FALSE(a == names.intern("mainly"));
  EXPECT_TRUE(Name().empty());
  EXPECT_EQ(Name().view(), "");
  EXPECT_EQ(names.find("main"), a);
  EXPECT_TRUE(names.find("absent").empty());
  EXPECT_GT(names.arena().stats().bytes_allocated, 0u);
}

TEST(NameTable, NamesAreDenseMapKeys) {
  NameTable names;
  llvm::DenseMap<Name, int> values;
  for (int i = 0; i < 1000; ++i) values[names.intern("n" + std::to_string(i))] = i;
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(values.lookup(names.intern("n" + std::to_string(i))), i);
  EXPECT_EQ(values.count(names.intern("other")), 0u);
}

}  // namespace
}  // namespace fastarena
