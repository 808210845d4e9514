// environment: reel's Jinja2-compatible template engine, the public face. An Environment
// holds the parsed templates of one folder, the filters, tests and globals, and renders
// templates with a context map. Semantics follow Jinja2 3.x's Template Designer
// Documentation (https://jinja.palletsprojects.com/en/3.1.x/templates/); every
// deliberate difference is listed in generator/template/STATUS.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/value.h"

namespace reel::tpl {

struct Template;
class Environment;
namespace detail {
class Renderer;
struct Frame;
}  // namespace detail

/// Engine settings; names and meanings are Jinja2's Environment options.
struct Options {
  /// Autoescape: when true, decided per template by extension: on for .html .htm .xml
  /// .svg, off otherwise (Jinja's select_autoescape).
  bool autoescape = true;
  /// Remove the first newline after a block tag ("Whitespace Control").
  bool trim_blocks = false;
  /// Strip spaces and tabs from the start of a line up to a block tag.
  bool lstrip_blocks = false;
  /// Keep the single trailing newline of a template (Jinja drops it by default).
  bool keep_trailing_newline = false;
  /// Printing, iterating, comparing, testing the truth of (`{% if x %}`, `not x`,
  /// `x or y`) or computing with an undefined value is an error (Jinja's
  /// StrictUndefined; reel's default); `is defined`, `is undefined` and `|default` still
  /// work. false = Jinja2's default lenient Undefined (prints as "", iterates as empty,
  /// is false). Conditions may be made forgiving on their own: see strict_conditions.
  bool strict_undefined = true;
  /// Whether conditions follow strict_undefined and Jinja2 exactly (true, the default:
  /// what `reel render` and the conformance corpus use). false makes every undefined
  /// value whose truth a condition takes false, as in Jinja's default Undefined, Tera
  /// and Hugo, even a chain through undefined (`film.budget.estimated` when `film` has
  /// no `budget`), which Jinja's default Undefined would not forgive. Conditions are:
  /// the tests of `if`/`elif`, of `for ... if` and of an inline `a if c else b`; the
  /// operands of `and`, `or` and `not` (also outside an `if`: `{{ x or 'none' }}`);
  /// the input of an `is` test inside a condition (`{% if a.b.c is defined %}`); the
  /// truth test of `select`, `reject`, `selectattr` and `rejectattr` without a test name.
  /// Printing, iterating, calling, filtering (but `default`), comparing (`==`, `<`,
  /// `in`) or computing with an undefined value stays an error with its position, and
  /// so does any other error inside a condition. reel's site build sets it from
  /// site.yaml `strict_conditions` (default false there).
  bool strict_conditions = true;
  /// Nesting limit for include/extends/import/macro calls/recursive loops.
  int max_depth = 100;

  // ---- the budget of one render (minijinja's "fuel") ---------------------------
  // Jinja2 has none outside its sandbox (jinja2.sandbox.MAX_RANGE caps range() at
  // 100,000 there); reel keeps every render bounded in time and memory, so that a typo
  // such as `'-' * 10**12` ends in a positioned error instead of exhausting the machine.
  // Each limit is checked before the memory is asked for.

  /// The most bytes one render may write: the page, and also any buffer a macro, a
  /// `{% set %}` block, a `{% filter %}` block or an include renders into.
  std::size_t max_output_bytes = std::size_t{256} << 20;
  /// The most bytes of one string a template computes (`*`, `+`, `~`, `%`, `format`,
  /// string methods and filters such as center, indent, wordwrap and join).
  std::size_t max_string_bytes = std::size_t{64} << 20;
  /// The most items of one list a template computes (`*`, `+`, range(), batch...).
  std::size_t max_list_items = std::size_t{16} << 20;
  /// The most steps of one render: each loop iteration (also of a `for ... if`
  /// condition and of a recursive loop), macro call and call block counts one. Bounds
  /// the time of loops over big ranges and of macros that call themselves many times.
  std::uint64_t max_iterations = 100'000'000;
};

/// The render-time view a filter or a function gets: variable lookup as the template
/// sees it at the call site, the autoescape state and the environment.
class Context {
 public:
  Context(const detail::Renderer& renderer, const detail::Frame& frame) : renderer_(&renderer), frame_(&frame) {}
  /// The variable `name` as the template would see it: locals, then the render context,
  /// then globals; undefined (named `name`) if absent.
  Value lookup(std::string_view name) const;
  /// Whether output is being HTML-escaped at the call site.
  bool autoescape() const;
  /// Whether undefined values are errors (Options::strict_undefined).
  bool strict_undefined() const;
  /// Whether an undefined value is an error where a condition takes its truth
  /// (Options::strict_conditions and strict_undefined both true); false means it is false.
  bool strict_conditions() const;
  /// Python's bool(v) as a condition takes it: an undefined `v` is false unless
  /// strict_conditions(), where it throws "`x` is undefined" (without position, as
  /// filters do). What select/reject/selectattr/rejectattr use without a test name.
  bool condition_truth(const Value& v) const;
  const Environment& environment() const;
  /// The name of the template being rendered at the call site ("layouts/film.html").
  const std::string& template_name() const;

 private:
  const detail::Renderer* renderer_;
  const detail::Frame* frame_;
};

/// A filter: `input|name(args)`. Throws reel::Error (without a position; the renderer
/// adds it) on bad input or arguments. Returns Value::markup for HTML-safe output.
using Filter = std::function<Value(const Value& input, const CallArgs& args, const Context& ctx)>;
/// A test: `input is name(args)`.
using Test = std::function<bool(const Value& input, const CallArgs& args)>;
/// A global function `name(args)` that sees the render context at the call site.
using Function = std::function<Value(const CallArgs& args, const Context& ctx)>;

class Environment {
 public:
  /// Templates live in `dir` of `fs` (e.g. "templates"); names are paths relative to it
  /// ("layouts/film.html"). `fs` must outlive the Environment. Registers every built-in
  /// filter, test and global (range, dict, namespace, cycler, joiner, lipsum).
  Environment(const FileSystem& fs, std::string dir, Options options = {});
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  /// Adds or replaces the filter `name`.
  void add_filter(std::string name, Filter f);
  /// Adds or replaces the test `name`.
  void add_test(std::string name, Test t);
  /// Adds or replaces a global variable: a Value, or an Object whose call() is a function.
  void add_global(std::string name, Value v);
  /// Adds or replaces a global function that gets the Context (e.g. `ctx.lookup("lang")`).
  void add_function(std::string name, Function f);

  /// Parses every template under dir (each parsed once, kept); returns all syntax errors
  /// found (it does not stop at the first file).
  Diagnostics load_all();
  /// Adds or replaces a template from a string (tests, `reel render`), parsing it now.
  /// Throws reel::Error on a syntax error or an unsafe name ("..", absolute).
  void add_template(std::string name, std::string source);
  bool has_template(std::string_view name) const;
  /// Names of all loaded templates, sorted.
  std::vector<std::string> template_names() const;

  /// Renders template `name` with `context` (a map Value; none means empty).
  /// Thread-safe: many threads may render concurrently on one const Environment.
  /// A name that was not loaded is read and parsed from the file system for this render
  /// only. Throws reel::Error with the template file:line:column (file shown as
  /// dir + "/" + name), the source line + caret, and notes naming the include/extends
  /// chain; "unknown template `x`" (with a did-you-mean hint) when it does not exist.
  std::string render(std::string_view name, const Value& context) const;
  /// Renders `source` as a one-off template called `name` (not kept).
  std::string render_string(std::string_view source, const Value& context, std::string name = "<string>") const;

  /// Templates that `name` uses through extends/include/import, transitively (static
  /// names only), sorted, without `name` itself.
  std::vector<std::string> dependencies(std::string_view name) const;

  // ---- used by the renderer and by filters ---------------------------------
  const Options& options() const { return options_; }
  const std::string& dir() const { return dir_; }
  /// The filter/test named `name`, or nullptr.
  const Filter* find_filter(std::string_view name) const;
  const Test* find_test(std::string_view name) const;
  /// The global `name`, or nullptr.
  const Value* find_global(std::string_view name) const;
  std::vector<std::string> filter_names() const;
  std::vector<std::string> test_names() const;
  std::vector<std::string> global_names() const;
  /// The loaded template `name`, or nullptr.
  std::shared_ptr<const Template> find_template(std::string_view name) const;
  /// Loads and parses `name` from the file system without keeping it; nullptr when the
  /// file does not exist. Throws reel::Error on a syntax error or an unsafe name.
  std::shared_ptr<const Template> load_uncached(std::string_view name) const;
  /// Whether a template with this name gets autoescaping (Options::autoescape + extension).
  bool autoescape_for(std::string_view name) const;

 private:
  std::shared_ptr<const Template> parse(std::string name, std::string_view source) const;
  void check_name(std::string_view name) const;

  const FileSystem& fs_;
  std::string dir_;
  Options options_;
  std::map<std::string, Filter, std::less<>> filters_;
  std::map<std::string, Test, std::less<>> tests_;
  std::map<std::string, Value, std::less<>> globals_;
  std::map<std::string, std::shared_ptr<const Template>, std::less<>> templates_;
};

}  // namespace reel::tpl
