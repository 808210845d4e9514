// Fuzz target: a prose file (input/prose.h read_prose): front matter split off, parsed
// as YAML and checked, the body rendered by cmark-gfm with reel's heading ids,
// shortcodes and @/ links. The input is content/en/x.md of an in-memory English and
// Italian site, read once with the Markdown options on and once off. Problems must come
// back as diagnostics, so nothing may throw.
#include "base/fs.h"
#include "fuzz_util.h"
#include "input/prose.h"

using namespace reel;

namespace {

Config config(bool on) {
  Config c;
  for (const char* code : {"en", "it"}) {
    LanguageConfig l;
    l.code = code;
    l.name = code;
    l.fallback = std::string(code) == "it" ? "en" : "";
    c.languages.push_back(l);
  }
  c.default_language = "en";
  c.markdown.smart_punctuation = on;
  c.markdown.unsafe_html = on;
  c.markdown.heading_ids = on;
  if (!on) c.markdown.extensions.clear();
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Config configs[] = {config(true), config(false)};
  MemoryFileSystem fs;
  fs.write("content/en/x.md", fuzz::bytes(data, size));
  for (const Config& c : configs) {
    ProseFile page;
    Diagnostics diags;
    (void)read_prose(fs, c, "en", "content/en/x.md", page, diags);
    (void)diags.format();
  }
  return 0;
}
