// prose: read_prose() on the minimal fixture, for what depends on the file and its
// language: footnote ids and labels, and `{%` refused with its position.
#include <doctest/doctest.h>

#include <algorithm>

#include "input/prose.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;
using reel::test::fixture_site;

namespace {

/// The minimal fixture, with `footnote_backref` defined for Italian only.
MemoryFileSystem site_with_label() {
  MemoryFileSystem fs = fixture_site("minimal");
  std::string yaml = *fs.read("site.yaml");
  const std::string it = "strings: {home: Inizio,";
  REQUIRE(yaml.find(it) != std::string::npos);
  yaml.replace(yaml.find(it), it.size(), "strings: {footnote_backref: Torna al testo, home: Inizio,");
  fs.write("site.yaml", yaml);
  return fs;
}

constexpr const char* kNotes = "---\ntitle: Notes\n---\nA claim[^1] and another[^2].\n\n[^1]: A source.\n[^2]: Another.\n";

/// Every value of `attr="…"` in `html`.
std::vector<std::string> values(const std::string& html, const std::string& attr) {
  std::vector<std::string> out;
  std::string key = " " + attr + "=\"";
  for (std::size_t at = html.find(key); at != std::string::npos; at = html.find(key, at + 1)) {
    std::size_t from = at + key.size();
    out.push_back(html.substr(from, html.find('"', from) - from));
  }
  return out;
}

}  // namespace

TEST_CASE("prose: an Italian file's footnote back-links are labelled with the Italian UI string") {
  MemoryFileSystem fs = site_with_label();
  fs.write("content/it/note.md", kNotes);
  fs.write("content/en/note.md", kNotes);
  Diagnostics diags;
  Config config = load_config(fs, diags);
  REQUIRE_FALSE(diags.has_errors());
  ProseFile it, en;
  REQUIRE(read_prose(fs, config, "it", "content/it/note.md", it, diags));
  REQUIRE(read_prose(fs, config, "en", "content/en/note.md", en, diags));
  INFO(it.prose.html);
  CHECK(contains(it.prose.html, "aria-label=\"Torna al testo\""));
  CHECK_FALSE(contains(it.prose.html, "Back to content"));
  // English has no such string: the English default.
  CHECK(contains(en.prose.html, "aria-label=\"Back to content\""));
  CHECK(document_options(config, "it", "note").footnote_backref_label == "Torna al testo");
  CHECK(document_options(config, "en", "note").footnote_backref_label == "Back to content");
  CHECK(document_options(config, "xx", "films/a").id_prefix == "films-a");
}

TEST_CASE("prose: two prose files rendered for one page have distinct footnote ids that resolve") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/en/note.md", kNotes);
  fs.write("content/en/more/note.md", kNotes);
  Diagnostics diags;
  Config config = load_config(fs, diags);
  ProseFile a, b;
  REQUIRE(read_prose(fs, config, "en", "content/en/note.md", a, diags));
  REQUIRE(read_prose(fs, config, "en", "content/en/more/note.md", b, diags));
  std::string page = a.prose.html + b.prose.html;
  INFO(page);
  CHECK(contains(page, "<li id=\"note-fn-1\">"));
  CHECK(contains(page, "<li id=\"more-note-fn-1\">"));
  std::vector<std::string> ids = values(page, "id");
  CHECK(ids.size() == 8);
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  // Every footnote link of each file goes to an id of the same file.
  for (const ProseFile* f : {&a, &b}) {
    std::vector<std::string> own = values(f->prose.html, "id");
    for (const std::string& href : values(f->prose.html, "href")) {
      REQUIRE(href.starts_with("#"));
      CHECK(std::find(own.begin(), own.end(), href.substr(1)) != own.end());
    }
  }
}

TEST_CASE("prose: `{%` in a prose body is an error at its line and column") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/en/about.md", "---\ntitle: About\n---\nIntro.\n\n{% note() %}\nA body.\n{% end %}\n");
  Diagnostics diags;
  Config config = load_config(fs, diags);
  ProseFile f;
  CHECK_FALSE(read_prose(fs, config, "en", "content/en/about.md", f, diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].pos.str() == "content/en/about.md:6:1");
  CHECK(diags.items()[0].source_line == "{% note() %}");
}

TEST_CASE("prose: with_original_hash sets one line of the front matter and keeps every other byte") {
  const std::string file = "content/it/x.md";
  // Replaced where it is, whatever YAML would have made of the old value.
  CHECK(with_original_hash("---\ntitle: X\noriginal_hash: 1234\nlayout: page\n---\nBody {{ x }}\n", "0ee2fa33dfa6cd79", file) ==
        "---\ntitle: X\noriginal_hash: \"0ee2fa33dfa6cd79\"\nlayout: page\n---\nBody {{ x }}\n");
  // Added last when missing.
  CHECK(with_original_hash("---\ntitle: X\n---\n\nBody\n", "00aa", file) == "---\ntitle: X\noriginal_hash: \"00aa\"\n---\n\nBody\n");
  // An empty front matter, and none at all.
  CHECK(with_original_hash("---\n---\nBody\n", "00aa", file) == "---\noriginal_hash: \"00aa\"\n---\nBody\n");
  CHECK(with_original_hash("Body\n", "00aa", file) == "---\noriginal_hash: \"00aa\"\n---\n\nBody\n");
  // Windows line endings stay Windows line endings.
  CHECK(with_original_hash("---\r\ntitle: X\r\noriginal_hash: old\r\n---\r\nBody\r\n", "00aa", file) ==
        "---\r\ntitle: X\r\noriginal_hash: \"00aa\"\r\n---\r\nBody\r\n");
  CHECK(with_original_hash("---\r\ntitle: X\r\n---\r\nBody\r\n", "00aa", file) ==
        "---\r\ntitle: X\r\noriginal_hash: \"00aa\"\r\n---\r\nBody\r\n");
  // A key that only starts the same is another key; the body is never touched.
  CHECK(with_original_hash("---\noriginal_hash_note: keep\n---\noriginal_hash: body text\n", "00aa", file) ==
        "---\noriginal_hash_note: keep\noriginal_hash: \"00aa\"\n---\noriginal_hash: body text\n");
  CHECK_THROWS_AS(with_original_hash("---\ntitle: X\n", "00aa", file), Error);
}
