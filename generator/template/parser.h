// parser: turns tokens into a Template tree by recursive descent, with Jinja2's operator
// precedence (Template Designer Documentation, "Expressions"): conditional expression <
// or < and < not < comparisons/in/is < + - < ~ < * / // % < ** (left-associative, as
// in Jinja) < unary - + < postfix (. [] ()) < filters, tests.
#pragma once

#include <memory>
#include <string>

#include "template/ast.h"
#include "template/lexer.h"

namespace reel::tpl {

/// Parses one template. `source` must be newline-normalized (normalize_newlines);
/// `display_name` is the file name errors show. Returns the tree with its blocks and
/// static references filled in. Throws reel::Error (position, source line, caret and a
/// hint) at the first syntax error, e.g. "expected `endfor` to close `for` opened at
/// templates/a.html:3:1".
std::unique_ptr<Template> parse_template(std::string name, std::string display_name, std::string source,
                                         bool autoescape, const LexerOptions& options);

}  // namespace reel::tpl
