// std/collections.cpp — HashMap, BTreeMap, HashSet, BTreeSet (one sorted map, MapObj) and the
// entry API.
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

// Inserts or replaces; gives the old value (Some) or None.
Value map_insert(MapObj& map, const Value& key, Value value) {
  bool existed = false;
  Value old = std::exchange(map.slot(key, existed), std::move(value));
  return existed ? make_some(std::move(old)) : make_none();
}

// What entry().or_default() inserts: the map's value type is not known at run time, so the
// default of the values already there (a counter's 0 when there are none).
Value default_like(const MapObj& map) {
  if (map.entries.empty()) return Value::integer(0, IntKind::Infer);
  return default_like(map.entries.front().second);
}

Value default_like(const Value& x) {
  switch (x.tag) {
    case Tag::Int:
      return Value::integer(0, x.kind);
    case Tag::Float:
      return Value::floating(0);
    case Tag::Bool:
      return Value::boolean(false);
    default:
      break;
  }
  if (x.is(ObjKind::Str)) return make_str("");
  if (x.is(ObjKind::Vec)) return make_list(ObjKind::Vec, {});
  if (x.is(ObjKind::Map)) return Value::object(new MapObj(as<MapObj>(x).btree, as<MapObj>(x).set));
  if (x.is(ObjKind::Enum) && as_record(x).type == builtin::Option) return make_none();
  if (x.tag == Tag::Char) return Value::character(U'\0');
  if (x.tag == Tag::Unit) return Value::unit();
  return Value::integer(0, IntKind::Infer);
}

// HashMap / BTreeMap methods.
NS map_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value self = a[0];
  auto& map = as<MapObj>(self);
  auto wrong = [&]() {
    return cx.fail("no method `" + cx.m.names[name] + "` with " + std::to_string(argc) +
                   " argument(s) for a map (a type error Brigade does not check before running)");
  };
  auto snapshot = [&](int what) {  // 0 keys, 1 values, 2 (key, value) pairs, 3 places of values
    std::vector<Value> items;
    for (const auto& [k, x] : map.entries) {
      if (what == 0) items.push_back(k);
      if (what == 1) items.push_back(x);
      if (what == 3) items.push_back(Value::object(new SlotRefObj(self, k)));
      if (what == 2) {
        std::vector<Value> pair;
        pair.push_back(k);
        pair.push_back(x);
        items.push_back(make_list(ObjKind::Tuple, std::move(pair)));
      }
    }
    return make_iter(cx, make_list(ObjKind::Vec, std::move(items)), out);
  };
  bool found = false;
  if (map.set) {  // HashSet / BTreeSet: insert and remove say whether anything changed
    switch (m) {
      case Method::insert:
        if (argc != 1) return wrong();
        map.slot(deref(a[1]), found);
        out = Value::boolean(!found);
        return NS::Ok;
      case Method::remove:
      case Method::contains: {
        if (argc != 1) return wrong();
        std::size_t at = map.find(deref(a[1]), found);
        if (m == Method::remove && found) map.entries.erase(map.entries.begin() + static_cast<std::ptrdiff_t>(at));
        out = Value::boolean(found);
        return NS::Ok;
      }
      case Method::iter:
      case Method::into_iter:
        return snapshot(0);
      case Method::extend: {
        if (argc != 1) return wrong();
        NS s = drain_iterable(cx, a[1], "extend", [&](Value x) {
          map.slot(x, found);
          return NS::Ok;
        });
        out = Value::unit();
        return s;
      }
      case Method::len:
      case Method::is_empty:
      case Method::clear:
        break;  // as a map's
      default: {  // the iterator methods, on the elements
        NS s = snapshot(0);
        if (s != NS::Ok) return s;
        std::vector<Value> args(a, a + argc + 1);
        args[0] = std::move(out);
        return call_method(cx, m, name, args.data(), argc, out);
      }
    }
  }
  switch (m) {
    case Method::insert:
      if (argc != 2) return wrong();
      out = map_insert(map, a[1], a[2]);
      return NS::Ok;
    case Method::get:
    case Method::get_mut:
    case Method::contains_key:
    case Method::remove: {
      if (argc != 1) return wrong();
      std::size_t at = map.find(deref(a[1]), found);
      if (m == Method::contains_key) {
        out = Value::boolean(found);
      } else if (!found) {
        out = make_none();
      } else if (m == Method::get) {
        out = make_some(map.entries[at].second);
      } else if (m == Method::get_mut) {
        out = make_some(Value::object(new SlotRefObj(self, map.entries[at].first)));
      } else {
        out = make_some(std::move(map.entries[at].second));
        map.entries.erase(map.entries.begin() + static_cast<std::ptrdiff_t>(at));
      }
      return NS::Ok;
    }
    case Method::len:
      out = usize(map.entries.size());
      return NS::Ok;
    case Method::is_empty:
      out = Value::boolean(map.entries.empty());
      return NS::Ok;
    case Method::clear:
      map.entries.clear();
      out = Value::unit();
      return NS::Ok;
    case Method::keys:
      return snapshot(0);
    case Method::values:
      return snapshot(1);
    case Method::iter:
    case Method::into_iter:
      return snapshot(2);
    case Method::values_mut:
      return snapshot(3);
    case Method::entry:
      if (argc != 1) return wrong();
      out = record(builtin::MapEntry, 0, {self, a[1]});
      return NS::Ok;
    case Method::extend: {  // pairs from any iterable
      if (argc != 1) return wrong();
      NS s = drain_iterable(cx, a[1], "extend", [&](Value pair) {
        if (!pair.is(ObjKind::Tuple) || as_list(pair).items.size() != 2) return wrong();
        map_insert(map, as_list(pair).items[0], as_list(pair).items[1]);
        return NS::Ok;
      });
      out = Value::unit();
      return s;
    }
    default: {  // the iterator methods, on the (key, value) pairs
      Value pairs;
      NS s = snapshot(2);
      if (s != NS::Ok) return s;
      pairs = std::move(out);
      std::vector<Value> args(a, a + argc + 1);
      args[0] = std::move(pairs);
      return call_method(cx, m, name, args.data(), argc, out);
    }
  }
}

// map.entry(key) and what follows it.
NS entry_method(Ctx& cx, Method m, Value* a, unsigned argc, Value& out) {
  Value map_value = as_record(a[0]).fields[0], key = as_record(a[0]).fields[1];
  auto& map = as<MapObj>(map_value);
  bool found = false;
  map.find(key, found);
  auto place = [&]() { return Value::object(new SlotRefObj(map_value, key)); };
  switch (m) {
    case Method::or_insert:
      if (argc != 1) break;
      if (!found) map_insert(map, key, a[1]);
      out = place();
      return NS::Ok;
    case Method::or_default:
      if (argc != 0) break;
      if (!found) map_insert(map, key, default_like(map));
      out = place();
      return NS::Ok;
    case Method::or_insert_with: {
      if (argc != 1) break;
      if (!found) {
        Value made;
        NS s = invoke(cx, a[1], CallArgs{}, made);
        if (s != NS::Ok) return s;
        map_insert(map, key, std::move(made));
      }
      out = place();
      return NS::Ok;
    }
    case Method::and_modify: {  // f(&mut value) if there is one; the entry again
      if (argc != 1) break;
      Value entry = a[0];
      if (found) {
        Value ignored;
        NS s = invoke(cx, a[1], place(), ignored);
        if (s != NS::Ok) return s;
      }
      out = std::move(entry);
      return NS::Ok;
    }
    case Method::key:
      out = key;
      return NS::Ok;
    default:
      break;
  }
  return cx.fail("no such method on a map's entry (a type error Brigade does not check before running)");
}

// ---- natives: HashMap/BTreeMap/HashSet/BTreeSet/VecDeque::new
// (natives.cpp gathers every module's table)

namespace {

NS map_new(Ctx&, Native n, Value*, Value& out) {
  out = Value::object(new MapObj(n == Native::BTreeMapNew));
  return NS::Ok;
}

NS set_new(Ctx&, Native n, Value*, Value& out) {
  out = Value::object(new MapObj(n == Native::BTreeSetNew, true));
  return NS::Ok;
}

NS vec_deque_new(Ctx&, Native, Value*, Value& out) {
  out = make_list(ObjKind::Vec, {});
  return NS::Ok;
}

// HashMap::from([(k, v), ..]) and the sets' and VecDeque's from an array: its items in turn, a
// later key replacing an earlier one's value, as inserting them would.
NS collection_from(Ctx& cx, Native n, Value* args, Value& out) {
  if (n == Native::VecDequeFrom) {
    out = deep_clone(args[0]);
    return out.is(ObjKind::Vec) ? NS::Ok : cx.fail(std::string("VecDeque::from of ") + type_name(args[0]));
  }
  bool set = n == Native::HashSetFrom || n == Native::BTreeSetFrom;
  Value made = Value::object(new MapObj(n == Native::BTreeMapFrom || n == Native::BTreeSetFrom, set));
  auto& map = as<MapObj>(made);
  NS s = drain_iterable(cx, args[0], set ? "a set's from" : "a map's from", [&](Value x) {
    if (set) {
      map_insert(map, x, Value::unit());
      return NS::Ok;
    }
    if (!x.is(ObjKind::Tuple) || as_list(x).items.size() != 2) return cx.fail("HashMap::from takes an array of (key, value) pairs");
    map_insert(map, as_list(x).items[0], as_list(x).items[1]);
    return NS::Ok;
  });
  if (s != NS::Ok) return s;
  out = std::move(made);
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> collections_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::HashMapNew, map_new},
      {Native::BTreeMapNew, map_new},
      {Native::HashSetNew, set_new},
      {Native::BTreeSetNew, set_new},
      {Native::VecDequeNew, vec_deque_new},
      {Native::HashMapFrom, collection_from},
      {Native::BTreeMapFrom, collection_from},
      {Native::HashSetFrom, collection_from},
      {Native::BTreeSetFrom, collection_from},
      {Native::VecDequeFrom, collection_from},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
