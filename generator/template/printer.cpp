#include "template/printer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "template/ops.h"

namespace reel::tpl {

std::string format_double(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  // Shortest round-trip digits in scientific form: "-d.ddde±XX".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
  bool negative = !sci.empty() && sci[0] == '-';
  if (negative) sci.remove_prefix(1);
  std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = negative ? "-" : "";
  if (exp >= -4 && exp < 16) {
    // Fixed notation, as Python's repr uses for this range.
    if (exp < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp - 1), '0');
      out += digits;
    } else {
      std::size_t int_len = static_cast<std::size_t>(exp) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_len);
        out += '.';
        out += digits.substr(int_len);
      }
    }
  } else {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += exp < 0 ? '-' : '+';
    int a = exp < 0 ? -exp : exp;
    if (a < 10) out += '0';
    out += std::to_string(a);
  }
  return out;
}

void append_string_repr(std::string& out, std::string_view s) {
  char quote = '\'';
  if (s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos) quote = '"';
  out += quote;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out += hex;
    } else {
      out += c;
    }
  }
  out += quote;
}

namespace {

void append_container(std::string& out, const Value& v) {
  NestingGuard guard;
  // A value printed can be far bigger than it is (a list holding one list many times):
  // the text is checked against max_string_bytes as it grows.
  const std::size_t limit = active_options().max_string_bytes;
  if (v.is_list()) {
    bool tuple = v.is_tuple();
    out += tuple ? '(' : '[';
    const ValueList& items = v.as_list();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      append_repr(out, items[i]);
      if (out.size() > limit) check_string_size(out.size());
    }
    if (tuple && items.size() == 1) out += ',';
    out += tuple ? ')' : ']';
  } else {
    out += '{';
    bool first = true;
    for (const auto& [k, val] : v.as_map()) {
      if (!first) out += ", ";
      first = false;
      append_string_repr(out, k);
      out += ": ";
      append_repr(out, val);
      if (out.size() > limit) check_string_size(out.size());
    }
    out += '}';
  }
}

}  // namespace

void append_str(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kUndefined: return;
    case Value::Kind::kNone: out += "None"; return;
    case Value::Kind::kBool: out += v.as_bool() ? "True" : "False"; return;
    case Value::Kind::kInt: {
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out.append(buf, res.ptr);
      return;
    }
    case Value::Kind::kDouble: out += format_double(v.as_double()); return;
    case Value::Kind::kString:
    case Value::Kind::kMarkup: out += v.as_string(); return;
    case Value::Kind::kList:
    case Value::Kind::kMap: append_container(out, v); return;
    case Value::Kind::kObject: {
      NestingGuard guard;  // a namespace may hold itself
      out += v.as_object()->repr();
      return;
    }
  }
}

std::string to_str(const Value& v) {
  if (v.is_string()) return v.as_string();
  std::string out;
  append_str(out, v);
  return out;
}

void append_repr(std::string& out, const Value& v) {
  if (v.kind() == Value::Kind::kString) {
    append_string_repr(out, v.as_string());
  } else if (v.is_markup()) {
    out += "Markup(";
    append_string_repr(out, v.as_string());
    out += ')';
  } else if (v.is_undefined()) {
    out += "Undefined";
  } else {
    append_str(out, v);
  }
}

std::string to_repr(const Value& v) {
  std::string out;
  append_repr(out, v);
  return out;
}

}  // namespace reel::tpl
