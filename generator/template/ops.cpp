#include "template/ops.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "base/diagnostics.h"
#include "template/printer.h"

namespace reel::tpl {

// ---- UTF-8 ------------------------------------------------------------------

std::uint32_t utf8_next(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
  if (extra <= 0) {
    ++i;
    return c;
  }
  std::uint32_t cp = c & (0x3F >> extra);
  std::size_t j = i + 1;
  for (int k = 0; k < extra; ++k, ++j) {
    if (j >= s.size() || (static_cast<unsigned char>(s[j]) & 0xC0) != 0x80) {
      ++i;
      return c;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[j]) & 0x3F);
  }
  i = j;
  return cp;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    utf8_next(s, i);
    out.push_back(s.substr(start, i - start));
  }
  return out;
}


bool is_py_space(std::uint32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F)) return true;
  if (cp < 0x80) return false;
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

namespace {

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string to_lower(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toLower(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string to_upper(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toUpper(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string_view py_strip(std::string_view s, const std::string* chars, bool left, bool right) {
  auto strip_it = [&](std::uint32_t cp) {
    if (!chars) return is_py_space(cp);
    std::size_t i = 0;
    while (i < chars->size()) {
      if (utf8_next(*chars, i) == cp) return true;
    }
    return false;
  };
  std::size_t b = 0, e = s.size();
  if (left) {
    while (b < e) {
      std::size_t i = b;
      std::uint32_t cp = utf8_next(s, i);
      if (!strip_it(cp)) break;
      b = i;
    }
  }
  if (right) {
    while (e > b) {
      std::size_t start = e - 1;
      while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
      std::size_t i = start;
      std::uint32_t cp = utf8_next(s, i);
      if (!strip_it(cp)) break;
      e = start;
    }
  }
  return s.substr(b, e - b);
}

std::vector<std::string> split_whitespace(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  std::string word;
  bool in_word = false;
  while (i < s.size()) {
    std::size_t start = i;
    std::uint32_t cp = utf8_next(s, i);
    if (is_py_space(cp)) {
      if (in_word) out.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word.append(s.substr(start, i - start));
      in_word = true;
    }
  }
  if (in_word) out.push_back(std::move(word));
  return out;
}

// ---- types and errors -------------------------------------------------------

std::string py_type_name(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kUndefined: return "Undefined";
    case Value::Kind::kNone: return "NoneType";
    case Value::Kind::kBool: return "bool";
    case Value::Kind::kInt: return "int";
    case Value::Kind::kDouble: return "float";
    case Value::Kind::kString: return "str";
    case Value::Kind::kMarkup: return "Markup";
    case Value::Kind::kList: return v.is_tuple() ? "tuple" : "list";
    case Value::Kind::kMap: return "dict";
    case Value::Kind::kObject: return std::string(v.as_object()->type_name());
  }
  return "object";
}

void fail(std::string message, std::string hint) { throw Error(SourcePos{}, std::move(message), std::move(hint)); }

void throw_undefined(const Value& v) {
  const std::string& name = v.undefined_name();
  if (name.empty()) fail("a value is undefined");
  fail("`" + name + "` is undefined",
       "test with `is defined`, or give a fallback with `|default(...)`");
}

namespace {
// The name soft_undefined() carries: not an identifier, so no template lookup makes it.
constexpr std::string_view kSoftUndefinedName = "(inline if without else)";
}  // namespace

Value soft_undefined() { return Value::undefined(kSoftUndefinedName); }

bool undefined_is_error(const Value& v, bool strict) {
  return strict && v.is_undefined() && v.undefined_name() != kSoftUndefinedName;
}

bool truth(const Value& v, bool strict) {
  if (undefined_is_error(v, strict)) throw_undefined(v);
  return v.truthy();
}

// ---- limits -------------------------------------------------------------------

namespace {

const Options kDefaultOptions{};
thread_local const Options* g_active = nullptr;

std::string mib(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

}  // namespace

const Options& active_options() { return g_active ? *g_active : kDefaultOptions; }

LimitScope::LimitScope(const Options& options) : previous_(g_active) { g_active = &options; }
LimitScope::~LimitScope() { g_active = previous_; }

std::size_t add_sizes(std::size_t a, std::size_t b) {
  std::size_t r;
  return __builtin_add_overflow(a, b, &r) ? std::numeric_limits<std::size_t>::max() : r;
}

std::size_t mul_sizes(std::size_t a, std::size_t b) {
  std::size_t r;
  return __builtin_mul_overflow(a, b, &r) ? std::numeric_limits<std::size_t>::max() : r;
}

void check_string_size(std::size_t bytes) {
  std::size_t limit = active_options().max_string_bytes;
  if (bytes <= limit) return;
  fail("string too long: the result would be " +
           (bytes == std::numeric_limits<std::size_t>::max() ? std::string("more than 2^64 bytes") : mib(bytes)) +
           ", over the limit of " + mib(limit),
       "the limit is the template option `max_string_bytes` (tpl::Options); a huge count or width is "
       "probably a mistake");
}

void check_list_size(std::size_t items) {
  std::size_t limit = active_options().max_list_items;
  if (items <= limit) return;
  fail("list too long: the result would have " +
           (items == std::numeric_limits<std::size_t>::max() ? std::string("more than 2^64") : std::to_string(items)) +
           " items, over the limit of " + std::to_string(limit),
       "the limit is the template option `max_list_items` (tpl::Options); a huge count is probably a mistake");
}

void append_checked(std::string& out, std::string_view piece) {
  check_string_size(add_sizes(out.size(), piece.size()));
  out += piece;
}

namespace {
thread_local int g_nesting = 0;
}  // namespace

NestingGuard::NestingGuard() {
  if (++g_nesting > kMaxValueDepth) {
    --g_nesting;
    fail("value nested too deeply: more than " + std::to_string(kMaxValueDepth) + " levels of lists, dicts or objects",
         "Python stops at its recursion limit here too; a namespace that holds itself nests without end");
  }
}

NestingGuard::~NestingGuard() { --g_nesting; }

// ---- checked integer arithmetic ----------------------------------------------

void fail_overflow(const std::string& what) {
  fail("integer overflow: " + what + " does not fit in 64 bits",
       "reel's integers are 64-bit (Python's are unbounded); use a float (`1.0 * x`) for huge numbers");
}

std::int64_t checked_pow(std::int64_t x, std::int64_t y) {
  auto overflow = [&] { fail_overflow(std::to_string(x) + " ** " + std::to_string(y)); };
  if (y == 0 || x == 1) return 1;
  if (x == 0) return 0;
  if (x == -1) return (y & 1) ? -1 : 1;
  std::int64_t result = 1, base = x;
  for (std::int64_t e = y; e > 0;) {
    if ((e & 1) && __builtin_mul_overflow(result, base, &result)) overflow();
    e >>= 1;
    // |base| >= 2 here: a square that overflows with exponent bits left would make the
    // result overflow too.
    if (e > 0 && __builtin_mul_overflow(base, base, &base)) overflow();
  }
  return result;
}

std::int64_t double_to_int(double d) {
  if (std::isnan(d)) fail("cannot convert float NaN to integer");
  if (std::isinf(d)) fail("cannot convert float infinity to integer");
  double t = std::trunc(d);
  // 2^63 is exact as a double; every double in [-2^63, 2^63) converts exactly.
  if (t >= 9223372036854775808.0 || t < -9223372036854775808.0) fail_overflow("int(" + format_double(d) + ")");
  return static_cast<std::int64_t>(t);
}

// ---- operations -------------------------------------------------------------

ValueList to_list(const Value& v, bool strict) {
  switch (v.kind()) {
    case Value::Kind::kList: return v.as_list();
    case Value::Kind::kMap: {
      ValueList out;
      out.reserve(v.as_map().size());
      for (const auto& [k, _] : v.as_map()) out.emplace_back(k);
      return out;
    }
    case Value::Kind::kString:
    case Value::Kind::kMarkup: {
      ValueList out;
      bool markup = v.is_markup();
      for (auto c : utf8_chars(v.as_string())) out.push_back(markup ? Value::markup(std::string(c)) : Value(c));
      return out;
    }
    case Value::Kind::kUndefined:
      if (undefined_is_error(v, strict)) throw_undefined(v);
      return {};
    default: fail("'" + py_type_name(v) + "' object is not iterable");
  }
}

std::size_t length(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kList: return v.as_list().size();
    case Value::Kind::kMap: return v.as_map().size();
    case Value::Kind::kString:
    case Value::Kind::kMarkup: return utf8_length(v.as_string());
    case Value::Kind::kUndefined: throw_undefined(v);
    default: fail("object of type '" + py_type_name(v) + "' has no len()");
  }
}

namespace {

bool numeric(const Value& v) { return v.is_number() || v.is_bool(); }
bool intlike(const Value& v) { return v.is_int() || v.is_bool(); }
std::int64_t as_i(const Value& v) { return v.is_bool() ? (v.as_bool() ? 1 : 0) : v.as_int(); }
double as_d(const Value& v) { return v.is_bool() ? (v.as_bool() ? 1.0 : 0.0) : v.as_double(); }

[[noreturn]] void unsupported(std::string_view op, const Value& a, const Value& b) {
  if (a.is_undefined()) throw_undefined(a);
  if (b.is_undefined()) throw_undefined(b);
  fail("unsupported operand type(s) for " + std::string(op) + ": '" + py_type_name(a) + "' and '" + py_type_name(b) +
       "'");
}

std::string_view op_text(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kFloorDiv: return "//";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kPow: return "**";
    case BinaryOp::kConcat: return "~";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kOr: return "or";
  }
  return "?";
}

// Python's sequence repetition (`'ab' * 3`, `[1] * 3`); a count below 1 gives an empty
// sequence. The result's size is checked before anything is built.
Value repeat(const Value& seq, std::int64_t n) {
  std::size_t count = n > 0 ? static_cast<std::size_t>(n) : 0;
  if (seq.is_string()) {
    const std::string& piece = seq.as_string();
    if (piece.empty()) count = 0;
    check_string_size(mul_sizes(piece.size(), count));
    std::string out;
    out.reserve(piece.size() * count);
    for (std::size_t i = 0; i < count; ++i) out += piece;
    return seq.is_markup() ? Value::markup(std::move(out)) : Value(std::move(out));
  }
  const ValueList& items = seq.as_list();
  if (items.empty()) count = 0;
  check_list_size(mul_sizes(items.size(), count));
  ValueList out;
  out.reserve(items.size() * count);
  for (std::size_t i = 0; i < count; ++i) out.insert(out.end(), items.begin(), items.end());
  return seq.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
}

// Text of `v` for markup-aware joining: escaped unless markup.
std::string escaped_text(const Value& v) {
  if (v.is_markup()) return v.as_string();
  return escape_html(to_str(v));
}

double py_fmod(double a, double b) {
  double m = std::fmod(a, b);
  if (m != 0 && ((b < 0) != (m < 0))) m += b;
  return m;
}

}  // namespace

Value binary_op(BinaryOp op, const Value& a, const Value& b, bool autoescape) {
  if (op == BinaryOp::kConcat) {
    if (autoescape && (a.is_markup() || b.is_markup())) {
      std::string x = escaped_text(a), y = escaped_text(b);
      check_string_size(add_sizes(x.size(), y.size()));
      return Value::markup(x + y);
    }
    std::string out = to_str(a);
    if (b.is_string()) {
      append_checked(out, b.as_string());
    } else {
      append_str(out, b);  // checked after: a printed value is itself bounded
      check_string_size(out.size());
    }
    return Value(std::move(out));
  }
  if (numeric(a) && numeric(b)) {
    bool ints = intlike(a) && intlike(b);
    std::int64_t x = ints ? as_i(a) : 0, y = ints ? as_i(b) : 0, r = 0;
    double dx = as_d(a), dy = as_d(b);
    auto overflow = [&] { fail_overflow(std::to_string(x) + " " + std::string(op_text(op)) + " " + std::to_string(y)); };
    switch (op) {
      case BinaryOp::kAdd:
        if (!ints) return Value(dx + dy);
        if (__builtin_add_overflow(x, y, &r)) overflow();
        return Value(r);
      case BinaryOp::kSub:
        if (!ints) return Value(dx - dy);
        if (__builtin_sub_overflow(x, y, &r)) overflow();
        return Value(r);
      case BinaryOp::kMul:
        if (!ints) return Value(dx * dy);
        if (__builtin_mul_overflow(x, y, &r)) overflow();
        return Value(r);
      case BinaryOp::kDiv:
        if (dy == 0) fail(ints ? "division by zero" : "float division by zero");
        return Value(dx / dy);
      case BinaryOp::kFloorDiv:
        if (ints) {
          if (y == 0) fail("integer division or modulo by zero");
          if (y == -1) {  // INT64_MIN // -1 is 2^63 (and traps in C++)
            if (x == std::numeric_limits<std::int64_t>::min()) overflow();
            return Value(-x);
          }
          std::int64_t q = x / y;
          if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
          return Value(q);
        }
        if (dy == 0) fail("float floor division by zero");
        return Value(std::floor(dx / dy));
      case BinaryOp::kMod:
        if (ints) {
          if (y == 0) fail("integer division or modulo by zero");
          if (y == -1) return Value(std::int64_t{0});  // INT64_MIN % -1 traps in C++
          std::int64_t m = x % y;
          if (m != 0 && ((m < 0) != (y < 0))) m += y;
          return Value(m);
        }
        if (dy == 0) fail("float modulo");
        return Value(py_fmod(dx, dy));
      case BinaryOp::kPow:
        if (ints && y >= 0) return Value(checked_pow(x, y));
        if (dx == 0 && dy < 0) fail("0.0 cannot be raised to a negative power");
        return Value(std::pow(dx, dy));
      default: break;
    }
  }
  switch (op) {
    case BinaryOp::kAdd:
      if (a.is_string() && b.is_string()) {
        if (a.is_markup() || b.is_markup()) {
          std::string x = escaped_text(a), y = escaped_text(b);
          check_string_size(add_sizes(x.size(), y.size()));
          return Value::markup(x + y);
        }
        check_string_size(add_sizes(a.as_string().size(), b.as_string().size()));
        return Value(a.as_string() + b.as_string());
      }
      if (a.is_list() && b.is_list()) {
        check_list_size(add_sizes(a.as_list().size(), b.as_list().size()));
        ValueList out;
        out.reserve(a.as_list().size() + b.as_list().size());
        out.insert(out.end(), a.as_list().begin(), a.as_list().end());
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
        return a.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
      }
      if (a.is_string() && !b.is_string() && !b.is_undefined()) {
        fail("can only concatenate str (not \"" + py_type_name(b) + "\") to str", "use `~` to join text and numbers");
      }
      break;
    case BinaryOp::kMul:
      if ((a.is_string() || a.is_list()) && intlike(b)) return repeat(a, as_i(b));
      if ((b.is_string() || b.is_list()) && intlike(a)) return repeat(b, as_i(a));
      break;
    case BinaryOp::kMod:
      if (a.is_string()) {
        std::string s = percent_format(a.as_string(), b, a.is_markup());
        return a.is_markup() ? Value::markup(std::move(s)) : Value(std::move(s));
      }
      break;
    default: break;
  }
  unsupported(op_text(op), a, b);
}

Value unary_op(UnaryOp op, const Value& v) {
  if (v.is_undefined()) throw_undefined(v);
  if (op == UnaryOp::kNot) return Value(!v.truthy());
  if (!numeric(v)) fail("bad operand type for unary " + std::string(op == UnaryOp::kNeg ? "-" : "+") + ": '" + py_type_name(v) + "'");
  if (op == UnaryOp::kPos) return intlike(v) ? Value(as_i(v)) : v;
  if (intlike(v)) {
    std::int64_t r;
    if (__builtin_sub_overflow(std::int64_t{0}, as_i(v), &r)) fail_overflow("-(" + std::to_string(as_i(v)) + ")");
    return Value(r);
  }
  return Value(-v.as_double());
}

int compare(const Value& a, const Value& b) {
  if (numeric(a) && numeric(b)) {
    if (intlike(a) && intlike(b)) return as_i(a) < as_i(b) ? -1 : as_i(a) > as_i(b) ? 1 : 0;
    double x = as_d(a), y = as_d(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_string() && b.is_string()) {
    int c = a.as_string().compare(b.as_string());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (a.is_list() && b.is_list()) {
    NestingGuard guard;
    const ValueList& x = a.as_list();
    const ValueList& y = b.as_list();
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (x[i] == y[i]) continue;
      return compare(x[i], y[i]);
    }
    return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
  }
  if (a.is_undefined()) throw_undefined(a);
  if (b.is_undefined()) throw_undefined(b);
  fail("'<' not supported between instances of '" + py_type_name(a) + "' and '" + py_type_name(b) + "'");
}

bool compare_op(CompareOp op, const Value& a, const Value& b, bool strict) {
  switch (op) {
    case CompareOp::kEq:
    case CompareOp::kNe: {
      if (undefined_is_error(a, strict)) throw_undefined(a);
      if (undefined_is_error(b, strict)) throw_undefined(b);
      // A tuple never equals a list in Python, even with the same items.
      bool eq = a.is_tuple() == b.is_tuple() && a == b;
      return op == CompareOp::kEq ? eq : !eq;
    }
    case CompareOp::kLt: return compare(a, b) < 0;
    case CompareOp::kLe: return compare(a, b) <= 0;
    case CompareOp::kGt: return compare(a, b) > 0;
    case CompareOp::kGe: return compare(a, b) >= 0;
    case CompareOp::kIn:
    case CompareOp::kNotIn: {
      if (undefined_is_error(b, strict)) throw_undefined(b);
      // Python compares the item with each list element (StrictUndefined.__eq__ raises)
      // and hashes it for a dict lookup (StrictUndefined.__hash__ raises).
      if (undefined_is_error(a, strict) && ((b.is_list() && !b.as_list().empty()) || b.is_map())) {
        throw_undefined(a);
      }
      bool in = contains(b, a);
      return op == CompareOp::kIn ? in : !in;
    }
  }
  return false;
}

bool contains(const Value& container, const Value& item) {
  switch (container.kind()) {
    case Value::Kind::kString:
    case Value::Kind::kMarkup:
      if (!item.is_string()) {
        if (item.is_undefined()) throw_undefined(item);
        fail("'in <string>' requires string as left operand, not " + py_type_name(item));
      }
      return container.as_string().find(item.as_string()) != std::string::npos;
    case Value::Kind::kList:
      for (const auto& v : container.as_list()) {
        if (v == item) return true;
      }
      return false;
    case Value::Kind::kMap:
      if (item.is_string()) return container.as_map().contains(item.as_string());
      if (item.is_int()) return container.as_map().contains(std::to_string(item.as_int()));
      return false;
    case Value::Kind::kUndefined: return false;
    default: fail("argument of type '" + py_type_name(container) + "' is not iterable");
  }
}

Value get_attr(const Value& obj, std::string_view name) {
  switch (obj.kind()) {
    case Value::Kind::kMap:
      if (const Value* v = obj.as_map().find(name)) return *v;
      break;
    case Value::Kind::kObject: return obj.as_object()->get_attr(name);
    case Value::Kind::kUndefined: throw_undefined(obj);
    default: break;
  }
  return Value::undefined(name);
}

namespace {

// Python index normalization; false when out of range.
bool norm_index(std::int64_t& i, std::size_t size) {
  std::int64_t n = static_cast<std::int64_t>(size);
  if (i < 0) i += n;
  return i >= 0 && i < n;
}

}  // namespace

Value get_item(const Value& obj, const Value& key) {
  switch (obj.kind()) {
    case Value::Kind::kList:
      if (intlike(key)) {
        std::int64_t i = as_i(key);
        if (norm_index(i, obj.as_list().size())) return obj.as_list()[static_cast<std::size_t>(i)];
      }
      break;
    case Value::Kind::kString:
    case Value::Kind::kMarkup:
      if (intlike(key)) {
        auto chars = utf8_chars(obj.as_string());
        std::int64_t i = as_i(key);
        if (norm_index(i, chars.size())) {
          std::string c(chars[static_cast<std::size_t>(i)]);
          return obj.is_markup() ? Value::markup(std::move(c)) : Value(std::move(c));
        }
      }
      break;
    case Value::Kind::kMap:
      if (key.is_string()) {
        if (const Value* v = obj.as_map().find(key.as_string())) return *v;
      } else if (key.is_int()) {
        if (const Value* v = obj.as_map().find(std::to_string(key.as_int()))) return *v;
      }
      break;
    case Value::Kind::kObject:
      if (key.is_string()) return obj.as_object()->get_attr(key.as_string());
      break;
    case Value::Kind::kUndefined: throw_undefined(obj);
    default: break;
  }
  return Value::undefined(key.is_string() ? key.as_string() : to_str(key));
}

Value slice(const Value& obj, const Value* start, const Value* stop, const Value* step) {
  auto get = [](const Value* v, std::int64_t dflt) -> std::int64_t {
    if (!v || v->is_none()) return dflt;
    if (!intlike(*v)) fail("slice indices must be integers or None");
    return as_i(*v);
  };
  std::int64_t st = get(step, 1);
  if (st == 0) fail("slice step cannot be zero");
  auto run = [&](std::size_t size, auto&& emit) {
    std::int64_t n = static_cast<std::int64_t>(size);
    std::int64_t lo, hi;
    if (st > 0) {
      lo = get(start, 0);
      hi = get(stop, n);
      if (lo < 0) lo = std::max<std::int64_t>(0, lo + n);
      if (hi < 0) hi = std::max<std::int64_t>(0, hi + n);
      lo = std::min(lo, n);
      hi = std::min(hi, n);
      // lo and hi are in [0, n]: stepping stops before `i + st` could overflow.
      for (std::int64_t i = lo; i < hi; i = st > hi - i ? hi : i + st) emit(static_cast<std::size_t>(i));
    } else {
      lo = get(start, n - 1);
      hi = (stop && !stop->is_none()) ? get(stop, 0) : -n - 1;
      if (lo < 0) lo = std::max<std::int64_t>(-1, lo + n);
      if (hi < 0) hi = std::max<std::int64_t>(-1, hi + n);
      lo = std::min(lo, n - 1);
      hi = std::min(hi, n - 1);
      // lo and hi are in [-1, n - 1]: stepping stops before `i + st` could overflow.
      for (std::int64_t i = lo; i > hi; i = st < hi - i ? hi : i + st) emit(static_cast<std::size_t>(i));
    }
  };
  if (obj.is_list()) {
    ValueList out;
    const ValueList& items = obj.as_list();
    run(items.size(), [&](std::size_t i) { out.push_back(items[i]); });
    return obj.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
  }
  if (obj.is_string()) {
    auto chars = utf8_chars(obj.as_string());
    std::string out;
    run(chars.size(), [&](std::size_t i) { out += chars[i]; });
    return obj.is_markup() ? Value::markup(std::move(out)) : Value(std::move(out));
  }
  if (obj.is_undefined()) throw_undefined(obj);
  fail("'" + py_type_name(obj) + "' object is not subscriptable");
}

std::int64_t to_int(const Value& v) {
  if (intlike(v)) return as_i(v);
  if (v.is_double()) {
    return double_to_int(v.as_double());
  }
  if (v.is_string()) {
    std::string s(py_strip(v.as_string(), nullptr, true, true));
    s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
    char* end = nullptr;
    errno = 0;
    long long r = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && end == s.c_str() + s.size() && errno == 0) return r;
    fail("invalid literal for int() with base 10: " + to_repr(v));
  }
  if (v.is_undefined()) throw_undefined(v);
  fail("int() argument must be a string or a number, not '" + py_type_name(v) + "'");
}

double to_double(const Value& v) {
  if (numeric(v)) return as_d(v);
  if (v.is_undefined()) throw_undefined(v);
  fail("must be real number, not " + py_type_name(v));
}

// ---- printf-style and str.format -------------------------------------------

namespace {

// One more digit of a format width: saturates (pad() then reports the size) instead of
// wrapping around.
std::size_t spec_digit(std::size_t width, char digit) {
  return add_sizes(mul_sizes(width, 10), static_cast<std::size_t>(digit - '0'));
}

// One more digit of a format precision, failing past Python's own limit.
int spec_precision_digit(int precision, char digit) {
  if (precision > 100'000'000) fail("format precision too big");
  return precision * 10 + (digit - '0');
}

std::string pad(std::string s, std::size_t width, char align, std::string_view fill = " ") {
  std::size_t len = utf8_length(s);
  if (len >= width) return s;
  std::size_t n = width - len;
  check_string_size(add_sizes(s.size(), mul_sizes(n, fill.size())));
  auto fills = [&](std::size_t k) {
    std::string r;
    for (std::size_t i = 0; i < k; ++i) r += fill;
    return r;
  };
  if (align == '<') return s + fills(n);
  if (align == '^') return fills(n / 2) + s + fills(n - n / 2);
  if (align == '=') {
    if (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) return s.substr(0, 1) + fills(n) + s.substr(1);
    return fills(n) + s;
  }
  return fills(n) + s;
}

std::string format_number(const Value& v, char type, int precision, const std::string& flags) {
  // snprintf writes into a fixed buffer: widths and precisions past it are refused
  // (Python allows them; nobody pads a number to hundreds of digits).
  if (precision > 200) fail("format precision " + std::to_string(precision) + " is too big (the most is 200)");
  char spec[64];
  std::string f = "%" + flags;
  if (precision >= 0) f += "." + std::to_string(precision);
  char buf[512];
  switch (type) {
    case 'd':
    case 'i':
    case 'u': {
      std::int64_t n = v.is_double() ? double_to_int(v.as_double()) : to_int(v);
      std::snprintf(spec, sizeof spec, "%slld", f.c_str());
      std::snprintf(buf, sizeof buf, spec, static_cast<long long>(n));
      return buf;
    }
    case 'x':
    case 'X':
    case 'o': {
      std::int64_t n = to_int(v);
      bool neg = n < 0;
      // 0 - n in unsigned arithmetic: the magnitude, also of INT64_MIN.
      auto magnitude = neg ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
      std::snprintf(spec, sizeof spec, "%sll%c", f.c_str(), type);
      std::snprintf(buf, sizeof buf, spec, magnitude);
      return neg ? "-" + std::string(buf) : std::string(buf);
    }
    default: {
      double d = to_double(v);
      std::snprintf(spec, sizeof spec, "%s%c", f.c_str(), type);
      std::snprintf(buf, sizeof buf, spec, d);
      return buf;
    }
  }
}

}  // namespace

std::string percent_format(std::string_view fmt, const Value& args, bool escape_args) {
  std::string out;
  std::size_t argi = 0;
  bool tuple_args = args.is_list();
  auto next_arg = [&]() -> const Value& {
    if (!tuple_args) {
      if (argi++ > 0) fail("not enough arguments for format string");
      return args;
    }
    if (argi >= args.as_list().size()) fail("not enough arguments for format string");
    return args.as_list()[argi++];
  };
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c != '%') {
      out += c;
      continue;
    }
    if (++i >= fmt.size()) fail("incomplete format");
    if (fmt[i] == '%') {
      out += '%';
      continue;
    }
    const Value* arg = nullptr;
    Value keyed;
    if (fmt[i] == '(') {
      std::size_t close = fmt.find(')', i);
      if (close == std::string_view::npos) fail("incomplete format key");
      std::string key(fmt.substr(i + 1, close - i - 1));
      if (!args.is_map()) fail("format requires a mapping");
      keyed = args.get(key);
      if (keyed.is_undefined()) fail("format key " + key + " is missing");
      arg = &keyed;
      i = close + 1;
    }
    std::string flags;
    while (i < fmt.size() && std::string_view("-+ #0").find(fmt[i]) != std::string_view::npos) flags += fmt[i++];
    std::size_t width = 0;
    while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') width = spec_digit(width, fmt[i++]);
    int precision = -1;
    if (i < fmt.size() && fmt[i] == '.') {
      precision = 0;
      ++i;
      while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') precision = spec_precision_digit(precision, fmt[i++]);
    }
    if (i >= fmt.size()) fail("incomplete format");
    char type = fmt[i];
    if (!arg) arg = &next_arg();
    std::string piece;
    switch (type) {
      case 's':
      case 'r':
      case 'a':
        piece = type == 's' ? to_str(*arg) : to_repr(*arg);
        if (escape_args && (type != 's' || !arg->is_markup())) piece = escape_html(piece);
        if (precision >= 0) {
          auto chars = utf8_chars(piece);
          if (chars.size() > static_cast<std::size_t>(precision)) {
            std::string cut;
            for (int k = 0; k < precision; ++k) cut += chars[static_cast<std::size_t>(k)];
            piece = cut;
          }
        }
        piece = pad(piece, width, flags.find('-') != std::string::npos ? '<' : '>');
        break;
      case 'c':
        if (arg->is_int() && (arg->as_int() < 0 || arg->as_int() > 0x10FFFF)) fail("%c arg not in range(0x110000)");
        piece = arg->is_int() ? [&] { std::string s; append_utf8(s, static_cast<std::uint32_t>(arg->as_int())); return s; }() : to_str(*arg);
        piece = pad(piece, width, flags.find('-') != std::string::npos ? '<' : '>');
        break;
      case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'e': case 'E': case 'f': case 'F':
      case 'g': case 'G':
        if (!numeric(*arg)) {
          if (arg->is_undefined()) throw_undefined(*arg);
          fail(std::string("%") + type + " format: a real number is required, not " + py_type_name(*arg));
        }
        if (width <= 200) {
          piece = format_number(*arg, type, precision, flags + (width ? std::to_string(width) : ""));
        } else {
          // Wider than snprintf's buffer: padded here, as the flags ask (left, zeros, spaces).
          piece = format_number(*arg, type, precision, flags);
          bool zeros = flags.find('0') != std::string::npos && flags.find('-') == std::string::npos;
          piece = pad(piece, width, flags.find('-') != std::string::npos ? '<' : zeros ? '=' : '>', zeros ? "0" : " ");
        }
        break;
      default: fail(std::string("unsupported format character '") + type + "'");
    }
    append_checked(out, piece);
  }
  if (tuple_args && argi < args.as_list().size()) fail("not all arguments converted during string formatting");
  return out;
}

namespace {

// Applies a str.format() spec ([[fill]align][sign][#][0][width][,][.precision][type]).
std::string apply_spec(const Value& v, std::string_view spec) {
  if (spec.empty()) return to_str(v);
  std::size_t i = 0;
  std::string fill = " ";
  char align = '\0';
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  {
    std::size_t j = 0;
    if (!spec.empty()) utf8_next(spec, j);
    if (j < spec.size() && is_align(spec[j])) {
      fill = std::string(spec.substr(0, j));
      align = spec[j];
      i = j + 1;
    } else if (is_align(spec[0])) {
      align = spec[0];
      i = 1;
    }
  }
  char sign = '\0';
  if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) sign = spec[i++];
  bool alt = false;
  if (i < spec.size() && spec[i] == '#') {
    alt = true;
    ++i;
  }
  if (i < spec.size() && spec[i] == '0') {
    if (!align) {
      fill = "0";
      align = '=';
    }
    ++i;
  }
  std::size_t width = 0;
  while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') width = spec_digit(width, spec[i++]);
  bool grouping = false;
  if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
    grouping = true;
    ++i;
  }
  int precision = -1;
  if (i < spec.size() && spec[i] == '.') {
    ++i;
    precision = 0;
    while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') precision = spec_precision_digit(precision, spec[i++]);
  }
  char type = i < spec.size() ? spec[i] : '\0';
  std::string body;
  if (v.is_string() || (!numeric(v) && type != 'd')) {
    body = to_str(v);
    if (precision >= 0) {
      auto chars = utf8_chars(body);
      if (chars.size() > static_cast<std::size_t>(precision)) {
        std::string cut;
        for (int k = 0; k < precision; ++k) cut += chars[static_cast<std::size_t>(k)];
        body = cut;
      }
    }
    return pad(body, width, align ? align : '<', fill);
  }
  std::string flags;
  if (sign == '+' || sign == ' ') flags += sign;
  if (alt) flags += '#';
  if (type == '\0') {
    if (intlike(v)) {
      body = format_number(v, 'd', -1, flags);
    } else if (precision >= 0) {
      body = format_number(v, 'g', precision, flags);
    } else {
      body = (sign == '+' && as_d(v) >= 0 ? "+" : "") + format_double(as_d(v));
    }
  } else if (type == '%') {
    body = format_number(Value(as_d(v) * 100), 'f', precision < 0 ? 6 : precision, flags) + "%";
  } else if (type == 'b') {
    std::int64_t n = to_int(v);
    bool neg = n < 0;
    std::uint64_t u = neg ? 0ULL - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    std::string bits;
    do {
      bits.insert(bits.begin(), static_cast<char>('0' + (u & 1)));
      u >>= 1;
    } while (u);
    body = std::string(neg ? "-" : sign == '+' ? "+" : "") + (alt ? "0b" : "") + bits;
  } else if (type == 'n') {
    body = format_number(v, intlike(v) ? 'd' : 'g', precision, flags);
  } else {
    body = format_number(v, type, (type == 'f' || type == 'F' || type == 'e' || type == 'E') && precision < 0 ? 6 : precision, flags);
  }
  if (grouping) {
    std::size_t start = (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
    std::size_t end = body.find_first_not_of("0123456789", start);
    if (end == std::string::npos) end = body.size();
    std::string grouped;
    std::string digits = body.substr(start, end - start);
    for (std::size_t k = 0; k < digits.size(); ++k) {
      if (k && (digits.size() - k) % 3 == 0) grouped += spec[i - 1] == '_' ? '_' : ',';
      grouped += digits[k];
    }
    body = body.substr(0, start) + grouped + body.substr(end);
  }
  return pad(body, width, align ? align : '>', fill);
}

}  // namespace

std::string str_format(std::string_view fmt, const CallArgs& args) {
  std::string out;
  std::size_t auto_index = 0;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}') ++i;
      out += '}';
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    std::size_t close = fmt.find('}', i);
    if (close == std::string_view::npos) fail("single '{' encountered in format string");
    std::string_view field = fmt.substr(i + 1, close - i - 1);
    i = close;
    std::string_view spec;
    std::size_t colon = field.find(':');
    if (colon != std::string_view::npos) {
      spec = field.substr(colon + 1);
      field = field.substr(0, colon);
    }
    bool repr = false;
    std::size_t bang = field.find('!');
    if (bang != std::string_view::npos) {
      repr = field.substr(bang + 1) == "r";
      field = field.substr(0, bang);
    }
    std::size_t dot = field.find_first_of(".[");
    std::string_view head = field.substr(0, dot);
    Value v;
    if (head.empty()) {
      if (auto_index >= args.positional.size()) fail("Replacement index " + std::to_string(auto_index) + " out of range for positional args tuple");
      v = args.positional[auto_index++];
    } else if (head.find_first_not_of("0123456789") == std::string_view::npos) {
      std::size_t idx = head.size() > 9 ? args.positional.size() : static_cast<std::size_t>(std::stoul(std::string(head)));
      if (idx >= args.positional.size()) fail("Replacement index " + std::string(head) + " out of range for positional args tuple");
      v = args.positional[idx];
    } else {
      bool found = false;
      for (const auto& [k, kv] : args.keyword) {
        if (k == head) {
          v = kv;
          found = true;
        }
      }
      if (!found) fail("'" + std::string(head) + "'");
    }
    while (dot != std::string_view::npos) {
      std::string_view rest = field.substr(dot);
      if (rest[0] == '.') {
        std::size_t e = rest.find_first_of(".[", 1);
        v = get_attr(v, rest.substr(1, e == std::string_view::npos ? std::string_view::npos : e - 1));
        dot = e == std::string_view::npos ? e : dot + e;
      } else {
        std::size_t e = rest.find(']');
        std::string key(rest.substr(1, e - 1));
        if (!key.empty() && key.size() <= 18 && key.find_first_not_of("0123456789") == std::string::npos) {
          v = get_item(v, Value(static_cast<std::int64_t>(std::stoll(key))));
        } else {
          v = get_item(v, Value(key));
        }
        dot = e + 1 < rest.size() ? dot + e + 1 : std::string_view::npos;
      }
    }
    if (repr) v = Value(to_repr(v));
    append_checked(out, apply_spec(v, spec));
  }
  return out;
}

// ---- Python methods ---------------------------------------------------------

namespace {

const Value* arg_at(const CallArgs& args, std::size_t i, std::string_view name) {
  if (i < args.positional.size()) return &args.positional[i];
  for (const auto& [k, v] : args.keyword) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::string str_arg(const CallArgs& args, std::size_t i, std::string_view name, std::string_view method) {
  const Value* v = arg_at(args, i, name);
  if (!v) fail(std::string(method) + "() missing required argument '" + std::string(name) + "'");
  if (!v->is_string()) fail(std::string(method) + "() argument must be str, not " + py_type_name(*v));
  return v->as_string();
}

std::vector<std::string> split_sep(std::string_view s, std::string_view sep, std::int64_t maxsplit) {
  if (sep.empty()) fail("empty separator");
  std::vector<std::string> out;
  std::size_t start = 0;
  while (maxsplit < 0 || static_cast<std::int64_t>(out.size()) < maxsplit) {
    std::size_t p = s.find(sep, start);
    if (p == std::string_view::npos) break;
    out.emplace_back(s.substr(start, p - start));
    start = p + sep.size();
  }
  out.emplace_back(s.substr(start));
  return out;
}

std::string replace_all(std::string_view s, std::string_view from, std::string_view to, std::int64_t count) {
  std::string out;
  if (from.empty()) {
    auto chars = utf8_chars(s);
    std::int64_t n = 0;
    std::size_t k = count < 0 ? chars.size() + 1 : std::min(chars.size() + 1, static_cast<std::size_t>(count));
    check_string_size(add_sizes(s.size(), mul_sizes(k, to.size())));
    for (auto c : chars) {
      if (count < 0 || n < count) {
        out += to;
        ++n;
      }
      out += c;
    }
    if (count < 0 || n < count) out += to;
    return out;
  }
  std::size_t start = 0;
  std::int64_t n = 0;
  while (count < 0 || n < count) {
    std::size_t p = s.find(from, start);
    if (p == std::string_view::npos) break;
    out += s.substr(start, p - start);
    append_checked(out, to);
    start = p + from.size();
    ++n;
  }
  out += s.substr(start);
  return out;
}

ValueList strings_to_values(std::vector<std::string> parts) {
  ValueList out;
  out.reserve(parts.size());
  for (auto& p : parts) out.emplace_back(std::move(p));
  return out;
}

std::string py_title(std::string_view s) {
  std::string out;
  bool prev_cased = false;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    std::uint32_t cp = utf8_next(s, i);
    std::string_view ch = s.substr(start, i - start);
    bool cased = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0x80 && to_lower(ch) != to_upper(ch));
    if (cased) {
      out += prev_cased ? to_lower(ch) : to_upper(ch);
    } else {
      out += ch;
    }
    prev_cased = cased;
  }
  return out;
}

bool all_chars(std::string_view s, bool (*pred)(std::uint32_t)) {
  if (s.empty()) return false;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!pred(utf8_next(s, i))) return false;
  }
  return true;
}

bool str_method(const Value& obj, std::string_view name, const CallArgs& args, Value& out) {
  const std::string& s = obj.as_string();
  auto same_kind = [&](std::string r) { return obj.is_markup() ? Value::markup(std::move(r)) : Value(std::move(r)); };
  auto opt_str = [&](std::size_t i, std::string_view n) -> const std::string* {
    const Value* v = arg_at(args, i, n);
    if (!v || v->is_none()) return nullptr;
    if (!v->is_string()) fail(std::string(name) + " arg must be None or str");
    return &v->as_string();
  };
  if (name == "upper") return out = same_kind(to_upper(s)), true;
  if (name == "lower" || name == "casefold") return out = same_kind(to_lower(s)), true;
  if (name == "title") return out = same_kind(py_title(s)), true;
  if (name == "capitalize") {
    auto chars = utf8_chars(s);
    std::string r;
    if (!chars.empty()) r = to_upper(chars[0]) + to_lower(std::string_view(s).substr(chars[0].size()));
    return out = same_kind(std::move(r)), true;
  }
  if (name == "swapcase") {
    std::string r;
    for (auto c : utf8_chars(s)) {
      std::string lo = to_lower(c);
      r += lo == c ? to_upper(c) : lo;
    }
    return out = same_kind(std::move(r)), true;
  }
  if (name == "strip" || name == "lstrip" || name == "rstrip") {
    const std::string* chars = opt_str(0, "chars");
    return out = same_kind(std::string(py_strip(s, chars, name != "rstrip", name != "lstrip"))), true;
  }
  if (name == "split" || name == "rsplit") {
    const std::string* sep = opt_str(0, "sep");
    const Value* mv = arg_at(args, 1, "maxsplit");
    std::int64_t maxsplit = mv ? to_int(*mv) : -1;
    if (!sep) {
      std::vector<std::string> words = split_whitespace(s);
      if (maxsplit >= 0 && static_cast<std::int64_t>(words.size()) > maxsplit + 0) {
        // Rejoin the tail as Python does: keep the original text after the last split.
        std::vector<std::string> limited;
        std::string_view rest = py_strip(s, nullptr, true, name == "split");
        if (name == "split") {
          for (std::int64_t k = 0; k < maxsplit; ++k) {
            std::size_t i = 0, start = 0;
            while (i < rest.size()) {
              std::size_t b = i;
              if (is_py_space(utf8_next(rest, i))) {
                limited.emplace_back(rest.substr(start, b - start));
                rest = py_strip(rest.substr(b), nullptr, true, false);
                break;
              }
            }
            (void)start;
          }
          if (!rest.empty()) limited.emplace_back(rest);
          return out = Value(strings_to_values(std::move(limited))), true;
        }
      }
      return out = Value(strings_to_values(std::move(words))), true;
    }
    if (name == "rsplit" && maxsplit >= 0) {
      std::vector<std::string> parts;
      std::string_view rest = s;
      while (static_cast<std::int64_t>(parts.size()) < maxsplit) {
        std::size_t p = rest.rfind(*sep);
        if (p == std::string_view::npos) break;
        parts.emplace(parts.begin(), rest.substr(p + sep->size()));
        rest = rest.substr(0, p);
      }
      parts.emplace(parts.begin(), rest);
      return out = Value(strings_to_values(std::move(parts))), true;
    }
    return out = Value(strings_to_values(split_sep(s, *sep, maxsplit))), true;
  }
  if (name == "splitlines") {
    std::vector<std::string> lines;
    std::string cur;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n' || s[i] == '\r') {
        lines.push_back(cur);
        cur.clear();
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      } else {
        cur += s[i];
      }
    }
    if (!cur.empty()) lines.push_back(cur);
    return out = Value(strings_to_values(std::move(lines))), true;
  }
  if (name == "startswith" || name == "endswith") {
    const Value* p = arg_at(args, 0, "prefix");
    if (!p) fail(std::string(name) + "() takes at least 1 argument (0 given)");
    auto test = [&](const Value& v) {
      if (!v.is_string()) fail(std::string(name) + " first arg must be str or a tuple of str, not " + py_type_name(v));
      const std::string& x = v.as_string();
      return name == "startswith" ? s.starts_with(x) : s.ends_with(x);
    };
    bool r = false;
    if (p->is_list()) {
      for (const auto& v : p->as_list()) r = r || test(v);
    } else {
      r = test(*p);
    }
    return out = Value(r), true;
  }
  if (name == "replace") {
    std::string from = str_arg(args, 0, "old", name), to = str_arg(args, 1, "new", name);
    const Value* c = arg_at(args, 2, "count");
    return out = same_kind(replace_all(s, from, to, c ? to_int(*c) : -1)), true;
  }
  if (name == "format") return out = same_kind(str_format(s, args)), true;
  if (name == "join") {
    const Value* it = arg_at(args, 0, "iterable");
    if (!it) fail("join() takes exactly one argument (0 given)");
    std::string r;
    bool first = true;
    for (const auto& v : to_list(*it, true)) {
      if (!v.is_string()) fail("sequence item: expected str instance, " + py_type_name(v) + " found");
      if (!first) append_checked(r, s);
      first = false;
      append_checked(r, v.as_string());
    }
    return out = same_kind(std::move(r)), true;
  }
  if (name == "count") {
    std::string sub = str_arg(args, 0, "sub", name);
    if (sub.empty()) return out = Value(static_cast<std::int64_t>(utf8_length(s) + 1)), true;
    std::int64_t n = 0;
    for (std::size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size())) ++n;
    return out = Value(n), true;
  }
  if (name == "find" || name == "rfind" || name == "index" || name == "rindex") {
    std::string sub = str_arg(args, 0, "sub", name);
    std::size_t p = (name == "find" || name == "index") ? s.find(sub) : s.rfind(sub);
    if (p == std::string::npos) {
      if (name == "index" || name == "rindex") fail("substring not found");
      return out = Value(-1), true;
    }
    return out = Value(static_cast<std::int64_t>(utf8_length(std::string_view(s).substr(0, p)))), true;
  }
  if (name == "isdigit" || name == "isnumeric" || name == "isdecimal") {
    return out = Value(all_chars(s, [](std::uint32_t c) { return c >= '0' && c <= '9'; })), true;
  }
  if (name == "isalpha") {
    return out = Value(all_chars(s, [](std::uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0; })), true;
  }
  if (name == "isalnum") {
    return out = Value(all_chars(s, [](std::uint32_t c) {
             return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0xC0;
           })),
           true;
  }
  if (name == "isspace") return out = Value(all_chars(s, is_py_space)), true;
  if (name == "islower" || name == "isupper") {
    bool any_cased = false, ok = true;
    for (auto c : utf8_chars(s)) {
      std::string lo = to_lower(c), up = to_upper(c);
      if (lo == up) continue;
      any_cased = true;
      if (name == "islower" ? c != lo : c != up) ok = false;
    }
    return out = Value(any_cased && ok), true;
  }
  if (name == "zfill") {
    const Value* wv = arg_at(args, 0, "width");
    if (!wv) fail("zfill() takes exactly one argument (0 given)");
    std::int64_t w = to_int(*wv);
    std::size_t len = utf8_length(s);
    std::string r = s;
    if (static_cast<std::int64_t>(len) < w) {
      std::size_t add = static_cast<std::size_t>(w - static_cast<std::int64_t>(len));
      check_string_size(add_sizes(r.size(), add));
      std::size_t at = (!r.empty() && (r[0] == '-' || r[0] == '+')) ? 1 : 0;
      r.insert(at, add, '0');
    }
    return out = same_kind(std::move(r)), true;
  }
  if (name == "center" || name == "ljust" || name == "rjust") {
    const Value* wv = arg_at(args, 0, "width");
    if (!wv) fail(std::string(name) + "() takes at least 1 argument (0 given)");
    std::int64_t w = to_int(*wv);
    const std::string* fillp = opt_str(1, "fillchar");
    std::string fill = fillp ? *fillp : " ";
    if (utf8_length(fill) != 1) fail("The fill character must be exactly one character long");
    std::size_t len = utf8_length(s);
    if (static_cast<std::int64_t>(len) >= w) return out = obj, true;
    std::size_t marg = static_cast<std::size_t>(w) - len;
    check_string_size(add_sizes(s.size(), mul_sizes(marg, fill.size())));
    std::size_t left = name == "ljust" ? 0 : name == "rjust" ? marg : marg / 2 + (marg & static_cast<std::size_t>(w) & 1);
    std::string r;
    for (std::size_t k = 0; k < left; ++k) r += fill;
    r += s;
    for (std::size_t k = 0; k < marg - left; ++k) r += fill;
    return out = same_kind(std::move(r)), true;
  }
  if (name == "partition" || name == "rpartition") {
    std::string sep = str_arg(args, 0, "sep", name);
    std::size_t p = name == "partition" ? s.find(sep) : s.rfind(sep);
    if (p == std::string::npos) {
      out = name == "partition" ? Value::tuple({Value(s), Value(""), Value("")}) : Value::tuple({Value(""), Value(""), Value(s)});
    } else {
      out = Value::tuple({Value(s.substr(0, p)), Value(sep), Value(s.substr(p + sep.size()))});
    }
    return true;
  }
  if (name == "removeprefix" || name == "removesuffix") {
    std::string a = str_arg(args, 0, name == "removeprefix" ? "prefix" : "suffix", name);
    std::string r = s;
    if (name == "removeprefix" && s.starts_with(a)) r = s.substr(a.size());
    if (name == "removesuffix" && !a.empty() && s.ends_with(a)) {
      r = s.substr(0, s.size() - a.size());
    }
    return out = same_kind(std::move(r)), true;
  }
  return false;
}

}  // namespace

bool call_method(const Value& obj, std::string_view name, const CallArgs& args, Value& out) {
  if (obj.is_string()) return str_method(obj, name, args, out);
  if (obj.is_map()) {
    const ValueMap& m = obj.as_map();
    if (name == "items") {
      ValueList items;
      items.reserve(m.size());
      for (const auto& [k, v] : m) items.push_back(Value::tuple({Value(k), v}));
      return out = Value(std::move(items)), true;
    }
    if (name == "keys") {
      ValueList items;
      for (const auto& [k, v] : m) items.emplace_back(k);
      return out = Value(std::move(items)), true;
    }
    if (name == "values") {
      ValueList items;
      for (const auto& [k, v] : m) items.push_back(v);
      return out = Value(std::move(items)), true;
    }
    if (name == "get") {
      const Value* key = arg_at(args, 0, "key");
      if (!key) fail("get expected at least 1 argument, got 0");
      Value v = get_item(obj, *key);
      if (v.is_undefined()) {
        const Value* d = arg_at(args, 1, "default");
        out = d ? *d : Value();
      } else {
        out = v;
      }
      return true;
    }
    if (name == "copy") return out = obj, true;
    return false;
  }
  if (obj.is_list()) {
    const ValueList& l = obj.as_list();
    if (name == "index") {
      const Value* x = arg_at(args, 0, "value");
      for (std::size_t i = 0; x && i < l.size(); ++i) {
        if (l[i] == *x) return out = Value(static_cast<std::int64_t>(i)), true;
      }
      fail(to_repr(x ? *x : Value()) + " is not in list");
    }
    if (name == "count") {
      const Value* x = arg_at(args, 0, "value");
      std::int64_t n = 0;
      for (const auto& v : l) n += (x && v == *x) ? 1 : 0;
      return out = Value(n), true;
    }
    if (name == "copy") return out = obj, true;
    return false;
  }
  return false;
}

}  // namespace reel::tpl
