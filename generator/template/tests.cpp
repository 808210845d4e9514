// tests: Jinja2's built-in tests (`x is odd`, `x is divisibleby 3`, `x is eq y`), one
// function each, registered from a table (Jinja2 Template Designer Documentation, "List
// of Builtin Tests"; jinja2/tests.py; as minijinja's tests.rs).
#include <cmath>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "template/filters.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl {

namespace {

// The test's one argument, positional or by keyword; a test without it is an error.
const Value& arg0(const CallArgs& args, std::string_view test) {
  if (args.positional.empty()) {
    if (!args.keyword.empty()) return args.keyword.front().second;
    fail("test `" + std::string(test) + "` needs an argument");
  }
  return args.positional[0];
}

// An integer for odd/even/divisibleby: integral floats count, other floats give 1.
std::int64_t int_of(const Value& v) {
  if (v.is_undefined()) throw_undefined(v);
  if (v.is_double()) {
    double d = v.as_double();
    if (d != std::floor(d)) return 1;  // odd/even/divisibleby on non-integral floats
    return static_cast<std::int64_t>(d);
  }
  return to_int(v);
}

// defined: the value is not undefined (Jinja's test_defined).
bool test_defined(const Value& v, const CallArgs&) { return !v.is_undefined(); }

// undefined: the value is undefined (Jinja's test_undefined).
bool test_undefined(const Value& v, const CallArgs&) { return v.is_undefined(); }

// none: the value is None (Jinja's test_none).
bool test_none(const Value& v, const CallArgs&) { return v.is_none(); }

// boolean: the value is True or False (Jinja's test_boolean).
bool test_boolean(const Value& v, const CallArgs&) { return v.is_bool(); }

// true: the value is True itself (Jinja's test_true).
bool test_true(const Value& v, const CallArgs&) { return v.is_bool() && v.as_bool(); }

// false: the value is False itself (Jinja's test_false).
bool test_false(const Value& v, const CallArgs&) { return v.is_bool() && !v.as_bool(); }

// integer: the value is an int, not a bool (Jinja's test_integer).
bool test_integer(const Value& v, const CallArgs&) { return v.is_int(); }

// float: the value is a float (Jinja's test_float).
bool test_float(const Value& v, const CallArgs&) { return v.is_double(); }

// number: the value is a number; bools are ints in Python (Jinja's test_number).
bool test_number(const Value& v, const CallArgs&) { return v.is_number() || v.is_bool(); }

// string: the value is a str, markup included (Jinja's test_string).
bool test_string(const Value& v, const CallArgs&) { return v.is_string(); }

// mapping: the value is a dict (Jinja's test_mapping).
bool test_mapping(const Value& v, const CallArgs&) { return v.is_map(); }

// sequence: the value has a length and items (Jinja's test_sequence).
bool test_sequence(const Value& v, const CallArgs&) { return v.is_list() || v.is_string() || v.is_map(); }

// iterable: the value can be looped over; Jinja's Undefined iterates as empty (test_iterable).
bool test_iterable(const Value& v, const CallArgs&) {
  return v.is_list() || v.is_string() || v.is_map() || v.is_undefined();
}

// callable: Jinja's Undefined defines __call__ (it raises), so callable() is true for it.
bool test_callable(const Value& v, const CallArgs&) {
  return v.is_undefined() || (v.is_object() && v.as_object()->callable());
}

// escaped: the value is markup (Jinja's test_escaped).
bool test_escaped(const Value& v, const CallArgs&) { return v.is_markup(); }

// odd: the integer is odd (Jinja's test_odd).
bool test_odd(const Value& v, const CallArgs&) {
  std::int64_t n = int_of(v);
  return n % 2 != 0;
}

// even: the integer is even (Jinja's test_even).
bool test_even(const Value& v, const CallArgs&) { return int_of(v) % 2 == 0; }

// divisibleby(num): the integer is a multiple of num (Jinja's test_divisibleby).
bool test_divisibleby(const Value& v, const CallArgs& args) {
  std::int64_t d = int_of(arg0(args, "divisibleby"));
  if (d == 0) fail("integer division or modulo by zero");
  return int_of(v) % d == 0;
}

// sameas(other): Python identity (Jinja's test_sameas).
bool test_sameas(const Value& v, const CallArgs& args) {
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
}

// in(seq): the value is in seq (Jinja's test_in).
bool test_in(const Value& v, const CallArgs& args) { return contains(arg0(args, "in"), v); }

// lower: the string is all lower case, as str.islower (Jinja's test_lower).
bool test_lower(const Value& v, const CallArgs&) {
  if (!v.is_string()) return false;
  Value out;
  call_method(v, "islower", CallArgs{}, out);
  return out.as_bool();
}

// upper: the string is all upper case, as str.isupper (Jinja's test_upper).
bool test_upper(const Value& v, const CallArgs&) {
  if (!v.is_string()) return false;
  Value out;
  call_method(v, "isupper", CallArgs{}, out);
  return out.as_bool();
}

// A built-in test as a plain function of the input and the call's arguments.
using TestFn = bool (*)(const Value& input, const CallArgs& args);

// One row of the registration table: the name templates use and its function.
struct TestEntry {
  std::string_view name;
  TestFn fn;
};

const TestEntry kTests[] = {
    {"defined", test_defined},
    {"undefined", test_undefined},
    {"none", test_none},
    {"boolean", test_boolean},
    {"true", test_true},
    {"false", test_false},
    {"integer", test_integer},
    {"float", test_float},
    {"number", test_number},
    {"string", test_string},
    {"mapping", test_mapping},
    {"sequence", test_sequence},
    {"iterable", test_iterable},
    {"callable", test_callable},
    {"escaped", test_escaped},
    {"odd", test_odd},
    {"even", test_even},
    {"divisibleby", test_divisibleby},
    {"sameas", test_sameas},
    {"in", test_in},
    {"lower", test_lower},
    {"upper", test_upper},
};

// The comparison tests (Jinja's operator.eq etc. and their aliases): one row per name,
// the name kept for the message when the other operand is missing.
struct ComparisonEntry {
  std::string_view name;
  CompareOp op;
};

const ComparisonEntry kComparisons[] = {
    {"eq", CompareOp::kEq},          {"equalto", CompareOp::kEq}, {"==", CompareOp::kEq},
    {"ne", CompareOp::kNe},          {"!=", CompareOp::kNe},      {"lt", CompareOp::kLt},
    {"lessthan", CompareOp::kLt},    {"<", CompareOp::kLt},       {"le", CompareOp::kLe},
    {"<=", CompareOp::kLe},          {"gt", CompareOp::kGt},      {"greaterthan", CompareOp::kGt},
    {">", CompareOp::kGt},           {"ge", CompareOp::kGe},      {">=", CompareOp::kGe},
};

}  // namespace

// The plain tests from their table, then each comparison bound to its operator and name.
void register_builtin_tests(Environment& env) {
  for (const TestEntry& entry : kTests) env.add_test(std::string(entry.name), entry.fn);
  for (const ComparisonEntry& c : kComparisons) {
    env.add_test(std::string(c.name), [c](const Value& v, const CallArgs& args) {
      return compare_op(c.op, v, arg0(args, c.name), false);
    });
  }
}

}  // namespace reel::tpl
