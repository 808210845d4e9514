// filters_list: the built-in filters that work on sequences and dicts: join, length/count,
// first, last, list, sort, reverse, map, select, reject, selectattr, rejectattr, random,
// sum, unique, min, max, batch, slice, dictsort, items and groupby (Jinja2 Template
// Designer Documentation, "List of Builtin Filters"; jinja2/filters.py).
#include "template/filters.h"

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "base/text.h"
#include "template/filters_internal.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl::builtin {

namespace {

// Jinja's make_attrgetter: "a.b.0" walks items/attributes; integer parts index.
Value attr_path(const Value& item, const std::string& path) {
  Value cur = item;
  for (std::string_view part : split(path, '.')) {
    if (!part.empty() && part.size() <= 18 && part.find_first_not_of("0123456789") == std::string_view::npos) {
      cur = get_item(cur, Value(static_cast<std::int64_t>(std::stoll(std::string(part)))));
    } else {
      cur = get_item(cur, Value(std::string(part)));
    }
    if (cur.is_undefined()) return Value::undefined(path);
  }
  return cur;
}

// The item's attribute: an int indexes, anything else is a dotted path.
Value attr_of(const Value& item, const Value& attribute) {
  if (attribute.is_int()) return get_item(item, attribute);
  return attr_path(item, to_str(attribute));
}

// The key to compare: strings lowered unless case_sensitive (Jinja's ignore_case).
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
    for (std::string_view piece : split(attribute->as_string(), ',')) {
      std::string one(py_strip(piece, nullptr, true, true));
      Value v = attr_path(item, one);
      if (v.is_undefined()) throw_undefined(Value::undefined(one));
      keys.push_back(ignore_case(v, case_sensitive));
    }
  } else {
    keys.push_back(ignore_case(attr_of(item, *attribute), case_sensitive));
  }
  return keys;
}

// Compares two lists of sort keys item by item, as Python compares tuples of equal length.
int compare_keys(const ValueList& a, const ValueList& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = compare(a[i], b[i]);
    if (c) return c;
  }
  return 0;
}

// The items sorted stably by their keys, as Python's sorted(key=..., reverse=...).
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

// Calls the environment's filter `name`; an unknown name is an error with a did-you-mean hint.
Value call_filter(const Context& ctx, const std::string& name, const Value& input, const CallArgs& args) {
  const Filter* f = ctx.environment().find_filter(name);
  if (!f) fail("unknown filter `" + name + "`", suggestion_hint(name, ctx.environment().filter_names()));
  return (*f)(input, args, ctx);
}

// Calls the environment's test `name`; an unknown name is an error with a did-you-mean hint.
bool call_test(const Context& ctx, const std::string& name, const Value& input, const CallArgs& args) {
  const Test* t = ctx.environment().find_test(name);
  if (!t) fail("unknown test `" + name + "`", suggestion_hint(name, ctx.environment().test_names()));
  return (*t)(input, args);
}

// select/reject/selectattr/rejectattr. Without a test name an item's (or attribute's) truth is
// taken as a condition takes it (Context::condition_truth): an undefined attribute is false
// unless conditions are strict (Options::strict_conditions); a named test decides alone.
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
    bool r = has_test ? call_test(ctx, test, v, test_args) : ctx.condition_truth(v);
    if (r == keep) out.push_back(item);
  }
  return Value(std::move(out));
}

// ---- the filters ----------------------------------------------------------------

// join(items, d='', attribute=None): the items as text joined by `d`, escaped when autoescaping
// markup (Jinja's do_join).
Value filter_join(const Value& v, const CallArgs& args, const Context& ctx) {
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
      if (i) append_checked(out, sep);
      append_checked(out, items[i].is_markup() ? items[i].as_string() : escape_html(filter_text(items[i], ctx)));
    }
    return Value::markup(std::move(out));
  }
  std::string sep = to_str(d);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) append_checked(out, sep);
    append_checked(out, filter_text(items[i], ctx));
  }
  return Value(std::move(out));
}

// length(v): the number of items or characters; 0 for a lenient undefined (Jinja's len).
Value filter_length(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("length", args, {});
  if (v.is_undefined() && !undefined_is_error(v, ctx.strict_undefined())) return Value(0);
  return Value(static_cast<std::int64_t>(length(v)));
}

// first(items): the first item, undefined when there is none (Jinja's do_first).
Value filter_first(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("first", args, {});
  if (v.is_list()) return v.as_list().empty() ? Value::undefined("first item") : v.as_list().front();
  ValueList items = items_of(v, ctx);
  return items.empty() ? Value::undefined("first item") : items.front();
}

// last(items): the last item, undefined when there is none (Jinja's do_last).
Value filter_last(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("last", args, {});
  if (v.is_list()) return v.as_list().empty() ? Value::undefined("last item") : v.as_list().back();
  ValueList items = items_of(v, ctx);
  return items.empty() ? Value::undefined("last item") : items.back();
}

// list(v): the items of v as a list (Jinja's do_list).
Value filter_list(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("list", args, {});
  if (v.is_list() && !v.is_tuple()) return v;
  return Value(items_of(v, ctx));
}

// sort(items, reverse=False, case_sensitive=False, attribute=None): a stable sort (Jinja's
// do_sort).
Value filter_sort(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("sort", args, {"reverse", "case_sensitive", "attribute"});
  return Value(sorted_items(items_of(v, ctx), a.flag(0, false), a.flag(1, false), a.get(2)));
}

// reverse(v): a string's characters or the items in reverse order (Jinja's do_reverse).
Value filter_reverse(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// map(items, name, *args) or map(items, attribute=..., default=...): a filter or an attribute
// applied to every item (Jinja's do_map).
Value filter_map(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// random(items): one item chosen at random (Jinja's do_random).
Value filter_random(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("random", args, {});
  ValueList items = items_of(v, ctx);
  if (items.empty()) return Value::undefined("random item of an empty sequence");
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

// sum(items, attribute=None, start=0): the items (or an attribute of each) added up (Jinja's
// do_sum).
Value filter_sum(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("sum", args, {"attribute", "start"});
  Value total = a.get_or(1, Value(0));
  for (const auto& item : items_of(v, ctx)) {
    Value x = a.get(0) && !a.get(0)->is_none() ? attr_of(item, *a.get(0)) : item;
    total = binary_op(BinaryOp::kAdd, total, x, false);
  }
  return total;
}

// unique(items, case_sensitive=False, attribute=None): the items without repeats, first seen kept
// (Jinja's do_unique).
Value filter_unique(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// batch(items, linecount, fill_with=None): the items in lists of `linecount` (Jinja's do_batch).
Value filter_batch(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("batch", args, {"linecount", "fill_with"});
  if (!a.get(0)) fail("filter `batch` needs a line count");
  std::int64_t n = to_int(*a.get(0));
  if (n <= 0) fail("filter `batch` needs a positive line count");
  const Value* fill = a.get(1);
  // Filling the last batch makes a list of n items.
  if (fill && !fill->is_none()) check_list_size(static_cast<std::size_t>(n));
  ValueList out, tmp;
  for (const auto& item : items_of(v, ctx)) {
    if (static_cast<std::int64_t>(tmp.size()) == n) {
      out.emplace_back(std::move(tmp));
      tmp.clear();
    }
    tmp.push_back(item);
  }
  if (!tmp.empty()) {
    if (fill && !fill->is_none()) {
      while (static_cast<std::int64_t>(tmp.size()) < n) tmp.push_back(*fill);
    }
    out.emplace_back(std::move(tmp));
  }
  return Value(std::move(out));
}

// slice(items, slices, fill_with=None): the items in `slices` columns (Jinja's do_slice).
Value filter_slice(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("slice", args, {"slices", "fill_with"});
  if (!a.get(0)) fail("filter `slice` needs a number of slices");
  std::int64_t slices = to_int(*a.get(0));
  if (slices <= 0) fail("filter `slice` needs a positive number of slices");
  check_list_size(static_cast<std::size_t>(slices));
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
}

// dictsort(d, case_sensitive=False, by='key', reverse=False): a dict's (key, value) pairs sorted
// (Jinja's do_dictsort).
Value filter_dictsort(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// items(d): a dict's (key, value) pairs (Jinja's do_items).
Value filter_items(const Value& v, const CallArgs& args, const Context& ctx) {
  FilterArgs a("items", args, {});
  if (v.is_undefined()) {
    if (undefined_is_error(v, ctx.strict_undefined())) throw_undefined(v);
    return Value(ValueList{});
  }
  if (!v.is_map()) fail("can only get item pairs from a mapping, not " + py_type_name(v));
  Value out;
  call_method(v, "items", CallArgs{}, out);
  return out;
}

// groupby(items, attribute, default=None, case_sensitive=False): (grouper, list) pairs sorted by
// the attribute (Jinja's do_groupby).
Value filter_groupby(const Value& v, const CallArgs& args, const Context& ctx) {
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
}

// select(items, test=None, *args): the items that pass `test`, or are true (Jinja's do_select).
Value filter_select(const Value& v, const CallArgs& args, const Context& ctx) {
  return select_impl(v, args, ctx, true, false, "select");
}

// reject(items, test=None, *args): the items that fail `test`, or are false (Jinja's do_reject).
Value filter_reject(const Value& v, const CallArgs& args, const Context& ctx) {
  return select_impl(v, args, ctx, false, false, "reject");
}

// selectattr(items, attribute, test=None, *args): the items whose attribute passes `test` (Jinja's
// do_selectattr).
Value filter_selectattr(const Value& v, const CallArgs& args, const Context& ctx) {
  return select_impl(v, args, ctx, true, true, "selectattr");
}

// rejectattr(items, attribute, test=None, *args): the items whose attribute fails `test` (Jinja's
// do_rejectattr).
Value filter_rejectattr(const Value& v, const CallArgs& args, const Context& ctx) {
  return select_impl(v, args, ctx, false, true, "rejectattr");
}

// min(items, ...) or max(items, ...) with case_sensitive=False, attribute=None: the first
// smallest or largest item, undefined for no items (Jinja's do_min, do_max).
Value min_or_max(const Value& v, const CallArgs& args, const Context& ctx, bool want_max) {
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
}

// min(items, case_sensitive=False, attribute=None): the smallest item (Jinja's do_min).
Value filter_min(const Value& v, const CallArgs& args, const Context& ctx) { return min_or_max(v, args, ctx, false); }

// max(items, case_sensitive=False, attribute=None): the largest item (Jinja's do_max).
Value filter_max(const Value& v, const CallArgs& args, const Context& ctx) { return min_or_max(v, args, ctx, true); }

// The registration table: one row per name, an alias pointing at the same function.
const FilterEntry kListFilters[] = {
    {"join", filter_join},
    {"length", filter_length},
    {"count", filter_length},
    {"first", filter_first},
    {"last", filter_last},
    {"list", filter_list},
    {"sort", filter_sort},
    {"reverse", filter_reverse},
    {"map", filter_map},
    {"select", filter_select},
    {"reject", filter_reject},
    {"selectattr", filter_selectattr},
    {"rejectattr", filter_rejectattr},
    {"random", filter_random},
    {"sum", filter_sum},
    {"unique", filter_unique},
    {"min", filter_min},
    {"max", filter_max},
    {"batch", filter_batch},
    {"slice", filter_slice},
    {"dictsort", filter_dictsort},
    {"items", filter_items},
    {"groupby", filter_groupby},
};

}  // namespace

std::span<const FilterEntry> list_filters() { return kListFilters; }

}  // namespace reel::tpl::builtin
