#include "input/config.h"

#include <algorithm>
#include <set>

#include "input/yaml.h"

namespace reel {

const LanguageConfig* Config::language(std::string_view code) const {
  for (const auto& l : languages) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

std::vector<std::string> Config::language_codes() const {
  std::vector<std::string> out;
  for (const auto& l : languages) out.push_back(l.code);
  return out;
}

bool set_base_url(Config& config, std::string_view url) {
  std::string u(url);
  std::size_t scheme = u.find("://");
  if (scheme == std::string::npos || (u.compare(0, scheme, "http") != 0 && u.compare(0, scheme, "https") != 0)) {
    return false;
  }
  std::size_t host_end = u.find('/', scheme + 3);
  if (host_end == scheme + 3) return false;
  if (host_end == std::string::npos) {
    u += '/';
    host_end = u.size() - 1;
  }
  if (u.back() != '/') u += '/';
  config.base_url = u;
  config.base_path = u.substr(host_end);
  return true;
}

namespace {

const std::string kFile = "site.yaml";

/// Reads one mapping's keys, reporting unknown ones with a did-you-mean hint.
class KeyReader {
 public:
  KeyReader(const YAML::Node& map, std::vector<std::string> known, const std::string& text, Diagnostics& diags,
            std::string where)
      : map_(map), known_(std::move(known)), text_(text), diags_(diags) {
    for (const auto& kv : map_) {
      std::string key = kv.first.Scalar();
      if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
        diags_.add(yaml_diagnostic(kv.first, text_, kFile, "unknown key `" + key + "` in " + where,
                                   suggestion_hint(key, known_, "known keys: " + join(known_))));
      }
    }
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  YAML::Node get(const std::string& key) const { return map_[key]; }

  std::string string(const std::string& key, std::string fallback) {
    YAML::Node n = map_[key];
    if (!n) return fallback;
    if (!n.IsScalar()) {
      diags_.add(yaml_diagnostic(n, text_, kFile, "expected a string for `" + key + "`"));
      return fallback;
    }
    return n.Scalar();
  }

  bool boolean(const std::string& key, bool fallback) {
    YAML::Node n = map_[key];
    if (!n) return fallback;
    Value v = yaml_to_value(n);
    if (!v.is_bool()) {
      diags_.add(yaml_diagnostic(n, text_, kFile, "expected true or false for `" + key + "`, got `" +
                                 (n.IsScalar() ? n.Scalar() : std::string("a ") + (n.IsMap() ? "map" : "list")) + "`"));
      return fallback;
    }
    return v.as_bool();
  }

 private:
  const YAML::Node& map_;
  std::vector<std::string> known_;
  const std::string& text_;
  Diagnostics& diags_;
};

}  // namespace

Config load_config(const FileSystem& fs, Diagnostics& diags) {
  Config config;
  std::optional<std::string> text = fs.read(kFile);
  if (!text) {
    diags.error(SourcePos{kFile}, "no site.yaml in the site folder",
                "run reel in the folder that holds site.yaml, or pass --source DIR");
    return config;
  }
  YAML::Node root;
  try {
    root = parse_yaml(*text, kFile);
  } catch (const Error& e) {
    diags.add(e.diagnostic());
    return config;
  }
  if (!root.IsMap()) {
    diags.add(yaml_diagnostic(root, *text, kFile, "expected a map of settings at the top of site.yaml"));
    return config;
  }
  KeyReader top(root, {"title", "base_url", "default_language", "default_language_in_subdir", "languages", "output",
                       "markdown", "autoescape", "params", "publish"},
                *text, diags, "site.yaml");

  if (YAML::Node t = top.get("title")) {
    config.title = yaml_to_value(t);
  } else {
    diags.error(SourcePos{kFile, 1, 1}, "site.yaml has no `title`", "add `title: My film` (or one per language)");
  }
  std::string base = top.string("base_url", "");
  if (base.empty()) {
    diags.error(SourcePos{kFile, 1, 1}, "site.yaml has no `base_url`",
                "add the address the site will be served at, e.g. `base_url: https://user.github.io/film/`");
  } else if (!set_base_url(config, base)) {
    diags.add(yaml_diagnostic(top.get("base_url"), *text, kFile,
                              "expected an absolute http(s) URL for `base_url`, got `" + base + "`",
                              "write it in full, e.g. https://user.github.io/film/"));
  }
  config.output_dir = top.string("output", "_site");
  config.default_language_in_subdir = top.boolean("default_language_in_subdir", false);
  config.autoescape = top.boolean("autoescape", true);
  if (YAML::Node p = top.get("params")) config.params = yaml_to_value(p);
  else config.params = Value(ValueMap{});

  YAML::Node langs = top.get("languages");
  if (!langs || !langs.IsMap() || langs.size() == 0) {
    diags.add(yaml_diagnostic(langs ? langs : root, *text, kFile, "expected a map of `languages`",
                              "e.g. languages: {en: {name: English, locale: en-GB}}"));
  } else {
    for (const auto& kv : langs) {
      LanguageConfig lang;
      lang.code = kv.first.Scalar();
      lang.pos = yaml_pos(kv.first, kFile);
      if (lang.code.size() < 2 || lang.code.size() > 3 ||
          lang.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) {
        diags.add(yaml_diagnostic(kv.first, *text, kFile, "expected a lowercase language code such as `en`, got `" +
                                  lang.code + "`"));
      }
      if (!kv.second.IsMap()) {
        diags.add(yaml_diagnostic(kv.second, *text, kFile, "expected a map for language `" + lang.code + "`"));
        continue;
      }
      KeyReader lr(kv.second, {"name", "locale", "strings"}, *text, diags, "language `" + lang.code + "`");
      lang.name = lr.string("name", lang.code);
      lang.locale = lr.string("locale", lang.code);
      YAML::Node strings = lr.get("strings");
      lang.strings = strings ? yaml_to_value(strings) : Value(ValueMap{});
      if (strings && strings.IsMap()) {
        for (const auto& s : strings) lang.string_pos[s.first.Scalar()] = yaml_pos(s.first, kFile);
      }
      if (!lang.strings.is_map()) {
        diags.add(yaml_diagnostic(strings, *text, kFile, "expected a map of UI strings for `" + lang.code + "`"));
        lang.strings = Value(ValueMap{});
      }
      config.languages.push_back(std::move(lang));
    }
  }

  config.default_language = top.string("default_language", config.languages.empty() ? "" : config.languages[0].code);
  if (!config.languages.empty() && !config.language(config.default_language)) {
    diags.add(yaml_diagnostic(top.get("default_language"), *text, kFile,
                              "`default_language` is `" + config.default_language + "`, which is not in `languages`",
                              suggestion_hint(config.default_language, config.language_codes())));
  }
  for (auto& lang : config.languages) {
    bool at_root = lang.code == config.default_language && !config.default_language_in_subdir;
    lang.url_prefix = at_root ? "" : lang.code + "/";
  }
  // The default language first: it is the x-default and the root.
  std::stable_partition(config.languages.begin(), config.languages.end(),
                        [&](const LanguageConfig& l) { return l.code == config.default_language; });

  if (YAML::Node md = top.get("markdown")) {
    if (!md.IsMap()) {
      diags.add(yaml_diagnostic(md, *text, kFile, "expected a map for `markdown`"));
    } else {
      KeyReader mr(md, {"smart_punctuation", "unsafe_html", "heading_ids", "extensions"}, *text, diags, "`markdown`");
      config.markdown.smart_punctuation = mr.boolean("smart_punctuation", true);
      config.markdown.unsafe_html = mr.boolean("unsafe_html", false);
      config.markdown.heading_ids = mr.boolean("heading_ids", true);
      if (YAML::Node ext = mr.get("extensions")) {
        const std::vector<std::string> known{"table", "strikethrough", "autolink", "tagfilter", "tasklist", "footnotes"};
        config.markdown.extensions.clear();
        if (!ext.IsSequence()) {
          diags.add(yaml_diagnostic(ext, *text, kFile, "expected a list of extension names for `markdown.extensions`"));
        } else {
          for (const auto& e : ext) {
            std::string name = e.IsScalar() ? e.Scalar() : "";
            if (std::find(known.begin(), known.end(), name) == known.end()) {
              diags.add(yaml_diagnostic(e, *text, kFile, "unknown Markdown extension `" + name + "`",
                                        suggestion_hint(name, known, "known: " + KeyReader::join(known))));
            } else {
              config.markdown.extensions.push_back(name);
            }
          }
        }
      }
    }
  }
  if (YAML::Node pub = top.get("publish")) {
    if (!pub.IsMap()) {
      diags.add(yaml_diagnostic(pub, *text, kFile, "expected a map for `publish`",
                                "e.g. publish: {remote: origin, branch: gh-pages, cname: films.example.org}"));
    } else {
      KeyReader pr(pub, {"remote", "branch", "cname"}, *text, diags, "`publish`");
      config.publish.remote = pr.string("remote", "origin");
      config.publish.branch = pr.string("branch", "gh-pages");
      config.publish.cname = pr.string("cname", "");
      const std::string& cname = config.publish.cname;
      if (!cname.empty() && (cname.find_first_of("/: \t") != std::string::npos || cname.front() == '.' ||
                             cname.back() == '.' || cname.find('.') == std::string::npos)) {
        diags.add(yaml_diagnostic(pr.get("cname"), *text, kFile,
                                  "expected a bare domain name for `publish.cname`, got `" + cname + "`",
                                  "write the host name only, e.g. `cname: films.example.org` (no https://, no path)"));
      }
      for (const char* key : {"remote", "branch"}) {
        std::string v = pr.string(key, "");
        if (pr.get(key) && (v.empty() || v.front() == '-' || v.find_first_of(" \t") != std::string::npos)) {
          diags.add(yaml_diagnostic(pr.get(key), *text, kFile,
                                    std::string("expected a git ") + key + " name for `publish." + key + "`, got `" + v + "`",
                                    "a name such as `origin` or `gh-pages`: not empty, no spaces, not starting with `-`"));
        }
      }
    }
  }
  return config;
}

}  // namespace reel
