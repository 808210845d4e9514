#include "render/render.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "base/parallel.h"
#include "base/text.h"
#include "template/printer.h"

namespace reel {

namespace {


std::string_view lang_of(const tpl::Context& ctx, const Site& site) {
  Value lang = ctx.lookup("lang");
  return lang.is_string() ? std::string_view(lang.as_string()) : std::string_view(site.config.default_language);
}

const Value& arg(const CallArgs& args, std::size_t i, std::string_view name, const Value& fallback) {
  if (i < args.positional.size()) return args.positional[i];
  for (const auto& [k, v] : args.keyword) {
    if (k == name) return v;
  }
  return fallback;
}

double number_of(const Value& v, const char* filter) {
  if (v.is_number()) return v.as_double();
  if (v.is_string()) {
    try {
      std::size_t used = 0;
      double d = std::stod(v.as_string(), &used);
      if (used == v.as_string().size()) return d;
    } catch (...) {
    }
  }
  throw Error(SourcePos{}, std::string("filter `") + filter + "` expects a number, got " +
                               std::string(v.type_name()) + (v.is_string() ? " `" + v.as_string() + "`" : ""));
}

/// The URL path of `path` below the site root, without a leading '/'.
std::string site_path(const Value& v) {
  std::string p = v.is_string() ? v.as_string() : std::string();
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  return p;
}

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

Value site_value(const Site& site, std::string_view lang) {
  const Config& c = site.config;
  ValueMap m;
  m.set("title", localize(c.title, lang, c.default_language, c.language_codes()));
  m.set("base_url", c.base_url);
  m.set("base_path", c.base_path);
  m.set("default_language", c.default_language);
  ValueList langs;
  for (const auto& l : c.languages) langs.push_back(language_value(l, c));
  m.set("languages", Value(std::move(langs)));
  m.set("params", localize(c.params, lang, c.default_language, c.language_codes()));
  m.set("generator", std::string("reel ") + REEL_VERSION);
  return Value(std::move(m));
}


/// The number formats that the filters of the same names and fact() share.
using NumberFormat = std::string (*)(const Locale&, double);
const std::vector<std::pair<std::string, NumberFormat>>& number_formats() {
  static const std::vector<std::pair<std::string, NumberFormat>> kFormats{
      {"number", [](const Locale& l, double n) { return l.format_number(n); }},
      {"compact", [](const Locale& l, double n) { return l.format_compact(n); }},
      {"minutes", [](const Locale& l, double n) { return l.format_minutes(n); }},
      {"percent", [](const Locale& l, double n) { return l.format_percent(n); }},
      {"ordinal", [](const Locale& l, double n) { return l.format_ordinal(static_cast<std::int64_t>(n)); }},
  };
  return kFormats;
}

/// The link of each source of a bibliography, made once per (bibliography, label) and
/// shared by every page and thread: the bibliography lists are the same Values for the
/// whole build, so their address identifies them.
class CitationLinks {
 public:
  struct Link {
    std::size_t number;  // 1-based place in the bibliography
    std::string html;    // <a href="#source-ID" aria-label="Source N: Publisher, Title">N</a>
  };
  using Index = std::unordered_map<std::string, Link>;

  const Index& index(const ValueList& bibliography, const std::string& label) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto key = std::make_pair(static_cast<const void*>(&bibliography), label);
    auto it = indices_.find(key);
    if (it != indices_.end()) return it->second;
    Index index;
    for (std::size_t i = 0; i < bibliography.size(); ++i) {
      const Value& source = bibliography[i];
      Value id = source.get("id");
      if (!id.is_string()) continue;
      Value publisher = source.get("publisher");
      Value title = source.get("title");
      std::string name = publisher.is_string() ? publisher.as_string() : id.as_string();
      if (title.is_string()) name += ", " + title.as_string();
      std::string n = std::to_string(i + 1);
      index.emplace(id.as_string(), Link{i + 1, "<a href=\"#source-" + escape_html(id.as_string()) + "\" aria-label=\"" +
                                                     escape_html((label.empty() ? "" : label + " ") + n + ": " + name) + "\">" + n + "</a>"});
    }
    return indices_.emplace(std::move(key), std::move(index)).first->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::pair<const void*, std::string>, Index> indices_;
};

/// `<sup class="cite">[<a href="#source-imdb">3</a>]</sup>` for the sources of `fact` (a
/// map with `sources`, or a list of source ids), numbered by their place in the page's
/// `film.sources` — the same numbers as the Sources list, on every page and in every
/// language — and in ascending order.
std::string citation_markup(CitationLinks& links, const Value& fact, const tpl::Context& ctx) {
  const Value ids = fact.is_map() ? fact.get("sources") : fact;
  if (!ids.is_list() || ids.as_list().empty()) return {};
  Value bibliography = ctx.lookup("film").get("sources");
  if (!bibliography.is_list()) throw Error(SourcePos{}, "citations need the page's film to have a `sources` list");
  Value label = ctx.lookup("t").get("source");
  const CitationLinks::Index& index = links.index(bibliography.as_list(), label.is_string() ? label.as_string() : "");
  std::vector<const CitationLinks::Link*> cited;
  for (const Value& id : ids.as_list()) {
    auto it = id.is_string() ? index.find(id.as_string()) : index.end();
    if (it == index.end()) {
      throw Error(SourcePos{}, "cited source `" + (id.is_string() ? id.as_string() : "?") + "` is not in film.sources");
    }
    cited.push_back(&it->second);
  }
  std::sort(cited.begin(), cited.end(), [](const auto* a, const auto* b) { return a->number < b->number; });
  std::string out = "<sup class=\"cite\">[";
  for (std::size_t k = 0; k < cited.size(); ++k) {
    if (k) out += ", ";
    out += cited[k]->html;
  }
  out += "]</sup>";
  return out;
}

/// `fact(path, format)`: the fact at the dotted `path` of the page's film, formatted for
/// the page's language, followed by its citation. The citation comes from the innermost
/// map on the path that has `sources` (the film's own `identity_sources` for its
/// top-level facts); `money` formats use the innermost `currency` on the path.
std::string fact_markup(const Site& site, CitationLinks& links, const CallArgs& args, const tpl::Context& ctx) {
  static const Value kNone;
  const Value& path_v = arg(args, 0, "path", kNone);
  const Value& format_v = arg(args, 1, "format", kNone);
  if (!path_v.is_string()) throw Error(SourcePos{}, "fact() takes a dotted path: fact('box_office.worldwide.amount', 'money')");
  Value film = ctx.lookup("film");
  if (!film.is_map()) throw Error(SourcePos{}, "fact() needs a page bound to a facts file", "add `facts: films/NAME` to the front matter");
  const std::string& path = path_v.as_string();
  Value node = film;
  Value cited = film.get("identity_sources");
  Value currency;
  std::size_t start = 0;
  std::string walked;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    Value next;
    if (node.is_list()) {
      std::size_t i = 0;
      bool digits = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
      if (digits) i = std::stoul(key);
      if (!digits || i >= node.as_list().size()) {
        throw Error(SourcePos{}, "fact `" + path + "`: `" + walked + "` is a list of " +
                                     std::to_string(node.as_list().size()) + " items; `" + key + "` is not an index in it");
      }
      next = node.as_list()[i];
    } else {
      next = node.get(key);
      if (next.is_undefined()) {
        std::vector<std::string> keys;
        if (node.is_map()) {
          for (const auto& [k, v] : node.as_map()) keys.push_back(k);
        }
        throw Error(SourcePos{}, "no fact `" + path + "`: " + (walked.empty() ? "the film" : "`" + walked + "`") +
                                     " has no `" + key + "`",
                    suggestion_hint(key, keys));
      }
    }
    walked += (walked.empty() ? "" : ".") + key;
    node = next;
    if (node.is_map()) {
      if (node.get("sources").is_list()) cited = node.get("sources");
      if (node.get("currency").is_string()) currency = node.get("currency");
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  const Locale& locale = site.locale(lang_of(ctx, site));
  std::string format = format_v.is_string() ? format_v.as_string() : "";
  std::string cur = currency.is_string() ? currency.as_string() : "USD";
  std::string text;
  if (format.empty()) {
    if (node.is_string()) text = node.as_string();
    else if (node.is_int()) text = std::to_string(node.as_int());
    else if (node.is_number()) text = locale.format_number(node.as_double());
    else throw Error(SourcePos{}, "fact `" + path + "` is a " + std::string(node.type_name()) + ", not a value to show",
                     "point the path at a single value, e.g. `" + path + ".amount`");
  } else if (format == "date") {
    if (!node.is_string()) throw Error(SourcePos{}, "fact `" + path + "` is not a date");
    text = locale.format_date(node.as_string());
  } else if (format == "money" || format == "money_words") {
    double n = number_of(node, format.c_str());
    text = format == "money" ? locale.format_money(n, cur) : locale.format_money_words(n, cur);
  } else {
    const auto& formats = number_formats();
    auto it = std::find_if(formats.begin(), formats.end(), [&](const auto& f) { return f.first == format; });
    if (it == formats.end()) {
      std::vector<std::string> names{"date", "money", "money_words"};
      for (const auto& f : formats) names.push_back(f.first);
      throw Error(SourcePos{}, "unknown fact format `" + format + "`",
                  suggestion_hint(format, names, "use date, money, money_words, number, compact, minutes, percent or ordinal"));
    }
    text = it->second(locale, number_of(node, format.c_str()));
  }
  // Machine-readable values, so that readers' tools (and our tests) can compare the
  // languages: <time datetime> for dates, <data value> for numbers.
  std::string shown = escape_html(text);
  if (format == "date") {
    shown = "<time datetime=\"" + escape_html(node.as_string()) + "\">" + shown + "</time>";
  } else if (node.is_number()) {
    std::string value = node.is_int() ? std::to_string(node.as_int()) : tpl::format_double(node.as_double());
    shown = "<data value=\"" + value + "\">" + shown + "</data>";
  }
  return shown + citation_markup(links, cited, ctx);
}

/// The page's prose with each shortcode's output in place of its token. Errors point
/// at the shortcode in the prose file.
std::string expand_shortcodes(const Page& page, const tpl::Environment& env, const Value& ctx) {
  std::string html = page.prose.html;
  for (std::size_t i = 0; i < page.shortcodes.size(); ++i) {
    const Shortcode& sc = page.shortcodes[i];
    std::string out;
    try {
      out = env.render_string(sc.source, ctx, page.source + ".html");
    } catch (const Error& e) {
      Diagnostic d = e.diagnostic();
      std::uint32_t line = d.pos.line == 0 ? 1 : d.pos.line;
      d.pos = SourcePos{page.source, sc.line + line - 1, line == 1 ? sc.column + (d.pos.column ? d.pos.column - 1 : 0) : d.pos.column};
      d.source_line = line == 1 ? sc.line_text : std::string();
      d.notes.erase(std::remove_if(d.notes.begin(), d.notes.end(),
                                   [](const std::string& n) { return n.find("templates/") != std::string::npos; }),
                    d.notes.end());
      throw Error(std::move(d));
    }
    std::string token = shortcode_token(i);
    std::size_t at = html.find(token);
    if (at != std::string::npos) html.replace(at, token.size(), out);
  }
  return html;
}

/// `ctx` with `page.content` replaced (maps are shared, so this copies only two levels).
Value with_content(const Value& ctx, std::string html) {
  ValueMap page = ctx.get("page").as_map();
  page.set("content", Value::markup(std::move(html)));
  ValueMap out = ctx.as_map();
  out.set("page", Value(std::move(page)));
  return Value(std::move(out));
}

/// What every template sees of language `li` (its index in the config): site, lang,
/// locale, og_locale, language, t, and that language's `data`.
ValueMap language_context(const Site& site, std::size_t li, const Value& data) {
  const LanguageConfig& l = site.config.languages[li];
  const Locale& locale = site.locale(l.code);
  ValueMap ctx;
  ctx.set("site", site_value(site, l.code));
  ctx.set("lang", l.code);
  ctx.set("locale", locale.tag());
  ctx.set("og_locale", locale.og_locale());
  ctx.set("language", language_value(l, site.config));
  ctx.set("t", locale.strings());
  ctx.set("data", data);
  return ctx;
}

/// The facts file `id` ("films/x") inside a `data` tree.
Value facts_at(const Value& data, const std::string& id) {
  Value node = data;
  std::size_t start = 0;
  while (node.is_map()) {
    std::size_t slash = id.find('/', start);
    node = node.get(id.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return node;
}

}  // namespace

void register_site_filters(tpl::Environment& env, const Site& site) {
  const Site* s = &site;
  env.add_filter("date", [s](const Value& in, const CallArgs&, const tpl::Context& ctx) -> Value {
    if (!in.is_string()) throw Error(SourcePos{}, "filter `date` expects an ISO date string such as \"2010-09-15\"");
    return Value(s->locale(lang_of(ctx, *s)).format_date(in.as_string()));
  });
  env.add_filter("money", [s](const Value& in, const CallArgs& args, const tpl::Context& ctx) -> Value {
    static const Value kUsd("USD");
    static const Value kNo(false);
    const Value& cur = arg(args, 0, "currency", kUsd);
    std::string code = cur.is_string() ? cur.as_string() : "USD";
    const Locale& locale = s->locale(lang_of(ctx, *s));
    double amount = number_of(in, "money");
    return Value(arg(args, 1, "words", kNo).truthy() ? locale.format_money_words(amount, code)
                                                      : locale.format_money(amount, code));
  });
  for (const auto& [name, format] : number_formats()) {
    env.add_filter(name, [s, name = name, format = format](const Value& in, const CallArgs&, const tpl::Context& ctx) -> Value {
      return Value(format(s->locale(lang_of(ctx, *s)), number_of(in, name.c_str())));
    });
  }
  env.add_function("tr", [s](const CallArgs& args, const tpl::Context& ctx) -> Value {
    if (args.positional.size() != 1 || !args.positional[0].is_string()) {
      throw Error(SourcePos{}, "tr() takes the name of a UI string, then named values: tr('wins', count=8)");
    }
    const std::string& key = args.positional[0].as_string();
    std::string_view lang = lang_of(ctx, *s);
    const Locale& locale = s->locale(lang);
    Value pattern = locale.strings().get(key);
    if (!pattern.is_string()) {
      std::vector<std::string> keys;
      if (locale.strings().is_map()) {
        for (const auto& [k, v] : locale.strings().as_map()) keys.push_back(k);
      }
      throw Error(SourcePos{}, "no UI string `" + key + "` in language `" + std::string(lang) + "`",
                  suggestion_hint(key, keys, "add it under languages." + std::string(lang) + ".strings in site.yaml"));
    }
    return Value(locale.format_message(pattern.as_string(), args.keyword));
  });
  auto links = std::make_shared<CitationLinks>();
  env.add_filter("cite", [links](const Value& in, const CallArgs&, const tpl::Context& ctx) -> Value {
    return Value::markup(citation_markup(*links, in, ctx));
  });
  env.add_function("foreign", [](const CallArgs& args, const tpl::Context&) -> Value {
    static const Value kNone;
    const Value& text = arg(args, 0, "text", kNone);
    const Value& code = arg(args, 1, "lang", kNone);
    if (!text.is_string() || !code.is_string()) {
      throw Error(SourcePos{}, "foreign() takes a phrase and its language: foreign('Never Let Me Go', 'en')");
    }
    std::string escaped = text.is_markup() ? text.as_string() : escape_html(text.as_string());
    return Value::markup("<span lang=\"" + escape_html(code.as_string()) + "\">" + escaped + "</span>");
  });
  env.add_function("fact", [s, links](const CallArgs& args, const tpl::Context& ctx) -> Value {
    return Value::markup(fact_markup(*s, *links, args, ctx));
  });
  env.add_filter("relative_url", [s](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    return Value(s->config.base_path + site_path(in));
  });
  env.add_filter("absolute_url", [s](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    return Value(s->config.base_url + site_path(in));
  });
}

Value site_data(const Site& site, std::string_view lang) {
  const Config& c = site.config;
  // Build nested maps bottom-up through a simple tree of ValueMaps.
  struct Node {
    std::map<std::string, Node> children;
    Value leaf;
  };
  Node root;
  for (const auto& [id, f] : site.facts) {
    Node* n = &root;
    std::size_t start = 0;
    while (true) {
      std::size_t slash = id.find('/', start);
      n = &n->children[id.substr(start, slash == std::string::npos ? std::string::npos : slash - start)];
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    n->leaf = localize(f.data, lang, c.default_language, c.language_codes());
  }
  std::function<Value(const Node&)> to_value = [&](const Node& n) -> Value {
    if (n.children.empty()) return n.leaf;
    ValueMap m;
    for (const auto& [k, child] : n.children) m.set(k, to_value(child));
    return Value(std::move(m));
  };
  return to_value(root);
}

Value page_context(const Site& site, const Page& page, const std::vector<Value>& data_by_lang) {
  const Config& c = site.config;
  std::size_t li = 0;
  while (li < c.languages.size() && c.languages[li].code != page.lang) ++li;
  const Value& data = data_by_lang[li];

  ValueMap p;
  p.set("id", page.id);
  p.set("lang", page.lang);
  p.set("title", page.title);
  p.set("description", page.description);
  p.set("layout", page.layout);
  p.set("order", page.order);
  p.set("url", page.url);
  p.set("rel_url", page.rel_url);
  p.set("permalink", page.permalink);
  p.set("source", page.source);
  p.set("content", Value::markup(page.prose.html));
  ValueList toc;
  for (const auto& h : page.prose.headings) {
    toc.push_back(Value(ValueMap{{"level", h.level}, {"id", h.id}, {"text", h.text}}));
  }
  p.set("toc", Value(std::move(toc)));
  p.set("params", page.front_matter);
  // Alternates in language order, the page itself included; x-default is the default
  // language's version.
  ValueList alternates;
  ValueList translations;
  std::string x_default = page.lang == c.default_language ? page.permalink : "";
  for (const auto& lang : c.languages) {
    if (lang.code == page.lang) {
      alternates.push_back(alternate_value(site, page, true));
      continue;
    }
    for (std::size_t t : page.translations) {
      const Page& other = site.pages[t];
      if (other.lang != lang.code) continue;
      alternates.push_back(alternate_value(site, other, false));
      translations.push_back(alternate_value(site, other, false));
      if (other.lang == c.default_language) x_default = other.permalink;
    }
  }
  p.set("alternates", Value(std::move(alternates)));
  p.set("translations", Value(std::move(translations)));
  p.set("x_default", x_default.empty() ? page.permalink : x_default);

  ValueList pages;
  for (const auto& other : site.pages) {
    if (other.lang != page.lang) continue;
    pages.push_back(Value(ValueMap{{"id", other.id}, {"title", other.title}, {"url", other.url},
                                   {"description", other.description}, {"order", other.order},
                                   {"current", &other == &page}}));
  }

  ValueMap ctx = language_context(site, li, data);
  ctx.set("page", Value(std::move(p)));
  ctx.set("pages", Value(std::move(pages)));
  if (!page.facts_id.empty()) {
    // The page's film in its language, and in every language (for alternate titles).
    ValueMap by_lang;
    for (std::size_t l = 0; l < c.languages.size(); ++l) by_lang.set(c.languages[l].code, facts_at(data_by_lang[l], page.facts_id));
    ctx.set("film", facts_at(data, page.facts_id));
    ctx.set("film_translations", Value(std::move(by_lang)));
  }
  return Value(std::move(ctx));
}

std::string render_sitemap(const Site& site) {
  const Config& c = site.config;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  for (const Page& page : site.pages) {
    out += "  <url>\n    <loc>" + escape_html(page.permalink) + "</loc>\n";
    std::vector<const Page*> versions{&page};
    for (std::size_t t : page.translations) versions.push_back(&site.pages[t]);
    const Page* x_default = nullptr;
    for (const auto& lang : c.languages) {
      for (const Page* v : versions) {
        if (v->lang != lang.code) continue;
        out += "    <xhtml:link rel=\"alternate\" hreflang=\"" + lang.code + "\" href=\"" + escape_html(v->permalink) + "\"/>\n";
        if (lang.code == c.default_language) x_default = v;
      }
    }
    if (!x_default) x_default = &page;
    out += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"" + escape_html(x_default->permalink) + "\"/>\n";
    out += "  </url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::vector<Value> site_data_by_language(const Site& site) {
  std::vector<Value> out;
  for (const auto& lang : site.config.languages) out.push_back(site_data(site, lang.code));
  return out;
}

void render_pages(const Site& site, const tpl::Environment& env, const std::vector<Value>& data_by_lang,
                  const std::vector<std::size_t>& which, OutputSet& out, Diagnostics& diags) {
  struct Result {
    std::string bytes;
    std::optional<Diagnostic> error;
  };
  std::vector<Result> results(which.size());
  parallel_for(which.size(), [&](std::size_t k) {
    const Page& page = site.pages[which[k]];
    std::string layout = "layouts/" + page.layout + ".html";
    try {
      if (!env.has_template(layout)) {
        std::vector<std::string> layouts;
        for (const auto& n : env.template_names()) {
          if (n.rfind("layouts/", 0) == 0) layouts.push_back(n.substr(8, n.size() - 8 - 5));
        }
        throw Error(SourcePos{page.source}, "page asks for layout `" + page.layout + "`, but there is no templates/" + layout,
                    suggestion_hint(page.layout, layouts, "set `layout:` in the front matter to one of the files in templates/layouts/"));
      }
      Value ctx = page_context(site, page, data_by_lang);
      if (!page.shortcodes.empty()) ctx = with_content(ctx, expand_shortcodes(page, env, ctx));
      results[k].bytes = env.render(layout, ctx);
    } catch (const Error& e) {
      Diagnostic d = e.diagnostic();
      d.notes.push_back("while rendering " + page.source + " with templates/" + layout);
      results[k].error = std::move(d);
    }
  });
  for (std::size_t k = 0; k < results.size(); ++k) {
    if (results[k].error) diags.add(std::move(*results[k].error));
    else out.insert_or_assign(site.pages[which[k]].output_path, std::move(results[k].bytes));
  }
}

void render_root_files(const Site& site, const tpl::Environment& env, const std::vector<Value>& data_by_lang, OutputSet& out,
                       Diagnostics& diags) {
  const Config& c = site.config;
  // Root templates see the default language's context plus every language's data (the
  // default language comes first in the config).
  ValueMap by_lang;
  for (std::size_t l = 0; l < c.languages.size(); ++l) by_lang.set(c.languages[l].code, data_by_lang[l]);
  ValueMap map = language_context(site, 0, data_by_lang.front());
  map.set("data_by_lang", Value(std::move(by_lang)));
  const Value ctx(std::move(map));
  for (const std::string& name : kRootTemplates) {
    if (!env.has_template(name)) {
      out.erase(name);
      continue;
    }
    try {
      out[name] = env.render(name, ctx);
    } catch (const Error& e) {
      Diagnostic d = e.diagnostic();
      d.notes.push_back("while rendering templates/" + name);
      diags.add(std::move(d));
    }
  }
  if (!env.has_template("sitemap.xml")) out["sitemap.xml"] = render_sitemap(site);
}

OutputSet render_site(const Site& site, const tpl::Environment& env, Diagnostics& diags) {
  std::vector<std::size_t> all(site.pages.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  std::vector<Value> data_by_lang = site_data_by_language(site);
  OutputSet out;
  render_pages(site, env, data_by_lang, all, out, diags);
  render_root_files(site, env, data_by_lang, out, diags);
  return out;
}

}  // namespace reel
