// Error messages of the template engine, checked in full: position, source line with
// caret, what was expected, did-you-mean hints, the include/extends/macro chain, and
// limits that stop runaway templates without crashing.
#include <doctest/doctest.h>

#include "../template/test_util.h"

using reel::Value;
using reel::ValueMap;
using reel::tpl::testing::Fixture;

TEST_CASE("template errors: an unclosed for names its opener") {
  Fixture f;
  CHECK(f.error("<ul>\n{% for x in xs %}\n  <li>{{ x }}</li>\n</ul>") ==
        "templates/t.html:4:6: error: expected `endfor` to close `for` opened at templates/t.html:2:1, got end of template\n"
        "    </ul>\n"
        "         ^\n"
        "  hint: the tags allowed here are `endfor`, `else`\n");
}

TEST_CASE("template errors: an unknown filter suggests the closest one") {
  Fixture f;
  CHECK(f.error("{% set title = 'x' %}\n{{ title|uper }}") ==
        "templates/t.html:2:10: error: unknown filter `uper`\n"
        "    {{ title|uper }}\n"
        "             ^\n"
        "  hint: did you mean `upper`?\n");
}

TEST_CASE("template errors: an undefined variable suggests a name in scope") {
  Fixture f;
  Value ctx = ValueMap{{"title", "Film"}};
  CHECK(f.error("<h1>\n  {{ titel }}\n</h1>", ctx) ==
        "templates/t.html:2:6: error: `titel` is undefined\n"
        "      {{ titel }}\n"
        "         ^\n"
        "  hint: did you mean `title`?\n");
  // A missing key of a map suggests one of its keys.
  Value film = ValueMap{{"film", Value(ValueMap{{"title", "F"}, {"year", 2010}})}};
  CHECK(f.error("{{ film.titel }}", film) ==
        "templates/t.html:1:4: error: `film.titel` is undefined\n"
        "    {{ film.titel }}\n"
        "       ^\n"
        "  hint: did you mean `title`?\n");
  // Truth-testing an undefined value is an error in strict mode (StrictUndefined).
  CHECK(f.error("{% if titel %}x{% endif %}", ctx) ==
        "templates/t.html:1:7: error: `titel` is undefined\n"
        "    {% if titel %}x{% endif %}\n"
        "          ^\n"
        "  hint: did you mean `title`?\n");
}

TEST_CASE("template errors: the include and extends chain is shown") {
  Fixture f;
  f.env.add_template("partials/card.html", "<div>\n{{ missing }}</div>");
  f.env.add_template("layouts/base.html", "<body>{% include 'partials/card.html' %}</body>");
  CHECK(f.error("{% extends 'layouts/base.html' %}", ValueMap{}, "page.html") ==
        "templates/partials/card.html:2:4: error: `missing` is undefined\n"
        "    {{ missing }}</div>\n"
        "       ^\n"
        "  included from templates/layouts/base.html:1:7\n"
        "  in templates/layouts/base.html, extended from templates/page.html:1:1\n"
        "  hint: test with `is defined`, or give a fallback with `|default(...)`\n");
}

TEST_CASE("template errors: runaway recursion stops at the depth limit") {
  Fixture f;
  CHECK(f.error("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}") ==
        "templates/t.html:1:20: error: maximum nesting depth of 100 exceeded\n"
        "    {% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n"
        "                       ^\n"
        "  in macro `f` called from templates/t.html:1:20\n"
        "  ... the same 98 more times\n"
        "  in macro `f` called from templates/t.html:1:48\n"
        "  hint: a macro, include, extends or recursive loop probably calls itself without end\n");
  // A template that includes itself is a cycle, named (template_limits_test has more).
  std::string err = f.error("x{% include 't.html' %}");
  CHECK(err.find("templates/t.html:1:2: error: template cycle: t.html includes t.html\n") == 0);
  CHECK(err.find("  included from templates/t.html:1:2\n  ... the same 99 more times\n") != std::string::npos);
}

TEST_CASE("template errors: absurd nesting is an error, not a stack overflow") {
  Fixture f;
  std::string deep = "{{ " + std::string(100000, '(') + "1" + std::string(100000, ')') + " }}";
  CHECK(f.error(deep).find("error: expressions or blocks nest more than 400 levels deep here") != std::string::npos);
  std::string chain = "{{ 1";
  for (int i = 0; i < 100000; ++i) chain += " + 1";
  CHECK(f.error(chain + " }}").find("nest more than 400 levels") != std::string::npos);
  std::string blocks;
  for (int i = 0; i < 5000; ++i) blocks += "{% if true %}";
  CHECK(f.error(blocks).find("nest more than 400 levels") != std::string::npos);
  // Real templates nest far less and still work.
  CHECK(f.render("{{ ((((1 + 2) * 3) - 4) ~ 'x')|upper }}", ValueMap{}, "t.txt") == "5X");
}

TEST_CASE("template errors: unsafe template names are refused") {
  Fixture f;
  std::string err = f.error("{% include '../secret.html' %}");
  CHECK(err.find("templates/t.html:1:12: error: template name `../secret.html` is not a safe relative path") == 0);
  CHECK(!f.error("{% include '/etc/passwd' %}").empty());
  CHECK_THROWS_AS(f.env.add_template("../x.html", "x"), reel::Error);
}

TEST_CASE("template errors: a template that is not UTF-8 is an error at its first bad byte") {
  reel::MemoryFileSystem fs;
  fs.write("templates/bad.html", "<p>ok</p>\n<p>caf\xE9</p>\n");
  reel::tpl::Environment env(fs, "templates");
  reel::Diagnostics d = env.load_all();
  REQUIRE(d.has_errors());
  CHECK(d.format().find("templates/bad.html:2:7: error: invalid UTF-8") != std::string::npos);
}
