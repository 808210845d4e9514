#include <doctest/doctest.h>

#include "../template/test_util.h"
#include "template/printer.h"

using reel::Value;
using reel::ValueList;
using reel::ValueMap;
using reel::tpl::testing::Fixture;

namespace {

// Renders as a .txt template (no autoescape) so outputs read plainly.
std::string txt(Fixture& f, const std::string& src, const Value& c = ValueMap{}) { return f.render(src, c, "t.txt"); }

Value users() {
  return ValueList{Value(ValueMap{{"name", "b"}, {"active", true}, {"age", 30}}),
                   Value(ValueMap{{"name", "a"}, {"active", false}, {"age", 20}}),
                   Value(ValueMap{{"name", "c"}, {"active", true}, {"age", 20}})};
}

}  // namespace

TEST_CASE("template printer: Python str/repr and float formatting") {
  using reel::tpl::format_double;
  CHECK(format_double(1.0) == "1.0");
  CHECK(format_double(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_double(1e16) == "1e+16");
  CHECK(format_double(1.5e-5) == "1.5e-05");
  CHECK(format_double(123456789.0) == "123456789.0");
  CHECK(format_double(-0.0) == "-0.0");
  CHECK(reel::tpl::to_repr(Value("it's")) == "\"it's\"");
  CHECK(reel::tpl::to_str(Value(ValueList{Value("a\n"), Value(1), Value(), Value(true)})) == "['a\\n', 1, None, True]");
  CHECK(reel::tpl::escape_html("<&>\"'") == "&lt;&amp;&gt;&#34;&#39;");
}

TEST_CASE("template filters: default, join, length, case") {
  Fixture f;
  CHECK(txt(f, "{{ x|default('—') }}|{{ none|default('n') }}|{{ ''|d('e', true) }}|{{ 0|default(5) }}") == "—|None|e|0");
  CHECK(txt(f, "{{ [1, 'a']|join(', ') }}|{{ []|join(',') }}|{{ 'abc'|join('-') }}") == "1, a||a-b-c");
  CHECK(f.render("{{ ['<a>', s]|join(' ') }}", Value(ValueMap{{"s", Value::markup("<b>")}})) == "&lt;a&gt; <b>");
  CHECK(txt(f, "{{ 'héllo'|length }} {{ [1,2]|count }} {{ {'a': 1}|length }}") == "5 2 1");
  CHECK(txt(f, "{{ 'ÉCOLE'|lower }} {{ 'straße'|upper }} {{ 'hello wORLD-x'|title }} {{ 'hELLO'|capitalize }}") ==
        "école STRASSE Hello World-X Hello");
  CHECK(txt(f, "[{{ '  x  '|trim }}] [{{ '--x--'|trim('-') }}] {{ 'aaa'|replace('a', 'b', 2) }}") == "[x] [x] bba");
}

TEST_CASE("template filters: sequences") {
  Fixture f;
  Value c = Value(ValueMap{{"users", users()}});
  CHECK(txt(f, "{{ [3, 1, 2]|sort }} {{ ['b', 'A', 'a']|sort }} {{ [3, 1, 2]|sort(reverse=true) }}") ==
        "[1, 2, 3] ['A', 'a', 'b'] [3, 2, 1]");
  CHECK(txt(f, "{{ users|sort(attribute='age,name')|map(attribute='name')|join }}", c) == "acb");
  // Attribute paths split on '.' as Jinja's make_attrgetter does, an empty last part kept.
  CHECK(txt(f, "{{ [{'p': ['x', 'y']}, {'p': ['a', 'b']}]|sort(attribute='p.1')|map(attribute='p.0')|join }}") == "ax");
  CHECK(txt(f, "{{ [{'p': {'': 1}}]|map(attribute='p.')|list }}") == "[1]");
  CHECK(txt(f, "{{ users|selectattr('active')|map(attribute='name')|list }}", c) == "['b', 'c']");
  CHECK(txt(f, "{{ users|rejectattr('age', 'gt', 25)|map(attribute='name')|join }}", c) == "ac");
  CHECK(txt(f, "{{ [1, 2, 3, 4]|select('odd')|list }} {{ [1, 2, 3]|reject('==', 2)|list }}") == "[1, 3] [1, 3]");
  CHECK(txt(f, "{{ ['a', 'b']|map('upper')|join }} {{ users|map(attribute='x', default=0)|sum }}", c) == "AB 0");
  CHECK(txt(f, "{{ users|sum(attribute='age') }} {{ [1.5, 2]|sum }} {{ []|sum }}", c) == "70 3.5 0");
  CHECK(txt(f, "{{ ['a', 'A', 'b']|unique|list }} {{ [3, 1, 2]|min }} {{ ['a', 'B']|max }}") == "['a', 'b'] 1 B");
  CHECK(txt(f, "{{ [1, 2, 3, 4, 5]|batch(2)|list }} {{ [1, 2, 3]|batch(2, 0)|list }}") == "[[1, 2], [3, 4], [5]] [[1, 2], [3, 0]]");
  CHECK(txt(f, "{{ [1, 2, 3, 4, 5]|slice(2)|list }} {{ [1, 2, 3, 4]|slice(3, 'x')|list }}") ==
        "[[1, 2, 3], [4, 5]] [[1, 2], [3, 'x'], [4, 'x']]");
  CHECK(txt(f, "{{ xs|first }} {{ xs|last }} {{ 'abc'|first }} {{ []|first is undefined }}",
            Value(ValueMap{{"xs", ValueList{4, 5}}})) == "4 5 a True");
  CHECK(txt(f, "{{ [1, 2]|reverse|list }} {{ 'añb'|reverse }} {{ 'ab'|list }}") == "[2, 1] bña ['a', 'b']");
  CHECK(txt(f, "{{ {'b': 1, 'a': 2}|dictsort }} {{ {'b': 1, 'a': 2}|dictsort(by='value', reverse=true) }} {{ {'k': 1}|items|list }}") ==
        "[('a', 2), ('b', 1)] [('a', 2), ('b', 1)] [('k', 1)]");
  CHECK(txt(f, "{% for g in users|groupby('age') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join }} {% endfor %}", c) ==
        "20:ac 30:b ");
  CHECK(txt(f, "{% for age, us in users|groupby('age') %}{{ age }}{{ us|length }}{% endfor %}", c) == "202301");
}

TEST_CASE("template filters: numbers") {
  Fixture f;
  CHECK(txt(f, "{{ '42'|int }} {{ '4.7'|int }} {{ 'x'|int(7) }} {{ '0x1f'|int(base=16) }} {{ 3.9|int }} {{ none|int }}") ==
        "42 4 7 31 3 0");
  CHECK(txt(f, "{{ '3.5'|float }} {{ 'x'|float }} {{ 2|float }}") == "3.5 0.0 2.0");
  CHECK(txt(f, "{{ 2.5|round }} {{ 3.5|round }} {{ 2.675|round(2) }} {{ 3|round }} {{ 2.1|round(0, 'ceil') }} {{ 2.9|round(method='floor') }}") ==
        "2.0 4.0 2.67 3 3.0 2.0");
  CHECK(txt(f, "{{ -3|abs }} {{ -2.5|abs }}") == "3 2.5");
  CHECK(txt(f, "{{ 1|filesizeformat }} {{ 999|filesizeformat }} {{ 12345|filesizeformat }} {{ 1048576|filesizeformat(true) }}") ==
        "1 Byte 999 Bytes 12.3 kB 1.0 MiB");
  CHECK(txt(f, "{{ '%s-%03d|%.2f'|format('a', 7, 3.14159) }} {{ '%(a)s'|format(a=1) }}") == "a-007|3.14 1");
}

TEST_CASE("template filters: text") {
  Fixture f;
  CHECK(txt(f, "{{ 'The quick brown fox jumps'|truncate(10) }}|{{ 'abcdefghijklmnop'|truncate(10, true) }}|{{ 'short'|truncate(3) }}") ==
        "The...|abcdefg...|short");
  CHECK(txt(f, "{{ '<p>Hi <b>you</b> &amp; me</p><!-- x -->'|striptags }}") == "Hi you & me");
  CHECK(txt(f, "{{ 'one two  three'|wordcount }} {{ ''|wordcount }}") == "3 0");
  CHECK(txt(f, "{{ 'a\nb\n\nc'|indent(2) }}|{{ 'a\nb'|indent('> ', true) }}") == "a\n  b\n\n  c|> a\n> b");
  CHECK(txt(f, "[{{ 'x'|center(5) }}]") == "[  x  ]");
  CHECK(txt(f, "{{ 'The quick brown fox'|wordwrap(10) }}") == "The quick\nbrown fox");
  CHECK(txt(f, "{{ 'a b/c&d'|urlencode }} {{ {'a': 'x y', 'b': 1}|urlencode }}") == "a%20b/c%26d a=x+y&b=1");
  CHECK(f.render("{{ 'go to https://example.com.'|urlize }}") ==
        "go to <a href=\"https://example.com\" rel=\"noopener\">https://example.com</a>.");
}

TEST_CASE("template filters: html helpers and json") {
  Fixture f;
  CHECK(f.render("<a{{ {'class': 'x', 'id': none, 'title': '<'}|xmlattr }}>") == "<a class=\"x\" title=\"&lt;\">");
  CHECK(f.render("{{ {'b': [1, 2.5, none, true], 'a': '<é>'}|tojson }}") ==
        "{\"a\": \"\\u003c\\u00e9\\u003e\", \"b\": [1, 2.5, null, true]}");
  CHECK(txt(f, "{{ [1, {'a': []}]|tojson(indent=2) }}") == "[\n  1,\n  {\n    \"a\": []\n  }\n]");
  CHECK(f.render("{{ '<b>'|forceescape }} {{ s|forceescape }}", Value(ValueMap{{"s", Value::markup("<i>")}})) ==
        "&lt;b&gt; &lt;i&gt;");
  CHECK(txt(f, "{{ 'x'|pprint }} {{ [1, 'y']|pprint }}") == "'x' [1, 'y']");
  CHECK(txt(f, "{{ {'a': 1}|attr('a') is undefined }}") == "True");
}

TEST_CASE("template filters: tests") {
  Fixture f;
  CHECK(txt(f, "{{ 3 is odd }} {{ 4 is even }} {{ 10 is divisibleby 5 }} {{ none is none }} {{ 1 is number }} "
               "{{ 'a' is string }} {{ {} is mapping }} {{ [] is sequence }} {{ 1 is integer }} {{ 1.0 is float }} "
               "{{ true is boolean }} {{ range is callable }} {{ 'a' is in 'abc' }} {{ 2 is gt 1 }} {{ 'A' is upper }} "
               "{{ 1 is sameas 1 }} {{ x is not defined }} {{ 'upper' is filter }}") ==
        "True True True True True True True True True True True True True True True True True True");
  std::string err = f.error("{{ 1 is nope }}");
  CHECK(err.find("unknown test `nope`") != std::string::npos);
}

TEST_CASE("template filters: argument errors") {
  Fixture f;
  CHECK(f.error("{{ 'x'|truncate(1, nope=2) }}").find("filter `truncate` has no argument `nope`") != std::string::npos);
  CHECK(f.error("{{ 'x'|upper(1) }}").find("takes at most 0 argument") != std::string::npos);
  CHECK(f.error("{{ [1, 'a']|sort }}").find("not supported between") != std::string::npos);
}

TEST_CASE("template filters: edge cases with empty input, unicode and none") {
  Fixture f;
  // Empty input.
  CHECK(txt(f, "[{{ ''|upper }}|{{ ''|title }}|{{ ''|capitalize }}|{{ ''|trim }}|{{ ''|striptags }}|{{ ''|wordcount }}]") ==
        "[|||||0]");
  CHECK(txt(f, "[{{ []|join(',') }}|{{ []|sort }}|{{ []|unique|list }}|{{ []|sum }}|{{ []|batch(2)|list }}|{{ []|reverse|list }}]") ==
        "[|[]|[]|0|[]|[]]");
  CHECK(txt(f, "{{ []|first is undefined }} {{ []|max is undefined }} {{ ''|length }} {{ {}|items|list }}") == "True True 0 []");
  // Unicode: lengths and slicing count code points, case maps fully.
  CHECK(txt(f, "{{ 'héllo'|length }} {{ 'héllo'|reverse }} {{ 'ß'|upper }} {{ 'é'|center(5) }}|{{ 'ééé ééé'|truncate(5) }}") ==
        "5 olléh SS   é  |ééé ééé");  // within truncate's leeway of 5
  CHECK(txt(f, "{{ ['é', 'e', 'f']|sort }} {{ 'é ü'|urlencode }} {{ 'é'|tojson }}") == "['e', 'f', 'é'] %C3%A9%20%C3%BC \"\\u00e9\"");
  // None.
  CHECK(txt(f, "{{ none|string }} {{ none|lower }} {{ none|int }} {{ none|float }} {{ none|default('d') }} {{ none|tojson }}") ==
        "None none 0 0.0 None null");
  CHECK(!f.error("{{ none|length }}").empty());
  CHECK(!f.error("{{ none|join }}").empty());
}

TEST_CASE("template filters: markup safety through format and pprint sorting") {
  Fixture f;
  CHECK(f.render("{{ '<p>%s</p>'|safe|format('<x>') }}") == "<p>&lt;x&gt;</p>");
  CHECK(f.render("{{ ('<a>%s</a>'|safe) % '&' }}") == "<a>&amp;</a>");
  CHECK(txt(f, "{{ {'b': 1, 'a': {'d': 2, 'c': 3}}|pprint }}") == "{'a': {'c': 3, 'd': 2}, 'b': 1}");
  CHECK(txt(f, "{{ x is sameas x }} {{ [] is sameas [] }}", ValueMap{{"x", ValueList{Value(1)}}}) == "True False");
}
