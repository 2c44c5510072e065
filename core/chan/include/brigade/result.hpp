// result.hpp — brigade::Result<T, E>, Rust's Result for the channel API.
//
// unwrap()/expect() on an Err print Rust's panic text to stderr and abort, as a Rust program's
// panic would end the thread (exceptions may be off).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace brigade {

namespace detail {
// The Debug text of an error, for panic messages: E's debug_string() (member or free).
template <class E>
std::string debug_text(const E& e) {
  if constexpr (requires { e.debug_string(); }) {
    return std::string(e.debug_string());
  } else if constexpr (requires { debug_string(e); }) {
    return std::string(debug_string(e));
  } else {
    return "..";
  }
}
[[noreturn]] void panic(std::string_view message);  // "thread '<name>' panicked: ..." + abort
}  // namespace detail

template <class E>
struct Err {
  E error;
};
template <class E>
Err(E) -> Err<E>;

template <class T, class E>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: like Ok(value)
  Result(Err<E> err) : v_(std::in_place_index<1>, std::move(err.error)) {}  // NOLINT

  [[nodiscard]] bool is_ok() const noexcept { return v_.index() == 0; }
  [[nodiscard]] bool is_err() const noexcept { return v_.index() == 1; }
  explicit operator bool() const noexcept { return is_ok(); }

  T unwrap() && { return std::move(checked("called `Result::unwrap()` on an `Err` value")); }
  T unwrap() & { return std::move(checked("called `Result::unwrap()` on an `Err` value")); }
  T expect(std::string_view msg) && { return std::move(checked(msg)); }
  T expect(std::string_view msg) & { return std::move(checked(msg)); }
  T unwrap_or(T fallback) && { return is_ok() ? std::move(std::get<0>(v_)) : std::move(fallback); }

  T& value() & { return checked("called `Result::value()` on an `Err` value"); }
  const T& value() const& { return const_cast<Result*>(this)->value(); }
  T&& value() && { return std::move(value()); }
  E& error() & {
    if (!is_err()) detail::panic("called `Result::error()` on an `Ok` value");
    return std::get<1>(v_);
  }
  const E& error() const& { return const_cast<Result*>(this)->error(); }
  E&& error() && { return std::move(error()); }

 private:
  T& checked(std::string_view msg) {
    if (is_err()) detail::panic(std::string(msg) + ": " + detail::debug_text(std::get<1>(v_)));
    return std::get<0>(v_);
  }
  std::variant<T, E> v_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;                                     // Ok(())
  Result(Err<E> err) : err_(std::move(err.error)), ok_(false) {}  // NOLINT

  [[nodiscard]] bool is_ok() const noexcept { return ok_; }
  [[nodiscard]] bool is_err() const noexcept { return !ok_; }
  explicit operator bool() const noexcept { return ok_; }
  void unwrap() const { check("called `Result::unwrap()` on an `Err` value"); }
  void expect(std::string_view msg) const { check(msg); }
  void value() const { check("called `Result::value()` on an `Err` value"); }
  E& error() & {
    if (ok_) detail::panic("called `Result::error()` on an `Ok` value");
    return *err_;
  }
  const E& error() const& { return const_cast<Result*>(this)->error(); }
  E&& error() && { return std::move(error()); }

 private:
  void check(std::string_view msg) const {
    if (!ok_) detail::panic(std::string(msg) + ": " + detail::debug_text(*err_));
  }
  std::optional<E> err_;
  bool ok_ = true;
};

}  // namespace brigade
