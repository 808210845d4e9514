// Fuzz target: the template parser (template/parser.h: lexer + parser) on arbitrary
// bytes, with autoescape and the whitespace options off and then on. reel::Error is the
// expected way to fail.
#include "fuzz_util.h"
#include "template/parser.h"

using namespace reel;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string source = tpl::normalize_newlines(fuzz::bytes(data, size));
  for (bool on : {false, true}) {
    tpl::LexerOptions options;
    options.trim_blocks = options.lstrip_blocks = options.keep_trailing_newline = on;
    try {
      std::unique_ptr<tpl::Template> t = tpl::parse_template("t.html", "templates/t.html", source, on, options);
      if (!t) __builtin_trap();
    } catch (const Error& e) {
      fuzz::touch(e);
    }
  }
  return 0;
}
