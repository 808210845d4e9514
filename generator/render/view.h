// view: what templates see of an assembled Site, built once per build and shared by
// every page: each language's context (site, lang, t, data, pages, menus,
// taxonomies), one summary Value per page, and the per-page context, which points at
// those shared values instead of copying them, so a page's context costs the same
// whatever the size of the site (see docs/templates.md for every variable).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/value.h"
#include "site/site.h"

namespace reel {

namespace images {
class ImageCache;
}

/// The Site as templates see it. Immutable once built, but for the citation link cache
/// (guarded by a mutex); safe to share between rendering threads. It is reachable from
/// every render context as the variable `_reel` (an Object), which is how the site's
/// filters and functions find it: nothing is bound before the site exists.
class SiteView : public Object {
 public:
  /// Builds every shared value of `site` (page summaries in parallel). `site` must
  /// outlive the view, and `images` (the Build's image cache, kept across rebuilds), when
  /// given, too; without it the view keeps a cache in memory of its own.
  explicit SiteView(const Site& site, images::ImageCache* images = nullptr);
  ~SiteView() override;

  std::string_view type_name() const override { return "site"; }

  const Site& site() const { return site_; }
  /// The image cache that processed images (share cards) go through; thread-safe.
  images::ImageCache& images() const { return *images_; }
  /// The summary of page `i` (`pages` items, get_page()): id, lang, kind, title,
  /// description, date, url, rel_url, permalink, order, params, facts, term.
  const Value& summary(std::size_t i) const { return summaries_[i]; }
  /// What every template in language `li` sees: site, lang, locale, og_locale, language,
  /// t, data, pages, menus, taxonomies, and `_reel` (this view).
  const ValueMap& language_context(std::size_t li) const { return languages_[li]; }
  /// Every language's `data`, by code (root outputs see it as `data_by_lang`).
  const Value& data_by_lang() const { return data_by_lang_; }

  /// The whole template context of page `i`: its language's context plus `page`, its
  /// facts under their names, `paginator`, `term` and `taxonomy` where they apply.
  Value page_context(std::size_t i) const;

  /// The HTML of the links to each source of the bibliography of facts file `facts_id`
  /// in language `li`, by source id; `label` prefixes each link's accessible name.
  struct Citation {
    std::size_t number;  ///< 1-based place in the bibliography
    std::string html;    ///< <a href="#source-ID" aria-label="Source N: Publisher, Title">N</a>
  };
  using Citations = std::unordered_map<std::string, Citation>;
  const Citations& citations(const std::string& facts_id, std::size_t li, const std::string& label) const;

 private:
  Value make_summary(const Page& page) const;
  Value paginator(const Page& page) const;
  Value taxonomy_value(const std::string& name, std::size_t li) const;

  const Site& site_;
  std::unique_ptr<images::ImageCache> own_images_;  ///< when the view was given no cache
  images::ImageCache* images_;
  std::vector<Value> summaries_;
  std::vector<ValueMap> languages_;
  Value data_by_lang_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, Citations> citations_;  ///< by facts id, language, label
};

}  // namespace reel
