#include <doctest/doctest.h>

#include "base/diagnostics.h"
#include "template/lexer.h"

using reel::tpl::LexerOptions;
using reel::tpl::Token;
using reel::tpl::TokenKind;
using reel::tpl::tokenize;

namespace {

std::vector<Token> lex(std::string_view src, LexerOptions o = {}) { return tokenize(src, o, "t.html"); }

}  // namespace

TEST_CASE("template lexer: token kinds and 1-based positions") {
  auto t = lex("ab\n  {{ x.y|f(1, 2.5, 's') }}");
  REQUIRE(t.size() >= 4);
  CHECK(t[0].kind == TokenKind::kData);
  CHECK(t[0].text == "ab\n  ");
  CHECK(t[1].kind == TokenKind::kVariableBegin);
  CHECK(t[1].line == 2);
  CHECK(t[1].column == 3);
  CHECK(t[2].kind == TokenKind::kName);
  CHECK(t[2].text == "x");
  CHECK(t[2].column == 6);
  CHECK(t[3].is_op("."));
  CHECK(t[5].is_op("|"));
  CHECK(t[8].kind == TokenKind::kInteger);
  CHECK(t[8].int_value == 1);
  CHECK(t[10].kind == TokenKind::kFloat);
  CHECK(t[10].float_value == 2.5);
  CHECK(t[12].kind == TokenKind::kString);
  CHECK(t[12].text == "s");
  CHECK(t.back().kind == TokenKind::kEof);
}

TEST_CASE("template lexer: operators, number literals and string escapes") {
  auto t = lex("{{ a // b ** c != d <= 1_000 ~ 0x1F ~ 'a\\n\\'b' ~ \"\\u00e9\" }}");
  std::vector<std::string> ops;
  for (const auto& tok : t) {
    if (tok.kind == TokenKind::kOperator) ops.push_back(tok.text);
  }
  CHECK(ops == std::vector<std::string>{"//", "**", "!=", "<=", "~", "~", "~"});
  bool saw_1000 = false, saw_hex = false;
  for (const auto& tok : t) {
    if (tok.kind == TokenKind::kInteger && tok.int_value == 1000) saw_1000 = true;
    if (tok.kind == TokenKind::kInteger && tok.int_value == 31) saw_hex = true;
  }
  CHECK(saw_1000);
  CHECK(saw_hex);
  CHECK(t[t.size() - 5].text == "a\n'b");
  CHECK(t[t.size() - 3].text == "\xC3\xA9");
}

TEST_CASE("template lexer: comments vanish, raw blocks stay text") {
  auto t = lex("a{# {{ no }} #}b{% raw %}{{ x }}{% endraw %}c");
  REQUIRE(t.size() == 5);
  CHECK(t[0].text == "a");
  CHECK(t[1].text == "b");
  CHECK(t[2].text == "{{ x }}");
  CHECK(t[3].text == "c");
}

TEST_CASE("template lexer: whitespace control with - and trim/lstrip options") {
  auto t = lex("a  \n {%- if x -%}\n  b");
  CHECK(t[0].text == "a");
  CHECK(t.back().kind == TokenKind::kEof);
  CHECK(t[t.size() - 2].text == "b");

  LexerOptions o;
  o.trim_blocks = true;
  o.lstrip_blocks = true;
  auto u = lex("x\n    {% if y %}\nz", o);
  CHECK(u[0].text == "x\n");
  CHECK(u[u.size() - 2].text == "z");
  // `+` disables lstrip for that tag.
  auto v = lex("x\n  {%+ if y %}z", o);
  CHECK(v[0].text == "x\n  ");
}

TEST_CASE("template lexer: a } inside braces does not end a print tag") {
  auto t = lex("{{ {'a': {'b': 1}} }}");
  CHECK(t.back().kind == TokenKind::kEof);
  CHECK(t[t.size() - 2].kind == TokenKind::kVariableEnd);
}

TEST_CASE("template lexer: errors carry file:line:column") {
  try {
    lex("ok\n{{ 'unterminated }}");
    FAIL("expected an error");
  } catch (const reel::Error& e) {
    CHECK(e.diagnostic().pos.file == "t.html");
    CHECK(e.diagnostic().pos.line == 2);
    CHECK(e.diagnostic().pos.column == 4);
    CHECK(e.diagnostic().message.find("unterminated string") != std::string::npos);
  }
  CHECK_THROWS_AS(lex("{# never closed"), reel::Error);
  CHECK_THROWS_AS(lex("{{ x "), reel::Error);
  CHECK_THROWS_AS(lex("{{ x ) }}"), reel::Error);
  CHECK_THROWS_AS(lex("{% raw %}no end"), reel::Error);
}

TEST_CASE("template lexer: block tags, positions across lines and unicode columns") {
  // Columns count bytes from 1, as the caret under the source line expects.
  auto t = lex("é\n{% if a %}\n  {{ b }}");
  REQUIRE(t.size() == 10);
  CHECK(t[0].kind == TokenKind::kData);
  CHECK(t[1].kind == TokenKind::kBlockBegin);
  CHECK(t[1].line == 2);
  CHECK(t[1].column == 1);
  CHECK(t[2].is_name("if"));
  CHECK(t[2].column == 4);
  CHECK(t[3].is_name("a"));
  CHECK(t[4].kind == TokenKind::kBlockEnd);
  CHECK(t[5].kind == TokenKind::kData);
  CHECK(t[5].text == "\n  ");
  CHECK(t[6].kind == TokenKind::kVariableBegin);
  CHECK(t[6].line == 3);
  CHECK(t[6].column == 3);
  CHECK(t[7].is_name("b"));
  CHECK(t[7].column == 6);
  CHECK(t[8].kind == TokenKind::kVariableEnd);
  CHECK(t.back().kind == TokenKind::kEof);
}

TEST_CASE("template lexer: empty input, only text, keep_trailing_newline") {
  auto e = lex("");
  REQUIRE(e.size() == 1);
  CHECK(e[0].kind == TokenKind::kEof);
  auto d = lex("just text\n");
  CHECK(d[0].text == "just text");  // the single trailing newline goes (Jinja's default)
  LexerOptions keep;
  keep.keep_trailing_newline = true;
  CHECK(lex("just text\n", keep)[0].text == "just text\n");
}
