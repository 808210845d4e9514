// filters: Jinja2's built-in filters and tests ("List of Builtin Filters", "List of
// Builtin Tests" in the Template Designer Documentation), registered explicitly into
// every Environment by its constructor. Each is one function in filters_text, _html,
// _list, _number, _value.cpp or tests.cpp, registered from that file's table.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/value.h"
#include "template/environment.h"

namespace reel::tpl {

/// Registers every built-in filter (default/d, escape/e, safe, join, map, ...).
void register_builtin_filters(Environment& env);
/// Registers every built-in test (defined, none, number, odd, divisibleby, ...).
void register_builtin_tests(Environment& env);

/// Binds filter arguments to parameter names the Python way: positional first, then
/// keywords by name. Throws reel::Error on too many arguments or an unknown keyword.
class FilterArgs {
 public:
  FilterArgs(std::string_view filter, const CallArgs& args, std::initializer_list<std::string_view> names);
  /// The argument for parameter `i`, or nullptr when not given.
  const Value* get(std::size_t i) const { return values_[i]; }
  /// The argument for parameter `i`, or `fallback`.
  Value get_or(std::size_t i, Value fallback) const { return values_[i] ? *values_[i] : std::move(fallback); }
  bool flag(std::size_t i, bool fallback) const { return values_[i] ? values_[i]->truthy() : fallback; }

 private:
  std::vector<const Value*> values_;
};

/// str(v) for a filter's input: undefined is an error in strict mode, else "".
std::string filter_text(const Value& v, const Context& ctx);

}  // namespace reel::tpl
