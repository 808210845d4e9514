// facts: the YAML facts files under content/ → FactsSet, value trees keyed by id,
// and the per-language view of a facts tree that templates see.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/value.h"
#include "input/schema.h"

namespace reel {

/// One facts file: `content/films/never-let-me-go.yaml` has id "films/never-let-me-go".
struct FactsFile {
  std::string id;     ///< path below the content folder, without the extension
  std::string file;   ///< path as shown in messages: "content/films/never-let-me-go.yaml"
  Value data;         ///< the whole document, as written (languages not yet resolved)
  FactsGaps gaps;     ///< missing translations and unsourced facts found by the schema check
};

/// Every facts file of a site, by id.
using FactsSet = std::map<std::string, FactsFile, std::less<>>;

/// Loads every `*.yaml` / `*.yml` file under `content_dir` except those inside the
/// language folders (`language_codes`), which hold prose. Files under
/// `content_dir/films/` are checked against the film schema (Schema::film()). Parse and
/// schema errors go into `diags` with `file:line:column`; a file that fails to parse is
/// left out.
FactsSet load_facts(const FileSystem& fs, const std::string& content_dir,
                    const std::vector<std::string>& language_codes, Diagnostics& diags);

/// The view of `value` for one language: every map whose keys are all site language
/// codes (`{en: …, it: …}`) is replaced by its entry for `lang`, or, when that entry
/// is missing, by the one for `fallback_lang`. Other values are kept as they are
/// (shared, not copied, where nothing below them changes).
Value localize(const Value& value, std::string_view lang, std::string_view fallback_lang,
               const std::vector<std::string>& language_codes);

/// True when `value` is a per-language map as `localize` understands it.
bool is_localized_map(const Value& value, const std::vector<std::string>& language_codes);

}  // namespace reel
