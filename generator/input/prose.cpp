#include "input/prose.h"

#include <algorithm>
#include <functional>

#include "base/parallel.h"
#include "base/text.h"
#include "input/reuse.h"
#include "input/yaml.h"

namespace reel {

std::string content_hash(std::string_view text) {
  std::string normalised;
  normalised.reserve(text.size());
  for (char c : text) {
    if (c != '\r') normalised += c;
  }
  return fnv1a_hex(normalised);
}

std::string prose_language(const Config& config, std::string_view path) {
  if (!path.starts_with(config.content_dir + "/") || !path.ends_with(".md")) return {};
  std::string_view rel = path.substr(config.content_dir.size() + 1);
  std::size_t slash = rel.find('/');
  if (slash == std::string_view::npos) return {};
  std::string_view code = rel.substr(0, slash);
  return config.language(code) ? std::string(code) : std::string();
}

std::vector<std::string> list_prose_files(const FileSystem& fs, const Config& config) {
  std::vector<std::string> out;
  for (const auto& lang : config.languages) {
    for (std::string& path : fs.list_files(join_path(config.content_dir, lang.code))) {
      if (path.ends_with(".md")) out.push_back(std::move(path));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool is_url_safe_segment(std::string_view segment) {
  if (segment.empty() || segment == "." || segment == "..") return false;
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == '~';
  });
}

namespace {

/// Reads the front matter's `list:` map into `spec`.
void read_list_spec(const Value& list, ListSpec& spec, const std::function<void(std::string, std::string)>& error) {
  if (!list.is_map()) {
    error("expected a map for `list`", "e.g. list: {collection: books, sort_by: title, paginate_by: 10}");
    return;
  }
  static const std::vector<std::string> kKeys{"collection", "sort_by", "reverse", "paginate_by"};
  for (const auto& [key, v] : list.as_map()) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      error("unknown key `" + key + "` in `list`", suggestion_hint(key, kKeys, "known keys: collection, sort_by, reverse, paginate_by"));
    }
  }
  Value c = list.get("collection");
  if (c.is_string()) spec.collection = c.as_string();
  Value s = list.get("sort_by");
  if (s.is_string()) spec.sort_by = s.as_string();
  Value r = list.get("reverse");
  if (r.is_bool()) spec.reverse = r.as_bool();
  Value p = list.get("paginate_by");
  if (p.is_int() && p.as_int() >= 0) {
    spec.paginate_by = p.as_int();
  } else if (!p.is_undefined()) {
    error("expected a whole number for `list.paginate_by`", "the number of pages listed on each page, e.g. 10");
  }
}

}  // namespace

DocumentOptions document_options(const Config& config, std::string_view lang, std::string_view id) {
  DocumentOptions out;
  out.id_prefix = footnote_id_prefix(id);
  if (const LanguageConfig* language = config.language(lang)) {
    Value label = language->strings.get(kFootnoteBackrefString);
    if (label.is_string() && !label.as_string().empty()) out.footnote_backref_label = label.as_string();
  }
  return out;
}

bool same_but_body(const ProseFile& a, const ProseFile& b) {
  auto same_pos = [](const SourcePos& x, const SourcePos& y) {
    return x.file == y.file && x.line == y.line && x.column == y.column;
  };
  auto same_list = [](const ListSpec& x, const ListSpec& y) {
    return x.collection == y.collection && x.sort_by == y.sort_by && x.reverse == y.reverse && x.paginate_by == y.paginate_by;
  };
  return a.path == b.path && a.lang == b.lang && a.id == b.id && a.title == b.title && a.description == b.description &&
         a.layout == b.layout && a.order == b.order && a.date == b.date && a.slug == b.slug && a.facts == b.facts &&
         a.draft == b.draft && a.has_list == b.has_list && same_list(a.list, b.list) && a.original_hash == b.original_hash &&
         a.title_line == b.title_line && same_pos(a.layout_pos, b.layout_pos) && same_pos(a.facts_pos, b.facts_pos) &&
         a.layout_line == b.layout_line && a.facts_line == b.facts_line && identical(a.front_matter, b.front_matter);
}

bool read_prose(const FileSystem& fs, const Config& config, const std::string& lang, const std::string& path,
                ProseFile& page, Diagnostics& diags, const InputProducts* products) {
  std::optional<std::string> text = fs.read(path);
  if (!text) return false;
  std::string rel = path.substr(config.content_dir.size() + 1 + lang.size() + 1);
  const std::uint64_t fingerprint = hash_bytes(*text);
  if (products) {
    if (std::optional<ProseFile> kept = products->find_prose(path, fingerprint)) {
      page = std::move(*kept);
      page.path = path;
      page.id = rel.substr(0, rel.size() - 3);
      page.lang = lang;
      page.fingerprint = fingerprint;
      return true;
    }
  }
  const std::size_t diagnostics_before = diags.items().size();
  page.path = path;
  page.id = rel.substr(0, rel.size() - 3);
  page.lang = lang;
  // Pages are declared UTF-8: bytes that are not are refused, never copied into them.
  if (std::optional<Diagnostic> bad = utf8_diagnostic(*text, path)) {
    diags.add(std::move(*bad));
    return false;
  }
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
  if (fm && fm.IsMap() && fm["title"]) page.title_line = yaml_pos(fm["title"], path, offset).line;
  auto where = [&](const char* key, SourcePos& pos, std::string& line) {
    pos = SourcePos{path, 1, 1};
    if (!fm || !fm.IsMap() || !fm[key]) return;
    pos = yaml_pos(fm[key], path, offset);
    line = std::string(line_of(*text, pos.line));
  };
  where("layout", page.layout_pos, page.layout_line);
  where("facts", page.facts_pos, page.facts_line);
  page.title = str("title");
  page.description = str("description");
  page.layout = str("layout");
  page.date = str("date");
  // A hash is text whatever it looks like: YAML reads `original_hash: 1234` or `12e4` as a
  // number, so the scalar is taken as written.
  if (fm && fm.IsMap() && fm["original_hash"] && fm["original_hash"].IsScalar()) {
    page.original_hash = fm["original_hash"].Scalar();
  } else {
    page.original_hash = str("original_hash");
  }
  page.hash = content_hash(page.title + "\n" + page.description + "\n" + std::string(split.body));
  Value facts = page.front_matter.get("facts");
  if (facts.is_string()) {
    page.facts.emplace_back("", facts.as_string());
  } else if (facts.is_map()) {
    for (const auto& [name, id] : facts.as_map()) {
      if (!id.is_string()) {
        diags.add(fm_diag("facts", "expected a facts id for `facts." + name + "`", "e.g. facts: {book: books/emma}"));
        continue;
      }
      page.facts.emplace_back(name, id.as_string());
    }
  } else if (!facts.is_undefined() && !facts.is_none()) {
    diags.add(fm_diag("facts", "expected a facts id or a map of name: facts id for `facts`",
                      "e.g. `facts: books/emma`, or `facts: {book: books/emma}`"));
  }
  Value order = page.front_matter.get("order");
  if (order.is_int()) {
    page.order = order.as_int();
  } else if (!order.is_undefined() && !order.is_none()) {
    diags.add(fm_diag("order", "expected a whole number for `order`"));
  }
  page.slug = str("slug");
  if (!page.slug.empty() && (!is_safe_relative_path(page.slug) || page.slug.find('/') != std::string::npos ||
                              !is_url_safe_segment(page.slug))) {
    diags.add(fm_diag("slug", "`slug` must be one URL segment of letters, digits, `-`, `_`, `.` or `~`, got `" + page.slug + "`",
                      "URLs keep only RFC 3986's unreserved characters as they are: write `my-page`, not `my page`"));
    page.slug.clear();
  }
  Value list = page.front_matter.get("list");
  if (!list.is_undefined() && !list.is_none()) {
    page.has_list = true;
    read_list_spec(list, page.list, [&](std::string message, std::string hint) {
      diags.add(fm_diag("list", std::move(message), std::move(hint)));
    });
  }
  page.draft = page.front_matter.get("draft").truthy();
  // Where each `](@/…)` link is, so that one naming no page is reported at its place.
  std::uint32_t line = split.body_line;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < split.body.size(); ++i) {
    if (split.body[i] == '\n') {
      ++line;
      line_start = i + 1;
      continue;
    }
    if (split.body.compare(i, 4, "](@/") != 0) continue;
    std::size_t from = i + 4;
    std::size_t to = split.body.find_first_of(")# \t\n", from);
    if (to == std::string_view::npos) to = split.body.size();
    std::string target(split.body.substr(from, to - from));
    if (target.ends_with(".md")) target.resize(target.size() - 3);
    std::size_t line_end = split.body.find('\n', line_start);
    page.internal_links.push_back(InternalLinkRef{
        std::move(target), line, static_cast<std::uint32_t>(i + 3 - line_start),
        std::string(split.body.substr(line_start, (line_end == std::string_view::npos ? split.body.size() : line_end) - line_start))});
  }
  try {
    ShortcodeSplit sc = extract_shortcodes(split.body, split.body_line, path);
    page.shortcodes = std::move(sc.shortcodes);
    page.prose = render_markdown(sc.markdown, config.markdown, document_options(config, lang, page.id));
  } catch (const Error& e) {
    diags.add(e.diagnostic());
    return false;
  }
  // Only a file read without a word to say is kept: its product replays nothing.
  page.fingerprint = diags.items().size() == diagnostics_before ? fingerprint : 0;
  return true;
}

ProseSet read_prose_files(const FileSystem& fs, const Config& config, const std::vector<std::string>& paths,
                          Diagnostics& diags, const InputProducts* products) {
  struct Job {
    ProseFile file;
    Diagnostics diags;
    bool ok = false;
  };
  std::vector<Job> jobs(paths.size());
  parallel_for(paths.size(), [&](std::size_t i) {
    std::string lang = prose_language(config, paths[i]);
    if (!lang.empty()) jobs[i].ok = read_prose(fs, config, lang, paths[i], jobs[i].file, jobs[i].diags, products);
  });
  ProseSet out;
  for (auto& j : jobs) {
    diags.merge(j.diags);
    if (j.ok) {
      std::string key = j.file.path;
      out.emplace(std::move(key), std::move(j.file));
    }
  }
  return out;
}

std::string with_original_hash(std::string_view text, std::string_view hash, const std::string& file) {
  FrontMatterSplit split = split_front_matter(text, file);
  bool crlf = text.find("\r\n") != std::string_view::npos;
  std::string eol = crlf ? "\r\n" : "\n";
  std::string line = "original_hash: \"" + std::string(hash) + "\"";
  if (split.front_matter_line == 0) return "---" + eol + line + eol + "---" + eol + eol + std::string(text);
  // The front matter's bytes lie inside `text`: edit it in place.
  std::size_t begin = static_cast<std::size_t>(split.front_matter.data() - text.data());
  std::size_t end = begin + split.front_matter.size();
  std::string out(text);
  for (std::size_t at = begin; at < end;) {
    std::size_t nl = out.find('\n', at);
    std::size_t stop = nl == std::string::npos || nl > end ? end : nl;
    std::string_view current(out.data() + at, stop - at);
    if (current.starts_with("original_hash:")) {
      std::size_t len = current.ends_with('\r') ? current.size() - 1 : current.size();
      out.replace(at, len, line);
      return out;
    }
    at = stop + 1;
  }
  // Not there: last in the front matter, before the closing fence.
  std::string insert = line + eol;
  if (end > begin && out[end - 1] != '\n') insert = eol + line;
  out.insert(end, insert);
  return out;
}

}  // namespace reel
