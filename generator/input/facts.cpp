#include "input/facts.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_set>

#include "base/parallel.h"
#include "base/text.h"
#include "input/reuse.h"
#include "input/yaml.h"

namespace reel {

namespace {

bool has_suffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// The folder of a facts id below the content folder: "books" for "books/emma", "" for "emma".
std::string_view folder_of_id(std::string_view id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : id.substr(0, slash);
}

/// True when `a` and `b` are the very same node (shared, not just equal).
bool same_node(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.is_map()) return &a.as_map() == &b.as_map();
  if (a.is_list()) return &a.as_list() == &b.as_list();
  if (a.is_string()) return &a.as_string() == &b.as_string();
  return true;
}

/// Resolves the translated maps of one tree for one language.
class Resolver {
 public:
  Resolver(const std::unordered_set<const ValueMap*>& translated, const Config& config, std::size_t lang)
      : translated_(translated), config_(config), lang_(lang) {}

  /// The view of `value`; nullopt when it is a translated map with nothing to show.
  std::optional<Value> resolve(const Value& value) const {
    if (value.is_map()) {
      const ValueMap& map = value.as_map();
      if (translated_.count(&map)) {
        const Value* v = translation_of(map, config_, lang_);
        if (!v) return std::nullopt;
        return *v;
      }
      ValueMap out;
      out.reserve(map.size());
      bool changed = false;
      for (const auto& [key, v] : map) {
        std::optional<Value> r = resolve(v);
        if (!r) {
          changed = true;
          continue;
        }
        changed = changed || !same_node(*r, v);
        out.set(key, std::move(*r));
      }
      return changed ? Value(std::move(out)) : value;
    }
    if (value.is_list()) {
      ValueList out;
      out.reserve(value.as_list().size());
      bool changed = false;
      for (const Value& v : value.as_list()) {
        std::optional<Value> r = resolve(v);
        if (!r) {
          changed = true;
          continue;
        }
        changed = changed || !same_node(*r, v);
        out.push_back(std::move(*r));
      }
      return changed ? (value.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out))) : value;
    }
    return value;
  }

 private:
  const std::unordered_set<const ValueMap*>& translated_;
  const Config& config_;
  std::size_t lang_;
};

/// A view of another FileSystem that folds the path and bytes of every file read
/// through it into one hash: the fingerprint of a schema and the files it extends.
class HashingReads : public FileSystem {
 public:
  explicit HashingReads(const FileSystem& base) : base_(base) {}
  std::optional<std::string> read(std::string_view p) const override {
    std::optional<std::string> bytes = base_.read(p);
    hash_ = hash_combine(hash_, hash_combine(hash_bytes(p), bytes ? hash_bytes(*bytes) : 0));
    return bytes;
  }
  bool is_file(std::string_view p) const override { return base_.is_file(p); }
  bool is_dir(std::string_view p) const override { return base_.is_dir(p); }
  std::vector<std::string> list_files(std::string_view dir) const override { return base_.list_files(dir); }
  void write(std::string_view p, std::string_view) override { throw Error(SourcePos{std::string(p)}, "read-only view"); }
  void remove(std::string_view p, std::string_view) override { throw Error(SourcePos{std::string(p)}, "read-only view"); }
  std::int64_t mtime(std::string_view p) const override { return base_.mtime(p); }
  std::uint64_t hash() const { return hash_; }

 private:
  const FileSystem& base_;
  mutable std::uint64_t hash_ = 0;
};

/// One facts file read, checked and resolved, or nothing when it could not be loaded.
/// `schema_fingerprint` is the HashingReads hash of its schema's files (0: none).
std::optional<FactsFile> load_one(const FileSystem& fs, const Config& config, const std::string& path, std::string id,
                                  std::shared_ptr<const Schema> schema, std::uint64_t schema_fingerprint,
                                  const std::vector<std::string>& codes, const InputProducts* products,
                                  Diagnostics& diags) {
  std::optional<std::string> text = fs.read(path);
  if (!text) return std::nullopt;
  const std::uint64_t fingerprint = hash_combine(hash_bytes(*text), schema_fingerprint);
  const CollectionConfig* collection = config.collection_of(id);
  if (products) {
    if (std::optional<FactsFile> f = products->find_facts(path, fingerprint)) {
      f->id = std::move(id);
      f->file = path;
      f->collection = collection ? collection->name : "";
      f->gaps.missing_translations.clear();
      f->by_lang = resolve_by_language(f->data, f->translated, config, &f->gaps);
      f->schema = std::move(schema);
      f->fingerprint = fingerprint;
      return f;
    }
  }
  const std::size_t diagnostics_before = diags.items().size();
  try {
    YAML::Node root = parse_yaml(*text, path);
    FactsFile f;
    f.id = std::move(id);
    f.file = path;
    f.collection = collection ? collection->name : "";
    f.data = yaml_to_value(root);
    if (!f.data.is_map()) {
      diags.add(yaml_diagnostic(root, *text, path, "expected a map of facts at the top of the file",
                                "start with `title: …`, one key per line"));
      return std::nullopt;
    }
    std::vector<TranslatedMap> translated;
    if (schema) {
      SchemaCheck check = schema->validate(root, f.data, *text, path, codes, diags);
      translated = std::move(check.translated);
      f.gaps.unsourced = std::move(check.unsourced);
    } else {
      find_translated_maps(root, f.data, *text, path, codes, translated, diags);
    }
    f.by_lang = resolve_by_language(f.data, translated, config, &f.gaps);
    f.schema = std::move(schema);
    f.translated = std::move(translated);
    // Only a file loaded without a word to say is kept: its product replays nothing.
    f.fingerprint = diags.items().size() == diagnostics_before ? fingerprint : 0;
    return f;
  } catch (const Error& e) {
    diags.add(e.diagnostic());
  } catch (const std::exception& e) {
    // yaml-cpp reports some malformed documents only when they are read.
    diags.error(SourcePos{path}, std::string("invalid YAML: ") + e.what());
  }
  return std::nullopt;
}

}  // namespace

bool is_facts_file(const Config& config, std::string_view path) {
  const std::string& content = config.content_dir;
  if (path.size() <= content.size() + 1 || path.substr(0, content.size()) != content || path[content.size()] != '/') {
    return false;
  }
  if (!has_suffix(path, ".yaml") && !has_suffix(path, ".yml")) return false;
  std::string_view rel = path.substr(content.size() + 1);
  std::size_t slash = rel.find('/');
  if (slash != std::string_view::npos && config.language(rel.substr(0, slash))) return false;
  for (std::size_t start = 0; start < rel.size();) {
    if (rel[start] == '_' || rel[start] == '.') return false;
    std::size_t next = rel.find('/', start);
    if (next == std::string_view::npos) break;
    start = next + 1;
  }
  return true;
}

std::string schema_file_for(const FileSystem& fs, const Config& config, std::string_view folder) {
  for (const auto& c : config.collections) {
    if (c.folder == folder && !c.schema.empty()) return c.schema;
  }
  std::string own = join_path(join_path(config.content_dir, folder), "_schema.yaml");
  return fs.is_file(own) ? own : "";
}

FactsSet load_facts(const FileSystem& fs, const Config& config, Diagnostics& diags, bool in_parallel,
                    const InputProducts* products) {
  struct Candidate {
    std::string path;
    std::string id;
    std::shared_ptr<const Schema> schema;
    std::uint64_t schema_fingerprint = 0;
  };
  struct KnownSchema {
    std::shared_ptr<const Schema> schema;
    std::uint64_t fingerprint = 0;
  };
  std::vector<Candidate> candidates;
  // Every folder whose schema may be needed: those holding facts, collections' folders
  // and folders with a schema of their own (so that its errors show even with no facts).
  std::set<std::string, std::less<>> folders;
  for (const auto& c : config.collections) folders.insert(c.folder);
  for (const std::string& path : fs.list_files(config.content_dir)) {
    if (has_suffix(path, "/_schema.yaml")) {
      std::string_view rel = std::string_view(path).substr(config.content_dir.size() + 1);
      folders.insert(std::string(folder_of_id(rel.substr(0, rel.size() - 5))));
      continue;
    }
    if (!is_facts_file(config, path)) continue;
    std::string_view rel = std::string_view(path).substr(config.content_dir.size() + 1);
    std::size_t ext = has_suffix(rel, ".yaml") ? 5 : 4;
    Candidate c{path, std::string(rel.substr(0, rel.size() - ext)), nullptr, 0};
    folders.insert(std::string(folder_of_id(c.id)));
    candidates.push_back(std::move(c));
  }

  // Each schema file is read once, even when several folders name it.
  std::map<std::string, KnownSchema, std::less<>> by_file;
  std::map<std::string, KnownSchema, std::less<>> by_folder;
  for (const std::string& folder : folders) {
    std::string file = schema_file_for(fs, config, folder);
    if (file.empty()) continue;
    auto known = by_file.find(file);
    if (known == by_file.end()) {
      std::shared_ptr<const Schema> schema;
      HashingReads reads(fs);
      const CollectionConfig* collection = nullptr;
      for (const auto& c : config.collections) {
        if (c.folder == folder && c.schema == file) collection = &c;
      }
      if (collection && !fs.is_file(file)) {
        diags.error(collection->pos, "collection `" + collection->name + "` names the schema `" + file + "`, which does not exist",
                    "the path is relative to site.yaml's folder");
      } else {
        try {
          schema = std::make_shared<const Schema>(Schema::load(reads, file));
        } catch (const Error& e) {
          diags.add(e.diagnostic());
        }
      }
      // A schema that failed still fingerprints its bytes: once fixed, its files reload.
      known = by_file.emplace(file, KnownSchema{std::move(schema), hash_combine(hash_bytes(file), reads.hash())}).first;
    }
    by_folder.emplace(folder, known->second);
  }
  for (Candidate& c : candidates) {
    auto it = by_folder.find(folder_of_id(c.id));
    if (it != by_folder.end()) {
      c.schema = it->second.schema;
      c.schema_fingerprint = it->second.fingerprint;
    }
  }

  std::vector<std::string> codes = config.language_codes();
  std::vector<std::optional<FactsFile>> loaded(candidates.size());
  std::vector<Diagnostics> file_diags(candidates.size());
  auto job = [&](std::size_t i) {
    const Candidate& c = candidates[i];
    loaded[i] = load_one(fs, config, c.path, c.id, c.schema, c.schema_fingerprint, codes, products, file_diags[i]);
  };
  if (in_parallel) {
    parallel_for(candidates.size(), job);
  } else {
    for (std::size_t i = 0; i < candidates.size(); ++i) job(i);
  }

  FactsSet out;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    diags.merge(file_diags[i]);
    if (loaded[i]) {
      std::string id = loaded[i]->id;
      out.emplace(std::move(id), std::move(*loaded[i]));
    }
  }
  return out;
}

const Value* translation_of(const ValueMap& translated, const Config& config, std::size_t lang, std::string* shown_from) {
  if (shown_from) shown_from->clear();
  if (lang >= config.languages.size()) return nullptr;
  std::vector<std::string_view> visited;
  std::string_view code = config.languages[lang].code;
  while (true) {
    if (const Value* v = translated.find(code)) {
      if (shown_from) *shown_from = std::string(code);
      return v;
    }
    visited.push_back(code);
    const LanguageConfig* l = config.language(code);
    if (!l || l->fallback.empty()) return nullptr;
    code = l->fallback;
    if (std::find(visited.begin(), visited.end(), code) != visited.end()) return nullptr;
  }
}

Value translation_for(const Value& value, const Config& config, std::string_view lang) {
  if (!value.is_map()) return value;
  const LanguageConfig* l = config.language(lang);
  if (!l) return Value::undefined();
  const Value* v = translation_of(value.as_map(), config, static_cast<std::size_t>(l - config.languages.data()));
  return v ? *v : Value::undefined();
}

std::vector<Value> resolve_by_language(const Value& data, const std::vector<TranslatedMap>& translated,
                                       const Config& config, FactsGaps* gaps) {
  std::vector<Value> out;
  out.reserve(config.languages.size());
  if (translated.empty()) {
    for (std::size_t i = 0; i < config.languages.size(); ++i) out.push_back(data);
    return out;
  }
  std::unordered_set<const ValueMap*> marks;
  for (const auto& t : translated) marks.insert(t.map);
  for (std::size_t i = 0; i < config.languages.size(); ++i) {
    std::optional<Value> v = Resolver(marks, config, i).resolve(data);
    out.push_back(v ? std::move(*v) : Value::undefined());
  }
  if (gaps) {
    for (const auto& t : translated) {
      FactsGaps::MissingTranslation missing{t.pos, t.path, {}, {}};
      for (std::size_t i = 0; i < config.languages.size(); ++i) {
        if (t.map->contains(config.languages[i].code)) continue;
        std::string shown;
        translation_of(*t.map, config, i, &shown);
        missing.languages.push_back(config.languages[i].code);
        missing.shown.push_back(std::move(shown));
      }
      if (!missing.languages.empty()) gaps->missing_translations.push_back(std::move(missing));
    }
  }
  return out;
}

std::vector<Value> values_by_language(const YAML::Node& node, std::string_view text, const std::string& file,
                                      const Config& config, Diagnostics& diags, std::uint32_t line_offset, FactsGaps* gaps) {
  Value data = yaml_to_value(node);
  std::vector<TranslatedMap> translated;
  find_translated_maps(node, data, text, file, config.language_codes(), translated, diags, line_offset);
  return resolve_by_language(data, translated, config, gaps);
}

}  // namespace reel
