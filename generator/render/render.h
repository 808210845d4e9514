// render: (Site, template Environment) → OutputSet. Builds each page's template
// context, renders pages in parallel (byte-identical whatever the thread count), and
// adds the site-wide files: sitemap.xml and the root templates 404.html and robots.txt.
#pragma once

#include "base/diagnostics.h"
#include "output/output.h"
#include "site/site.h"
#include "template/environment.h"

namespace reel {

/// Template names rendered once into the output root, when present in templates/.
/// A `sitemap.xml` template replaces the built-in sitemap.
inline const std::vector<std::string> kRootTemplates{"404.html", "robots.txt", "sitemap.xml", "share.svg"};

/// Registers reel's site filters into `env`:
///  - `date`: ISO 8601 date → the page language's long date ("15 September 2010",
///    "15 settembre 2010");
///  - `number`: grouping per language (9,918,093 / 9.918.093);
///  - `money(currency="USD")`: US$15,000,000 / 15.000.000 USD;
///  - `relative_url`: a site path → root-relative URL under the base path
///    ("style.css" → "/film/style.css");
///  - `absolute_url`: a site path → absolute URL under the base URL.
/// and the functions `tr(key, **values)` (an ICU message from the UI strings),
/// `fact(path, format)` (a cited, formatted fact of the page's film) and
/// `foreign(text, lang)` (a phrase in another language, marked with `lang` for screen
/// readers: WCAG 2.1 SC 3.1.2, Language of Parts), and the `cite` filter.
/// Locale-aware filters read the `lang` variable of the render; `site` must outlive `env`.
void register_site_filters(tpl::Environment& env, const Site& site);

/// Every facts file resolved for language `lang`, nested by the segments of its id:
/// "films/never-let-me-go" is `data.films['never-let-me-go']` (templates' `data`).
Value site_data(const Site& site, std::string_view lang);

/// site_data() for every language, in config order (the default language first).
std::vector<Value> site_data_by_language(const Site& site);

/// The template context of one page (see docs/templates.md for every variable).
Value page_context(const Site& site, const Page& page, const std::vector<Value>& data_by_lang);

/// Renders every page through `layouts/<layout>.html` and every root template, and
/// writes sitemap.xml. Template errors go into `diags` (one per failing page, all
/// pages tried); the OutputSet is complete only when no error was added.
OutputSet render_site(const Site& site, const tpl::Environment& env, Diagnostics& diags);

/// Renders the pages at indices `which` of `site.pages` into `out` (replacing what was
/// there), in parallel; a failing page adds an error to `diags` and leaves its old bytes.
/// `data_by_lang` is site_data_by_language(site), computed once by the caller.
void render_pages(const Site& site, const tpl::Environment& env, const std::vector<Value>& data_by_lang,
                  const std::vector<std::size_t>& which, OutputSet& out, Diagnostics& diags);

/// Renders the root templates (kRootTemplates) and the built-in sitemap into `out`.
void render_root_files(const Site& site, const tpl::Environment& env, const std::vector<Value>& data_by_lang, OutputSet& out,
                       Diagnostics& diags);

/// The sitemap (sitemaps.org protocol 0.9) listing every page with its translations as
/// `xhtml:link rel="alternate" hreflang` entries, x-default pointing at the default
/// language (Google's "Tell Google about localized versions" rules).
std::string render_sitemap(const Site& site);

}  // namespace reel
