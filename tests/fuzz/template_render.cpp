// Fuzz target: the template engine end to end (template/environment.h): parse and
// render with a small fixed context. The input is read like a conformance case
// (tests/template/README.md), so the cases of tests/template/corpus are seeds as they
// are: an optional header (`options: autoescape trim_blocks lstrip_blocks
// keep_trailing_newline lenient`), then `--- NAME` sections, each a template under
// templates/ (the first is rendered) or `context.json`, the context when it parses to
// an object. Input without a `--- ` line is the template t.html on its own.
// The render budget is small, so that no input can take long; reel::Error is the
// expected way to fail.
#include <string>
#include <utility>
#include <vector>

#include "base/fs.h"
#include "fuzz_util.h"
#include "input/json.h"
#include "template/environment.h"

using namespace reel;

namespace {

struct Case {
  tpl::Options options;
  std::vector<std::pair<std::string, std::string>> templates;
  std::string context_json;
  bool has_context = false;
};

Case parse_case(std::string_view in) {
  Case c;
  c.options.autoescape = false;
  c.options.max_output_bytes = std::size_t{1} << 20;
  c.options.max_string_bytes = std::size_t{1} << 20;
  c.options.max_list_items = std::size_t{1} << 16;
  c.options.max_iterations = std::uint64_t{1} << 16;
  // Split into lines, keeping the bytes of each section exactly.
  std::size_t pos = 0;
  std::string* section = nullptr;
  bool first_line_of_section = true;
  bool in_header = true;
  auto starts_section = [&](std::string_view line) { return line.size() > 4 && line.substr(0, 4) == "--- "; };
  if (in.find("--- ") == std::string_view::npos) {
    c.templates.emplace_back("t.html", std::string(in));
    return c;
  }
  while (pos <= in.size()) {
    std::size_t nl = in.find('\n', pos);
    std::string_view line = in.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (starts_section(line)) {
      std::string name(line.substr(4));
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
      in_header = false;
      first_line_of_section = true;
      if (name == "context.json") {
        c.has_context = true;
        section = &c.context_json;
      } else if (c.templates.size() < 8) {
        c.templates.emplace_back(name, "");
        section = &c.templates.back().second;
      } else {
        section = nullptr;
      }
    } else if (in_header) {
      if (line.substr(0, 8) == "options:") {
        std::string_view o = line.substr(8);
        c.options.autoescape = o.find("autoescape") != std::string_view::npos;
        c.options.trim_blocks = o.find("trim_blocks") != std::string_view::npos;
        c.options.lstrip_blocks = o.find("lstrip_blocks") != std::string_view::npos;
        c.options.keep_trailing_newline = o.find("keep_trailing_newline") != std::string_view::npos;
        c.options.strict_undefined = o.find("lenient") == std::string_view::npos;
      }
    } else if (section) {
      if (!first_line_of_section) *section += '\n';
      *section += line;
      first_line_of_section = false;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return c;
}

Value fixed_context() {
  ValueMap film{{"title", "Never Let Me Go"}, {"year", 2010}, {"runtime", 103.5},
                {"genres", ValueList{"drama", "romance"}}, {"budget", Value()}};
  return Value(ValueMap{{"film", Value(film)},
                        {"xs", ValueList{1, 2, 3}},
                        {"words", ValueList{"b", "a", "c", "a"}},
                        {"s", "<b>&'\" caf\xc3\xa9"},
                        {"n", 42},
                        {"neg", -7},
                        {"f", 2.5},
                        {"t", true},
                        {"nothing", Value()},
                        {"empty", ValueList{}},
                        {"d", Value(ValueMap{{"a", 1}, {"b", ValueList{true, Value()}}})}});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Case c = parse_case(fuzz::bytes(data, size));
  if (c.templates.empty()) return 0;
  Value context = fixed_context();
  if (c.has_context) {
    try {
      Value v = parse_json(c.context_json, "context.json");
      if (v.is_map()) context = std::move(v);
    } catch (const Error& e) {
      fuzz::touch(e);
    }
  }
  MemoryFileSystem fs;
  for (const auto& [name, source] : c.templates) {
    try {
      fs.write("templates/" + name, source);
    } catch (const Error& e) {  // a name the file system refuses ("..", NUL): not a template
      fuzz::touch(e);
    }
  }
  try {
    tpl::Environment env(fs, "templates", c.options);
    Diagnostics diags = env.load_all();
    (void)diags.format();
    std::string out = env.render(c.templates.front().first, context);
    if (out.size() > c.options.max_output_bytes) __builtin_trap();  // the budget holds
  } catch (const Error& e) {
    fuzz::touch(e);
  }
  return 0;
}
