// printer: how template values become text, exactly as Python and Jinja2 print them:
// `str()` for `{{ x }}` output, `repr()` inside lists and dicts, floats as Python's
// shortest repr, and HTML escaping as markupsafe does it.
#pragma once

#include <string>
#include <string_view>

#include "base/text.h"
#include "base/value.h"

namespace reel::tpl {

/// HTML escaping as markupsafe.escape does (Jinja docs, "HTML Escaping"): shared with
/// the rest of reel through base/text.h.
using reel::append_escaped;
using reel::escape_html;

/// Python's repr() of a float: shortest round-trip digits, "1.0", "1e+16", "1.5e-05",
/// "inf", "nan".
std::string format_double(double d);

/// Appends Python's str() of `v`: None, True/False, ints, floats as format_double,
/// strings and markup as their text, lists `['a', 1]`, tuples `(1, 2)`, dicts
/// `{'a': 1}`, objects by their repr(); undefined appends nothing.
void append_str(std::string& out, const Value& v);
/// str(v) as a new string (see append_str).
std::string to_str(const Value& v);

/// Appends Python's repr() of `v`: strings quoted ('a', "it's"), markup as
/// Markup('...'), everything else as append_str.
void append_repr(std::string& out, const Value& v);
/// repr(v) as a new string (see append_repr).
std::string to_repr(const Value& v);

/// Appends Python's repr() of a str: single quotes unless the text holds a single quote
/// and no double quote; backslash, quote, \n \r \t and control bytes escaped.
void append_string_repr(std::string& out, std::string_view s);

}  // namespace reel::tpl
