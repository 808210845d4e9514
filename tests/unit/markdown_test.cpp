#include <doctest/doctest.h>

#include <algorithm>

#include "input/markdown.h"

using namespace reel;

TEST_CASE("markdown: front matter is split at its fences with line numbers") {
  FrontMatterSplit s = split_front_matter("---\ntitle: A\n---\n# Body\n", "x.md");
  CHECK(s.front_matter == "title: A\n");
  CHECK(s.front_matter_line == 2);
  CHECK(s.body == "# Body\n");
  CHECK(s.body_line == 4);
  FrontMatterSplit none = split_front_matter("# Just text\n", "x.md");
  CHECK(none.front_matter.empty());
  CHECK(none.body == "# Just text\n");
}

TEST_CASE("markdown: an unclosed front matter is an error at 1:1") {
  try {
    split_front_matter("---\ntitle: A\n# Body\n", "content/en/a.md");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().pos.str() == "content/en/a.md:1:1");
  }
}

TEST_CASE("markdown: headings get unique ids and feed the table of contents") {
  Prose p = render_markdown("## Cast & crew\n\ntext\n\n## Cast & crew\n\n### Uscita in *Italia*\n", MarkdownOptions{});
  CHECK(p.html.find("<h2 id=\"cast-crew\">") != std::string::npos);
  CHECK(p.html.find("<h2 id=\"cast-crew-1\">") != std::string::npos);
  CHECK(p.html.find("<h3 id=\"uscita-in-italia\">") != std::string::npos);
  CHECK(p.html.find("<em>Italia</em>") != std::string::npos);
  REQUIRE(p.headings.size() == 3);
  CHECK(p.headings[2].level == 3);
  CHECK(p.headings[2].text == "Uscita in Italia");
}

TEST_CASE("markdown: GFM tables, strikethrough, smart punctuation, raw HTML dropped") {
  MarkdownOptions o;
  Prose p = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\" -- <script>x</script>\n", o);
  CHECK(p.html.find("<table>") != std::string::npos);
  CHECK(p.html.find("<del>old</del>") != std::string::npos);
  CHECK(p.html.find("\xE2\x80\x9Cquoted\xE2\x80\x9D") != std::string::npos);
  CHECK(p.html.find("<script>") == std::string::npos);
  o.unsafe_html = true;
  o.extensions = {"table"};
  Prose raw = render_markdown("<span class=\"x\">y</span>\n", o);
  CHECK(raw.html.find("<span class=\"x\">y</span>") != std::string::npos);
}

TEST_CASE("markdown: slugify keeps letters of any script, drops punctuation") {
  CHECK(slugify("Cast and crew") == "cast-and-crew");
  CHECK(slugify("Accoglienza   della critica!") == "accoglienza-della-critica");
  CHECK(slugify("Perché è così") == "perché-è-così");
  CHECK(slugify("???") == "section");
}

TEST_CASE("markdown: shortcodes are taken out of prose, but not out of code") {
  ShortcodeSplit s = extract_shortcodes(
      "It made {{ fact('box_office.worldwide.amount', 'money') }} worldwide.\n"
      "Write `{{ x }}` in code.\n```\n{{ y }}\n```\nEnd {{ fact('year') }}.\n",
      5, "content/en/index.md");
  REQUIRE(s.shortcodes.size() == 2);
  CHECK(s.shortcodes[0].source == "{{ fact('box_office.worldwide.amount', 'money') }}");
  CHECK(s.shortcodes[0].line == 5);
  CHECK(s.shortcodes[0].column == 9);
  CHECK(s.shortcodes[1].line == 10);
  CHECK(s.markdown.find("It made XREELSC0X worldwide.") == 0);
  CHECK(s.markdown.find("`{{ x }}`") != std::string::npos);
  CHECK(s.markdown.find("{{ y }}") != std::string::npos);
  Prose p = render_markdown(s.markdown, MarkdownOptions{});
  CHECK(p.html.find("XREELSC0X") != std::string::npos);
  CHECK(p.html.find("XREELSC1X") != std::string::npos);
}

TEST_CASE("markdown: an unclosed shortcode is an error at its braces") {
  try {
    extract_shortcodes("One.\nTwo {{ fact('x')\n", 7, "content/en/a.md");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().pos.str() == "content/en/a.md:8:5");
    CHECK(e.diagnostic().source_line == "Two {{ fact('x')");
  }
}

TEST_CASE("markdown: heading ids take the smallest free suffix and literal suffixes never collide") {
  auto ids = [](const std::string& md) {
    std::vector<std::string> out;
    for (const Heading& h : render_markdown(md, MarkdownOptions{}).headings) out.push_back(h.id);
    return out;
  };
  CHECK(ids("# x\n# x\n# x\n") == std::vector<std::string>{"x", "x-1", "x-2"});
  // A literal "x-1" written before the second "x" keeps its id; the second "x" moves on.
  CHECK(ids("# x\n# x-1\n# x\n# x\n") == std::vector<std::string>{"x", "x-1", "x-2", "x-3"});
  // Written after it, the literal heading is the one that moves: it is taken already.
  CHECK(ids("# x\n# x\n# x-1\n# x-1\n") == std::vector<std::string>{"x", "x-1", "x-1-1", "x-1-2"});
  // A suffix skipped once is found again by the next search from where it stopped.
  CHECK(ids("# x-2\n# x\n# x\n# x\n# x\n") == std::vector<std::string>{"x-2", "x", "x-1", "x-3", "x-4"});
  CHECK(ids("# x-1\n# x\n# x\n") == std::vector<std::string>{"x-1", "x", "x-2"});
}

TEST_CASE("markdown: twenty thousand identical headings get their ids in linear time") {
  std::string md;
  for (int i = 0; i < 20000; ++i) md += "## Notes\n\n";
  Prose p = render_markdown(md, MarkdownOptions{});
  REQUIRE(p.headings.size() == 20000);
  CHECK(p.headings[0].id == "notes");
  CHECK(p.headings[1].id == "notes-1");
  CHECK(p.headings[19999].id == "notes-19999");
}

TEST_CASE("markdown: a run of backticks at the very end of a prose file is kept as text") {
  // Found by the front_matter_markdown fuzz target (tests/fuzz/crashes).
  reel::ShortcodeSplit s = reel::extract_shortcodes("a stray `", 1, "content/en/x.md");
  CHECK(s.markdown == "a stray `");
  s = reel::extract_shortcodes("$``", 1, "content/en/x.md");
  CHECK(s.markdown == "$``");
}

namespace {

/// Every value of attribute `name` (`href`, `id`) in `html`, in order.
std::vector<std::string> attribute_values(const std::string& html, const std::string& name) {
  std::vector<std::string> out;
  std::string key = " " + name + "=\"";
  for (std::size_t at = html.find(key); at != std::string::npos; at = html.find(key, at + 1)) {
    std::size_t from = at + key.size();
    out.push_back(html.substr(from, html.find('"', from) - from));
  }
  return out;
}

/// The `href="#…"` fragments of `html` that name no `id` of `html`.
std::vector<std::string> dangling_fragments(const std::string& html) {
  std::vector<std::string> ids = attribute_values(html, "id"), out;
  for (const std::string& href : attribute_values(html, "href")) {
    if (!href.starts_with("#")) continue;
    if (std::find(ids.begin(), ids.end(), href.substr(1)) == ids.end()) out.push_back(href);
  }
  return out;
}

constexpr const char* kFootnotes =
    "Kathy[^1] and Tommy[^1], then Ruth[^note].\n\n"
    "[^1]: First.\n"
    "[^note]: Second, *with* a second paragraph.\n\n"
    "    More.\n";

}  // namespace

TEST_CASE("markdown: headings are written on one line, the text right inside the element") {
  Prose p = render_markdown("## Plot\n\ntext\n\nSetext *title*\n---\n\n#\n\n### Uscita  \n", MarkdownOptions{});
  CHECK(p.html.find("<h2 id=\"plot\">Plot</h2>\n<p>text</p>\n") == 0);
  CHECK(p.html.find("<h2 id=\"setext-title\">Setext <em>title</em></h2>\n") != std::string::npos);
  CHECK(p.html.find("<h1 id=\"section\"></h1>\n") != std::string::npos);
  CHECK(p.html.find("<h3 id=\"uscita\">Uscita</h3>\n") != std::string::npos);
  CHECK(p.html.find("\n</h") == std::string::npos);
  for (const char* open : {"<h1 ", "<h2 ", "<h3 "}) {
    for (std::size_t at = p.html.find(open); at != std::string::npos; at = p.html.find(open, at + 1)) {
      CHECK(p.html[p.html.find('>', at) + 1] != '\n');
    }
  }
  MarkdownOptions plain;
  plain.heading_ids = false;
  CHECK(render_markdown("## Plot\n", plain).html == "<h2>Plot</h2>\n");
}

TEST_CASE("markdown: footnotes keep cmark-gfm's ids and label unless the document asks otherwise") {
  Prose p = render_markdown(kFootnotes, MarkdownOptions{});
  CHECK(p.html.find("<a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>") != std::string::npos);
  CHECK(p.html.find("<li id=\"fn-1\">") != std::string::npos);
  CHECK(p.html.find("aria-label=\"Back to content\"") != std::string::npos);
  CHECK(dangling_fragments(p.html).empty());
}

TEST_CASE("markdown: footnote ids take the document's prefix, back-links its label") {
  DocumentOptions doc;
  doc.id_prefix = "about";
  doc.footnote_backref_label = "Torna al testo";
  Prose p = render_markdown(kFootnotes, MarkdownOptions{}, doc);
  INFO(p.html);
  CHECK(p.html.find("<a href=\"#about-fn-1\" id=\"about-fnref-1\" data-footnote-ref>") != std::string::npos);
  CHECK(p.html.find("<a href=\"#about-fn-1\" id=\"about-fnref-1-2\" data-footnote-ref>") != std::string::npos);
  CHECK(p.html.find("<a href=\"#about-fn-note\" id=\"about-fnref-note\" data-footnote-ref>") != std::string::npos);
  CHECK(p.html.find("<li id=\"about-fn-1\">") != std::string::npos);
  CHECK(p.html.find("<li id=\"about-fn-note\">") != std::string::npos);
  CHECK(p.html.find("<a href=\"#about-fnref-1\" class=\"footnote-backref\"") != std::string::npos);
  CHECK(p.html.find("<a href=\"#about-fnref-1-2\" class=\"footnote-backref\"") != std::string::npos);
  CHECK(p.html.find("<a href=\"#about-fnref-note\" class=\"footnote-backref\"") != std::string::npos);
  CHECK(p.html.find("Back to content") == std::string::npos);
  CHECK(p.html.find("\"fn-") == std::string::npos);
  CHECK(p.html.find("\"#fn") == std::string::npos);
  std::size_t labels = 0;
  for (std::size_t at = p.html.find("aria-label=\"Torna al testo\""); at != std::string::npos;
       at = p.html.find("aria-label=\"Torna al testo\"", at + 1)) {
    ++labels;
  }
  CHECK(labels == 3);
  CHECK(dangling_fragments(p.html).empty());
  // The text around the footnotes is untouched.
  CHECK(p.html.find("<p>Second, <em>with</em> a second paragraph.</p>") != std::string::npos);
}

TEST_CASE("markdown: two documents on one page have distinct footnote ids that resolve") {
  DocumentOptions a, b;
  a.id_prefix = footnote_id_prefix("index");
  b.id_prefix = footnote_id_prefix("books/emma");
  CHECK(b.id_prefix == "books-emma");
  std::string page = render_markdown(kFootnotes, MarkdownOptions{}, a).html + render_markdown(kFootnotes, MarkdownOptions{}, b).html;
  INFO(page);
  std::vector<std::string> ids = attribute_values(page, "id");
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  CHECK(ids.size() == 10);  // 3 references and 2 definitions each
  CHECK(dangling_fragments(page).empty());
}

TEST_CASE("markdown: a back-link label is escaped, and code that looks like footnote HTML is left alone") {
  DocumentOptions doc;
  doc.id_prefix = "x";
  doc.footnote_backref_label = "Back to \"text\" & more";
  Prose p = render_markdown("A[^1] and `<li id=\"fn-1\">`.\n\n[^1]: Note.\n", MarkdownOptions{}, doc);
  CHECK(p.html.find("aria-label=\"Back to &#34;text&#34; &amp; more\"") != std::string::npos);
  CHECK(p.html.find("<code>&lt;li id=&quot;fn-1&quot;&gt;</code>") != std::string::npos);
  CHECK(dangling_fragments(p.html).empty());
}

TEST_CASE("markdown: footnote_id_prefix slugs each segment of a prose id") {
  CHECK(footnote_id_prefix("about") == "about");
  CHECK(footnote_id_prefix("books/emma") == "books-emma");
  CHECK(footnote_id_prefix("Film/Perché Così") == "film-perché-così");
  CHECK(footnote_id_prefix("") == "section");
}

TEST_CASE("markdown: `{%` in prose is an error at its position, unless it is code") {
  try {
    extract_shortcodes("One.\n\nSee {% note() %}body{% end %}.\n", 5, "content/it/a.md");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().pos.str() == "content/it/a.md:7:5");
    CHECK(e.diagnostic().source_line == "See {% note() %}body{% end %}.");
    CHECK(e.diagnostic().message.find("`{%`") != std::string::npos);
    CHECK(e.diagnostic().hint == "shortcodes are written {{ name(args) }}; to show braces, put them in `code`");
  }
  // At the start of a line, after a shortcode.
  try {
    extract_shortcodes("{{ fact('year') }} and\n{% if x %}\n", 1, "content/en/a.md");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().pos.str() == "content/en/a.md:2:1");
  }
  // In a code span or a fenced block it is text, as written.
  ShortcodeSplit s = extract_shortcodes("Write `{% raw %}` or ``{% x %}``.\n```jinja\n{% for x in xs %}\n```\n~~~\n{%\n~~~\n", 1,
                                        "content/en/a.md");
  CHECK(s.shortcodes.empty());
  CHECK(s.markdown.find("`{% raw %}`") != std::string::npos);
  CHECK(s.markdown.find("{% for x in xs %}") != std::string::npos);
  // A lone brace or percent sign is fine.
  CHECK(extract_shortcodes("50% {of} 100 { % }\n", 1, "content/en/a.md").markdown == "50% {of} 100 { % }\n");
}
