// filters: the public side of the built-in filters (argument binding, a filter's input
// as text) and their registration: every group's table into an Environment, as
// minijinja's defaults.rs registers filters.rs's functions.
#include "template/filters.h"

#include <algorithm>

#include "base/diagnostics.h"
#include "template/filters_internal.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl {

FilterArgs::FilterArgs(std::string_view filter, const CallArgs& args, std::initializer_list<std::string_view> names)
    : values_(names.size(), nullptr) {
  if (args.positional.size() > names.size()) {
    fail("filter `" + std::string(filter) + "` takes at most " + std::to_string(names.size()) + " argument(s), got " +
         std::to_string(args.positional.size()));
  }
  for (std::size_t i = 0; i < args.positional.size(); ++i) values_[i] = &args.positional[i];
  for (const auto& [k, v] : args.keyword) {
    auto it = std::find(names.begin(), names.end(), k);
    if (it == names.end()) {
      std::vector<std::string> candidates(names.begin(), names.end());
      fail("filter `" + std::string(filter) + "` has no argument `" + k + "`", suggestion_hint(k, candidates));
    }
    values_[static_cast<std::size_t>(it - names.begin())] = &v;
  }
}

std::string filter_text(const Value& v, const Context& ctx) {
  if (v.is_undefined()) {
    if (undefined_is_error(v, ctx.strict_undefined())) throw_undefined(v);
    return {};
  }
  return to_str(v);
}

// Every group's table, in the order of filters_internal.h; names do not repeat across tables.
void register_builtin_filters(Environment& env) {
  for (auto table : {builtin::text_filters(), builtin::html_filters(), builtin::list_filters(),
                     builtin::number_filters(), builtin::value_filters()}) {
    for (const builtin::FilterEntry& entry : table) env.add_filter(std::string(entry.name), entry.fn);
  }
}

namespace builtin {

Value same_kind(const Value& like, std::string s) {
  return like.is_markup() ? Value::markup(std::move(s)) : Value(std::move(s));
}

ValueList items_of(const Value& v, const Context& ctx) { return to_list(v, ctx.strict_undefined()); }

}  // namespace builtin

}  // namespace reel::tpl
