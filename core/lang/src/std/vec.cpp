// std/vec.cpp — Vec (and VecDeque, a Vec here): its methods, and a merge sort that a comparison
// closure can interrupt.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "brigade/chan/backoff.hpp"
#include "../stack.hpp"
#include "lib.hpp"

namespace brigade::lang::vm {

// One run of a stable merge sort of `st.order` (bottom-up: width, lo, i, j, k say where it is)
// by `less(x, y, result)`, a comparison that may need a closure (NS::Invoke: the sort goes on
// from the same place when it runs again) or fail. Nothing here trusts the comparison to be a
// consistent order, so a closure that is not one cannot make the sort misbehave (std::sort's
// precondition), only give some permutation.
// Rust's stable sort of at most 20 elements (driftsort's MAX_LEN_ALWAYS_INSERTION_SORT): an
// insertion sort that shifts each element left while is_less(it, the one before) — the same
// comparisons in the same order as Rust's, so a closure that counts its calls counts what
// rustc's build does (the Rust Book's sort_by_key example). `i` and `j` say where it is.
template <class Less>
NS insertion_sort_step(StateObj& st, Less&& less) {
  const std::size_t n = st.order.size();
  for (; st.i < n; ++st.i, st.j = st.i) {
    for (; st.j > 0; --st.j) {
      bool is_less = false;
      NS s = less(st.order[st.j], st.order[st.j - 1], is_less);
      if (s != NS::Ok) return s;
      if (!is_less) break;
      std::swap(st.order[st.j], st.order[st.j - 1]);
    }
  }
  return NS::Ok;
}
constexpr std::size_t kInsertionSortMax = 20;

template <class Less>
NS merge_sort_step(Ctx& cx, StateObj& st, Less&& less) {
  (void)cx;
  const std::size_t n = st.order.size();
  if (st.buffer.size() != n) {
    st.buffer.resize(n);
    st.width = 1;
    st.lo = st.i = st.k = 0;
    st.j = std::min<std::size_t>(1, n);
  }
  for (; st.width < n; st.width *= 2) {
    for (; st.lo < n; st.lo += 2 * st.width) {
      std::size_t mid = std::min(st.lo + st.width, n), hi = std::min(st.lo + 2 * st.width, n);
      while (st.i < mid && st.j < hi) {
        bool right_first = false;  // only a strictly smaller right element goes first: stable
        NS s = less(st.order[st.j], st.order[st.i], right_first);
        if (s != NS::Ok) return s;
        st.buffer[st.k++] = right_first ? st.order[st.j++] : st.order[st.i++];
      }
      while (st.i < mid) st.buffer[st.k++] = st.order[st.i++];
      while (st.j < hi) st.buffer[st.k++] = st.order[st.j++];
      // The next pair of runs.
      st.i = st.k = st.lo + 2 * st.width;
      st.j = std::min(st.i + st.width, n);
    }
    st.order.swap(st.buffer);
    st.lo = st.i = st.k = 0;
    st.j = std::min(2 * st.width, n);
  }
  return NS::Ok;
}

// A stable sort of `items` by `less`, which may call a closure (NS::Invoke: it goes on from the
// same place when the native runs again): Rust's insertion sort up to 20 elements, else the merge
// sort; then the elements move into their order. The frame's state keeps a copy of the elements
// as they were (values[0..n], what the closure sees) and `spare` slots after them for `less`.
template <class Less>
NS sort_stable(Ctx& cx, StateObj& st, std::vector<Value>& items, std::size_t spare, Less&& less) {
  const std::size_t n = items.size();
  if (st.step == 0) {
    st.values = items;
    st.values.resize(n + spare);
    st.order.resize(n);
    for (std::size_t i = 0; i < n; ++i) st.order[i] = i;
    st.i = st.j = 1;
    st.step = 1;
  }
  NS s = n <= kInsertionSortMax ? insertion_sort_step(st, less) : merge_sort_step(cx, st, less);
  if (s != NS::Ok) return s;
  std::vector<Value> sorted;
  sorted.reserve(n);
  for (std::size_t i : st.order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
  return NS::Ok;
}

// sort, sort_by, sort_by_key, retain, windows, chunks, reverse, dedup, concat: the methods that
// reorder a Vec or make new ones of its elements.
NS vec_reorder(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& v = as_list(self).items;
  switch (m) {
    case Method::sort:
    case Method::sort_unstable:
      std::stable_sort(v.begin(), v.end(), [](const Value& x, const Value& y) { return compare_values(x, y) < 0; });
      out = Value::unit();
      return NS::Ok;
    case Method::sort_by:
    case Method::sort_unstable_by: {  // by a closure that returns an Ordering; stable
      if (argc != 1) return no_method(cx, name, argc, self);
      StateObj& st = frame_state(cx);
      auto less = [&](std::size_t x, std::size_t y, bool& is_less) {
        Value r;
        NS c = invoke(cx, st.awaiting, a[1], CallArgs{st.values[x], st.values[y]}, r);
        if (c != NS::Ok) return c;
        int sign = 0;
        if (!ordering_sign(r, sign)) return cx.fail("the closure of sort_by must return an Ordering");
        is_less = sign < 0;
        return NS::Ok;
      };
      NS s = sort_stable(cx, st, as_list(self).items, 0, less);
      if (s != NS::Ok) return s;
      out = Value::unit();
      return NS::Ok;
    }
    case Method::windows:  // overlapping slices of n, as a Vec each
    case Method::chunks: {  // slices of n, the last one shorter
      std::uint64_t n = 0;
      if (argc != 1 || !count_of(a[1], n)) return no_method(cx, name, argc, self);
      if (n == 0) return cx.fail(m == Method::windows ? "window size must be non-zero" : "chunk size must be non-zero");
      std::vector<Value> slices;
      for (std::size_t at = 0; m == Method::windows ? at + n <= v.size() : at < v.size();
           at += m == Method::windows ? 1 : n) {
        std::size_t end = std::min<std::size_t>(at + n, v.size());
        slices.push_back(make_list(ObjKind::Vec, std::vector<Value>(v.begin() + static_cast<std::ptrdiff_t>(at),
                                                                    v.begin() + static_cast<std::ptrdiff_t>(end))));
      }
      return make_iter(cx, make_list(ObjKind::Vec, std::move(slices)), out);
    }
    case Method::sort_by_key:
    case Method::sort_unstable_by_key: {
      // As Rust's: sort_by(|a, b| f(a) < f(b)), the key made twice per comparison (f(a) first;
      // `index` 1: it is in values[n], and f(b) is next).
      if (argc != 1) return no_method(cx, name, argc, self);
      StateObj& st = frame_state(cx);
      auto& items = as_list(self).items;
      const std::size_t n = items.size();
      auto less = [&](std::size_t x, std::size_t y, bool& is_less) {
        if (st.index == 0) {
          NS c = invoke(cx, st.awaiting, a[1], st.values[x], st.values[n]);
          if (c != NS::Ok) return c;
          st.index = 1;
        }
        Value key;
        NS c = invoke(cx, st.awaiting, a[1], st.values[y], key);
        if (c != NS::Ok) return c;
        st.index = 0;
        is_less = compare_values(st.values[n], key) < 0;
        return NS::Ok;
      };
      NS s = sort_stable(cx, st, items, 1, less);  // the spare slot, values[n]: f(a) while f(b) runs
      if (s != NS::Ok) return s;
      out = Value::unit();
      return NS::Ok;
    }
    case Method::retain: {
      // The closure runs once per element (`index`: how far), before anything moves: it
      // must see the elements as they were. The keys so far are the frame's state.
      if (argc != 1) return no_method(cx, name, argc, self);
      auto& items = as_list(self).items;
      StateObj& st = frame_state(cx);
      for (; st.index < items.size(); ++st.index) {
        Value key;
        NS c = invoke(cx, st.awaiting, a[1], items[st.index], key);
        if (c != NS::Ok) return c;
        st.values.push_back(std::move(key));
      }
      const std::vector<Value>& keys = st.values;
      std::vector<std::size_t> order(items.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      order.erase(std::remove_if(order.begin(), order.end(), [&](std::size_t i) { return !truthy(keys[i]); }),
                  order.end());
      std::vector<Value> result;
      for (std::size_t i : order) result.push_back(std::move(items[i]));
      items = std::move(result);
      out = Value::unit();
      return NS::Ok;
    }
    case Method::reverse:
      std::reverse(v.begin(), v.end());
      out = Value::unit();
      return NS::Ok;
    case Method::dedup:  // consecutive equal elements collapse into one
      v.erase(std::unique(v.begin(), v.end(), [](const Value& x, const Value& y) { return values_equal(x, y); }),
              v.end());
      out = Value::unit();
      return NS::Ok;
    case Method::concat: {  // strings into a String; Vecs into one Vec
      if (!v.empty() && v[0].is(ObjKind::Vec)) {
        std::vector<Value> all;
        for (const auto& part : v) {
          if (!part.is(ObjKind::Vec)) return no_method(cx, name, argc, self);
          for (const auto& x : as_list(part).items) all.push_back(x);
        }
        out = make_list(ObjKind::Vec, std::move(all));
        return NS::Ok;
      }
      std::string text;
      for (const auto& part : v) text += display(cx.m, part, {});
      out = make_str(std::move(text));
      return NS::Ok;
    }
    default:
      return no_method(cx, name, argc, self);
  }
}

// Methods of Vec (and of VecDeque, which is a Vec here).
NS vec_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& v = as_list(self).items;
  switch (m) {
    case Method::len:
      out = usize(v.size());
      return NS::Ok;
    case Method::is_empty:
      out = Value::boolean(v.empty());
      return NS::Ok;
    case Method::push:
      if (v.size() >= 50'000'000) return cx.fail("capacity overflow (Brigade caps a Vec at 50,000,000 elements)");
      v.push_back(std::move(a[1]));
      out = Value::unit();
      return NS::Ok;
    case Method::pop:
      if (v.empty()) {
        out = make_none();
      } else {
        out = make_some(std::move(v.back()));
        v.pop_back();
      }
      return NS::Ok;
    case Method::iter:
    case Method::into_iter:
      return make_iter(cx, self, out);
    case Method::sort:
    case Method::sort_unstable:
    case Method::sort_by:
    case Method::sort_unstable_by:
    case Method::windows:
    case Method::chunks:
    case Method::sort_by_key:
    case Method::sort_unstable_by_key:
    case Method::retain:
    case Method::reverse:
    case Method::dedup:
    case Method::concat:
      return vec_reorder(cx, m, name, a, argc, out);
    case Method::contains: {
      bool found = false;
      for (const auto& x : v) found = found || values_equal(x, a[1]);
      out = Value::boolean(found);
      return NS::Ok;
    }
    case Method::join: {
      if (argc != 1 || !a[1].is(ObjKind::Str)) return no_method(cx, name, argc, self);
      std::string r;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) r += as_str(a[1]).s;
        r += display(cx.m, v[i], {});
      }
      out = make_str(r);
      return NS::Ok;
    }
    case Method::first:
    case Method::front:  // VecDeque's
      out = v.empty() ? make_none() : make_some(v.front());
      return NS::Ok;
    case Method::last:
    case Method::back:
      out = v.empty() ? make_none() : make_some(v.back());
      return NS::Ok;
    case Method::push_back:
    case Method::push_front:
      if (argc != 1) return no_method(cx, name, argc, self);
      if (v.size() >= 50'000'000) return cx.fail("capacity overflow (Brigade caps a Vec at 50,000,000 elements)");
      v.insert(m == Method::push_back ? v.end() : v.begin(), std::move(a[1]));
      out = Value::unit();
      return NS::Ok;
    case Method::pop_front:
    case Method::pop_back:
      if (v.empty()) {
        out = make_none();
      } else if (m == Method::pop_back) {
        out = make_some(std::move(v.back()));
        v.pop_back();
      } else {
        out = make_some(std::move(v.front()));
        v.erase(v.begin());
      }
      return NS::Ok;
    case Method::get: {
      std::uint64_t i = 0;
      out = count_of(a[1], i) && i < v.size() ? make_some(v[i]) : make_none();
      return NS::Ok;
    }
    case Method::insert: {
      std::uint64_t i = 0;
      if (!count_of(a[1], i) || i > v.size()) {
        return cx.fail("insertion index (is " + std::to_string(i) + ") should be <= len (is " + std::to_string(v.size()) + ")");
      }
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), std::move(a[2]));
      out = Value::unit();
      return NS::Ok;
    }
    case Method::remove: {
      std::uint64_t i = 0;
      if (!count_of(a[1], i) || i >= v.size()) {
        return cx.fail("removal index (is " + std::to_string(i) + ") should be < len (is " + std::to_string(v.size()) + ")");
      }
      out = std::move(v[i]);
      v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
      return NS::Ok;
    }
    case Method::clear:
      v.clear();
      out = Value::unit();
      return NS::Ok;
    case Method::truncate: {
      std::uint64_t n = 0;
      count_of(a[1], n);
      if (n < v.size()) v.resize(n);
      out = Value::unit();
      return NS::Ok;
    }
    case Method::extend: {
      NS s = drain_iterable(cx, a[1], "extend", [&](Value x) {
        v.push_back(std::move(x));
        return NS::Ok;
      });
      out = Value::unit();
      return s;
    }
    case Method::sum:
    case Method::count:
    case Method::min:
    case Method::max:
    case Method::enumerate:
    case Method::map:
    case Method::filter:
    case Method::for_each:
    case Method::any:
    case Method::all:
    case Method::find:
    case Method::position:
    case Method::fold:
    case Method::filter_map:
    case Method::take_while:
    case Method::skip_while:
    case Method::zip:
    case Method::min_by_key:
    case Method::max_by_key:
    case Method::min_by:
    case Method::max_by:
    case Method::partition:
    case Method::flat_map:
    case Method::flatten:
    case Method::chain:
    case Method::rev: {  // as on v.iter(): the receiver's slot now holds the iterator
      Value it;
      if (make_iter(cx, self, it) != NS::Ok) return NS::Panic;
      self = std::move(it);
      return call_method(cx, m, name, a, argc, out);
    }
    default:
      return no_method(cx, name, argc, self);
  }
}

// ---- natives: Vec::new, Vec::with_capacity
// (natives.cpp gathers every module's table)

namespace {

// Vec::from_iter(it): what it.collect::<Vec<_>>() makes.
NS vec_from_iter(Ctx& cx, Native, Value* args, Value& out) {
  std::vector<Value> items;
  NS s = drain_iterable(cx, args[0], "Vec::from_iter", [&](Value x) {
    items.push_back(std::move(x));
    return NS::Ok;
  });
  if (s != NS::Ok) return s;
  out = make_list(ObjKind::Vec, std::move(items));
  return NS::Ok;
}

NS vec_new(Ctx&, Native, Value*, Value& out) {
  out = make_list(ObjKind::Vec, {});
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> vec_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::VecNew, vec_new},
      {Native::VecWithCapacity, vec_new},
      {Native::VecFromIter, vec_from_iter},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
