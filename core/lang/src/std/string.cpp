// std/string.cpp — String, &str and char: their methods.
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

std::vector<char32_t> decode_utf8(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    std::size_t n;
    if (c < 0x80) {
      cp = c, n = 1;
    } else if (c < 0xE0) {
      cp = c & 0x1F, n = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F, n = 3;
    } else {
      cp = c & 0x07, n = 4;
    }
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

// Methods of char (is_alphabetic, to_digit, ...).
NS char_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  char32_t c = self.c;
  bool ascii = c < 0x80;
  switch (m) {
    case Method::is_alphabetic:
      out = Value::boolean(ascii ? std::isalpha(static_cast<int>(c)) != 0 : c > 0x7F);
      return NS::Ok;
    case Method::is_numeric:
    case Method::is_ascii_digit:
      out = Value::boolean(c >= '0' && c <= '9');
      return NS::Ok;
    case Method::is_alphanumeric:
      out = Value::boolean(ascii ? std::isalnum(static_cast<int>(c)) != 0 : c > 0x7F);
      return NS::Ok;
    case Method::is_whitespace:
      out = Value::boolean(c == ' ' || (c >= 9 && c <= 13));
      return NS::Ok;
    case Method::to_ascii_uppercase:
      out = Value::character(ascii ? static_cast<char32_t>(std::toupper(static_cast<int>(c))) : c);
      return NS::Ok;
    case Method::to_ascii_lowercase:
      out = Value::character(ascii ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c);
      return NS::Ok;
    case Method::to_digit: {
      std::uint64_t radix = 10;
      count_of(a[1], radix);
      int d = c >= '0' && c <= '9' ? static_cast<int>(c - '0')
              : c >= 'a' && c <= 'z' ? static_cast<int>(c - 'a' + 10)
              : c >= 'A' && c <= 'Z' ? static_cast<int>(c - 'A' + 10)
                                     : 99;
      out = d < static_cast<int>(radix) ? make_some(Value::integer(d, IntKind::U32)) : make_none();
      return NS::Ok;
    }
    default:
      return no_method(cx, name, argc, self);
  }
}

// chars, bytes, split_whitespace, lines, split, repeat: what a string is made of, or of it.
NS str_pieces(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& s = as_str(self).s;
  switch (m) {
    case Method::chars: {
      std::vector<Value> cs;
      for (char32_t c : decode_utf8(s)) cs.push_back(Value::character(c));
      return make_iter(cx, list_iter(std::move(cs)), out);
    }
    case Method::bytes: {
      std::vector<Value> bs;
      for (unsigned char c : s) bs.push_back(Value::integer(c, IntKind::U8));
      return make_iter(cx, list_iter(std::move(bs)), out);
    }
    case Method::split_whitespace:
    case Method::lines: {
      std::vector<Value> parts;
      std::size_t i = 0;
      if (m == Method::lines) {
        while (i < s.size()) {
          std::size_t e = s.find('\n', i);
          if (e == std::string::npos) e = s.size();
          std::string line = s.substr(i, e - i);
          if (!line.empty() && line.back() == '\r') line.pop_back();
          parts.push_back(make_str(line));
          i = e + 1;
        }
      } else {
        while (i < s.size()) {
          while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
          std::size_t e = i;
          while (e < s.size() && !std::isspace(static_cast<unsigned char>(s[e]))) ++e;
          if (e > i) parts.push_back(make_str(s.substr(i, e - i)));
          i = e;
        }
      }
      return make_iter(cx, list_iter(std::move(parts)), out);
    }
    case Method::split: {  // by a &str or a char; empty pieces stay, as in Rust
      if (argc != 1) return no_method(cx, name, argc, self);
      std::string sep = a[1].is(ObjKind::Str) ? as_str(a[1]).s : a[1].tag == Tag::Char ? display(cx.m, a[1], {}) : "";
      if (sep.empty()) return cx.fail("split() takes a &str or a char in Brigade's Rust subset");
      std::vector<Value> parts;
      std::size_t i = 0;
      for (;;) {
        std::size_t e = s.find(sep, i);
        if (e == std::string::npos) {
          parts.push_back(make_str(s.substr(i)));
          break;
        }
        parts.push_back(make_str(s.substr(i, e - i)));
        i = e + sep.size();
      }
      return make_iter(cx, list_iter(std::move(parts)), out);
    }
    case Method::repeat: {
      std::uint64_t n = 0;
      if (!count_of(a[1], n)) return no_method(cx, name, argc, self);
      if (!s.empty() && n > (std::uint64_t{1} << 62) / s.size()) return cx.fail("capacity overflow");
      if (!cx.t.rt.memory_fits(n * s.size())) return NS::Stop;
      std::string r;
      std::size_t total = static_cast<std::size_t>(n * s.size());
      r.reserve(total);
      if (total > 0) {  // doubling: O(log n) appends, each within the reserved room
        r = s;
        while (r.size() <= total / 2) r += r;
        r.append(r, 0, total - r.size());
      }
      out = make_str(r);
      return NS::Ok;
    }
    default:
      return no_method(cx, name, argc, self);
  }
}

// Methods of String and &str.
NS str_method(Ctx& cx, Method m, std::uint32_t name, Value* a, unsigned argc, Value& out) {
  Value& self = a[0];
  auto& s = as_str(self).s;
  switch (m) {
    case Method::len:
      out = usize(s.size());
      return NS::Ok;
    case Method::is_empty:
      out = Value::boolean(s.empty());
      return NS::Ok;
    case Method::parse: {
      // The target type is not known here: an integer's text gives an integer that takes
      // the type of what it meets, a decimal one a float; anything else Rust's error text.
      const char* p = s.c_str();
      char* end = nullptr;
      errno = 0;
      bool digits = !s.empty() && s.find_first_not_of("+-0123456789") == std::string::npos;
      if (digits) {
        long long v = std::strtoll(p, &end, 10);
        if (errno == 0 && end == p + s.size()) {
          out = make_ok(Value::integer(v, IntKind::Infer));
          return NS::Ok;
        }
      } else if (!s.empty() && s.find_first_not_of("+-0123456789.eE") == std::string::npos) {
        double v = std::strtod(p, &end);
        if (end == p + s.size()) {
          out = make_ok(Value::floating(v));
          return NS::Ok;
        }
      }
      // ParseIntError { kind: Empty | InvalidDigit | PosOverflow | NegOverflow }, as Rust's.
      bool out_of_range = digits && errno == ERANGE;
      std::uint32_t kind = s.empty() ? 0 : !out_of_range ? 1 : s[0] == '-' ? 3 : 2;
      out = make_err(record(builtin::ParseIntError, 0, {record(builtin::IntErrorKind, kind)}));
      return NS::Ok;
    }
    case Method::push_str:
    case Method::write_str:  // a Formatter is a String here; write_str gives fmt::Result
      if (self.o->frozen || !a[1].is(ObjKind::Str)) return no_method(cx, name, argc, self);
      s += as_str(a[1]).s;
      out = m == Method::write_str ? make_ok(Value::unit()) : Value::unit();
      return NS::Ok;
    case Method::push:
      if (self.o->frozen || a[1].tag != Tag::Char) return no_method(cx, name, argc, self);
      s += display(cx.m, a[1], {});
      out = Value::unit();
      return NS::Ok;
    case Method::pop: {
      if (s.empty()) {
        out = make_none();
        return NS::Ok;
      }
      auto chars = decode_utf8(s);
      char32_t last = chars.back();
      std::size_t n = display(cx.m, Value::character(last), {}).size();
      s.resize(s.size() - n);
      out = make_some(Value::character(last));
      return NS::Ok;
    }
    case Method::as_str:
      out = self;
      return NS::Ok;
    case Method::contains:
    case Method::starts_with:
    case Method::ends_with: {
      std::string needle = a[1].is(ObjKind::Str) ? as_str(a[1]).s : display(cx.m, a[1], {});
      bool r = m == Method::contains      ? s.find(needle) != std::string::npos
               : m == Method::starts_with ? s.rfind(needle, 0) == 0
                                          : s.size() >= needle.size() && s.compare(s.size() - needle.size(), needle.size(), needle) == 0;
      out = Value::boolean(r);
      return NS::Ok;
    }
    case Method::to_uppercase:
    case Method::to_lowercase: {
      std::string r = s;
      for (char& c : r) c = static_cast<char>(m == Method::to_uppercase ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
      out = make_str(r);
      return NS::Ok;
    }
    case Method::trim: {
      std::size_t b = s.find_first_not_of(" \t\r\n");
      std::size_t e = s.find_last_not_of(" \t\r\n");
      out = make_str(b == std::string::npos ? "" : s.substr(b, e - b + 1));
      return NS::Ok;
    }
    case Method::chars:
    case Method::bytes:
    case Method::split_whitespace:
    case Method::lines:
    case Method::split:
    case Method::repeat:
      return str_pieces(cx, m, name, a, argc, out);
    default:
      return no_method(cx, name, argc, self);
  }
}

// ---- natives: String::from, String::new, String::with_capacity
// (natives.cpp gathers every module's table)

namespace {

NS string_from(Ctx& cx, Native, Value* args, Value& out) {
  if (args[0].is(ObjKind::Str)) {
    out = make_str(as_str(args[0]).s);
  } else {
    out = make_str(display(cx.m, args[0], {}));
  }
  return NS::Ok;
}

NS string_new(Ctx&, Native, Value*, Value& out) {
  out = make_str("");
  return NS::Ok;
}

}  // namespace

std::span<const NativeReg> string_natives() {
  static constexpr NativeReg kNatives[] = {
      {Native::StringFrom, string_from},
      {Native::StringNew, string_new},
      {Native::StringWithCapacity, string_new},
  };
  return kNatives;
}

}  // namespace brigade::lang::vm
