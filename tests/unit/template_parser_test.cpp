#include <doctest/doctest.h>

#include "../template/test_util.h"
#include "template/parser.h"

using reel::tpl::testing::Fixture;

namespace {

std::string syntax_error(const std::string& src, const std::string& name = "layouts/film.html") {
  Fixture f;
  try {
    f.env.add_template(name, src);
  } catch (const reel::Error& e) {
    return e.diagnostic().format();
  }
  return "";
}

}  // namespace

TEST_CASE("template parser: unclosed for names the opener with file:line:column") {
  std::string err = syntax_error("line one\n\n  {% for x in xs %}\n{{ x }}\n");
  CHECK(err.find("templates/layouts/film.html:") == 0);
  CHECK(err.find("expected `endfor` to close `for` opened at templates/layouts/film.html:3:3") != std::string::npos);
  CHECK(err.find("got end of template") != std::string::npos);
}

TEST_CASE("template parser: mismatched end tag") {
  std::string err = syntax_error("{% if a %}x{% endfor %}");
  CHECK(err.find("expected `endif` to close `if` opened at templates/layouts/film.html:1:1") != std::string::npos);
  CHECK(err.find("^") != std::string::npos);
}

TEST_CASE("template parser: unknown tag suggests a known one") {
  std::string err = syntax_error("{% endfro %}");
  CHECK(err.find("unknown tag `endfro`") != std::string::npos);
  CHECK(err.find("did you mean `endfor`?") != std::string::npos);
}

TEST_CASE("template parser: expression errors point at the token") {
  std::string err = syntax_error("{{ }}");
  CHECK(err.find(":1:4: error: expected an expression, got end of print statement `}}`") != std::string::npos);
  CHECK(syntax_error("{{ a b }}").find("expected end of print statement") != std::string::npos);
  CHECK(syntax_error("{% set 1 = 2 %}").find("can't assign") != std::string::npos);
  CHECK(syntax_error("{% macro m(a=1, b) %}{% endmacro %}").find("without a default") != std::string::npos);
  CHECK(syntax_error("{% block a %}{% endblock %}{% block a %}{% endblock %}").find("defined twice") != std::string::npos);
  CHECK(syntax_error("{% break %}").find("only allowed inside a `for` loop") != std::string::npos);
}

TEST_CASE("template parser: blocks and static references are recorded") {
  auto t = reel::tpl::parse_template(
      "a.html", "templates/a.html",
      "{% extends 'base.html' %}{% import 'm.html' as m %}{% block x %}{% include ['p.html', 'q.html'] %}{% endblock %}",
      true, {});
  CHECK(t->has_extends);
  CHECK(t->blocks.count("x") == 1);
  CHECK(t->references == std::vector<std::string>{"base.html", "m.html", "p.html", "q.html"});
}

TEST_CASE("template parser: precedence follows Jinja") {
  Fixture f;
  CHECK(f.render("{{ 1 + 2 * 3 }}") == "7");
  CHECK(f.render("{{ 2 ** 3 ** 2 }}") == "64");  // left-associative in Jinja
  CHECK(f.render("{{ -2 ** 2 }}") == "4");       // unary binds tighter than **
  CHECK(f.render("{{ not 1 == 2 }}") == "True");
  CHECK(f.render("{{ 1 ~ 2 * 3 }}") == "16");  // ~ binds tighter than + and looser than *
  CHECK(f.render("{{ 'a' if false else 'b' if true else 'c' }}") == "b");
  CHECK(f.render("{{ -3|abs }}") == "3");
  CHECK(f.render("{{ [1, 2][1:] }}") == "[2]");
}

TEST_CASE("template parser: error positions of common mistakes") {
  CHECK(syntax_error("{% if true %}\nyes", "t.html").find("templates/t.html:2:4: error: expected `endif` to close `if` opened at templates/t.html:1:1, got end of template") == 0);
  CHECK(syntax_error("a\n{% endfor %}", "t.html").find("templates/t.html:2:") == 0);
  CHECK(syntax_error("{{ 1 + }}", "t.html").find("templates/t.html:1:8:") == 0);
  CHECK(syntax_error("{% block a %}{% endblock %}\n{% block a %}{% endblock %}", "t.html").find("templates/t.html:2:") == 0);
  CHECK(syntax_error("{% block a %}\n{% endblock b %}", "t.html").find("templates/t.html:2:") == 0);
  CHECK(syntax_error("{% for x xs %}{% endfor %}", "t.html").find("templates/t.html:1:10:") == 0);
}
