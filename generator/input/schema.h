// schema: the model of a collection's facts. A Schema is a file of the site
// (`content/<folder>/_schema.yaml`, or where site.yaml's collection says) naming the
// types a facts file may hold, their fields and each field's type; a schema may extend
// another. It checks a facts file against them with positioned errors, says which of
// its maps hold one value per language (its `localized` fields), and whether the file
// cites sources (`citations:`). Free-form data has no schema: there a map is
// translated only when tagged `!translated` (find_translated_maps). docs/facts.md
// describes the format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/value.h"

namespace reel {

/// One field of a map type.
struct FieldSpec {
  std::string name;
  /// A scalar type — `text`, `int`, `number` (int or decimal), `bool`, `date` (ISO 8601
  /// "2010", "2010-09" or "2010-09-15", a day that exists in the Gregorian calendar:
  /// "2011-02-29" is an error), `url` (absolute http/https), `currency` (ISO 4217, three
  /// capitals), `source_ids` (a list of ids declared in the file's bibliography), `any`
  /// (free-form data) — or the name of a map type of the same schema.
  std::string type;
  bool list = false;       ///< a YAML sequence of `type`
  /// Each value may be a per-language map {en: …, it: …} whose keys are site language
  /// codes. Only scalar types (`any` included) may be localized.
  bool localized = false;
  bool required = false;
  std::string doc;         ///< one line for the documentation
  SourcePos pos;           ///< where the schema file that last declared it does so
};

/// A map type: its fields, base schema's first, in the order written.
struct TypeSpec {
  std::string name;
  std::string doc;
  std::vector<FieldSpec> fields;
  /// The field that lists the sources of this map's own facts (default "sources"; a root
  /// type whose `sources` is the bibliography names another one).
  std::string sources_field = "sources";
  /// Whether this map's sources also cover the maps inside it (a group's sources cover
  /// its items). False when they are for the map's own scalars only.
  bool sources_cover_children = true;
  SourcePos pos;  ///< where the type is first declared

  /// The field named `name`, or nullptr.
  const FieldSpec* field(std::string_view name) const;
};

/// A map of a data tree that holds one value per language: a `localized` field's map,
/// or a free-form map tagged `!translated`. It is known by its identity in the Value
/// tree (Values are shared and immutable, so the address is stable while the tree lives).
struct TranslatedMap {
  const ValueMap* map = nullptr;
  SourcePos pos;     ///< where the map is written
  std::string path;  ///< dotted path in the document: "cast[0].character"
};

/// What loading a facts file finds besides hard errors: the gaps `reel check` lists.
struct FactsGaps {
  /// A translated map that lacks some site languages.
  struct MissingTranslation {
    SourcePos pos;
    std::string path;  ///< dotted path: "cast[0].character"
    std::vector<std::string> languages;  ///< codes of the languages without a value, in site order
    /// For each of `languages`, the code of the language whose value shows instead (its
    /// fallback, followed), or "" when nothing is shown.
    std::vector<std::string> shown;
  };
  /// A map holding facts with no sources of its own nor from a map around it.
  struct Unsourced {
    SourcePos pos;
    std::string path;
    std::string field;  ///< the field of its type that would hold its sources: "sources"
  };
  std::vector<MissingTranslation> missing_translations;
  std::vector<Unsourced> unsourced;
};

/// What checking one document against a schema finds, besides its errors.
struct SchemaCheck {
  std::vector<TranslatedMap> translated;  ///< in document order
  std::vector<FactsGaps::Unsourced> unsourced;
};

class Schema {
 public:
  /// Reads the schema file `path` of `fs` and, through its `extends:` keys, the schemas
  /// it builds on (each path relative to the file that names it). A type declared again
  /// adds its fields to the base type's, replacing same-named ones; new types are added.
  /// Throws reel::Error with the schema file's position when a file is missing, is
  /// malformed, names an unknown type or key, localizes a map type, declares
  /// `source_ids` fields without `citations:`, or when `extends` makes a cycle (the
  /// message names every file of it).
  static Schema load(const FileSystem& fs, const std::string& path);
  /// Parses one schema document with no `extends:` (as `load` does on a file system
  /// holding only `file`). Throws as `load` does.
  static Schema parse(std::string_view text, const std::string& file);

  /// The schema file this was loaded from (the most derived one).
  const std::string& file() const { return file_; }
  /// The name of the type of a whole facts file.
  const std::string& root() const { return root_; }
  /// The root-type field holding the bibliography, a list of maps with an `id` (schema
  /// key `citations:`); "" when the schema has no citations.
  const std::string& bibliography_field() const { return bibliography_; }
  /// The type named `name`, or nullptr.
  const TypeSpec* type(std::string_view name) const;
  /// Every map type, root first, then in the order written (base schemas' first).
  const std::vector<TypeSpec>& types() const { return types_; }

  /// Checks `doc` (the parsed facts file; `data` = yaml_to_value(doc); `text` its source,
  /// for the offending lines) against the root type. Errors go into `diags`: a value of
  /// the wrong type ("expected a whole number for `year`, got text `20l0`"), a missing
  /// required field, an unknown key or language code (with "did you mean"), an unknown
  /// source id, a `!translated` tag on a field that is not localized. Returns the
  /// translated maps (the `localized` fields' maps, and `!translated` maps inside `any`
  /// values) and the unsourced maps.
  SchemaCheck validate(const YAML::Node& doc, const Value& data, std::string_view text, const std::string& file,
                       const std::vector<std::string>& languages, Diagnostics& diags) const;

 private:
  friend class SchemaReader;
  std::string file_;
  std::string root_;
  std::string bibliography_;
  std::vector<TypeSpec> types_;
};

/// Finds the maps of free-form data (no schema) that hold one value per language: those
/// tagged `!translated`. `value` is yaml_to_value(node); `text`, `file` and
/// `line_offset` (as in yaml.h) place messages; `path` is the dotted path of `node`
/// ("" at the top). Appends each map to `out`, in document order; its values are not
/// searched further. Errors go into `diags`: a key that is not one of `languages` (with
/// "did you mean"), the tag on a scalar or a list.
void find_translated_maps(const YAML::Node& node, const Value& value, std::string_view text, const std::string& file,
                          const std::vector<std::string>& languages, std::vector<TranslatedMap>& out, Diagnostics& diags,
                          std::uint32_t line_offset = 0, const std::string& path = {});

}  // namespace reel
