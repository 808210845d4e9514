#include "render/view.h"

#include <functional>
#include <memory>

#include "base/parallel.h"
#include "base/text.h"
#include "images/cache.h"

namespace reel {

namespace {

Value language_value(const LanguageConfig& l, const Config& c) {
  ValueMap m;
  m.set("code", l.code);
  m.set("name", l.name);
  m.set("locale", l.locale);
  m.set("hreflang", l.code);
  m.set("url", c.base_path + l.url_prefix);
  m.set("permalink", c.base_url + l.url_prefix);
  m.set("strings", l.strings);
  return Value(std::move(m));
}


Value site_value(const Site& site, std::string_view lang) {
  const Config& c = site.config;
  ValueMap m;
  m.set("title", translation_for(c.title, c, lang));
  m.set("base_url", c.base_url);
  m.set("base_path", c.base_path);
  m.set("default_language", c.default_language);
  ValueList langs;
  for (const auto& l : c.languages) langs.push_back(language_value(l, c));
  m.set("languages", Value(std::move(langs)));
  std::size_t li = site.lang_index(lang);
  m.set("params", li < c.params_by_lang.size() ? c.params_by_lang[li] : Value(ValueMap{}));
  m.set("generator", std::string("reel ") + REEL_VERSION);
  return Value(std::move(m));
}

/// Every facts file resolved for language `li`, nested by the segments of its id:
/// "books/emma" is `data.books.emma`.
Value data_tree(const FactsSet& facts, std::size_t li) {
  struct Node {
    std::map<std::string, Node> children;
    Value leaf;
  };
  Node root;
  for (const auto& [id, f] : facts) {
    Node* n = &root;
    for (std::string_view part : split(id, '/')) n = &n->children[std::string(part)];
    n->leaf = li < f.by_lang.size() ? f.by_lang[li] : Value();
  }
  std::function<Value(const Node&)> to_value = [&](const Node& n) -> Value {
    if (n.children.empty()) return n.leaf;
    ValueMap m;
    for (const auto& [k, child] : n.children) m.set(k, to_value(child));
    return Value(std::move(m));
  };
  return to_value(root);
}

Value alternate_value(const Site& site, const Page& p, bool current) {
  const LanguageConfig* l = site.config.language(p.lang);
  ValueMap m;
  m.set("lang", p.lang);
  m.set("hreflang", p.lang);
  m.set("name", l ? l->name : p.lang);
  m.set("locale", l ? l->locale : p.lang);
  m.set("title", p.title);
  m.set("url", p.url);
  m.set("permalink", p.permalink);
  m.set("current", current);
  return Value(std::move(m));
}

const FactsFile* facts_file(const Site& site, const std::string& id) {
  auto it = site.facts->find(id);
  return it == site.facts->end() ? nullptr : &it->second;
}

}  // namespace

SiteView::SiteView(const Site& site, images::ImageCache* images)
    : site_(site),
      own_images_(images ? nullptr : std::make_unique<images::ImageCache>()),
      images_(images ? images : own_images_.get()) {
  const Config& c = site.config;
  summaries_.resize(site.pages.size());
  parallel_for(site.pages.size(), [&](std::size_t i) { summaries_[i] = make_summary(site.pages[i]); });
  ValueMap by_lang;
  std::vector<Value> data(c.languages.size());
  for (std::size_t li = 0; li < c.languages.size(); ++li) {
    data[li] = data_tree(*site.facts, li);
    by_lang.set(c.languages[li].code, data[li]);
  }
  data_by_lang_ = Value(std::move(by_lang));
  for (std::size_t li = 0; li < c.languages.size(); ++li) {
    const LanguageConfig& l = c.languages[li];
    const Locale& locale = site.locales[li];
    ValueMap ctx;
    ctx.set("site", site_value(site, l.code));
    ctx.set("lang", l.code);
    ctx.set("locale", locale.tag());
    ctx.set("og_locale", locale.og_locale());
    ctx.set("language", language_value(l, c));
    ctx.set("t", locale.strings());
    ctx.set("data", data[li]);
    ValueList pages;
    pages.reserve(site.pages_by_lang[li].size());
    for (std::size_t i : site.pages_by_lang[li]) pages.push_back(summaries_[i]);
    ctx.set("pages", Value(std::move(pages)));
    ValueMap menus;
    for (const auto& [name, items] : c.menus) {
      ValueList list;
      for (const MenuItemConfig& item : items) {
        ValueMap m;
        if (!item.page.empty()) {
          const Page* p = site.find(item.page, l.code);
          if (!p) continue;  // check_site reports it
          m.set("name", item.name.is_undefined() || item.name.is_none() ? Value(p->title) : translation_for(item.name, c, l.code));
          m.set("url", p->url);
          m.set("id", p->id);
        } else {
          m.set("name", translation_for(item.name, c, l.code));
          m.set("url", item.url.front() == '/' ? c.base_path + item.url.substr(1) : item.url);
          m.set("id", Value());
        }
        list.push_back(Value(std::move(m)));
      }
      menus.set(name, Value(std::move(list)));
    }
    ctx.set("menus", Value(std::move(menus)));
    ValueMap taxonomies;
    for (const auto& t : c.taxonomies) taxonomies.set(t.name, taxonomy_value(t.name, li));
    ctx.set("taxonomies", Value(std::move(taxonomies)));
    // Non-owning: the view outlives every render that sees it.
    ctx.set("_reel", Value(std::shared_ptr<Object>(std::shared_ptr<Object>(), this)));
    languages_.push_back(std::move(ctx));
  }
}

SiteView::~SiteView() = default;

Value SiteView::make_summary(const Page& page) const {
  ValueMap p;
  p.set("id", page.id);
  p.set("lang", page.lang);
  p.set("kind", std::string(page_kind_name(page.kind)));
  p.set("title", page.title);
  p.set("description", page.description);
  p.set("date", page.date.empty() ? Value() : Value(page.date));
  p.set("layout", page.layout);
  p.set("order", page.order);
  p.set("url", page.url);
  p.set("rel_url", page.rel_url);
  p.set("permalink", page.permalink);
  p.set("source", page.source);
  const ProseFile* prose = site_.prose_of(page);
  p.set("params", prose ? prose->front_matter : Value(ValueMap{}));
  Value facts;
  if (!page.facts.empty()) {
    if (const FactsFile* f = facts_file(site_, page.facts.front().second)) facts = f->by_lang[site_.lang_index(page.lang)];
  }
  p.set("facts", facts);
  if (page.kind == PageKind::kTerm) p.set("term", page.term);
  return Value(std::move(p));
}

Value SiteView::taxonomy_value(const std::string& name, std::size_t li) const {
  const Page* index = site_.find(name, site_.config.languages[li].code);
  ValueMap m;
  m.set("name", name);
  m.set("title", index ? Value(index->title) : Value(name));
  m.set("url", index ? Value(index->url) : Value());
  ValueList terms;
  if (index) {
    for (std::size_t t : index->terms) {
      const Page& term = site_.pages[t];
      ValueMap tm;
      tm.set("name", term.term);
      tm.set("slug", term.term_slug);
      tm.set("url", term.url);
      tm.set("permalink", term.permalink);
      tm.set("count", static_cast<std::int64_t>(term.list ? term.list->pages.size() : 0));
      terms.push_back(Value(std::move(tm)));
    }
  }
  m.set("terms", Value(std::move(terms)));
  return Value(std::move(m));
}

Value SiteView::paginator(const Page& page) const {
  const PageList& list = *page.list;
  std::int64_t total = static_cast<std::int64_t>(list.pages.size());
  std::int64_t per = list.paginate_by > 0 ? list.paginate_by : std::max<std::int64_t>(total, 1);
  std::int64_t from = (page.pager - 1) * per;
  std::int64_t to = std::min(total, from + per);
  ValueList items;
  items.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, to - from)));
  for (std::int64_t k = from; k < to; ++k) items.push_back(summaries_[list.pages[static_cast<std::size_t>(k)]]);
  const std::vector<std::string> own{page.url};
  const std::vector<std::string>& urls = page.pager_urls ? *page.pager_urls : own;
  ValueList pagers;
  for (std::size_t k = 0; k < urls.size(); ++k) {
    pagers.push_back(Value(ValueMap{{"index", static_cast<std::int64_t>(k + 1)},
                                    {"url", urls[k]},
                                    {"current", static_cast<std::int64_t>(k + 1) == page.pager}}));
  }
  ValueMap m;
  m.set("pages", Value(std::move(items)));
  m.set("paginate_by", per);
  m.set("current_index", page.pager);
  m.set("number_pagers", page.pager_count);
  m.set("total_pages", total);
  m.set("first", urls.front());
  m.set("last", urls.back());
  m.set("previous", page.pager > 1 ? Value(urls[static_cast<std::size_t>(page.pager - 2)]) : Value());
  m.set("next", page.pager < page.pager_count ? Value(urls[static_cast<std::size_t>(page.pager)]) : Value());
  m.set("pagers", Value(std::move(pagers)));
  return Value(std::move(m));
}

Value SiteView::page_context(std::size_t i) const {
  const Page& page = site_.pages[i];
  const Config& c = site_.config;
  std::size_t li = site_.lang_index(page.lang);
  ValueMap p = summaries_[i].as_map();
  const ProseFile* prose = site_.prose_of(page);
  p.set("content", Value::markup(prose ? std::string(prose->html()) : std::string()));
  ValueList toc;
  if (prose) {
    for (const auto& h : prose->prose.headings) {
      toc.push_back(Value(ValueMap{{"level", h.level}, {"id", h.id}, {"text", h.text}}));
    }
  }
  p.set("toc", Value(std::move(toc)));
  // Alternates in language order, the page itself included; x-default is the default
  // language's version.
  ValueList alternates;
  ValueList translations;
  std::string x_default = page.lang == c.default_language ? page.permalink : "";
  for (const auto& lang : c.languages) {
    if (lang.code == page.lang) {
      alternates.push_back(alternate_value(site_, page, true));
      continue;
    }
    for (std::size_t t : page.translations) {
      const Page& other = site_.pages[t];
      if (other.lang != lang.code) continue;
      alternates.push_back(alternate_value(site_, other, false));
      translations.push_back(alternate_value(site_, other, false));
      if (other.lang == c.default_language) x_default = other.permalink;
    }
  }
  p.set("alternates", Value(std::move(alternates)));
  p.set("translations", Value(std::move(translations)));
  p.set("x_default", x_default.empty() ? page.permalink : x_default);
  if (!page.facts.empty()) {
    ValueMap by_lang;
    if (const FactsFile* f = facts_file(site_, page.facts.front().second)) {
      for (std::size_t l = 0; l < c.languages.size(); ++l) by_lang.set(c.languages[l].code, f->by_lang[l]);
    }
    p.set("facts_by_lang", Value(std::move(by_lang)));
  }
  if (page.pager > 1) p.set("pager", page.pager);

  ValueMap ctx = languages_[li];
  ctx.set("page", Value(std::move(p)));
  for (const auto& [name, id] : page.facts) {
    if (const FactsFile* f = facts_file(site_, id)) ctx.set(name, f->by_lang[li]);
  }
  if (page.list) ctx.set("paginator", paginator(page));
  if (page.kind == PageKind::kTerm) {
    ctx.set("term", Value(ValueMap{{"name", page.term}, {"slug", page.term_slug}, {"url", page.url}}));
  }
  if (page.kind == PageKind::kTerm || page.kind == PageKind::kTaxonomy) {
    ctx.set("taxonomy", languages_[li].find("taxonomies")->get(page.taxonomy));
  }
  return Value(std::move(ctx));
}

const SiteView::Citations& SiteView::citations(const std::string& facts_id, std::size_t li, const std::string& label) const {
  std::string key = facts_id + '\0' + std::to_string(li) + '\0' + label;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = citations_.find(key);
  if (it != citations_.end()) return it->second;
  Citations index;
  const FactsFile* f = facts_file(site_, facts_id);
  std::string field = f && f->schema ? f->schema->bibliography_field() : std::string();
  Value bibliography = f && !field.empty() ? f->by_lang[li].get(field) : Value();
  if (bibliography.is_list()) {
    const ValueList& sources = bibliography.as_list();
    for (std::size_t i = 0; i < sources.size(); ++i) {
      Value id = sources[i].get("id");
      if (!id.is_string()) continue;
      Value publisher = sources[i].get("publisher");
      Value title = sources[i].get("title");
      std::string name = publisher.is_string() ? publisher.as_string() : id.as_string();
      if (title.is_string()) name += ", " + title.as_string();
      std::string n = std::to_string(i + 1);
      index.emplace(id.as_string(), Citation{i + 1, "<a href=\"#source-" + escape_html(id.as_string()) + "\" aria-label=\"" +
                                                         escape_html((label.empty() ? "" : label + " ") + n + ": " + name) + "\">" +
                                                         n + "</a>"});
    }
  }
  return citations_.emplace(std::move(key), std::move(index)).first->second;
}

}  // namespace reel
