// schema: the facts model. A Schema names the types a facts file may hold (a film, a
// person credit, a release…), their fields and each field's type, and checks a facts
// file against them with positioned errors. reel's film schema is data
// (generator/input/film_schema.yaml, built into the binary) and documented in
// docs/facts.md.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/diagnostics.h"

namespace reel {

/// One field of a map type.
struct FieldSpec {
  std::string name;
  /// A scalar type — `text`, `int`, `number` (int or decimal), `bool`, `date` (ISO 8601
  /// "2010", "2010-09" or "2010-09-15"), `url` (absolute http/https), `currency`
  /// (ISO 4217, three capitals), `source_ids` (a list of ids declared in the file's
  /// `sources`), `any` — or the name of a map type of the same schema.
  std::string type;
  bool list = false;       ///< a YAML sequence of `type`
  bool localized = false;  ///< each value may be a per-language map {en: …, it: …}
  bool required = false;
  std::string doc;         ///< one line for docs/facts.md
};

/// A map type: its fields, in documentation order.
struct TypeSpec {
  std::string name;
  std::string doc;
  std::vector<FieldSpec> fields;
  /// The field that lists the sources of this map's own facts ("sources"; the film
  /// itself uses "identity_sources" because its `sources` is the bibliography).
  std::string sources_field = "sources";
  /// Whether this map's sources also cover the maps inside it (a group's sources cover
  /// its items). The film sets it false: its identity_sources are for its own scalars.
  bool sources_cover_children = true;

  const FieldSpec* field(std::string_view name) const;
};

/// What checking a facts file finds besides hard errors: the gaps `reel check` lists.
struct FactsGaps {
  /// A per-language map that lacks some site languages: position and dotted path.
  struct MissingTranslation {
    SourcePos pos;
    std::string path;
    std::vector<std::string> languages;
  };
  /// A map holding facts with no sources of its own nor from a map around it.
  struct Unsourced {
    SourcePos pos;
    std::string path;
  };
  std::vector<MissingTranslation> missing_translations;
  std::vector<Unsourced> unsourced;
};

class Schema {
 public:
  /// Parses a schema document (see film_schema.yaml for the format). Throws reel::Error
  /// with a position when the schema itself is malformed or names an unknown type.
  static Schema parse(std::string_view text, const std::string& file);
  /// reel's built-in film schema.
  static const Schema& film();

  const std::string& root() const { return root_; }
  const TypeSpec* type(std::string_view name) const;
  /// Every map type, root first, then in the order written.
  const std::vector<TypeSpec>& types() const { return types_; }

  /// Checks `doc` (the parsed facts file; `text` its source, for the offending lines)
  /// against the root type. Errors go into `diags`: a value of the wrong type
  /// ("expected a whole number for `year`, got text `20l0`"), a missing required field,
  /// an unknown key (with "did you mean"), an unknown source id. Returns the gaps.
  FactsGaps validate(const YAML::Node& doc, std::string_view text, const std::string& file,
                     const std::vector<std::string>& languages, Diagnostics& diags) const;

 private:
  std::string root_;
  std::vector<TypeSpec> types_;
};

}  // namespace reel
