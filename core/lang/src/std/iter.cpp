// std/iter.cpp — iterators: ranges and the iterators of Vecs, maps, strings and receivers; the
// adapters, lazy as Rust's; the consumers, which stream (a sum of 0..5_000_000 holds one value).
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

Value make_range_iter(Int128 first, Int128 last, IntKind kind, bool empty) {
  auto* it = new IterObj();
  it->source = IterObj::Source::Range;
  it->next = first;
  it->last = last;
  it->kind = kind;
  it->exhausted = empty;
  return Value::object(it);
}

NS make_iter(Ctx& cx, Value v, Value& out) {
  if (v.is(ObjKind::Iter)) {
    out = std::move(v);
    return NS::Ok;
  }
  if (v.is(ObjKind::Range)) {
    auto& r = as<RangeObj>(v);
    if (r.start.tag == Tag::Char && r.end.tag == Tag::Char) {
      Int128 last = static_cast<Int128>(r.end.c) - (r.inclusive ? 0 : 1);
      out = make_range_iter(r.start.c, last, IntKind::U32, last < static_cast<Int128>(r.start.c));
      as<IterObj>(out).char_range = true;
      return NS::Ok;
    }
    if (r.start.tag != Tag::Int) return cx.fail("cannot iterate over a range without a start");
    IntKind k = r.start.kind == IntKind::Infer && r.end.tag == Tag::Int ? r.end.kind : r.start.kind;
    Int128 first = r.start.wide();
    Int128 last = r.end.tag == Tag::Int ? r.end.wide() - (r.inclusive ? 0 : 1) : static_cast<Int128>(INT64_MAX);
    out = make_range_iter(first, last, k, last < first);
    return NS::Ok;
  }
  if (v.is(ObjKind::Vec)) {
    auto* it = new IterObj();
    it->source = IterObj::Source::List;
    it->end = as_list(v).items.size();
    it->list = std::move(v);
    out = Value::object(it);
    return NS::Ok;
  }
  if (v.is(ObjKind::Map)) {  // `for (k, v) in &map`: the pairs as they are now, in key order
    std::vector<Value> pairs;
    bool set = as<MapObj>(v).set;
    for (const auto& [k, x] : as<MapObj>(v).entries) {
      if (set) {  // a set's elements
        pairs.push_back(k);
        continue;
      }
      std::vector<Value> pair;
      pair.push_back(k);
      pair.push_back(x);
      pairs.push_back(make_list(ObjKind::Tuple, std::move(pair)));
    }
    return make_iter(cx, make_list(ObjKind::Vec, std::move(pairs)), out);
  }
  if (v.is(ObjKind::Receiver)) {
    auto* it = new IterObj();
    it->source = IterObj::Source::Receiver;
    it->receiver = std::move(v);
    it->blocking = true;
    out = Value::object(it);
    return NS::Ok;
  }
  return cx.fail(std::string("`") + type_name(v) + "` is not an iterator");
}

// The next item of an adapter (map, filter, zip, ...): it pulls from its inner iterator, and
// calls its closure through invoke(), so that it resumes where it was when the closure returns.
NS next_adapted(Ctx& cx, IterObj& it, Value& item, bool& done) {
    auto& inner = as<IterObj>(it.inner);
    switch (it.adapt) {
      case IterObj::Adapt::Enumerate: {
        Value x;
        NS s = iter_next(cx, inner, x, done);
        if (s != NS::Ok || done) return s;
        std::vector<Value> pair;
        pair.push_back(usize(it.count++));
        pair.push_back(std::move(x));
        item = make_list(ObjKind::Tuple, std::move(pair));
        return NS::Ok;
      }
      case IterObj::Adapt::Skip:
        while (it.count < it.limit) {
          Value x;
          NS s = iter_next(cx, inner, x, done);
          if (s != NS::Ok || done) return s;
          ++it.count;
        }
        return iter_next(cx, inner, item, done);
      case IterObj::Adapt::Take:
        if (it.count >= it.limit) {
          done = true;
          return NS::Ok;
        }
        {
          NS s = iter_next(cx, inner, item, done);
          if (s == NS::Ok && !done) ++it.count;
          return s;
        }
      case IterObj::Adapt::StepBy: {  // as Rust's: the first item, then skip n - 1 before each next
        if (it.count > 0) {
          for (; it.index + 1 < it.limit; ++it.index) {  // index: skipped so far (it may be resumed)
            Value skip;
            NS s = iter_next(cx, inner, skip, done);
            if (s != NS::Ok || done) return s;
          }
        }
        NS s = iter_next(cx, inner, item, done);
        if (s != NS::Ok || done) return s;
        it.index = 0;
        ++it.count;
        return NS::Ok;
      }
      case IterObj::Adapt::Map: {
        Value x;
        if (!it.awaiting) {
          NS s = iter_next(cx, inner, x, done);
          if (s != NS::Ok || done) return s;
        }
        return invoke(cx, it.awaiting, it.func, std::move(x), item);
      }
      case IterObj::Adapt::Cloned: {
        NS s = iter_next(cx, inner, item, done);
        if (s == NS::Ok && !done) item = deep_clone(item);
        return s;
      }
      case IterObj::Adapt::FilterMap:  // f(x) is Some(y): y; None: the next one
      case IterObj::Adapt::SkipWhile:  // count 0: still skipping
      case IterObj::Adapt::Filter:     // f(&x): x, or the next one
      case IterObj::Adapt::TakeWhile:  // count 1: a false already ended it
      case IterObj::Adapt::Inspect:    // f(&x), then x
        for (;;) {
          if (it.adapt == IterObj::Adapt::TakeWhile && it.count != 0) {
            done = true;
            return NS::Ok;
          }
          if (!it.awaiting) {  // `held`: the item while the closure judges it
            NS s = iter_next(cx, inner, it.held, done);
            if (s != NS::Ok || done) return s;
            if (it.adapt == IterObj::Adapt::SkipWhile && it.count != 0) {
              item = std::move(it.held);
              return NS::Ok;
            }
          }
          Value r;
          NS c = invoke(cx, it.awaiting, it.func, it.held, r);  // the closure sees the item (`&x`)
          if (c != NS::Ok) return c;
          Value x = std::move(it.held);
          it.held = Value::empty();
          switch (it.adapt) {
            case IterObj::Adapt::SkipWhile:
              if (truthy(r)) continue;
              it.count = 1;
              item = std::move(x);
              return NS::Ok;
            case IterObj::Adapt::Filter:
              if (!truthy(r)) continue;
              item = std::move(x);
              return NS::Ok;
            case IterObj::Adapt::Inspect:
              item = std::move(x);
              return NS::Ok;
            case IterObj::Adapt::TakeWhile:
              if (!truthy(r)) {
                it.count = 1;
                done = true;
                return NS::Ok;
              }
              item = std::move(x);
              return NS::Ok;
            default:  // FilterMap
              if (r.is(ObjKind::Enum) && as_record(r).type == builtin::Option && as_record(r).variant == 1) {
                item = as_record(r).fields[0];
                return NS::Ok;
              }
              continue;
          }
        }
      case IterObj::Adapt::Zip: {  // (a, b) until either side ends; `held` keeps a while b waits
        if (!it.holding) {
          NS s = iter_next(cx, inner, it.held, done);
          if (s != NS::Ok || done) return s;
          it.holding = true;
        }
        Value y;
        NS s = iter_next(cx, as<IterObj>(it.other), y, done);
        if (s != NS::Ok) return s;
        it.holding = false;
        Value x = std::move(it.held);
        it.held = Value::empty();
        if (done) return NS::Ok;
        std::vector<Value> pair;
        pair.push_back(std::move(x));
        pair.push_back(std::move(y));
        item = make_list(ObjKind::Tuple, std::move(pair));
        return NS::Ok;
      }
      case IterObj::Adapt::FlatMap:  // each f(x) (flatten: each x) drained in turn
        for (;;) {
          Value produced;
          if (!it.awaiting) {
            if (it.other.is(ObjKind::Iter)) {
              NS s = iter_next(cx, as<IterObj>(it.other), item, done);
              if (s != NS::Ok || !done) return s;
              it.other = Value::empty();
              done = false;
            }
            NS s = iter_next(cx, inner, produced, done);
            if (s != NS::Ok || done) return s;
          }
          if (it.func.tag == Tag::Fn || it.func.is(ObjKind::Closure)) {
            Value x = std::move(produced);
            NS c = invoke(cx, it.awaiting, it.func, std::move(x), produced);
            if (c != NS::Ok) return c;
          }
          if (produced.is(ObjKind::Enum) && as_record(produced).type == builtin::Option) {  // 0 or 1 items
            if (as_record(produced).variant == 0) continue;
            item = as_record(produced).fields[0];
            return NS::Ok;
          }
          Value sub;
          if (make_iter(cx, std::move(produced), sub) != NS::Ok) return NS::Panic;
          it.other = std::move(sub);
        }
      case IterObj::Adapt::Chain: {  // count 1: the first one is done
        if (it.count == 0) {
          NS s = iter_next(cx, inner, item, done);
          if (s != NS::Ok || !done) return s;
          it.count = 1;
          done = false;
        }
        return iter_next(cx, as<IterObj>(it.other), item, done);
      }
      default:
        return iter_next(cx, inner, item, done);
    }
}

// Advances an iterator: Ok with `item` set, Ok with `done`, or Blocked (receivers).
NS iter_next(Ctx& cx, IterObj& it, Value& item, bool& done) {
  done = false;
  // A native's loop over a huge iterator has no back-edge of its own: look at the safepoint
  // (stop, pause, the memory limit) every few thousand items.
  if ((++cx.t.native_steps & 4095) == 0 && !cx.t.ex.safepoint()) return NS::Stop;
  switch (it.source) {
    case IterObj::Source::Range: {
      if (it.exhausted) {
        done = true;
        return NS::Ok;
      }
      Int128 v;
      if (!it.reversed) {
        v = it.next;
        if (v > it.last) {
          it.exhausted = true;
          done = true;
          return NS::Ok;
        }
        if (it.last - v < it.step) {
          it.exhausted = true;
        } else {
          it.next += it.step;
        }
      } else {
        v = it.last;
        if (v < it.next) {
          it.exhausted = true;
          done = true;
          return NS::Ok;
        }
        if (v - it.next < it.step) {
          it.exhausted = true;
        } else {
          it.last -= it.step;
        }
      }
      item = it.char_range ? Value::character(static_cast<char32_t>(v)) : Value::integer(static_cast<std::int64_t>(v), it.kind);
      return NS::Ok;
    }
    case IterObj::Source::List: {
      const auto& items = as_list(it.list).items;
      std::size_t end = std::min(it.end, items.size());
      if (it.index >= end) {
        done = true;
        return NS::Ok;
      }
      if (it.reversed) {
        item = items[end - 1];
        it.end = end - 1;
      } else {
        item = items[it.index++];
      }
      return NS::Ok;
    }
    case IterObj::Source::Receiver: {
      if (!it.blocking) {
        touch(channel_identity(as<ReceiverObj>(it.receiver).rx.id()));
        auto r = as<ReceiverObj>(it.receiver).rx.try_recv();
        if (r.is_ok()) {
          item = std::move(r).unwrap();
        } else {
          done = true;
        }
        return NS::Ok;
      }
      bool disconnected = false, timeout = false;
      NS s = recv_step(cx, it.receiver, nullptr, item, disconnected, timeout);
      if (s == NS::Ok && disconnected) done = true;
      return s;
    }
    case IterObj::Source::Adapter: {
      return next_adapted(cx, it, item, done);
    }
  }
  done = true;
  return NS::Ok;
}

// for_each, any, all, find, position, fold (its accumulator: values[1]).
NS consume_with(Ctx& cx, Method m, IterObj& it, const Value& func, const Value& init, Value& out) {
  StateObj& st = frame_state(cx);
  if (st.values.size() < 2) st.values = {Value::empty(), init};
  bool finished = false;
  auto args_of = [&](StateObj& state, const Value& x) -> std::optional<CallArgs> {
    CallArgs args;
    if (m == Method::reduce && state.index == 0) return std::nullopt;  // the first item: no call
    if (m == Method::fold || m == Method::reduce) args.push(std::move(state.values[1]));
    args.push(x);
    return args;
  };
  auto judge = [&](StateObj& state, Value x, Value r) {
    std::uint64_t index = state.index++;
    switch (m) {
      case Method::fold:
        state.values[1] = std::move(r);
        break;
      case Method::reduce:  // the first item is the accumulator (no call), then f(acc, x)
        state.values[1] = index == 0 ? std::move(x) : std::move(r);
        break;
      case Method::any:
      case Method::all:
        finished = truthy(r) == (m == Method::any);
        if (finished) out = Value::boolean(m == Method::any);
        break;
      case Method::find:
      case Method::position:
        finished = truthy(r);
        if (finished) out = make_some(m == Method::find ? std::move(x) : usize(index));
        break;
      default:  // for_each
        break;
    }
    return NS::Ok;
  };
  NS s = judge_each(cx, it, func, args_of, judge, finished);
  if (s != NS::Ok || finished) return s;
  switch (m) {
    case Method::any:
      out = Value::boolean(false);
      break;
    case Method::all:
      out = Value::boolean(true);
      break;
    case Method::find:
    case Method::position:
      out = make_none();
      break;
    case Method::fold:
      out = std::move(st.values[1]);
      break;
    case Method::reduce:
      out = st.values[1].tag == Tag::Empty ? make_none() : make_some(std::move(st.values[1]));
      break;
    default:
      out = Value::unit();
      break;
  }
  return NS::Ok;
}

Value list_iter(std::vector<Value> items) {
  return make_list(ObjKind::Vec, std::move(items));
}

Value adapter(Value inner, IterObj::Adapt a, std::uint64_t limit) {
  auto* it = new IterObj();
  it->source = IterObj::Source::Adapter;
  it->adapt = a;
  it->inner = std::move(inner);
  it->limit = limit;
  return Value::object(it);
}

// rustc 1.95's `Sum for {integer}`: an overflowing sum panics there, not at the caller's `.sum()`.
constexpr const char* kSumOverflowAt =
    "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/iter/traits/accum.rs:204:1";

// sum, count, collect, min, max, as they go (only collect keeps the items): the accumulator is
// values[0] of the frame's state, count is `index`, so that a receiver that blocks, or a
// closure of an adapter, resumes the method where it was.
NS consume(Ctx& cx, Method m, IterObj& it, Value& out, std::int64_t collect_mode) {
  StateObj& st = frame_state(cx);
  if (st.values.empty()) st.values.push_back(Value::empty());  // sum's total, min's or max's best so far
  for (;;) {
    Value x;
    bool done = false;
    NS s = iter_next(cx, it, x, done);
    if (s != NS::Ok) return s;
    if (done) break;
    Value& acc = st.values[0];
    switch (m) {
      case Method::collect:
        if (collect_mode != 0) {  // Ok(v) / Some(v) keeps v; the first Err(e) / None is the answer
          bool result = collect_mode == 1;
          if (!x.is(ObjKind::Enum) || as_record(x).type != (result ? builtin::Result : builtin::Option)) {
            return cx.fail(std::string("collect() into ") + (result ? "a Result" : "an Option") + " of " + type_name(x));
          }
          auto& r = as_record(x);
          if (r.variant == (result ? 1u : 0u)) {
            out = std::move(x);
            return NS::Ok;
          }
          st.values.push_back(std::move(r.fields[0]));
          break;
        }
        st.values.push_back(std::move(x));
        break;
      case Method::count:
        ++st.index;
        break;
      case Method::sum: {
        if (acc.tag == Tag::Empty) acc = x.tag == Tag::Float ? Value::floating(0) : Value::integer(0, IntKind::Infer);
        if (int_fast(ast::BinaryOp::Add, acc, x) == Fast::Done) break;
        Value next;  // an overflow's panic, floats, mixed kinds
        NS r = binary(cx, ast::BinaryOp::Add, acc, x, next, false);
        if (r == NS::Panic && cx.panic.starts_with("attempt to")) cx.panic_in_std = kSumOverflowAt;
        if (r != NS::Ok) return r;
        acc = std::move(next);
        break;
      }
      default: {  // min: the first smallest; max: the last largest
        int c = acc.tag == Tag::Empty ? 0 : compare_values(x, acc);
        if (acc.tag == Tag::Empty || (m == Method::max ? c >= 0 : c < 0)) acc = std::move(x);
        break;
      }
    }
  }
  Value& acc = st.values[0];
  switch (m) {
    case Method::collect:
      out = make_list(ObjKind::Vec, std::vector<Value>(std::make_move_iterator(st.values.begin() + 1),
                                                       std::make_move_iterator(st.values.end())));
      if (collect_mode == 1) out = make_ok(std::move(out));
      if (collect_mode == 2) out = make_some(std::move(out));
      return NS::Ok;
    case Method::count:
      out = usize(static_cast<std::size_t>(st.index));
      return NS::Ok;
    case Method::sum:
      out = acc.tag == Tag::Empty ? Value::integer(0, IntKind::Infer) : std::move(acc);
      return NS::Ok;
    case Method::min:
    case Method::max:
      out = acc.tag == Tag::Empty ? make_none() : make_some(std::move(acc));
      return NS::Ok;
    default:
      return cx.fail("unsupported iterator method");
  }
}

// last, partition, min_by, max_by, min_by_key, max_by_key: the consumers that judge each item
// (judge_each), their progress in the frame's state. What they return, iter_method passes on.
NS judge_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, IterObj& it, Value& out) {
  const Value& self = a[0];
  switch (m) {
    case Method::last: {  // drains the iterator; the last item so far is values[1]
      if (argc != 0) return no_method(cx, name, argc, self);
      StateObj& st = frame_state(cx);
      if (st.values.size() < 2) st.values = {Value::empty(), Value::empty()};
      bool finished = false;
      NS s = judge_each(
          cx, it, Value(), [](StateObj&, const Value&) { return std::optional<CallArgs>(); },
          [](StateObj& state, Value x, Value) {
            state.values[1] = std::move(x);
            return NS::Ok;
          },
          finished);
      if (s != NS::Ok) return s;
      out = st.values[1].tag == Tag::Empty ? make_none() : make_some(std::move(st.values[1]));
      return NS::Ok;
    }
    case Method::partition: {  // (the items f keeps, the others), each a Vec: values[1], values[2]
      if (argc != 1) return no_method(cx, name, argc, self);
      StateObj& st = frame_state(cx);
      if (st.values.size() < 3) {
        st.values = {Value::empty(), make_list(ObjKind::Vec, {}), make_list(ObjKind::Vec, {})};
      }
      bool finished = false;
      NS s = judge_each(
          cx, it, a[1], [](StateObj&, const Value& x) { return std::optional<CallArgs>({x}); },
          [](StateObj& state, Value x, Value keep) {
            as_list(state.values[truthy(keep) ? 1 : 2]).items.push_back(std::move(x));
            return NS::Ok;
          },
          finished);
      if (s != NS::Ok) return s;
      std::vector<Value> pair;
      pair.push_back(std::move(st.values[1]));
      pair.push_back(std::move(st.values[2]));
      out = make_list(ObjKind::Tuple, std::move(pair));
      return NS::Ok;
    }
    case Method::min_by:
    case Method::max_by:        // by a closure that returns an Ordering: the first smallest / the last largest
    case Method::min_by_key:
    case Method::max_by_key: {  // the first smallest key / the last largest, as Rust's
      if (argc != 1) return no_method(cx, name, argc, self);
      bool by_key = m == Method::min_by_key || m == Method::max_by_key;
      bool max = m == Method::max_by || m == Method::max_by_key;
      StateObj& st = frame_state(cx);
      if (st.values.size() < 3) st.values = {Value::empty(), Value::empty(), Value::empty()};  // item, best, its key
      auto args_of = [&](StateObj& state, const Value& x) -> std::optional<CallArgs> {
        if (by_key) return CallArgs{x};
        if (state.values[1].tag == Tag::Empty) return std::nullopt;  // the first: nothing to compare with
        return CallArgs{state.values[1], x};
      };
      auto judge = [&](StateObj& state, Value x, Value r) {
        bool take = state.values[1].tag == Tag::Empty;
        if (!take && by_key) {
          int c = compare_values(r, state.values[2]);
          take = max ? c >= 0 : c < 0;
        } else if (!take) {
          int sign = 0;
          if (!ordering_sign(r, sign)) return cx.fail("the closure of min_by/max_by must return an Ordering");
          take = max ? sign <= 0 : sign > 0;
        }
        if (take) {
          state.values[1] = std::move(x);
          if (by_key) state.values[2] = std::move(r);
        }
        return NS::Ok;
      };
      bool finished = false;
      NS s = judge_each(cx, it, a[1], args_of, judge, finished);
      if (s != NS::Ok) return s;
      out = st.values[1].tag == Tag::Empty ? make_none() : make_some(std::move(st.values[1]));
      return NS::Ok;
    }
    default:
      return no_method(cx, name, argc, self);
  }
}

// rev(): a range or a list runs the other way; a map, filter, filter_map or cloned reverses what
// it pulls from (so its closure sees the items in reverse order, as Rust's does); a chain not yet
// started runs its second part first, each reversed. False: not double-ended here.
bool reverse(IterObj& it) {
  switch (it.source) {
    case IterObj::Source::Range:
    case IterObj::Source::List:
      it.reversed = !it.reversed;
      return true;
    case IterObj::Source::Adapter:
      switch (it.adapt) {
        case IterObj::Adapt::Map:
        case IterObj::Adapt::Filter:
        case IterObj::Adapt::FilterMap:
        case IterObj::Adapt::Cloned:
        case IterObj::Adapt::Inspect:
          return reverse(as<IterObj>(it.inner));
        case IterObj::Adapt::Chain:
          if (it.count != 0 || !reverse(as<IterObj>(it.inner)) || !reverse(as<IterObj>(it.other))) return false;
          std::swap(it.inner, it.other);
          return true;
        default:
          return false;
      }
    default:
      return false;
  }
}

// Methods of ranges and iterators: the adapters and the consumers.
NS iter_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  Value itv;
  if (self.is(ObjKind::Range)) {
    auto& rg = as<RangeObj>(self);
    if ((m == Method::len || m == Method::is_empty) && argc == 0 && rg.start.tag == Tag::Int && rg.end.tag == Tag::Int) {
      Int128 n = rg.end.wide() - rg.start.wide() + (rg.inclusive ? 1 : 0);
      if (n < 0) n = 0;
      out = m == Method::len ? usize(static_cast<std::size_t>(n)) : Value::boolean(n == 0);
      return NS::Ok;
    }
    if (m == Method::contains) {
      auto& r = as<RangeObj>(self);
      const Value& x = a[1];
      bool ok = (r.start.tag == Tag::Empty || compare_values(r.start, x) <= 0) &&
                (r.end.tag == Tag::Empty || (r.inclusive ? compare_values(x, r.end) <= 0 : compare_values(x, r.end) < 0));
      out = Value::boolean(ok);
      return NS::Ok;
    }
    if (make_iter(cx, self, itv) != NS::Ok) return NS::Panic;
  } else {
    itv = self;
  }
  auto& it = as<IterObj>(itv);
  // A method that runs again (a receiver blocked it, or a closure it called returned) must
  // go on with this iterator, not a new one made from `self`.
  auto resumable = [&](NS s) {
    Value& slot = cx.t.stack[cx.args_at];
    if ((s == NS::Blocked || s == NS::Invoke) && !(slot.is_obj() && slot.o == itv.o)) slot = itv;
    return s;
  };
  switch (m) {
    case Method::iter:
    case Method::into_iter:
      out = itv;
      return NS::Ok;
    case Method::rev:
      if (reverse(it)) {
        out = itv;
        return NS::Ok;
      }
      return cx.fail("rev() is supported on ranges, Vecs, strings' chars, and map, filter, filter_map, "
                     "cloned and chain over them");
    case Method::enumerate:
      out = adapter(itv, IterObj::Adapt::Enumerate);
      return NS::Ok;
    case Method::next: {
      if (argc != 0) return no_method(cx, name, argc, self);
      Value x;
      bool done = false;
      NS s = resumable(iter_next(cx, it, x, done));
      if (s != NS::Ok) return s;
      out = done ? make_none() : make_some(std::move(x));
      return NS::Ok;
    }
    case Method::cloned:
    case Method::copied:
      out = adapter(itv, IterObj::Adapt::Cloned);
      return NS::Ok;
    case Method::map:
    case Method::filter:
    case Method::filter_map:
    case Method::take_while:
    case Method::skip_while:
    case Method::inspect: {
      if (argc != 1) return no_method(cx, name, argc, self);
      IterObj::Adapt kind = m == Method::map          ? IterObj::Adapt::Map
                            : m == Method::filter     ? IterObj::Adapt::Filter
                            : m == Method::filter_map ? IterObj::Adapt::FilterMap
                            : m == Method::take_while ? IterObj::Adapt::TakeWhile
                            : m == Method::inspect    ? IterObj::Adapt::Inspect
                                                      : IterObj::Adapt::SkipWhile;
      out = adapter(itv, kind);
      as<IterObj>(out).func = a[1];
      return NS::Ok;
    }
    case Method::zip:
    case Method::chain: {  // with a second iterator: pairs of both / one after the other
      if (argc != 1) return no_method(cx, name, argc, self);
      Value second;
      if (make_iter(cx, a[1], second) != NS::Ok) return NS::Panic;
      out = adapter(itv, m == Method::zip ? IterObj::Adapt::Zip : IterObj::Adapt::Chain);
      as<IterObj>(out).other = std::move(second);
      return NS::Ok;
    }
    case Method::flat_map:
    case Method::flatten:
      if (argc != (m == Method::flat_map ? 1u : 0u)) return no_method(cx, name, argc, self);
      out = adapter(itv, IterObj::Adapt::FlatMap);
      if (m == Method::flat_map) as<IterObj>(out).func = a[1];
      as<IterObj>(out).other = Value::empty();
      return NS::Ok;
    case Method::last:
    case Method::partition:
    case Method::min_by:
    case Method::max_by:
    case Method::min_by_key:
    case Method::max_by_key:
      return resumable(judge_method(cx, m, name, a, argc, it, out));
    case Method::for_each:
    case Method::any:
    case Method::all:
    case Method::find:
    case Method::position:
    case Method::fold:
    case Method::reduce: {
      if (argc != (m == Method::fold ? 2u : 1u)) return no_method(cx, name, argc, self);
      return resumable(consume_with(cx, m, it, a[argc], m == Method::fold ? a[1] : Value::empty(), out));
    }
    case Method::skip:
    case Method::take:
    case Method::step_by: {
      std::uint64_t n = 0;
      if (!count_of(a[1], n)) return no_method(cx, name, argc, self);
      if (m == Method::step_by && n == 0) return cx.fail("assertion failed: step != 0");
      if (m == Method::step_by && it.source == IterObj::Source::Range && it.adapt == IterObj::Adapt::None) {
        it.step = static_cast<std::int64_t>(n);
        out = itv;
        return NS::Ok;
      }
      out = adapter(itv, m == Method::skip ? IterObj::Adapt::Skip : m == Method::take ? IterObj::Adapt::Take : IterObj::Adapt::StepBy, n);
      return NS::Ok;
    }
    case Method::sum:
    case Method::count:
    case Method::collect:
    case Method::min:
    case Method::max: {
      // collect's one argument is the compiler's: into a Result (1) or an Option (2).
      std::int64_t mode = m == Method::collect && argc == 1 && a[1].tag == Tag::Int ? a[1].i : 0;
      return resumable(consume(cx, m, it, out, mode));
    }
    default:
      return no_method(cx, name, argc, self);
  }
}

}  // namespace brigade::lang::vm
