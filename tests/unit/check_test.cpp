#include <doctest/doctest.h>

#include "commands/build.h"
#include "site/site.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;
using reel::test::fixture_site;

namespace {

/// The minimal fixture made complete: an Italian about page and an up-to-date hash.
MemoryFileSystem complete_site() {
  MemoryFileSystem fs = fixture_site("minimal");
  BuildResult first = build_site(fs);
  std::string body = "A *short* lead.\n\n## Plot\nSomething happens.\n";
  std::string it = *fs.read("content/it/index.md");
  it.replace(it.find("facts: films/test\n"), 18, "facts: films/test\noriginal_hash: " + content_hash(body) + "\n");
  fs.write("content/it/index.md", it);
  fs.write("content/it/about.md", "---\ntitle: Informazioni\noriginal_hash: " + content_hash("About.\n") + "\n---\nInfo.\n");
  return fs;
}

std::string gaps_of(const MemoryFileSystem& fs) {
  BuildResult r = build_site(fs);
  REQUIRE_FALSE(r.diags.has_errors());
  return r.gaps.format();
}

}  // namespace

TEST_CASE("check: a complete site has no gaps") {
  MemoryFileSystem fs = complete_site();
  CHECK(gaps_of(fs) == "");
}

TEST_CASE("check: content hashes ignore carriage returns") {
  CHECK(content_hash("a\r\nb\n") == content_hash("a\nb\n"));
  CHECK(content_hash("a") != content_hash("b"));
  CHECK(content_hash("").size() == 16);
}

TEST_CASE("check: a UI string missing in one language names where it is in the other") {
  MemoryFileSystem fs = complete_site();
  std::string yaml = *fs.read("site.yaml");
  yaml.replace(yaml.find("home: Inizio, "), 14, "");
  fs.write("site.yaml", yaml);
  std::string gaps = gaps_of(fs);
  CHECK(contains(gaps, "site.yaml:9:3: warning: UI string `home` is missing in Italiano"));
  CHECK(contains(gaps, "(it is at site.yaml:8:"));
}

TEST_CASE("check: a translation older than its original, and one that does not say") {
  MemoryFileSystem fs = complete_site();
  fs.write("content/en/about.md", "---\ntitle: About\n---\nAbout, revised.\n");
  std::string gaps = gaps_of(fs);
  CHECK(contains(gaps, "content/it/about.md:1:1: warning: translation is older than its original: content/en/about.md"));
  CHECK(contains(gaps, "set `original_hash: " + content_hash("About, revised.\n") + "`"));
  fs.write("content/it/about.md", "---\ntitle: Informazioni\n---\nInfo.\n");
  CHECK(contains(gaps_of(fs), "translation does not say which version of content/en/about.md it was made from"));
}

TEST_CASE("check: fact labels missing in a language and unsourced facts in a film") {
  MemoryFileSystem fs = complete_site();
  fs.write("content/films/f.yaml",
           "slug: f\ntitle: {en: F}\nyear: 2010\nidentity_sources: [imdb]\n"
           "producers:\n  - {name: A}\n"
           "sources:\n  - {id: imdb, title: F, publisher: IMDb, language: en}\n");
  std::string gaps = gaps_of(fs);
  CHECK(contains(gaps, "content/films/f.yaml:2:8: warning: fact `title` has no Italiano version"));
  CHECK(contains(gaps, "content/films/f.yaml:6:5: warning: fact `producers[0]` names no source"));
}
