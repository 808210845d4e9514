// prose: one Markdown file under content/<lang>/ → ProseFile: its front matter, its
// body rendered by cmark-gfm (the Markdown stage) and the shortcodes taken out of it.
// Each file is read on its own, so a build redoes only the files that changed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/value.h"
#include "input/config.h"
#include "input/markdown.h"

namespace reel {

class InputProducts;

/// What a list page asks for in its front matter (`list:`): which pages, in what order,
/// how many on each page (Zola's section `sort_by` and `paginate_by`).
struct ListSpec {
  std::string collection;  ///< the collection whose pages it lists, or "" for its section
  /// The page field to sort by: `title`, `date`, `order`, `id`, or `facts.<dotted path>`
  /// into the page's facts. Text sorts with the language's ICU collator, numbers by
  /// value; pages without the field come last.
  std::string sort_by = "title";
  bool reverse = false;
  std::int64_t paginate_by = 0;  ///< pages listed per page; 0 lists all on one
};

/// An internal link written in Markdown as `](@/target)`, where it is in the file.
struct InternalLinkRef {
  std::string target;        ///< as written after `@/`, without `.md` and `#fragment`: "about", "books/emma"
  std::uint32_t line = 0;    ///< 1-based position of the `@` in the prose file
  std::uint32_t column = 0;
  std::string line_text;     ///< the whole line, for messages
};

/// A prose file, read and rendered. A field added here is compared by same_but_body()
/// too, and kept by the build's products (build/products.cpp).
struct ProseFile {
  std::string path;         ///< "content/it/about.md"
  std::string lang;         ///< the language folder: "it"
  std::string id;           ///< path below the language folder, no extension: "about", "books/x"
  Value front_matter;       ///< the whole front matter map (a map, possibly empty)
  std::string title;        ///< front matter `title` ("" when missing: an error unless facts give one)
  std::string description;
  std::string layout;       ///< front matter `layout`, "" when not set
  std::int64_t order = 0;
  std::string date;         ///< front matter `date` (ISO 8601), or ""
  std::string slug;         ///< front matter `slug`, or ""
  /// Front matter `facts`: the facts ids the page binds, with the name each is seen
  /// under ("" when the front matter gives the bare id: the collection's `as` decides).
  std::vector<std::pair<std::string, std::string>> facts;
  bool draft = false;
  bool has_list = false;    ///< the front matter has `list:`
  ListSpec list;
  std::string original_hash;  ///< front matter `original_hash`
  /// content_hash() of what a reader sees of it: title, description and body, so a
  /// changed title also makes its translations stale.
  std::string hash;
  /// The body's HTML, with a shortcode_token() where each shortcode goes, and its
  /// headings. Read the HTML through html(): a file from a build's products keeps it in
  /// `stored_html` instead, and prose.html is empty.
  Prose prose;
  /// The body's HTML as the products file holds it (build/products.h decode_prose),
  /// shared with the mapping of that file rather than copied: a build that renders few
  /// pages reads few of these bytes.
  SharedBytes stored_html;
  std::vector<Shortcode> shortcodes;
  std::vector<InternalLinkRef> internal_links;  ///< every `](@/…)` of the body, in order
  std::uint32_t title_line = 1;  ///< where `title` is, for messages
  /// Where the front matter's `layout` and `facts` values are (the file at 1:1 when
  /// absent), with their lines, so that an unknown layout or facts id points there.
  SourcePos layout_pos, facts_pos;
  std::string layout_line, facts_line;
  /// hash_bytes of the file's bytes: what its product is kept under across builds
  /// (input/reuse.h). 0 when reading it gave a diagnostic, so it is read again next time.
  std::uint64_t fingerprint = 0;

  /// The body's HTML: prose.html, or stored_html when the file came from the products.
  std::string_view html() const { return stored_html.owner ? stored_html.bytes : std::string_view(prose.html); }
};

/// Whether `a` and `b` differ at most in their body: the HTML and its headings,
/// shortcodes and internal links, and the `hash` and `fingerprint` that follow from it.
/// Every other field of ProseFile (a new field must join them here) is the same: the path,
/// the front matter value for value (identical(): kinds and key order too) and each
/// field read from it, at the same positions. A site assembled with either file is the
/// same but for its pages' `body_hash` (Build::update's fast path for a prose edit).
bool same_but_body(const ProseFile& a, const ProseFile& b);

/// Every prose file of a site, by path.
using ProseSet = std::map<std::string, ProseFile, std::less<>>;

/// A short, stable fingerprint of a text (64-bit FNV-1a, 16 hex digits), with line
/// endings normalised so that a checkout on Windows gives the same value.
std::string content_hash(std::string_view text);

/// The paths of every prose file (`content/<lang>/**.md`) of every language, sorted.
std::vector<std::string> list_prose_files(const FileSystem& fs, const Config& config);

/// The UI string (site.yaml `languages.<code>.strings`) that labels a footnote's
/// back-link for screen readers, e.g. `footnote_backref: Torna al testo`. A language
/// without it gets DocumentOptions' English default, "Back to content".
inline constexpr std::string_view kFootnoteBackrefString = "footnote_backref";

/// How the prose file with id `id` ("about", "books/emma") in language `lang` is
/// rendered: its footnote ids prefixed with footnote_id_prefix(id), so that the
/// footnotes of several prose files shown on one page never share an id, and its
/// back-links labelled with the language's `footnote_backref` string. Throws nothing.
DocumentOptions document_options(const Config& config, std::string_view lang, std::string_view id);

/// Reads and renders the prose file at `path` (in language `lang`). Problems go into
/// `diags` with positions: bad front matter, wrong types, a bad `slug`, a bad `list`.
/// Returns false when the file cannot be used at all. With `products`, a file an earlier
/// build kept a product for (same bytes) is not parsed: the product is used, and the
/// result is the same (input/reuse.h).
bool read_prose(const FileSystem& fs, const Config& config, const std::string& lang, const std::string& path,
                ProseFile& out, Diagnostics& diags, const InputProducts* products = nullptr);

/// read_prose() for every file of `paths` (in parallel); diagnostics in path order.
ProseSet read_prose_files(const FileSystem& fs, const Config& config, const std::vector<std::string>& paths,
                          Diagnostics& diags, const InputProducts* products = nullptr);

/// Whether `segment` is one URL path segment made only of RFC 3986's unreserved
/// characters (§2.3: ASCII letters, digits, `-`, `.`, `_`, `~`), so that it reads the
/// same in every link without percent-encoding; "", "." and ".." are not.
bool is_url_safe_segment(std::string_view segment);

/// The language of a prose path ("content/it/x.md" → "it"), or "" when it is not one.
std::string prose_language(const Config& config, std::string_view path);

/// `text`, a prose file, with its front matter's `original_hash` set to `hash`, quoted
/// (`original_hash: "0ee2fa33dfa6cd79"`, so that YAML never reads it as a number):
/// an existing `original_hash:` line is replaced; otherwise the line is added last in
/// the front matter, or a front matter holding only it is put at the top. Every other
/// byte is kept (CRLF line endings too). Throws reel::Error at `file`:1:1 when the
/// front matter is opened and never closed.
std::string with_original_hash(std::string_view text, std::string_view hash, const std::string& file);

}  // namespace reel
