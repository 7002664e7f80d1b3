// SPDX-License-Identifier: MIT
/// \file
/// BlockSource: where an arena's blocks come from (ArenaOptions::source). Any object with the two
/// calls of std::pmr::memory_resource is one:
///
/// \code
///   void* allocate(std::size_t bytes, std::size_t align);  // a failure throws or returns null
///   void deallocate(void* p, std::size_t bytes, std::size_t align);
/// \endcode
///
/// a pmr resource, or a type of your own: `ArenaOptions{.source = &resource}`; it must outlive
/// the arena. A handle, not a base class, so that the arena's headers need no `<memory_resource>`
/// (which libc++ 14 does not have) and a user who never touches pmr includes none of it.
#pragma once

#include <concepts>
#include <cstddef>

namespace fastarena {

/// Something that gives blocks and takes them back, as std::pmr::memory_resource does.
template <class Resource>
concept BlockResource = requires(Resource& resource, void* p, std::size_t n) {
  { resource.allocate(n, n) } -> std::convertible_to<void*>;
  resource.deallocate(p, n, n);
};

/// A pointer to a BlockResource, or none (the global operator new): two words.
class BlockSource {
 public:
  /// None: blocks come from the global operator new.
  constexpr BlockSource() noexcept = default;
  /// None.
  constexpr BlockSource(std::nullptr_t) noexcept {}  // NOLINT: `.source = nullptr`
  /// `resource`'s allocate and deallocate (it must outlive every arena that uses it).
  template <BlockResource Resource>
  constexpr BlockSource(Resource* resource) noexcept  // NOLINT: `.source = &resource`
      : resource_(resource), calls_(resource != nullptr ? &kCalls<Resource> : nullptr) {}

  /// Whether there is a resource (else the arena uses operator new).
  explicit constexpr operator bool() const noexcept { return resource_ != nullptr; }
  /// `bytes` aligned to `align` from the resource, which may throw or return null.
  void* allocate(std::size_t bytes, std::size_t align) const {
    return calls_->allocate(resource_, bytes, align);
  }
  /// Gives back what allocate(bytes, align) returned.
  void deallocate(void* p, std::size_t bytes, std::size_t align) const {
    calls_->deallocate(resource_, p, bytes, align);
  }

  /// The same resource.
  friend constexpr bool operator==(const BlockSource&, const BlockSource&) = default;

 private:
  struct Calls {
    void* (*allocate)(void* resource, std::size_t bytes, std::size_t align);
    void (*deallocate)(void* resource, void* p, std::size_t bytes, std::size_t align);
  };
  // One table per resource type, as a vtable would be, without the base class.
  template <class Resource>
  static constexpr Calls kCalls{[](void* resource, std::size_t bytes, std::size_t align) -> void* {
                                  return static_cast<Resource*>(resource)->allocate(bytes, align);
                                },
                                [](void* resource, void* p, std::size_t bytes, std::size_t align) {
                                  static_cast<Resource*>(resource)->deallocate(p, bytes, align);
                                }};

  void* resource_ = nullptr;
  const Calls* calls_ = nullptr;
};

}  // namespace fastarena
