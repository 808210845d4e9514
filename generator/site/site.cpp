#include "site/site.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"
#include "site/collation.h"
#include "site/slug.h"

namespace reel {

std::string_view page_kind_name(PageKind kind) {
  switch (kind) {
    case PageKind::kPage: return "page";
    case PageKind::kList: return "list";
    case PageKind::kTaxonomy: return "taxonomy";
    case PageKind::kTerm: return "term";
  }
  return "page";
}

const Locale& Site::locale(std::string_view lang) const { return locales[lang_index(lang)]; }

std::size_t Site::lang_index(std::string_view code) const {
  for (std::size_t i = 0; i < config.languages.size(); ++i) {
    if (config.languages[i].code == code) return i;
  }
  return 0;
}

namespace {

std::string index_key(std::string_view lang, std::string_view id) {
  std::string key(lang);
  key += '\0';
  key += id;
  return key;
}

/// "about" for "content/en/about.md"'s id "about"; the folder part of an id: "books/" for "books/index".
std::string id_folder(std::string_view id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(id.substr(0, slash + 1));
}

/// Text of a value used as a title or term name: strings as they are, numbers in digits.
std::string text_of(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  return {};
}

}  // namespace

const Page* Site::find(std::string_view id, std::string_view lang) const {
  auto it = index.find(index_key(lang, id));
  return it == index.end() ? nullptr : &pages[it->second];
}

const ProseFile* Site::prose_of(const Page& page) const {
  if (page.prose_path.empty() || !prose) return nullptr;
  auto it = prose->find(page.prose_path);
  return it == prose->end() ? nullptr : &it->second;
}

std::string page_rel_url(const LanguageConfig& lang, std::string_view id) {
  std::string path(id);
  if (path == "index") {
    path.clear();
  } else if (path.ends_with("/index")) {
    path.resize(path.size() - 6);
  }
  std::string out = lang.url_prefix + path;
  if (!path.empty()) out += '/';
  return out;
}

void values_at(const Value& root, std::string_view path, std::vector<Value>& out) {
  if (root.is_list()) {
    for (const Value& item : root.as_list()) values_at(item, path, out);
    return;
  }
  if (path.empty()) {
    if (!root.is_undefined() && !root.is_none()) out.push_back(root);
    return;
  }
  std::size_t dot = path.find('.');
  Value next = root.get(path.substr(0, dot));
  if (next.is_undefined()) return;
  values_at(next, dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1), out);
}

namespace {

/// Builds the pages of one site; one object so that each step reads as one function.
class Assembler {
 public:
  Assembler(Site& site, Diagnostics& diags) : site_(site), cfg_(site.config), diags_(diags) {}

  void run() {
    for (const auto& lang : cfg_.languages) site_.locales.emplace_back(lang.code, lang.locale, lang.strings);
    for (const auto& [id, f] : *site_.facts) fact_ids_.push_back(id);
    collection_pages();
    prose_pages();
    if (site_.pages.empty()) {
      // Nothing to render is never what a user wants: say which file makes a first page.
      std::string home = join_path(join_path(cfg_.content_dir, cfg_.default_language), "index.md");
      bool drafts = std::any_of(site_.prose->begin(), site_.prose->end(), [](const auto& p) { return p.second.draft; });
      diags_.error(SourcePos{"site.yaml"}, "the site has no pages" + std::string(drafts ? " (every prose file is a draft)" : ""),
                   "add " + home + " with a `title:` in its front matter, or facts files in a collection's folder" +
                       (drafts ? "; or remove `draft: true` from a page that is ready" : ""));
    }
    taxonomy_pages();
    sort_and_index();
    lists();
    pagers();
    check_urls();
    check_menus();
  }

 private:
  const FactsFile* facts(std::string_view id) const {
    auto it = site_.facts->find(id);
    return it == site_.facts->end() ? nullptr : &it->second;
  }

  void set_url(Page& page, std::string rel_url) {
    page.rel_url = std::move(rel_url);
    page.url = cfg_.base_path + page.rel_url;
    page.permalink = cfg_.base_url + page.rel_url;
    page.output_path = page.rel_url + "index.html";
  }

  /// The URL of a collection page: its pattern with {slug} and {field}s filled in.
  std::string pattern_url(const CollectionConfig& c, const FactsFile& f, std::size_t li) {
    std::string out;
    const std::string& p = c.permalink;
    for (std::size_t i = 1; i < p.size(); ++i) {
      if (p[i] != '{') {
        out += p[i];
        continue;
      }
      std::size_t close = p.find('}', i);
      if (close == std::string::npos) break;  // load_config refuses such patterns
      std::string name = p.substr(i + 1, close - i - 1);
      i = close;
      if (name == "slug") {
        out += f.id.substr(f.id.rfind('/') + 1);
        continue;
      }
      std::vector<Value> found;
      values_at(f.by_lang[li], name, found);
      std::string slug = found.empty() ? std::string() : ascii_slug(text_of(found.front()));
      if (slug.empty()) {
        diags_.error(SourcePos{f.file}, "the URL pattern `" + c.permalink + "` of collection `" + c.name + "` needs `" + name +
                                            "`, which this file does not give as text",
                     "add `" + name + ": …`, or use {slug} (the file's name) in the pattern");
        slug = "-";
      }
      out += slug;
    }
    return cfg_.languages[li].url_prefix + out;
  }

  void collection_pages() {
    for (const CollectionConfig& c : cfg_.collections) {
      if (c.permalink.empty()) continue;
      for (const auto& [id, f] : *site_.facts) {
        if (f.collection != c.name) continue;
        for (std::size_t li = 0; li < cfg_.languages.size(); ++li) {
          const LanguageConfig& lang = cfg_.languages[li];
          Page page;
          page.id = id;
          page.lang = lang.code;
          page.source = f.file;
          page.layout = c.layout;
          page.layout_pos = c.pos;
          page.facts.emplace_back(c.as, id);
          const Value& data = f.by_lang[li];
          std::vector<Value> found;
          values_at(data, c.title_field, found);
          page.title = found.empty() ? std::string() : text_of(found.front());
          auto field_text = [&](const std::string& field) {
            std::vector<Value> v;
            if (!field.empty()) values_at(data, field, v);
            return v.empty() ? std::string() : text_of(v.front());
          };
          page.description = field_text(c.description_field);
          page.date = field_text(c.date_field);
          std::string prose_path = join_path(join_path(cfg_.content_dir, lang.code), id + ".md");
          auto prose = site_.prose->find(prose_path);
          if (prose != site_.prose->end() && !prose->second.draft) {
            const ProseFile& p = prose->second;
            used_prose_.insert(prose_path);
            page.prose_path = prose_path;
            page.body_hash = p.hash;
            page.original_hash = p.original_hash;
            if (!p.title.empty()) page.title = p.title;
            if (!p.description.empty()) page.description = p.description;
            if (!p.layout.empty()) {
              page.layout = p.layout;
              page.layout_pos = p.layout_pos;
              page.layout_line = p.layout_line;
            }
            if (!p.date.empty()) page.date = p.date;
            page.order = p.order;
          }
          if (page.title.empty()) {
            diags_.error(SourcePos{f.file}, "collection `" + c.name + "` titles its pages with `" + c.title_field +
                                                "`, which this file does not give in " + lang.name,
                         "add `" + c.title_field + ": …`, or set `title:` of the collection in site.yaml to another field");
          }
          set_url(page, pattern_url(c, f, li));
          site_.pages.push_back(std::move(page));
        }
      }
    }
  }

  void prose_pages() {
    for (const auto& [path, p] : *site_.prose) {
      if (p.draft || used_prose_.count(path)) continue;
      const LanguageConfig* lang = cfg_.language(p.lang);
      if (!lang) continue;
      Page page;
      page.kind = p.has_list ? PageKind::kList : PageKind::kPage;
      page.id = p.id;
      page.lang = p.lang;
      page.source = path;
      page.prose_path = path;
      page.title = p.title;
      page.description = p.description;
      page.date = p.date;
      page.layout = p.layout.empty() ? "page" : p.layout;
      page.layout_pos = p.layout.empty() ? SourcePos{path} : p.layout_pos;
      page.layout_line = p.layout.empty() ? std::string() : p.layout_line;
      page.order = p.order;
      page.body_hash = p.hash;
      page.original_hash = p.original_hash;
      if (page.title.empty()) {
        diags_.error(SourcePos{path, 1, 1}, "page has no `title` in its front matter",
                     "add a line `title: …` between the `---` lines at the top");
      }
      for (const auto& [name, id] : p.facts) {
        const FactsFile* f = facts(id);
        if (!f) {
          diags_.add(Diagnostic{Severity::kError, p.facts_pos,
                                "front matter names facts `" + id + "`, but there is no " +
                                    join_path(cfg_.content_dir, id + ".yaml"),
                                suggestion_hint(id, fact_ids_, "facts ids are paths below content/ without .yaml"),
                                p.facts_line, {}});
          continue;
        }
        std::string as = name;
        if (as.empty()) {
          const CollectionConfig* c = cfg_.collection(f->collection);
          as = c ? c->as : "facts";
        }
        page.facts.emplace_back(as, id);
      }
      std::string id = page.id;
      if (!p.slug.empty()) id = id_folder(p.id) + p.slug;
      set_url(page, page_rel_url(*lang, id));
      if (page.kind == PageKind::kList) {
        if (!p.list.collection.empty() && !cfg_.collection(p.list.collection)) {
          std::vector<std::string> names;
          for (const auto& c : cfg_.collections) names.push_back(c.name);
          diags_.error(SourcePos{path}, "`list.collection` is `" + p.list.collection + "`, which site.yaml does not declare",
                       suggestion_hint(p.list.collection, names, "declare it under `collections:` in site.yaml"));
        }
      }
      site_.pages.push_back(std::move(page));
    }
  }

  /// The terms of taxonomy `t` in language `li`: key (the default language's slug) →
  /// name in this language and the data pages that carry it.
  struct Term {
    std::string name;
    std::vector<std::string> facts_ids;
  };

  void taxonomy_pages() {
    for (const TaxonomyConfig& t : cfg_.taxonomies) {
      const CollectionConfig* c = cfg_.collection(t.collection);
      if (!c) continue;
      if (c->permalink.empty()) {
        diags_.error(t.pos, "taxonomy `" + t.name + "` lists the pages of collection `" + c->name + "`, which makes no pages",
                     "give collection `" + c->name + "` a `permalink` in site.yaml");
        continue;
      }
      // Two names in the default language with one slug would be one term: an error.
      std::map<std::string, std::string> default_names;  // key → the default language's name
      for (const auto& [id, f] : *site_.facts) {
        if (f.collection != c->name) continue;
        std::vector<Value> names;
        values_at(f.by_lang[0], t.field, names);
        for (const Value& v : names) {
          std::string name = text_of(v);
          std::string key = ascii_slug(name);
          if (name.empty() || key.empty()) continue;
          auto [it, fresh] = default_names.emplace(key, name);
          if (!fresh && it->second != name) {
            diags_.error(SourcePos{f.file}, "taxonomy `" + t.name + "` has two terms with the URL slug `" + key + "` in " +
                                                cfg_.languages[0].name + ": `" + it->second + "` and `" + name + "`",
                         "write one of them the same way in every facts file, or tell them apart");
          }
        }
      }
      for (std::size_t li = 0; li < cfg_.languages.size(); ++li) {
        const LanguageConfig& lang = cfg_.languages[li];
        std::map<std::string, Term> terms;  // by key
        for (const auto& [id, f] : *site_.facts) {
          if (f.collection != c->name) continue;
          std::vector<Value> mine, keys;
          values_at(f.by_lang[li], t.field, mine);
          values_at(f.by_lang[0], t.field, keys);
          for (std::size_t k = 0; k < mine.size(); ++k) {
            std::string name = text_of(mine[k]);
            if (name.empty()) continue;
            std::string key = ascii_slug(keys.size() == mine.size() ? text_of(keys[k]) : name);
            if (key.empty()) key = ascii_slug(name);
            Term& term = terms[key];
            if (term.name.empty()) term.name = name;
            if (term.facts_ids.empty() || term.facts_ids.back() != id) term.facts_ids.push_back(id);
          }
        }
        Page index;
        index.kind = PageKind::kTaxonomy;
        index.id = t.name;
        index.lang = lang.code;
        index.source = "site.yaml";
        index.layout = t.layout;
        index.taxonomy = t.name;
        index.title = text_of(t.title.is_map() ? (t.title.get(lang.code).is_undefined() ? t.title.get(cfg_.default_language)
                                                                                          : t.title.get(lang.code))
                                               : t.title);
        std::string base = lang.url_prefix + t.permalink.substr(1);
        set_url(index, base);
        site_.pages.push_back(std::move(index));
        std::map<std::string, std::string> by_slug;  // slug in this language → term name
        for (auto& [key, term] : terms) {
          std::string slug = ascii_slug(term.name);
          if (slug.empty()) slug = key;
          auto [it, fresh] = by_slug.emplace(slug, term.name);
          if (!fresh) {
            diags_.error(t.pos, "taxonomy `" + t.name + "` has two terms with the URL slug `" + slug + "` in " + lang.name +
                                    ": `" + it->second + "` and `" + term.name + "`",
                         "write one of them the same way in every facts file, or tell them apart");
            continue;
          }
          Page page;
          page.kind = PageKind::kTerm;
          page.id = t.name + "/" + key;
          page.lang = lang.code;
          page.source = "site.yaml";
          page.layout = t.term_layout;
          page.taxonomy = t.name;
          page.term = term.name;
          page.term_slug = slug;
          page.title = term.name;
          set_url(page, base + slug + "/");
          term_members_[index_key(lang.code, page.id)] = std::move(term.facts_ids);
          site_.pages.push_back(std::move(page));
        }
      }
    }
  }

  static int kind_rank(PageKind k) { return static_cast<int>(k); }

  void sort_and_index() {
    std::stable_sort(site_.pages.begin(), site_.pages.end(), [&](const Page& a, const Page& b) {
      std::size_t la = site_.lang_index(a.lang), lb = site_.lang_index(b.lang);
      if (la != lb) return la < lb;
      if (a.kind != b.kind) return kind_rank(a.kind) < kind_rank(b.kind);
      if (a.order != b.order) return a.order < b.order;
      return a.id < b.id;
    });
    site_.pages_by_lang.assign(cfg_.languages.size(), {});
    std::map<std::string, std::vector<std::size_t>> by_id;
    for (std::size_t i = 0; i < site_.pages.size(); ++i) {
      const Page& p = site_.pages[i];
      auto [it, fresh] = site_.index.emplace(index_key(p.lang, p.id), i);
      if (!fresh) {
        diags_.error(SourcePos{p.source}, "page `" + p.id + "` in " + p.lang + " is made twice: also from " +
                                              site_.pages[it->second].source,
                     "a prose file with a collection page's id adds its body; rename one of them");
      }
      if (p.kind == PageKind::kPage || p.kind == PageKind::kList) site_.pages_by_lang[site_.lang_index(p.lang)].push_back(i);
      by_id[std::string(page_kind_name(p.kind)) + '\0' + p.id].push_back(i);
    }
    for (auto& [id, indices] : by_id) {
      for (std::size_t i : indices) {
        for (std::size_t j : indices) {
          if (i != j) site_.pages[i].translations.push_back(j);
        }
      }
    }
  }

  /// The sort key of page `i` for `sort_by`.
  Value sort_key(std::size_t i, const std::string& sort_by) const {
    const Page& p = site_.pages[i];
    if (sort_by == "title") return p.title;
    if (sort_by == "date") return p.date.empty() ? Value() : Value(p.date);
    if (sort_by == "order") return p.order;
    if (sort_by == "id") return p.id;
    if (sort_by.starts_with("facts.") && !p.facts.empty()) {
      const FactsFile* f = facts(p.facts.front().second);
      if (!f) return Value();
      std::vector<Value> found;
      values_at(f->by_lang[site_.lang_index(p.lang)], std::string_view(sort_by).substr(6), found);
      return found.empty() ? Value() : found.front();
    }
    return Value();
  }

  void sort_list(std::vector<std::size_t>& items, const std::string& sort_by, bool reverse, const std::string& lang,
                 const SourcePos& where) {
    static const std::vector<std::string> kKeys{"title", "date", "order", "id", "facts."};
    if (std::find(kKeys.begin(), kKeys.end(), sort_by) == kKeys.end() && !sort_by.starts_with("facts.")) {
      diags_.error(where, "cannot sort by `" + sort_by + "`",
                   suggestion_hint(sort_by, kKeys, "sort by title, date, order, id or facts.FIELD"));
      return;
    }
    std::vector<Value> keys;
    keys.reserve(items.size());
    for (std::size_t i : items) keys.push_back(sort_key(i, sort_by));
    try {
      sort_by_keys(items, keys, site_.locale(lang).tag(), reverse);
    } catch (const Error& e) {
      diags_.add(e.diagnostic());
    }
  }

  void lists() {
    for (std::size_t i = 0; i < site_.pages.size(); ++i) {
      Page& page = site_.pages[i];
      auto list = std::make_shared<PageList>();
      const std::vector<std::size_t>& same_lang = site_.pages_by_lang[site_.lang_index(page.lang)];
      if (page.kind == PageKind::kList) {
        const ProseFile* p = site_.prose_of(page);
        if (!p) continue;
        const ListSpec& spec = p->list;
        std::string folder = id_folder(page.id);
        for (std::size_t j : same_lang) {
          const Page& other = site_.pages[j];
          bool member = false;
          if (!spec.collection.empty()) {
            if (!other.facts.empty()) {
              const FactsFile* f = facts(other.facts.front().second);
              member = f && f->collection == spec.collection && other.source == f->file;
            }
          } else {
            member = other.id.starts_with(folder) && j != i;
          }
          if (member) list->pages.push_back(j);
        }
        list->paginate_by = spec.paginate_by;
        sort_list(list->pages, spec.sort_by, spec.reverse, page.lang, SourcePos{page.source});
      } else if (page.kind == PageKind::kTerm) {
        const TaxonomyConfig* t = nullptr;
        for (const auto& tc : cfg_.taxonomies) {
          if (tc.name == page.taxonomy) t = &tc;
        }
        for (const std::string& id : term_members_[index_key(page.lang, page.id)]) {
          auto it = site_.index.find(index_key(page.lang, id));
          if (it != site_.index.end()) list->pages.push_back(it->second);
        }
        list->paginate_by = t ? t->paginate_by : 0;
        sort_list(list->pages, t ? t->sort_by : "title", false, page.lang, t ? t->pos : SourcePos{"site.yaml"});
      } else {
        continue;
      }
      page.list = std::move(list);
    }
    // Each taxonomy index knows its terms, sorted by name.
    for (std::size_t i = 0; i < site_.pages.size(); ++i) {
      Page& index = site_.pages[i];
      if (index.kind != PageKind::kTaxonomy) continue;
      for (std::size_t j = 0; j < site_.pages.size(); ++j) {
        const Page& term = site_.pages[j];
        if (term.kind == PageKind::kTerm && term.lang == index.lang && term.taxonomy == index.taxonomy) index.terms.push_back(j);
      }
      sort_list(index.terms, "title", false, index.lang, SourcePos{"site.yaml"});
    }
  }

  /// Pages 2, 3… of paginated lists, at `<list URL>page/N/`.
  void pagers() {
    std::size_t count = site_.pages.size();
    for (std::size_t i = 0; i < count; ++i) {
      if (!site_.pages[i].list || site_.pages[i].list->paginate_by <= 0) continue;
      const Page& first = site_.pages[i];
      std::int64_t per = first.list->paginate_by;
      std::int64_t total = static_cast<std::int64_t>(first.list->pages.size());
      std::int64_t n = std::max<std::int64_t>(1, (total + per - 1) / per);
      auto urls = std::make_shared<std::vector<std::string>>(std::vector<std::string>{first.url});
      for (std::int64_t k = 2; k <= n; ++k) urls->push_back(first.url + "page/" + std::to_string(k) + "/");
      site_.pages[i].pager_count = n;
      site_.pages[i].pager_urls = std::move(urls);
      for (std::int64_t k = 2; k <= n; ++k) {
        Page pager = site_.pages[i];
        pager.pager = k;
        pager.translations.clear();
        set_url(pager, site_.pages[i].rel_url + "page/" + std::to_string(k) + "/");
        site_.pages.push_back(std::move(pager));
      }
    }
    // Pagers are translations of the same pager in other languages.
    std::map<std::string, std::vector<std::size_t>> by_key;
    for (std::size_t i = count; i < site_.pages.size(); ++i) {
      const Page& p = site_.pages[i];
      by_key[p.id + '\0' + std::to_string(p.pager)].push_back(i);
    }
    for (auto& [key, indices] : by_key) {
      for (std::size_t i : indices) {
        for (std::size_t j : indices) {
          if (i != j) site_.pages[i].translations.push_back(j);
        }
      }
    }
  }

  /// Every menu item names a page that exists (a language without its translation
  /// leaves the item out of its menu; check_site lists the missing translation).
  void check_menus() {
    for (const auto& [name, items] : cfg_.menus) {
      for (const MenuItemConfig& item : items) {
        if (item.page.empty()) continue;
        bool found = std::any_of(cfg_.languages.begin(), cfg_.languages.end(),
                                 [&](const LanguageConfig& l) { return site_.find(item.page, l.code) != nullptr; });
        if (found) continue;
        std::vector<std::string> ids;
        for (std::size_t i : site_.pages_by_lang[0]) ids.push_back(site_.pages[i].id);
        for (const auto& t : cfg_.taxonomies) ids.push_back(t.name);
        diags_.error(item.pos, "menu `" + name + "` names the page `" + item.page + "`, which does not exist",
                     suggestion_hint(item.page, ids, "a page id is its path below the language folder without .md"));
      }
    }
  }

  void check_urls() {
    std::unordered_map<std::string, std::size_t> by_output;
    for (std::size_t i = 0; i < site_.pages.size(); ++i) {
      const Page& p = site_.pages[i];
      // Every URL segment reads the same in every link: no spaces, `?`, `#` or `%`.
      bool safe = true;
      for (std::string_view part : split(p.rel_url, '/')) safe = safe && (part.empty() || is_url_safe_segment(part));
      if (!safe && p.pager == 1) {
        diags_.error(SourcePos{p.source}, "the URL /" + p.rel_url + " of this page has characters a link cannot keep as they are",
                     "rename the file with letters, digits, `-`, `_`, `.` or `~` only, or give it a `slug:` in its front matter");
      }
      auto [it, inserted] = by_output.emplace(p.output_path, i);
      if (!inserted) {
        diags_.error(SourcePos{p.source}, "page has the same URL /" + p.rel_url + " as " + site_.pages[it->second].source,
                     "give one of them another file name, `slug` or permalink");
      }
    }
  }

  Site& site_;
  const Config& cfg_;
  Diagnostics& diags_;
  std::vector<std::string> fact_ids_;
  std::set<std::string> used_prose_;
  std::map<std::string, std::vector<std::string>> term_members_;  // (lang, term page id) → facts ids
};

}  // namespace

Site assemble_site(Config config, std::shared_ptr<const FactsSet> facts, std::shared_ptr<const ProseSet> prose,
                   Diagnostics& diags) {
  Site site;
  site.config = std::move(config);
  site.facts = facts ? std::move(facts) : std::make_shared<const FactsSet>();
  site.prose = prose ? std::move(prose) : std::make_shared<const ProseSet>();
  Assembler(site, diags).run();
  return site;
}

}  // namespace reel
