// SPDX-License-Identifier: MIT
/// \file
/// ArenaVec<T>: a growable vector whose buffer lives in an arena, and finish(), which freezes it
/// into an arena-owned std::span<T> with no copy and no destructor call.
///
///   ArenaVec<std::uint32_t> v(arena);           ///< or ArenaVec<T>(txn): every byte
///   budget-checked for (std::uint32_t i = 0; i < 1024; ++i) v.push_back(i);
///   std::span<std::uint32_t> items = std::move(v).finish();
///
/// Growth: while the buffer is the arena's most recent allocation it grows in place (no copy);
/// otherwise it moves to a new buffer twice as large. The old buffer's bytes stay in the arena
/// until it is rewound: a bump arena can only take back its most recent allocation, which is
/// exactly the in-place case.
///
/// Names: std::vector's where std::vector has the operation; the Rust crate's where it has not
/// (try_push_back, pop, truncate, extend_from_slice, reserve_exact, try_reserve,
/// try_reserve_exact, as_slice, finish). reserve(n) takes a total capacity as std::vector's does;
/// the crate-named reserve_exact / try_reserve / try_reserve_exact take an *additional* count as
/// in Rust.
///
/// Rules the Rust borrow checker enforces, checked here at run time (MisuseError):
///   - a vector grows only at the transaction depth it was created at: created on a Transaction,
///     not while a savepoint of it is open; created on an Arena, not inside a transaction opened
///     later (the transaction's rollback would take the growth away from under the vector);
/// and two it enforces that C++ cannot: a vector made on a Transaction must not outlive that
/// Transaction object, and no vector may be used after its memory was given back (rewind, reset or
/// rollback past its buffer); AddressSanitizer reports both.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <iosfwd>
#include <iterator>
#include <memory>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <type_traits>
#include <utility>

#include "fastarena/arena.h"
#include "fastarena/detail/export.h"

namespace fastarena {

/// Why try_reserve / try_reserve_exact could not reserve.
enum class TryReserveError {
  capacity_overflow,  ///< the byte count does not fit in std::size_t
  alloc_error,        ///< the arena or a transaction budget said no
};
/// Display: "capacity overflow", "allocation error".
///@{
FASTARENA_API std::ostream& operator<<(std::ostream& os, TryReserveError error);
FASTARENA_API std::string to_string(TryReserveError error);
///@}

template <class T>
class ArenaVecIntoIter;

/// A growable array in an arena, std::vector's interface plus the crate's names. It grows in
/// place while its buffer is the arena's newest allocation; finish() freezes it into a span that
/// lives as long as the arena (and gives back the spare capacity when it can).
template <class T>
class ArenaVec {
 public:
  /// The member types of std::vector.
  ///@{
  using value_type = T;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;
  using reverse_iterator = std::reverse_iterator<iterator>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;
  ///@}

  /// An empty vector on an arena (allocations not budget-checked) or a transaction (checked).
  template <AllocationSource Source>
  explicit ArenaVec(Source& source) noexcept
      : ArenaVec(source.core(), source.frame(), Source::tracks_drops) {
    require_destructible<Source::tracks_drops>();
  }
  /// arenavec![in arena; 1, 2, 3]
  template <class Source>
  ArenaVec(Source& source, std::initializer_list<T> values) : ArenaVec(source) {
    append_range(values);
  }
  /// arenavec![in arena; value; n]
  template <class Source>
  ArenaVec(Source& source, size_type n, const T& value) : ArenaVec(source) {
    resize(n, value);
  }

  /// Takes over the other vector's buffer; the other is left empty.
  ArenaVec(ArenaVec&& other) noexcept
      : core_(other.core_),
        txn_(other.txn_),
        top_(other.top_),
        tracks_drops_(other.tracks_drops_),
        begin_(std::exchange(other.begin_, nullptr)),
        end_(std::exchange(other.end_, nullptr)),
        cap_(std::exchange(other.cap_, nullptr)) {}
  /// Takes over the other vector's buffer; the other is left empty.
  ArenaVec& operator=(ArenaVec&& other) noexcept {
    if (this != &other) {
      std::destroy(begin(), end());
      core_ = other.core_;
      txn_ = other.txn_;
      top_ = other.top_;
      tracks_drops_ = other.tracks_drops_;
      begin_ = std::exchange(other.begin_, nullptr);
      end_ = std::exchange(other.end_, nullptr);
      cap_ = std::exchange(other.cap_, nullptr);
    }
    return *this;
  }
  ArenaVec(const ArenaVec&) = delete;
  ArenaVec& operator=(const ArenaVec&) = delete;

  /// Destroys the elements (front to back, as Rust's Vec); the arena keeps the memory.
  ~ArenaVec() { std::destroy(begin(), end()); }

  /// Hands the elements to the arena: no copy, no destructor now. In a DropArena their
  /// destructors run when the arena gives the memory back; a plain Arena holds only trivially
  /// destructible types, which need none.
  ///
  /// A buffer that is still the arena's most recent allocation gives back its spare capacity, so
  /// a vector that grew in place costs exactly its elements.
  std::span<T> finish() && {
    if (end_ != cap_ && in_scope()) {
      core_->resize_last(begin_, capacity() * sizeof(T), size() * sizeof(T), detail::kNoLimit);
    }
    std::span<T> frozen(begin_, end_);
    if constexpr (!std::is_trivially_destructible_v<T>) {
      if (tracks_drops_ && !empty()) register_destructors();
    }
    begin_ = end_ = cap_ = nullptr;
    return frozen;
  }
  /// Owning, draining iteration (Rust's into_iter()): see ArenaVecIntoIter.
  ArenaVecIntoIter<T> into_iter() && { return ArenaVecIntoIter<T>(std::move(*this)); }

  /// Size, capacity, elements and iterators, as std::vector's; as_slice() and as_mut_slice() are
  /// the crate's names for a span of the elements.
  ///@{
  size_type size() const noexcept { return static_cast<size_type>(end_ - begin_); }
  bool empty() const noexcept { return end_ == begin_; }
  size_type capacity() const noexcept { return static_cast<size_type>(cap_ - begin_); }
  T* data() noexcept { return begin_; }
  const T* data() const noexcept { return begin_; }
  iterator begin() noexcept { return begin_; }
  iterator end() noexcept { return end_; }
  const_iterator begin() const noexcept { return begin_; }
  const_iterator end() const noexcept { return end_; }
  const_iterator cbegin() const noexcept { return begin_; }
  const_iterator cend() const noexcept { return end_; }
  reverse_iterator rbegin() noexcept { return reverse_iterator(end()); }
  reverse_iterator rend() noexcept { return reverse_iterator(begin()); }
  const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }
  T& operator[](size_type i) noexcept { return begin_[i]; }
  const T& operator[](size_type i) const noexcept { return begin_[i]; }
  T& front() noexcept { return *begin_; }
  const T& front() const noexcept { return *begin_; }
  T& back() noexcept { return end_[-1]; }
  const T& back() const noexcept { return end_[-1]; }
  std::span<const T> as_slice() const noexcept { return {begin_, end_}; }
  std::span<T> as_mut_slice() noexcept { return {begin_, end_}; }
  ///@}

  /// Appends, as std::vector's; throws AllocError when the arena or budget says no.
  ///@{
  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (end_ == cap_) [[unlikely]] {
      T* const first = begin_ == nullptr ? first_buffer() : nullptr;
      if (first != nullptr) {
        begin_ = end_ = first;
        cap_ = first + kMinCapacity;
      } else {
        const Grown grown = refill(core_, txn_.frame, txn_.generation, top_, begin_, end_);
        end_ = grown.begin + (end_ - begin_);
        begin_ = grown.begin;
        cap_ = grown.cap;
      }
    }
    T* slot = ::new (end_) T(std::forward<Args>(args)...);
    ++end_;
    return *slot;
  }
  ///@}
  /// Appends unless the arena or budget says no; on failure returns false and `value` is untouched.
  ///@{
  [[nodiscard]] bool try_push_back(const T& value) { return try_emplace_back(value); }
  [[nodiscard]] bool try_push_back(T&& value) { return try_emplace_back(std::move(value)); }
  ///@}

  /// Destroys the last element (there must be one).
  void pop_back() noexcept { std::destroy_at(--end_); }
  /// Removes and returns the last element; nullopt when empty.
  std::optional<T> pop() {
    if (empty()) return std::nullopt;
    std::optional<T> last(std::move(end_[-1]));
    pop_back();
    return last;
  }
  /// Destroys every element; the capacity stays.
  void clear() noexcept { truncate(0); }
  /// Shortens to n elements, destroying the rest; no effect when n >= size().
  void truncate(size_type n) noexcept {
    if (n >= size()) return;
    std::destroy(begin_ + n, end_);
    end_ = begin_ + n;
  }
  /// n elements: the new ones value-initialised (or copies of `value`), the extra destroyed.
  ///@{
  void resize(size_type n) {
    resize_with(n, [](T* p) { ::new (p) T(); });
  }
  void resize(size_type n, const T& value) {
    resize_with(n, [&value](T* p) { ::new (p) T(value); });
  }
  ///@}

  /// Appends every element of a sized range in one reservation (Rust: extend_exact).
  template <std::ranges::sized_range R>
  void append_range(R&& range) {
    const auto n = static_cast<size_type>(std::ranges::size(range));
    reserve_for(n);
    auto it = std::ranges::begin(range);
    for (size_type i = 0; i < n; ++i, ++it) {
      ::new (end_) T(*it);
      ++end_;
    }
  }
  /// Appends a copy of trivially copyable elements with one memcpy.
  void extend_from_slice(std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T>,
                  "fastarena: extend_from_slice copies with memcpy; use append_range");
    reserve_for(values.size());
    if (!values.empty()) std::memcpy(end_, values.data(), values.size_bytes());
    end_ += values.size();
  }

  /// Capacity for at least `capacity` elements in total (as std::vector::reserve).
  void reserve(size_type capacity) {
    if (capacity > this->capacity()) grow_or_throw(capacity);
  }
  /// Capacity for exactly `additional` more elements (as Rust).
  void reserve_exact(size_type additional) {
    if (auto error = try_reserve_exact(additional)) fail_reserve(*error, additional);
  }
  /// Capacity for at least `additional` more elements; the error instead of an exception.
  /// Reports allocation failure as a value; misuse (see the top of this file) still throws.
  std::optional<TryReserveError> try_reserve(size_type additional) {
    if (additional > max_size() - size()) return TryReserveError::capacity_overflow;
    if (additional <= capacity() - size()) return std::nullopt;
    return grow(std::max(size() + additional, next_capacity()));
  }
  /// Capacity for exactly `additional` more elements; the error instead of an exception.
  std::optional<TryReserveError> try_reserve_exact(size_type additional) {
    if (additional > max_size() - size()) return TryReserveError::capacity_overflow;
    if (additional <= capacity() - size()) return std::nullopt;
    return grow(size() + additional);
  }
  /// The most elements a vector can be asked to hold.
  static constexpr size_type max_size() noexcept { return SIZE_MAX / sizeof(T); }

 private:
  template <class>
  friend class ArenaVecIntoIter;

  ArenaVec(detail::ArenaCore& core, detail::FrameRef txn, bool tracks_drops) noexcept
      : core_(&core), txn_(txn), top_(core.top()), tracks_drops_(tracks_drops) {}

  template <bool kTrackDrops>
  static constexpr void require_destructible() noexcept {
    static_assert(std::is_trivially_destructible_v<T> || kTrackDrops,
                  "fastarena: this element type has a destructor, and a plain Arena never runs "
                  "destructors, so a finished ArenaVec of it would leak. Build it on a "
                  "fastarena::DropArena (or DropTransaction), or use a trivially destructible "
                  "type.");
  }

  /// An empty vector's first capacity: four elements, or as many as fill 64 bytes.
  static constexpr size_type kMinCapacity = std::max<size_type>(4, 64 / sizeof(T));

  size_type next_capacity() const noexcept {
    const size_type capacity = this->capacity();
    if (capacity == 0) return kMinCapacity;
    return capacity > max_size() / 2 ? max_size() : capacity * 2;
  }

  void reserve_for(size_type additional) {
    if (additional > capacity() - size()) {
      if (additional > max_size() - size()) {
        fail_reserve(TryReserveError::capacity_overflow, additional);
      }
      grow_or_throw(size() + additional);
    }
  }

  /// The buffer after a growth; the elements keep their count.
  struct Grown {
    T* begin;
    T* cap;
  };
  /// push_back's growth by one, out of line and on copies of the vector's fields rather than on
  /// *this: the vector's address never escapes, so the push loop keeps end_ and cap_ in
  /// registers (as std::vector's does) instead of storing end_ at every push. It is called only
  /// when the buffer is full (its end is its capacity), and its six arguments and two results
  /// travel in registers.
  [[gnu::noinline]] static Grown refill(detail::ArenaCore* core, const detail::TxnFrame* frame,
                                        std::uint64_t generation, const detail::TxnFrame* top,
                                        T* begin, T* end) {
    // Drop tracking matters only to finish(), which this shell never reaches.
    ArenaVec shell(*core, detail::FrameRef{frame, generation}, false);
    shell.top_ = top;
    shell.begin_ = begin;
    shell.end_ = shell.cap_ = end;
    // The elements stay the caller's, whether growth succeeds or throws.
    struct Release {
      ArenaVec& vec;
      ~Release() { vec.begin_ = vec.end_ = vec.cap_ = nullptr; }
    } release{shell};
    shell.grow_or_throw(shell.size() + 1);
    return {shell.begin_, shell.cap_};
  }

  /// An empty vector's first buffer, the one growth every vector makes: nothing to copy and no
  /// buffer to grow in place, so it is one bump of the fast path, inline. Null when the fast path
  /// cannot give it (a new block, a budget's refusal) or the vector is out of its scope; refill
  /// then grows or reports it.
  T* first_buffer() noexcept {
    if (!in_scope()) return nullptr;
    return static_cast<T*>(core_->bump_fast_only(txn_.frame, kMinCapacity * sizeof(T), alignof(T)));
  }

  /// Grows to at least `needed` elements, geometrically.
  void grow_or_throw(size_type needed) {
    if (auto error = grow(std::max(needed, next_capacity()))) {
      fail_reserve(*error, needed - size());
    }
  }

  /// Capacity for exactly new_capacity elements: in place if the buffer is the arena's most
  /// recent allocation, else in a new buffer.
  std::optional<TryReserveError> grow(size_type new_capacity) {
    size_type bytes = 0;
    if (!detail::checked_mul(new_capacity, sizeof(T), bytes)) {
      return TryReserveError::capacity_overflow;
    }
    if (!in_scope()) [[unlikely]]
      fail_depth();
    const std::size_t limit = txn_.frame ? txn_.frame->budget : detail::kNoLimit;
    const size_type size = this->size();
    if (begin_ != nullptr && core_->resize_last(begin_, capacity() * sizeof(T), bytes, limit)) {
      cap_ = begin_ + new_capacity;
      return std::nullopt;
    }
    T* fresh = static_cast<T*>(core_->bump_in(txn_, bytes, alignof(T)));
    if (fresh == nullptr) return TryReserveError::alloc_error;
    if constexpr (std::is_trivially_copyable_v<T>) {
      if (size != 0) std::memcpy(fresh, begin_, size * sizeof(T));
    } else {
      std::uninitialized_move(begin_, end_, fresh);
      std::destroy(begin_, end_);
    }
    begin_ = fresh;
    end_ = fresh + size;
    cap_ = fresh + new_capacity;
    return std::nullopt;
  }

  template <class... Args>
  bool try_emplace_back(Args&&... args) {
    if (end_ == cap_) {
      if (size() == max_size() || grow(std::max(size() + 1, next_capacity()))) return false;
    }
    ::new (end_) T(std::forward<Args>(args)...);
    ++end_;
    return true;
  }

  template <class Construct>
  void resize_with(size_type n, Construct construct) {
    if (n <= size()) {
      truncate(n);
      return;
    }
    reserve_for(n - size());
    for (T* const target = begin_ + n; end_ != target; ++end_) construct(end_);
  }

  void register_destructors() {
    const std::size_t position = core_->position();
    void* mem = core_->allocate(txn_, sizeof(detail::DropRecord), alignof(detail::DropRecord));
    core_->push_drop(::new (mem) detail::DropRecord{nullptr, &detail::destroy_backwards<T>, begin_,
                                                    size(), position});
  }

  /// Whether the scope the vector was created in is still the innermost: its transaction is the
  /// arena's innermost open one, or (created on the arena) the arena is at the same depth: its
  /// innermost frame is the one it had then (a depth has one slot for the arena's life).
  bool in_scope() const noexcept {
    return txn_.frame != nullptr ? core_->is_innermost(*txn_.frame) && txn_.current()
                                 : core_->top() == top_;
  }
  [[noreturn]] void fail_depth() const {
    if (txn_.frame != nullptr && !(txn_.current() && core_->is_open(*txn_.frame))) {
      detail::fail_misuse(
          "fastarena: an ArenaVec cannot grow after the transaction it was created on was "
          "committed or rolled back");
    }
    const detail::TxnFrame* const created = txn_.frame != nullptr ? txn_.frame : top_;
    detail::fail_misuse(
        "fastarena: an ArenaVec created at transaction depth " +
        std::to_string(created != nullptr ? created->depth : 0) + " cannot grow at depth " +
        std::to_string(core_->txn_depth()) +
        ": grow it through the scope it was created in, or create it on the innermost "
        "transaction");
  }
  [[noreturn]] void fail_reserve(TryReserveError error, size_type additional) const {
    if (error == TryReserveError::capacity_overflow) {
      detail::fail_misuse("fastarena: ArenaVec capacity overflow reserving " +
                          std::to_string(additional) + " more elements");
    }
    core_->fail((size() + additional) * sizeof(T), alignof(T),
                txn_.frame ? txn_.frame->budget : detail::kNoLimit);
  }

  detail::ArenaCore* core_;
  detail::FrameRef txn_;         ///< frame null: allocations are made directly on the arena
  const detail::TxnFrame* top_;  ///< the arena's innermost frame when created (on the arena)
  bool tracks_drops_;
  /// The std::vector layout: [begin_, end_) holds the elements, [end_, cap_) is spare capacity.
  T* begin_ = nullptr;
  T* end_ = nullptr;
  T* cap_ = nullptr;
};

/// Owning, draining iteration over an ArenaVec (Rust's ArenaVecIntoIter), from
/// std::move(vec).into_iter(). It is a single-pass input range of T: each element is moved out as
/// it is read, front to back, so `for (T x : std::move(v).into_iter())` consumes the vector.
/// next() is the Rust-style alternative. Elements never read are destroyed last-first when the
/// iterator is destroyed. size() is exact.
template <class T>
class ArenaVecIntoIter {
 public:
  /// Takes the vector's elements (use std::move(vec).into_iter()).
  explicit ArenaVecIntoIter(ArenaVec<T>&& vec) noexcept
      : data_(vec.begin_), front_(0), back_(vec.size()) {
    vec.begin_ = vec.end_ = vec.cap_ = nullptr;
  }
  /// Takes over the other's remaining elements.
  ArenaVecIntoIter(ArenaVecIntoIter&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        front_(std::exchange(other.front_, 0)),
        back_(std::exchange(other.back_, 0)) {}
  ArenaVecIntoIter& operator=(ArenaVecIntoIter&&) = delete;
  ~ArenaVecIntoIter() { detail::destroy_backwards<T>(data_ + front_, back_ - front_); }

  /// Elements not read yet.
  std::size_t size() const noexcept { return back_ - front_; }
  /// The next element, moved out; nullopt at the end.
  std::optional<T> next() {
    if (front_ == back_) return std::nullopt;
    std::optional<T> value(std::move(data_[front_]));
    std::destroy_at(data_ + front_++);
    return value;
  }

  /// The end of the range.
  struct sentinel {};
  /// A single-pass input iterator that moves each element out.
  class iterator {
   public:
    using value_type = T;                    ///< what reading gives
    using difference_type = std::ptrdiff_t;  ///< required of an iterator
    iterator() = default;
    /// An iterator over `owner`'s remaining elements.
    explicit iterator(ArenaVecIntoIter* owner) noexcept : owner_(owner) {}
    /// Moves the current element out; advancing destroys the moved-from element.
    T operator*() const { return std::move(owner_->data_[owner_->front_]); }
    /// Advances, destroying the element just read.
    ///@{
    iterator& operator++() {
      std::destroy_at(owner_->data_ + owner_->front_++);
      return *this;
    }
    void operator++(int) { ++*this; }
    ///@}
    /// Whether every element has been read.
    friend bool operator==(const iterator& it, sentinel) noexcept { return it.at_end(); }

   private:
    bool at_end() const noexcept { return owner_->front_ == owner_->back_; }
    ArenaVecIntoIter* owner_ = nullptr;
  };
  /// The range: for (T x : std::move(vec).into_iter()).
  ///@{
  iterator begin() noexcept { return iterator(this); }
  sentinel end() const noexcept { return {}; }
  ///@}

 private:
  T* data_;
  std::size_t front_;
  std::size_t back_;
};

}  // namespace fastarena
