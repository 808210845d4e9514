// site: Site and Page, and assemble_site, which turns Config + facts + prose files into
// one Page per (id, language) with its URL, its translations and its facts, checking
// for missing translations, duplicate URLs and dangling facts references.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/value.h"
#include "input/config.h"
#include "input/facts.h"
#include "input/markdown.h"
#include "site/i18n.h"

namespace reel {

/// One rendered page: a prose file `content/<lang>/<id>.md`.
struct Page {
  std::string id;          ///< path below the language folder, no extension: "index", "about", "films/x"
  std::string lang;        ///< language code
  std::string source;      ///< "content/en/about.md"
  std::string rel_url;     ///< URL relative to the base URL: "", "about/", "it/", "it/about/"
  std::string url;         ///< root-relative URL including the base path: "/film/it/about/"
  std::string permalink;   ///< absolute URL: base URL + rel_url
  std::string output_path; ///< file in the output folder: "it/about/index.html"
  std::string title;
  std::string description;
  std::string layout;      ///< template under templates/layouts/, without ".html"
  std::int64_t order = 0;  ///< position in menus; lower first
  std::string facts_id;    ///< the facts file this page binds to ("films/never-let-me-go"), or ""
  Value front_matter;      ///< the whole front matter map
  std::string body_hash;   ///< content_hash() of the Markdown body, to tell when a translation is stale
  std::string original_hash;  ///< front matter `original_hash`: the original's body_hash this translation was made from
  Prose prose;             ///< rendered body, with a shortcode_token() where each shortcode goes
  std::vector<Shortcode> shortcodes;  ///< the body's `{{ … }}` expressions, evaluated when the page renders
  std::vector<std::size_t> translations;  ///< indices in Site::pages of the same id in other languages
};

struct Site {
  Config config;
  FactsSet facts;
  std::vector<Locale> locales;  ///< one per language, in config order
  std::vector<Page> pages;      ///< sorted by language (config order), then order, then id

  const Locale& locale(std::string_view lang) const;
};

/// A short, stable fingerprint of a text (64-bit FNV-1a, 16 hex digits), with line
/// endings normalised so that a checkout on Windows gives the same value.
std::string content_hash(std::string_view text);

/// The URL of page `id` in language `lang` relative to the base URL, following the
/// Hugo/Zola rules: "index" → "" (the language's home), "about" → "about/",
/// "films/index" → "films/", each under the language's prefix ("it/").
std::string page_rel_url(const LanguageConfig& lang, std::string_view id);

/// Reads every prose file under `content/<lang>/` of every language, renders its
/// Markdown, and links pages to their translations and facts. Problems go into
/// `diags`: front matter errors with positions, a missing `title`, two pages with one
/// URL, a `facts:` id with no facts file (with a did-you-mean hint). Missing
/// translations are not errors: check_site (site/check.h) lists them.
Site assemble_site(const FileSystem& fs, Config config, FactsSet facts, Diagnostics& diags);

}  // namespace reel
