// check: what keeps two languages honest. Lists every UI string, fact label and page
// missing in a language, every fact without a source, and every translation older than
// its original. `reel check` prints the list and fails when it is not empty; `reel build`
// prints it as warnings.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "site/site.h"

namespace reel {

namespace tpl {
class Environment;
}

/// One translation: a prose page in a language other than the default whose original
/// (the default language's page with the same id) has prose too.
struct Translation {
  std::string path;      ///< the translation's prose file: "content/it/about.md"
  std::string original;  ///< the original's prose file: "content/en/about.md"
  std::string hash;      ///< the original's content_hash() now (ProseFile::hash)
  std::string recorded;  ///< the translation's `original_hash` ("" when it has none)
  bool up_to_date() const { return recorded == hash; }
};

/// Every translation of `site`, in page order (each prose file once).
std::vector<Translation> translations_of(const Site& site);

/// Every gap of `site`, as warnings with positions, in a stable order: UI strings
/// (those missing in some languages, at site.yaml; then those that a template or a
/// shortcode of a prose file reads and no language defines, at the read: see
/// check_ui_strings_used), facts (missing translations, then unsourced facts, per
/// file), pages (missing translations, stale or unmarked translations). A translation
/// is a page in a language other than the default whose original (the default
/// language's page with the same id) exists; it records the original's content_hash()
/// in its front matter as `original_hash`. `templates`, the site's parsed templates, may
/// be null: the templates' reads of UI strings are then not checked (the prose's
/// shortcodes still are). Throws nothing.
Diagnostics check_site(const Site& site, const tpl::Environment* templates = nullptr);

/// The UI strings that a page needs and no language of `site.config` has: each read
/// with a key written in the template (`t.KEY`, `t['KEY']`, `X.strings.KEY`,
/// `tr('KEY', …)`; the reads render/functions.h's ui_strings_used finds) in a template of
/// `templates` (when not null; sorted by name) or in a shortcode of one of `site`'s prose
/// files (by path), whose key no language's `strings` in site.yaml defines. One warning
/// per read, at its file:line:column with the line shown, such as
///   templates/partials/cast.html:2:25: warning: UI string `cast_title` is defined in no
///   language (English and Italiano have no `cast_title`)
///     hint: did you mean `cast`? Or add it under languages.en.strings and
///     languages.it.strings in site.yaml
/// A key that some languages have and others lack is check_site's site.yaml warning, not
/// this one. `reel check` fails on these as on every gap, before a page is rendered
/// with the string missing. Throws nothing (a shortcode that does not parse is left to
/// the render, which reports it).
Diagnostics check_ui_strings_used(const Site& site, const tpl::Environment* templates);

}  // namespace reel
