// The template engine's limits (issue 11): no C++ exception, signal or stack overflow
// escapes a render; 64-bit integer arithmetic is checked; every render has a budget
// (tpl::Options max_output_bytes, max_string_bytes, max_list_items, max_iterations);
// template cycles are named; deep nesting stops with an error. Each limit has a test.
#include <doctest/doctest.h>

#include <chrono>
#include <new>
#include <stdexcept>
#include <string>

#include "../template/test_util.h"

using reel::Value;
using reel::ValueList;
using reel::ValueMap;
using reel::tpl::Options;
using reel::tpl::testing::Fixture;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The seconds `f` takes.
template <typename F>
double seconds(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// ---- checked integer arithmetic ---------------------------------------------------

TEST_CASE("template limits: integer overflow is an error with its position") {
  Fixture f;
  CHECK(f.error("x\n{{ 9223372036854775807 + 1 }}") ==
        "templates/t.html:2:4: error: integer overflow: 9223372036854775807 + 1 does not fit in 64 bits\n"
        "    {{ 9223372036854775807 + 1 }}\n"
        "       ^\n"
        "  hint: reel's integers are 64-bit (Python's are unbounded); use a float (`1.0 * x`) for huge numbers\n");
  CHECK(has(f.error("{{ -9223372036854775807 - 2 }}"), "integer overflow: -9223372036854775807 - 2 does not fit"));
  CHECK(has(f.error("{{ 4294967296 * 4294967296 }}"), "integer overflow: 4294967296 * 4294967296 does not fit"));
  CHECK(has(f.error("{% set m = -9223372036854775807 - 1 %}{{ -m }}"),
            "integer overflow: -(-9223372036854775808) does not fit in 64 bits"));
  CHECK(has(f.error("{% set m = -9223372036854775807 - 1 %}{{ m|abs }}"), "integer overflow: abs("));
  // Floats keep Python's float semantics.
  CHECK(f.render("{{ 9223372036854775807 + 1.0 }}") == "9.223372036854776e+18");
}

TEST_CASE("template limits: floor division and modulo by -1 never trap") {
  Fixture f;
  // INT64_MIN // -1 and INT64_MIN % -1 raise SIGFPE in C++.
  CHECK(has(f.error("{% set m = -9223372036854775807 - 1 %}{{ m // -1 }}"),
            "integer overflow: -9223372036854775808 // -1 does not fit in 64 bits"));
  CHECK(f.render("{% set m = -9223372036854775807 - 1 %}{{ m % -1 }} {{ 7 // -1 }} {{ -7 % -1 }} {{ 7 % -2 }}") ==
        "0 -7 0 -1");
  CHECK(has(f.error("{{ 1 // 0 }}"), "integer division or modulo by zero"));
  CHECK(has(f.error("{{ 1 % 0 }}"), "integer division or modulo by zero"));
}

TEST_CASE("template limits: powers square and check instead of looping") {
  Fixture f;
  double took = seconds([&] {
    CHECK(f.render("{{ 1 ** 1000000000000000000 }} {{ (-1) ** 1000000000000000001 }} {{ 0 ** 10**18 }}") == "1 -1 0");
    CHECK(has(f.error("{{ 2 ** (10**18) }}"), "integer overflow: 2 ** 1000000000000000000 does not fit in 64 bits"));
    // Jinja's ** is left-associative: 2 ** 10**18 is (2 ** 10) ** 18.
    CHECK(has(f.error("{{ 2 ** 10**18 }}"), "integer overflow: 1024 ** 18 does not fit in 64 bits"));
  });
  CHECK(took < 1.0);
  CHECK(f.render("{{ 2 ** 62 }} {{ (-2) ** 63 }} {{ 3 ** 39 }} {{ 2 ** -1 }} {{ 7 ** 0 }}") ==
        "4611686018427387904 -9223372036854775808 4052555153018976267 0.5 1");
  CHECK(has(f.error("{{ 2 ** 63 }}"), "integer overflow: 2 ** 63 does not fit"));
  CHECK(has(f.error("{{ 3 ** 40 }}"), "integer overflow: 3 ** 40 does not fit"));
}

TEST_CASE("template limits: floats to ints and inf or nan never crash") {
  Fixture f;
  CHECK(has(f.error("{{ 1e300|int }}"), "integer overflow: int(1e+300) does not fit in 64 bits"));
  CHECK(has(f.error("{{ '1e300'|int }}"), "integer overflow"));
  CHECK(f.render("{{ (1e308 * 10)|int }} {{ (1e308 * 10)|int(7) }}") == "0 7");
  CHECK(f.render("{{ 1e308 * 10 }} {{ -1e308 * 10 }} {{ (1e308 * 10) - (1e308 * 10) }}") == "inf -inf nan");
  CHECK(f.render("{{ '%.3f'|format(1e308 * 10) }} {{ '{:,}'.format(1e308 * 10) }} {{ (1e308 * 10)|round }}") ==
        "inf inf inf");
  CHECK(has(f.error("{{ '%d'|format(1e308 * 10) }}"), "cannot convert float infinity to integer"));
  CHECK(has(f.error("{{ range(1e308 * 10) }}"), "cannot convert float infinity to integer"));
  CHECK(has(f.error("{{ range(1e300) }}"), "integer overflow"));
  CHECK(f.render("{{ 1.5|round(-400) }} {{ 1.5|round(400) }} {{ 7|round(-1) }}") == "0.0 1.5 10");
  CHECK(f.render("{% set m = -9223372036854775807 - 1 %}{{ '%x'|format(m) }} {{ '{:b}'.format(-8) }}") ==
        "-8000000000000000 -1000");
  CHECK(has(f.error("{{ '%c'|format(-1) }}"), "%c arg not in range(0x110000)"));
  CHECK(has(f.error("{{ '%.500f'|format(1.0) }}"), "format precision 500 is too big"));
  CHECK(has(f.error("{{ 0x1FFFFFFFFFFFFFFFF }}"), "integer literal too large"));
}

// ---- native exceptions ----------------------------------------------------------

TEST_CASE("template limits: a C++ exception inside a render becomes a positioned error") {
  Fixture f;
  f.env.add_filter("boom", [](const Value&, const reel::CallArgs&, const reel::tpl::Context&) -> Value {
    throw std::out_of_range("vector::_M_range_check");
  });
  f.env.add_filter("hungry", [](const Value&, const reel::CallArgs&, const reel::tpl::Context&) -> Value {
    throw std::bad_alloc();
  });
  CHECK(f.error("a\n  {{ 1|boom }}") ==
        "templates/t.html:2:8: error: internal error while rendering: vector::_M_range_check\n"
        "      {{ 1|boom }}\n"
        "           ^\n");
  std::string err = f.error("{% for x in [1] %}{{ x|hungry }}{% endfor %}");
  CHECK(err.find("templates/t.html:1:24: error: out of memory while rendering (std::bad_alloc)") == 0);
  CHECK(has(err, "max_string_bytes"));
}

TEST_CASE("template limits: filters and methods refuse bad arguments") {
  Fixture f;
  // Jinja2 computes " " * width: a negative width indents by nothing.
  CHECK(f.render("{{ 'x\ny'|indent(-1) }}|{{ 'x\ny'|indent(-1, first=True) }}|{{ 'x\ny'|indent(2) }}", ValueMap{},
                 "t.txt") == "x\ny|x\ny|x\n  y");
  CHECK(f.render("{{ 'x'|center(-5) }}|{{ 'ab'.ljust(-3) }}|{{ 'ab'.zfill(-3) }}|{{ 'ab' * -3 }}|{{ [1] * -2 }}") ==
        "x|ab|ab||[]");
  CHECK(has(f.error("{{ 'abc def'|wordwrap(0) }}"), "invalid width 0 (must be > 0)"));
  CHECK(has(f.error("{{ 'abc def'|wordwrap(-1) }}"), "invalid width -1 (must be > 0)"));
  CHECK(has(f.error("{{ 'ab'.zfill() }}"), "zfill() takes exactly one argument"));
  CHECK(has(f.error("{{ 'ab'.center(5, 'xy') }}"), "The fill character must be exactly one character long"));
  CHECK(has(f.error("{{ [1, 2]|batch(0) }}"), "positive line count"));
  CHECK(has(f.error("{{ [1, 2]|slice(0) }}"), "positive number of slices"));
  CHECK(has(f.error("{{ '{99999999999999999999}'.format(1) }}"), "out of range for positional args tuple"));
  // Huge lengths, leeways, indexes and steps: no overflow, no read out of bounds.
  CHECK(f.render("{{ 'abcdefghij'|truncate(9223372036854775807) }}") == "abcdefghij");
  CHECK(f.render("{{ 'abcdefghij'|truncate(5, leeway=9223372036854775807) }}") == "abcdefghij");
  CHECK(f.render("{{ 'abcdef'[::9223372036854775807] }} {{ 'abcdef'[::-9223372036854775807 - 1] }} "
                 "{{ [1, 2, 3][-9223372036854775807 - 1:] }} {{ [1, 2, 3][:9223372036854775807:2] }} "
                 "{{ 'abc'[9223372036854775807:-9223372036854775807 - 1:-1] }} {{ 'abc'[10**18] is undefined }}") ==
        "a f [1, 2, 3] [1, 3] cba True");
  CHECK(f.render("{{ [{'a': [5]}]|map(attribute='a.99999999999999999999')|select('undefined')|list|length }}") ==
        "1");
}

// ---- the budget ------------------------------------------------------------------

TEST_CASE("template limits: huge strings stop quickly at max_string_bytes") {
  Fixture f;
  double took = seconds([&] {
    std::string err = f.error("x\n{{ 'a' * 10**12 }}");
    CHECK(err.find("templates/t.html:2:4: error: string too long: the result would be 1000000000000 bytes, over the "
                   "limit of 64 MiB\n") == 0);
    CHECK(has(err, "hint: the limit is the template option `max_string_bytes` (tpl::Options)"));
    CHECK(has(f.error("{{ 'x'|center(10**12) }}"), "string too long"));
    CHECK(has(f.error("{{ 'x'.ljust(10**12) }}"), "string too long"));
    CHECK(has(f.error("{{ 'x'.zfill(10**12) }}"), "string too long"));
    CHECK(has(f.error("{{ 'x\ny'|indent(10**12) }}"), "string too long"));
    CHECK(has(f.error("{{ '{:>1000000000000}'.format(1) }}"), "string too long"));
    CHECK(has(f.error("{{ '{:>99999999999999999999999}'.format(1) }}"), "string too long"));
    CHECK(has(f.error("{{ '%1000000000000s'|format('x') }}"), "string too long"));
    CHECK(has(f.error("{{ lipsum(10**12) }}"), "string too long"));
  });
  CHECK(took < 5.0);
  // Smaller limits for the filters that grow step by step.
  Options o;
  o.max_string_bytes = 1000;
  Fixture small(o);
  CHECK(small.render("{{ ('x' * 100)|length }}") == "100");
  CHECK(has(small.error("{{ 'x' * 1001 }}"), "the result would be 1001 bytes, over the limit of 1000 bytes"));
  CHECK(has(small.error("{{ (['x' * 100] * 20)|join }}"), "string too long"));
  CHECK(has(small.error("{{ (['x' * 100] * 20)|join(', ') }}"), "string too long"));
  CHECK(has(small.error("{{ ''.join(['x' * 100] * 20) }}"), "string too long"));
  CHECK(has(small.error("{{ ('word ' * 190)|wordwrap(5, wrapstring='<br>\n') }}"), "string too long"));
  CHECK(has(small.error("{{ ('a\n' * 100)|indent(20) }}"), "string too long"));
  CHECK(has(small.error("{{ ('x' * 600) ~ ('y' * 600) }}"), "string too long"));
  CHECK(has(small.error("{{ ('x' * 600) + ('y' * 600) }}"), "string too long"));
  CHECK(has(small.error("{{ ('x' * 600).replace('x', 'yy') }}"), "string too long"));
  CHECK(has(small.error("{{ '%s%s'|format('x' * 600, 'y' * 600) }}"), "string too long"));
}

TEST_CASE("template limits: huge lists stop quickly at max_list_items") {
  Fixture f;
  double took = seconds([&] {
    std::string err = f.error("{{ [1] * 10**12 }}");
    CHECK(err.find("templates/t.html:1:4: error: list too long: the result would have 1000000000000 items, over "
                   "the limit of 16777216\n") == 0);
    CHECK(has(err, "`max_list_items`"));
    CHECK(has(f.error("{% for i in range(10**12) %}{% endfor %}"), "list too long"));
    CHECK(has(f.error("{{ range(-9223372036854775807 - 1, 9223372036854775807) }}"), "list too long"));
    CHECK(has(f.error("{{ [1, 2]|batch(10**12, 0) }}"), "list too long"));
    CHECK(has(f.error("{{ [1, 2]|slice(10**12) }}"), "list too long"));
  });
  CHECK(took < 5.0);
  CHECK(f.render("{{ range(0 - 10**18, 10**18, 10**17)|length }} {{ range(10, 0, -3)|list }}") == "20 [10, 7, 4, 1]");
  Options o;
  o.max_list_items = 10;
  Fixture small(o);
  CHECK(small.render("{{ range(10)|length }}") == "10");
  CHECK(has(small.error("{{ range(11) }}"), "the result would have 11 items, over the limit of 10"));
  CHECK(has(small.error("{{ [1, 2] * 6 }}"), "list too long"));
  CHECK(has(small.error("{{ [1] * 5 + [2] * 6 }}"), "list too long"));
}

TEST_CASE("template limits: output stops at max_output_bytes") {
  Options o;
  o.max_output_bytes = 100;
  Fixture f(o);
  CHECK(f.render("{% for i in range(50) %}x{% endfor %}").size() == 50);
  std::string err = f.error("{% for i in range(1000) %}\nx{% endfor %}");
  CHECK(err.find("templates/t.html:1:27: error: output too long: the template wrote more than 100 bytes\n") == 0);
  CHECK(has(err, "`max_output_bytes`"));
  CHECK(has(f.error("ab\n{{ 'x' * 200 }}"), "templates/t.html:2:4: error: output too long"));
  // Macro and block buffers count too.
  CHECK(has(f.error("{% macro m() %}{% for i in range(200) %}y{% endfor %}{% endmacro %}{% set s = m() %}"),
            "output too long"));
}

TEST_CASE("template limits: loops and macro calls stop at max_iterations") {
  Options o;
  o.max_iterations = 1000;
  Fixture f(o);
  CHECK(f.render("{% for i in range(999) %}{% endfor %}ok") == "ok");
  std::string err = f.error("{% for i in range(600) %}{% for j in range(2) %}{% endfor %}{% endfor %}");
  CHECK(err.find("templates/t.html:1:26: error: too many steps: the render went past 1000 loop iterations and macro "
                 "calls\n") == 0);
  CHECK(has(err, "`max_iterations`"));
  // A macro that calls itself twice per level would run 2^40 times under the depth limit.
  CHECK(has(f.error("{% macro m(n) %}{% if n < 40 %}{{ m(n + 1) }}{{ m(n + 1) }}{% endif %}{% endmacro %}{{ m(0) }}"),
            "too many steps"));
  CHECK(has(f.error("{% for i in range(2000) if i > 5000 %}{% endfor %}"), "too many steps"));
  // The default is 100 million: ordinary templates never see it.
  CHECK(Options{}.max_iterations == 100'000'000);
  CHECK(Options{}.max_output_bytes == 256u << 20);
  CHECK(Options{}.max_string_bytes == 64u << 20);
  CHECK(Options{}.max_list_items == 16u << 20);
}

// ---- template cycles ---------------------------------------------------------------

TEST_CASE("template limits: extends cycles are named at the extends tag") {
  Fixture f;
  f.env.add_template("b.html", "x\n{% extends 'a.html' %}");
  CHECK(f.error("{% extends 'b.html' %}", ValueMap{}, "a.html") ==
        "templates/b.html:2:1: error: template cycle: a.html extends b.html extends a.html\n"
        "    {% extends 'a.html' %}\n"
        "    ^\n"
        "  hint: a template may not extend itself, directly or through its parents\n");
  CHECK(has(f.error("{% extends 'self.html' %}", ValueMap{}, "self.html"),
            "templates/self.html:1:1: error: template cycle: self.html extends self.html"));
  // A long acyclic chain still works.
  f.env.add_template("l0.html", "{% block b %}base{% endblock %}");
  for (int i = 1; i < 20; ++i) {
    f.env.add_template("l" + std::to_string(i) + ".html", "{% extends 'l" + std::to_string(i - 1) + ".html' %}");
  }
  CHECK(f.render("{% extends 'l19.html' %}{% block b %}top {{ super() }}{% endblock %}") == "top base");
}

TEST_CASE("template limits: include and import cycles are named") {
  Fixture f;
  f.env.add_template("b.html", "{% include 'a.html' %}");
  std::string err = f.error("{% include 'b.html' %}", ValueMap{}, "a.html");
  CHECK(has(err, "error: template cycle: b.html includes a.html includes b.html\n"));
  CHECK(has(err, "hint: templates nested 100 levels deep (the template option `max_depth`)"));
  CHECK(has(f.error("x{% include 't.html' %}"), "templates/t.html:1:2: error: template cycle: t.html includes t.html"));
  f.env.add_template("m2.html", "{% import 'm1.html' as m1 %}");
  CHECK(has(f.error("{% import 'm2.html' as m2 %}", ValueMap{}, "m1.html"),
            "error: template cycle: m2.html imports m1.html imports m2.html"));
  // An include that recurses over data, and ends, is no cycle.
  f.env.add_template("tree.html",
                     "({{ node.n }}{% for c in node.c %}{% with node = c %}{% include 'tree.html' %}{% endwith %}"
                     "{% endfor %})");
  Value leaf = ValueMap{{"n", 3}, {"c", ValueList{}}};
  Value mid = ValueMap{{"n", 2}, {"c", ValueList{leaf, leaf}}};
  Value root = ValueMap{{"node", Value(ValueMap{{"n", 1}, {"c", ValueList{mid}}})}};
  CHECK(f.env.render("tree.html", root) == "(1(2(3)(3)))");
}

// ---- deep nesting ------------------------------------------------------------------

TEST_CASE("template limits: deeply nested templates are errors, not stack overflows") {
  Fixture f;
  std::string parens = "{{ " + std::string(100000, '(') + "1" + std::string(100000, ')') + " }}";
  CHECK(has(f.error(parens), "nest more than 400 levels"));
  std::string lists = "{{ " + std::string(100000, '[') + std::string(100000, ']') + " }}";
  CHECK(has(f.error(lists), "nest more than 400 levels"));
  std::string dicts;
  for (int i = 0; i < 100000; ++i) dicts += "{'a': ";
  CHECK(has(f.error("{{ " + dicts + "1" + std::string(100000, '}') + " }}"), "nest more than 400 levels"));
  std::string ifs;
  for (int i = 0; i < 10000; ++i) ifs += "{% if true %}";
  for (int i = 0; i < 10000; ++i) ifs += "{% endif %}";
  CHECK(has(f.error(ifs), "nest more than 400 levels"));
  std::string filters = "{{ 1";
  for (int i = 0; i < 100000; ++i) filters += "|abs";
  CHECK(has(f.error(filters + " }}"), "nest more than 400 levels"));
  std::string nots = "{{ " + [] {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "not ";
    return s;
  }() + "1 }}";
  CHECK(has(f.error(nots), "nest more than 400 levels"));
  std::string minus = "{{ " + std::string(100000, '-') + "1 }}";
  CHECK(has(f.error(minus), "nest more than 400 levels"));
}

TEST_CASE("template limits: printing deep or self-holding values is an error") {
  Fixture f;
  const std::string grow =
      "{% set ns = namespace(x=[]) %}{% for i in range(2000) %}{% set ns.x = [ns.x] %}{% endfor %}";
  CHECK(has(f.error(grow + "{{ ns.x }}"),
            "error: value nested too deeply: more than 1000 levels of lists, dicts or objects"));
  CHECK(has(f.error(grow + "{{ ns.x|tojson }}"), "value nested too deeply"));
  CHECK(has(f.error(grow + "{{ ns.x|pprint }}"), "value nested too deeply"));
  CHECK(has(f.error("{% set ns = namespace(x=1, y=2) %}{% for i in range(2000) %}{% set ns.x = [ns.x] %}"
                    "{% set ns.y = [ns.y] %}{% endfor %}{{ ns.x < ns.y }}"),
            "value nested too deeply"));
  CHECK(f.render(grow + "{{ ns.x|length }}") == "1");
  CHECK(has(f.error("{% set a = namespace() %}{% set a.me = a %}{{ a }}"), "templates/t.html:1:47: error: value nested too deeply"));
  // A list holding itself twice per level prints as 2^100 items: stopped by the string limit.
  CHECK(has(f.error("{% set ns = namespace(x=[]) %}{% for i in range(100) %}{% set ns.x = [ns.x, ns.x] %}{% endfor %}"
                    "{{ ns.x }}"),
            "string too long"));
  // 500 levels (a JSON context may nest 512) still print.
  CHECK(f.render("{% set ns = namespace(x=1) %}{% for i in range(500) %}{% set ns.x = [ns.x] %}{% endfor %}"
                 "{{ ns.x|tojson|length }}") == "1001");
  // json.dumps: a negative indent is indent 0 (newlines only); a huge one hits the string limit.
  CHECK(f.render("{{ [1, [2]]|tojson(-3) }}", ValueMap{}, "t.txt") == "[\n1,\n[\n2\n]\n]");
  CHECK(has(f.error("{{ [1]|tojson(10**12) }}"), "string too long"));
}

TEST_CASE("template limits: a value nested a million levels deep is freed without a crash") {
  Fixture f;
  CHECK(f.render("{% set ns = namespace(x=[]) %}{% for i in range(1000000) %}{% set ns.x = [ns.x] %}{% endfor %}"
                 "{{ ns.x | length }}") == "1");
}
