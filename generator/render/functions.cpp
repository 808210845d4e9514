#include "render/functions.h"

#include <algorithm>
#include <optional>

#include "base/text.h"
#include "render/image_functions.h"
#include "render/view.h"
#include "template/printer.h"

namespace reel {

namespace {

/// The SiteView of the render, or an error when a template renders outside a site build
/// (`reel render`).
const SiteView& view_of(const tpl::Context& ctx, std::string_view what) {
  Value v = ctx.lookup("_reel");
  if (v.is_object()) {
    if (const auto* view = dynamic_cast<const SiteView*>(v.as_object().get())) return *view;
  }
  throw Error(SourcePos{}, std::string(what) + " works only while reel builds a site");
}

std::size_t lang_index_of(const tpl::Context& ctx, const SiteView& view) {
  Value lang = ctx.lookup("lang");
  return lang.is_string() ? view.site().lang_index(lang.as_string()) : 0;
}

const Locale& locale_of(const tpl::Context& ctx, const SiteView& view) {
  return view.site().locales[lang_index_of(ctx, view)];
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
  throw Error(SourcePos{}, std::string("filter `") + filter + "` expects a number, got " + std::string(v.type_name()) +
                               (v.is_string() ? " `" + v.as_string() + "`" : ""));
}

/// The URL path of `path` below the site root, without a leading '/'; a path that
/// already starts with the base path (a page's `url`) loses it, so it is never doubled.
std::string site_path(const Value& v, const Config& c) {
  std::string p = v.is_string() ? v.as_string() : std::string();
  if (c.base_path.size() > 1 && p.starts_with(c.base_path)) p.erase(0, c.base_path.size());
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  return p;
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

/// The grammatical gender argument of `ordinal` and of fact(…, 'ordinal'): "" when it
/// is not given (or none), else its text; anything else is an error.
std::string gender_of(const Value& v, std::string_view where) {
  if (v.is_none()) return {};
  if (!v.is_string()) {
    std::string genders;
    for (const std::string& g : Locale::grammatical_genders()) genders += (genders.empty() ? "" : ", ") + g;
    throw Error(SourcePos{}, std::string(where) + " takes a grammatical gender as text, got " + std::string(v.type_name()),
                "e.g. {{ 63 | ordinal('feminine') }}; one of " + genders);
  }
  return v.as_string();
}

/// The page being rendered, from its `page.id` and `lang`.
const Page* current_page(const tpl::Context& ctx, const SiteView& view) {
  Value id = ctx.lookup("page").get("id");
  Value lang = ctx.lookup("lang");
  if (!id.is_string() || !lang.is_string()) return nullptr;
  return view.site().find(id.as_string(), lang.as_string());
}

/// The facts file a page cites from: its first bound facts.
const FactsFile* page_facts(const tpl::Context& ctx, const SiteView& view) {
  const Page* page = current_page(ctx, view);
  if (!page || page->facts.empty()) return nullptr;
  auto it = view.site().facts->find(page->facts.front().second);
  return it == view.site().facts->end() ? nullptr : &it->second;
}

/// `<sup class="cite">[<a href="#source-x">3</a>]</sup>` for the sources of `fact` (a
/// map with the list of source ids under `sources_field`, or a list of source ids),
/// numbered by their place in the page's bibliography (the same numbers as its list of
/// sources, in every language), in ascending order.
std::string citation_markup(const Value& fact, const std::string& sources_field, const tpl::Context& ctx) {
  const Value ids = fact.is_map() ? fact.get(sources_field) : fact;
  if (!ids.is_list() || ids.as_list().empty()) return {};
  const SiteView& view = view_of(ctx, "cite");
  const FactsFile* f = page_facts(ctx, view);
  if (!f || !f->schema || f->schema->bibliography_field().empty()) {
    throw Error(SourcePos{}, "citations need the page's facts to have a bibliography",
                "name it in the schema with `citations: FIELD`, and bind the page to its facts with `facts:`");
  }
  Value label = ctx.lookup("t").get("source");
  const SiteView::Citations& index =
      view.citations(f->id, lang_index_of(ctx, view), label.is_string() ? label.as_string() : std::string());
  std::vector<const SiteView::Citation*> cited;
  for (const Value& id : ids.as_list()) {
    auto it = id.is_string() ? index.find(id.as_string()) : index.end();
    if (it == index.end()) {
      throw Error(SourcePos{}, "cited source `" + (id.is_string() ? id.as_string() : "?") + "` is not in the page's `" +
                                   f->schema->bibliography_field() + "`");
    }
    cited.push_back(&it->second);
  }
  std::sort(cited.begin(), cited.end(), [](const auto* a, const auto* b) { return a->number < b->number; });
  std::string out = "<sup class=\"cite\">[";
  for (std::size_t k = 0; k < cited.size(); ++k) {
    if (k) out += ", ";
    out += cited[k]->html;
  }
  return out + "]</sup>";
}

/// `fact(path, format)`: the fact at the dotted `path` of the page's own facts,
/// formatted for the page's language, followed by its citation. The schema says where
/// each map keeps its sources (its type's `sources_field`) and which field is a
/// currency; the citation comes from the innermost map on the path that has sources,
/// and `money` formats use the innermost currency on the path.
std::string fact_markup(const CallArgs& args, const tpl::Context& ctx) {
  static const Value kNone;
  const Value& path_v = arg(args, 0, "path", kNone);
  const Value& format_v = arg(args, 1, "format", kNone);
  const Value& gender_v = arg(args, 2, "gender", kNone);
  if (!path_v.is_string()) throw Error(SourcePos{}, "fact() takes a dotted path: fact('budget.amount', 'money')");
  if (!gender_v.is_none() && !(format_v.is_string() && format_v.as_string() == "ordinal")) {
    throw Error(SourcePos{}, "fact(): a gender goes with the `ordinal` format only",
                "e.g. fact('release_dates.1.edition', 'ordinal', 'feminine')");
  }
  const SiteView& view = view_of(ctx, "fact()");
  const FactsFile* f = page_facts(ctx, view);
  if (!f) throw Error(SourcePos{}, "fact() needs a page bound to a facts file", "add `facts: FOLDER/NAME` to the front matter");
  std::size_t li = lang_index_of(ctx, view);
  const Schema* schema = f->schema.get();
  const TypeSpec* type = schema ? schema->type(schema->root()) : nullptr;
  const std::string& path = path_v.as_string();
  Value node = f->by_lang[li];
  Value cited;
  std::string cited_field;
  Value currency;
  std::string walked;
  // A map cites the sources its type names (a field of type source_ids); free-form
  // facts cite a `sources` list.
  auto note_map = [&](const Value& map, const TypeSpec* t) {
    std::string field = t ? t->sources_field : "sources";
    const FieldSpec* spec = t ? t->field(field) : nullptr;
    bool declared = !t || (spec && spec->type == "source_ids");
    if (declared && map.get(field).is_list()) {
      cited = map;
      cited_field = field;
    }
    if (t) {
      for (const FieldSpec& fs : t->fields) {
        if (fs.type == "currency" && map.get(fs.name).is_string()) currency = map.get(fs.name);
      }
    }
  };
  note_map(node, type);
  for (std::string_view key_view : split(path, '.')) {
    std::string key(key_view);
    Value next;
    const TypeSpec* next_type = nullptr;
    if (node.is_list()) {
      bool digits = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
      std::size_t i = digits && key.size() < 10 ? std::stoul(key) : 0;
      if (!digits || i >= node.as_list().size()) {
        throw Error(SourcePos{}, "fact `" + path + "`: `" + walked + "` is a list of " + std::to_string(node.as_list().size()) +
                                     " items; `" + key + "` is not an index in it");
      }
      next = node.as_list()[i];
      next_type = type;  // items of a list have the list field's type
    } else {
      next = node.get(key);
      if (next.is_undefined()) {
        std::vector<std::string> keys;
        if (node.is_map()) {
          for (const auto& [k, v] : node.as_map()) keys.push_back(k);
        }
        throw Error(SourcePos{}, "no fact `" + path + "`: " + (walked.empty() ? "the page's facts" : "`" + walked + "`") +
                                     " have no `" + key + "`",
                    suggestion_hint(key, keys));
      }
      const FieldSpec* field = type ? type->field(key) : nullptr;
      next_type = field && schema ? schema->type(field->type) : nullptr;
    }
    walked += (walked.empty() ? "" : ".") + key;
    node = next;
    type = next_type;
    if (node.is_map()) note_map(node, type);
  }
  const Locale& locale = view.site().locales[li];
  std::string format = format_v.is_string() ? format_v.as_string() : "";
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
    if (!currency.is_string()) {
      throw Error(SourcePos{}, "fact `" + path + "` has no currency on its path",
                  "give the map that holds the amount a field of type `currency` in the schema");
    }
    double n = number_of(node, format.c_str());
    text = format == "money" ? locale.format_money(n, currency.as_string()) : locale.format_money_words(n, currency.as_string());
  } else if (format == "ordinal") {
    text = locale.format_ordinal(static_cast<std::int64_t>(number_of(node, "ordinal")), gender_of(gender_v, "fact()"));
  } else {
    const auto& formats = number_formats();
    auto it = std::find_if(formats.begin(), formats.end(), [&](const auto& nf) { return nf.first == format; });
    if (it == formats.end()) {
      std::vector<std::string> names{"date", "money", "money_words"};
      for (const auto& nf : formats) names.push_back(nf.first);
      throw Error(SourcePos{}, "unknown fact format `" + format + "`",
                  suggestion_hint(format, names, "use date, money, money_words, number, compact, minutes, percent or ordinal"));
    }
    text = it->second(locale, number_of(node, format.c_str()));
  }
  // Machine-readable values, so that readers' tools (and tests) can compare the
  // languages: <time datetime> for dates, <data value> for numbers.
  std::string shown = escape_html(text);
  if (format == "date") {
    shown = "<time datetime=\"" + escape_html(node.as_string()) + "\">" + shown + "</time>";
  } else if (node.is_number()) {
    std::string value = node.is_int() ? std::to_string(node.as_int()) : tpl::format_double(node.as_double());
    shown = "<data value=\"" + value + "\">" + shown + "</data>";
  }
  return shown + (cited_field.empty() ? std::string() : citation_markup(cited, cited_field, ctx));
}

/// The page `id` in the language `lang` argument or the page's; errors name close ids.
const Page& page_by_id(const CallArgs& args, const tpl::Context& ctx, const char* fn) {
  static const Value kNone;
  const SiteView& view = view_of(ctx, fn);
  const Value& id = arg(args, 0, "id", kNone);
  const Value& lang_arg = arg(args, 1, "lang", kNone);
  if (!id.is_string()) throw Error(SourcePos{}, std::string(fn) + " takes a page id: " + fn + "('about'), " + fn + "('books/emma', lang='it')");
  Value lang = lang_arg.is_string() ? lang_arg : ctx.lookup("lang");
  std::string code = lang.is_string() ? lang.as_string() : view.site().config.default_language;
  std::string key = id.as_string();
  if (key.ends_with(".md")) key.resize(key.size() - 3);
  if (const Page* p = view.site().find(key, code)) return *p;
  std::vector<std::string> ids;
  for (std::size_t i : view.site().pages_by_lang[view.site().lang_index(code)]) ids.push_back(view.site().pages[i].id);
  throw Error(SourcePos{}, "no page `" + id.as_string() + "` in language `" + code + "`",
              suggestion_hint(key, ids, "page ids are paths below the language folder, or a facts id, without extension"));
}

}  // namespace

void register_site_functions(tpl::Environment& env) {
  env.add_filter("date", [](const Value& in, const CallArgs&, const tpl::Context& ctx) -> Value {
    if (!in.is_string()) throw Error(SourcePos{}, "filter `date` expects an ISO date string such as \"2010-09-15\"");
    return Value(locale_of(ctx, view_of(ctx, "date")).format_date(in.as_string()));
  });
  env.add_filter("money", [](const Value& in, const CallArgs& args, const tpl::Context& ctx) -> Value {
    static const Value kNone;
    static const Value kNo(false);
    const Value& cur = arg(args, 0, "currency", kNone);
    if (!cur.is_string()) {
      throw Error(SourcePos{}, "filter `money` needs an ISO 4217 currency code", "e.g. {{ amount | money('EUR') }}");
    }
    const Locale& locale = locale_of(ctx, view_of(ctx, "money"));
    double amount = number_of(in, "money");
    return Value(arg(args, 1, "words", kNo).truthy() ? locale.format_money_words(amount, cur.as_string())
                                                      : locale.format_money(amount, cur.as_string()));
  });
  for (const auto& [name, format] : number_formats()) {
    env.add_filter(name, [name = name, format = format](const Value& in, const CallArgs&, const tpl::Context& ctx) -> Value {
      return Value(format(locale_of(ctx, view_of(ctx, name)), number_of(in, name.c_str())));
    });
  }
  // `ordinal` takes the gender of the noun it goes with: 63 | ordinal('feminine').
  env.add_filter("ordinal", [](const Value& in, const CallArgs& args, const tpl::Context& ctx) -> Value {
    static const Value kNone;
    std::string gender = gender_of(arg(args, 0, "gender", kNone), "filter `ordinal`");
    return Value(locale_of(ctx, view_of(ctx, "ordinal"))
                     .format_ordinal(static_cast<std::int64_t>(number_of(in, "ordinal")), gender));
  });
  env.add_filter("currency_name", [](const Value& in, const CallArgs& args, const tpl::Context& ctx) -> Value {
    static const Value kNone;
    if (!in.is_string()) {
      throw Error(SourcePos{}, "filter `currency_name` expects an ISO 4217 currency code, got " + std::string(in.type_name()),
                  "e.g. {{ 'USD' | currency_name }}, {{ price.currency | currency_name }}");
    }
    const Value& count = arg(args, 0, "count", kNone);
    std::optional<double> n;
    if (!count.is_none()) n = number_of(count, "currency_name");
    return Value(locale_of(ctx, view_of(ctx, "currency_name")).currency_name(in.as_string(), n));
  });
  env.add_function("tr", [](const CallArgs& args, const tpl::Context& ctx) -> Value {
    if (args.positional.size() != 1 || !args.positional[0].is_string()) {
      throw Error(SourcePos{}, "tr() takes the name of a UI string, then named values: tr('wins', count=8)");
    }
    const std::string& key = args.positional[0].as_string();
    const Locale& locale = locale_of(ctx, view_of(ctx, "tr()"));
    Value pattern = locale.strings().get(key);
    if (!pattern.is_string()) {
      std::vector<std::string> keys;
      if (locale.strings().is_map()) {
        for (const auto& [k, v] : locale.strings().as_map()) keys.push_back(k);
      }
      throw Error(SourcePos{}, "no UI string `" + key + "` in language `" + locale.code() + "`",
                  suggestion_hint(key, keys, "add it under languages." + locale.code() + ".strings in site.yaml"));
    }
    return Value(locale.format_message(pattern.as_string(), args.keyword));
  });
  env.add_filter("cite", [](const Value& in, const CallArgs&, const tpl::Context& ctx) -> Value {
    const SiteView& view = view_of(ctx, "cite");
    const FactsFile* f = page_facts(ctx, view);
    std::string field = "sources";
    // A map cites through its type's sources field; find it by the keys the map has.
    if (f && f->schema && in.is_map()) {
      for (const TypeSpec& t : f->schema->types()) {
        if (!t.sources_field.empty() && in.get(t.sources_field).is_list()) {
          field = t.sources_field;
          break;
        }
      }
    }
    return Value::markup(citation_markup(in, field, ctx));
  });
  env.add_function("foreign", [](const CallArgs& args, const tpl::Context&) -> Value {
    static const Value kNone;
    const Value& text = arg(args, 0, "text", kNone);
    const Value& code = arg(args, 1, "lang", kNone);
    if (!text.is_string() || !code.is_string()) {
      throw Error(SourcePos{}, "foreign() takes a phrase and its language: foreign('Madame Bovary', 'fr')");
    }
    std::string escaped = text.is_markup() ? text.as_string() : escape_html(text.as_string());
    return Value::markup("<span lang=\"" + escape_html(code.as_string()) + "\">" + escaped + "</span>");
  });
  env.add_function("fact", [](const CallArgs& args, const tpl::Context& ctx) -> Value {
    return Value::markup(fact_markup(args, ctx));
  });
  env.add_function("get_page", [](const CallArgs& args, const tpl::Context& ctx) -> Value {
    const Page& page = page_by_id(args, ctx, "get_page()");
    const SiteView& view = view_of(ctx, "get_page()");
    return view.summary(static_cast<std::size_t>(&page - view.site().pages.data()));
  });
  env.add_function("url_for", [](const CallArgs& args, const tpl::Context& ctx) -> Value {
    return Value(page_by_id(args, ctx, "url_for()").url);
  });
  env.add_filter("relative_url", [](const Value& in, const CallArgs&, const tpl::Context& ctx) -> Value {
    const Config& c = view_of(ctx, "relative_url").site().config;
    return Value(c.base_path + site_path(in, c));
  });
  env.add_filter("absolute_url", [](const Value& in, const CallArgs&, const tpl::Context& ctx) -> Value {
    const Config& c = view_of(ctx, "absolute_url").site().config;
    return Value(c.base_url + site_path(in, c));
  });
  register_image_functions(env);
}

namespace {

/// The walk of ui_strings_used: every expression of a template, remembering which
/// reads of UI strings it meets and whether the template binds a variable `t`.
class UiStringScan {
 public:
  std::vector<UiStringUse> uses;
  std::vector<bool> through_t;  // per use: read through the variable `t`
  bool binds_t = false;

  void body(const tpl::Body& b) {
    for (const tpl::StmtPtr& s : b) stmt(*s);
  }

 private:
  void add(std::string key, tpl::Pos pos, bool via_t) {
    uses.push_back(UiStringUse{std::move(key), pos.line, pos.column});
    through_t.push_back(via_t);
  }

  void bind(const tpl::Expr* target) {
    if (!target) return;
    if (target->kind == tpl::ExprKind::kName) {
      binds_t = binds_t || static_cast<const tpl::NameExpr*>(target)->name == "t";
    } else if (target->kind == tpl::ExprKind::kList) {
      for (const tpl::ExprPtr& item : static_cast<const tpl::ListExpr*>(target)->items) bind(item.get());
    }
  }

  void bind_name(const std::string& name) { binds_t = binds_t || name == "t"; }

  void macro(const tpl::MacroDef& def) {
    for (const std::string& p : def.params) bind_name(p);
    for (const tpl::ExprPtr& d : def.defaults) expr(d.get());
    body(def.body);
  }

  void args(const tpl::Args& a) {
    for (const tpl::ExprPtr& e : a.positional) expr(e.get());
    for (const auto& [name, e] : a.keyword) expr(e.get());
    expr(a.star_args.get());
    expr(a.star_kwargs.get());
  }

  /// `obj.KEY` or `obj['KEY']` where obj is `t` or `….strings`: a read of KEY.
  void strings_read(const tpl::Expr* obj, const std::string& key, tpl::Pos pos) {
    if (obj->kind == tpl::ExprKind::kName && static_cast<const tpl::NameExpr*>(obj)->name == "t") {
      add(key, pos, true);
    } else if (obj->kind == tpl::ExprKind::kGetAttr && static_cast<const tpl::GetAttrExpr*>(obj)->name == "strings") {
      add(key, pos, false);
    }
  }

  static const std::string* constant_text(const tpl::Expr* e) {
    if (!e || e->kind != tpl::ExprKind::kConst) return nullptr;
    const Value& v = static_cast<const tpl::ConstExpr*>(e)->value;
    return v.is_string() ? &v.as_string() : nullptr;
  }

  /// `guarded`: the value may be undefined without harm (the input of `default`, of
  /// `is defined`), and so may every object on the way to it.
  void expr(const tpl::Expr* e, bool guarded = false) {
    if (!e) return;
    switch (e->kind) {
      case tpl::ExprKind::kConst:
      case tpl::ExprKind::kName:
        return;
      case tpl::ExprKind::kGetAttr: {
        const auto* g = static_cast<const tpl::GetAttrExpr*>(e);
        if (!guarded) strings_read(g->obj.get(), g->name, g->pos);
        expr(g->obj.get(), guarded);
        return;
      }
      case tpl::ExprKind::kGetItem: {
        const auto* g = static_cast<const tpl::GetItemExpr*>(e);
        if (const std::string* key = constant_text(g->index.get()); key && !guarded) strings_read(g->obj.get(), *key, g->pos);
        expr(g->obj.get(), guarded);
        expr(g->index.get());
        return;
      }
      case tpl::ExprKind::kSlice: {
        const auto* s = static_cast<const tpl::SliceExpr*>(e);
        expr(s->obj.get());
        expr(s->start.get());
        expr(s->stop.get());
        expr(s->step.get());
        return;
      }
      case tpl::ExprKind::kCall: {
        const auto* c = static_cast<const tpl::CallExpr*>(e);
        // tr('key', …) fails without its string whatever surrounds it.
        if (c->callee->kind == tpl::ExprKind::kName && static_cast<const tpl::NameExpr*>(c->callee.get())->name == "tr" &&
            !c->args.positional.empty()) {
          if (const std::string* key = constant_text(c->args.positional.front().get())) add(*key, c->pos, false);
        }
        expr(c->callee.get());
        args(c->args);
        return;
      }
      case tpl::ExprKind::kFilter: {
        const auto* f = static_cast<const tpl::FilterExpr*>(e);
        expr(f->input.get(), f->name == "default" || f->name == "d");
        args(f->args);
        return;
      }
      case tpl::ExprKind::kTest: {
        const auto* t = static_cast<const tpl::TestExpr*>(e);
        expr(t->input.get(), t->name == "defined" || t->name == "undefined");
        args(t->args);
        return;
      }
      case tpl::ExprKind::kUnary:
        expr(static_cast<const tpl::UnaryExpr*>(e)->operand.get());
        return;
      case tpl::ExprKind::kBinary: {
        const auto* b = static_cast<const tpl::BinaryExpr*>(e);
        expr(b->left.get());
        expr(b->right.get());
        return;
      }
      case tpl::ExprKind::kCompare: {
        const auto* c = static_cast<const tpl::CompareExpr*>(e);
        expr(c->first.get());
        for (const auto& [op, rhs] : c->rest) expr(rhs.get());
        return;
      }
      case tpl::ExprKind::kCond: {
        const auto* c = static_cast<const tpl::CondExpr*>(e);
        expr(c->test.get());
        expr(c->then.get(), guarded);
        expr(c->otherwise.get(), guarded);
        return;
      }
      case tpl::ExprKind::kList:
        for (const tpl::ExprPtr& item : static_cast<const tpl::ListExpr*>(e)->items) expr(item.get());
        return;
      case tpl::ExprKind::kDict:
        for (const auto& [k, v] : static_cast<const tpl::DictExpr*>(e)->items) {
          expr(k.get());
          expr(v.get());
        }
        return;
    }
  }

  void stmt(const tpl::Stmt& s) {
    using tpl::StmtKind;
    switch (s.kind) {
      case StmtKind::kData:
      case StmtKind::kBreak:
      case StmtKind::kContinue:
        return;
      case StmtKind::kPrint:
        expr(static_cast<const tpl::PrintStmt&>(s).expr.get());
        return;
      case StmtKind::kIf: {
        const auto& i = static_cast<const tpl::IfStmt&>(s);
        for (const auto& [test, b] : i.branches) {
          expr(test.get());
          body(b);
        }
        body(i.else_body);
        return;
      }
      case StmtKind::kFor: {
        const auto& f = static_cast<const tpl::ForStmt&>(s);
        bind(f.target.get());
        expr(f.iter.get());
        expr(f.filter.get());
        body(f.body);
        body(f.else_body);
        return;
      }
      case StmtKind::kSet: {
        const auto& set = static_cast<const tpl::SetStmt&>(s);
        bind(set.target.get());
        expr(set.value.get());
        return;
      }
      case StmtKind::kSetBlock: {
        const auto& set = static_cast<const tpl::SetBlockStmt&>(s);
        bind(set.target.get());
        expr(set.filter.get());
        body(set.body);
        return;
      }
      case StmtKind::kBlock:
        body(static_cast<const tpl::BlockStmt&>(s).body);
        return;
      case StmtKind::kExtends:
        expr(static_cast<const tpl::ExtendsStmt&>(s).tmpl.get());
        return;
      case StmtKind::kInclude:
        expr(static_cast<const tpl::IncludeStmt&>(s).tmpl.get());
        return;
      case StmtKind::kImport: {
        const auto& i = static_cast<const tpl::ImportStmt&>(s);
        bind_name(i.alias);
        expr(i.tmpl.get());
        return;
      }
      case StmtKind::kFromImport: {
        const auto& i = static_cast<const tpl::FromImportStmt&>(s);
        for (const auto& [name, alias] : i.names) bind_name(alias.empty() ? name : alias);
        expr(i.tmpl.get());
        return;
      }
      case StmtKind::kMacro:
        macro(static_cast<const tpl::MacroStmt&>(s).def);
        return;
      case StmtKind::kCallBlock: {
        const auto& c = static_cast<const tpl::CallBlockStmt&>(s);
        expr(c.call.get());
        macro(c.caller);
        return;
      }
      case StmtKind::kFilterBlock: {
        const auto& f = static_cast<const tpl::FilterBlockStmt&>(s);
        expr(f.filter.get());
        body(f.body);
        return;
      }
      case StmtKind::kWith: {
        const auto& w = static_cast<const tpl::WithStmt&>(s);
        for (const auto& [target, value] : w.assignments) {
          bind(target.get());
          expr(value.get());
        }
        body(w.body);
        return;
      }
      case StmtKind::kAutoescape: {
        const auto& a = static_cast<const tpl::AutoescapeStmt&>(s);
        expr(a.enabled.get());
        body(a.body);
        return;
      }
      case StmtKind::kDo:
        expr(static_cast<const tpl::DoStmt&>(s).expr.get());
        return;
    }
  }
};

}  // namespace

std::vector<UiStringUse> ui_strings_used(const tpl::Template& tmpl) {
  UiStringScan scan;
  scan.body(tmpl.body);
  if (!scan.binds_t) return std::move(scan.uses);
  std::vector<UiStringUse> out;
  for (std::size_t i = 0; i < scan.uses.size(); ++i) {
    if (!scan.through_t[i]) out.push_back(std::move(scan.uses[i]));
  }
  return out;
}

}  // namespace reel
