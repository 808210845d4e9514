// config: site.yaml → Config, the settings every later stage reads: languages and
// where each lives in the URL space, the base URL, folders, Markdown and template options.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/value.h"

namespace reel {

/// One site language (site.yaml `languages.<code>`).
struct LanguageConfig {
  std::string code;      ///< the key, a BCP 47 primary tag: "en", "it"; used in folders and hreflang
  std::string name;      ///< the language's own name for the switcher: "English", "Italiano"
  std::string locale;    ///< full BCP 47 locale for formatting and og:locale: "en-GB", "it-IT"
  Value strings;         ///< UI strings (a map); templates see them as `t`
  std::string url_prefix;  ///< "" for the root language, else "it/" (relative to the base URL)
  SourcePos pos;           ///< where the language is declared in site.yaml
  std::map<std::string, SourcePos> string_pos;  ///< where each UI string is, by key
  /// The language whose value a translated fact shows when it has none in this one
  /// (site.yaml `languages.<code>.fallback`): the default language unless set; "" (the
  /// YAML `none`) shows nothing and `reel check` lists the gap.
  std::string fallback;
};

/// A collection (site.yaml `collections.<name>`): the facts files of one folder under
/// `content/`, the schema they follow and, with a `permalink`, one page per file per
/// language made from them (Hugo's content adapters, Zola's sections, from data).
struct CollectionConfig {
  std::string name;          ///< the key: "books"
  std::string folder;        ///< facts folder below content/: "books" (default: the name)
  /// Site-relative path of the schema file, or "" for `content/<folder>/_schema.yaml`
  /// when that file exists (free-form facts when it does not).
  std::string schema;
  std::string as;            ///< the name a page sees a facts file of it under: "book" (default: the name)
  /// URL pattern of its pages, relative to the language's root: "/films/{slug}/", where
  /// {slug} is the facts file's name and {field} any top-level text field, slugified.
  /// "" makes no pages.
  std::string permalink;
  std::string layout = "page";   ///< layout of its pages (templates/layouts/<layout>.html)
  std::string title_field = "title";  ///< dotted path of the field that titles a page
  std::string description_field;      ///< dotted path of the page description, or ""
  std::string date_field;             ///< dotted path of the page date (ISO 8601), or ""
  SourcePos pos;             ///< where it is declared in site.yaml
};

/// A taxonomy (site.yaml `taxonomies.<name>`): terms gathered from a field of a
/// collection's facts, with an index page of its terms and a page per term, per
/// language (Hugo's and Zola's taxonomies).
struct TaxonomyConfig {
  std::string name;        ///< the key: "genres"
  std::string collection;  ///< the collection whose facts give the terms
  /// Dotted path of the field that holds the terms; lists are walked, so
  /// "directors.name" takes the `name` of every item of `directors`.
  std::string field;
  std::string permalink;   ///< URL of the index of terms, relative to the language's root: "/genres/" (terms below it)
  std::string layout = "taxonomy";  ///< the index of terms' layout
  std::string term_layout = "term"; ///< each term page's layout
  Value title;             ///< the index's title: text or a per-language map
  std::int64_t paginate_by = 0;  ///< pages per term page; 0: all on one
  std::string sort_by = "title";  ///< how a term's pages are sorted (see ListSpec)
  SourcePos pos;
};

/// An extra output (site.yaml `outputs.<template>`): a template rendered with every
/// page of a language (feeds, search indexes, robots.txt, 404 pages).
struct OutputConfig {
  std::string template_name;  ///< below templates/: "atom.xml"
  std::string path;           ///< output path below the language's root (default: the template name)
  bool per_language = true;   ///< once per language under its prefix, or once at the root
  SourcePos pos;
};

/// Share cards (site.yaml `share_cards`): a PNG image per page for link previews
/// (Open Graph's og:image, X's twitter:image), drawn at build time from an SVG template
/// that renders with the page's context and is rasterised by libvips (render/share_card.h).
struct ShareCardsConfig {
  /// Below templates/: the SVG template of every card. Default "share_card.svg"; a name
  /// ending in .svg is autoescaped (XML-safe) like every .svg template.
  std::string template_name = "share_card.svg";
  /// The card's size in pixels. Default 1200 × 630, the size Facebook's Open Graph
  /// guide recommends (1.91:1), which X, LinkedIn, Slack and WhatsApp also show. Each
  /// is 1 to kMaxShareCardSide.
  std::uint32_t width = 1200;
  std::uint32_t height = 630;
  SourcePos pos;           ///< where `share_cards` is in site.yaml
  SourcePos template_pos;  ///< where `template` is (or `share_cards` when it is not given)
};

/// The largest width or height of a share card, in pixels: X's limit for
/// summary_large_image cards is 4096 × 4096.
inline constexpr std::uint32_t kMaxShareCardSide = 4096;

/// Responsive images (site.yaml `images`): what the template function image() (and the
/// prose shortcode `{{ image(…) }}`) makes of a source image; images/responsive.h does
/// the work. Every field has a default, so a site needs no `images:` to use image().
struct ImagesConfig {
  /// The widths, in pixels, each image is made in (the `w` descriptors of its srcset).
  /// A width larger than the image is clamped to the image's own width: reel never
  /// upscales. 1 to kMaxImageWidth each; sorted, without duplicates.
  std::vector<std::uint32_t> widths{480, 800, 1200};
  /// The modern formats offered as `<source>`s before the fallback, in the order the
  /// browser should prefer them: "avif" and/or "webp". The fallback (JPEG for opaque
  /// images, PNG for images with transparency) is always made. A format of this default
  /// list that the local libvips cannot write is left out; one that site.yaml names is
  /// an error at `formats_pos` when an image is made.
  std::vector<std::string> formats{"avif", "webp"};
  bool formats_given = false;  ///< site.yaml names `formats` (unwritable ones are errors)
  SourcePos formats_pos;       ///< where `formats` is in site.yaml
  int quality = 70;            ///< the encoders' quality, 1–100 (PNG is lossless: ignored)
  /// The default `sizes` attribute: how wide the image is shown, for the browser's pick
  /// from the srcset (HTML Living Standard, "Images"); image(sizes=…) overrides it.
  std::string sizes = "100vw";
};

/// The largest width site.yaml `images.widths` accepts, in pixels.
inline constexpr std::uint32_t kMaxImageWidth = 8192;

/// One entry of a menu (site.yaml `menus.<name>`): a page by id, or a URL with a name.
struct MenuItemConfig {
  std::string page;  ///< a page id ("about", "books/x"), or ""
  std::string url;   ///< an external or site-relative URL, when `page` is ""
  Value name;        ///< text or per-language map; default: the page's title
  SourcePos pos;
};

/// Markdown options (site.yaml `markdown`), applied by cmark-gfm.
struct MarkdownOptions {
  bool smart_punctuation = true;  ///< curly quotes, dashes and ellipses (CMARK_OPT_SMART)
  bool unsafe_html = false;       ///< pass raw HTML through; off by default, as in Hugo's Goldmark
  bool heading_ids = true;        ///< give every heading an id made from its text
  /// GFM extensions by name: table, strikethrough, autolink, tagfilter, tasklist, footnotes.
  std::vector<std::string> extensions{"table", "strikethrough", "autolink", "tagfilter", "tasklist", "footnotes"};
};

/// Where `reel publish` sends the site (site.yaml `publish`); the command line's
/// --remote and --branch override it. See publish/publish.h.
struct PublishConfig {
  std::string remote = "origin";    ///< a git remote's name
  std::string branch = "gh-pages";  ///< the branch GitHub Pages serves
  /// The custom domain ("films.example.org"), written to CNAME in the published tree;
  /// "" for none. A bare host name: no scheme, no path.
  std::string cname;
};

struct Config {
  Value title;                 ///< a string, or a per-language map {en: …, it: …}
  std::string base_url;        ///< absolute, always ends with '/': "https://example.org/project/"
  std::string base_path;       ///< the base URL's path, always starts and ends with '/': "/project/"
  std::string default_language;
  /// False (the default, as in Hugo and Zola): the default language sits at the root
  /// and the others under "/<code>/". True: every language under "/<code>/".
  bool default_language_in_subdir = false;
  std::vector<LanguageConfig> languages;  ///< in the order written; never empty once loaded
  std::string output_dir = "_site";       ///< relative to the site folder, or absolute
  std::string content_dir = "content";
  std::string templates_dir = "templates";
  std::string static_dir = "static";
  MarkdownOptions markdown;
  bool autoescape = true;  ///< autoescape .html/.htm/.xml/.svg templates
  // Template whitespace, as Jinja2's Environment options of the same names (Template
  // Designer Documentation, "Whitespace Control"); tpl::Options has their exact rules.
  bool trim_blocks = false;            ///< remove the first newline after a block tag
  bool lstrip_blocks = false;          ///< strip spaces and tabs before a block tag on its line
  bool keep_trailing_newline = false;  ///< keep a template's final newline
  /// false (the default): an undefined value in a template condition (`{% if a.b.c %}`,
  /// `x or y`, `not x`, ...) is false, as in Jinja's default Undefined, Tera and Hugo.
  /// true: it is an error, as printing one always is (tpl::Options::strict_conditions).
  bool strict_conditions = false;
  Value params;            ///< free-form site.yaml `params`, as written
  /// `params` resolved for each language (config order): only maps tagged `!translated`
  /// are translated, as in free-form facts; templates see it as `site.params`.
  std::vector<Value> params_by_lang;
  PublishConfig publish;   ///< site.yaml `publish`: remote, branch, custom domain
  std::vector<CollectionConfig> collections;  ///< in the order written
  std::vector<TaxonomyConfig> taxonomies;     ///< in the order written
  std::vector<OutputConfig> outputs;          ///< in the order written
  /// site.yaml `share_cards`: a share card per page when set; none when absent.
  std::optional<ShareCardsConfig> share_cards;
  ImagesConfig images;  ///< site.yaml `images`: widths, formats, quality, sizes
  /// Menus by name, each a list of items in order.
  std::vector<std::pair<std::string, std::vector<MenuItemConfig>>> menus;

  /// The collection named `name`, or nullptr.
  const CollectionConfig* collection(std::string_view name) const;
  /// The collection whose folder holds the facts file `facts_id` ("books/x" is in
  /// folder "books"; the longest folder wins), or nullptr.
  const CollectionConfig* collection_of(std::string_view facts_id) const;

  /// The language with this code, or nullptr.
  const LanguageConfig* language(std::string_view code) const;
  /// Codes of every language, in order.
  std::vector<std::string> language_codes() const;
};

/// Reads and checks `site.yaml` at the root of `fs`. Every problem (missing file, bad
/// YAML, unknown key with a did-you-mean hint, wrong type, missing language) goes into
/// `diags` with its `site.yaml:line:column`; the returned Config is only meaningful
/// when no error was added.
Config load_config(const FileSystem& fs, Diagnostics& diags);

/// Replaces the base URL (and base path) — `--base-url` on the command line. Returns
/// false when `url` is not an absolute http(s) URL.
bool set_base_url(Config& config, std::string_view url);

}  // namespace reel
