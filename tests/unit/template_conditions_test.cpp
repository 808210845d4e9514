// Forgiving conditions (tpl::Options::strict_conditions = false, a site build's default):
// an undefined value, or a chain through one, is false where a condition takes its
// truth; printing, looping over, calling, filtering, comparing or computing with it stays
// a positioned error, and so does every other error inside a condition. With the option
// on (the engine's default, `reel render`'s) conditions are Jinja2's StrictUndefined.
#include <doctest/doctest.h>

#include <string>

#include "../template/test_util.h"

using reel::Value;
using reel::ValueList;
using reel::ValueMap;
using reel::tpl::Options;
using reel::tpl::testing::Fixture;

namespace {

Options forgiving() {
  Options o;
  o.strict_conditions = false;
  return o;
}

// A film without `budget`, another with one, and a map of both.
Value films_ctx() {
  Value no_budget = ValueMap{{"title", "Alien"}};
  Value with_budget = ValueMap{{"title", "Heat"}, {"budget", Value(ValueMap{{"estimated", 60}})}};
  return ValueMap{{"film", no_budget},
                  {"other", with_budget},
                  {"films", Value(ValueList{no_budget, with_budget})},
                  {"title", "T"}};
}

// The first line of the formatted error of rendering `source` ("" when it renders).
std::string first_line(Fixture& f, const std::string& source) {
  std::string e = f.error(source, films_ctx());
  return e.substr(0, e.find('\n'));
}

}  // namespace

TEST_CASE("template conditions: if and elif tests forgive undefined values and chains through them") {
  Fixture f(forgiving());
  Value c = films_ctx();
  CHECK(f.render("{% if missing %}a{% elif film.budget %}b{% elif film.budget.estimated %}c{% else %}d{% endif %}", c) ==
        "d");
  // A chain through an undefined name, attribute or item, at any depth.
  CHECK(f.render("{% if nobody.film.budget.estimated %}x{% else %}no{% endif %}", c) == "no");
  CHECK(f.render("{% if film['budget']['estimated'] %}x{% else %}no{% endif %}", c) == "no");
  CHECK(f.render("{% if film.budget[0].x %}x{% else %}no{% endif %}", c) == "no");
  CHECK(f.render("{% if films[5].budget %}x{% else %}no{% endif %}", c) == "no");
  // Defined values still decide as Python's truth does.
  CHECK(f.render("{% if other.budget.estimated %}{{ other.budget.estimated }}{% endif %}", c) == "60");
  CHECK(f.render("{% if other.budget.none %}x{% else %}no{% endif %}", c) == "no");
}

TEST_CASE("template conditions: not, and, or operands, in conditions and in values") {
  Fixture f(forgiving());
  Value c = films_ctx();
  CHECK(f.render("{% if not film.budget.estimated %}none{% endif %}", c) == "none");
  CHECK(f.render("{% if not missing %}none{% endif %}", c) == "none");
  CHECK(f.render("{% if film.budget.estimated and film.title %}x{% else %}no{% endif %}", c) == "no");
  CHECK(f.render("{% if film.title and film.budget.estimated %}x{% else %}no{% endif %}", c) == "no");
  CHECK(f.render("{% if film.budget.estimated or other.budget.estimated %}yes{% endif %}", c) == "yes");
  CHECK(f.render("{% if missing or also_missing.x %}x{% else %}no{% endif %}", c) == "no");
  // Outside an `if`: the operand's truth decides, the other operand is the value.
  CHECK(f.render("{{ film.budget.estimated or 'n/a' }}|{{ other.budget.estimated or 'n/a' }}", c) == "n/a|60");
  CHECK(f.render("{{ missing or title }}|{{ not film.budget.x }}|{{ not other.budget }}", c) == "T|True|False");
  CHECK(f.render("{{ (film.budget.x and 1) is defined }}", c) == "False");
  CHECK(f.render("{{ film.budget.x is defined or 'no' }}", c) == "no");
}

TEST_CASE("template conditions: inline if, for ... if, and is tests in conditions") {
  Fixture f(forgiving());
  Value c = films_ctx();
  CHECK(f.render("{{ 'yes' if film.budget.estimated else 'no' }}", c) == "no");
  CHECK(f.render("{{ 'yes' if other.budget.estimated else 'no' }}", c) == "yes");
  CHECK(f.render("[{{ 'yes' if missing }}]", c) == "[]");
  CHECK(f.render("{% if ('a' if missing.x else '') %}x{% else %}no{% endif %}", c) == "no");
  CHECK(f.render("{% for f in films if f.budget.estimated %}{{ f.title }}{% endfor %}", c) == "Heat");
  CHECK(f.render("{% for f in films if not f.budget.estimated %}{{ f.title }}{% endfor %}", c) == "Alien");
  // `is` tests read a chain through undefined as undefined inside a condition.
  CHECK(f.render("{% if film.budget.estimated is defined %}x{% else %}no{% endif %}", c) == "no");
  CHECK(f.render("{% if film.budget.estimated is undefined %}yes{% endif %}", c) == "yes");
  CHECK(f.render("{% if film.budget.estimated is none %}x{% else %}no{% endif %}", c) == "no");
  CHECK(f.render("{{ 'y' if nobody.x is defined else 'n' }}", c) == "n");
}

TEST_CASE("template conditions: the truth tests of select, reject, selectattr and rejectattr") {
  Fixture f(forgiving());
  Value c = films_ctx();
  CHECK(f.render("{{ films|selectattr('budget.estimated')|map(attribute='title')|join(',') }}", c) == "Heat");
  CHECK(f.render("{{ films|rejectattr('budget.estimated')|map(attribute='title')|join(',') }}", c) == "Alien");
  CHECK(f.render("{{ [film.budget, 1, 0]|select|list }}", c) == "[1]");
  CHECK(f.render("{{ [film.budget, 1]|reject|list|length }}", c) == "1");
  // A named test decides on its own: `defined` works, computing tests still fail.
  CHECK(f.render("{{ films|selectattr('budget', 'defined')|map(attribute='title')|join(',') }}", c) == "Heat");
  CHECK(first_line(f, "{{ films|selectattr('budget.estimated', 'odd')|list }}") ==
        "templates/t.html:1:10: error: `budget.estimated` is undefined");
}

TEST_CASE("template conditions: printing, looping, calling, filtering and computing stay errors") {
  Fixture f(forgiving());
  Value c = films_ctx();
  CHECK(f.error("<p>\n  {{ film.budget.estimated }}\n</p>", c) ==
        "templates/t.html:2:6: error: `film.budget` is undefined\n"
        "      {{ film.budget.estimated }}\n"
        "         ^\n"
        "  hint: test with `is defined`, or give a fallback with `|default(...)`\n");
  CHECK(f.error("{% for b in film.budget %}{{ b }}{% endfor %}", c) ==
        "templates/t.html:1:13: error: `film.budget` is undefined\n"
        "    {% for b in film.budget %}{{ b }}{% endfor %}\n"
        "                ^\n"
        "  hint: test with `is defined`, or give a fallback with `|default(...)`\n");
  CHECK(first_line(f, "{% if film.budget.estimated + 1 %}x{% endif %}") ==
        "templates/t.html:1:7: error: `film.budget` is undefined");
  CHECK(first_line(f, "{% if missing + 1 %}x{% endif %}") == "templates/t.html:1:7: error: `missing` is undefined");
  CHECK(first_line(f, "{{ missing - 1 }}") == "templates/t.html:1:4: error: `missing` is undefined");
  CHECK(first_line(f, "{% if missing() %}x{% endif %}") == "templates/t.html:1:7: error: `missing` is undefined");
  CHECK(first_line(f, "{% if film.budget.estimated() %}x{% endif %}") ==
        "templates/t.html:1:7: error: `film.budget` is undefined");
  CHECK(first_line(f, "{% if missing|upper %}x{% endif %}") == "templates/t.html:1:15: error: `missing` is undefined");
  CHECK(first_line(f, "{% if film.budget|length %}x{% endif %}") ==
        "templates/t.html:1:19: error: `film.budget` is undefined");
  CHECK(first_line(f, "{% if missing == 1 %}x{% endif %}") == "templates/t.html:1:7: error: `missing` is undefined");
  CHECK(first_line(f, "{% if film.year > 2000 %}x{% endif %}") ==
        "templates/t.html:1:7: error: `film.year` is undefined");
  CHECK(first_line(f, "{% if 'x' in film.tags %}x{% endif %}") ==
        "templates/t.html:1:7: error: `film.tags` is undefined");
  CHECK(first_line(f, "{% if film.budget.estimated is odd %}x{% endif %}") ==
        "templates/t.html:1:32: error: `film.budget` is undefined");
  CHECK(first_line(f, "{{ missing|select|list }}") == "templates/t.html:1:12: error: `missing` is undefined");
  // A value that an and/or operand gives back is printed as usual: undefined fails.
  CHECK(first_line(f, "{{ missing and 1 }}") == "templates/t.html:1:4: error: `missing` is undefined");
  CHECK(first_line(f, "{{ title and missing }}") == "templates/t.html:1:4: error: `missing` is undefined");
  // Outside conditions a chain through undefined is still an error.
  CHECK(first_line(f, "{% set b = film.budget.estimated %}") ==
        "templates/t.html:1:12: error: `film.budget` is undefined");
  // `default` and `is defined` work as before.
  CHECK(f.render("{{ film.budget|default('none') }}|{{ film.budget is defined }}", c) == "none|False");
}

TEST_CASE("template conditions: other errors inside a condition still surface") {
  Fixture f(forgiving());
  Value c = films_ctx();
  CHECK(first_line(f, "{% if 1 + 'a' %}x{% endif %}") ==
        "templates/t.html:1:7: error: unsupported operand type(s) for +: 'int' and 'str'");
  CHECK(first_line(f, "{% if title and 1 // 0 %}x{% endif %}").find("division") != std::string::npos);
  CHECK(first_line(f, "{% if [1]|batch(0) %}x{% endif %}").find("templates/t.html:1:") == 0);
  CHECK(first_line(f, "{% if title|nosuch %}x{% endif %}") == "templates/t.html:1:13: error: unknown filter `nosuch`");
  CHECK(first_line(f, "{% if title is nosuch %}x{% endif %}") == "templates/t.html:1:16: error: unknown test `nosuch`");
  CHECK(first_line(f, "{{ 'a' if (title ~ 1) * 'x' else 'b' }}") ==
        "templates/t.html:1:11: error: unsupported operand type(s) for *: 'str' and 'str'");
  // An undefined value printed inside a macro a condition calls is not the condition's.
  CHECK(f.error("{% macro m() %}{{ missing }}{% endmacro %}{% if m() %}x{% endif %}", c)
            .starts_with("templates/t.html:1:19: error: `missing` is undefined\n"));
  // Short-circuiting still skips what is not needed, as in Python.
  CHECK(f.render("{% if film.budget.x and 1 // 0 %}x{% else %}no{% endif %}", c) == "no");
}

TEST_CASE("template conditions: strict_conditions (the engine's default) keeps Jinja2's StrictUndefined") {
  Fixture f;  // Options{}: strict_conditions = true
  Value c = films_ctx();
  CHECK(f.error("{% if film.budget.estimated %}x{% endif %}", c) ==
        "templates/t.html:1:7: error: `film.budget` is undefined\n"
        "    {% if film.budget.estimated %}x{% endif %}\n"
        "          ^\n"
        "  hint: test with `is defined`, or give a fallback with `|default(...)`\n");
  CHECK(first_line(f, "{% if missing %}x{% endif %}") == "templates/t.html:1:7: error: `missing` is undefined");
  CHECK(first_line(f, "{% if title %}a{% elif missing %}b{% endif %}") == "");
  CHECK(first_line(f, "{% if not title %}a{% elif missing %}b{% endif %}") ==
        "templates/t.html:1:28: error: `missing` is undefined");
  CHECK(first_line(f, "{{ missing or 'n/a' }}") == "templates/t.html:1:4: error: `missing` is undefined");
  CHECK(first_line(f, "{{ 'a' if missing else 'b' }}") == "templates/t.html:1:4: error: `missing` is undefined");
  CHECK(first_line(f, "{% for x in films if x.budget.estimated %}{% endfor %}") ==
        "templates/t.html:1:22: error: `x.budget` is undefined");
  CHECK(first_line(f, "{{ films|selectattr('budget.estimated')|list }}") ==
        "templates/t.html:1:10: error: `budget.estimated` is undefined");
  CHECK(first_line(f, "{% if film.budget is defined %}{{ film.budget }}{% endif %}") == "");
}

TEST_CASE("template conditions: lenient undefined with forgiving conditions also forgives chains") {
  Options o = forgiving();
  o.strict_undefined = false;
  Fixture f(o);
  Value c = films_ctx();
  CHECK(f.render("{% if film.budget.estimated %}x{% else %}no{% endif %}[{{ missing }}]", c) == "no[]");
  // Jinja's default Undefined (strict_conditions on) fails on the chain, as Jinja2 does.
  Options jinja;
  jinja.strict_undefined = false;
  Fixture g(jinja);
  CHECK(first_line(g, "{% if film.budget.estimated %}x{% endif %}") ==
        "templates/t.html:1:7: error: `film.budget` is undefined");
  CHECK(first_line(g, "{% if missing %}x{% else %}no{% endif %}") == "");
}

TEST_CASE("template whitespace: trim_blocks and lstrip_blocks leave no blank lines around a loop") {
  const std::string source =
      "<ul>\n"
      "  {% for x in xs %}\n"
      "  <li>{{ x }}</li>\n"
      "  {% endfor %}\n"
      "</ul>\n";
  Value c = ValueMap{{"xs", Value(ValueList{1, 2})}};
  Fixture plain;
  CHECK(plain.render(source, c) == "<ul>\n  \n  <li>1</li>\n  \n  <li>2</li>\n  \n</ul>");
  Options trim;
  trim.trim_blocks = true;
  Fixture trimmed(trim);
  CHECK(trimmed.render(source, c) == "<ul>\n    <li>1</li>\n    <li>2</li>\n  </ul>");
  trim.lstrip_blocks = true;
  Fixture both(trim);
  CHECK(both.render(source, c) == "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>");
  trim.keep_trailing_newline = true;
  Fixture keep(trim);
  CHECK(keep.render(source, c) == "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
}
