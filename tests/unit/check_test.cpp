#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>

#include "build/build.h"
#include "input/facts.h"
#include "site/check.h"
#include "site/site.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;
using reel::test::fixture_site;

namespace {

/// The hash a translation records of its original: of what a reader sees of it (see
/// ProseFile::hash).
std::string reader_hash(const std::string& title, const std::string& description, const std::string& body) {
  return content_hash(title + "\n" + description + "\n" + body);
}

/// The minimal fixture made complete: an Italian about page and up-to-date hashes.
MemoryFileSystem complete_site() {
  MemoryFileSystem fs = fixture_site("minimal");
  std::string index = reader_hash("The Test (2010)", "A small bilingual test site for reel.",
                                  "A *short* lead.\n\n## Plot\nSomething happens.\n");
  std::string it = *fs.read("content/it/index.md");
  it.replace(it.find("facts: films/test\n"), 18, "facts: films/test\noriginal_hash: " + index + "\n");
  fs.write("content/it/index.md", it);
  std::string about = reader_hash("About", "About the test site.", "About.\n");
  fs.write("content/it/about.md", "---\ntitle: Informazioni\noriginal_hash: " + about + "\n---\nInfo.\n");
  return fs;
}

std::string gaps_of(const MemoryFileSystem& fs) {
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
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
  // The lines of the Italian language and of the English strings, wherever they are.
  auto line_of_text = [&](const std::string& needle) {
    auto at = yaml.begin() + static_cast<std::ptrdiff_t>(yaml.find(needle));
    return std::to_string(1 + std::count(yaml.begin(), at, '\n'));
  };
  std::string gaps = gaps_of(fs);
  CHECK(contains(gaps, "site.yaml:" + line_of_text("  it:\n") + ":3: warning: UI string `home` is missing in Italiano"));
  CHECK(contains(gaps, "(it is at site.yaml:" + line_of_text("strings: {home: Home") + ":"));
}

TEST_CASE("check: a translation older than its original, and one that does not say") {
  MemoryFileSystem fs = complete_site();
  fs.write("content/en/about.md", "---\ntitle: About\n---\nAbout, revised.\n");
  std::string gaps = gaps_of(fs);
  CHECK(contains(gaps, "content/it/about.md:1:1: warning: translation is older than its original: content/en/about.md"));
  CHECK(contains(gaps, "set `original_hash: " + reader_hash("About", "", "About, revised.\n") + "`"));
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
  CHECK(contains(gaps, "content/films/f.yaml:2:8: warning: fact `title` has no Italiano version "
                       "(Italiano pages show the English one)"));
  CHECK(contains(gaps, "content/films/f.yaml:6:5: warning: fact `producers[0]` names no source"));
}

TEST_CASE("check: missing translations say which language shows instead or that none does") {
  Site site;
  for (const auto& [code, name, fallback] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"en", "English", ""}, {"it", "Italiano", "en"}, {"fr", "Français", "it"}, {"de", "Deutsch", ""}}) {
    LanguageConfig l;
    l.code = code;
    l.name = name;
    l.fallback = fallback;
    site.config.languages.push_back(l);
  }
  site.config.default_language = "en";
  MemoryFileSystem fs({{"content/books/_schema.yaml",
                        "root: book\ncitations: refs\ntypes:\n"
                        "  book:\n    sources_field: cites\n"
                        "    fields: {title: {type: text, localized: true}, cites: source_ids, refs: {type: ref, list: true}}\n"
                        "  ref: {fields: {id: text}}\n"},
                       {"content/books/emma.yaml", "title: {en: Emma}\nrefs: [{id: a}]\n"},
                       {"content/notes/n.yaml", "t: !translated {de: Hallo}\n"}});
  Diagnostics diags;
  site.facts = std::make_shared<const FactsSet>(load_facts(fs, site.config, diags));
  REQUIRE_FALSE(diags.has_errors());
  Diagnostics gaps = check_site(site);
  REQUIRE(gaps.items().size() == 3);
  CHECK(gaps.items()[0].format() ==
        "content/books/emma.yaml:1:8: warning: fact `title` has no Italiano, Français and Deutsch version (Italiano pages "
        "show the English one, Français pages show the English one and Deutsch pages show nothing)\n"
        "  hint: add `it: …` beside the other languages\n");
  CHECK(gaps.items()[1].message == "fact `(top level)` names no source");
  CHECK(gaps.items()[1].hint == "add `cites: [id, …]` with ids from the file's `refs` list");
  CHECK(gaps.items()[2].message ==
        "fact `t` has no English, Italiano and Français version (English pages show nothing, Italiano pages show "
        "nothing and Français pages show nothing)");
}
