// ops: Python semantics of template values, as Jinja2 inherits them: arithmetic,
// comparison, membership, truth, attribute and item access, slicing, iteration, UTF-8
// aware string operations and the Python methods templates call on strings, lists and
// dicts (Template Designer Documentation, "Math", "Comparisons", "Other Operators",
// "Python Methods").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "base/value.h"
#include "template/ast.h"
#include "template/environment.h"

namespace reel::tpl {

// ---- UTF-8 ----------------------------------------------------------------

/// Number of code points (Python's len()) of UTF-8 text.
std::size_t utf8_length(std::string_view s);
/// The code points of `s`, each a view into `s`.
std::vector<std::string_view> utf8_chars(std::string_view s);
/// Decodes the code point at `s[i]`, advancing `i`; invalid bytes decode as themselves.
std::uint32_t utf8_next(std::string_view s, std::size_t& i);
/// Appends the UTF-8 encoding of a code point (base/text.h).
using reel::append_utf8;
/// Python's str.isspace() for one code point.
bool is_py_space(std::uint32_t cp);
/// Full Unicode case mapping (Python's str.lower()/str.upper()).
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
/// Python's str.strip()/lstrip()/rstrip(); `chars` null = whitespace.
std::string_view py_strip(std::string_view s, const std::string* chars, bool left, bool right);
/// Python's str.split(sep=None) on whitespace runs.
std::vector<std::string> split_whitespace(std::string_view s);

// ---- types and errors -----------------------------------------------------

/// Python's type name for messages: "int", "float", "str", "list", "dict", "NoneType"...
std::string py_type_name(const Value& v);
/// Throws the "`name` is undefined" error for an undefined value.
[[noreturn]] void throw_undefined(const Value& v);
/// The value of an inline `a if c` without `else` when `c` is false: Jinja always gives
/// its default (lenient) Undefined there, even with StrictUndefined (compiler.py,
/// `cond_expr_undefined = Undefined`), so it prints as "" and `is defined` is false.
Value soft_undefined();
/// Whether using the undefined `v` as a value (printing, iterating, comparing, truth) is
/// an error: `strict` is on and `v` is not soft_undefined(). False for defined values.
bool undefined_is_error(const Value& v, bool strict);
/// Python truth, bool(v); throws "`x` is undefined" when undefined_is_error(v, strict),
/// as StrictUndefined.__bool__ does ("{% if x %}" on an undefined x in strict mode).
bool truth(const Value& v, bool strict);
/// Throws a reel::Error without position (the renderer adds it).
[[noreturn]] void fail(std::string message, std::string hint = {});

// ---- limits (Options: the budget of one render) -----------------------------

/// The Options of the render running on this thread, whose limits (max_string_bytes,
/// max_list_items, ...) the operations and filters below check; default Options outside
/// a render. Set by the renderer for the length of a render call with LimitScope.
const Options& active_options();

/// Makes `options` the active_options() of this thread until destroyed (nests: the
/// previous ones come back).
class LimitScope {
 public:
  explicit LimitScope(const Options& options);
  ~LimitScope();
  LimitScope(const LimitScope&) = delete;
  LimitScope& operator=(const LimitScope&) = delete;

 private:
  const Options* previous_;
};

/// Throws "string too long" when a string of `bytes` bytes would pass
/// Options::max_string_bytes (the message says how to raise it). Call it before
/// building the string.
void check_string_size(std::size_t bytes);
/// `a + b` for sizes, saturating instead of wrapping (for check_string_size(a + b)).
std::size_t add_sizes(std::size_t a, std::size_t b);
/// `a * b` for sizes, saturating instead of wrapping.
std::size_t mul_sizes(std::size_t a, std::size_t b);
/// Throws "list too long" when a list of `items` items would pass Options::max_list_items.
void check_list_size(std::size_t items);
/// Appends `piece` to `out` after check_string_size(out.size() + piece.size()).
void append_checked(std::string& out, std::string_view piece);

/// The deepest lists, dicts and objects may nest for the engine's recursive walks over a
/// value (printing, repr(), tojson, pprint, comparisons): Python stops at its recursion
/// limit (1000) with a RecursionError, reel here with an error instead of a crash.
inline constexpr int kMaxValueDepth = 1000;

/// Counts one level of a recursive walk over a value, on this thread, while it lives;
/// throws "value nested too deeply" past kMaxValueDepth (also for a namespace that
/// contains itself).
class NestingGuard {
 public:
  NestingGuard();
  ~NestingGuard();
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;
};

// ---- checked integer arithmetic ---------------------------------------------

/// Throws "integer overflow: `what` does not fit in 64 bits" (Python's ints are
/// unbounded; reel's are 64-bit and never wrap silently).
[[noreturn]] void fail_overflow(const std::string& what);
/// `x ** y` for y >= 0 by repeated squaring (at most 126 multiplications), each checked:
/// throws fail_overflow when the result does not fit in 64 bits.
std::int64_t checked_pow(std::int64_t x, std::int64_t y);
/// Python's int(d) for a finite double (truncation toward zero); throws for nan and
/// inf (Python's ValueError/OverflowError) and fail_overflow out of the int64 range.
std::int64_t double_to_int(double d);

// ---- operations -------------------------------------------------------------

/// The items of an iterable: list items, map keys, string code points. Undefined
/// throws when `strict`, else yields nothing. Throws for non-iterables.
ValueList to_list(const Value& v, bool strict);
/// Python's len(): code points, items, keys. Throws for values without a length.
std::size_t length(const Value& v);
/// `a op b` for arithmetic and `~`. `autoescape` makes `~` and `+` on markup escape
/// the plain side (Jinja's markup_join).
Value binary_op(BinaryOp op, const Value& a, const Value& b, bool autoescape);
/// Unary minus and plus.
Value unary_op(UnaryOp op, const Value& v);
/// Python ordering: <0, 0, >0. Numbers with numbers, strings with strings, lists
/// element-wise; anything else throws "'<' not supported between ...".
int compare(const Value& a, const Value& b);
/// `a op b` for == != < <= > >= in, not in.
bool compare_op(CompareOp op, const Value& a, const Value& b, bool strict);
/// Python's `item in container`.
bool contains(const Value& container, const Value& item);
/// Jinja's getattr: object attribute, then map item; undefined (named `name`) if absent.
Value get_attr(const Value& obj, std::string_view name);
/// Jinja's getitem: item (list index with negatives, map key, string char), then
/// attribute; undefined if absent.
Value get_item(const Value& obj, const Value& key);
/// Python slicing of lists and strings; null bounds mean "absent".
Value slice(const Value& obj, const Value* start, const Value* stop, const Value* step);
/// Calls the Python method `name` of a string, list or dict value (str.split,
/// dict.items, ...). Returns false when there is no such method.
bool call_method(const Value& obj, std::string_view name, const CallArgs& args, Value& out);
/// Python's `fmt % args` printf-style formatting (`args` a tuple/list, a dict, or one value).
/// `escape_args` is markupsafe's Markup.__mod__: `%s`/`%r` pieces of non-markup arguments
/// are HTML-escaped (used when `fmt` is markup: `'<p>%s</p>'|safe|format(x)`).
std::string percent_format(std::string_view fmt, const Value& args, bool escape_args = false);
/// Python's str.format().
std::string str_format(std::string_view fmt, const CallArgs& args);
/// A value as an int (Python int()), throwing on failure.
std::int64_t to_int(const Value& v);
/// A number as a double; throws for non-numbers.
double to_double(const Value& v);

}  // namespace reel::tpl
