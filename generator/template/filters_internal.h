// filters_internal: what the files of built-in filters share, and nothing else includes
// (as minijinja's defaults.rs gathers filters.rs's functions): the row of a registration
// table, each group's table, and the two helpers most filters use.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/value.h"
#include "template/environment.h"

namespace reel::tpl::builtin {

/// A built-in filter: a plain function of the input, the call's arguments (bound by
/// FilterArgs) and the render context; it throws reel::Error without a position on bad
/// input, and the interpreter adds the template's file:line:col.
using FilterFn = Value (*)(const Value& input, const CallArgs& args, const Context& ctx);

/// One row of a registration table: the name templates call and its function. An alias
/// (`d`, `e`, `count`) is a row of its own pointing at the same function.
struct FilterEntry {
  std::string_view name;
  FilterFn fn;
};

/// The text filters (filters_text.cpp): lower, upper, title, capitalize, trim, replace,
/// truncate, wordcount, indent, center, format, wordwrap.
std::span<const FilterEntry> text_filters();
/// The HTML and URL filters (filters_html.cpp): escape/e, forceescape, safe, striptags,
/// urlize, urlencode, xmlattr.
std::span<const FilterEntry> html_filters();
/// The sequence and dict filters (filters_list.cpp): join, length/count, first, last,
/// list, sort, reverse, map, select, reject, selectattr, rejectattr, random, sum,
/// unique, min, max, batch, slice, dictsort, items, groupby.
std::span<const FilterEntry> list_filters();
/// The number filters (filters_number.cpp): int, float, round, abs, filesizeformat.
std::span<const FilterEntry> number_filters();
/// The conversion filters (filters_value.cpp): default/d, string, attr, tojson, pprint.
std::span<const FilterEntry> value_filters();

/// `s` as markup when `like` is markup, else as a plain string: what Jinja's string
/// filters return for a Markup input (markupsafe keeps the type). Throws nothing.
Value same_kind(const Value& like, std::string s);

/// The items of `v` (list items, dict keys, string code points), as Python's list(v),
/// under the context's undefined mode: an undefined `v` throws reel::Error in strict
/// mode and gives no items otherwise; a non-iterable `v` throws.
ValueList items_of(const Value& v, const Context& ctx);

}  // namespace reel::tpl::builtin
