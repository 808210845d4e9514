#include "template/environment.h"

#include <algorithm>
#include <set>

#include "template/ast.h"
#include "template/filters.h"
#include "template/interpreter.h"
#include "template/objects.h"
#include "template/parser.h"

namespace reel::tpl {

Environment::Environment(const FileSystem& fs, std::string dir, Options options)
    : fs_(fs), dir_(std::move(dir)), options_(options) {
  register_builtin_filters(*this);
  register_builtin_tests(*this);
  for (const auto& [name, value] : builtin_globals()) globals_[name] = value;
}

Environment::~Environment() = default;

void Environment::add_filter(std::string name, Filter f) { filters_[std::move(name)] = std::move(f); }
void Environment::add_test(std::string name, Test t) { tests_[std::move(name)] = std::move(t); }
void Environment::add_global(std::string name, Value v) { globals_[std::move(name)] = std::move(v); }
void Environment::add_function(std::string name, Function f) {
  auto fn = std::make_shared<ContextFunctionObject>(name, std::move(f));
  globals_[std::move(name)] = Value(std::move(fn));
}

const Filter* Environment::find_filter(std::string_view name) const {
  auto it = filters_.find(name);
  return it == filters_.end() ? nullptr : &it->second;
}

const Test* Environment::find_test(std::string_view name) const {
  auto it = tests_.find(name);
  return it == tests_.end() ? nullptr : &it->second;
}

const Value* Environment::find_global(std::string_view name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? nullptr : &it->second;
}

namespace {

template <typename Map>
std::vector<std::string> keys_of(const Map& m) {
  std::vector<std::string> out;
  out.reserve(m.size());
  for (const auto& [k, _] : m) out.push_back(k);
  return out;
}

}  // namespace

std::vector<std::string> Environment::filter_names() const { return keys_of(filters_); }
std::vector<std::string> Environment::test_names() const { return keys_of(tests_); }
std::vector<std::string> Environment::global_names() const { return keys_of(globals_); }
std::vector<std::string> Environment::template_names() const { return keys_of(templates_); }

bool Environment::has_template(std::string_view name) const { return templates_.count(name) > 0; }

std::shared_ptr<const Template> Environment::find_template(std::string_view name) const {
  auto it = templates_.find(name);
  return it == templates_.end() ? nullptr : it->second;
}

bool Environment::autoescape_for(std::string_view name) const {
  if (!options_.autoescape) return false;
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xml") || lower.ends_with(".svg");
}

void Environment::check_name(std::string_view name) const {
  if (!is_safe_relative_path(name)) {
    throw Error(SourcePos{}, "template name `" + std::string(name) + "` is not a safe relative path",
                "template names are relative to `" + dir_ + "` and may not contain `..` or start with `/`");
  }
}

std::shared_ptr<const Template> Environment::parse(std::string name, std::string_view source) const {
  std::string display = dir_.empty() ? name : join_path(dir_, name);
  // Pages are declared UTF-8: a template that is not would put bad bytes in them.
  if (std::optional<Diagnostic> bad = utf8_diagnostic(source, display)) throw Error(std::move(*bad));
  bool ae = autoescape_for(name);
  LexerOptions lex{options_.trim_blocks, options_.lstrip_blocks, options_.keep_trailing_newline};
  return parse_template(std::move(name), std::move(display), normalize_newlines(source), ae, lex);
}

void Environment::add_template(std::string name, std::string source) {
  check_name(name);
  auto t = parse(name, source);
  templates_[std::move(name)] = std::move(t);
}

Diagnostics Environment::load_all() {
  Diagnostics diags;
  std::string prefix = dir_.empty() ? std::string() : dir_ + "/";
  for (const auto& path : fs_.list_files(dir_)) {
    std::string name = path.substr(prefix.size());
    auto source = fs_.read(path);
    if (!source) {
      diags.error(SourcePos{path, 0, 0}, "cannot read template");
      continue;
    }
    try {
      templates_[name] = parse(name, *source);
    } catch (const Error& e) {
      diags.add(e.diagnostic());
    }
  }
  return diags;
}

std::shared_ptr<const Template> Environment::load_uncached(std::string_view name) const {
  check_name(name);
  std::string path = dir_.empty() ? std::string(name) : join_path(dir_, name);
  auto source = fs_.read(path);
  if (!source) return nullptr;
  return parse(std::string(name), *source);
}

std::string Environment::render(std::string_view name, const Value& context) const {
  check_name(name);
  std::shared_ptr<const Template> t = find_template(name);
  if (!t) t = load_uncached(name);
  if (!t) {
    throw Error(SourcePos{}, "unknown template `" + std::string(name) + "`",
                suggestion_hint(name, template_names(), "templates live in `" + dir_ + "`"));
  }
  detail::Renderer renderer(*this, context);
  return renderer.render(std::move(t));
}

std::string Environment::render_string(std::string_view source, const Value& context, std::string name) const {
  auto t = parse(std::move(name), source);
  detail::Renderer renderer(*this, context);
  return renderer.render(std::move(t));
}

std::vector<std::string> Environment::dependencies(std::string_view name) const {
  std::set<std::string> seen;
  std::vector<std::string> todo{std::string(name)};
  while (!todo.empty()) {
    std::string cur = std::move(todo.back());
    todo.pop_back();
    auto t = find_template(cur);
    if (!t) continue;
    for (const auto& ref : t->references) {
      if (ref != name && seen.insert(ref).second) todo.push_back(ref);
    }
  }
  return {seen.begin(), seen.end()};
}

}  // namespace reel::tpl
