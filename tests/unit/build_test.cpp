#include <doctest/doctest.h>

#include "build/build.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;
using reel::test::fixture_site;

TEST_CASE("build: a bilingual site in memory, URLs per language, facts formatted per locale") {
  MemoryFileSystem fs = fixture_site("minimal");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(r.pages == 3);
  CHECK(r.pages_by_lang["en"] == 2);
  CHECK(r.pages_by_lang["it"] == 1);
  REQUIRE(r.files.count("index.html"));
  REQUIRE(r.files.count("it/index.html"));
  REQUIRE(r.files.count("about/index.html"));
  REQUIRE(r.files.count("style.css"));
  REQUIRE(r.files.count("sitemap.xml"));
  const std::string& en = r.files["index.html"];
  const std::string& it = r.files["it/index.html"];
  CHECK(contains(en, "<html lang=\"en\">"));
  CHECK(contains(it, "<html lang=\"it\">"));
  CHECK(contains(en, "<h1>The Test</h1>"));
  CHECK(contains(it, "<h1>La prova</h1>"));
  CHECK(contains(en, "Running time: 103 minutes"));
  CHECK(contains(it, "Durata: 103 minuti"));
  CHECK(contains(en, "15 September 2010"));
  CHECK(contains(it, "15 settembre 2010"));
  CHECK(contains(en, "9,918,093"));
  CHECK(contains(it, "9.918.093"));
  CHECK(contains(en, "US$9,918,093"));
  CHECK(contains(en, "<link rel=\"alternate\" hreflang=\"it\" href=\"https://example.org/films/it/\">"));
  CHECK(contains(it, "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/films/\">"));
  CHECK(contains(it, "hreflang=\"x-default\" href=\"https://example.org/films/\""));
  CHECK(contains(it, "<link rel=\"canonical\" href=\"https://example.org/films/it/\">"));
  CHECK(contains(en, "<h2 id=\"plot\">"));
  CHECK(contains(r.files["about/index.html"], "href=\"/films/style.css\""));
  // A missing translation is a gap that names the file to add.
  CHECK(r.diags.items().empty());
  REQUIRE(r.gaps.items().size() == 2);
  CHECK(r.gaps.items()[0].hint == "add content/it/about.md");
}

TEST_CASE("build: the sitemap lists every page with its alternates") {
  MemoryFileSystem fs = fixture_site("minimal");
  BuildResult r = build_site(fs);
  const std::string& sm = r.files["sitemap.xml"];
  CHECK(contains(sm, "<loc>https://example.org/films/it/</loc>"));
  CHECK(contains(sm, "<xhtml:link rel=\"alternate\" hreflang=\"it\" href=\"https://example.org/films/it/\"/>"));
  CHECK(contains(sm, "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/films/\"/>"));
  CHECK(contains(sm, "<loc>https://example.org/films/about/</loc>"));
}

TEST_CASE("build: --base-url moves every URL") {
  MemoryFileSystem fs = fixture_site("minimal");
  BuildOptions o;
  o.base_url = "http://localhost:8000";
  BuildResult r = build_site(fs, o);
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(contains(r.files["it/index.html"], "href=\"http://localhost:8000/it/\""));
  CHECK(contains(r.files["about/index.html"], "href=\"/style.css\""));
}

TEST_CASE("build: a site.yaml the caller loaded is used as it was, with its messages, and not read again") {
  MemoryFileSystem fs = fixture_site("minimal");
  LoadedConfig loaded;
  loaded.config = load_config(fs, loaded.diags);
  REQUIRE_FALSE(loaded.diags.has_errors());
  loaded.diags.warning(SourcePos{"site.yaml", 1, 1}, "a message of the caller's load");
  fs.write("site.yaml", "not: [valid");  // were it read again, the build would fail
  BuildOptions o;
  o.config = &loaded;
  Build build(fs, o);
  BuildResult r = build.run();
  INFO(r.diags.format());
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(contains(r.diags.format(), "a message of the caller's load"));
  CHECK(r.pages == 3);
  // A later run reads site.yaml again.
  CHECK(build.run().diags.has_errors());
}

TEST_CASE("build: an undefined variable is an error naming the template position") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("templates/layouts/page.html", "<p>\n  {{ page.titel }}\n</p>\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  const Diagnostic& d = r.diags.items().back();
  CHECK(d.pos.file == "templates/layouts/page.html");
  CHECK(d.pos.line == 2);
  CHECK(d.pos.column > 0);
  CHECK(r.files.empty());
}

TEST_CASE("build: an unknown layout suggests the closest one") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/en/about.md", "---\ntitle: About\nlayout: flim\n---\nx\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  const Diagnostic& d = r.diags.items().back();
  CHECK(d.pos.file == "content/en/about.md");
  CHECK(contains(d.message, "layout `flim`"));
  CHECK(d.hint == "did you mean `film`?");
}

TEST_CASE("build: facts named by a page must exist, two pages cannot share a URL") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/en/index.md", "---\ntitle: X\nlayout: film\nfacts: films/tset\n---\n");
  fs.write("content/en/other.md", "---\ntitle: Y\nslug: about\n---\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.error_count() == 2);
  std::string all = r.diags.format();
  CHECK(contains(all, "did you mean `films/test`?"));
  CHECK(contains(all, "same URL /about/"));
}

TEST_CASE("build: a page without a title is an error at its front matter") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/it/index.md", "---\ndescription: x\n---\nbody\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items()[0].pos.str() == "content/it/index.md:1:1");
  CHECK(contains(r.diags.items()[0].message, "no `title`"));
}

TEST_CASE("build: static files may not collide with generated ones") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("static/sitemap.xml", "<x/>");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items().back().pos.file == "static/sitemap.xml");
}

TEST_CASE("build: facts in prose are formatted per language and cited") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/en/index.md", "---\ntitle: T\nlayout: film\nfacts: films/test\n---\n"
                                  "It earned {{ fact('box_office.worldwide.amount', 'money') }} in {{ fact('runtime_minutes', 'minutes') }}.\n");
  fs.write("content/it/index.md", "---\ntitle: T\nlayout: film\nfacts: films/test\n---\n"
                                  "Ha incassato {{ fact('box_office.worldwide.amount', 'money_words') }}, uscito il {{ fact('release_dates.0.date', 'date') }}.\n");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE_FALSE(r.diags.has_errors());
  const std::string cite = "<sup class=\"cite\">[<a href=\"#source-ref\" aria-label=\"1: Example, A reference\">1</a>]</sup>";
  CHECK(contains(r.files["index.html"], "It earned <data value=\"9918093\">US$9,918,093</data>" + cite +
                                            " in <data value=\"103\">103 minutes</data>" + cite + "."));
  CHECK(contains(r.files["it/index.html"], "Ha incassato <data value=\"9918093\">9,9 milioni di dollari statunitensi</data>" + cite +
                                               ", uscito il <time datetime=\"2010-09-15\">15 settembre 2010</time>" + cite + "."));
}

TEST_CASE("build: a wrong fact path in prose points at the prose file") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/en/index.md", "---\ntitle: T\nlayout: film\nfacts: films/test\n---\nIntro.\n\nIt ran {{ fact('runtime_minute', 'minutes') }}.\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  const Diagnostic& d = r.diags.items()[0];
  CHECK(d.pos.file == "content/en/index.md");
  CHECK(d.pos.line == 8);
  CHECK(d.pos.column >= 8);
  CHECK(contains(d.message, "no fact `runtime_minute`"));
  CHECK(d.hint == "did you mean `runtime_minutes`?");
  CHECK(d.source_line == "It ran {{ fact('runtime_minute', 'minutes') }}.");
}

TEST_CASE("build: citations are numbered by the bibliography's order, ascending, the same in every language") {
  MemoryFileSystem fs = fixture_site("minimal");
  std::string facts = *fs.read("content/films/test.yaml");
  auto replace = [&](const std::string& from, const std::string& to) { facts.replace(facts.find(from), from.size(), to); };
  replace("sources:\n  - {id: ref",
          "sources:\n  - {id: first, title: One, publisher: P1, language: en}\n"
          "  - {id: second, title: Two, publisher: P2, language: it}\n  - {id: ref");
  replace("worldwide: {amount: 9918093, sources: [ref]}", "worldwide: {amount: 9918093, sources: [ref, first]}");
  fs.write("content/films/test.yaml", facts);
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE_FALSE(r.diags.has_errors());
  const std::string expected =
      "<sup class=\"cite\">[<a href=\"#source-first\" aria-label=\"1: P1, One\">1</a>, "
      "<a href=\"#source-ref\" aria-label=\"3: Example, A reference\">3</a>]</sup>";
  CHECK(contains(r.files["index.html"], expected));
  CHECK(contains(r.files["it/index.html"], expected));
}

TEST_CASE("build: an internal link in Markdown resolves per language and a wrong one points at its place") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/en/about.md", "---\ntitle: About\n---\nSee [the film](@/index.md#plot).\n");
  fs.write("content/it/about.md", "---\ntitle: Informazioni\n---\nVedi [il film](@/index.md).\n");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(contains(r.files["about/index.html"], "<a href=\"/films/#plot\">the film</a>"));
  CHECK(contains(r.files["it/about/index.html"], "<a href=\"/films/it/\">il film</a>"));

  fs.write("content/en/about.md", "---\ntitle: About\n---\nFirst line.\nSee [the film](@/indx.md).\n");
  r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  std::string out = r.diags.format();
  CHECK(contains(out, "content/en/about.md:5:16: error: internal link `@/indx.md` names no page in en"));
  CHECK(contains(out, "did you mean `index`?"));
  CHECK(r.files.empty());
}

TEST_CASE("build: a broken internal link in a layout fails the build and names the page") {
  MemoryFileSystem fs = fixture_site("minimal");
  std::string layout = *fs.read("templates/layouts/page.html");
  fs.write("templates/layouts/page.html", layout + "<a href=\"{{ site.base_path }}nowhere/\">x</a>\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  CHECK(contains(r.diags.format(), "content/en/about.md: error: broken link `/films/nowhere/` in the output about/index.html:"));
  BuildOptions o;
  o.check_links = false;
  CHECK_FALSE(build_site(fs, o).diags.has_errors());
}

TEST_CASE("build: site params translate only where tagged and menus name pages that exist") {
  MemoryFileSystem fs = fixture_site("minimal");
  std::string yaml = *fs.read("site.yaml");
  fs.write("site.yaml", yaml + "params:\n  motto: !translated {en: Facts first, it: Prima i fatti}\n"
                               "  codes: {en: 1, it: 2}\n"
                               "menus:\n  main:\n    - page: about\n");
  std::string layout = *fs.read("templates/layouts/page.html");
  fs.write("templates/layouts/page.html",
           layout + "<p class=\"motto\">{{ site.params.motto }} {{ site.params.codes.it }}</p>"
                    "{% for m in menus.main %}<a href=\"{{ m.url }}\">{{ m.name }}</a>{% endfor %}\n");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(contains(r.files["about/index.html"], "<p class=\"motto\">Facts first 2</p>"));
  CHECK(contains(r.files["about/index.html"], "<a href=\"/films/about/\">About</a>"));

  fs.write("site.yaml", yaml + "menus:\n  main:\n    - page: abot\n");
  r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  CHECK(contains(r.diags.format(), "error: menu `main` names the page `abot`, which does not exist"));
  CHECK(contains(r.diags.format(), "did you mean `about`?"));
}

TEST_CASE("build: URLs keep to characters a link can carry as they are") {
  MemoryFileSystem fs = fixture_site("minimal");
  fs.write("content/en/about.md", "---\ntitle: About\nslug: about us?\n---\nAbout.\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  CHECK(contains(r.diags.format(), "content/en/about.md:3:7: error: `slug` must be one URL segment of letters, digits"));
  fs = fixture_site("minimal");
  fs.write("content/en/our team.md", "---\ntitle: Team\n---\nUs.\n");
  r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  CHECK(contains(r.diags.format(), "content/en/our team.md: error: the URL /our team/ of this page has characters"));
  fs.write("content/en/our team.md", "---\ntitle: Team\nslug: our-team\n---\nUs.\n");
  r = build_site(fs);
  INFO(r.diags.format());
  CHECK_FALSE(r.diags.has_errors());
  CHECK(r.files.count("our-team/index.html"));
}
