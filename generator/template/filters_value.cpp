// filters_value: the built-in filters that convert or show any value: default/d, string,
// attr, tojson and pprint (Jinja2 Template Designer Documentation, "List of Builtin
// Filters"; Python's json.dumps and pprint.pformat).
#include "template/filters.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "template/filters_internal.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl::builtin {

namespace {

// ---- tojson -------------------------------------------------------------------

// Appends s as a JSON string with non-ASCII and <>&' escaped, as Jinja's htmlsafe_json_dumps.
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

// Appends v as JSON, keys sorted, as json.dumps(v, sort_keys=True, indent=indent); -1 is no indent.
void json_dump(std::string& out, const Value& v, int indent, int level) {
  NestingGuard guard;
  auto newline = [&](int lvl) {
    std::size_t spaces = mul_sizes(static_cast<std::size_t>(indent), static_cast<std::size_t>(lvl));
    check_string_size(add_sizes(out.size(), add_sizes(spaces, 1)));
    out += '\n';
    out.append(spaces, ' ');
  };
  if (out.size() > active_options().max_string_bytes) check_string_size(out.size());
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

// repr() as pprint sees it: dicts with their keys sorted (PrettyPrinter's sort_dicts).
void sorted_repr(std::string& out, const Value& v) {
  NestingGuard guard;
  if (out.size() > active_options().max_string_bytes) check_string_size(out.size());
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
  NestingGuard guard;
  if (out.size() > active_options().max_string_bytes) check_string_size(out.size());
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

// ---- the filters ----------------------------------------------------------------

// default(v, default_value='', boolean=False): v, or `default_value` when v is undefined (or falsy
// with `boolean`) (Jinja's do_default).
Value filter_default(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("default", args, {"default_value", "boolean"});
  if (v.is_undefined() || (a.flag(1, false) && !v.truthy())) return a.get_or(0, Value(""));
  return v;
}

// string(v): str(v), markup kept markup (Jinja's do_string).
Value filter_string(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("string", args, {});
  if (v.is_markup()) return v;
  return Value(filter_text(v, ctx));
}

// attr(obj, name): the attribute `name` of an object, never an item (Jinja's do_attr).
Value filter_attr(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("attr", args, {"name"});
  if (!a.get(0)) fail("filter `attr` needs an attribute name");
  std::string name = to_str(*a.get(0));
  if (v.is_object()) return v.as_object()->get_attr(name);
  if (v.is_undefined()) throw_undefined(v);
  return Value::undefined(name);
}

// tojson(v, indent=None): v as JSON safe to embed in HTML, keys sorted (Jinja's do_tojson,
// htmlsafe_json_dumps).
Value filter_tojson(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("tojson", args, {"indent"});
  std::int64_t indent = a.get(0) && !a.get(0)->is_none() ? to_int(*a.get(0)) : -1;
  // json.dumps: a negative indent is no indentation but newlines; a huge one is refused
  // by the string limit as the first line is indented.
  if (indent < 0 && a.get(0) && !a.get(0)->is_none()) indent = 0;
  if (indent > std::numeric_limits<int>::max()) check_string_size(static_cast<std::size_t>(indent));
  std::string out;
  json_dump(out, v, static_cast<int>(indent), 0);
  if (indent >= 0) {
    // Python's json.dumps uses "," (no trailing space) as item separator with indent.
  }
  return Value::markup(std::move(out));
}

// pprint(v): Python's pprint.pformat(v) (Jinja's do_pprint).
Value filter_pprint(const Value& v, const CallArgs& args, const Context&) {
  FilterArgs a("pprint", args, {});
  std::string out;
  pformat(out, v, 0, 0);
  return Value(std::move(out));
}

// The registration table: one row per name, an alias pointing at the same function.
const FilterEntry kValueFilters[] = {
    {"default", filter_default},
    {"d", filter_default},
    {"string", filter_string},
    {"attr", filter_attr},
    {"tojson", filter_tojson},
    {"pprint", filter_pprint},
};

}  // namespace

std::span<const FilterEntry> value_filters() { return kValueFilters; }

}  // namespace reel::tpl::builtin
