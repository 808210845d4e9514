#include "input/facts.h"

#include <algorithm>

#include "input/yaml.h"

namespace reel {

namespace {

bool has_suffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// True when `a` and `b` are the very same node (shared, not just equal).
bool same_node(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.is_map()) return &a.as_map() == &b.as_map();
  if (a.is_list()) return &a.as_list() == &b.as_list();
  if (a.is_string()) return &a.as_string() == &b.as_string();
  return true;
}

}  // namespace

FactsSet load_facts(const FileSystem& fs, const std::string& content_dir,
                    const std::vector<std::string>& language_codes, Diagnostics& diags) {
  FactsSet out;
  for (const std::string& path : fs.list_files(content_dir)) {
    std::string_view ext = has_suffix(path, ".yaml") ? ".yaml" : has_suffix(path, ".yml") ? ".yml" : "";
    if (ext.empty()) continue;
    std::string_view rel = std::string_view(path).substr(content_dir.size() + 1);
    std::string_view top = rel.substr(0, rel.find('/'));
    if (rel.find('/') != std::string_view::npos &&
        std::find(language_codes.begin(), language_codes.end(), top) != language_codes.end()) {
      continue;
    }
    std::optional<std::string> text = fs.read(path);
    if (!text) continue;
    try {
      YAML::Node root = parse_yaml(*text, path);
      FactsFile f;
      f.id = std::string(rel.substr(0, rel.size() - ext.size()));
      f.file = path;
      f.data = yaml_to_value(root);
      if (!f.data.is_map()) {
        diags.add(yaml_diagnostic(root, *text, path, "expected a map of facts at the top of the file",
                                  "start with `title: …`, one key per line"));
        continue;
      }
      if (f.id.rfind("films/", 0) == 0) {
        f.gaps = Schema::film().validate(root, *text, path, language_codes, diags);
      }
      out.emplace(f.id, std::move(f));
    } catch (const Error& e) {
      diags.add(e.diagnostic());
    }
  }
  return out;
}

bool is_localized_map(const Value& value, const std::vector<std::string>& language_codes) {
  if (!value.is_map() || value.as_map().empty()) return false;
  for (const auto& [key, v] : value.as_map()) {
    if (std::find(language_codes.begin(), language_codes.end(), key) == language_codes.end()) return false;
  }
  return true;
}

Value localize(const Value& value, std::string_view lang, std::string_view fallback_lang,
               const std::vector<std::string>& language_codes) {
  if (value.is_map()) {
    const ValueMap& map = value.as_map();
    if (is_localized_map(value, language_codes)) {
      const Value* v = map.find(lang);
      if (!v) v = map.find(fallback_lang);
      if (!v) v = &map.entries().front().second;
      return localize(*v, lang, fallback_lang, language_codes);
    }
    ValueMap out;
    bool changed = false;
    for (const auto& [key, v] : map) {
      Value l = localize(v, lang, fallback_lang, language_codes);
      changed = changed || !same_node(l, v);
      out.set(key, std::move(l));
    }
    return changed ? Value(std::move(out)) : value;
  }
  if (value.is_list()) {
    ValueList out;
    out.reserve(value.as_list().size());
    bool changed = false;
    for (const Value& v : value.as_list()) {
      Value l = localize(v, lang, fallback_lang, language_codes);
      changed = changed || !same_node(l, v);
      out.push_back(std::move(l));
    }
    return changed ? Value(std::move(out)) : value;
  }
  return value;
}

}  // namespace reel
