#include "template/filters.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <regex>

#include "base/diagnostics.h"
#include "template/objects.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl {

FilterArgs::FilterArgs(std::string_view filter, const CallArgs& args, std::initializer_list<std::string_view> names)
    : values_(names.size(), nullptr) {
  if (args.positional.size() > names.size()) {
    fail("filter `" + std::string(filter) + "` takes at most " + std::to_string(names.size()) + " argument(s), got " +
         std::to_string(args.positional.size()));
  }
  for (std::size_t i = 0; i < args.positional.size(); ++i) values_[i] = &args.positional[i];
  for (const auto& [k, v] : args.keyword) {
    auto it = std::find(names.begin(), names.end(), k);
    if (it == names.end()) {
      std::vector<std::string> candidates(names.begin(), names.end());
      fail("filter `" + std::string(filter) + "` has no argument `" + k + "`", suggestion_hint(k, candidates));
    }
    values_[static_cast<std::size_t>(it - names.begin())] = &v;
  }
}

std::string filter_text(const Value& v, const Context& ctx) {
  if (v.is_undefined()) {
    if (undefined_is_error(v, ctx.strict_undefined())) throw_undefined(v);
    return {};
  }
  return to_str(v);
}

namespace {

Value same_kind(const Value& like, std::string s) {
  return like.is_markup() ? Value::markup(std::move(s)) : Value(std::move(s));
}

ValueList items_of(const Value& v, const Context& ctx) { return to_list(v, ctx.strict_undefined()); }

// Jinja's make_attrgetter: "a.b.0" walks items/attributes; integer parts index.
Value attr_path(const Value& item, const std::string& path) {
  Value cur = item;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!part.empty() && part.find_first_not_of("0123456789") == std::string::npos) {
      cur = get_item(cur, Value(static_cast<std::int64_t>(std::stoll(part))));
    } else {
      cur = get_item(cur, Value(part));
    }
    if (cur.is_undefined()) return Value::undefined(path);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return cur;
}

Value attr_of(const Value& item, const Value& attribute) {
  if (attribute.is_int()) return get_item(item, attribute);
  return attr_path(item, to_str(attribute));
}

Value ignore_case(const Value& v, bool case_sensitive) {
  if (!case_sensitive && v.is_string()) return Value(to_lower(v.as_string()));
  return v;
}

// Sort keys: one per attribute (comma-separated) or the item itself.
ValueList sort_keys(const Value& item, const Value* attribute, bool case_sensitive) {
  ValueList keys;
  if (!attribute || attribute->is_none()) {
    keys.push_back(ignore_case(item, case_sensitive));
  } else if (attribute->is_string()) {
    const std::string& spec = attribute->as_string();
    std::size_t start = 0;
    while (true) {
      std::size_t comma = spec.find(',', start);
      std::string one(py_strip(spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start),
                               nullptr, true, true));
      Value v = attr_path(item, one);
      if (v.is_undefined()) throw_undefined(Value::undefined(one));
      keys.push_back(ignore_case(v, case_sensitive));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    keys.push_back(ignore_case(attr_of(item, *attribute), case_sensitive));
  }
  return keys;
}

int compare_keys(const ValueList& a, const ValueList& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = compare(a[i], b[i]);
    if (c) return c;
  }
  return 0;
}

ValueList sorted_items(ValueList items, bool reverse, bool case_sensitive, const Value* attribute) {
  std::vector<std::pair<ValueList, Value>> keyed;
  keyed.reserve(items.size());
  for (auto& item : items) keyed.emplace_back(sort_keys(item, attribute, case_sensitive), std::move(item));
  std::stable_sort(keyed.begin(), keyed.end(), [reverse](const auto& x, const auto& y) {
    return reverse ? compare_keys(y.first, x.first) < 0 : compare_keys(x.first, y.first) < 0;
  });
  ValueList out;
  out.reserve(keyed.size());
  for (auto& [k, v] : keyed) out.push_back(std::move(v));
  return out;
}

Value call_filter(const Context& ctx, const std::string& name, const Value& input, const CallArgs& args) {
  const Filter* f = ctx.environment().find_filter(name);
  if (!f) fail("unknown filter `" + name + "`", suggestion_hint(name, ctx.environment().filter_names()));
  return (*f)(input, args, ctx);
}

bool call_test(const Context& ctx, const std::string& name, const Value& input, const CallArgs& args) {
  const Test* t = ctx.environment().find_test(name);
  if (!t) fail("unknown test `" + name + "`", suggestion_hint(name, ctx.environment().test_names()));
  return (*t)(input, args);
}

// select/reject/selectattr/rejectattr.
Value select_impl(const Value& input, const CallArgs& args, const Context& ctx, bool keep, bool by_attr,
                  std::string_view filter) {
  std::size_t off = 0;
  Value attribute;
  if (by_attr) {
    if (args.positional.empty()) fail("filter `" + std::string(filter) + "` needs an attribute name");
    attribute = args.positional[0];
    off = 1;
  }
  std::string test;
  CallArgs test_args;
  bool has_test = args.positional.size() > off;
  if (has_test) {
    test = to_str(args.positional[off]);
    test_args.positional.assign(args.positional.begin() + static_cast<std::ptrdiff_t>(off + 1), args.positional.end());
    test_args.keyword = args.keyword;
  }
  ValueList out;
  if (input.is_undefined() && !undefined_is_error(input, ctx.strict_undefined())) return Value(std::move(out));
  for (const auto& item : items_of(input, ctx)) {
    Value v = by_attr ? attr_of(item, attribute) : item;
    bool r = has_test ? call_test(ctx, test, v, test_args) : truth(v, ctx.strict_undefined());
    if (r == keep) out.push_back(item);
  }
  return Value(std::move(out));
}

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
    if ((base == b || base == 0) && low.rfind(p, 0) == 0) {
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
  double p = std::pow(10.0, static_cast<double>(-n));
  return std::nearbyint(x / p) * p;
}

// html.unescape for the entities text commonly holds.
std::string html_unescape(std::string_view s) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"},
      {"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"}, {"trade", "\xE2\x84\xA2"}, {"mdash", "\xE2\x80\x94"},
      {"ndash", "\xE2\x80\x93"}, {"hellip", "\xE2\x80\xA6"}, {"laquo", "\xC2\xAB"}, {"raquo", "\xC2\xBB"},
      {"lsquo", "\xE2\x80\x98"}, {"rsquo", "\xE2\x80\x99"}, {"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"},
      {"middot", "\xC2\xB7"}, {"bull", "\xE2\x80\xA2"}, {"eacute", "\xC3\xA9"}, {"egrave", "\xC3\xA8"},
      {"agrave", "\xC3\xA0"}, {"ccedil", "\xC3\xA7"}, {"euro", "\xE2\x82\xAC"}, {"deg", "\xC2\xB0"},
      {"times", "\xC3\x97"}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 32) {
      out += s[i];
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string digits(name.substr(hex ? 2 : 1));
      char* end = nullptr;
      unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (!digits.empty() && end == digits.c_str() + digits.size()) {
        append_utf8(out, static_cast<std::uint32_t>(cp));
        i = semi;
        continue;
      }
    } else {
      bool found = false;
      for (const auto& [n, rep] : kEntities) {
        if (n == name) {
          out += rep;
          found = true;
          break;
        }
      }
      if (found) {
        i = semi;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string striptags(std::string value) {
  while (true) {
    std::size_t start = value.find("<!--");
    if (start == std::string::npos) break;
    std::size_t end = value.find("-->", start);
    if (end == std::string::npos) break;
    value = value.substr(0, start) + value.substr(end + 3);
  }
  while (true) {
    std::size_t start = value.find('<');
    if (start == std::string::npos) break;
    std::size_t end = value.find('>', start);
    if (end == std::string::npos) break;
    value = value.substr(0, start) + value.substr(end + 1);
  }
  std::string joined;
  for (const auto& w : split_whitespace(value)) {
    if (!joined.empty()) joined += ' ';
    joined += w;
  }
  return html_unescape(joined);
}

// ---- tojson -------------------------------------------------------------------

void json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = utf8_next(s, i);
    char buf[16];
    switch (cp) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '<': out += "\\u003c"; continue;
      case '>': out += "\\u003e"; continue;
      case '&': out += "\\u0026"; continue;
      case '\'': out += "\\u0027"; continue;
      default: break;
    }
    if (cp < 0x20 || cp >= 0x7f) {
      if (cp >= 0x10000) {
        std::uint32_t v = cp - 0x10000;
        std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
      } else {
        std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      }
      out += buf;
    } else {
      out += static_cast<char>(cp);
    }
  }
  out += '"';
}

void json_dump(std::string& out, const Value& v, int indent, int level) {
  auto newline = [&](int lvl) {
    out += '\n';
    out.append(static_cast<std::size_t>(indent * lvl), ' ');
  };
  switch (v.kind()) {
    case Value::Kind::kNone: out += "null"; return;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::kInt: out += std::to_string(v.as_int()); return;
    case Value::Kind::kDouble: {
      double d = v.as_double();
      if (std::isnan(d)) {
        out += "NaN";
      } else if (std::isinf(d)) {
        out += d > 0 ? "Infinity" : "-Infinity";
      } else {
        out += format_double(d);
      }
      return;
    }
    case Value::Kind::kString:
    case Value::Kind::kMarkup: json_string(out, v.as_string()); return;
    case Value::Kind::kList: {
      const ValueList& items = v.as_list();
      if (items.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += indent >= 0 ? "," : ", ";
        if (indent >= 0) newline(level + 1);
        json_dump(out, items[i], indent, level + 1);
      }
      if (indent >= 0) newline(level);
      out += ']';
      return;
    }
    case Value::Kind::kMap: {
      std::vector<const ValueMap::Entry*> entries;
      for (const auto& e : v.as_map()) entries.push_back(&e);
      std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
      if (entries.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i) out += indent >= 0 ? "," : ", ";
        if (indent >= 0) newline(level + 1);
        json_string(out, entries[i]->first);
        out += ": ";
        json_dump(out, entries[i]->second, indent, level + 1);
      }
      if (indent >= 0) newline(level);
      out += '}';
      return;
    }
    case Value::Kind::kUndefined: throw_undefined(v);
    case Value::Kind::kObject: fail("Object of type " + py_type_name(v) + " is not JSON serializable");
  }
}

// ---- urlencode ------------------------------------------------------------------

std::string url_quote(const Value& v, bool for_qs) {
  std::string s = to_str(v);
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
        c == '-' || c == '~' || (c == '/' && !for_qs)) {
      out += static_cast<char>(c);
    } else if (c == ' ' && for_qs) {
      out += '+';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// ---- wordwrap ---------------------------------------------------------------------

std::vector<std::string> wrap_line(const std::string& line, std::size_t width, bool break_long) {
  // textwrap splits into words and whitespace chunks; lines are filled greedily and
  // whitespace at line boundaries dropped.
  std::vector<std::string> chunks;
  std::string cur;
  bool cur_space = false;
  for (auto c : utf8_chars(line)) {
    std::size_t i = 0;
    bool sp = is_py_space(utf8_next(c, i));
    if (!cur.empty() && sp != cur_space) {
      chunks.push_back(cur);
      cur.clear();
    }
    cur_space = sp;
    cur += c;
  }
  if (!cur.empty()) chunks.push_back(cur);
  std::reverse(chunks.begin(), chunks.end());
  std::vector<std::string> lines;
  auto is_space_chunk = [](const std::string& s) { return py_strip(s, nullptr, true, true).empty(); };
  while (!chunks.empty()) {
    std::vector<std::string> cur_line;
    std::size_t cur_len = 0;
    if (is_space_chunk(chunks.back()) && !lines.empty()) chunks.pop_back();
    while (!chunks.empty()) {
      std::size_t l = utf8_length(chunks.back());
      if (cur_len + l <= width) {
        cur_line.push_back(chunks.back());
        cur_len += l;
        chunks.pop_back();
      } else {
        break;
      }
    }
    if (!chunks.empty() && utf8_length(chunks.back()) > width) {
      std::size_t space_left = width > cur_len ? width - cur_len : 1;
      if (break_long) {
        auto chars = utf8_chars(chunks.back());
        std::string head, tail;
        for (std::size_t k = 0; k < chars.size(); ++k) (k < space_left ? head : tail) += chars[k];
        cur_line.push_back(head);
        chunks.back() = tail;
      } else if (cur_line.empty()) {
        cur_line.push_back(chunks.back());
        chunks.pop_back();
      }
    }
    if (!cur_line.empty() && is_space_chunk(cur_line.back())) cur_line.pop_back();
    if (!cur_line.empty()) {
      std::string joined;
      for (const auto& c : cur_line) joined += c;
      lines.push_back(joined);
    }
  }
  return lines;
}

std::vector<std::string> py_splitlines(std::string_view s) {
  std::vector<std::string> lines;
  std::string cur;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      lines.push_back(cur);
      cur.clear();
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

// ---- urlize -------------------------------------------------------------------

// Jinja's _email_re: ^\S+@\w[\w.-]*\.\w+$
bool looks_like_email(const std::string& s) {
  static const std::regex re(R"(^\S+@[\w\x80-\xff][\w\x80-\xff.-]*\.[\w\x80-\xff]+$)");
  return std::regex_match(s, re);
}

// Jinja's _http_re (jinja2/utils.py), with \w widened to UTF-8 bytes.
bool looks_like_http(const std::string& s) {
  static const std::regex re(
      R"(^((https?://|www\.)(([\w\x80-\xff%-]+\.)+)?([a-z]{2,63}|xn--[\w\x80-\xff%]{2,59})|)"
      R"(([\w\x80-\xff%-]{2,63}\.)+(com|net|int|edu|gov|org|info|mil)|)"
      R"((https?://)((([\d]{1,3})(\.[\d]{1,3}){3})|(\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}\])))(?::[\d]{1,5})?(?:[/?#]\S*)?$)",
      std::regex::icase);
  return std::regex_match(s, re);
}

std::string urlize(const std::string& text, const Value* trim_limit, const std::string& rel, const std::string& target) {
  std::string escaped = escape_html(text);
  std::string rel_attr = rel.empty() ? "" : " rel=\"" + escape_html(rel) + "\"";
  std::string target_attr = target.empty() ? "" : " target=\"" + escape_html(target) + "\"";
  auto trim_url = [&](const std::string& x) {
    if (trim_limit && trim_limit->is_int() && utf8_length(x) > static_cast<std::size_t>(trim_limit->as_int())) {
      auto chars = utf8_chars(x);
      std::string r;
      for (std::int64_t k = 0; k < trim_limit->as_int(); ++k) r += chars[static_cast<std::size_t>(k)];
      return r + "...";
    }
    return x;
  };
  std::string out;
  std::size_t i = 0;
  while (i < escaped.size()) {
    std::size_t j = i;
    bool space = std::isspace(static_cast<unsigned char>(escaped[i])) != 0;
    while (j < escaped.size() && (std::isspace(static_cast<unsigned char>(escaped[j])) != 0) == space) ++j;
    std::string word = escaped.substr(i, j - i);
    i = j;
    if (space) {
      out += word;
      continue;
    }
    std::string head, middle = word, tail;
    while (true) {
      if (!middle.empty() && (middle[0] == '(' || middle[0] == '<')) {
        head += middle[0];
        middle.erase(0, 1);
      } else if (middle.rfind("&lt;", 0) == 0) {
        head += "&lt;";
        middle.erase(0, 4);
      } else {
        break;
      }
    }
    while (true) {
      if (!middle.empty() && std::string_view(")>.,\n").find(middle.back()) != std::string_view::npos) {
        tail.insert(tail.begin(), middle.back());
        middle.pop_back();
      } else if (middle.size() >= 4 && middle.compare(middle.size() - 4, 4, "&gt;") == 0) {
        tail.insert(0, "&gt;");
        middle.erase(middle.size() - 4);
      } else {
        break;
      }
    }
    std::size_t opens = std::count(middle.begin(), middle.end(), '(');
    std::size_t closes = std::count(middle.begin(), middle.end(), ')');
    while (opens > closes) {
      std::size_t p = tail.find(')');
      if (p == std::string::npos) break;
      middle += tail.substr(0, p + 1);
      tail.erase(0, p + 1);
      ++closes;
    }
    bool http = middle.rfind("https://", 0) == 0 || middle.rfind("http://", 0) == 0;
    if (looks_like_http(middle)) {
      std::string href = http ? middle : "https://" + middle;
      middle = "<a href=\"" + href + "\"" + rel_attr + target_attr + ">" + trim_url(middle) + "</a>";
    } else if (middle.rfind("mailto:", 0) == 0 && looks_like_email(middle.substr(7))) {
      middle = "<a href=\"" + middle + "\">" + middle.substr(7) + "</a>";
    } else if (middle.find('@') != std::string::npos && middle.rfind("www.", 0) != 0 && middle[0] != '@' &&
               middle.find(':') == std::string::npos && looks_like_email(middle)) {
      middle = "<a href=\"mailto:" + middle + "\">" + middle + "</a>";
    }
    out += head + middle + tail;
  }
  return out;
}

// ---- the filters ------------------------------------------------------------------

void add(Environment& env, std::string name, Filter f) { env.add_filter(std::move(name), std::move(f)); }

std::string capitalize(std::string_view s) {
  auto chars = utf8_chars(s);
  if (chars.empty()) return {};
  return to_upper(chars[0]) + to_lower(s.substr(chars[0].size()));
}

}  // namespace

namespace {

// repr() as pprint sees it: dicts with their keys sorted (PrettyPrinter's sort_dicts).
void sorted_repr(std::string& out, const Value& v) {
  if (v.is_list()) {
    const ValueList& items = v.as_list();
    out += v.is_tuple() ? '(' : '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      sorted_repr(out, items[i]);
    }
    out += v.is_tuple() ? (items.size() == 1 ? ",)" : ")") : "]";
  } else if (v.is_map()) {
    std::vector<const ValueMap::Entry*> entries;
    for (const auto& e : v.as_map()) entries.push_back(&e);
    std::sort(entries.begin(), entries.end(), [](auto* x, auto* y) { return x->first < y->first; });
    out += '{';
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i) out += ", ";
      append_string_repr(out, entries[i]->first);
      out += ": ";
      sorted_repr(out, entries[i]->second);
    }
    out += '}';
  } else {
    append_repr(out, v);
  }
}

// Python's pprint.pformat(v) (width 80, indent 1, sort_dicts): a value whose repr does
// not fit in what is left of the line is split one item per line. Long strings are not
// split into chunks as pprint does (a documented deviation).
void pformat(std::string& out, const Value& v, std::size_t indent, std::size_t allowance) {
  std::string rep;
  sorted_repr(rep, v);
  const std::size_t width = 80;
  std::size_t max_width = width > indent + allowance ? width - indent - allowance : 0;
  if (utf8_length(rep) <= max_width || !(v.is_list() || v.is_map()) ||
      (v.is_list() ? v.as_list().empty() : v.as_map().empty())) {
    out += rep;
    return;
  }
  if (v.is_map()) {
    std::vector<const ValueMap::Entry*> entries;
    for (const auto& e : v.as_map()) entries.push_back(&e);
    std::sort(entries.begin(), entries.end(), [](auto* x, auto* y) { return x->first < y->first; });
    out += '{';
    std::size_t in = indent + 1;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      bool last = i + 1 == entries.size();
      std::string key;
      append_string_repr(key, entries[i]->first);
      out += key;
      out += ": ";
      pformat(out, entries[i]->second, in + utf8_length(key) + 2, last ? allowance + 1 : 1);
      if (!last) out += ",\n" + std::string(in, ' ');
    }
    out += '}';
    return;
  }
  const ValueList& items = v.as_list();
  std::string end = v.is_tuple() ? (items.size() == 1 ? ",)" : ")") : "]";
  out += v.is_tuple() ? '(' : '[';
  std::size_t in = indent + 1;
  for (std::size_t i = 0; i < items.size(); ++i) {
    bool last = i + 1 == items.size();
    if (i) out += ",\n" + std::string(in, ' ');
    pformat(out, items[i], in, last ? allowance + end.size() : 1);
  }
  out += end;
}

}  // namespace

void register_builtin_filters(Environment& env) {
  Filter default_filter = [](const Value& v, const CallArgs& args, const Context&) {
    FilterArgs a("default", args, {"default_value", "boolean"});
    if (v.is_undefined() || (a.flag(1, false) && !v.truthy())) return a.get_or(0, Value(""));
    return v;
  };
  add(env, "default", default_filter);
  add(env, "d", default_filter);

  Filter escape_filter = [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("escape", args, {});
    if (v.is_markup()) return v;
    return Value::markup(escape_html(filter_text(v, ctx)));
  };
  add(env, "escape", escape_filter);
  add(env, "e", escape_filter);
  add(env, "forceescape", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("forceescape", args, {});
    return Value::markup(escape_html(filter_text(v, ctx)));
  });
  add(env, "safe", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("safe", args, {});
    if (v.is_markup()) return v;
    return Value::markup(filter_text(v, ctx));
  });

  add(env, "join", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("join", args, {"d", "attribute"});
    Value d = a.get_or(0, Value(""));
    ValueList items = items_of(v, ctx);
    if (const Value* attr = a.get(1); attr && !attr->is_none()) {
      for (auto& item : items) item = attr_of(item, *attr);
    }
    bool any_markup = d.is_markup();
    for (const auto& item : items) any_markup = any_markup || item.is_markup();
    std::string out;
    if (ctx.autoescape() && any_markup) {
      std::string sep = d.is_markup() ? d.as_string() : escape_html(to_str(d));
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i].is_markup() ? items[i].as_string() : escape_html(filter_text(items[i], ctx));
      }
      return Value::markup(std::move(out));
    }
    std::string sep = to_str(d);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += sep;
      out += filter_text(items[i], ctx);
    }
    return Value(std::move(out));
  });

  Filter length_filter = [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("length", args, {});
    if (v.is_undefined() && !undefined_is_error(v, ctx.strict_undefined())) return Value(0);
    return Value(static_cast<std::int64_t>(length(v)));
  };
  add(env, "length", length_filter);
  add(env, "count", length_filter);

  add(env, "lower", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("lower", args, {});
    return same_kind(v, to_lower(filter_text(v, ctx)));
  });
  add(env, "upper", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("upper", args, {});
    return same_kind(v, to_upper(filter_text(v, ctx)));
  });
  add(env, "title", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("title", args, {});
    // Jinja: split on runs of - whitespace ( { [ <, upper the first char of each
    // piece and lower the rest.
    std::string s = filter_text(v, ctx);
    std::string out;
    std::string piece;
    bool piece_sep = false;
    auto flush = [&] {
      if (!piece.empty()) out += capitalize(piece);
      piece.clear();
    };
    for (auto c : utf8_chars(s)) {
      std::size_t i = 0;
      std::uint32_t cp = utf8_next(c, i);
      bool sep = cp == '-' || cp == '(' || cp == '{' || cp == '[' || cp == '<' || is_py_space(cp);
      if (sep != piece_sep) flush();
      piece_sep = sep;
      piece += c;
    }
    flush();
    return same_kind(v, std::move(out));
  });
  add(env, "capitalize", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("capitalize", args, {});
    return same_kind(v, capitalize(filter_text(v, ctx)));
  });
  add(env, "trim", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("trim", args, {"chars"});
    std::string chars;
    const Value* c = a.get(0);
    if (c && !c->is_none()) chars = to_str(*c);
    std::string s = filter_text(v, ctx);
    return same_kind(v, std::string(py_strip(s, c && !c->is_none() ? &chars : nullptr, true, true)));
  });
  add(env, "replace", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("replace", args, {"old", "new", "count"});
    if (!a.get(0) || !a.get(1)) fail("filter `replace` needs `old` and `new` arguments");
    const Value& old_v = *a.get(0);
    const Value& new_v = *a.get(1);
    CallArgs margs;
    std::string s = filter_text(v, ctx);
    bool markup = false;
    if (ctx.autoescape() && (v.is_markup() || old_v.is_markup() || new_v.is_markup())) {
      markup = true;
      if (!v.is_markup()) s = escape_html(s);
      // markupsafe's Markup.replace escapes only the replacement, not `old`.
      margs.positional = {Value(to_str(old_v)),
                          Value(new_v.is_markup() ? new_v.as_string() : escape_html(to_str(new_v)))};
    } else {
      margs.positional = {Value(to_str(old_v)), Value(to_str(new_v))};
    }
    if (const Value* c = a.get(2); c && !c->is_none()) margs.positional.push_back(*c);
    Value out;
    call_method(Value(s), "replace", margs, out);
    return markup ? Value::markup(out.as_string()) : out;
  });

  add(env, "first", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("first", args, {});
    if (v.is_list()) return v.as_list().empty() ? Value::undefined("first item") : v.as_list().front();
    ValueList items = items_of(v, ctx);
    return items.empty() ? Value::undefined("first item") : items.front();
  });
  add(env, "last", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("last", args, {});
    if (v.is_list()) return v.as_list().empty() ? Value::undefined("last item") : v.as_list().back();
    ValueList items = items_of(v, ctx);
    return items.empty() ? Value::undefined("last item") : items.back();
  });
  add(env, "list", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("list", args, {});
    if (v.is_list() && !v.is_tuple()) return v;
    return Value(items_of(v, ctx));
  });
  add(env, "sort", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("sort", args, {"reverse", "case_sensitive", "attribute"});
    return Value(sorted_items(items_of(v, ctx), a.flag(0, false), a.flag(1, false), a.get(2)));
  });
  add(env, "reverse", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("reverse", args, {});
    if (v.is_string()) {
      auto chars = utf8_chars(v.as_string());
      std::string out;
      for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
      return same_kind(v, std::move(out));
    }
    ValueList items = items_of(v, ctx);
    std::reverse(items.begin(), items.end());
    return Value(std::move(items));
  });

  add(env, "int", [](const Value& v, const CallArgs& args, const Context&) {
    FilterArgs a("int", args, {"default", "base"});
    Value dflt = a.get_or(0, Value(0));
    if (v.is_undefined()) throw_undefined(v);
    if (v.is_int()) return v;
    if (v.is_bool()) return Value(v.as_bool() ? 1 : 0);
    if (v.is_double()) {
      double d = v.as_double();
      if (std::isnan(d) || std::isinf(d)) return dflt;
      return Value(static_cast<std::int64_t>(d));
    }
    if (v.is_string()) {
      int base = static_cast<int>(a.get(1) ? to_int(*a.get(1)) : 10);
      std::int64_t r;
      if (parse_int(v.as_string(), base, r)) return Value(r);
      bool ok;
      double d = parse_float(v.as_string(), ok);
      if (ok && !std::isnan(d) && !std::isinf(d)) return Value(static_cast<std::int64_t>(d));
    }
    return dflt;
  });
  add(env, "float", [](const Value& v, const CallArgs& args, const Context&) {
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
  });
  add(env, "string", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("string", args, {});
    if (v.is_markup()) return v;
    return Value(filter_text(v, ctx));
  });
  add(env, "round", [](const Value& v, const CallArgs& args, const Context&) {
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
        return Value(static_cast<std::int64_t>(py_round(x, precision)));
      }
      return Value(py_round(x, precision));
    }
    double p = std::pow(10.0, static_cast<double>(precision));
    return Value((method == "ceil" ? std::ceil(x * p) : std::floor(x * p)) / p);
  });
  add(env, "abs", [](const Value& v, const CallArgs& args, const Context&) {
    FilterArgs a("abs", args, {});
    if (v.is_int()) return Value(v.as_int() < 0 ? -v.as_int() : v.as_int());
    if (v.is_bool()) return Value(v.as_bool() ? 1 : 0);
    return Value(std::fabs(to_double(v)));
  });
  add(env, "truncate", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("truncate", args, {"length", "killwords", "end", "leeway"});
    std::int64_t len = a.get(0) ? to_int(*a.get(0)) : 255;
    bool killwords = a.flag(1, false);
    std::string end = a.get(2) ? to_str(*a.get(2)) : "...";
    std::int64_t leeway = a.get(3) && !a.get(3)->is_none() ? to_int(*a.get(3)) : 5;
    std::int64_t end_len = static_cast<std::int64_t>(utf8_length(end));
    if (len < end_len) fail("expected length >= " + std::to_string(end_len) + ", got " + std::to_string(len));
    if (leeway < 0) fail("expected leeway >= 0, got " + std::to_string(leeway));
    std::string s = filter_text(v, ctx);
    auto chars = utf8_chars(s);
    if (static_cast<std::int64_t>(chars.size()) <= len + leeway) return Value(s);
    std::string head;
    for (std::int64_t i = 0; i < len - end_len; ++i) head += chars[static_cast<std::size_t>(i)];
    if (killwords) return Value(head + end);
    std::size_t sp = head.rfind(' ');
    if (sp != std::string::npos) head = head.substr(0, sp);
    return Value(head + end);
  });
  add(env, "striptags", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("striptags", args, {});
    return Value(striptags(filter_text(v, ctx)));
  });
  add(env, "tojson", [](const Value& v, const CallArgs& args, const Context&) {
    FilterArgs a("tojson", args, {"indent"});
    int indent = a.get(0) && !a.get(0)->is_none() ? static_cast<int>(to_int(*a.get(0))) : -1;
    std::string out;
    json_dump(out, v, indent, 0);
    if (indent >= 0) {
      // Python's json.dumps uses "," (no trailing space) as item separator with indent.
    }
    return Value::markup(std::move(out));
  });

  add(env, "map", [](const Value& v, const CallArgs& args, const Context& ctx) {
    ValueList out;
    if (v.is_undefined() && !undefined_is_error(v, ctx.strict_undefined())) return Value(std::move(out));
    ValueList items = items_of(v, ctx);
    if (args.positional.empty()) {
      const Value* attribute = nullptr;
      Value dflt;
      bool has_default = false;
      for (const auto& [k, val] : args.keyword) {
        if (k == "attribute") {
          attribute = &val;
        } else if (k == "default") {
          dflt = val;
          has_default = true;
        } else {
          fail("filter `map` got an unexpected keyword argument `" + k + "`");
        }
      }
      if (!attribute) fail("filter `map` needs a filter name or `attribute=`");
      for (const auto& item : items) {
        Value r = attr_of(item, *attribute);
        out.push_back(r.is_undefined() && has_default ? dflt : r);
      }
      return Value(std::move(out));
    }
    std::string name = to_str(args.positional[0]);
    CallArgs rest;
    rest.positional.assign(args.positional.begin() + 1, args.positional.end());
    rest.keyword = args.keyword;
    for (const auto& item : items) out.push_back(call_filter(ctx, name, item, rest));
    return Value(std::move(out));
  });
  add(env, "select", [](const Value& v, const CallArgs& args, const Context& ctx) {
    return select_impl(v, args, ctx, true, false, "select");
  });
  add(env, "reject", [](const Value& v, const CallArgs& args, const Context& ctx) {
    return select_impl(v, args, ctx, false, false, "reject");
  });
  add(env, "selectattr", [](const Value& v, const CallArgs& args, const Context& ctx) {
    return select_impl(v, args, ctx, true, true, "selectattr");
  });
  add(env, "rejectattr", [](const Value& v, const CallArgs& args, const Context& ctx) {
    return select_impl(v, args, ctx, false, true, "rejectattr");
  });
  add(env, "random", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("random", args, {});
    ValueList items = items_of(v, ctx);
    if (items.empty()) return Value::undefined("random item of an empty sequence");
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
  });
  add(env, "sum", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("sum", args, {"attribute", "start"});
    Value total = a.get_or(1, Value(0));
    for (const auto& item : items_of(v, ctx)) {
      Value x = a.get(0) && !a.get(0)->is_none() ? attr_of(item, *a.get(0)) : item;
      total = binary_op(BinaryOp::kAdd, total, x, false);
    }
    return total;
  });
  add(env, "unique", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("unique", args, {"case_sensitive", "attribute"});
    bool cs = a.flag(0, false);
    ValueList out, seen;
    for (const auto& item : items_of(v, ctx)) {
      Value key = ignore_case(a.get(1) && !a.get(1)->is_none() ? attr_of(item, *a.get(1)) : item, cs);
      if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
        seen.push_back(key);
        out.push_back(item);
      }
    }
    return Value(std::move(out));
  });
  for (bool want_max : {false, true}) {
    add(env, want_max ? "max" : "min", [want_max](const Value& v, const CallArgs& args, const Context& ctx) {
      FilterArgs a(want_max ? "max" : "min", args, {"case_sensitive", "attribute"});
      bool cs = a.flag(0, false);
      ValueList items = items_of(v, ctx);
      if (items.empty()) return Value::undefined("no aggregated item, sequence was empty");
      const Value* attr = a.get(1) && !a.get(1)->is_none() ? a.get(1) : nullptr;
      std::size_t best = 0;
      Value best_key = ignore_case(attr ? attr_of(items[0], *attr) : items[0], cs);
      for (std::size_t i = 1; i < items.size(); ++i) {
        Value key = ignore_case(attr ? attr_of(items[i], *attr) : items[i], cs);
        int c = compare(key, best_key);
        if (want_max ? c > 0 : c < 0) {
          best = i;
          best_key = key;
        }
      }
      return items[best];
    });
  }
  add(env, "batch", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("batch", args, {"linecount", "fill_with"});
    if (!a.get(0)) fail("filter `batch` needs a line count");
    std::int64_t n = to_int(*a.get(0));
    if (n <= 0) fail("filter `batch` needs a positive line count");
    ValueList out, tmp;
    for (const auto& item : items_of(v, ctx)) {
      if (static_cast<std::int64_t>(tmp.size()) == n) {
        out.emplace_back(std::move(tmp));
        tmp.clear();
      }
      tmp.push_back(item);
    }
    if (!tmp.empty()) {
      if (const Value* fill = a.get(1); fill && !fill->is_none()) {
        while (static_cast<std::int64_t>(tmp.size()) < n) tmp.push_back(*fill);
      }
      out.emplace_back(std::move(tmp));
    }
    return Value(std::move(out));
  });
  add(env, "slice", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("slice", args, {"slices", "fill_with"});
    if (!a.get(0)) fail("filter `slice` needs a number of slices");
    std::int64_t slices = to_int(*a.get(0));
    if (slices <= 0) fail("filter `slice` needs a positive number of slices");
    ValueList seq = items_of(v, ctx);
    std::int64_t len = static_cast<std::int64_t>(seq.size());
    std::int64_t per = len / slices, extra = len % slices, offset = 0;
    ValueList out;
    for (std::int64_t n = 0; n < slices; ++n) {
      std::int64_t start = offset + n * per;
      if (n < extra) ++offset;
      std::int64_t end = offset + (n + 1) * per;
      ValueList tmp(seq.begin() + start, seq.begin() + end);
      if (const Value* fill = a.get(1); fill && !fill->is_none() && n >= extra) tmp.push_back(*fill);
      out.emplace_back(std::move(tmp));
    }
    return Value(std::move(out));
  });
  add(env, "dictsort", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("dictsort", args, {"case_sensitive", "by", "reverse"});
    bool cs = a.flag(0, false);
    std::string by = a.get(1) ? to_str(*a.get(1)) : "key";
    if (by != "key" && by != "value") fail("You can only sort by either \"key\" or \"value\"");
    std::size_t pos = by == "key" ? 0 : 1;
    if (v.is_undefined()) {
      if (undefined_is_error(v, ctx.strict_undefined())) throw_undefined(v);
      return Value(ValueList{});
    }
    if (!v.is_map()) fail("filter `dictsort` needs a dict, got " + py_type_name(v));
    std::vector<std::pair<Value, Value>> keyed;
    for (const auto& [k, val] : v.as_map()) {
      Value pair = Value::tuple({Value(k), val});
      keyed.emplace_back(ignore_case(pos == 0 ? Value(k) : val, cs), pair);
    }
    bool reverse = a.flag(2, false);
    std::stable_sort(keyed.begin(), keyed.end(), [reverse](const auto& x, const auto& y) {
      return reverse ? compare(y.first, x.first) < 0 : compare(x.first, y.first) < 0;
    });
    ValueList out;
    for (auto& [k, p] : keyed) out.push_back(std::move(p));
    return Value(std::move(out));
  });
  add(env, "items", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("items", args, {});
    if (v.is_undefined()) {
      if (undefined_is_error(v, ctx.strict_undefined())) throw_undefined(v);
      return Value(ValueList{});
    }
    if (!v.is_map()) fail("can only get item pairs from a mapping, not " + py_type_name(v));
    Value out;
    call_method(v, "items", CallArgs{}, out);
    return out;
  });
  add(env, "groupby", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("groupby", args, {"attribute", "default", "case_sensitive"});
    if (!a.get(0)) fail("filter `groupby` needs an attribute");
    const Value& attribute = *a.get(0);
    bool cs = a.flag(2, false);
    auto key_of = [&](const Value& item) {
      Value k = attr_of(item, attribute);
      if (k.is_undefined()) {
        if (a.get(1)) return *a.get(1);
        throw_undefined(k);
      }
      return k;
    };
    ValueList items = items_of(v, ctx);
    std::vector<std::pair<Value, Value>> keyed;
    for (auto& item : items) keyed.emplace_back(ignore_case(key_of(item), cs), item);
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) { return compare(x.first, y.first) < 0; });
    ValueList out;
    std::size_t i = 0;
    while (i < keyed.size()) {
      std::size_t j = i;
      ValueList group;
      while (j < keyed.size() && keyed[j].first == keyed[i].first) group.push_back(keyed[j++].second);
      Value grouper = cs ? keyed[i].first : key_of(group.front());
      out.push_back(Value::tuple({grouper, Value(std::move(group))}));
      i = j;
    }
    return Value(std::move(out));
  });
  add(env, "wordcount", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("wordcount", args, {});
    std::string s = filter_text(v, ctx);
    std::int64_t n = 0;
    bool in_word = false;
    std::size_t i = 0;
    while (i < s.size()) {
      std::uint32_t cp = utf8_next(s, i);
      bool word = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_' ||
                  (cp >= 0xC0 && !is_py_space(cp) && !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F));
      if (word && !in_word) ++n;
      in_word = word;
    }
    return Value(n);
  });
  add(env, "indent", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("indent", args, {"width", "first", "blank"});
    std::string indention;
    if (a.get(0) && a.get(0)->is_string()) {
      indention = a.get(0)->as_string();
    } else {
      indention.assign(static_cast<std::size_t>(a.get(0) ? to_int(*a.get(0)) : 4), ' ');
    }
    bool first = a.flag(1, false), blank = a.flag(2, false);
    std::string s = filter_text(v, ctx) + "\n";
    std::vector<std::string> lines = py_splitlines(s);
    std::string rv;
    if (blank) {
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i) rv += "\n" + indention;
        rv += lines[i];
      }
    } else if (!lines.empty()) {
      rv = lines[0];
      for (std::size_t i = 1; i < lines.size(); ++i) {
        rv += "\n";
        if (!lines[i].empty()) rv += indention;
        rv += lines[i];
      }
    }
    if (first) rv = indention + rv;
    return same_kind(v, std::move(rv));
  });
  add(env, "center", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("center", args, {"width"});
    CallArgs cargs;
    cargs.positional.push_back(a.get_or(0, Value(80)));
    Value out;
    call_method(Value(filter_text(v, ctx)), "center", cargs, out);
    return out;
  });
  add(env, "format", [](const Value& v, const CallArgs& args, const Context& ctx) {
    if (!args.positional.empty() && !args.keyword.empty()) {
      fail("can't handle positional and keyword arguments at the same time");
    }
    std::string fmt = filter_text(v, ctx);
    Value fargs;
    if (!args.keyword.empty()) {
      ValueMap m;
      for (const auto& [k, val] : args.keyword) m.set(k, val);
      fargs = Value(std::move(m));
    } else {
      fargs = Value::tuple(args.positional);
    }
    return same_kind(v, percent_format(fmt, fargs, v.is_markup()));
  });
  add(env, "urlencode", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("urlencode", args, {});
    if (v.is_string()) return Value(url_quote(v, false));
    std::string out;
    auto pair = [&](const Value& k, const Value& val) {
      if (!out.empty()) out += '&';
      out += url_quote(k, true) + "=" + url_quote(val, true);
    };
    if (v.is_map()) {
      for (const auto& [k, val] : v.as_map()) pair(Value(k), val);
    } else if (v.is_list()) {
      for (const auto& item : v.as_list()) {
        if (!item.is_list() || item.as_list().size() != 2) fail("urlencode needs (key, value) pairs");
        pair(item.as_list()[0], item.as_list()[1]);
      }
    } else {
      return Value(url_quote(Value(filter_text(v, ctx)), false));
    }
    return Value(std::move(out));
  });
  add(env, "filesizeformat", [](const Value& v, const CallArgs& args, const Context&) {
    FilterArgs a("filesizeformat", args, {"binary"});
    bool binary = a.flag(0, false);
    double bytes = v.is_string() ? std::strtod(v.as_string().c_str(), nullptr) : to_double(v);
    double base = binary ? 1024 : 1000;
    static const char* const kDecimal[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    static const char* const kBinary[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    if (bytes == 1) return Value("1 Byte");
    if (bytes < base) return Value(std::to_string(static_cast<std::int64_t>(bytes)) + " Bytes");
    double unit = base;
    const char* prefix = "";
    for (int i = 0; i < 8; ++i) {
      unit = std::pow(base, i + 2);
      prefix = binary ? kBinary[i] : kDecimal[i];
      if (bytes < unit) break;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f %s", base * bytes / unit, prefix);
    return Value(std::string(buf));
  });
  add(env, "xmlattr", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("xmlattr", args, {"autospace"});
    if (!v.is_map()) fail("filter `xmlattr` needs a dict, got " + py_type_name(v));
    std::string rv;
    for (const auto& [k, val] : v.as_map()) {
      if (val.is_none() || val.is_undefined()) continue;
      if (k.find_first_of(" \t\n\r\f\v/>=") != std::string::npos) fail("invalid character in attribute name: " + to_repr(Value(k)));
      if (!rv.empty()) rv += ' ';
      rv += escape_html(k) + "=\"" + (val.is_markup() ? val.as_string() : escape_html(to_str(val))) + "\"";
    }
    if (a.flag(0, true) && !rv.empty()) rv = " " + rv;
    return ctx.autoescape() ? Value::markup(std::move(rv)) : Value(std::move(rv));
  });
  add(env, "attr", [](const Value& v, const CallArgs& args, const Context&) {
    FilterArgs a("attr", args, {"name"});
    if (!a.get(0)) fail("filter `attr` needs an attribute name");
    std::string name = to_str(*a.get(0));
    if (v.is_object()) return v.as_object()->get_attr(name);
    if (v.is_undefined()) throw_undefined(v);
    return Value::undefined(name);
  });
  add(env, "pprint", [](const Value& v, const CallArgs& args, const Context&) {
    FilterArgs a("pprint", args, {});
    std::string out;
    pformat(out, v, 0, 0);
    return Value(std::move(out));
  });
  add(env, "urlize", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("urlize", args, {"trim_url_limit", "nofollow", "target", "rel", "extra_schemes"});
    std::vector<std::string> rel_parts = split_whitespace(a.get(3) && !a.get(3)->is_none() ? to_str(*a.get(3)) : "");
    if (a.flag(1, false)) rel_parts.push_back("nofollow");
    rel_parts.push_back("noopener");
    std::sort(rel_parts.begin(), rel_parts.end());
    rel_parts.erase(std::unique(rel_parts.begin(), rel_parts.end()), rel_parts.end());
    std::string rel;
    for (const auto& r : rel_parts) rel += (rel.empty() ? "" : " ") + r;
    std::string target = a.get(2) && !a.get(2)->is_none() ? to_str(*a.get(2)) : "";
    std::string out = urlize(filter_text(v, ctx), a.get(0), rel, target);
    return ctx.autoescape() ? Value::markup(std::move(out)) : Value(std::move(out));
  });
  add(env, "wordwrap", [](const Value& v, const CallArgs& args, const Context& ctx) {
    FilterArgs a("wordwrap", args, {"width", "break_long_words", "wrapstring", "break_on_hyphens"});
    std::size_t width = static_cast<std::size_t>(a.get(0) ? to_int(*a.get(0)) : 79);
    bool break_long = a.flag(1, true);
    std::string wrapstring = a.get(2) && !a.get(2)->is_none() ? to_str(*a.get(2)) : "\n";
    std::string out;
    bool first_line = true;
    for (const auto& line : py_splitlines(filter_text(v, ctx))) {
      if (!first_line) out += wrapstring;
      first_line = false;
      auto wrapped = wrap_line(line, width, break_long);
      for (std::size_t i = 0; i < wrapped.size(); ++i) {
        if (i) out += wrapstring;
        out += wrapped[i];
      }
    }
    return Value(std::move(out));
  });
}

// ---- tests --------------------------------------------------------------------------

namespace {

const Value& arg0(const CallArgs& args, std::string_view test) {
  if (args.positional.empty()) {
    if (!args.keyword.empty()) return args.keyword.front().second;
    fail("test `" + std::string(test) + "` needs an argument");
  }
  return args.positional[0];
}

std::int64_t int_of(const Value& v) {
  if (v.is_undefined()) throw_undefined(v);
  if (v.is_double()) {
    double d = v.as_double();
    if (d != std::floor(d)) return 1;  // odd/even/divisibleby on non-integral floats
    return static_cast<std::int64_t>(d);
  }
  return to_int(v);
}

}  // namespace

void register_builtin_tests(Environment& env) {
  env.add_test("defined", [](const Value& v, const CallArgs&) { return !v.is_undefined(); });
  env.add_test("undefined", [](const Value& v, const CallArgs&) { return v.is_undefined(); });
  env.add_test("none", [](const Value& v, const CallArgs&) { return v.is_none(); });
  env.add_test("boolean", [](const Value& v, const CallArgs&) { return v.is_bool(); });
  env.add_test("true", [](const Value& v, const CallArgs&) { return v.is_bool() && v.as_bool(); });
  env.add_test("false", [](const Value& v, const CallArgs&) { return v.is_bool() && !v.as_bool(); });
  env.add_test("integer", [](const Value& v, const CallArgs&) { return v.is_int(); });
  env.add_test("float", [](const Value& v, const CallArgs&) { return v.is_double(); });
  env.add_test("number", [](const Value& v, const CallArgs&) { return v.is_number() || v.is_bool(); });
  env.add_test("string", [](const Value& v, const CallArgs&) { return v.is_string(); });
  env.add_test("mapping", [](const Value& v, const CallArgs&) { return v.is_map(); });
  env.add_test("sequence", [](const Value& v, const CallArgs&) { return v.is_list() || v.is_string() || v.is_map(); });
  env.add_test("iterable", [](const Value& v, const CallArgs&) {
    return v.is_list() || v.is_string() || v.is_map() || v.is_undefined();
  });
  // Jinja's Undefined defines __call__ (it raises), so callable() is true for it.
  env.add_test("callable", [](const Value& v, const CallArgs&) {
    return v.is_undefined() || (v.is_object() && v.as_object()->callable());
  });
  env.add_test("escaped", [](const Value& v, const CallArgs&) { return v.is_markup(); });
  env.add_test("odd", [](const Value& v, const CallArgs&) {
    std::int64_t n = int_of(v);
    return n % 2 != 0;
  });
  env.add_test("even", [](const Value& v, const CallArgs&) { return int_of(v) % 2 == 0; });
  env.add_test("divisibleby", [](const Value& v, const CallArgs& args) {
    std::int64_t d = int_of(arg0(args, "divisibleby"));
    if (d == 0) fail("integer division or modulo by zero");
    return int_of(v) % d == 0;
  });
  env.add_test("sameas", [](const Value& v, const CallArgs& args) {
    // Python identity: None/True/False and small ints are singletons, objects compare
    // by address; other values are distinct objects at runtime.
    const Value& other = arg0(args, "sameas");
    if (v.kind() != other.kind()) return false;
    if (v.is_none() || v.is_bool() || v.is_undefined()) return v == other;
    if (v.is_int()) return v.as_int() >= -5 && v.as_int() <= 256 && v == other;
    if (v.is_object()) return v.as_object() == other.as_object();
    // Lists and dicts are shared, not copied, when passed around: same storage = same object.
    if (v.is_list()) return &v.as_list() == &other.as_list();
    if (v.is_map()) return &v.as_map() == &other.as_map();
    return false;
  });
  env.add_test("in", [](const Value& v, const CallArgs& args) { return contains(arg0(args, "in"), v); });
  env.add_test("lower", [](const Value& v, const CallArgs&) {
    if (!v.is_string()) return false;
    Value out;
    call_method(v, "islower", CallArgs{}, out);
    return out.as_bool();
  });
  env.add_test("upper", [](const Value& v, const CallArgs&) {
    if (!v.is_string()) return false;
    Value out;
    call_method(v, "isupper", CallArgs{}, out);
    return out.as_bool();
  });
  struct Cmp {
    const char* name;
    CompareOp op;
  };
  for (Cmp c : {Cmp{"eq", CompareOp::kEq}, Cmp{"equalto", CompareOp::kEq}, Cmp{"==", CompareOp::kEq},
                Cmp{"ne", CompareOp::kNe}, Cmp{"!=", CompareOp::kNe}, Cmp{"lt", CompareOp::kLt},
                Cmp{"lessthan", CompareOp::kLt}, Cmp{"<", CompareOp::kLt}, Cmp{"le", CompareOp::kLe},
                Cmp{"<=", CompareOp::kLe}, Cmp{"gt", CompareOp::kGt}, Cmp{"greaterthan", CompareOp::kGt},
                Cmp{">", CompareOp::kGt}, Cmp{"ge", CompareOp::kGe}, Cmp{">=", CompareOp::kGe}}) {
    CompareOp op = c.op;
    std::string name = c.name;
    env.add_test(c.name, [op, name](const Value& v, const CallArgs& args) {
      return compare_op(op, v, arg0(args, name), false);
    });
  }
}

}  // namespace reel::tpl
