#include <doctest/doctest.h>

#include <thread>

#include "../template/test_util.h"
#include "template/filters.h"

using reel::Value;
using reel::ValueList;
using reel::ValueMap;
using reel::tpl::testing::Fixture;

namespace {

Value ctx(std::initializer_list<ValueMap::Entry> entries) { return Value(ValueMap(entries)); }

}  // namespace

TEST_CASE("template render: expressions, attribute and index access") {
  Fixture f;
  Value c = ctx({{"film", ctx({{"title", "Alien"}, {"year", 1979}})}, {"xs", ValueList{1, 2, 3}}});
  CHECK(f.render("{{ film.title }} {{ film['year'] }} {{ xs[0] }} {{ xs[-1] }} {{ xs.1 }}", c) == "Alien 1979 1 3 2");
  CHECK(f.render("{{ 'a' ~ 1 ~ none }} {{ true }} {{ none }} {{ 1.0 }} {{ 10 / 4 }} {{ 7 // 2 }} {{ -7 % 3 }}") ==
        "a1None True None 1.0 2.5 3 2");
  CHECK(f.render("{{ [1, 'a', none] }} {{ {'a': 1} }} {{ (1, 2) }}", ValueMap{}, "t.txt") ==
        "[1, 'a', None] {'a': 1} (1, 2)");
  CHECK(f.render("{{ 1 in [1] }} {{ 'b' in 'abc' }} {{ 'k' not in {'k': 1} }} {{ 1 < 2 < 3 }}") ==
        "True True False True");
  CHECK(f.render("{{ 'x' if a else 'y' }}{{ a and 1 or 2 }}", ctx({{"a", false}})) == "y2");
  CHECK(f.render("{{ 'abc'.removeprefix('ab') }} {{ 'abc'.removesuffix('') }} {{ 'abc'.removesuffix('abcd') }} "
                 "{{ 'ab'.startswith('abc') }} {{ ''.startswith('') }} {{ 'abc'.endswith(('x', 'bc')) }}") ==
        "c abc abc False True True");
}

TEST_CASE("template render: autoescape by extension, safe, markup tracking") {
  Fixture f;
  Value c = ctx({{"s", "<b>&'\""}});
  CHECK(f.render("{{ s }}", c) == "&lt;b&gt;&amp;&#39;&#34;");
  CHECK(f.render("{{ s }}", c, "t.txt") == "<b>&'\"");
  CHECK(f.render("{{ s|safe }}|{{ s|e }}|{{ s|e|e }}", c) == "<b>&'\"|&lt;b&gt;&amp;&#39;&#34;|&lt;b&gt;&amp;&#39;&#34;");
  CHECK(f.render("{{ (s|safe) ~ '<' }}", c) == "<b>&'\"&lt;");
  CHECK(f.render("{% autoescape false %}{{ s }}{% endautoescape %}", c) == "<b>&'\"");
}

TEST_CASE("template render: if, for, loop variables, else, filters on loops") {
  Fixture f;
  Value c = ctx({{"xs", ValueList{"a", "b", "c"}}, {"nothing", ValueList{}}});
  CHECK(f.render("{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ x }}"
                 "{% if loop.first %}F{% elif loop.last %}L{% else %}-{% endif %}{% endfor %}",
                 c) == "103aF212b-321cL");
  CHECK(f.render("{% for x in nothing %}{{ x }}{% else %}empty{% endfor %}", c) == "empty");
  CHECK(f.render("{% for x in range(6) if x is even %}{{ x }}{{ loop.length }}{% endfor %}") == "032343");
  CHECK(f.render("{% for k, v in {'b': 1, 'a': 2}.items() %}{{ k }}{{ v }}{% endfor %}") == "b1a2");
  CHECK(f.render("{% for x in xs %}{{ loop.cycle('o', 'e') }}{% endfor %}", c) == "oeo");
  CHECK(f.render("{% for x in [1,2,3,4] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}"
                 "{{ x }}{% endfor %}") == "13");
}

TEST_CASE("template render: set scoping follows Jinja") {
  Fixture f;
  CHECK(f.render("{% set x = 1 %}{% if true %}{% set x = 2 %}{% endif %}{{ x }}"
                 "{% for i in [1] %}{% set x = 3 %}{% endfor %}{{ x }}") == "22");
  CHECK(f.render("{% set ns = namespace(n=0) %}{% for i in [1, 2, 3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}") ==
        "6");
  CHECK(f.render("{% set a, b = 1, 2 %}{{ b }}{{ a }}") == "21");
  CHECK(f.render("{% set t %}<i>{{ 1 }}</i>{% endset %}{{ t }}") == "<i>1</i>");
  CHECK(f.render("{% with a = 5 %}{{ a }}{% endwith %}{{ a is defined }}") == "5False");
}

TEST_CASE("template render: extends, blocks, super, self, include") {
  Fixture f;
  f.env.add_template("base.html", "<h1>{% block title %}Base{% endblock %}</h1>{% block body %}{% endblock %}|{{ self.title() }}");
  f.env.add_template("part.html", "[{{ who }}]");
  CHECK(f.render("{% extends 'base.html' %}{% block title %}Child/{{ super() }}{% endblock %}"
                 "{% block body %}{% include 'part.html' %}{% endblock %}",
                 ctx({{"who", "me"}})) == "<h1>Child/Base</h1>[me]|Child/Base");
  f.env.add_template("mid.html", "{% extends 'base.html' %}{% block title %}({{ super() }}){% endblock %}");
  CHECK(f.render("{% extends 'mid.html' %}{% block title %}[{{ super() }}]{% endblock %}") == "<h1>[(Base)]</h1>|[(Base)]");
  CHECK(f.render("{% for who in ['a', 'b'] %}{% include 'part.html' %}{% endfor %}") == "[a][b]");
  CHECK(f.render("{% include ['missing.html', 'part.html'] %}{% include 'nope.html' ignore missing %}",
                 ctx({{"who", 1}})) == "[1]");
  CHECK(f.env.dependencies("t.html") == std::vector<std::string>{"missing.html", "nope.html", "part.html"});
}

TEST_CASE("template render: macros, call blocks, imports") {
  Fixture f;
  CHECK(f.render("{% macro m(a, b=2) %}{{ a }}{{ b }}{{ varargs|length }}{{ kwargs }}{% endmacro %}{{ m(1) }} {{ m(1, 3, 4, x=5) }}",
                 ValueMap{}, "t.txt") == "120{} 131{'x': 5}");
  CHECK(f.render("{% macro ul(xs) %}<ul>{% for x in xs %}<li>{{ caller(x) }}</li>{% endfor %}</ul>{% endmacro %}"
                 "{% call(x) ul([1, 2]) %}<b>{{ x }}</b>{% endcall %}") == "<ul><li><b>1</b></li><li><b>2</b></li></ul>");
  f.env.add_template("forms.html", "{% set v = 42 %}{% macro hi(n) %}Hi {{ n }}!{% endmacro %}");
  CHECK(f.render("{% import 'forms.html' as forms %}{% from 'forms.html' import hi as h %}{{ forms.hi('a') }} {{ h('b') }} {{ forms.v }}") ==
        "Hi a! Hi b! 42");
  CHECK(f.render("{% macro r(n) %}{% if n > 0 %}{{ n }}{{ r(n - 1) }}{% endif %}{% endmacro %}{{ r(3) }}") == "321");
  CHECK(f.render("{% filter upper %}hello {{ 'x' }}{% endfilter %}") == "HELLO X");
}

TEST_CASE("template render: recursive loops and depth") {
  Fixture f;
  Value tree = ValueList{ctx({{"n", "a"}, {"c", ValueList{ctx({{"n", "b"}, {"c", ValueList{}}})}}}), ctx({{"n", "c"}})};
  CHECK(f.render("{% for i in tree recursive %}<{{ i.n }}{% if i.c is defined %}{{ loop(i.c) }}{% endif %}{{ loop.depth }}>{% endfor %}",
                 ctx({{"tree", tree}})) == "<a<b2>1><c1>");
}

TEST_CASE("template render: whitespace control and options") {
  Fixture f;
  CHECK(f.render("a  {%- if true -%}  b  {%- endif %}  c {{- 'd' -}} e") == "ab  cde");
  CHECK(f.render("x\n") == "x");
  reel::tpl::Options o;
  o.trim_blocks = true;
  o.lstrip_blocks = true;
  o.keep_trailing_newline = true;
  Fixture g(o);
  CHECK(g.render("<ul>\n  {% for x in [1, 2] %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>\n") ==
        "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
}

TEST_CASE("template render: undefined values, strict and lenient") {
  Fixture strict;
  std::string err = strict.error("ok\n  {{ page.subtitle }}", ctx({{"page", ctx({{"title", "T"}})}}), "layouts/film.html");
  CHECK(err.find("templates/layouts/film.html:2:6: error: `page.subtitle` is undefined") == 0);
  CHECK(err.find("    ^") != std::string::npos);
  CHECK(strict.render("{{ x|default('—') }}{% if x is defined and x %}no{% endif %}{{ x is defined }}") == "—False");
  // StrictUndefined: truth-testing an undefined is an error, `x if c` without else is not.
  CHECK(strict.error("{% if x %}no{% endif %}").find("`x` is undefined") != std::string::npos);
  CHECK(strict.render("[{{ 'a' if false }}]{{ ('a' if false) is defined }}") == "[]False");
  CHECK(!strict.error("{% for a in nope %}{% endfor %}").empty());
  reel::tpl::Options o;
  o.strict_undefined = false;
  Fixture lenient(o);
  CHECK(lenient.render("[{{ x }}]{{ x|length }}{% for a in x %}{% endfor %}") == "[]0");
  CHECK(!lenient.error("{{ x.y }}").empty());
}

TEST_CASE("template render: errors name the file, the chain and suggest fixes") {
  Fixture f;
  std::string err = f.error("{{ 'x'|uper }}");
  CHECK(err.find("templates/t.html:1:8: error: unknown filter `uper`") == 0);
  CHECK(err.find("did you mean `upper`?") != std::string::npos);
  f.env.add_template("inner.html", "\n{{ 1 + 'a' }}");
  err = f.error("{% include 'inner.html' %}");
  CHECK(err.find("templates/inner.html:2:4") == 0);
  CHECK(err.find("included from templates/t.html:1:1") != std::string::npos);
  err = f.error("{% include 'innr.html' %}");
  CHECK(err.find("unknown template `innr.html`") != std::string::npos);
  CHECK(err.find("did you mean `inner.html`?") != std::string::npos);
  CHECK_THROWS_AS(f.env.render("../etc/passwd", ValueMap{}), reel::Error);
  CHECK_THROWS_AS(f.env.render("nope.html", ValueMap{}), reel::Error);
  err = f.error("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}");
  CHECK(err.find("maximum nesting depth of 100 exceeded") != std::string::npos);
}

TEST_CASE("template render: load_all collects every syntax error") {
  reel::MemoryFileSystem fs;
  fs.write("templates/a.html", "{% for %}");
  fs.write("templates/b.html", "{{ ok }}");
  fs.write("templates/sub/c.html", "{% if x %}");
  reel::tpl::Environment env(fs, "templates");
  auto diags = env.load_all();
  CHECK(diags.error_count() == 2);
  CHECK(env.has_template("b.html"));
  CHECK(env.has_template("sub/c.html") == false);
  CHECK(env.template_names() == std::vector<std::string>{"b.html"});
  CHECK(env.render("b.html", ctx({{"ok", 1}})) == "1");
}

TEST_CASE("template render: globals, host functions and concurrent renders") {
  Fixture f;
  f.env.add_filter("shout", [](const Value& v, const reel::CallArgs&, const reel::tpl::Context& c) {
    return Value(reel::tpl::filter_text(v, c) + "!" + c.lookup("lang").as_string());
  });
  f.env.add_global("site", ctx({{"name", "reel"}}));
  f.env.add_function("tr", [](const reel::CallArgs& a, const reel::tpl::Context& c) {
    return Value(c.lookup("lang").as_string() + ":" + a.positional.at(0).as_string());
  });
  CHECK(f.render("{{ tr('hi') }}", ctx({{"lang", "fr"}})) == "fr:hi");
  f.env.add_template("p.html", "{% for i in range(50) %}{{ site.name|shout }}{% endfor %}");
  std::vector<std::thread> threads;
  std::vector<std::string> outs(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { outs[static_cast<std::size_t>(i)] = f.env.render("p.html", ctx({{"lang", "en"}})); });
  }
  for (auto& t : threads) t.join();
  std::string expected;
  for (int i = 0; i < 50; ++i) expected += "reel!en";
  for (const auto& o : outs) CHECK(o == expected);
}
