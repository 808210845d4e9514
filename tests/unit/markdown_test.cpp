#include <doctest/doctest.h>

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
