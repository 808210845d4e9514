#include "site/site.h"

#include <algorithm>
#include <map>

#include "base/parallel.h"
#include "base/text.h"
#include "input/yaml.h"

namespace reel {

const Locale& Site::locale(std::string_view lang) const {
  for (const auto& l : locales) {
    if (l.code() == lang) return l;
  }
  return locales.front();
}

std::string content_hash(std::string_view text) {
  std::string normalised;
  normalised.reserve(text.size());
  for (char c : text) {
    if (c != '\r') normalised += c;
  }
  return fnv1a_hex(normalised);
}

std::string page_rel_url(const LanguageConfig& lang, std::string_view id) {
  std::string path(id);
  if (path == "index") {
    path.clear();
  } else if (path.size() > 6 && path.compare(path.size() - 6, 6, "/index") == 0) {
    path.resize(path.size() - 6);
  }
  std::string out = lang.url_prefix + path;
  if (!path.empty()) out += '/';
  return out;
}

namespace {


/// Reads one prose file into `page`; returns false when it cannot be used.
bool read_page(const FileSystem& fs, const Config& config, const LanguageConfig& lang, const std::string& path,
               Page& page, Diagnostics& diags) {
  std::optional<std::string> text = fs.read(path);
  if (!text) return false;
  std::string rel = path.substr(config.content_dir.size() + 1 + lang.code.size() + 1);
  page.id = rel.substr(0, rel.size() - 3);
  page.lang = lang.code;
  page.source = path;
  FrontMatterSplit split;
  try {
    split = split_front_matter(*text, path);
  } catch (const Error& e) {
    diags.add(e.diagnostic());
    return false;
  }
  std::uint32_t offset = split.front_matter_line ? split.front_matter_line - 1 : 0;
  YAML::Node fm;
  try {
    fm = parse_yaml(split.front_matter, path, offset);
  } catch (const Error& e) {
    Diagnostic d = e.diagnostic();
    d.source_line = std::string(line_of(*text, d.pos.line));
    diags.add(std::move(d));
    return false;
  }
  if (fm && !fm.IsNull() && !fm.IsMap()) {
    diags.add(yaml_diagnostic(fm, *text, path, "expected front matter to be a map of `key: value` lines", {}, 0));
    return false;
  }
  page.front_matter = fm && fm.IsMap() ? yaml_to_value(fm) : Value(ValueMap{});
  auto fm_diag = [&](const char* key, std::string message, std::string hint = {}) {
    YAML::Node n = fm && fm.IsMap() ? fm[key] : YAML::Node();
    Diagnostic d = n ? yaml_diagnostic(n, *text, path, std::move(message), std::move(hint), offset)
                     : Diagnostic{Severity::kError, SourcePos{path, 1, 1}, std::move(message), std::move(hint), {}, {}};
    if (n) d.source_line = std::string(line_of(*text, d.pos.line));
    return d;
  };
  auto str = [&](const char* key) -> std::string {
    Value v = page.front_matter.get(key);
    if (v.is_undefined() || v.is_none()) return {};
    if (!v.is_string()) {
      diags.add(fm_diag(key, std::string("expected text for `") + key + "`, got a " + std::string(v.type_name())));
      return {};
    }
    return v.as_string();
  };
  page.title = str("title");
  if (page.title.empty()) {
    diags.add(fm_diag("title", "page has no `title` in its front matter",
                      "add a line `title: …` between the `---` lines at the top"));
  }
  page.description = str("description");
  page.layout = str("layout");
  if (page.layout.empty()) page.layout = "page";
  page.facts_id = str("facts");
  page.original_hash = str("original_hash");
  page.body_hash = content_hash(split.body);
  Value order = page.front_matter.get("order");
  if (order.is_int()) {
    page.order = order.as_int();
  } else if (!order.is_undefined() && !order.is_none()) {
    diags.add(fm_diag("order", "expected a whole number for `order`"));
  }
  std::string slug = str("slug");
  if (!slug.empty()) {
    if (!is_safe_relative_path(slug) || slug.find('/') != std::string::npos) {
      diags.add(fm_diag("slug", "`slug` must be one URL segment without `/` or `..`"));
    } else {
      std::size_t slash = page.id.rfind('/');
      std::string dir = slash == std::string::npos ? "" : page.id.substr(0, slash + 1);
      page.rel_url = page_rel_url(lang, dir + slug);
    }
  }
  if (page.rel_url.empty()) page.rel_url = page_rel_url(lang, page.id);
  page.url = config.base_path + page.rel_url;
  page.permalink = config.base_url + page.rel_url;
  page.output_path = page.rel_url + "index.html";
  try {
    ShortcodeSplit sc = extract_shortcodes(split.body, split.body_line, path);
    page.shortcodes = std::move(sc.shortcodes);
    page.prose = render_markdown(sc.markdown, config.markdown);
  } catch (const Error& e) {
    diags.add(e.diagnostic());
    return false;
  }
  return !page.front_matter.get("draft").truthy();
}

}  // namespace

Site assemble_site(const FileSystem& fs, Config config, FactsSet facts, Diagnostics& diags) {
  Site site;
  site.config = std::move(config);
  site.facts = std::move(facts);
  const Config& cfg = site.config;
  for (const auto& lang : cfg.languages) site.locales.emplace_back(lang.code, lang.locale, lang.strings);

  // Read and render every prose file; Markdown rendering runs in parallel.
  struct Job {
    const LanguageConfig* lang;
    std::string path;
    Page page;
    Diagnostics diags;
    bool ok = false;
  };
  std::vector<Job> jobs;
  for (const auto& lang : cfg.languages) {
    for (const std::string& path : fs.list_files(join_path(cfg.content_dir, lang.code))) {
      if (path.size() > 3 && path.compare(path.size() - 3, 3, ".md") == 0) {
        jobs.push_back(Job{&lang, path, {}, {}, false});
      }
    }
  }
  parallel_for(jobs.size(), [&](std::size_t i) {
    Job& j = jobs[i];
    j.ok = read_page(fs, cfg, *j.lang, j.path, j.page, j.diags);
  });
  for (auto& j : jobs) {
    diags.merge(j.diags);
    if (j.ok) site.pages.push_back(std::move(j.page));
  }

  auto lang_index = [&](const std::string& code) {
    for (std::size_t i = 0; i < cfg.languages.size(); ++i) {
      if (cfg.languages[i].code == code) return i;
    }
    return cfg.languages.size();
  };
  std::stable_sort(site.pages.begin(), site.pages.end(), [&](const Page& a, const Page& b) {
    std::size_t la = lang_index(a.lang), lb = lang_index(b.lang);
    if (la != lb) return la < lb;
    if (a.order != b.order) return a.order < b.order;
    return a.id < b.id;
  });

  // Translations: the same id in every other language.
  std::map<std::string, std::vector<std::size_t>> by_id;
  for (std::size_t i = 0; i < site.pages.size(); ++i) by_id[site.pages[i].id].push_back(i);
  for (auto& [id, indices] : by_id) {
    for (std::size_t i : indices) {
      for (std::size_t j : indices) {
        if (i != j) site.pages[i].translations.push_back(j);
      }
    }
  }

  // Every URL once; every facts reference resolves.
  std::map<std::string, std::size_t> by_output;
  std::vector<std::string> fact_ids;
  for (const auto& [id, f] : site.facts) fact_ids.push_back(id);
  for (std::size_t i = 0; i < site.pages.size(); ++i) {
    const Page& p = site.pages[i];
    auto [it, inserted] = by_output.emplace(p.output_path, i);
    if (!inserted) {
      diags.error(SourcePos{p.source}, "page has the same URL /" + p.rel_url + " as " + site.pages[it->second].source,
                  "give one of them another file name or `slug`");
    }
    if (!p.facts_id.empty() && site.facts.find(p.facts_id) == site.facts.end()) {
      diags.error(SourcePos{p.source}, "front matter names facts `" + p.facts_id + "`, but there is no " +
                                           join_path(cfg.content_dir, p.facts_id + ".yaml"),
                  suggestion_hint(p.facts_id, fact_ids, "facts ids are paths below content/ without .yaml"));
    }
  }
  return site;
}

}  // namespace reel
