// markdown: a prose file → front matter + HTML, through cmark-gfm with its GFM
// extensions. Heading ids and the table of contents come from walking cmark's tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "input/config.h"

namespace reel {

/// A prose file split at its front matter fence. The front matter is the YAML between a
/// first line `---` and the next line that is `---` (Hugo's and Zola's YAML form).
struct FrontMatterSplit {
  std::string_view front_matter;   ///< the YAML text, without the fences (empty if none)
  std::string_view body;           ///< the Markdown after the closing fence
  std::uint32_t front_matter_line = 0;  ///< 1-based line where the YAML starts (2), 0 if none
  std::uint32_t body_line = 1;          ///< 1-based line where the body starts
};

/// Splits `text`. Throws reel::Error at `file`:1:1 when an opening `---` is never closed.
FrontMatterSplit split_front_matter(std::string_view text, const std::string& file);

/// A template expression in prose, `{{ fact('budget.amount', 'money') }}`, as written.
struct Shortcode {
  std::string source;        ///< the whole `{{ … }}`, braces included
  std::uint32_t line = 0;    ///< 1-based position of its `{{` in the prose file
  std::uint32_t column = 0;
  std::string line_text;     ///< the whole line, for error messages
};

/// Prose with its shortcodes taken out: each `{{ … }}` outside code is replaced by
/// shortcode_token(i), which Markdown leaves alone, so that its HTML output can be put
/// back after rendering (Hugo's and Zola's shortcodes work the same way).
struct ShortcodeSplit {
  std::string markdown;
  std::vector<Shortcode> shortcodes;
};

/// Finds `{{ … }}` in `body` (whose first line is line `first_line` of its file),
/// skipping fenced code blocks and inline code spans. Throws reel::Error at the `{{`
/// when it is never closed on its line, and at a `{%` outside code (and outside a
/// `{{ … }}`): template tags, Zola's shortcodes with a body (`{% name() %}…{% end %}`)
/// among them, do not work in prose, and would otherwise be printed as page text. The
/// error has the line, its column (1-based, in bytes), the line's text and a hint.
ShortcodeSplit extract_shortcodes(std::string_view body, std::uint32_t first_line, const std::string& file);

/// The placeholder of shortcode `index`: letters and digits only ("XREELSC3X").
std::string shortcode_token(std::size_t index);

/// A heading of the rendered document, for a table of contents.
struct Heading {
  int level = 0;        ///< 1–6
  std::string id;       ///< the id attribute given to it (unique in the document)
  std::string text;     ///< its plain text
};

/// What render_markdown() needs to know about the document it renders, beyond the
/// site-wide MarkdownOptions: what makes its footnotes its own on a page that shows
/// several rendered fragments, and how they read in the document's language.
struct DocumentOptions {
  /// Put before every footnote id and every link to one, with a '-': with "about", the
  /// first reference links to "#about-fn-1" and has the id "about-fnref-1", its
  /// definition has the id "about-fn-1" and its back-link goes to "#about-fnref-1".
  /// "" keeps cmark-gfm's own ids ("fn-1", "fnref-1"). Give each document of a page a
  /// different one (footnote_id_prefix() makes one from a prose file's id).
  std::string id_prefix;
  /// The accessible name (`aria-label`) of each footnote's back-link ("↩"), as plain
  /// text (it is HTML-escaped here). The caller gives it in the document's language,
  /// e.g. from the language's UI string `footnote_backref` ("Torna al testo").
  std::string footnote_backref_label = "Back to content";
};

/// The footnote id prefix of the prose file with id `id` ("about", "books/emma"): its
/// path segments, each made a slug by slugify(), joined with '-' ("books-emma").
std::string footnote_id_prefix(std::string_view id);

/// Rendered Markdown.
struct Prose {
  std::string html;               ///< the HTML fragment
  std::vector<Heading> headings;  ///< in document order
};

/// Renders CommonMark + the GFM extensions that `options` names. Raw HTML is dropped
/// unless `options.unsafe_html`. With `options.heading_ids` each heading gets an id
/// made by `slugify` from its text, made unique with "-1", "-2"… as GitHub does: the
/// smallest suffix not yet taken by an earlier heading's id ("x", "x-1", "x-2"; a
/// heading "x-1" written before the second "x" keeps its id and pushes that one to
/// "x-2"). Linear in the number of headings, however many share a slug. A heading is
/// written on one line, its text right inside the element: `<h2 id="plot">Plot</h2>`.
/// Footnotes (the `footnotes` extension) get the ids and back-link label `document`
/// asks for; every footnote link of the result goes to an id of the same result.
/// Throws nothing of its own.
Prose render_markdown(std::string_view markdown, const MarkdownOptions& options, const DocumentOptions& document = {});

/// A URL- and id-safe slug: lowercase letters and digits (any script) kept, spaces and
/// dashes become one '-', other punctuation dropped. "Cast & crew" → "cast-crew",
/// "Produzione e riprese" → "produzione-e-riprese", "Ricezione critica" unchanged in
/// shape. Never empty: "section" when nothing is left.
std::string slugify(std::string_view text);

}  // namespace reel
