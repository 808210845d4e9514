#include "output/links.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>

#include "base/parallel.h"
#include "base/text.h"

namespace reel {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// ASCII whitespace as the HTML tokenizer sees it (WHATWG Infra §4.6).
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `text` equals `lower` (all lowercase) ignoring ASCII case.
bool iequals(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (to_lower(text[i]) != lower[i]) return false;
  return true;
}

// Whether `text` starts with `prefix`, ignoring ASCII case on both sides.
bool istarts_with(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (to_lower(text[i]) != to_lower(prefix[i])) return false;
  return true;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = to_lower(c);
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// --- Tokenizing -------------------------------------------------------------------

// One attribute of a start tag that has a value: names as written, the value's bounds
// in the document (without its quotes) and its quote ('"', '\'' or 0 when unquoted).
struct RawAttribute {
  std::string_view element;
  std::string_view name;
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
  char quote = 0;
};

// Elements whose contents are text, not markup (WHATWG HTML §13.2.6.4.4 and §13.2.6.4.7:
// RAWTEXT, RCDATA and script data), so a `<a href>` inside them is no link.
bool has_text_contents(std::string_view element) {
  switch (element.size()) {
    case 3: return iequals(element, "xmp");
    case 5: return iequals(element, "style") || iequals(element, "title");
    case 6: return iequals(element, "script") || iequals(element, "iframe");
    case 7: return iequals(element, "noembed");
    case 8: return iequals(element, "textarea") || iequals(element, "noframes");
    default: return false;
  }
}

// The index just past the end of the comment whose body starts at `body` (WHATWG HTML
// §13.2.5.43-52: `<!-->` and `<!--->` are empty comments, `-->` and `--!>` end one).
std::size_t skip_comment(std::string_view html, std::size_t body) {
  const std::size_t n = html.size();
  if (body < n && html[body] == '>') return body + 1;
  if (html.compare(body, 2, "->") == 0) return body + 2;
  for (std::size_t p = body;; ++p) {
    p = html.find("--", p);
    if (p == kNone) return n;
    if (p + 2 < n && html[p + 2] == '>') return p + 3;
    if (p + 3 < n && html[p + 2] == '!' && html[p + 3] == '>') return p + 4;
  }
}

// The index just past the next `>` from `from`, or the end (a bogus comment or doctype).
std::size_t skip_to_gt(std::string_view html, std::size_t from) {
  std::size_t p = html.find('>', from);
  return p == kNone ? html.size() : p + 1;
}

// Calls `on_attribute(const RawAttribute&)` for every attribute with a value of every
// start tag of `html`, in document order, as the WHATWG HTML tokenizer (§13.2.5) reads
// tags, skipping comments, CDATA sections, doctypes, processing instructions and the
// contents of text-only elements. `on_attribute` returns false to stop the scan.
template <typename OnAttribute>
void scan_attributes(std::string_view html, OnAttribute&& on_attribute) {
  const std::size_t n = html.size();
  std::size_t i = 0;
  while (true) {
    i = html.find('<', i);
    if (i == kNone || i + 1 >= n) return;
    const char c = html[i + 1];
    if (c == '!') {
      if (html.compare(i + 2, 2, "--") == 0) {
        i = skip_comment(html, i + 4);
      } else if (html.compare(i + 2, 7, "[CDATA[") == 0) {
        std::size_t end = html.find("]]>", i + 9);
        i = end == kNone ? n : end + 3;
      } else {
        i = skip_to_gt(html, i + 2);
      }
      continue;
    }
    if (c == '?') {
      i = skip_to_gt(html, i + 2);
      continue;
    }
    const bool end_tag = c == '/';
    if (end_tag && (i + 2 >= n || !is_alpha(html[i + 2]))) {
      i = skip_to_gt(html, i + 2);  // `</>` is dropped, `</3` is a bogus comment
      continue;
    }
    if (!end_tag && !is_alpha(c)) {
      ++i;  // a `<` that starts no tag is text
      continue;
    }
    // The tag name runs to whitespace, `/` or `>` (§13.2.5.8).
    std::size_t j = end_tag ? i + 2 : i + 1;
    const std::size_t name_begin = j;
    while (j < n && !is_space(html[j]) && html[j] != '/' && html[j] != '>') ++j;
    const std::string_view element = html.substr(name_begin, j - name_begin);
    bool self_closing = false;
    bool closed = false;
    while (j < n) {
      std::size_t slash = kNone;
      while (j < n && (is_space(html[j]) || html[j] == '/')) {
        if (html[j] == '/') slash = j;
        ++j;
      }
      if (j >= n) break;
      if (html[j] == '>') {
        self_closing = slash + 1 == j;
        ++j;
        closed = true;
        break;
      }
      // An attribute name's first character may be `=`; then it runs to whitespace,
      // `/`, `>` or `=` (§13.2.5.32-33).
      const std::size_t name_start = j++;
      while (j < n && !is_space(html[j]) && html[j] != '/' && html[j] != '>' && html[j] != '=') ++j;
      const std::string_view name = html.substr(name_start, j - name_start);
      std::size_t k = j;
      while (k < n && is_space(html[k])) ++k;
      if (k >= n || html[k] != '=') {
        j = k;  // an attribute without a value
        continue;
      }
      j = k + 1;
      while (j < n && is_space(html[j])) ++j;
      if (j >= n) break;
      RawAttribute attribute{element, name, 0, 0, 0};
      const char q = html[j];
      if (q == '"' || q == '\'') {
        const std::size_t close = html.find(q, j + 1);
        if (close == kNone) break;  // a tag cut by the end of the file is dropped
        attribute.value_begin = j + 1;
        attribute.value_end = close;
        attribute.quote = q;
        j = close + 1;
      } else if (q == '>') {
        continue;  // `a=>`: an empty value
      } else {
        attribute.value_begin = j;
        while (j < n && !is_space(html[j]) && html[j] != '>') ++j;
        attribute.value_end = j;
      }
      if (!end_tag && !on_attribute(attribute)) return;
    }
    if (!closed) return;
    i = j;
    if (!end_tag && !self_closing && has_text_contents(element)) {
      // The contents end at the first `</name` followed by whitespace, `/` or `>`.
      std::size_t p = j;
      while (true) {
        p = html.find("</", p);
        if (p == kNone) return;
        const std::size_t after = p + 2 + element.size();
        if (after <= n && istarts_with(html.substr(p + 2), element) &&
            (after == n || is_space(html[after]) || html[after] == '/' || html[after] == '>'))
          break;
        p += 2;
      }
      i = p;
    }
  }
}

// What an attribute means to link finding.
enum class AttributeKind { kOther, kUrl, kSrcset, kId, kName };

AttributeKind classify_attribute(std::string_view name) {
  switch (name.size()) {
    case 2: return iequals(name, "id") ? AttributeKind::kId : AttributeKind::kOther;
    case 3: return iequals(name, "src") ? AttributeKind::kUrl : AttributeKind::kOther;
    case 4:
      if (iequals(name, "href") || iequals(name, "data")) return AttributeKind::kUrl;
      return iequals(name, "name") ? AttributeKind::kName : AttributeKind::kOther;
    case 6:
      if (iequals(name, "poster") || iequals(name, "action")) return AttributeKind::kUrl;
      return iequals(name, "srcset") ? AttributeKind::kSrcset : AttributeKind::kOther;
    case 10: return iequals(name, "xlink:href") ? AttributeKind::kUrl : AttributeKind::kOther;
    case 11: return iequals(name, "imagesrcset") ? AttributeKind::kSrcset : AttributeKind::kOther;
    default: return AttributeKind::kOther;
  }
}

// --- Character references ---------------------------------------------------------

struct NamedReference {
  std::string_view name;
  std::string_view text;
  bool legacy;  // also recognised without its `;` (WHATWG HTML §13.5's table)
};

constexpr NamedReference kNamedReferences[] = {
    {"amp", "&", true},   {"lt", "<", true},        {"gt", ">", true},
    {"quot", "\"", true}, {"apos", "'", false},     {"nbsp", "\xC2\xA0", true},
};

// Decodes the character reference or character at `raw[i]` into `out` and returns the
// index after it (WHATWG HTML §13.2.5.72-80, in an attribute value: a legacy reference
// without `;` followed by `=` or an alphanumeric is kept as written).
std::size_t decode_one(std::string_view raw, std::size_t i, std::string& out) {
  const std::size_t n = raw.size();
  if (raw[i] != '&' || i + 1 >= n) {
    out += raw[i];
    return i + 1;
  }
  if (raw[i + 1] == '#') {
    std::size_t p = i + 2;
    const bool hex = p < n && (raw[p] == 'x' || raw[p] == 'X');
    if (hex) ++p;
    const std::size_t digits = p;
    std::uint32_t cp = 0;
    for (; p < n; ++p) {
      int d = hex ? hex_value(raw[p]) : (is_digit(raw[p]) ? raw[p] - '0' : -1);
      if (d < 0) break;
      cp = std::min<std::uint32_t>(cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d), 0x110000);
    }
    if (p == digits) {
      out += '&';  // `&#` without digits is no reference
      return i + 1;
    }
    if (p < n && raw[p] == ';') ++p;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    append_utf8(out, cp);
    return p;
  }
  for (const NamedReference& ref : kNamedReferences) {
    if (raw.compare(i + 1, ref.name.size(), ref.name) != 0) continue;
    std::size_t after = i + 1 + ref.name.size();
    if (after < n && raw[after] == ';') {
      out += ref.text;
      return after + 1;
    }
    if (ref.legacy && (after >= n || (raw[after] != '=' && !is_alpha(raw[after]) && !is_digit(raw[after])))) {
      out += ref.text;
      return after;
    }
  }
  out += '&';
  return i + 1;
}

// `raw` with its character references decoded: `raw` itself when it has none, else a
// view of `scratch`, which it overwrites.
std::string_view decode_references(std::string_view raw, std::string& scratch) {
  if (raw.find('&') == kNone) return raw;
  scratch.clear();
  for (std::size_t i = 0; i < raw.size();) i = decode_one(raw, i, scratch);
  return scratch;
}

// The index in `raw` of the character that decodes to byte `decoded_index` of its
// decoded text (the start of the reference when it is one).
std::size_t raw_index(std::string_view raw, std::size_t decoded_index) {
  std::string out;
  std::size_t i = 0;
  while (i < raw.size() && out.size() < decoded_index + 1) {
    std::size_t next = decode_one(raw, i, out);
    if (out.size() > decoded_index) return i;
    i = next;
  }
  return i;
}

// --- Positions ----------------------------------------------------------------------

// Turns byte offsets into lines and columns, counting newlines once: each call must give
// an offset no smaller than the previous one.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}

  void locate(std::size_t offset, std::uint32_t& line, std::uint32_t& column) {
    if (offset < pos_) {  // not expected; start over rather than be wrong
      pos_ = 0;
      line_ = 1;
      line_start_ = 0;
    }
    const char* begin = text_.data() + pos_;
    const char* end = text_.data() + offset;
    if (const auto newlines = std::count(begin, end, '\n'); newlines > 0) {
      line_ += static_cast<std::uint32_t>(newlines);
      const void* last = memrchr(begin, '\n', static_cast<std::size_t>(end - begin));
      line_start_ = static_cast<std::size_t>(static_cast<const char*>(last) - text_.data()) + 1;
    }
    pos_ = offset;
    line = line_;
    column = static_cast<std::uint32_t>(offset - line_start_ + 1);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::size_t line_start_ = 0;
};

// --- Finding links ------------------------------------------------------------------

// Whether `c` is trimmed around a URL (C0 controls and space, WHATWG URL §4.4).
bool is_url_trim(char c) { return static_cast<unsigned char>(c) <= 0x20; }

// Calls `visit(const LinkView&)` for every URL reference of `html` (see for_each_link)
// and `on_id(std::string_view)` for the value of every `id` and `<a name>` (the targets
// of fragments, WHATWG HTML §7.4.6.4); `scratch` holds decoded values. Without
// `kLocate`, lines and columns are left 0.
template <bool kLocate, typename Visit, typename OnId>
void walk_links(std::string_view html, Visit&& visit, std::string& scratch, OnId&& on_id) {
  LineCounter lines(html);
  scan_attributes(html, [&](const RawAttribute& attribute) {
    const AttributeKind kind = classify_attribute(attribute.name);
    const std::string_view raw = html.substr(attribute.value_begin, attribute.value_end - attribute.value_begin);
    if (kind == AttributeKind::kId || (kind == AttributeKind::kName && iequals(attribute.element, "a"))) {
      on_id(decode_references(raw, scratch));
      return true;
    }
    if (kind != AttributeKind::kUrl && kind != AttributeKind::kSrcset) return true;
    const std::string_view value = decode_references(raw, scratch);
    const bool decoded = value.data() != raw.data();
    auto emit = [&](std::size_t begin, std::size_t end) {
      while (begin < end && is_url_trim(value[begin])) ++begin;
      while (end > begin && is_url_trim(value[end - 1])) --end;
      if (begin == end) return;
      LinkView link;
      link.element = attribute.element;
      link.attribute = attribute.name;
      link.url = value.substr(begin, end - begin);
      link.offset = attribute.value_begin + (decoded ? raw_index(raw, begin) : begin);
      if constexpr (kLocate) lines.locate(link.offset, link.line, link.column);
      visit(link);
    };
    if (kind == AttributeKind::kUrl) {
      emit(0, value.size());
      return true;
    }
    // A srcset: candidates split by commas, each a URL then descriptors (WHATWG HTML
    // §4.8.4.3.10, steps 4-9; a comma inside parentheses does not split).
    std::size_t p = 0;
    const std::size_t n = value.size();
    while (true) {
      while (p < n && (is_space(value[p]) || value[p] == ',')) ++p;
      if (p >= n) break;
      const std::size_t url_begin = p;
      while (p < n && !is_space(value[p])) ++p;
      std::size_t url_end = p;
      if (value[url_end - 1] == ',') {
        while (url_end > url_begin && value[url_end - 1] == ',') --url_end;
      } else {
        bool in_parens = false;
        for (; p < n; ++p) {
          if (value[p] == '(') in_parens = true;
          else if (value[p] == ')') in_parens = false;
          else if (value[p] == ',' && !in_parens) break;
        }
      }
      emit(url_begin, url_end);
    }
    return true;
  });
}

// --- Resolving ----------------------------------------------------------------------

// The length of the scheme of `url` (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-"
// / "." ) before a `:`), or 0 when it has none.
std::size_t scheme_length(std::string_view url) {
  if (url.empty() || !is_alpha(url[0])) return 0;
  for (std::size_t i = 1; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') return i;
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

// Whether a path segment is `.` or `..` (counting `%2e` as a dot, WHATWG URL §4.2).
bool is_single_dot(std::string_view s) { return s == "." || iequals(s, "%2e"); }
bool is_double_dot(std::string_view s) {
  return s == ".." || iequals(s, ".%2e") || iequals(s, "%2e.") || iequals(s, "%2e%2e");
}

// Writes the absolute path `path` with its dot segments removed into `out` (RFC 3986
// §5.2.4); `..` never climbs above the root.
void remove_dot_segments(std::string_view path, std::string& out) {
  out.clear();
  std::size_t i = 0;
  const std::size_t n = path.size();
  while (i < n) {
    std::size_t next = path.find('/', i + 1);
    if (next == kNone) next = n;
    const std::string_view segment = path.substr(i + 1, next - i - 1);
    if (is_single_dot(segment)) {
      if (next == n) out += '/';
    } else if (is_double_dot(segment)) {
      std::size_t last = out.rfind('/');
      out.resize(last == kNone ? 0 : last);
      if (next == n) out += '/';
    } else {
      out.append(path, i, next - i);
    }
    i = next;
  }
  if (out.empty()) out = "/";
}

// `text` with its `%XX` escapes decoded (RFC 3986 §2.1; a malformed one is kept): `text`
// itself when it has none, else a view of `scratch`.
std::string_view percent_decode(std::string_view text, std::string& scratch) {
  if (text.find('%') == kNone) return text;
  scratch.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    int hi, lo;
    if (text[i] == '%' && i + 2 < text.size() && (hi = hex_value(text[i + 1])) >= 0 &&
        (lo = hex_value(text[i + 2])) >= 0) {
      scratch += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      scratch += text[i];
    }
  }
  return scratch;
}

// Whether the last segment of `path` has a `.` (an extension).
bool has_extension(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::size_t dot = path.rfind('.');
  return dot != kNone && (slash == kNone || dot > slash);
}

bool ends_with_ignoring_case(std::string_view text, std::string_view lower_suffix) {
  return text.size() >= lower_suffix.size() && iequals(text.substr(text.size() - lower_suffix.size()), lower_suffix);
}

// Whether a `#fragment` of a reference to the file at `path` names one of its elements.
bool has_fragment_targets(std::string_view path) {
  return ends_with_ignoring_case(path, ".html") || ends_with_ignoring_case(path, ".htm") ||
         ends_with_ignoring_case(path, ".svg");
}

// Ignores ids, for walks that do not need them.
struct IgnoreIds {
  void operator()(std::string_view) const {}
};

bool contains_id(const std::vector<std::string>& ids, std::string_view id) {
  auto it = std::lower_bound(ids.begin(), ids.end(), id, [](const std::string& a, std::string_view b) { return a < b; });
  return it != ids.end() && *it == id;
}

// An internal reference with a fragment to check once every document's ids are known:
// its URL and fragment are slices of DocumentResult::text.
struct PendingFragment {
  std::uint32_t target = 0;  // the index of the document it points into
  std::size_t offset = 0;    // of the URL in the referring document
  std::uint32_t url_begin = 0, url_size = 0;
  std::uint32_t fragment_begin = 0, fragment_size = 0;
};

// What checking one document finds.
struct DocumentResult {
  std::vector<std::string> ids;  // its ids and `<a name>`s, decoded, sorted, unique
  std::vector<std::pair<std::size_t, BrokenLink>> broken;  // by offset; positions set last
  std::vector<PendingFragment> pending;
  std::string text;  // the URLs and fragments of `pending`, one after the other
};

// An internal reference, resolved to an absolute path.
struct Resolution {
  bool internal = false;
  std::string_view path;      // absolute, dot segments removed, still percent-encoded
  bool has_fragment = false;
  std::string_view fragment;  // without its `#`
};

// The whole output's paths, and what every document's check shares.
class LinkChecker {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFF;

  LinkChecker(const OutputSet& files, std::string_view base_path, const LinkCheckOptions& options)
      : base_path_(base_path), check_fragments_(options.check_fragments) {
    paths_.reserve(files.size());
    bodies_.reserve(files.size());
    for (const auto& [path, bytes] : files) {
      paths_.push_back(path);
      bodies_.push_back(&bytes);
    }
    // An open-addressing table of the paths, at most half full: one probe is usually
    // one cache line, where a node-based map costs several misses per lookup.
    std::size_t capacity = 16;
    while (capacity < paths_.size() * 2) capacity *= 2;
    slots_.assign(capacity, Slot{0, kMissing});
    for (std::uint32_t i = 0; i < paths_.size(); ++i) {
      const std::size_t hash = std::hash<std::string_view>()(paths_[i]);
      std::size_t slot = hash & (capacity - 1);
      while (slots_[slot].index != kMissing) slot = (slot + 1) & (capacity - 1);
      slots_[slot] = Slot{hash, i};
    }
    results_.resize(files.size());
    // "https://host/proj/" → origin "https://host", authority "//host", site path "/proj/".
    std::string_view url = options.base_url;
    std::size_t scheme = scheme_length(url);
    if (scheme > 0 && url.compare(scheme + 1, 2, "//") == 0) {
      std::size_t path = url.find('/', scheme + 3);
      if (path == kNone) path = url.size();
      origin_ = url.substr(0, path);
      authority_ = url.substr(scheme + 1, path - scheme - 1);
      site_path_ = path == url.size() ? std::string_view("/") : url.substr(path);
    }
  }

  std::size_t size() const { return paths_.size(); }
  std::string_view path(std::size_t i) const { return paths_[i]; }
  /// The index of the file at `path`, or kMissing.
  std::uint32_t index_of(std::string_view path) const { return find(path); }
  /// The documents whose ids the fragments of document `doc` (after scan_document) need.
  std::vector<std::uint32_t> fragment_targets(std::size_t doc) const {
    std::vector<std::uint32_t> targets;
    for (const PendingFragment& p : results_[doc].pending) targets.push_back(p.target);
    return targets;
  }
  /// The ids of document `doc` (after scan_document).
  const std::vector<std::string>& ids(std::size_t doc) const { return results_[doc].ids; }
  /// The bytes of document `doc`.
  const std::string& body(std::size_t doc) const { return *bodies_[doc]; }
  /// Makes `bytes` (which must outlive the checker) the bytes of document `doc`.
  void set_body(std::size_t doc, const std::string* bytes) { bodies_[doc] = bytes; }

  // Phase 1: finds the broken references of document `doc` and its ids, and keeps the
  // fragments to check once every document's ids are known.
  void scan_document(std::size_t doc) {
    const std::string_view html = *bodies_[doc];
    DocumentResult& result = results_[doc];
    Document d{paths_[doc], std::string(base_path_), {}, {}, false, result};
    // The document's URL path: its output path under the base path, `index.html` dropped.
    const bool is_index = d.file == "index.html" || d.file.ends_with("/index.html");
    d.url.append(is_index ? d.file.substr(0, d.file.size() - 10) : d.file);
    d.own_dir = d.url.substr(0, d.url.rfind('/') + 1);
    d.dir = d.own_dir;
    Scratch scratch;
    if (!check_references(html, d, false, scratch)) {
      // A `<base href>` came after references it applies to: check them all again.
      result = DocumentResult();
      check_references(html, d, true, scratch);
    }
    std::sort(result.ids.begin(), result.ids.end());
    result.ids.erase(std::unique(result.ids.begin(), result.ids.end()), result.ids.end());
  }

  // Phase 2, once every document went through phase 1: checks the fragments of document
  // `doc` and moves its broken references, with their positions, to `broken`.
  void finish_document(std::size_t doc, std::vector<BrokenLink>& broken) {
    DocumentResult& result = results_[doc];
    std::string scratch;
    bool added = false;
    for (const PendingFragment& p : result.pending) {
      const std::string_view fragment(result.text.data() + p.fragment_begin, p.fragment_size);
      const std::vector<std::string>& ids = results_[p.target].ids;
      if (contains_id(ids, fragment) || contains_id(ids, percent_decode(fragment, scratch))) continue;
      const std::string_view url(result.text.data() + p.url_begin, p.url_size);
      result.broken.emplace_back(p.offset, BrokenLink{std::string(paths_[doc]), 0, 0, std::string(url),
                                                      "no id \"" + std::string(fragment) + "\" in " +
                                                          std::string(paths_[p.target])});
      added = true;
    }
    if (added)
      std::stable_sort(result.broken.begin(), result.broken.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
    LineCounter lines(*bodies_[doc]);
    for (auto& [offset, link] : result.broken) {
      lines.locate(offset, link.line, link.column);
      broken.push_back(std::move(link));
    }
  }

 private:
  struct Scratch {
    std::string decoded;    // attribute values with references decoded
    std::string cleaned;    // URLs without tabs and newlines
    std::string joined;     // a folder + a relative path
    std::string path;       // a path without dot segments
    std::string unescaped;  // a percent-decoded path
    std::string key;        // an output path with `index.html` appended
  };

  // The document being checked.
  struct Document {
    std::string_view file;   // its output path
    std::string url;         // its URL's path ("/proj/it/about/")
    std::string own_dir;     // the folder of its URL
    std::string dir;         // the folder relative references start from (its base's)
    bool base_external;      // whether its `<base href>` sends relative references off the site
    DocumentResult& result;  // what its check finds
  };

  // Checks every reference of `html`. The first `<base href>` is the base of all the
  // others (WHATWG HTML §4.2.3), its own href resolved against the document's URL; when
  // `base_known`, `d` already has it. Returns false, having stopped, when the base
  // changes after references were checked.
  bool check_references(std::string_view html, Document& d, bool base_known, Scratch& scratch) {
    bool base_seen = false;
    bool seen_links = false;
    bool stopped = false;
    walk_links<false>(
        html,
        [&](const LinkView& link) {
          if (stopped) return;
          if (!base_seen && iequals(link.element, "base")) {
            base_seen = true;
            check_link(d, link, d.own_dir, false, scratch);
            if (!base_known && set_base(link.url, d, scratch) && seen_links) stopped = true;
            return;
          }
          seen_links = true;
          check_link(d, link, d.dir, d.base_external, scratch);
        },
        scratch.decoded, [&](std::string_view id) {
          if (check_fragments_) d.result.ids.emplace_back(id);
        });
    return !stopped;
  }

  // Makes `href`, the document's first `<base href>`, its base; returns whether that
  // changes how its references resolve.
  bool set_base(std::string_view href, Document& d, Scratch& scratch) const {
    const Resolution base = resolve(href, d.url, d.own_dir, false, scratch);
    if (base.internal) {
      std::string_view dir = base.path.substr(0, base.path.rfind('/') + 1);
      if (dir == d.dir) return false;
      d.dir.assign(dir);
      return true;
    }
    if (href.empty() || href[0] == '#') return false;
    d.base_external = true;
    return true;
  }

  // Checks one reference of the document, relative ones starting from `dir` (or from
  // off the site).
  void check_link(Document& d, const LinkView& link, std::string_view dir, bool base_external, Scratch& scratch) {
    const Resolution r = resolve(link.url, d.url, dir, base_external, scratch);
    if (r.internal) check_target(d, link, r, scratch);
  }

  // Whether `path` (absolute) is inside the site at `site_path` ("/proj" counts).
  static bool is_under(std::string_view path, std::string_view site_path) {
    return path.starts_with(site_path) ||
           (path.size() + 1 == site_path.size() && site_path.starts_with(path));
  }

  // Resolves `url` against a document whose URL path is `doc_url` and whose relative
  // references start from `dir` (or, with `base_external`, leave the site). External
  // references come back not internal; a pure fragment names the document itself.
  Resolution resolve(std::string_view url, std::string_view doc_url, std::string_view dir, bool base_external,
                     Scratch& scratch) const {
    Resolution r;
    if (std::any_of(url.begin(), url.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; })) {
      // The URL parser drops tabs and newlines (WHATWG URL §4.4).
      scratch.cleaned.clear();
      for (char c : url)
        if (c != '\t' && c != '\n' && c != '\r') scratch.cleaned += c;
      url = scratch.cleaned;
    }
    if (url.empty()) return r;
    const std::size_t hash = url.find('#');
    if (hash != kNone) {
      r.has_fragment = true;
      r.fragment = url.substr(hash + 1);
    }
    const std::string_view before_fragment = url.substr(0, hash);
    std::string_view path = before_fragment.substr(0, before_fragment.find('?'));
    if (scheme_length(url) > 0) {
      if (origin_.empty() || !istarts_with(path, origin_)) return r;
      path.remove_prefix(origin_.size());
      if (!path.empty() && path[0] != '/') return r;  // "https://host.evil/"
      if (path.empty()) path = "/";
      if (!is_under(path, site_path_)) return r;  // the same host, another site
    } else if (path.starts_with("//")) {
      if (authority_.empty() || !istarts_with(path, authority_)) return r;
      path.remove_prefix(authority_.size());
      if (!path.empty() && path[0] != '/') return r;
      if (path.empty()) path = "/";
      if (!is_under(path, site_path_)) return r;
    } else if (base_external) {
      return r;
    } else if (path.empty()) {
      path = doc_url;  // `?q` or `?q#f`: the document itself (RFC 3986 §5.2.2)
    } else if (path[0] != '/') {
      scratch.joined.assign(dir);
      scratch.joined.append(path);
      path = scratch.joined;
    }
    remove_dot_segments(path, scratch.path);
    r.internal = true;
    r.path = scratch.path;
    return r;
  }

  // Checks that the internal reference `r` names a file of the output, recording it
  // when not, and keeps its fragment for finish_document when there is one to check.
  void check_target(Document& d, const LinkView& link, const Resolution& r, Scratch& scratch) const {
    auto report = [&](std::string reason) {
      d.result.broken.emplace_back(link.offset,
                                   BrokenLink{std::string(d.file), 0, 0, std::string(link.url), std::move(reason)});
    };
    std::string_view path = r.path;
    if (!is_under(path, base_path_)) {
      report("outside the site: " + std::string(path) + " is not under the base path " + base_path_);
      return;
    }
    path.remove_prefix(std::min(path.size(), base_path_.size()));
    const std::string_view rel = percent_decode(path, scratch.unescaped);
    std::uint32_t target = kMissing;
    if (rel.empty() || rel.back() == '/') {
      scratch.key.assign(rel).append("index.html");
      target = find(scratch.key);
      if (target == kMissing) {
        report("no file " + scratch.key + " in the output");
        return;
      }
    } else {
      target = find(rel);
      if (target == kMissing && !has_extension(rel)) {
        scratch.key.assign(rel).append("/index.html");
        target = find(scratch.key);
        if (target == kMissing) {
          report("no file " + std::string(rel) + " or " + scratch.key + " in the output");
          return;
        }
      }
      if (target == kMissing) {
        report("no file " + std::string(rel) + " in the output");
        return;
      }
    }
    if (!check_fragments_ || !r.has_fragment || !has_fragment_targets(paths_[target])) return;
    std::string_view fragment = r.fragment;
    if (std::size_t directive = fragment.find(":~:"); directive != kNone) fragment = fragment.substr(0, directive);
    if (fragment.empty() || iequals(fragment, "top")) return;  // WHATWG HTML §7.4.6.3 steps 4-5
    std::string& text = d.result.text;
    PendingFragment pending;
    pending.target = target;
    pending.offset = link.offset;
    pending.url_begin = static_cast<std::uint32_t>(text.size());
    pending.url_size = static_cast<std::uint32_t>(link.url.size());
    text.append(link.url);
    pending.fragment_begin = static_cast<std::uint32_t>(text.size());
    pending.fragment_size = static_cast<std::uint32_t>(fragment.size());
    text.append(fragment);
    d.result.pending.push_back(pending);
  }

  // The index of the file at `path`, or kMissing.
  std::uint32_t find(std::string_view path) const {
    const std::size_t hash = std::hash<std::string_view>()(path);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask; slots_[slot].index != kMissing; slot = (slot + 1) & mask)
      if (slots_[slot].hash == hash && paths_[slots_[slot].index] == path) return slots_[slot].index;
    return kMissing;
  }

  struct Slot {
    std::size_t hash;
    std::uint32_t index;  // kMissing when empty
  };

  std::string base_path_;
  bool check_fragments_;
  std::string_view origin_;     // "https://host", or "" without a base URL
  std::string_view authority_;  // "//host"
  std::string_view site_path_;  // the base URL's path
  std::vector<std::string_view> paths_;
  std::vector<const std::string*> bodies_;
  std::vector<Slot> slots_;  // the paths' hash table
  std::vector<DocumentResult> results_;  // per document, by index
};

}  // namespace

bool is_checked_document(std::string_view path) {
  return ends_with_ignoring_case(path, ".html") || ends_with_ignoring_case(path, ".htm") ||
         ends_with_ignoring_case(path, ".xml") || ends_with_ignoring_case(path, ".svg");
}

void for_each_link(std::string_view html, const std::function<void(const LinkView&)>& visit) {
  std::string scratch;
  walk_links<true>(html, visit, scratch, IgnoreIds());
}

std::vector<LinkRef> find_links(std::string_view html) {
  std::vector<LinkRef> links;
  std::string scratch;
  walk_links<true>(
      html,
      [&](const LinkView& link) {
        links.push_back(LinkRef{lowercase(link.element), lowercase(link.attribute), std::string(link.url), link.offset,
                                link.line, link.column});
      },
      scratch, IgnoreIds());
  return links;
}

namespace {

/// The base path as check_links takes it ("proj" → "/proj/").
std::string site_path_of(std::string_view base_path) {
  std::string site_path(base_path);
  if (site_path.empty() || site_path.front() != '/') site_path.insert(site_path.begin(), '/');
  if (site_path.back() != '/') site_path += '/';
  return site_path;
}

/// Phase 2 for `documents` (all through phase 1), their broken links in their order.
std::vector<BrokenLink> finish_documents(LinkChecker& checker, const std::vector<std::size_t>& documents) {
  std::vector<std::vector<BrokenLink>> found(documents.size());
  parallel_for(documents.size(), [&](std::size_t i) { checker.finish_document(documents[i], found[i]); });
  std::vector<BrokenLink> broken;
  for (auto& list : found) std::move(list.begin(), list.end(), std::back_inserter(broken));
  return broken;
}

}  // namespace

std::vector<BrokenLink> check_links(const OutputSet& files, std::string_view base_path,
                                    const LinkCheckOptions& options) {
  LinkChecker checker(files, site_path_of(base_path), options);
  std::vector<std::size_t> documents;
  for (std::size_t i = 0; i < checker.size(); ++i)
    if (is_checked_document(checker.path(i))) documents.push_back(i);
  parallel_for(documents.size(), [&](std::size_t i) { checker.scan_document(documents[i]); });
  return finish_documents(checker, documents);
}

std::vector<BrokenLink> check_links_of(
    const OutputSet& files, const std::vector<std::string>& documents, std::string_view base_path,
    const LinkCheckOptions& options,
    const std::function<std::optional<std::string>(std::string_view path)>& read_unloaded) {
  LinkChecker checker(files, site_path_of(base_path), options);
  std::vector<std::size_t> checked;
  for (const std::string& path : documents) {
    std::uint32_t i = checker.index_of(path);
    if (i != LinkChecker::kMissing && is_checked_document(path)) checked.push_back(i);
  }
  std::sort(checked.begin(), checked.end());  // the OutputSet's order, as check_links reports
  checked.erase(std::unique(checked.begin(), checked.end()), checked.end());
  parallel_for(checked.size(), [&](std::size_t i) { checker.scan_document(checked[i]); });
  // The documents their fragments point into need their ids too (scanned once each).
  std::vector<std::size_t> targets;
  for (std::size_t doc : checked) {
    for (std::uint32_t t : checker.fragment_targets(doc)) targets.push_back(t);
  }
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  std::vector<std::size_t> extra;
  std::set_difference(targets.begin(), targets.end(), checked.begin(), checked.end(), std::back_inserter(extra));
  std::vector<std::string> loaded(extra.size());  // the bytes of documents `files` holds empty
  if (read_unloaded) {
    for (std::size_t i = 0; i < extra.size(); ++i) {
      if (!checker.body(extra[i]).empty()) continue;
      if (std::optional<std::string> bytes = read_unloaded(checker.path(extra[i]))) {
        loaded[i] = std::move(*bytes);
        checker.set_body(extra[i], &loaded[i]);
      }
    }
  }
  parallel_for(extra.size(), [&](std::size_t i) { checker.scan_document(extra[i]); });
  return finish_documents(checker, checked);
}

std::vector<std::string> document_ids(std::string_view path, std::string_view html) {
  if (!is_checked_document(path)) return {};
  OutputSet one{{std::string(path), std::string(html)}};
  LinkChecker checker(one, "/", {});
  checker.scan_document(0);
  return checker.ids(0);
}

std::string resolve_internal_links(std::string_view html,
                                   const std::function<std::optional<std::string>(std::string_view target)>& resolve,
                                   std::vector<UnresolvedLink>& errors) {
  if (html.find("@/") == kNone && html.find("&#64;/") == kNone) return std::string(html);
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;
  std::string scratch;
  std::string target_scratch;
  LineCounter lines(html);
  scan_attributes(html, [&](const RawAttribute& attribute) {
    if (!iequals(attribute.name, "href")) return true;
    const std::string_view raw = html.substr(attribute.value_begin, attribute.value_end - attribute.value_begin);
    std::string_view value = decode_references(raw, scratch);
    std::size_t lead = 0;
    while (lead < value.size() && is_url_trim(value[lead])) ++lead;
    value.remove_prefix(lead);
    while (!value.empty() && is_url_trim(value.back())) value.remove_suffix(1);
    if (!value.starts_with("@/")) return true;
    const std::size_t hash = value.find('#');
    const std::string_view fragment = hash == kNone ? std::string_view() : value.substr(hash);
    std::string_view target = percent_decode(value.substr(2, hash == kNone ? kNone : hash - 2), target_scratch);
    if (target.ends_with(".md")) target.remove_suffix(3);
    std::optional<std::string> url = resolve(target);
    if (!url) {
      UnresolvedLink error{std::string(target), std::string(value), 0, 0, 0};
      error.offset = attribute.value_begin + (value.data() == raw.data() + lead ? lead : raw_index(raw, lead));
      lines.locate(error.offset, error.line, error.column);
      errors.push_back(std::move(error));
      return true;
    }
    url->append(fragment);
    out.append(html, copied, attribute.value_begin - copied);
    if (attribute.quote == 0) out += '"';
    append_escaped(out, *url);
    if (attribute.quote == 0) out += '"';
    copied = attribute.value_end;
    return true;
  });
  out.append(html, copied);
  return out;
}

}  // namespace reel
