#include "input/schema.h"

#include <algorithm>
#include <map>

#include "base/text.h"
#include "input/yaml.h"

namespace reel {

const FieldSpec* TypeSpec::field(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const TypeSpec* Schema::type(std::string_view name) const {
  for (const auto& t : types_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

namespace {

const std::vector<std::string> kScalarTypes{"text", "int", "number", "bool", "date", "url", "currency", "source_ids", "any"};

bool is_scalar_type(std::string_view t) {
  return std::find(kScalarTypes.begin(), kScalarTypes.end(), t) != kScalarTypes.end();
}

bool contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string join_list(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

/// The folder of a '/'-separated path: "content/books" for "content/books/_schema.yaml".
std::string_view folder_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

/// `relative` resolved against `folder`, with "." and ".." segments removed; "" when it
/// is absolute or climbs above the site's root.
std::string resolve_relative(std::string_view folder, std::string_view relative) {
  if (relative.empty() || relative.front() == '/') return "";
  std::vector<std::string> parts;
  auto push_segments = [&](std::string_view path) {
    while (!path.empty()) {
      std::size_t slash = path.find('/');
      std::string_view seg = path.substr(0, slash);
      path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
      if (seg.empty() || seg == ".") continue;
      if (seg == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else {
        parts.emplace_back(seg);
      }
    }
    return true;
  };
  if (!push_segments(folder) || !push_segments(relative) || parts.empty()) return "";
  return join_list(parts, "/");
}

/// A bool key of a schema (`list: true`); throws a positioned error for anything else.
bool read_bool(const YAML::Node& node, std::string_view text, const std::string& file, std::string_view key) {
  Value v = node.IsScalar() ? yaml_to_value(node) : Value();
  if (!v.is_bool()) {
    throw Error(yaml_diagnostic(node, text, file, "expected true or false for `" + std::string(key) + "`"));
  }
  return v.as_bool();
}

/// Throws for the first key of map `node` that is not in `allowed`, with a did-you-mean.
void check_keys(const YAML::Node& node, const std::vector<std::string>& allowed, std::string_view text,
                const std::string& file, const std::string& where) {
  for (const auto& kv : node) {
    std::string key = kv.first.Scalar();
    if (!contains(allowed, key)) {
      throw Error(yaml_diagnostic(kv.first, text, file, "unknown key `" + key + "` in " + where,
                                  suggestion_hint(key, allowed, "the keys are " + join_list(allowed, ", "))));
    }
  }
}

}  // namespace

/// Reads a schema file and the files it extends, then merges them, base first.
class SchemaReader {
 public:
  explicit SchemaReader(const FileSystem& fs) : fs_(fs) {}

  Schema read(const std::string& path) {
    std::vector<Layer> chain;
    std::string current = path;
    YAML::Node via;  // the `extends` node of chain.back() that names `current`
    while (true) {
      for (const Layer& seen : chain) {
        if (seen.file != current) continue;
        std::vector<std::string> files;
        for (const Layer& l : chain) files.push_back(l.file);
        files.push_back(current);
        throw Error(yaml_diagnostic(via, chain.back().text, chain.back().file,
                                    "schemas extend each other in a cycle: " + join_list(files, " → "),
                                    "one of these schemas must stop extending the other"));
      }
      std::optional<std::string> text = fs_.read(current);
      if (!text) {
        if (chain.empty()) throw Error(SourcePos{current}, "the schema file `" + current + "` does not exist");
        throw Error(yaml_diagnostic(via, chain.back().text, chain.back().file,
                                    "`extends` names `" + current + "`, which does not exist",
                                    "the path is relative to the folder of " + chain.back().file));
      }
      Layer layer{current, *text, parse_yaml(*text, current)};
      texts_[current] = *text;
      const YAML::Node& doc = layer.doc;
      if (!doc.IsMap()) {
        throw Error(yaml_diagnostic(doc, layer.text, current, "a schema is a map with `root:` and `types:`",
                                    "see docs/facts.md, \"Schemas\""));
      }
      check_keys(doc, {"root", "extends", "citations", "types"}, layer.text, current, "the schema");
      YAML::Node extends = doc["extends"];
      chain.push_back(std::move(layer));
      if (!extends) break;
      std::string next = extends.IsScalar() ? resolve_relative(folder_of(current), extends.Scalar()) : "";
      if (next.empty()) {
        throw Error(yaml_diagnostic(extends, chain.back().text, current,
                                    "expected the path of a schema file for `extends`",
                                    "a path relative to this file's folder, inside the site: `extends: ../base.yaml`"));
      }
      via = extends;
      current = next;
    }
    Schema schema;
    schema.file_ = path;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) apply(*it, schema);
    finish(schema);
    return schema;
  }

 private:
  struct Layer {
    std::string file;
    std::string text;
    YAML::Node doc;
  };

  /// A diagnostic at a position recorded while reading, with its line of source.
  Error error_at(const SourcePos& pos, std::string message, std::string hint = {}) const {
    Diagnostic d;
    d.pos = pos;
    d.message = std::move(message);
    d.hint = std::move(hint);
    auto text = texts_.find(pos.file);
    if (text != texts_.end() && pos.line > 0) d.source_line = std::string(line_of(text->second, pos.line));
    return Error(std::move(d));
  }

  /// Adds one file's root, citations and types to `schema`, over what its bases said.
  void apply(const Layer& layer, Schema& schema) {
    const YAML::Node& doc = layer.doc;
    const std::string& file = layer.file;
    if (YAML::Node root = doc["root"]) {
      if (!root.IsScalar() || root.Scalar().empty()) {
        throw Error(yaml_diagnostic(root, layer.text, file, "expected the name of a type for `root`"));
      }
      schema.root_ = root.Scalar();
      root_pos_ = yaml_pos(root, file);
    }
    if (YAML::Node citations = doc["citations"]) {
      if (!citations.IsScalar() && !citations.IsNull()) {
        throw Error(yaml_diagnostic(citations, layer.text, file, "expected the name of the root type's field that lists the sources",
                                    "e.g. `citations: sources`"));
      }
      schema.bibliography_ = citations.IsNull() ? "" : citations.Scalar();
      citations_pos_ = yaml_pos(citations, file);
    }
    YAML::Node types = doc["types"];
    if (!types) return;
    if (!types.IsMap()) {
      throw Error(yaml_diagnostic(types, layer.text, file, "expected a map of types for `types`",
                                  "one entry per type: `book: {fields: {…}}`"));
    }
    for (const auto& t : types) {
      std::string name = t.first.Scalar();
      const YAML::Node& body = t.second;
      if (!body.IsMap()) {
        throw Error(yaml_diagnostic(body, layer.text, file, "expected a map for type `" + name + "`",
                                    "give it `fields:` (and optionally `doc:`, `sources_field:`, `sources_cover_children:`)"));
      }
      check_keys(body, {"doc", "fields", "sources_field", "sources_cover_children"}, layer.text, file, "type `" + name + "`");
      auto existing = std::find_if(schema.types_.begin(), schema.types_.end(), [&](const TypeSpec& s) { return s.name == name; });
      if (existing == schema.types_.end()) {
        TypeSpec fresh;
        fresh.name = name;
        fresh.pos = yaml_pos(t.first, file);
        schema.types_.push_back(std::move(fresh));
        existing = schema.types_.end() - 1;
      }
      TypeSpec& type = *existing;
      if (body["doc"]) type.doc = body["doc"].Scalar();
      if (body["sources_field"]) type.sources_field = body["sources_field"].Scalar();
      if (body["sources_cover_children"]) {
        type.sources_cover_children = read_bool(body["sources_cover_children"], layer.text, file, "sources_cover_children");
      }
      YAML::Node fields = body["fields"];
      if (!fields) continue;
      if (!fields.IsMap()) {
        throw Error(yaml_diagnostic(fields, layer.text, file, "expected a map of fields for `" + name + ".fields`",
                                    "one entry per field: `year: int` or `title: {type: text, localized: true}`"));
      }
      for (const auto& f : fields) {
        FieldSpec field = read_field(f.first, f.second, layer);
        auto same = std::find_if(type.fields.begin(), type.fields.end(), [&](const FieldSpec& s) { return s.name == field.name; });
        if (same != type.fields.end()) {
          *same = std::move(field);
        } else {
          type.fields.push_back(std::move(field));
        }
      }
    }
  }

  FieldSpec read_field(const YAML::Node& key, const YAML::Node& spec, const Layer& layer) const {
    FieldSpec field;
    field.name = key.Scalar();
    field.pos = yaml_pos(key, layer.file);
    if (spec.IsScalar()) {
      field.type = spec.Scalar();
      return field;
    }
    if (!spec.IsMap() || !spec["type"] || !spec["type"].IsScalar()) {
      throw Error(yaml_diagnostic(spec, layer.text, layer.file, "field `" + field.name + "` needs a `type`",
                                  "e.g. `" + field.name + ": {type: text}`"));
    }
    check_keys(spec, {"type", "list", "localized", "required", "doc"}, layer.text, layer.file, "field `" + field.name + "`");
    field.type = spec["type"].Scalar();
    if (spec["list"]) field.list = read_bool(spec["list"], layer.text, layer.file, "list");
    if (spec["localized"]) field.localized = read_bool(spec["localized"], layer.text, layer.file, "localized");
    if (spec["required"]) field.required = read_bool(spec["required"], layer.text, layer.file, "required");
    if (spec["doc"]) field.doc = spec["doc"].Scalar();
    return field;
  }

  /// Checks the merged schema as a whole and puts the root type first.
  void finish(Schema& schema) const {
    if (schema.root_.empty()) throw Error(SourcePos{schema.file_}, "the schema names no `root:` type");
    std::vector<std::string> names;
    for (const auto& t : schema.types_) names.push_back(t.name);
    std::vector<std::string> all_types = kScalarTypes;
    all_types.insert(all_types.end(), names.begin(), names.end());
    for (const auto& t : schema.types_) {
      for (const auto& f : t.fields) {
        std::string where = "field `" + t.name + "." + f.name + "`";
        if (!is_scalar_type(f.type) && !schema.type(f.type)) {
          throw error_at(f.pos, where + " has unknown type `" + f.type + "`",
                         suggestion_hint(f.type, all_types, "the types are " + join_list(all_types, ", ")));
        }
        if (f.localized && !is_scalar_type(f.type)) {
          throw error_at(f.pos, where + " is localized, but `" + f.type + "` is a map type",
                         "localize the fields of `" + f.type + "` instead");
        }
        if (f.type == "source_ids" && schema.bibliography_.empty()) {
          throw error_at(f.pos, where + " holds source ids, but the schema has no `citations:`",
                         "add `citations: <field>`, naming the root type's field that lists the sources");
        }
      }
    }
    auto root = std::find_if(schema.types_.begin(), schema.types_.end(), [&](const TypeSpec& t) { return t.name == schema.root_; });
    if (root == schema.types_.end()) {
      throw error_at(root_pos_, "the schema's root type `" + schema.root_ + "` is not defined",
                     suggestion_hint(schema.root_, names, "declare it under `types:`"));
    }
    std::rotate(schema.types_.begin(), root, root + 1);
    if (!schema.bibliography_.empty()) {
      const TypeSpec& root_type = schema.types_.front();
      const FieldSpec* bib = root_type.field(schema.bibliography_);
      std::vector<std::string> fields;
      for (const auto& f : root_type.fields) fields.push_back(f.name);
      if (!bib) {
        throw error_at(citations_pos_, "`citations` names `" + schema.bibliography_ + "`, which is not a field of `" + root_type.name + "`",
                       suggestion_hint(schema.bibliography_, fields, "name the root type's field that lists the sources"));
      }
      const TypeSpec* item = schema.type(bib->type);
      if (!bib->list || !item || !item->field("id")) {
        throw error_at(bib->pos, "the bibliography `" + root_type.name + "." + bib->name + "` must be a list of a map type with an `id` field",
                       "e.g. `" + bib->name + ": {type: source, list: true}` and `source: {fields: {id: text, …}}`");
      }
    }
  }

  const FileSystem& fs_;
  std::map<std::string, std::string> texts_;
  SourcePos root_pos_;
  SourcePos citations_pos_;
};

Schema Schema::load(const FileSystem& fs, const std::string& path) {
  return SchemaReader(fs).read(path);
}

Schema Schema::parse(std::string_view text, const std::string& file) {
  MemoryFileSystem fs;
  fs.write(file, text);
  return load(fs, file);
}

namespace {

std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (!node || node.IsNull()) return "nothing";
  Value v = yaml_to_value(node);
  std::string s = node.Scalar();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  if (v.is_int()) return "the number `" + s + "`";
  if (v.is_double()) return "the number `" + s + "`";
  if (v.is_bool()) return "`" + s + "`";
  return "text `" + s + "`";
}

/// Why `s`, written as an ISO 8601 date, names no day of the calendar ("February 2011
/// has 28 days"), or "" when it is a date or not shaped like one.
std::string impossible_date_reason(const std::string& s) {
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
  if (s.size() != 10 || parse_iso_date(s) || !parse_iso_date(s.substr(0, 7))) return "";
  IsoDate month = *parse_iso_date(s.substr(0, 7));
  if (s[7] != '-' || !std::isdigit(static_cast<unsigned char>(s[8])) || !std::isdigit(static_cast<unsigned char>(s[9]))) return "";
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (day < 1 || day > 31) return "";
  return std::string(kMonths[month.month - 1]) + " " + s.substr(0, 4) + " has " +
         std::to_string(days_in_month(month.year, month.month)) + " days";
}

std::string dotted(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

/// Reports every key of the per-language map `node` (at `path`) that is not a site language.
void check_language_keys(const YAML::Node& node, const std::string& path, std::string_view text, const std::string& file,
                         const std::vector<std::string>& languages, Diagnostics& diags, std::uint32_t line_offset) {
  for (const auto& kv : node) {
    std::string code = kv.first.Scalar();
    if (contains(languages, code)) continue;
    diags.add(yaml_diagnostic(kv.first, text, file,
                              "unknown language `" + code + "` in `" + (path.empty() ? "(top level)" : path) +
                                  "`, a map with one value per language",
                              suggestion_hint(code, languages, "the site's languages are " + join_list(languages, ", ")),
                              line_offset));
  }
}

/// The map of `value` (a Value made from a YAML map), or nullptr.
const ValueMap* map_of(const Value& value) {
  return value.is_map() ? &value.as_map() : nullptr;
}

class Validator {
 public:
  Validator(const Schema& schema, std::string_view text, const std::string& file, const std::vector<std::string>& langs,
            Diagnostics& diags)
      : schema_(schema), text_(text), file_(file), langs_(langs), diags_(diags) {}

  SchemaCheck run(const YAML::Node& doc, const Value& data) {
    const TypeSpec& root = *schema_.type(schema_.root());
    // The bibliography comes first: source ids are checked everywhere else.
    const std::string& bib = schema_.bibliography_field();
    if (!bib.empty() && doc.IsMap() && doc[bib] && doc[bib].IsSequence()) {
      for (const auto& s : doc[bib]) {
        if (s.IsMap() && s["id"] && s["id"].IsScalar()) {
          std::string id = s["id"].Scalar();
          if (contains(source_ids_, id)) {
            error(s["id"], "source id `" + id + "` is declared twice", "give each source its own id");
          }
          source_ids_.push_back(id);
        }
      }
    }
    check_map(doc, data, root, "", false);
    return std::move(out_);
  }

 private:
  void error(const YAML::Node& node, std::string message, std::string hint = {}) {
    diags_.add(yaml_diagnostic(node, text_, file_, std::move(message), std::move(hint)));
  }

  void check_map(const YAML::Node& node, const Value& value, const TypeSpec& type, const std::string& path, bool sourced) {
    std::string where = path.empty() ? "the facts file" : "`" + path + "`";
    if (!node.IsMap()) {
      error(node, "expected a map (" + type.name + ") for " + where + ", got " + describe(node),
            "write one `key: value` per line, indented under it");
      return;
    }
    if (has_translated_tag(node)) {
      error(node, where + " is a map of type " + type.name + ", which cannot be `!translated`",
            "translate its localized fields one by one");
    }
    std::vector<std::string> names;
    for (const auto& f : type.fields) names.push_back(f.name);
    for (const auto& kv : node) {
      std::string key = kv.first.Scalar();
      if (!type.field(key)) {
        error(kv.first, "unknown key `" + key + "` in " + where + " (" + type.name + ")",
              suggestion_hint(key, names, "the schema " + schema_.file() + " lists the keys of " + type.name));
      }
    }
    const FieldSpec* sources = type.field(type.sources_field);
    bool has_sources_field = !schema_.bibliography_field().empty() && sources && sources->type == "source_ids";
    const YAML::Node own_sources = node[type.sources_field];
    bool own = has_sources_field && own_sources && own_sources.IsSequence() && own_sources.size() > 0;
    if (has_sources_field && !own && !sourced) {
      out_.unsourced.push_back({yaml_pos(node, file_), path.empty() ? "(top level)" : path, type.sources_field});
    }
    bool inner_sourced = sourced || (own && type.sources_cover_children);
    for (const auto& f : type.fields) {
      YAML::Node field = node[f.name];
      if (!field) {
        if (f.required) {
          error(node, where + " has no `" + f.name + "`",
                "add `" + f.name + ": …`" + (f.doc.empty() ? std::string() : " (" + f.doc + ")"));
        }
        continue;
      }
      // A scalar field is covered by this map's own sources; a map inside it only when
      // the type says so.
      bool covered = schema_.type(f.type) ? inner_sourced : (sourced || own);
      check_field(field, value.get(f.name), f, dotted(path, f.name), covered);
    }
  }

  void check_field(const YAML::Node& node, const Value& value, const FieldSpec& f, const std::string& path, bool sourced) {
    if (f.list && f.type != "source_ids") {
      if (!node.IsSequence()) {
        error(node, "expected a list for `" + path + "`, got " + describe(node), "start each item on its own line with `- `");
        return;
      }
      if (has_translated_tag(node)) error(node, "`!translated` marks a map with one value per language, got a list");
      std::size_t i = 0;
      for (const auto& item : node) {
        Value item_value = value.is_list() && i < value.as_list().size() ? value.as_list()[i] : Value();
        check_localized(item, item_value, f, path + "[" + std::to_string(i) + "]", sourced);
        ++i;
      }
      return;
    }
    check_localized(node, value, f, path, sourced);
  }

  void check_localized(const YAML::Node& node, const Value& value, const FieldSpec& f, const std::string& path, bool sourced) {
    if (f.localized && node.IsMap()) {
      check_language_keys(node, path, text_, file_, langs_, diags_, 0);
      if (const ValueMap* map = map_of(value)) out_.translated.push_back({map, yaml_pos(node, file_), path});
      for (const auto& kv : node) {
        std::string code = kv.first.Scalar();
        check_single(kv.second, value.get(code), f, path + "." + code, sourced, true);
      }
      return;
    }
    if (has_translated_tag(node)) {
      if (!f.localized) {
        error(node, "`" + path + "` is not translated: its field has no `localized: true` in " + schema_.file(),
              "write one value for every language, or make the field localized in the schema");
      } else {
        error(node, "`!translated` marks a map with one value per language, got " + describe(node));
      }
    }
    check_single(node, value, f, path, sourced, false);
  }

  void check_single(const YAML::Node& node, const Value& value, const FieldSpec& f, const std::string& path, bool sourced,
                    bool in_translation) {
    if (const TypeSpec* t = schema_.type(f.type)) {
      check_map(node, value, *t, path, sourced);
      return;
    }
    const std::string& type = f.type;
    if (type == "any") {
      // Free-form data: its maps are translated only when tagged.
      if (!in_translation) find_translated_maps(node, value, text_, file_, langs_, out_.translated, diags_, 0, path);
      return;
    }
    if (type == "source_ids") {
      if (!node.IsSequence()) {
        error(node, "expected a list of source ids for `" + path + "`, got " + describe(node), "e.g. `sources: [imdb, wikipedia_en]`");
        return;
      }
      for (const auto& id : node) {
        std::string s = id.IsScalar() ? id.Scalar() : "";
        if (!contains(source_ids_, s)) {
          error(id, "unknown source `" + s + "` in `" + path + "`",
                suggestion_hint(s, source_ids_, "declare it under `" + schema_.bibliography_field() + ":` with an `id`"));
        }
      }
      return;
    }
    std::string expected =
        f.localized && !in_translation ? " or a per-language map {" + (langs_.empty() ? "en" : langs_[0]) + ": …}" : "";
    if (!node.IsScalar()) {
      std::string what = type == "int" ? "a whole number" : type == "number" ? "a number" : type == "bool" ? "true or false"
                         : type == "date" ? "a date" : type == "url" ? "a URL" : type == "currency" ? "a currency code" : "text";
      error(node, "expected " + what + expected + " for `" + path + "`, got " + describe(node));
      return;
    }
    const std::string& s = node.Scalar();
    if (type == "int" && !value.is_int()) {
      error(node, "expected a whole number for `" + path + "`, got " + describe(node), "write digits only, with no separators: 9918093");
    } else if (type == "number" && !value.is_number()) {
      error(node, "expected a number for `" + path + "`, got " + describe(node), "write digits, with a `.` for decimals: 7.1");
    } else if (type == "bool" && !value.is_bool()) {
      error(node, "expected true or false for `" + path + "`, got " + describe(node));
    } else if (type == "date" && !parse_iso_date(s)) {
      if (std::string why = impossible_date_reason(s); !why.empty()) {
        error(node, "`" + s + "` is not a day of the calendar, for `" + path + "`: " + why,
              "check the day against the source (ISO 8601 dates are Gregorian, with 29 February in leap years)");
        return;
      }
      error(node, "expected an ISO 8601 date for `" + path + "`, got " + describe(node),
            "write \"2010-09-15\", \"2010-09\" or \"2010\", in quotes");
    } else if (type == "url" && s.rfind("http://", 0) != 0 && s.rfind("https://", 0) != 0) {
      error(node, "expected an absolute http(s) URL for `" + path + "`, got " + describe(node));
    } else if (type == "currency" && (s.size() != 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))) {
      error(node, "expected an ISO 4217 currency code for `" + path + "`, got " + describe(node), "e.g. USD, GBP, EUR");
    } else if (type == "text" && value.is_none()) {
      error(node, "expected text for `" + path + "`, got nothing");
    }
  }

  const Schema& schema_;
  std::string_view text_;
  const std::string& file_;
  const std::vector<std::string>& langs_;
  Diagnostics& diags_;
  std::vector<std::string> source_ids_;
  SchemaCheck out_;
};

}  // namespace

SchemaCheck Schema::validate(const YAML::Node& doc, const Value& data, std::string_view text, const std::string& file,
                             const std::vector<std::string>& languages, Diagnostics& diags) const {
  return Validator(*this, text, file, languages, diags).run(doc, data);
}

void find_translated_maps(const YAML::Node& node, const Value& value, std::string_view text, const std::string& file,
                          const std::vector<std::string>& languages, std::vector<TranslatedMap>& out, Diagnostics& diags,
                          std::uint32_t line_offset, const std::string& path) {
  if (has_translated_tag(node)) {
    if (!node.IsMap()) {
      diags.add(yaml_diagnostic(node, text, file,
                                "`!translated` marks a map with one value per language, got " + describe(node) +
                                    (path.empty() ? std::string() : " for `" + path + "`"),
                                "e.g. `title: !translated {en: Pride and Prejudice, it: Orgoglio e pregiudizio}`", line_offset));
      return;
    }
    check_language_keys(node, path, text, file, languages, diags, line_offset);
    if (const ValueMap* map = map_of(value)) out.push_back({map, yaml_pos(node, file, line_offset), path});
    return;
  }
  if (node.IsMap()) {
    for (const auto& kv : node) {
      std::string key = kv.first.Scalar();
      find_translated_maps(kv.second, value.get(key), text, file, languages, out, diags, line_offset, dotted(path, key));
    }
  } else if (node.IsSequence()) {
    std::size_t i = 0;
    for (const auto& item : node) {
      Value item_value = value.is_list() && i < value.as_list().size() ? value.as_list()[i] : Value();
      find_translated_maps(item, item_value, text, file, languages, out, diags, line_offset, path + "[" + std::to_string(i) + "]");
      ++i;
    }
  }
}

}  // namespace reel
