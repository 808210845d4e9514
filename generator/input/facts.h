// facts: the YAML facts files under content/ → FactsSet: each file's data as written,
// checked against its folder's schema (or free-form when it has none), and resolved at
// load time into one view per site language, following each language's fallback.
// Also the helpers that resolve translated values of other YAML (site.yaml, front matter).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/value.h"
#include "input/config.h"
#include "input/schema.h"

namespace reel {

class InputProducts;

/// One facts file: `content/books/emma.yaml` has id "books/emma".
struct FactsFile {
  std::string id;          ///< path below the content folder, without the extension
  std::string file;        ///< path as shown in messages: "content/books/emma.yaml"
  std::string collection;  ///< name of the collection whose folder holds it (Config::collection_of), or ""
  Value data;              ///< the whole document, as written (translated maps unresolved)
  /// The document for each language, in Config::languages order: every translated map
  /// replaced by its value in that language, or its fallback's, or left out (see
  /// resolve_by_language). Subtrees without translated maps are shared with `data`.
  std::vector<Value> by_lang;
  std::shared_ptr<const Schema> schema;  ///< the schema it was checked against; nullptr: free-form
  FactsGaps gaps;          ///< missing translations (after fallback) and unsourced facts
  /// The maps of `data` that are translated (marked by the schema or `!translated`), in
  /// document order: `by_lang` and the missing translations are resolved from them.
  std::vector<TranslatedMap> translated;
  /// hash_combine of hash_bytes(its bytes) and of its schema files' bytes: what its
  /// product is kept under across builds (input/reuse.h). 0 when loading it gave a
  /// diagnostic: such a file is parsed again every time, so its messages show again.
  std::uint64_t fingerprint = 0;
};

/// Every facts file of a site, by id.
using FactsSet = std::map<std::string, FactsFile, std::less<>>;

/// Loads every facts file below `config.content_dir` (see is_facts_file) and checks each
/// against the schema of its folder (schema_file_for); files of a folder without one
/// load free-form, where only `!translated` maps are translated. Each schema is read
/// once and shared by its files; the files are read, checked and resolved in parallel
/// (`in_parallel = false` does it on this thread alone, for tests). Problems go into
/// `diags` with `file:line:column`, in a stable order: schemas by path, then facts files
/// by path. A facts file that fails to parse, or whose top is not a map, is left out.
/// With `products`, a file whose fingerprint an earlier build kept a product for is not
/// parsed: the product is used, and the result is the same (input/reuse.h).
FactsSet load_facts(const FileSystem& fs, const Config& config, Diagnostics& diags, bool in_parallel = true,
                    const InputProducts* products = nullptr);

/// True when the site-relative `path` is a facts file: a `.yaml` or `.yml` file below
/// the content folder, not inside a language folder (those hold prose), and with no
/// segment of its path below the content folder starting with `_` (schemas, drafts)
/// or `.` (hidden files).
bool is_facts_file(const Config& config, std::string_view path);

/// The site-relative path of the schema file for the facts in `folder` (below the
/// content folder: "books" for id "books/emma"): the `schema` of the collection whose
/// folder it is, if set; else `<content>/<folder>/_schema.yaml` if that file exists;
/// else "" (free-form).
std::string schema_file_for(const FileSystem& fs, const Config& config, std::string_view folder);

/// The value of the translated map `translated` for language `lang` (an index into
/// Config::languages): its own entry, or else that of `lang`'s fallback, following the
/// chain (each language at most once); nullptr when none has one. `shown_from`, when
/// given, receives the code of the language whose value is returned ("" for none).
const Value* translation_of(const ValueMap& translated, const Config& config, std::size_t lang,
                            std::string* shown_from = nullptr);

/// One value known to be translated when it is a map (a site title, a menu name), for
/// the language with code `lang`: a map gives its entry as translation_of does, or
/// undefined when no language in the fallback chain has one; any other value is the
/// same for every language and is returned as it is.
Value translation_for(const Value& value, const Config& config, std::string_view lang);

/// `data` once per language of `config`, in Config::languages order, with each map of
/// `translated` (maps of `data`) replaced by translation_of's value; when there is none,
/// the key holding it is left out of its map (templates see it undefined) and an item
/// holding it is left out of its list. Subtrees without translated maps are shared, not
/// copied. When `gaps` is given, every translated map lacking a language is appended to
/// its missing_translations, with what each such language shows instead.
std::vector<Value> resolve_by_language(const Value& data, const std::vector<TranslatedMap>& translated,
                                       const Config& config, FactsGaps* gaps = nullptr);

/// Free-form YAML (site.yaml `params`, front matter) → one Value per language of
/// `config`, in Config::languages order: maps tagged `!translated` are resolved as
/// resolve_by_language does, every other value is kept as written. `text` is the YAML
/// text `node` was parsed from and `file` its name; `line_offset` is added to reported
/// lines (front matter starts below its `---`). A `!translated` key that is not a site
/// language, or the tag on a scalar or a list, is an error in `diags`. When `gaps` is given,
/// missing translations are appended to it.
std::vector<Value> values_by_language(const YAML::Node& node, std::string_view text, const std::string& file,
                                      const Config& config, Diagnostics& diags, std::uint32_t line_offset = 0,
                                      FactsGaps* gaps = nullptr);

}  // namespace reel
