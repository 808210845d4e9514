#include "site/check.h"

#include <optional>

#include <set>
#include <tuple>

#include "render/functions.h"
#include "template/environment.h"
#include "template/lexer.h"
#include "template/parser.h"

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

/// Whether some language of `config` defines the UI string `key`.
bool defined_somewhere(const Config& config, const std::string& key) {
  for (const auto& lang : config.languages) {
    if (lang.string_pos.count(key) || !lang.strings.get(key).is_undefined()) return true;
  }
  return false;
}

/// Adds the warnings of check_ui_strings_used for the reads `uses` of one file, whose
/// positions `place` turns into the file's positions and lines.
template <typename Place>
void report_undefined_strings(const Config& config, const std::vector<UiStringUse>& uses, Place place,
                              std::set<std::tuple<std::string, std::uint32_t, std::uint32_t, std::string>>& seen,
                              Diagnostics& out) {
  for (const UiStringUse& use : uses) {
    if (defined_somewhere(config, use.key)) continue;
    Diagnostic d;
    d.severity = Severity::kWarning;
    std::tie(d.pos, d.source_line) = place(use);
    if (!seen.emplace(d.pos.file, d.pos.line, d.pos.column, use.key).second) continue;
    std::vector<std::string> names, places, keys;
    for (const auto& lang : config.languages) {
      names.push_back(lang.name);
      places.push_back("languages." + lang.code + ".strings");
      for (const auto& [k, pos] : lang.string_pos) keys.push_back(k);
    }
    d.message = "UI string `" + use.key + "` is defined in no language (" + join_names(names) +
                (names.size() == 1 ? " has" : " have") + " no `" + use.key + "`)";
    std::string add = "add it under " + join_names(places) + " in site.yaml";
    std::string close = did_you_mean(use.key, keys);
    d.hint = close.empty() ? add : "did you mean `" + close + "`? Or " + add;
    out.add(std::move(d));
  }
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

/// The translation `page` is (see Translation), or nullopt. Only prose is translated by
/// hand: pages made from facts alone have no hash to keep.
std::optional<Translation> translation_of(const Site& site, const Page& page) {
  const Config& c = site.config;
  if (page.lang == c.default_language || page.prose_path.empty() || page.pager > 1) return std::nullopt;
  for (std::size_t t : page.translations) {
    const Page& original = site.pages[t];
    if (original.lang != c.default_language || original.prose_path.empty()) continue;
    return Translation{page.prose_path, original.prose_path, original.body_hash, page.original_hash};
  }
  return std::nullopt;
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
          std::string path = join_path(join_path(c.content_dir, lang.code), page.id + ".md");
          auto draft = site.prose->find(path);
          if (draft != site.prose->end() && draft->second.draft) {
            out.warning(SourcePos{page.source}, "page `" + page.id + "` has no " + lang.name + " translation yet: " + path +
                                                    " is a draft",
                        "remove `draft: true` from " + path + " when it is ready");
          } else {
            out.warning(SourcePos{page.source}, "page `" + page.id + "` has no " + lang.name + " translation", "add " + path);
          }
        }
      }
    }
    std::optional<Translation> t = translation_of(site, page);
    if (!t || t->up_to_date()) continue;
    std::string command = "reel mark-translated " + t->path;
    if (t->recorded.empty()) {
      out.warning(SourcePos{page.source, 1, 1}, "translation does not say which version of " + t->original + " it was made from",
                  "when it is up to date, run `" + command + "`: it adds `original_hash: \"" + t->hash +
                      "\"` to its front matter");
    } else {
      out.warning(SourcePos{page.source, 1, 1}, "translation is older than its original: " + t->original +
                                                    " has changed since it was translated",
                  "bring the translation up to date, then run `" + command + "`: it will set `original_hash: \"" + t->hash +
                      "\"`");
    }
  }
}

}  // namespace

Diagnostics check_ui_strings_used(const Site& site, const tpl::Environment* templates) {
  Diagnostics out;
  std::set<std::tuple<std::string, std::uint32_t, std::uint32_t, std::string>> seen;
  if (templates) {
    for (const std::string& name : templates->template_names()) {
      std::shared_ptr<const tpl::Template> t = templates->find_template(name);
      if (!t) continue;
      report_undefined_strings(
          site.config, ui_strings_used(*t),
          [&](const UiStringUse& use) {
            return std::make_pair(SourcePos{t->display_name, use.line, use.column}, std::string(line_of(t->source, use.line)));
          },
          seen, out);
    }
  }
  if (site.prose) {
    for (const auto& [prose_path, file] : *site.prose) {
      const std::string& path = prose_path;  // a lambda below needs it: clang 14 captures no structured binding
      for (const Shortcode& sc : file.shortcodes) {
        std::unique_ptr<tpl::Template> parsed;
        try {
          parsed = tpl::parse_template(path, path, sc.source, false, tpl::LexerOptions{});
        } catch (const Error&) {
          continue;  // the render reports it at the shortcode
        }
        // A shortcode is one line: its columns count from its `{{`.
        report_undefined_strings(
            site.config, ui_strings_used(*parsed),
            [&](const UiStringUse& use) {
              SourcePos pos{path, sc.line + (use.line > 1 ? use.line - 1 : 0),
                            use.line > 1 ? use.column : sc.column + (use.column ? use.column - 1 : 0)};
              return std::make_pair(pos, sc.line_text);
            },
            seen, out);
      }
    }
  }
  return out;
}

Diagnostics check_site(const Site& site, const tpl::Environment* templates) {
  Diagnostics out;
  check_strings(site.config, out);
  out.merge(check_ui_strings_used(site, templates));
  check_facts(site, out);
  check_pages(site, out);
  return out;
}

std::vector<Translation> translations_of(const Site& site) {
  std::vector<Translation> out;
  for (const Page& page : site.pages) {
    if (std::optional<Translation> t = translation_of(site, page)) out.push_back(std::move(*t));
  }
  return out;
}

}  // namespace reel
