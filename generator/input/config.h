// config: site.yaml → Config, the settings every later stage reads: languages and
// where each lives in the URL space, the base URL, folders, Markdown and template options.
#pragma once

#include <map>
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
/// --remote and --branch override it. See commands/publish.h.
struct PublishConfig {
  std::string remote = "origin";    ///< a git remote's name
  std::string branch = "gh-pages";  ///< the branch GitHub Pages serves
  /// The custom domain ("films.example.org"), written to CNAME in the published tree;
  /// "" for none. A bare host name: no scheme, no path.
  std::string cname;
};

struct Config {
  Value title;                 ///< a string, or a per-language map {en: …, it: …}
  std::string base_url;        ///< absolute, always ends with '/': "https://example.org/film/"
  std::string base_path;       ///< the base URL's path, always starts and ends with '/': "/film/"
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
  Value params;            ///< free-form site.yaml `params`, seen by templates as `site.params`
  PublishConfig publish;   ///< site.yaml `publish`: remote, branch, custom domain

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
