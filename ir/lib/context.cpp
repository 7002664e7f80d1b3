// SPDX-License-Identifier: MIT
#include "fastarena/ir/context.h"

#include <algorithm>
#include <numeric>

namespace fastarena::ir {

Context::Context() : own_names_(std::make_unique<NameTable>()), names_(own_names_.get()) {
  init();
}

Context::Context(NameTable& names) : names_(&names) {
  init();
}

void Context::init() {
  auto* unranked = arena_.alloc<detail::TypeStorage>();
  unranked->kind = Type::Kind::unranked_tensor;
  unranked_ = Type(unranked);
  auto* f64 = arena_.alloc<detail::TypeStorage>();
  f64->kind = Type::Kind::f64;
  f64_ = Type(f64);
  auto* index = arena_.alloc<detail::TypeStorage>();
  index->kind = Type::Kind::index;
  index_ = Type(index);
  files_.push_back("");
}

Type Context::tensor(std::span<const std::int64_t> shape) {
  return shaped(Type::Kind::tensor, shape);
}

Type Context::memref(std::span<const std::int64_t> shape) {
  return shaped(Type::Kind::memref, shape);
}

Type Context::shaped(Type::Kind kind, std::span<const std::int64_t> shape) {
  auto& table = kind == Type::Kind::tensor ? tensors_ : memrefs_;
  const llvm::ArrayRef<std::int64_t> key(shape.data(), shape.size());
  if (shared_) {  // most shapes exist already: threads look them up side by side
    const std::shared_lock<std::shared_mutex> lookup(mutex_);
    if (const auto it = table.find(key); it != table.end()) return it->second;
  }
  const Guard guard(*this);
  if (const auto it = table.find(key); it != table.end()) return it->second;
  auto* storage = arena_.alloc<detail::TypeStorage>();
  storage->kind = kind;
  storage->shape = arena_.alloc_slice_copy(shape);
  // Saturates instead of overflowing: a shape this large fails every check that uses the count.
  std::int64_t count = 1;
  for (const std::int64_t extent : shape) {
    if (extent != 0 && count > INT64_MAX / extent) {
      count = INT64_MAX;
      break;
    }
    count *= extent;
  }
  storage->element_count = count;
  const Type type(storage);
  table.try_emplace(llvm::ArrayRef<std::int64_t>(storage->shape.data(), shape.size()), type);
  return type;
}

Type Context::struct_type(Name name, std::span<const Name> fields, std::span<const Type> types) {
  const Guard guard(*this);
  if (const Type existing = find_struct(name)) {
    const bool same = std::equal(fields.begin(), fields.end(), existing.field_names().begin(),
                                 existing.field_names().end()) &&
                      std::equal(types.begin(), types.end(), existing.field_types().begin(),
                                 existing.field_types().end());
    return same ? existing : Type();
  }
  auto* storage = arena_.alloc<detail::TypeStorage>();
  storage->kind = Type::Kind::structure;
  storage->name = name;
  storage->field_names = arena_.alloc_slice_copy(fields);
  storage->field_types = arena_.alloc_slice_copy(types);
  const Type type(storage);
  structs_.try_emplace(name, type);
  return type;
}

Type Context::struct_type(std::span<const Type> fields) {
  const Guard guard(*this);
  llvm::SmallVector<const void*, 4> key;
  for (const Type field : fields) key.push_back(field.opaque());
  if (const auto it = anonymous_structs_.find(key); it != anonymous_structs_.end()) {
    return it->second;
  }
  auto* storage = arena_.alloc<detail::TypeStorage>();
  storage->kind = Type::Kind::structure;
  storage->field_types = arena_.alloc_slice_copy(fields);
  const std::span<const void*> stored = arena_.alloc_slice_copy(std::span<const void* const>(key));
  const Type type(storage);
  anonymous_structs_.try_emplace(llvm::ArrayRef<const void*>(stored.data(), stored.size()), type);
  return type;
}

Type Context::find_struct(Name name) const {
  return structs_.lookup(name);
}

std::uint32_t Context::file(std::string_view path) {
  const Guard guard(*this);
  for (std::size_t i = 1; i < files_.size(); ++i) {
    if (files_[i] == path) return static_cast<std::uint32_t>(i);
  }
  files_.push_back(names_->intern(path).view());
  return static_cast<std::uint32_t>(files_.size() - 1);
}

Location Context::call_site(Location callee, Location caller) {
  const Location parts[] = {callee, caller};
  return add_composite(/*call_site=*/true, parts);
}

Location Context::fused(std::span<const Location> locations) {
  llvm::SmallVector<Location, 4> parts;
  const auto add = [&](Location loc) {
    if (loc.known() && std::find(parts.begin(), parts.end(), loc) == parts.end()) {
      parts.push_back(loc);
    }
  };
  for (const Location loc : locations) {
    if (!loc.is_composite()) {
      add(loc);
      continue;
    }
    const Composite inner = composite(loc);
    if (inner.call_site) {
      add(loc);
    } else {
      for (const Location part : inner.parts) add(part);
    }
  }
  if (parts.empty()) return {};
  if (parts.size() == 1) return parts[0];
  return add_composite(/*call_site=*/false, parts);
}

Context::Composite Context::composite(Location loc) const {
  const Guard guard(*this);
  return composites_[loc.line - 1];
}

Location Context::source(Location loc) const {
  while (loc.is_composite()) loc = composite(loc).parts[0];
  return loc;
}

// Composites are not uniqued, as MLIR's are: each inlined operation gets one of its own anyway,
// and a table to find equal ones cost more than it saved.
Location Context::add_composite(bool call_site, std::span<const Location> parts) {
  const Guard guard(*this);
  const auto id = static_cast<std::uint32_t>(composites_.size());
  composites_.push_back({call_site, arena_.alloc_slice_copy(parts)});
  return {Location::composite_file, id + 1, 0};
}

}  // namespace fastarena::ir
