// links: finding, checking and resolving the URL references of rendered documents. It
// is pure (no I/O): it reads an OutputSet in memory, so the build can refuse to write a
// site with a broken internal link or asset reference, and turns Markdown's `@/…` page
// links into URLs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "output/output.h"

namespace reel {

/// One URL reference of a document, as for_each_link sees it. The views point into the
/// document or into a scratch buffer, and are valid only during the callback.
struct LinkView {
  std::string_view element;    ///< the element's name as written ("a", "IMG", "use")
  std::string_view attribute;  ///< the attribute's name as written ("href", "SrcSet")
  /// The URL as a browser reads it: character references decoded, surrounding ASCII
  /// whitespace removed; one candidate of a `srcset`.
  std::string_view url;
  std::size_t offset = 0;    ///< byte offset in the document of the URL's first byte
  std::uint32_t line = 0;    ///< 1-based line of `offset` (lines end at LF)
  std::uint32_t column = 0;  ///< 1-based column of `offset`, in bytes
};

/// One URL reference of a document, owning its text (see LinkView for the fields).
struct LinkRef {
  std::string element;    ///< the element's name, lowercased
  std::string attribute;  ///< the attribute's name, lowercased
  std::string url;        ///< the URL, character references decoded, trimmed
  std::size_t offset = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// Calls `visit` for every URL reference of `html` (an HTML, SVG or XML document), in
/// document order: the values of the attributes `href`, `xlink:href`, `src`, `poster`,
/// `action` and `data`, and every candidate URL of `srcset` and `imagesrcset` (parsed as
/// WHATWG HTML §4.8.4.3.10 "parse a srcset attribute" does), on any element, names in
/// any case, values double-quoted, single-quoted or unquoted (tokenized as WHATWG HTML
/// §13.2.5 does). Comments, CDATA sections, doctypes, processing instructions and the
/// contents of `script`, `style`, `textarea`, `title`, `xmp`, `iframe`, `noembed` and
/// `noframes` are skipped (not when the start tag is self-closing, as in XML). Values
/// have `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` and numeric references
/// (`&#38;`, `&#x26;`) decoded (WHATWG HTML §13.2.5.72-80); other named references are
/// kept as written. Empty values are not reported. Linear in the size of `html`; throws
/// nothing but what `visit` throws.
void for_each_link(std::string_view html, const std::function<void(const LinkView&)>& visit);

/// Every URL reference of `html`, as for_each_link finds them, in document order, with
/// element and attribute names lowercased.
std::vector<LinkRef> find_links(std::string_view html);

/// A reference of the output that does not resolve to a file of the output.
struct BrokenLink {
  std::string file;          ///< the output path of the document holding it ("it/index.html")
  std::uint32_t line = 0;    ///< 1-based line of the URL in that document
  std::uint32_t column = 0;  ///< 1-based column of the URL, in bytes
  std::string url;           ///< the URL as found (character references decoded)
  std::string reason;        ///< why it is broken, one sentence without a final period

  bool operator==(const BrokenLink&) const = default;
};

/// How check_links treats the references it finds.
struct LinkCheckOptions {
  /// The site's absolute base URL ("https://user.github.io/proj/"), whose path should be
  /// the base path; absolute URLs that start with it (scheme and host compared without
  /// case) are checked as internal ones. Empty: every absolute URL is external.
  std::string_view base_url;
  /// Whether the `#fragment` of an internal reference to an HTML or SVG document must
  /// name an `id` (or an `<a name>`) of that document (WHATWG HTML §7.4.6.4 "find a
  /// potential indicated element": as written, then percent-decoded). `#top`, an empty
  /// fragment and text directives (`#:~:text=`) always resolve.
  bool check_fragments = true;
};

/// The broken internal references of every `.html`, `.htm`, `.xml` and `.svg` file of
/// `files` (references found as for_each_link does), sorted by file (in the OutputSet's
/// order) then by position; the result is the same whatever the number of threads.
///
/// `base_path` is the path the site is served under ("/" or "/proj/"; a missing leading
/// or trailing `/` is added). A document's URL is its output path under `base_path`,
/// with a final `index.html` dropped: `it/about/index.html` is served at
/// `<base_path>it/about/`, `404.html` at `<base_path>404.html`. A reference is internal
/// when it is root-relative (`/proj/x`), relative (`style.css`, `../it/`, `?q`) or
/// absolute under `options.base_url` (also scheme-relative, `//host/proj/x`); others
/// (other hosts, `mailto:`, `tel:`, `data:`, `javascript:`, any scheme) are not
/// checked; a pure `#fragment` names the document itself. An internal reference is resolved against the
/// document's URL, or against its first `<base href>` (RFC 3986 §5.2.2, dot segments
/// removed as §5.2.4 says, `%2e` counting as a dot as WHATWG URL does), its query and
/// fragment dropped and its path percent-decoded (RFC 3986 §2.1); it resolves when the
/// path is under `base_path` and names a file of `files`, or ends with `/` (or has no
/// extension in its last segment) and `<path>/index.html` is a file of `files`.
///
/// Reads each document once, on every core (parallel_for), collecting its ids in the
/// same pass; fragments are checked once all ids are known. Cost: linear in the size of
/// the documents plus one hash lookup per internal reference (20,000 pages of 7 KB with
/// 100 links each: about half a second on one core). Throws only std::bad_alloc.
std::vector<BrokenLink> check_links(const OutputSet& files, std::string_view base_path,
                                    const LinkCheckOptions& options = {});

/// check_links for some documents of `files` only (`documents`: output paths; paths that
/// are not in `files` or are not HTML, XML or SVG are skipped): their references are
/// resolved against every file of `files`, and their fragments against the ids of the
/// documents they point into (those are read for their ids only). The result is what
/// check_links would report for those documents, in the same order. For a rebuild that
/// changed a few documents and left the paths and every other document's ids as they
/// were: its cost follows the documents changed, not the site.
///
/// `read_unloaded`, when given, supplies the bytes of a document that `files` holds
/// empty when a checked document's fragment points into it: the files a rebuild left as
/// they were, listed by path and read from the output folder only when needed (nullopt:
/// it has no ids). Throws only std::bad_alloc and what `read_unloaded` throws.
std::vector<BrokenLink> check_links_of(
    const OutputSet& files, const std::vector<std::string>& documents, std::string_view base_path,
    const LinkCheckOptions& options = {},
    const std::function<std::optional<std::string>(std::string_view path)>& read_unloaded = {});

/// Whether check_links reads the references and ids of the file at output path `path`:
/// an `.html`, `.htm`, `.xml` or `.svg` file, in any case. Throws nothing.
bool is_checked_document(std::string_view path);

/// The ids (and `<a name>`s) that fragments can name in the document at output path
/// `path` (an `.html`, `.htm`, `.xml` or `.svg` file; none for other files), decoded,
/// sorted and unique, as check_links collects them. Throws only std::bad_alloc.
std::vector<std::string> document_ids(std::string_view path, std::string_view html);

/// An `@/…` link that resolve_internal_links could not resolve.
struct UnresolvedLink {
  std::string target;         ///< what the callback was given ("pages/x")
  std::string href;           ///< the whole href as written, references decoded ("@/pages/x.md#plot")
  std::size_t offset = 0;     ///< byte offset of the href's value in the HTML
  std::uint32_t line = 0;     ///< 1-based line of `offset` in the HTML
  std::uint32_t column = 0;   ///< 1-based column of `offset`, in bytes
};

/// `html` with the value of every `href` that starts with `@/` (Zola's internal link:
/// `@/pages/x.md`, `@/about.md#plot`, `@/pages/x`) replaced by `resolve(target)` followed
/// by the link's `#fragment` as written, escaped for the attribute (and quoted, when the
/// value was not). `target` is the part after `@/` up to the first `#`, percent-decoded
/// (RFC 3986 §2.1; Markdown renderers percent-encode link destinations) and without a
/// final `.md`. When `resolve` returns nullopt, the href is left as written and an
/// UnresolvedLink is appended to `errors`. Hrefs are found as for_each_link finds them
/// (not in comments or scripts). Throws only what `resolve` throws.
std::string resolve_internal_links(std::string_view html,
                                   const std::function<std::optional<std::string>(std::string_view target)>& resolve,
                                   std::vector<UnresolvedLink>& errors);

}  // namespace reel
