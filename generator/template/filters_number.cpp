// filters_number: the built-in filters that read or format numbers: int, float, round,
// abs and filesizeformat (Jinja2 Template Designer Documentation, "List of Builtin
// Filters"; Python's int(), float() and round()).
#include "template/filters.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/diagnostics.h"
#include "template/filters_internal.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl::builtin {

namespace {

// Python's float(s): whitespace, '_' separators, inf and nan accepted; `ok` tells whether s parsed.
double parse_float(const std::string& s, bool& ok) {
  std::string t(py_strip(s, nullptr, true, true));
  t.erase(std::remove(t.begin(), t.end(), '_'), t.end());
  ok = false;
  if (t.empty()) return 0;
  std::string low = to_lower(t);
  std::string body = (low[0] == '+' || low[0] == '-') ? low.substr(1) : low;
  if (body == "inf" || body == "infinity" || body == "nan") {
    ok = true;
    double v = body == "nan" ? NAN : INFINITY;
    return low[0] == '-' ? -v : v;
  }
  if (body.find_first_not_of("0123456789.e+-") != std::string::npos) return 0;
  char* end = nullptr;
  double d = std::strtod(t.c_str(), &end);
  ok = end == t.c_str() + t.size();
  return d;
}

// Python's int(s, base): sign, 0x/0o/0b prefixes and single '_' separators; false when s does not
// parse.
bool parse_int(const std::string& s, int base, std::int64_t& out) {
  std::string t(py_strip(s, nullptr, true, true));
  if (t.empty()) return false;
  bool neg = false;
  std::size_t i = 0;
  if (t[0] == '+' || t[0] == '-') {
    neg = t[0] == '-';
    i = 1;
  }
  std::string body = t.substr(i);
  std::string low = to_lower(body);
  auto strip_prefix = [&](const char* p, int b) {
    if ((base == b || base == 0) && low.starts_with(p)) {
      body = body.substr(2);
      if (!body.empty() && body[0] == '_') body = body.substr(1);
      base = b;
      return true;
    }
    return false;
  };
  if (!strip_prefix("0x", 16) && !strip_prefix("0o", 8) && !strip_prefix("0b", 2) && base == 0) base = 10;
  if (body.empty() || body[0] == '_' || body.back() == '_' || body.find("__") != std::string::npos) return false;
  body.erase(std::remove(body.begin(), body.end(), '_'), body.end());
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(body.c_str(), &end, base);
  if (end != body.c_str() + body.size() || errno) return false;
  out = neg ? -v : v;
  return true;
}

// Python's round(x, n) for floats: correctly rounded, halves to even on the exact value.
double py_round(double x, std::int64_t n) {
  if (std::isnan(x) || std::isinf(x)) return x;
  if (n >= 0) {
    if (n > 300) return x;
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(n), x);
    return std::strtod(buf, nullptr);
  }
  if (n < -308) return 0.0 * x;  // Python: every float rounds to (signed) zero there
  double p = std::pow(10.0, static_cast<double>(-n));
  return std::nearbyint(x / p) * p;
}

// ---- the filters ----------------------------------------------------------------

// int(v, default=0, base=10): v as an integer, parsing strings the Python way, else `default`
// (Jinja's do_int).
Value filter_int(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("int", args, {"default", "base"});
  Value dflt = a.get_or(0, Value(0));
  if (v.is_undefined()) throw_undefined(v);
  if (v.is_int()) return v;
  if (v.is_bool()) return Value(v.as_bool() ? 1 : 0);
  if (v.is_double()) {
    double d = v.as_double();
    if (std::isnan(d) || std::isinf(d)) return dflt;
    return Value(double_to_int(d));
  }
  if (v.is_string()) {
    int base = static_cast<int>(a.get(1) ? to_int(*a.get(1)) : 10);
    std::int64_t r;
    if (parse_int(v.as_string(), base, r)) return Value(r);
    bool ok;
    double d = parse_float(v.as_string(), ok);
    if (ok && !std::isnan(d) && !std::isinf(d)) return Value(double_to_int(d));
  }
  return dflt;
}

// float(v, default=0.0): v as a float, parsing strings the Python way, else `default` (Jinja's
// do_float).
Value filter_float(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("float", args, {"default"});
  Value dflt = a.get_or(0, Value(0.0));
  if (v.is_undefined()) throw_undefined(v);
  if (v.is_number() || v.is_bool()) return Value(v.is_bool() ? (v.as_bool() ? 1.0 : 0.0) : v.as_double());
  if (v.is_string()) {
    bool ok;
    double d = parse_float(v.as_string(), ok);
    if (ok) return Value(d);
  }
  return dflt;
}

// round(v, precision=0, method='common'): v rounded half to even, up or down (Jinja's do_round).
Value filter_round(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("round", args, {"precision", "method"});
  std::int64_t precision = a.get(0) ? to_int(*a.get(0)) : 0;
  std::string method = a.get(1) ? to_str(*a.get(1)) : "common";
  if (method != "common" && method != "ceil" && method != "floor") {
    fail("method must be common, ceil or floor");
  }
  double x = to_double(v);
  if (method == "common") {
    if (v.is_int() || v.is_bool()) {
      if (precision >= 0) return Value(v.is_bool() ? std::int64_t(v.as_bool()) : v.as_int());
      return Value(double_to_int(py_round(x, precision)));
    }
    return Value(py_round(x, precision));
  }
  double p = std::pow(10.0, static_cast<double>(precision));
  return Value((method == "ceil" ? std::ceil(x * p) : std::floor(x * p)) / p);
}

// abs(v): the absolute value, an int for ints and booleans (Python's abs).
Value filter_abs(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("abs", args, {});
  if (v.is_int()) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) fail_overflow("abs(" + std::to_string(v.as_int()) + ")");
    return Value(v.as_int() < 0 ? -v.as_int() : v.as_int());
  }
  if (v.is_bool()) return Value(v.as_bool() ? 1 : 0);
  return Value(std::fabs(to_double(v)));
}

// filesizeformat(v, binary=False): a byte count as '1.2 kB' or '1.2 KiB' (Jinja's
// do_filesizeformat).
Value filter_filesizeformat(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("filesizeformat", args, {"binary"});
  bool binary = a.flag(0, false);
  double bytes = v.is_string() ? std::strtod(v.as_string().c_str(), nullptr) : to_double(v);
  double base = binary ? 1024 : 1000;
  static const char* const kDecimal[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  static const char* const kBinary[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  if (bytes == 1) return Value("1 Byte");
  if (bytes < base) return Value(std::to_string(double_to_int(bytes)) + " Bytes");
  double unit = base;
  const char* prefix = "";
  for (int i = 0; i < 8; ++i) {
    unit = std::pow(base, i + 2);
    prefix = binary ? kBinary[i] : kDecimal[i];
    if (bytes < unit) break;
  }
  char buf[400];  // the largest double has 309 digits
  std::snprintf(buf, sizeof buf, "%.1f %s", base * bytes / unit, prefix);
  return Value(std::string(buf));
}

// The registration table: one row per name, an alias pointing at the same function.
const FilterEntry kNumberFilters[] = {
    {"int", filter_int},
    {"float", filter_float},
    {"round", filter_round},
    {"abs", filter_abs},
    {"filesizeformat", filter_filesizeformat},
};

}  // namespace

std::span<const FilterEntry> number_filters() { return kNumberFilters; }

}  // namespace reel::tpl::builtin
