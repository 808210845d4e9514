// functions: reel's site filters and functions, registered once into a template
// Environment before any template is parsed. They find the site through the SiteView
// in the render context (`_reel`), so they are bound to nothing that does not exist yet.
#pragma once

#include "template/environment.h"

namespace reel {

/// Registers into `env`:
///  - filters `date` (ISO 8601 date → the language's long date: "15 September 2010",
///    "15 settembre 2010"), `number` (9,918,093 / 9.918.093), `compact`, `minutes`,
///    `percent`, `ordinal` (site/i18n.h), `money(currency, words=false)` (an ISO 4217
///    code is required: there is no default currency), `cite` (citation links for a
///    fact's `sources`, numbered by the page's bibliography), `relative_url` and
///    `absolute_url` (a site path, or a URL that already carries the base path, → a URL
///    under the base path / base URL);
///  - functions `tr(key, **values)` (an ICU message from the UI strings), `fact(path,
///    format)` (a cited, formatted fact of the page's own facts), `foreign(text, lang)`
///    (a phrase in another language marked with `lang`: WCAG 2.1 SC 3.1.2, Language of
///    Parts), `get_page(id, lang=page's)` (a page's summary) and `url_for(id,
///    lang=page's)` (its URL); an unknown id is an error with a did-you-mean hint.
/// Locale-aware ones use the `lang` variable of the render.
void register_site_functions(tpl::Environment& env);

}  // namespace reel
