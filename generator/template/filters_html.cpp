// filters_html: the built-in filters that produce or read HTML and URLs: escape/e,
// forceescape, safe, striptags, urlize, urlencode and xmlattr (Jinja2 Template Designer
// Documentation, "List of Builtin Filters"; jinja2/filters.py and jinja2/utils.py).
#include "template/filters.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "template/filters_internal.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl::builtin {

namespace {

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
        // html.unescape: code points outside Unicode, surrogates and NUL become U+FFFD.
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
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

// Jinja's Markup.striptags: comments and tags removed, whitespace runs joined by one space,
// entities decoded.
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

// ---- urlencode ------------------------------------------------------------------

// urllib.parse.quote of str(v) as Jinja's url_quote: '/' kept in paths, ' ' as '+' in query
// strings.
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

// Jinja's utils.urlize: the text escaped, each word that looks like a URL or an e-mail address made
// a link.
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
      } else if (middle.starts_with("&lt;")) {
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
      } else if (middle.ends_with("&gt;")) {
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
    bool http = middle.starts_with("https://") || middle.starts_with("http://");
    if (looks_like_http(middle)) {
      std::string href = http ? middle : "https://" + middle;
      middle = "<a href=\"" + href + "\"" + rel_attr + target_attr + ">" + trim_url(middle) + "</a>";
    } else if (middle.starts_with("mailto:") && looks_like_email(middle.substr(7))) {
      middle = "<a href=\"" + middle + "\">" + middle.substr(7) + "</a>";
    } else if (middle.find('@') != std::string::npos && !middle.starts_with("www.") && middle[0] != '@' &&
               middle.find(':') == std::string::npos && looks_like_email(middle)) {
      middle = "<a href=\"mailto:" + middle + "\">" + middle + "</a>";
    }
    out += head + middle + tail;
  }
  return out;
}

// ---- the filters ----------------------------------------------------------------

// escape(s): s HTML-escaped as markup; markup is returned as is (Jinja's do_escape).
Value filter_escape(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("escape", args, {});
  if (v.is_markup()) return v;
  return Value::markup(escape_html(filter_text(v, ctx)));
}

// forceescape(s): s HTML-escaped even when it is markup already (Jinja's do_forceescape).
Value filter_forceescape(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("forceescape", args, {});
  return Value::markup(escape_html(filter_text(v, ctx)));
}

// safe(s): s marked as markup, so autoescaping leaves it alone (Jinja's do_mark_safe).
Value filter_safe(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("safe", args, {});
  if (v.is_markup()) return v;
  return Value::markup(filter_text(v, ctx));
}

// striptags(s): s without tags and comments, whitespace collapsed, entities decoded (Jinja's
// do_striptags).
Value filter_striptags(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("striptags", args, {});
  return Value(striptags(filter_text(v, ctx)));
}

// urlize(s, trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None): URLs
// and e-mail addresses as links (Jinja's do_urlize).
Value filter_urlize(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// urlencode(v): a string percent-encoded for a URL path, or a dict or pairs as a query string
// (Jinja's do_urlencode).
Value filter_urlencode(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// xmlattr(d, autospace=True): a dict as escaped XML/HTML attributes, none and undefined values left
// out (Jinja's do_xmlattr).
Value filter_xmlattr(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// The registration table: one row per name, an alias pointing at the same function.
const FilterEntry kHtmlFilters[] = {
    {"escape", filter_escape},
    {"e", filter_escape},
    {"forceescape", filter_forceescape},
    {"safe", filter_safe},
    {"striptags", filter_striptags},
    {"urlize", filter_urlize},
    {"urlencode", filter_urlencode},
    {"xmlattr", filter_xmlattr},
};

}  // namespace

std::span<const FilterEntry> html_filters() { return kHtmlFilters; }

}  // namespace reel::tpl::builtin
