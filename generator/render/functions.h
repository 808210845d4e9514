// functions: reel's site filters and functions, registered once into a template
// Environment before any template is parsed. They find the site through the SiteView
// in the render context (`_reel`), so they are bound to nothing that does not exist yet.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "template/ast.h"
#include "template/environment.h"

namespace reel {

/// Registers into `env`:
///  - filters `date` (ISO 8601 date → the language's long date: "15 September 2010",
///    "15 settembre 2010", "1º marzo 2009": Locale::format_date), `number` (9,918,093 /
///    9.918.093), `compact`, `minutes`, `percent`, `ordinal(gender=none)` (63 → "63rd",
///    "63º"; `ordinal('feminine')` → "63rd", "63ª": Locale::format_ordinal, whose
///    errors it throws, an unknown gender among them), `money(currency, words=false)`
///    (an ISO 4217 code is required: there is no default currency),
///    `currency_name(count=none)` (an ISO 4217 code → its name from ICU, plural-aware:
///    'USD' → "US dollars", "dollari statunitensi"; with a count, the form for it:
///    Locale::currency_name), `cite` (citation links for a fact's `sources`, numbered by
///    the page's bibliography), `relative_url` and `absolute_url` (a site path, or a URL
///    that already carries the base path, → a URL under the base path / base URL);
///  - functions `tr(key, **values)` (an ICU message from the UI strings), `fact(path,
///    format, gender=none)` (a cited, formatted fact of the page's own facts; `gender`
///    goes with the `ordinal` format only), `foreign(text, lang)` (a phrase in another
///    language marked with `lang`: WCAG 2.1 SC 3.1.2, Language of Parts),
///    `get_page(id, lang=page's)` (a page's summary) and `url_for(id, lang=page's)` (its
///    URL); an unknown id is an error with a did-you-mean hint;
///  - `image(src, alt, …)` and `image_data(src, …)`: responsive images
///    (render/image_functions.h).
/// Locale-aware ones use the `lang` variable of the render. Errors are reel::Error
/// without a position; the renderer adds the template's.
void register_site_functions(tpl::Environment& env);

/// One place where a template reads a UI string, found without rendering it.
struct UiStringUse {
  std::string key;           ///< the UI string's key: "cast_caption"
  std::uint32_t line = 0;    ///< 1-based line and column of the expression in its template
  std::uint32_t column = 0;
};

/// The UI strings that `tmpl` reads with a key written in it, in the order of the
/// template's tree (source order): `t.KEY` and `t['KEY']` (the page language's
/// strings, as view.cpp gives them), `X.strings.KEY` and `X.strings['KEY']` (a
/// language's strings, as `site.languages` items and `language` carry them) and
/// `tr('KEY', …)`. Left out, because the template does not need the string to exist:
/// a read guarded by the `default` (or `d`) filter or by an `is defined` / `is
/// undefined` test; a key computed while rendering (`t[name]`); and `t.…` in a template
/// that binds a variable called `t` itself (`set`, `for`, `with`, macro or call
/// parameters, imports). Throws nothing.
std::vector<UiStringUse> ui_strings_used(const tpl::Template& tmpl);

}  // namespace reel
