// filters_text: the built-in filters that transform text: case (lower, upper, title,
// capitalize), trim, replace, truncate, wordcount, indent, center, format and wordwrap
// (Jinja2 Template Designer Documentation, "List of Builtin Filters"; jinja2/filters.py).
#include "template/filters.h"

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "template/filters_internal.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl::builtin {

namespace {

// Python's str.capitalize: the first code point upper case, the rest lower case.
std::string capitalize(std::string_view s) {
  auto chars = utf8_chars(s);
  if (chars.empty()) return {};
  return to_upper(chars[0]) + to_lower(s.substr(chars[0].size()));
}

// ---- wordwrap ---------------------------------------------------------------------

// Python's textwrap.wrap(line, width) for one line: the wrapped lines, without their ends.
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

// Python's str.splitlines() for \n, \r, \r\n, \v and \f: the lines without their ends.
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

// ---- the filters ----------------------------------------------------------------

// lower(s): s in lower case, markup kept markup (Jinja's do_lower).
Value filter_lower(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("lower", args, {});
  return same_kind(v, to_lower(filter_text(v, ctx)));
}

// upper(s): s in upper case, markup kept markup (Jinja's do_upper).
Value filter_upper(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("upper", args, {});
  return same_kind(v, to_upper(filter_text(v, ctx)));
}

// title(s): each word capitalized (Jinja's do_title).
Value filter_title(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// capitalize(s): the first character upper, the rest lower (Jinja's do_capitalize).
Value filter_capitalize(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("capitalize", args, {});
  return same_kind(v, capitalize(filter_text(v, ctx)));
}

// trim(s, chars=None): s without leading and trailing whitespace or `chars` (Jinja's do_trim).
Value filter_trim(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("trim", args, {"chars"});
  std::string chars;
  const Value* c = a.get(0);
  if (c && !c->is_none()) chars = to_str(*c);
  std::string s = filter_text(v, ctx);
  return same_kind(v, std::string(py_strip(s, c && !c->is_none() ? &chars : nullptr, true, true)));
}

// replace(s, old, new, count=None): str.replace, escaping `new` when autoescaping markup (Jinja's
// do_replace).
Value filter_replace(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// truncate(s, length=255, killwords=False, end='...', leeway=None): s cut at a word boundary
// (Jinja's do_truncate).
Value filter_truncate(const Value& v, const CallArgs& args, const Context& ctx) {
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
  // Compared without computing len + leeway (both may be huge).
  if (static_cast<std::int64_t>(chars.size()) - leeway <= len) return Value(s);
  std::string head;
  for (std::int64_t i = 0; i < len - end_len; ++i) head += chars[static_cast<std::size_t>(i)];
  if (killwords) return Value(head + end);
  std::size_t sp = head.rfind(' ');
  if (sp != std::string::npos) head = head.substr(0, sp);
  return Value(head + end);
}

// wordcount(s): the number of words, as Jinja's \w+ regex counts them (Jinja's do_wordcount).
Value filter_wordcount(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// indent(s, width=4, first=False, blank=False): every line but the first indented (Jinja's
// do_indent).
Value filter_indent(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("indent", args, {"width", "first", "blank"});
  std::string indention;
  if (a.get(0) && a.get(0)->is_string()) {
    indention = a.get(0)->as_string();
  } else {
    // Jinja computes " " * width: a width below 1 indents by nothing.
    std::int64_t width = a.get(0) ? to_int(*a.get(0)) : 4;
    std::size_t n = width > 0 ? static_cast<std::size_t>(width) : 0;
    check_string_size(n);
    indention.assign(n, ' ');
  }
  bool first = a.flag(1, false), blank = a.flag(2, false);
  std::string s = filter_text(v, ctx) + "\n";
  std::vector<std::string> lines = py_splitlines(s);
  std::string rv;
  // The result's size, checked before it is built: each indented line adds the indention.
  std::size_t indented = first ? 1 : 0;
  for (std::size_t i = 1; i < lines.size(); ++i) indented += (blank || !lines[i].empty()) ? 1 : 0;
  check_string_size(add_sizes(s.size(), mul_sizes(indented, indention.size())));
  if (first) rv = indention;
  if (blank) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i) rv += "\n" + indention;
      rv += lines[i];
    }
  } else if (!lines.empty()) {
    rv += lines[0];
    for (std::size_t i = 1; i < lines.size(); ++i) {
      rv += "\n";
      if (!lines[i].empty()) rv += indention;
      rv += lines[i];
    }
  }
  return same_kind(v, std::move(rv));
}

// center(s, width=80): s centered with spaces, as str.center (Jinja's do_center).
Value filter_center(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("center", args, {"width"});
  CallArgs cargs;
  cargs.positional.push_back(a.get_or(0, Value(80)));
  Value out;
  call_method(Value(filter_text(v, ctx)), "center", cargs, out);
  return out;
}

// format(fmt, *args, **kwargs): printf-style `fmt % args` (Jinja's do_format).
Value filter_format(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// wordwrap(s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
// textwrap.wrap per line (Jinja's do_wordwrap).
Value filter_wordwrap(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("wordwrap", args, {"width", "break_long_words", "wrapstring", "break_on_hyphens"});
  std::int64_t w = a.get(0) ? to_int(*a.get(0)) : 79;
  if (w <= 0) fail("invalid width " + std::to_string(w) + " (must be > 0)");  // textwrap's ValueError
  auto width = static_cast<std::size_t>(w);
  bool break_long = a.flag(1, true);
  std::string wrapstring = a.get(2) && !a.get(2)->is_none() ? to_str(*a.get(2)) : "\n";
  std::string out;
  bool first_line = true;
  for (const auto& line : py_splitlines(filter_text(v, ctx))) {
    if (!first_line) append_checked(out, wrapstring);
    first_line = false;
    auto wrapped = wrap_line(line, width, break_long);
    for (std::size_t i = 0; i < wrapped.size(); ++i) {
      if (i) append_checked(out, wrapstring);
      append_checked(out, wrapped[i]);
    }
  }
  return Value(std::move(out));
}

// The registration table: one row per name, an alias pointing at the same function.
const FilterEntry kTextFilters[] = {
    {"lower", filter_lower},
    {"upper", filter_upper},
    {"title", filter_title},
    {"capitalize", filter_capitalize},
    {"trim", filter_trim},
    {"replace", filter_replace},
    {"truncate", filter_truncate},
    {"wordcount", filter_wordcount},
    {"indent", filter_indent},
    {"center", filter_center},
    {"format", filter_format},
    {"wordwrap", filter_wordwrap},
};

}  // namespace

std::span<const FilterEntry> text_filters() { return kTextFilters; }

}  // namespace reel::tpl::builtin
