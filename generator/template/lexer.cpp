#include "template/lexer.h"

#include "base/text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "base/diagnostics.h"

namespace reel::tpl {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

class Lexer {
 public:
  Lexer(std::string_view src, const LexerOptions& options, const std::string& file)
      : src_(src), options_(options), file_(file) {}

  std::vector<Token> run() {
    bool line_starting = true;
    while (pos_ < src_.size()) {
      std::size_t tag = find_tag(pos_);
      if (tag == std::string_view::npos) {
        emit_data(pos_, src_.size(), src_.substr(pos_));
        pos_ = src_.size();
        break;
      }
      char type = src_[tag + 1];
      char sign = tag + 2 < src_.size() ? src_[tag + 2] : '\0';
      if (sign != '-' && sign != '+') sign = '\0';
      std::string_view text = src_.substr(pos_, tag - pos_);
      if (sign == '-') {
        while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
      } else if (sign != '+' && options_.lstrip_blocks && type != '{') {
        text = lstrip_text(text, line_starting);
      }
      emit_data(pos_, tag, text);
      std::size_t after = tag + 2 + (sign ? 1 : 0);
      if (type == '#') {
        line_starting = lex_comment(tag, after);
      } else if (type == '%' && try_raw(tag, after, line_starting)) {
        // try_raw consumed the whole raw block.
      } else {
        line_starting = lex_tag(tag, after, type == '%');
      }
    }
    Token eof;
    eof.kind = TokenKind::kEof;
    set_pos(eof, src_.size());
    tokens_.push_back(std::move(eof));
    return std::move(tokens_);
  }

 private:
  // The next `{{`, `{%` or `{#` at or after `from`.
  std::size_t find_tag(std::size_t from) const {
    while (true) {
      std::size_t p = src_.find('{', from);
      if (p == std::string_view::npos || p + 1 >= src_.size()) return std::string_view::npos;
      char c = src_[p + 1];
      if (c == '{' || c == '%' || c == '#') return p;
      from = p + 1;
    }
  }

  // lstrip_blocks: drop spaces and tabs between the last line start and a block tag.
  static std::string_view lstrip_text(std::string_view text, bool line_starting) {
    std::size_t nl = text.rfind('\n');
    std::size_t l_pos = nl == std::string_view::npos ? 0 : nl + 1;
    if (l_pos == 0 && !line_starting) return text;
    if (l_pos == text.size()) return text;
    for (std::size_t i = l_pos; i < text.size(); ++i) {
      if (!is_space(text[i])) return text;
    }
    return text.substr(0, l_pos);
  }

  void set_pos(Token& t, std::size_t offset) {
    // Advance the line counter lazily; offsets only grow.
    while (line_scan_ < offset && line_scan_ < src_.size()) {
      if (src_[line_scan_] == '\n') {
        ++line_;
        line_start_ = line_scan_ + 1;
      }
      ++line_scan_;
    }
    t.line = line_;
    t.column = static_cast<std::uint32_t>(offset - line_start_ + 1);
  }

  SourcePos pos_at(std::size_t offset) const {
    std::uint32_t line = 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i < offset && i < src_.size(); ++i) {
      if (src_[i] == '\n') {
        ++line;
        start = i + 1;
      }
    }
    return SourcePos{file_, line, static_cast<std::uint32_t>(offset - start + 1)};
  }

  [[noreturn]] void fail(std::size_t offset, std::string message, std::string hint = {}) {
    SourcePos p = pos_at(offset);
    Diagnostic d;
    d.pos = p;
    d.message = std::move(message);
    d.hint = std::move(hint);
    d.source_line = std::string(line_of(src_, p.line));
    throw Error(std::move(d));
  }

  void emit_data(std::size_t offset, std::size_t, std::string_view text) {
    if (text.empty()) return;
    Token t;
    t.kind = TokenKind::kData;
    t.text = std::string(text);
    set_pos(t, offset);
    tokens_.push_back(std::move(t));
  }

  void push(TokenKind kind, std::size_t offset, std::string text = {}) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    set_pos(t, offset);
    tokens_.push_back(std::move(t));
  }

  std::size_t skip_spaces(std::size_t p) const {
    while (p < src_.size() && is_space(src_[p])) ++p;
    return p;
  }

  bool starts(std::size_t p, std::string_view s) const { return src_.substr(p, s.size()) == s; }

  // Consumes a comment whose `{#` is at `tag`; returns whether the match ended a line.
  bool lex_comment(std::size_t tag, std::size_t p) {
    for (std::size_t i = p; i + 1 < src_.size(); ++i) {
      if (starts(i, "+#}")) {
        pos_ = i + 3;
        return false;
      }
      if (starts(i, "-#}")) {
        pos_ = skip_spaces(i + 3);
        return pos_ > i + 3 && src_[pos_ - 1] == '\n';
      }
      if (starts(i, "#}")) {
        pos_ = i + 2;
        if (options_.trim_blocks && pos_ < src_.size() && src_[pos_] == '\n') {
          ++pos_;
          return true;
        }
        return false;
      }
    }
    fail(tag, "missing end of comment tag `#}`");
  }

  // Handles `{% raw %}...{% endraw %}` when the block tag at `tag` opens one.
  bool try_raw(std::size_t tag, std::size_t p, bool& line_starting) {
    std::size_t q = skip_spaces(p);
    if (!starts(q, "raw")) return false;
    q += 3;
    if (q < src_.size() && is_name_char(src_[q])) return false;
    q = skip_spaces(q);
    if (starts(q, "-%}")) {
      q = skip_spaces(q + 3);
    } else if (starts(q, "%}")) {
      q += 2;
    } else {
      return false;
    }
    // Find `{%[-+]? endraw [-+]?%}`.
    std::size_t search = q;
    while (true) {
      std::size_t b = src_.find("{%", search);
      if (b == std::string_view::npos) fail(tag, "missing end of raw directive", "close it with `{% endraw %}`");
      std::size_t r = b + 2;
      char sign = '\0';
      if (r < src_.size() && (src_[r] == '-' || src_[r] == '+')) sign = src_[r++];
      r = skip_spaces(r);
      if (!starts(r, "endraw") || (r + 6 < src_.size() && is_name_char(src_[r + 6]))) {
        search = b + 2;
        continue;
      }
      r = skip_spaces(r + 6);
      std::size_t end;
      bool ends_line = false;
      if (starts(r, "+%}")) {
        end = r + 3;
      } else if (starts(r, "-%}")) {
        end = skip_spaces(r + 3);
        ends_line = end > r + 3 && src_[end - 1] == '\n';
      } else if (starts(r, "%}")) {
        end = r + 2;
        if (options_.trim_blocks && end < src_.size() && src_[end] == '\n') {
          ++end;
          ends_line = true;
        }
      } else {
        search = b + 2;
        continue;
      }
      std::string_view text = src_.substr(q, b - q);
      if (sign == '-') {
        while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
      } else if (sign != '+' && options_.lstrip_blocks) {
        text = lstrip_text(text, false);
      }
      emit_data(q, b, text);
      pos_ = end;
      line_starting = ends_line;
      return true;
    }
  }

  // Lexes a `{{ ... }}` or `{% ... %}` tag; returns whether its end consumed a newline.
  bool lex_tag(std::size_t tag, std::size_t p, bool block) {
    push(block ? TokenKind::kBlockBegin : TokenKind::kVariableBegin, tag, block ? "{%" : "{{");
    std::vector<std::pair<char, std::size_t>> balance;
    while (true) {
      p = skip_spaces(p);
      if (p >= src_.size()) {
        fail(tag, std::string("unexpected end of template, expected `") + (block ? "%}" : "}}") + "` to close the tag opened here");
      }
      if (balance.empty()) {
        if (block) {
          if (starts(p, "+%}")) {
            push(TokenKind::kBlockEnd, p, "%}");
            pos_ = p + 3;
            return false;
          }
          if (starts(p, "-%}")) {
            push(TokenKind::kBlockEnd, p, "%}");
            pos_ = skip_spaces(p + 3);
            return pos_ > p + 3 && src_[pos_ - 1] == '\n';
          }
          if (starts(p, "%}")) {
            push(TokenKind::kBlockEnd, p, "%}");
            pos_ = p + 2;
            if (options_.trim_blocks && pos_ < src_.size() && src_[pos_] == '\n') {
              ++pos_;
              return true;
            }
            return false;
          }
        } else {
          if (starts(p, "-}}")) {
            push(TokenKind::kVariableEnd, p, "}}");
            pos_ = skip_spaces(p + 3);
            return pos_ > p + 3 && src_[pos_ - 1] == '\n';
          }
          if (starts(p, "}}")) {
            push(TokenKind::kVariableEnd, p, "}}");
            pos_ = p + 2;
            return false;
          }
        }
      }
      char c = src_[p];
      if (is_name_start(c)) {
        std::size_t e = p;
        while (e < src_.size() && is_name_char(src_[e])) ++e;
        push(TokenKind::kName, p, std::string(src_.substr(p, e - p)));
        p = e;
      } else if (c == '\'' || c == '"') {
        p = lex_string(p);
      } else if (is_digit(c) || (c == '.' && p + 1 < src_.size() && is_digit(src_[p + 1]) && false)) {
        p = lex_number(p);
      } else {
        static constexpr std::string_view kTwo[] = {"//", "**", "==", "!=", ">=", "<="};
        std::string op;
        for (auto two : kTwo) {
          if (starts(p, two)) {
            op = std::string(two);
            break;
          }
        }
        if (op.empty()) {
          static constexpr std::string_view kOne = "+-/*%~[](){}><=.:|,;";
          if (kOne.find(c) == std::string_view::npos) {
            if (c == '!') fail(p, "unexpected character `!`", "Jinja writes negation as `not x` and inequality as `!=`");
            fail(p, std::string("unexpected character `") + c + "` in tag");
          }
          op = std::string(1, c);
        }
        if (op == "(" || op == "[" || op == "{") {
          balance.emplace_back(op == "(" ? ')' : op == "[" ? ']' : '}', p);
        } else if (op == ")" || op == "]" || op == "}") {
          if (balance.empty()) fail(p, "unexpected `" + op + "`");
          if (balance.back().first != op[0]) {
            fail(p, "unexpected `" + op + "`, expected `" + std::string(1, balance.back().first) + "`");
          }
          balance.pop_back();
        }
        push(TokenKind::kOperator, p, op);
        p += op.size();
      }
    }
  }

  std::size_t lex_string(std::size_t p) {
    char quote = src_[p];
    std::string out;
    std::size_t i = p + 1;
    while (true) {
      if (i >= src_.size()) fail(p, "unterminated string literal");
      char c = src_[i];
      if (c == quote) break;
      if (c == '\\' && i + 1 < src_.size()) {
        char n = src_[i + 1];
        i += 2;
        switch (n) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '\\': out += '\\'; break;
          case '\'': out += '\''; break;
          case '"': out += '"'; break;
          case '0': out += '\0'; break;
          case 'a': out += '\a'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'v': out += '\v'; break;
          case '\n': break;
          case 'x':
          case 'u':
          case 'U': {
            std::size_t len = n == 'x' ? 2 : n == 'u' ? 4 : 8;
            std::string hex(src_.substr(i, len));
            char* end = nullptr;
            unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
            if (hex.size() != len || end != hex.c_str() + len) fail(i - 2, "invalid escape in string literal");
            append_utf8(out, static_cast<std::uint32_t>(cp));
            i += len;
            break;
          }
          default:
            out += '\\';
            out += n;
        }
        continue;
      }
      out += c;
      ++i;
    }
    push(TokenKind::kString, p, std::move(out));
    return i + 1;
  }

  // Digits with optional single underscores between them; returns the end offset.
  std::size_t digits(std::size_t p, std::string& out, int base = 10) const {
    auto ok = [base](char c) {
      if (base == 2) return c == '0' || c == '1';
      if (base == 8) return c >= '0' && c <= '7';
      if (base == 16) return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      return is_digit(c);
    };
    while (p < src_.size()) {
      if (ok(src_[p])) {
        out += src_[p++];
      } else if (src_[p] == '_' && p + 1 < src_.size() && ok(src_[p + 1]) && !out.empty()) {
        ++p;
      } else {
        break;
      }
    }
    return p;
  }

  std::size_t lex_number(std::size_t p) {
    if (src_[p] == '0' && p + 1 < src_.size()) {
      char b = static_cast<char>(src_[p + 1] | 0x20);
      int base = b == 'b' ? 2 : b == 'o' ? 8 : b == 'x' ? 16 : 0;
      if (base) {
        std::string ds;
        std::size_t q = p + 2;
        if (q < src_.size() && src_[q] == '_') ++q;
        std::size_t e = digits(q, ds, base);
        if (ds.empty()) fail(p, "invalid number literal");
        Token t;
        t.kind = TokenKind::kInteger;
        t.text = std::string(src_.substr(p, e - p));
        errno = 0;
        unsigned long long u = std::strtoull(ds.c_str(), nullptr, base);
        if (errno == ERANGE || u > static_cast<unsigned long long>(INT64_MAX)) fail(p, "integer literal too large");
        t.int_value = static_cast<std::int64_t>(u);
        set_pos(t, p);
        tokens_.push_back(std::move(t));
        return e;
      }
    }
    std::string num;
    std::size_t e = digits(p, num);
    bool is_float = false;
    if (e + 1 < src_.size() && src_[e] == '.' && is_digit(src_[e + 1]) && !(p > 0 && src_[p - 1] == '.')) {
      num += '.';
      e = digits(e + 1, num);
      is_float = true;
    }
    if (e < src_.size() && (src_[e] == 'e' || src_[e] == 'E') && !(p > 0 && src_[p - 1] == '.')) {
      std::size_t q = e + 1;
      std::string exp = "e";
      if (q < src_.size() && (src_[q] == '+' || src_[q] == '-')) exp += src_[q++];
      if (q < src_.size() && is_digit(src_[q])) {
        std::string ds;
        e = digits(q, ds);
        num += exp + ds;
        is_float = true;
      }
    }
    Token t;
    t.text = std::string(src_.substr(p, e - p));
    if (is_float) {
      t.kind = TokenKind::kFloat;
      t.float_value = std::strtod(num.c_str(), nullptr);
    } else {
      t.kind = TokenKind::kInteger;
      errno = 0;
      t.int_value = std::strtoll(num.c_str(), nullptr, 10);
      if (errno == ERANGE) fail(p, "integer literal too large");
    }
    set_pos(t, p);
    tokens_.push_back(std::move(t));
    return e;
  }

  std::string_view src_;
  const LexerOptions& options_;
  const std::string& file_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::size_t line_scan_ = 0;
  std::size_t line_start_ = 0;
  std::uint32_t line_ = 1;
};

}  // namespace

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kData: return "template text";
    case TokenKind::kVariableBegin: return "`{{`";
    case TokenKind::kVariableEnd: return "end of print statement `}}`";
    case TokenKind::kBlockBegin: return "`{%`";
    case TokenKind::kBlockEnd: return "end of statement block `%}`";
    case TokenKind::kName: return "`" + token.text + "`";
    case TokenKind::kString: return "string literal";
    case TokenKind::kInteger: return "integer `" + token.text + "`";
    case TokenKind::kFloat: return "float `" + token.text + "`";
    case TokenKind::kOperator: return "`" + token.text + "`";
    case TokenKind::kEof: return "end of template";
  }
  return "token";
}

std::string normalize_newlines(std::string_view source) {
  std::string out;
  out.reserve(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      out += '\n';
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      out += source[i];
    }
  }
  return out;
}

std::vector<Token> tokenize(std::string_view source, const LexerOptions& options, const std::string& file) {
  if (!options.keep_trailing_newline && !source.empty() && source.back() == '\n') source.remove_suffix(1);
  Lexer lexer(source, options, file);
  return lexer.run();
}

}  // namespace reel::tpl
