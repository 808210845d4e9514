#include "site/check.h"

#include <set>

namespace reel {

namespace {

void check_strings(const Config& config, Diagnostics& out) {
  std::set<std::string> all;
  for (const auto& lang : config.languages) {
    for (const auto& [key, pos] : lang.string_pos) all.insert(key);
  }
  for (const auto& key : all) {
    const LanguageConfig* has = nullptr;
    for (const auto& lang : config.languages) {
      if (lang.string_pos.count(key)) {
        has = &lang;
        break;
      }
    }
    for (const auto& lang : config.languages) {
      if (lang.string_pos.count(key)) continue;
      out.warning(lang.pos, "UI string `" + key + "` is missing in " + lang.name,
                  "add it under languages." + lang.code + ".strings (it is at " + has->string_pos.at(key).str() + " in " +
                      has->name + ")");
    }
  }
}

/// The name of the language with `code`, for messages.
std::string language_name(const Config& config, const std::string& code) {
  const LanguageConfig* l = config.language(code);
  return l ? l->name : code;
}

/// "A, B and C".
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  return out;
}

void check_facts(const Site& site, Diagnostics& out) {
  const Config& c = site.config;
  if (!site.facts) return;
  for (const auto& [id, file] : *site.facts) {
    for (const auto& m : file.gaps.missing_translations) {
      std::vector<std::string> names;
      std::vector<std::string> shows;
      for (std::size_t i = 0; i < m.languages.size(); ++i) {
        std::string name = language_name(c, m.languages[i]);
        names.push_back(name);
        const std::string shown = i < m.shown.size() ? m.shown[i] : std::string();
        shows.push_back(shown.empty() ? name + " pages show nothing" : name + " pages show the " + language_name(c, shown) + " one");
      }
      out.warning(m.pos, "fact `" + m.path + "` has no " + join_names(names) + " version (" + join_names(shows) + ")",
                  "add `" + m.languages.front() + ": …` beside the other languages");
    }
    for (const auto& u : file.gaps.unsourced) {
      out.warning(u.pos, "fact `" + u.path + "` names no source",
                  "add `" + u.field + ": [id, …]` with ids from the file's `" +
                      (file.schema ? file.schema->bibliography_field() : std::string("sources")) + "` list");
    }
  }
}

void check_pages(const Site& site, Diagnostics& out) {
  const Config& c = site.config;
  for (const Page& page : site.pages) {
    // Missing translations, reported once, from the default language's page or the
    // first page of the id.
    bool first_of_id = true;
    for (std::size_t t : page.translations) {
      if (&site.pages[t] < &page) first_of_id = false;
    }
    if (first_of_id && !page.prose_path.empty()) {
      for (const auto& lang : c.languages) {
        if (lang.code == page.lang) continue;
        bool present = false;
        for (std::size_t t : page.translations) present = present || site.pages[t].lang == lang.code;
        if (!present) {
          out.warning(SourcePos{page.source}, "page `" + page.id + "` has no " + lang.name + " translation",
                      "add " + join_path(join_path(c.content_dir, lang.code), page.id + ".md"));
        }
      }
    }
    // Only prose is translated by hand: pages made from facts alone have no hash to keep.
    if (page.lang == c.default_language || page.prose_path.empty() || page.pager > 1) continue;
    const Page* original = nullptr;
    for (std::size_t t : page.translations) {
      if (site.pages[t].lang == c.default_language) original = &site.pages[t];
    }
    if (!original || original->prose_path.empty()) continue;
    if (page.original_hash.empty()) {
      out.warning(SourcePos{page.source, 1, 1}, "translation does not say which version of " + original->source + " it was made from",
                  "when it is up to date, add `original_hash: " + original->body_hash + "` to its front matter");
    } else if (page.original_hash != original->body_hash) {
      out.warning(SourcePos{page.source, 1, 1}, "translation is older than its original: " + original->source +
                                                    " has changed since it was translated",
                  "bring the translation up to date, then set `original_hash: " + original->body_hash + "`");
    }
  }
}

}  // namespace

Diagnostics check_site(const Site& site) {
  Diagnostics out;
  check_strings(site.config, out);
  check_facts(site, out);
  check_pages(site, out);
  return out;
}

}  // namespace reel
