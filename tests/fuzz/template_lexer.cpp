// Fuzz target: the template lexer (template/lexer.h) on arbitrary bytes, with every
// whitespace option off and then on. reel::Error is the expected way to fail.
#include "fuzz_util.h"
#include "template/lexer.h"

using namespace reel;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string source = tpl::normalize_newlines(fuzz::bytes(data, size));
  for (bool on : {false, true}) {
    tpl::LexerOptions options;
    options.trim_blocks = options.lstrip_blocks = options.keep_trailing_newline = on;
    try {
      std::vector<tpl::Token> tokens = tpl::tokenize(source, options, "templates/t.html");
      if (tokens.empty() || tokens.back().kind != tpl::TokenKind::kEof) __builtin_trap();
      for (const tpl::Token& t : tokens) (void)tpl::describe(t);
    } catch (const Error& e) {
      fuzz::touch(e);
    }
  }
  return 0;
}
