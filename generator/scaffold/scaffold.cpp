#include "scaffold/scaffold.h"

#include <algorithm>
#include <set>

#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <yaml-cpp/yaml.h>

#include "base/diagnostics.h"
#include "input/config.h"
#include "input/prose.h"

namespace reel {
namespace {

constexpr std::string_view kLanguagesDir = "languages/";
constexpr std::string_view kFallbackLanguage = "en";

const StarterFile* find_starter(std::string_view path) {
  for (const StarterFile& f : starter_files()) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

/// `text` with every `from` replaced by `to`.
std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

/// A YAML double-quoted scalar holding `text`.
std::string yaml_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += '"';
  return out;
}

bool valid_code(std::string_view code) {
  return code.size() >= 2 && code.size() <= 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

/// The language's name in itself, from ICU's CLDR data ("日本語" for ja); the code
/// itself when ICU knows no name for it.
std::string native_name(const std::string& code) {
  icu::Locale locale(code.c_str());
  icu::UnicodeString name;
  locale.getDisplayLanguage(locale, name);
  std::string out;
  name.toUTF8String(out);
  if (out.empty() || out == code) return code;
  // CLDR writes many names in lower case ("italiano"); a menu shows them capitalised.
  if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

/// One site language as the starter writes it.
struct LanguageData {
  std::string code;    ///< the site's code
  std::string source;  ///< the starter folder its text comes from (code, or "en")
  std::string name, locale;
  std::vector<std::pair<std::string, std::string>> strings;  ///< UI strings, in file order
  std::map<std::string, std::string> phrases;
};

/// Parses a YAML map of text → text from the starter file `path`; throws reel::Error
/// when the starter's data is broken (a bug of reel's, caught by its tests).
YAML::Node load_starter_yaml(const std::string& path) {
  const StarterFile* f = find_starter(path);
  if (!f) throw Error(SourcePos{path}, "reel's starter site has no " + path);
  return YAML::Load(std::string(f->bytes));
}

LanguageData load_language(const std::string& code, const std::set<std::string>& known) {
  LanguageData lang;
  lang.code = code;
  lang.source = known.count(code) ? code : std::string(kFallbackLanguage);
  std::string dir = std::string(kLanguagesDir) + lang.source + "/";
  YAML::Node site = load_starter_yaml(dir + "site.yaml");
  if (lang.source == code) {
    lang.name = site["name"].as<std::string>();
    lang.locale = site["locale"].as<std::string>();
  } else {
    lang.name = native_name(code);
    lang.locale = code;
  }
  for (const auto& kv : site["strings"]) lang.strings.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
  YAML::Node phrases = load_starter_yaml(dir + "phrases.yaml");
  for (const auto& kv : phrases) lang.phrases[kv.first.as<std::string>()] = kv.second.as<std::string>();
  return lang;
}

/// site.yaml's `languages:` entries (the lines under the key), indented by two.
std::string languages_block(const std::vector<LanguageData>& langs) {
  std::string out;
  for (const LanguageData& l : langs) {
    out += "  " + l.code + ":\n";
    if (l.source != l.code) {
      out += "    # reel has no starter translation for `" + l.code + "`: these strings are English.\n";
      out += "    # Translate them (and content/" + l.code + "/) into your language.\n";
    }
    out += "    name: " + yaml_quote(l.name) + "\n";
    out += "    locale: " + yaml_quote(l.locale) + "\n";
    out += "    strings:\n";
    for (const auto& [key, value] : l.strings) out += "      " + key + ": " + yaml_quote(value) + "\n";
  }
  if (!out.empty()) out.pop_back();  // the marker's own line ends the block
  return out;
}

/// Replaces every `@tr KEY@` of `text` with KEY's phrase in every language. Sets
/// `used` when there was one.
std::string fill_phrases(const std::string& path, std::string text, const std::vector<LanguageData>& langs,
                         const LanguageData& fallback, bool& used) {
  const std::string open = "@tr ";
  std::size_t at = 0;
  while ((at = text.find(open, at)) != std::string::npos) {
    std::size_t end = text.find('@', at + open.size());
    if (end == std::string::npos) break;
    std::string key = text.substr(at + open.size(), end - at - open.size());
    auto fb = fallback.phrases.find(key);
    if (fb == fallback.phrases.end()) {
      throw Error(SourcePos{path}, "reel's starter site has no phrase `" + key + "`");
    }
    std::string map = "{";
    for (std::size_t i = 0; i < langs.size(); ++i) {
      auto p = langs[i].phrases.find(key);
      map += (i ? ", " : "") + langs[i].code + ": " + yaml_quote(p == langs[i].phrases.end() ? fb->second : p->second);
    }
    map += "}";
    text.replace(at, end + 1 - at, map);
    at += map.size();
    used = true;
  }
  return text;
}


}  // namespace

std::vector<std::string> starter_languages() {
  std::set<std::string> codes;
  for (const StarterFile& f : starter_files()) {
    if (f.path.substr(0, kLanguagesDir.size()) != kLanguagesDir) continue;
    std::string_view rest = f.path.substr(kLanguagesDir.size());
    std::size_t slash = rest.find('/');
    if (slash != std::string_view::npos) codes.insert(std::string(rest.substr(0, slash)));
  }
  return {codes.begin(), codes.end()};
}

std::vector<std::string> parse_language_list(std::string_view text, std::string& error) {
  std::vector<std::string> codes;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view code = text.substr(start, comma - start);
    while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
    while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
    if (!valid_code(code)) {
      error = code.empty() ? "expected a comma-separated list of language codes, such as en,it"
                           : "expected a lowercase language code of 2 or 3 letters, such as `en`, got `" + std::string(code) + "`";
      return {};
    }
    if (std::find(codes.begin(), codes.end(), code) != codes.end()) {
      error = "language `" + std::string(code) + "` is named twice";
      return {};
    }
    codes.emplace_back(code);
    start = comma + 1;
  }
  return codes;
}

std::map<std::string, std::string> compose_new_site(const NewSiteOptions& options, std::vector<std::string>& notes,
                                                    std::vector<std::string>& language_names, std::string& error) {
  std::map<std::string, std::string> out;
  if (options.languages.empty()) {
    error = "a site needs at least one language";
    return out;
  }
  std::set<std::string> seen;
  for (const std::string& code : options.languages) {
    if (!valid_code(code)) {
      error = "expected a lowercase language code of 2 or 3 letters, such as `en`, got `" + code + "`";
      return out;
    }
    if (!seen.insert(code).second) {
      error = "language `" + code + "` is named twice";
      return out;
    }
  }
  std::vector<std::string> known_list = starter_languages();
  std::set<std::string> known(known_list.begin(), known_list.end());
  std::vector<LanguageData> langs;
  for (const std::string& code : options.languages) langs.push_back(load_language(code, known));
  LanguageData fallback = load_language(std::string(kFallbackLanguage), known);
  const std::string& default_code = langs.front().code;

  // Files outside languages/: at their own path, markers filled.
  std::vector<std::string> phrase_files;
  for (const StarterFile& f : starter_files()) {
    if (f.path.substr(0, kLanguagesDir.size()) == kLanguagesDir) continue;
    std::string path(f.path);
    std::string text(f.bytes);
    text = replace_all(std::move(text), "@languages@", languages_block(langs));
    text = replace_all(std::move(text), "@default_language@", default_code);
    bool used = false;
    text = fill_phrases(path, std::move(text), langs, fallback, used);
    if (used) phrase_files.push_back(path);
    out[path] = std::move(text);
  }
  // Each language's own files: languages/<source>/content/X → content/<code>/X.
  for (const LanguageData& l : langs) {
    std::string prefix = std::string(kLanguagesDir) + l.source + "/content/";
    for (const StarterFile& f : starter_files()) {
      if (f.path.substr(0, prefix.size()) != prefix) continue;
      std::string path = "content/" + l.code + "/" + std::string(f.path.substr(prefix.size()));
      out[path] = replace_all(std::string(f.bytes), "@lang@", l.code);
    }
    language_names.push_back(l.name);
    if (l.source != l.code) {
      std::string files = "site.yaml (languages." + l.code + ".strings), content/" + l.code + "/";
      for (const std::string& p : phrase_files) {
        if (p != "site.yaml") files += ", " + p;
      }
      notes.push_back("reel has no starter translation for `" + l.code + "`: its text is in English; translate " + files +
                      " (the `" + l.code + ":` values)");
    }
  }

  // Translations record which version of the default language's prose they match.
  MemoryFileSystem staged;
  for (const auto& [path, bytes] : out) staged.write(path, bytes);
  Diagnostics diags;
  Config config = load_config(staged, diags);
  if (diags.has_errors()) {
    throw Error(SourcePos{"site.yaml"}, "reel's starter site.yaml does not load: " + diags.format());
  }
  const std::string default_prefix = "content/" + default_code + "/";
  for (auto& [path, bytes] : out) {
    if (path.size() < 3 || path.compare(path.size() - 3, 3, ".md") != 0) continue;
    for (std::size_t i = 1; i < langs.size(); ++i) {
      std::string prefix = "content/" + langs[i].code + "/";
      if (path.rfind(prefix, 0) != 0) continue;
      std::string original = default_prefix + path.substr(prefix.size());
      if (!staged.is_file(original)) continue;
      ProseFile prose;
      Diagnostics prose_diags;
      if (!read_prose(staged, config, default_code, original, prose, prose_diags)) continue;
      bytes = with_original_hash(bytes, prose.hash, path);
    }
  }
  return out;
}

NewSiteResult write_new_site(FileSystem& fs, const NewSiteOptions& options, const std::vector<std::string>& present) {
  NewSiteResult result;
  std::set<std::string> there(present.begin(), present.end());
  for (const std::string& file : fs.list_files("")) there.insert(file.substr(0, file.find('/')));
  if (!there.empty()) {
    result.present.assign(there.begin(), there.end());
    result.error = "the folder is not empty";
    result.hint = "reel new writes only into a new or empty folder, so that it never overwrites anything; name another folder";
    return result;
  }
  std::map<std::string, std::string> files = compose_new_site(options, result.notes, result.language_names, result.error);
  if (files.empty()) {
    if (result.error.empty()) result.error = "reel's starter site is empty";
    result.notes.clear();
    return result;
  }
  for (const auto& [path, bytes] : files) {
    fs.write(path, bytes);
    result.files.push_back(path);
  }
  result.ok = true;
  return result;
}

}  // namespace reel
