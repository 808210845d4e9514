// site: the model of a site (Site, Page and its kinds) and assemble_site, which turns
// Config + facts + prose files into one Page per output page and language: prose pages,
// pages made from a collection's facts, list pages and their pagers, taxonomy indexes
// and term pages; with URLs, translations and the shared, sorted page lists. It checks
// for duplicate URLs, unknown layouts' inputs (facts ids, collections) and slug clashes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "base/value.h"
#include "input/config.h"
#include "input/facts.h"
#include "input/prose.h"
#include "site/i18n.h"

namespace reel {

/// What a page is (Zola's page, section and taxonomy pages; Hugo's page kinds).
enum class PageKind {
  kPage,      ///< a prose file, or a collection's facts file (with its prose, if any)
  kList,      ///< a page whose front matter has `list:`; its pagers are kList pages too
  kTaxonomy,  ///< the index of a taxonomy's terms
  kTerm,      ///< the pages that carry one term of a taxonomy
};

/// The name of a kind as templates see it in `page.kind`: page, list, taxonomy, term.
std::string_view page_kind_name(PageKind kind);

/// Where a list's pages are, for the pages of a list (and of each pager).
struct PageList {
  std::vector<std::size_t> pages;  ///< indices in Site::pages, sorted as the list asks
  std::int64_t paginate_by = 0;    ///< 0: every page on one
};

/// One output page in one language.
struct Page {
  PageKind kind = PageKind::kPage;
  std::string id;          ///< "about", "books/emma" (a facts id), "genres" (a taxonomy), "genres/drama" (a term)
  std::string lang;        ///< language code
  std::string source;      ///< the file it comes from: "content/en/about.md", "content/books/emma.yaml", "site.yaml"
  std::string rel_url;     ///< URL relative to the base URL: "", "about/", "it/", "it/about/", "books/page/2/"
  std::string url;         ///< root-relative URL including the base path: "/proj/it/about/"
  std::string permalink;   ///< absolute URL: base URL + rel_url
  std::string output_path; ///< file in the output folder: "it/about/index.html"
  std::string title;
  std::string description;
  std::string date;        ///< ISO 8601, or ""
  std::string layout;      ///< template under templates/layouts/, without ".html"
  SourcePos layout_pos;    ///< where the layout is named (front matter, or the collection in site.yaml)
  std::string layout_line; ///< that line, for messages
  std::int64_t order = 0;  ///< position in menus and default lists; lower first
  /// The facts the page binds, by the name templates see them under ("book" →
  /// "books/emma"); the first is the page's own facts (`page.facts`, citations).
  std::vector<std::pair<std::string, std::string>> facts;
  std::string prose_path;  ///< the prose file that gives its body, or ""
  std::string body_hash;   ///< ProseFile::hash of its prose ("" without prose)
  std::string original_hash;  ///< front matter `original_hash`
  std::vector<std::size_t> translations;  ///< indices in Site::pages of the same page in other languages
  /// List pages and term pages: what they list (shared by the pagers of one list).
  std::shared_ptr<const PageList> list;
  std::int64_t pager = 1;          ///< 1-based pager number of a list page
  std::int64_t pager_count = 1;    ///< pagers of its list
  /// Every pager's URL, first the list page's own; shared by the pagers of one list.
  std::shared_ptr<const std::vector<std::string>> pager_urls;
  std::string taxonomy;    ///< kTaxonomy, kTerm: the taxonomy's name
  std::string term;        ///< kTerm: the term's name in this language
  std::string term_slug;   ///< kTerm: its slug
  /// kTaxonomy: indices of its term pages in this language, sorted by name.
  std::vector<std::size_t> terms;
};

struct Site {
  Config config;
  std::shared_ptr<const FactsSet> facts;    ///< every facts file (shared with the build)
  std::shared_ptr<const ProseSet> prose;    ///< every prose file (shared with the build)
  std::vector<Locale> locales;              ///< one per language, in config order
  /// Every page: by language (config order), then kind (pages, lists, taxonomies,
  /// terms), then order, then id, then pager. The order of output never depends on threads.
  std::vector<Page> pages;
  /// Indices of the content pages (kPage and the first pager of each kList) of each
  /// language, in the order above (`pages` in templates).
  std::vector<std::vector<std::size_t>> pages_by_lang;
  /// (lang index, page id) → index in `pages` of its first pager.
  std::unordered_map<std::string, std::size_t> index;

  const Locale& locale(std::string_view lang) const;
  /// Index of the language `code` in config.languages (0 when unknown).
  std::size_t lang_index(std::string_view code) const;
  /// The page with this id in this language, or nullptr.
  const Page* find(std::string_view id, std::string_view lang) const;
  /// The prose file of a page, or nullptr.
  const ProseFile* prose_of(const Page& page) const;
};

/// The URL of page `id` in language `lang` relative to the base URL, following the
/// Hugo/Zola rules: "index" → "" (the language's home), "about" → "about/",
/// "books/index" → "books/", each under the language's prefix ("it/").
std::string page_rel_url(const LanguageConfig& lang, std::string_view id);

/// Assembles the site from loaded facts and prose. Problems go into `diags`: a missing
/// `title`, two pages with one URL, a `facts:` id with no facts file (did-you-mean), an
/// unknown collection, a collection page whose title field is missing, two terms whose
/// slugs collide. Missing translations are not errors: check_site (site/check.h) lists
/// them.
Site assemble_site(Config config, std::shared_ptr<const FactsSet> facts, std::shared_ptr<const ProseSet> prose,
                   Diagnostics& diags);

/// The value at a dotted `path` ("box_office.worldwide.amount") inside `root`; lists
/// are walked, so "directors.name" gives the `name` of every item of `directors`.
/// Appends every value found (none when the path is missing) to `out`.
void values_at(const Value& root, std::string_view path, std::vector<Value>& out);

}  // namespace reel
