#include "input/markdown.h"

#include "base/text.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace reel {

FrontMatterSplit split_front_matter(std::string_view text, const std::string& file) {
  FrontMatterSplit out;
  out.body = text;
  // A UTF-8 byte order mark is not part of the fence.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  auto is_fence = [](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    return line == "---";
  };
  std::size_t first_nl = text.find('\n');
  if (first_nl == std::string_view::npos || !is_fence(text.substr(0, first_nl))) {
    out.body = text;
    return out;
  }
  std::size_t start = first_nl + 1;
  std::size_t pos = start;
  std::uint32_t line = 2;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view l = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (is_fence(l)) {
      out.front_matter = text.substr(start, pos - start);
      out.front_matter_line = 2;
      out.body = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      out.body_line = line + 1;
      return out;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line;
  }
  throw Error(SourcePos{file, 1, 1}, "front matter opened with `---` is never closed",
              "end the YAML front matter with a line holding only `---`");
}

namespace {

/// An error at byte `at` of `text`, line `line` of `file`, showing the line.
Diagnostic prose_diagnostic(const std::string& file, std::uint32_t line, std::size_t at, std::string_view text,
                            std::string message, std::string hint) {
  Diagnostic d;
  d.pos = SourcePos{file, line, static_cast<std::uint32_t>(at + 1)};
  d.message = std::move(message);
  d.hint = std::move(hint);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  d.source_line = std::string(text);
  return d;
}

}  // namespace

std::string shortcode_token(std::size_t index) { return "XREELSC" + std::to_string(index) + "X"; }

ShortcodeSplit extract_shortcodes(std::string_view body, std::uint32_t first_line, const std::string& file) {
  ShortcodeSplit out;
  out.markdown.reserve(body.size());
  bool fenced = false;
  std::uint32_t line = first_line;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? body.size() : nl + 1;
    std::string_view text = body.substr(pos, end - pos);
    std::string_view trimmed = text.substr(std::min(text.find_first_not_of(' '), text.size()));
    if (trimmed.substr(0, 3) == "```" || trimmed.substr(0, 3) == "~~~") {
      fenced = !fenced;
      out.markdown += text;
    } else if (fenced) {
      out.markdown += text;
    } else {
      std::size_t i = 0;
      while (i < text.size()) {
        if (text[i] == '`') {  // an inline code span: copy it as it is
          // A run of backticks that ends the text runs to its end.
          std::size_t end = text.find_first_not_of('`', i);
          std::size_t run = (end == std::string_view::npos ? text.size() : end) - i;
          std::size_t close = text.find(std::string(run, '`'), i + run);
          std::size_t stop = close == std::string_view::npos ? i + run : close + run;
          out.markdown += text.substr(i, stop - i);
          i = stop;
        } else if (text.compare(i, 2, "{%") == 0) {
          // A template tag would reach the page as text (with curly quotes): refuse it.
          throw Error(prose_diagnostic(file, line, i, text,
                                       "`{%` in prose: template tags, and shortcodes with a body, do not work in Markdown",
                                       "shortcodes are written {{ name(args) }}; to show braces, put them in `code`"));
        } else if (text.compare(i, 2, "{{") == 0) {
          std::size_t close = text.find("}}", i + 2);
          if (close == std::string_view::npos) {
            throw Error(prose_diagnostic(
                file, line, i, text, "`{{` in prose is never closed with `}}` on its line",
                "write a fact as {{ fact('budget.amount', 'money') }}; to show braces, put them in `code`"));
          }
          out.markdown += shortcode_token(out.shortcodes.size());
          std::string_view shown = text;
          while (!shown.empty() && (shown.back() == '\n' || shown.back() == '\r')) shown.remove_suffix(1);
          out.shortcodes.push_back(
              {std::string(text.substr(i, close + 2 - i)), line, static_cast<std::uint32_t>(i + 1), std::string(shown)});
          i = close + 2;
        } else {
          out.markdown += text[i++];
        }
      }
    }
    pos = end;
    ++line;
  }
  return out;
}

std::string slugify(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.toLower();
  icu::UnicodeString slug;
  bool dash = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalnum(c) || c == '_') {
      if (dash && !slug.isEmpty()) slug.append(static_cast<UChar>('-'));
      dash = false;
      slug.append(c);
    } else if (u_isspace(c) || c == '-') {
      dash = true;
    }
  }
  std::string out;
  slug.toUTF8String(out);
  return out.empty() ? "section" : out;
}

namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};

void collect_text(cmark_node* node, std::string& out) {
  cmark_iter* iter = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE) {
      if (const char* lit = cmark_node_get_literal(n)) out += lit;
    } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      out += ' ';
    }
  }
  cmark_iter_free(iter);
}

/// The back-link label cmark-gfm writes.
constexpr std::string_view kCmarkBackrefLabel = "Back to content";

/// The end of the tag that starts at `html[at]` (the index just past its '>'), or npos.
/// cmark-gfm percent-encodes footnote labels in these attributes, so they hold no '>'.
std::size_t tag_end(std::string_view html, std::size_t at) {
  std::size_t close = html.find('>', at);
  return close == std::string_view::npos ? close : close + 1;
}

/// `tag` with the attribute value that starts with `value_start` (quote included, e.g.
/// `"#fn-`) given `prefix` after its quote (and '#'), once.
void prefix_value(std::string& tag, std::string_view value_start, const std::string& prefix) {
  if (prefix.empty()) return;
  std::size_t at = tag.find(value_start);
  if (at == std::string::npos) return;
  std::size_t insert = at + 1 + (value_start.size() > 1 && value_start[1] == '#' ? 1 : 0);
  tag.insert(insert, prefix + "-");
}

/// cmark-gfm's footnote HTML with `document`'s ids and back-link label, in one pass.
/// Only the three tags cmark writes for footnotes change: a reference's
/// `<a href="#fn-L" id="fnref-L" data-footnote-ref>`, a definition's `<li id="fn-L">`
/// and a back-link's `<a href="#fnref-L" class="footnote-backref" … aria-label="…">`;
/// prose cannot write them itself (its raw HTML is dropped, or, with unsafe_html, is
/// taken for what it looks like), and text and code never hold a '<'.
std::string rewrite_footnotes(std::string_view html, const DocumentOptions& document) {
  static constexpr std::string_view kRef = "<a href=\"#fn-";
  static constexpr std::string_view kDef = "<li id=\"fn-";
  static constexpr std::string_view kBack = "<a href=\"#fnref-";
  static constexpr std::string_view kRefMark = " data-footnote-ref>";
  static constexpr std::string_view kBackMark = " data-footnote-backref ";
  std::string label = "aria-label=\"" + escape_html(document.footnote_backref_label) + "\"";
  std::string cmark_label = "aria-label=\"" + std::string(kCmarkBackrefLabel) + "\"";
  std::string out;
  out.reserve(html.size() + html.size() / 8);
  std::size_t pos = 0;
  while (pos < html.size()) {
    std::size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos) break;
    out.append(html, pos, lt - pos);
    std::string_view rest = html.substr(lt);
    std::size_t end = std::string_view::npos;
    if (rest.starts_with(kRef) || rest.starts_with(kDef) || rest.starts_with(kBack)) end = tag_end(html, lt);
    if (end == std::string_view::npos) {
      out += '<';
      pos = lt + 1;
      continue;
    }
    std::string tag(html.substr(lt, end - lt));
    if (rest.starts_with(kRef) && tag.ends_with(kRefMark)) {
      prefix_value(tag, "\"#fn-", document.id_prefix);
      prefix_value(tag, "\"fnref-", document.id_prefix);
    } else if (rest.starts_with(kDef)) {
      prefix_value(tag, "\"fn-", document.id_prefix);
    } else if (rest.starts_with(kBack) && tag.find(kBackMark) != std::string::npos) {
      prefix_value(tag, "\"#fnref-", document.id_prefix);
      if (std::size_t at = tag.find(cmark_label); at != std::string::npos) tag.replace(at, cmark_label.size(), label);
    }
    out += tag;
    pos = end;
  }
  if (pos < html.size()) out.append(html, pos);
  return out;
}

}  // namespace

std::string footnote_id_prefix(std::string_view id) {
  std::string out;
  while (!id.empty()) {
    std::size_t slash = id.find('/');
    std::string_view segment = id.substr(0, slash);
    if (!segment.empty()) {
      if (!out.empty()) out += '-';
      out += slugify(segment);
    }
    if (slash == std::string_view::npos) break;
    id.remove_prefix(slash + 1);
  }
  return out.empty() ? slugify(out) : out;
}

Prose render_markdown(std::string_view markdown, const MarkdownOptions& options, const DocumentOptions& document) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  int opts = CMARK_OPT_DEFAULT;
  if (options.smart_punctuation) opts |= CMARK_OPT_SMART;
  if (options.unsafe_html) opts |= CMARK_OPT_UNSAFE;
  bool footnotes = std::find(options.extensions.begin(), options.extensions.end(), "footnotes") != options.extensions.end();
  if (footnotes) opts |= CMARK_OPT_FOOTNOTES;

  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(opts));
  for (const auto& name : options.extensions) {
    if (name == "footnotes") continue;  // an option, not a syntax extension
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name.c_str())) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  NodePtr doc(cmark_parser_finish(parser.get()));

  Prose prose;
  // Headings replaced by custom blocks must outlive the render: their inline children
  // still point into the heading's content buffer.
  std::vector<NodePtr> replaced;
  // Ids given so far, and for each slug the next suffix to try. A suffix once skipped
  // stays taken (ids are only ever added), so resuming where the last search for the
  // same slug stopped finds exactly the smallest free "slug-n", as trying 1, 2, 3… from
  // the start would; each taken id is skipped at most once, for the one slug it
  // extends, so all headings take linear time.
  std::unordered_set<std::string> used_ids;
  std::unordered_map<std::string, std::size_t> next_suffix;
  std::vector<cmark_node*> headings;
  {
    cmark_iter* iter = cmark_iter_new(doc.get());
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
      cmark_node* n = cmark_iter_get_node(iter);
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) headings.push_back(n);
    }
    cmark_iter_free(iter);
  }
  for (cmark_node* h : headings) {
    Heading heading;
    heading.level = cmark_node_get_heading_level(h);
    collect_text(h, heading.text);
    if (options.heading_ids) {
      std::string base = slugify(heading.text);
      std::string id = base;
      if (used_ids.count(id)) {
        std::size_t& n = next_suffix.try_emplace(base, 1).first->second;
        do {
          id = base + "-" + std::to_string(n++);
        } while (used_ids.count(id));
      }
      used_ids.insert(id);
      heading.id = id;
      // cmark writes a line break after a custom block's opening text and before its
      // closing one, so the tags go on a custom inline, in a block that writes nothing
      // of its own: `<h2 id="plot">Plot</h2>` on one line, as cmark writes headings.
      std::string level = std::to_string(heading.level);
      cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
      cmark_node* tags = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
      std::string enter = "<h" + level + " id=\"" + escape_html(id) + "\">";
      std::string exit = "</h" + level + ">";
      cmark_node_set_on_enter(block, "");
      cmark_node_set_on_exit(block, "");
      cmark_node_set_on_enter(tags, enter.c_str());
      cmark_node_set_on_exit(tags, exit.c_str());
      while (cmark_node* child = cmark_node_first_child(h)) cmark_node_append_child(tags, child);
      cmark_node_append_child(block, tags);
      cmark_node_replace(h, block);
      replaced.emplace_back(h);
    }
    prose.headings.push_back(std::move(heading));
  }

  char* html = cmark_render_html(doc.get(), opts, cmark_parser_get_syntax_extensions(parser.get()));
  prose.html = html;
  std::free(html);
  if (footnotes && (!document.id_prefix.empty() || document.footnote_backref_label != kCmarkBackrefLabel)) {
    prose.html = rewrite_footnotes(prose.html, document);
  }
  return prose;
}

}  // namespace reel
