#include "input/config.h"

#include <algorithm>
#include <set>

#include "input/facts.h"
#include "input/yaml.h"

namespace reel {

const LanguageConfig* Config::language(std::string_view code) const {
  for (const auto& l : languages) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

const CollectionConfig* Config::collection(std::string_view name) const {
  for (const auto& c : collections) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const CollectionConfig* Config::collection_of(std::string_view facts_id) const {
  std::size_t slash = facts_id.rfind('/');
  std::string_view folder = slash == std::string_view::npos ? std::string_view() : facts_id.substr(0, slash);
  for (const auto& c : collections) {
    if (c.folder == folder) return &c;
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

/// A URL pattern or path below a language's root: starts and ends with '/'.
bool check_url_pattern(const YAML::Node& node, const std::string& value, const std::string& text, const std::string& key,
                       Diagnostics& diags) {
  // Every `{` closes before the next one opens, around a field name.
  bool braces = true;
  for (std::size_t i = value.find('{'); braces && i != std::string::npos; i = value.find('{', i + 1)) {
    std::size_t close = value.find('}', i);
    braces = close != std::string::npos && close > i + 1 && value.find('{', i + 1) > close;
  }
  if (braces && value.find('}') != std::string::npos) {
    std::size_t opens = std::count(value.begin(), value.end(), '{'), closes = std::count(value.begin(), value.end(), '}');
    braces = opens == closes;
  }
  if (!braces) {
    diags.add(yaml_diagnostic(node, text, kFile, "unbalanced `{` `}` in `" + key + ": " + value + "`",
                              "each {FIELD} names a field: `" + key + ": /catalogue/{slug}/`"));
    return false;
  }
  if (value.empty() || value.front() != '/' || value.back() != '/' || value.find("..") != std::string::npos ||
      value.find_first_of(" ?#\\") != std::string::npos) {
    diags.add(yaml_diagnostic(node, text, kFile, "expected a URL path that starts and ends with `/` for `" + key + "`, got `" + value + "`",
                              "e.g. `" + key + ": /catalogue/{slug}/`"));
    return false;
  }
  return true;
}

/// collections, taxonomies, outputs and menus: what the site is made of beyond its prose.
void read_site_structure(KeyReader& top, const std::string& text, Config& config, Diagnostics& diags) {
  if (YAML::Node cols = top.get("collections")) {
    if (!cols.IsMap()) {
      diags.add(yaml_diagnostic(cols, text, kFile, "expected a map of collections by name",
                                "e.g. collections: {books: {permalink: /books/{slug}/, layout: book}}"));
    } else {
      for (const auto& kv : cols) {
        CollectionConfig c;
        c.name = kv.first.Scalar();
        c.pos = yaml_pos(kv.first, kFile);
        if (!kv.second.IsMap()) {
          diags.add(yaml_diagnostic(kv.second, text, kFile, "expected a map for collection `" + c.name + "`"));
          continue;
        }
        KeyReader r(kv.second, {"folder", "schema", "as", "permalink", "layout", "title", "description", "date"}, text, diags,
                    "collection `" + c.name + "`");
        c.folder = r.string("folder", c.name);
        c.schema = r.string("schema", "");
        c.as = r.string("as", c.name);
        c.permalink = r.string("permalink", "");
        if (!c.permalink.empty() && !check_url_pattern(r.get("permalink"), c.permalink, text, "permalink", diags)) {
          c.permalink.clear();
        }
        c.layout = r.string("layout", "page");
        c.title_field = r.string("title", "title");
        c.description_field = r.string("description", "");
        c.date_field = r.string("date", "");
        if (!is_safe_relative_path(c.folder)) {
          diags.add(yaml_diagnostic(r.get("folder") ? r.get("folder") : kv.first, text, kFile,
                                    "expected a folder below content/ for collection `" + c.name + "`, got `" + c.folder + "`"));
        }
        config.collections.push_back(std::move(c));
      }
    }
  }
  std::vector<std::string> collection_names;
  for (const auto& c : config.collections) collection_names.push_back(c.name);
  if (YAML::Node taxes = top.get("taxonomies")) {
    if (!taxes.IsMap()) {
      diags.add(yaml_diagnostic(taxes, text, kFile, "expected a map of taxonomies by name",
                                "e.g. taxonomies: {genres: {collection: books, field: genres, permalink: /genres/}}"));
    } else {
      for (const auto& kv : taxes) {
        TaxonomyConfig t;
        t.name = kv.first.Scalar();
        t.pos = yaml_pos(kv.first, kFile);
        if (!kv.second.IsMap()) {
          diags.add(yaml_diagnostic(kv.second, text, kFile, "expected a map for taxonomy `" + t.name + "`"));
          continue;
        }
        KeyReader r(kv.second, {"collection", "field", "permalink", "layout", "term_layout", "title", "paginate_by", "sort_by"},
                    text, diags, "taxonomy `" + t.name + "`");
        t.collection = r.string("collection", "");
        if (!config.collection(t.collection)) {
          diags.add(yaml_diagnostic(r.get("collection") ? r.get("collection") : kv.first, text, kFile,
                                    "taxonomy `" + t.name + "` needs a `collection` from `collections`, got `" + t.collection + "`",
                                    suggestion_hint(t.collection, collection_names)));
        }
        t.field = r.string("field", t.name);
        t.permalink = r.string("permalink", "/" + t.name + "/");
        check_url_pattern(r.get("permalink") ? r.get("permalink") : kv.first, t.permalink, text, "permalink", diags);
        t.layout = r.string("layout", "taxonomy");
        t.term_layout = r.string("term_layout", "term");
        t.title = r.get("title") ? yaml_to_value(r.get("title")) : Value(t.name);
        t.sort_by = r.string("sort_by", "title");
        if (YAML::Node n = r.get("paginate_by")) {
          Value v = yaml_to_value(n);
          if (!v.is_int() || v.as_int() < 0) {
            diags.add(yaml_diagnostic(n, text, kFile, "expected a whole number of pages for `paginate_by`"));
          } else {
            t.paginate_by = v.as_int();
          }
        }
        config.taxonomies.push_back(std::move(t));
      }
    }
  }
  if (YAML::Node outs = top.get("outputs")) {
    if (!outs.IsMap()) {
      diags.add(yaml_diagnostic(outs, text, kFile, "expected a map of output templates",
                                "e.g. outputs: {atom.xml: {}, robots.txt: {per_language: false}}"));
    } else {
      for (const auto& kv : outs) {
        OutputConfig o;
        o.template_name = kv.first.Scalar();
        o.pos = yaml_pos(kv.first, kFile);
        o.path = o.template_name;
        if (kv.second && !kv.second.IsNull()) {
          if (!kv.second.IsMap()) {
            diags.add(yaml_diagnostic(kv.second, text, kFile, "expected a map (or nothing) for output `" + o.template_name + "`"));
            continue;
          }
          KeyReader r(kv.second, {"path", "per_language"}, text, diags, "output `" + o.template_name + "`");
          o.path = r.string("path", o.template_name);
          o.per_language = r.boolean("per_language", true);
        }
        if (!is_safe_relative_path(o.path) || o.path.back() == '/') {
          diags.add(yaml_diagnostic(kv.first, text, kFile, "expected a file path such as `atom.xml` for output `" + o.template_name + "`"));
          continue;
        }
        config.outputs.push_back(std::move(o));
      }
    }
  }
  if (YAML::Node menus = top.get("menus")) {
    if (!menus.IsMap()) {
      diags.add(yaml_diagnostic(menus, text, kFile, "expected a map of menus by name", "e.g. menus: {main: [{page: about}]}"));
    } else {
      for (const auto& kv : menus) {
        std::vector<MenuItemConfig> items;
        if (!kv.second.IsSequence()) {
          diags.add(yaml_diagnostic(kv.second, text, kFile, "expected a list of items for menu `" + kv.first.Scalar() + "`",
                                    "e.g. - {page: about}"));
          continue;
        }
        for (const auto& item : kv.second) {
          MenuItemConfig m;
          m.pos = yaml_pos(item, kFile);
          if (!item.IsMap()) {
            diags.add(yaml_diagnostic(item, text, kFile, "expected a map with `page` or `url` for a menu item"));
            continue;
          }
          KeyReader r(item, {"page", "url", "name"}, text, diags, "menu `" + kv.first.Scalar() + "`");
          m.page = r.string("page", "");
          m.url = r.string("url", "");
          if (r.get("name")) m.name = yaml_to_value(r.get("name"));
          if (m.page.empty() == m.url.empty()) {
            diags.add(yaml_diagnostic(item, text, kFile, "a menu item needs either `page` (a page id) or `url`"));
            continue;
          }
          if (!m.url.empty() && !r.get("name")) {
            diags.add(yaml_diagnostic(item, text, kFile, "a menu item with a `url` needs a `name`"));
            continue;
          }
          items.push_back(std::move(m));
        }
        config.menus.emplace_back(kv.first.Scalar(), std::move(items));
      }
    }
  }
}

/// site.yaml `share_cards`: a map with `template`, `width` and `height`, all optional
/// (`share_cards:` with nothing, or `{}`, takes every default).
void read_share_cards(const YAML::Node& node, const std::string& text, Config& config, Diagnostics& diags) {
  const std::string example = "e.g. share_cards: {template: share_card.svg, width: 1200, height: 630}";
  if (node.IsNull()) {
    config.share_cards = ShareCardsConfig{};
    config.share_cards->pos = config.share_cards->template_pos = yaml_pos(node, kFile);
    return;
  }
  if (!node.IsMap()) {
    diags.add(yaml_diagnostic(node, text, kFile, "expected a map for `share_cards`", example));
    return;
  }
  ShareCardsConfig cards;
  cards.pos = yaml_pos(node, kFile);
  KeyReader r(node, {"template", "width", "height"}, text, diags, "`share_cards`");
  cards.template_name = r.string("template", cards.template_name);
  cards.template_pos = r.get("template") ? yaml_pos(r.get("template"), kFile) : cards.pos;
  if (r.get("template") && (!is_safe_relative_path(cards.template_name) || !cards.template_name.ends_with(".svg"))) {
    diags.add(yaml_diagnostic(r.get("template"), text, kFile,
                              "expected an SVG template below templates/ for `share_cards.template`, got `" +
                                  cards.template_name + "`",
                              "name a file of templates/ that ends in .svg, e.g. `template: share_card.svg` "
                              "(an .svg template escapes the values it prints for XML)"));
  }
  for (const char* key : {"width", "height"}) {
    YAML::Node n = r.get(key);
    if (!n) continue;
    Value v = yaml_to_value(n);
    if (!v.is_int() || v.as_int() < 1 || v.as_int() > kMaxShareCardSide) {
      diags.add(yaml_diagnostic(n, text, kFile,
                                std::string("expected a whole number of pixels from 1 to ") + std::to_string(kMaxShareCardSide) +
                                    " for `share_cards." + key + "`, got `" + (n.IsScalar() ? n.Scalar() : "a " + std::string(n.IsMap() ? "map" : "list")) + "`",
                                "link previews expect 1200 × 630 (the default); X shows cards up to 4096 × 4096"));
      continue;
    }
    (std::string_view(key) == "width" ? cards.width : cards.height) = static_cast<std::uint32_t>(v.as_int());
  }
  config.share_cards = std::move(cards);
}

/// site.yaml `images`: the widths, formats, quality and sizes of responsive images.
void read_images(const YAML::Node& node, const std::string& text, Config& config, Diagnostics& diags) {
  if (node.IsNull()) return;  // `images:` with nothing: every default
  if (!node.IsMap()) {
    diags.add(yaml_diagnostic(node, text, kFile, "expected a map for `images`",
                              "e.g. images: {widths: [480, 800, 1200], formats: [avif, webp], quality: 70, sizes: 100vw}"));
    return;
  }
  ImagesConfig& images = config.images;
  KeyReader r(node, {"widths", "formats", "quality", "sizes"}, text, diags, "`images`");
  if (YAML::Node w = r.get("widths")) {
    std::vector<std::uint32_t> widths;
    bool ok = w.IsSequence() && w.size() > 0;
    if (!ok) {
      diags.add(yaml_diagnostic(w, text, kFile, "expected a list of widths in pixels for `images.widths`",
                                "e.g. widths: [480, 800, 1200]"));
    }
    for (std::size_t i = 0; ok && i < w.size(); ++i) {
      Value v = yaml_to_value(w[i]);
      if (!v.is_int() || v.as_int() < 1 || v.as_int() > kMaxImageWidth) {
        diags.add(yaml_diagnostic(w[i], text, kFile,
                                  "expected a width in pixels from 1 to " + std::to_string(kMaxImageWidth) +
                                      " in `images.widths`, got `" + (w[i].IsScalar() ? w[i].Scalar() : "a list or map") + "`",
                                  "e.g. widths: [480, 800, 1200]"));
        ok = false;
      } else {
        widths.push_back(static_cast<std::uint32_t>(v.as_int()));
      }
    }
    if (ok) {
      std::sort(widths.begin(), widths.end());
      widths.erase(std::unique(widths.begin(), widths.end()), widths.end());
      images.widths = std::move(widths);
    }
  }
  if (YAML::Node f = r.get("formats")) {
    const std::vector<std::string> known{"avif", "webp"};
    images.formats.clear();
    images.formats_given = true;
    images.formats_pos = yaml_pos(f, kFile);
    if (!f.IsSequence()) {
      diags.add(yaml_diagnostic(f, text, kFile, "expected a list of formats for `images.formats`",
                                "e.g. formats: [avif, webp], or [] for the JPEG or PNG fallback alone"));
    } else {
      for (const auto& e : f) {
        std::string name = e.IsScalar() ? e.Scalar() : "";
        if (std::find(known.begin(), known.end(), name) == known.end()) {
          diags.add(yaml_diagnostic(e, text, kFile, "unknown image format `" + name + "` in `images.formats`",
                                    suggestion_hint(name, known,
                                                    "offer avif and/or webp; the JPEG or PNG fallback is always made")));
        } else if (std::find(images.formats.begin(), images.formats.end(), name) == images.formats.end()) {
          images.formats.push_back(name);
        }
      }
    }
  }
  if (YAML::Node q = r.get("quality")) {
    Value v = yaml_to_value(q);
    if (!v.is_int() || v.as_int() < 1 || v.as_int() > 100) {
      diags.add(yaml_diagnostic(q, text, kFile, "expected a whole number from 1 to 100 for `images.quality`",
                                "e.g. quality: 70 (higher is sharper and heavier)"));
    } else {
      images.quality = static_cast<int>(v.as_int());
    }
  }
  images.sizes = r.string("sizes", images.sizes);
  if (images.sizes.empty()) {
    diags.add(yaml_diagnostic(r.get("sizes"), text, kFile, "expected a `sizes` value such as `100vw` for `images.sizes`",
                              "how wide images are shown: e.g. sizes: \"(min-width: 60em) 40em, 100vw\""));
    images.sizes = "100vw";
  }
}

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
                       "markdown", "autoescape", "trim_blocks", "lstrip_blocks", "keep_trailing_newline",
                       "strict_conditions", "params", "publish", "collections", "taxonomies", "outputs", "menus",
                       "share_cards", "images"},
                *text, diags, "site.yaml");

  if (YAML::Node t = top.get("title")) {
    config.title = yaml_to_value(t);
  } else {
    diags.error(SourcePos{kFile, 1, 1}, "site.yaml has no `title`", "add `title: My site` (or one per language)");
  }
  std::string base = top.string("base_url", "");
  if (base.empty()) {
    diags.error(SourcePos{kFile, 1, 1}, "site.yaml has no `base_url`",
                "add the address the site will be served at, e.g. `base_url: https://user.github.io/project/`");
  } else if (!set_base_url(config, base)) {
    diags.add(yaml_diagnostic(top.get("base_url"), *text, kFile,
                              "expected an absolute http(s) URL for `base_url`, got `" + base + "`",
                              "write it in full, e.g. https://user.github.io/project/"));
  }
  config.output_dir = top.string("output", "_site");
  config.default_language_in_subdir = top.boolean("default_language_in_subdir", false);
  config.autoescape = top.boolean("autoescape", true);
  config.trim_blocks = top.boolean("trim_blocks", false);
  config.lstrip_blocks = top.boolean("lstrip_blocks", false);
  config.keep_trailing_newline = top.boolean("keep_trailing_newline", false);
  config.strict_conditions = top.boolean("strict_conditions", false);
  if (YAML::Node p = top.get("params")) config.params = yaml_to_value(p);
  else config.params = Value(ValueMap{});

  std::set<std::string> fallback_given;  // languages whose `fallback` site.yaml sets
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
      KeyReader lr(kv.second, {"name", "locale", "strings", "fallback"}, *text, diags, "language `" + lang.code + "`");
      lang.name = lr.string("name", lang.code);
      if (lr.get("fallback")) {
        lang.fallback = lr.get("fallback").IsNull() ? "none" : lr.string("fallback", "none");
        fallback_given.insert(lang.code);
      }
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
    if (!fallback_given.count(lang.code)) {
      lang.fallback = lang.code == config.default_language ? "" : config.default_language;
    } else if (lang.fallback == "none") {
      lang.fallback.clear();
    } else if (!lang.fallback.empty() && (!config.language(lang.fallback) || lang.fallback == lang.code)) {
      diags.error(lang.pos, "language `" + lang.code + "` falls back to `" + lang.fallback + "`, which is not another site language",
                  suggestion_hint(lang.fallback, config.language_codes(), "write another language's code, or `fallback: none`"));
      lang.fallback.clear();
    }
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
                                "e.g. publish: {remote: origin, branch: gh-pages, cname: docs.example.org}"));
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
                                  "write the host name only, e.g. `cname: docs.example.org` (no https://, no path)"));
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
  read_site_structure(top, *text, config, diags);
  if (YAML::Node cards = top.get("share_cards")) read_share_cards(cards, *text, config, diags);
  if (YAML::Node images = top.get("images")) read_images(images, *text, config, diags);
  if (YAML::Node p = top.get("params"); p && !config.languages.empty()) {
    config.params_by_lang = values_by_language(p, *text, kFile, config, diags);
  } else {
    config.params_by_lang.assign(config.languages.size(), Value(ValueMap{}));
  }
  return config;
}

}  // namespace reel
