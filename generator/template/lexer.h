// lexer: splits template source into tokens with 1-based line:column positions.
// Encodes Jinja2's lexing rules (Template Designer Documentation, "Whitespace Control",
// "Escaping" for raw blocks, "Literals" for numbers and strings): `{{ }}`, `{% %}`,
// `{# #}`, `-`/`+` whitespace control, raw blocks, trim_blocks, lstrip_blocks and the
// removal of one trailing newline unless keep_trailing_newline.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reel::tpl {

enum class TokenKind : std::uint8_t {
  kData,           // template text between tags (already whitespace-controlled)
  kVariableBegin,  // {{
  kVariableEnd,    // }}
  kBlockBegin,     // {%
  kBlockEnd,       // %}
  kName,           // identifier or keyword; text in `text`
  kString,         // string literal; unescaped text in `text`
  kInteger,        // integer literal; value in `int_value`
  kFloat,          // float literal; value in `float_value`
  kOperator,       // one of + - / // * % ** ~ [ ] ( ) { } == != > >= < <= = . : | , ;
  kEof,
};

/// One token. `line`/`column` are 1-based and point at the token's first byte.
struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string text;
  std::int64_t int_value = 0;
  double float_value = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;

  bool is_name(std::string_view name) const { return kind == TokenKind::kName && text == name; }
  bool is_op(std::string_view op) const { return kind == TokenKind::kOperator && text == op; }
};

/// Lexer settings (mirrors Jinja2's Environment options of the same names).
struct LexerOptions {
  bool trim_blocks = false;
  bool lstrip_blocks = false;
  bool keep_trailing_newline = false;
};

/// A short human name for a token, for messages: "`endfor`", "end of template", "`%}`".
std::string describe(const Token& token);

/// Tokenizes `source`, whose newlines the caller has normalized (normalize_newlines). The last token is always kEof.
/// Throws reel::Error positioned in `file` on an unterminated string, comment, tag or
/// raw block, an unbalanced bracket or an unexpected character.
std::vector<Token> tokenize(std::string_view source, const LexerOptions& options, const std::string& file);

/// `source` with "\r\n" and "\r" turned into "\n" (Jinja's newline normalization).
std::string normalize_newlines(std::string_view source);

}  // namespace reel::tpl
