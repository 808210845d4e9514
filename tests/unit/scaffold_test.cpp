// scaffold (`reel new`): the starter site is written through the FileSystem seam, builds
// with no error or warning in any language set, renders a minimal and a full film with
// no empty section, and a folder that holds anything is refused with nothing written.
#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

#include "base/fs.h"
#include "build/build.h"
#include "scaffold/scaffold.h"

using namespace reel;

namespace {

NewSiteResult scaffold(MemoryFileSystem& fs, std::vector<std::string> languages = {"en", "it"}) {
  NewSiteOptions options;
  options.languages = std::move(languages);
  return write_new_site(fs, options);
}

/// Builds the site of `fs`; requires no error and no warning of any kind.
BuildResult build_clean(const MemoryFileSystem& fs) {
  BuildResult r = build_site(fs, {});
  INFO(r.diags.format() << r.gaps.format());
  REQUIRE(r.ok);
  CHECK(r.diags.items().empty());
  CHECK(r.gaps.items().empty());
  return r;
}

/// What an empty section looks like in the starter theme's HTML: a heading followed by
/// the end of its section, a list, table body or definition with nothing inside.
std::string empty_section(const std::string& html) {
  static const std::regex patterns(
      R"(<h2[^>]*>[^<]*</h2>\s*</section>|<(ul|ol|dl|tbody)[^>]*>\s*</(ul|ol|dl|tbody)>|<dd>\s*</dd>|<section[^>]*>\s*</section>|<p[^>]*>\s*</p>)");
  std::smatch m;
  return std::regex_search(html, m, patterns) ? m.str() : std::string();
}

const char* kMinimalFilm =
    "title: {en: A Minimal Film, it: Un film minimo}\n"
    "year: 2001\n"
    "identity_sources: [note]\n"
    "sources:\n"
    "  - {id: note, title: An invented note}\n";

}  // namespace

TEST_CASE("reel new writes the starter site into an empty folder, and it builds with no warning") {
  MemoryFileSystem fs;
  NewSiteResult r = scaffold(fs);
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.notes.empty());
  CHECK(r.language_names == std::vector<std::string>{"English", "Italiano"});
  for (const char* path : {"site.yaml", "content/films/_schema.yaml", "content/films/paper-lighthouse.yaml",
                           "content/en/index.md", "content/it/index.md", "content/en/about.md", "content/it/about.md",
                           "content/en/films/paper-lighthouse.md", "content/it/films/paper-lighthouse.md",
                           "templates/layouts/base.html", "templates/layouts/film.html", "templates/layouts/home.html",
                           "templates/layouts/page.html", "templates/partials/head.html",
                           "templates/partials/language_switcher.html", "static/style.css"}) {
    INFO(path);
    CHECK(fs.is_file(path));
  }
  CHECK(fs.is_file(".gitignore"));
  std::vector<std::string> listed = fs.list_files("");  // hidden files are not listed
  listed.insert(listed.begin(), ".gitignore");
  CHECK(r.files == listed);
  // No marker of the starter's data is left anywhere, and none of its other languages.
  for (const auto& [path, bytes] : fs.files()) {
    INFO(path);
    CHECK(bytes.find("@tr ") == std::string::npos);
    CHECK(bytes.find("@lang") == std::string::npos);
    CHECK(bytes.find("@default_language@") == std::string::npos);
    CHECK(path.rfind("languages/", 0) != 0);
    CHECK(path.rfind("content/fr/", 0) != 0);
  }
  std::string site = *fs.read("site.yaml");
  CHECK(site.find("default_language: en\n") != std::string::npos);
  CHECK(site.find("title: {en: \"My films\", it: \"I miei film\"}") != std::string::npos);
  // Translations say which version of the English prose they match.
  CHECK(fs.read("content/it/about.md")->find("original_hash: ") != std::string::npos);
  CHECK(fs.read("content/en/about.md")->find("original_hash: ") == std::string::npos);

  BuildResult built = build_clean(fs);
  for (const char* page : {"index.html", "it/index.html", "about/index.html", "it/about/index.html",
                           "films/paper-lighthouse/index.html", "it/films/paper-lighthouse/index.html", "style.css"}) {
    INFO(page);
    REQUIRE(built.files.count(page) == 1);
  }
  const std::string& film = built.files.at("films/paper-lighthouse/index.html");
  CHECK(film.find("<html lang=\"en\"") != std::string::npos);
  CHECK(film.find("hreflang=\"it\"") != std::string::npos);
  CHECK(film.find("class=\"skip-link\" href=\"#content\"") != std::string::npos);
  CHECK(film.find("id=\"cast-heading\"") != std::string::npos);
  CHECK(film.find("id=\"source-almanac\"") != std::string::npos);
  CHECK(film.find("<script") == std::string::npos);
  CHECK(built.files.at("it/films/paper-lighthouse/index.html").find("Il faro di carta") != std::string::npos);
  for (const auto& [path, bytes] : built.files) {
    if (path.size() < 5 || path.substr(path.size() - 5) != ".html") continue;
    INFO(path);
    CHECK(empty_section(bytes) == "");
  }
}

TEST_CASE("reel new refuses a folder that holds anything, and writes nothing") {
  MemoryFileSystem fs{{"notes.txt", "mine"}, {"drafts/a.md", "x"}};
  NewSiteResult r = scaffold(fs);
  CHECK_FALSE(r.ok);
  CHECK(r.present == std::vector<std::string>{"drafts", "notes.txt"});
  CHECK(fs.files().size() == 2);

  // What the caller saw that the file system cannot list (a hidden file, an empty folder).
  MemoryFileSystem empty;
  NewSiteOptions options;
  NewSiteResult hidden = write_new_site(empty, options, {".git"});
  CHECK_FALSE(hidden.ok);
  CHECK(hidden.present == std::vector<std::string>{".git"});
  CHECK(empty.files().empty());
}

TEST_CASE("reel new --languages: the first is the default, and every starter language builds cleanly") {
  for (std::vector<std::string> langs : std::vector<std::vector<std::string>>{
           {"en", "fr"}, {"it", "en"}, {"de", "es", "fr"}, {"es"}, {"fr", "de", "en", "it", "es"}}) {
    INFO(langs.front() << " + " << langs.size() - 1);
    MemoryFileSystem fs;
    NewSiteResult r = scaffold(fs, langs);
    REQUIRE_MESSAGE(r.ok, r.error);
    CHECK(r.notes.empty());
    CHECK(fs.read("site.yaml")->find("default_language: " + langs.front() + "\n") != std::string::npos);
    CHECK(fs.is_file("content/" + langs.back() + "/index.md"));
    BuildResult built = build_clean(fs);
    CHECK(built.files.at("index.html").find("<html lang=\"" + langs.front() + "\"") != std::string::npos);
    if (langs.size() == 1) CHECK(built.files.at("index.html").find("language-switcher") == std::string::npos);
  }
  MemoryFileSystem fs;
  REQUIRE(scaffold(fs, {"en", "fr"}).ok);
  CHECK(fs.read("site.yaml")->find("name: \"Français\"") != std::string::npos);
  CHECK(fs.read("content/films/paper-lighthouse.yaml")->find("fr: \"Le Phare de papier\"") != std::string::npos);
  CHECK_FALSE(fs.is_file("content/it/index.md"));
}

TEST_CASE("reel new with a language the starter has no text for: English text, a note, a clean build") {
  MemoryFileSystem fs;
  NewSiteResult r = scaffold(fs, {"en", "sv"});
  REQUIRE_MESSAGE(r.ok, r.error);
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("`sv`") != std::string::npos);
  CHECK(r.notes[0].find("site.yaml (languages.sv.strings)") != std::string::npos);
  CHECK(r.notes[0].find("content/sv/") != std::string::npos);
  CHECK(fs.read("site.yaml")->find("skip_to_content: \"Skip to content\"") != std::string::npos);
  CHECK(fs.is_file("content/sv/films/paper-lighthouse.md"));
  CHECK(fs.read("content/sv/about.md")->find("content/sv/") != std::string::npos);
  build_clean(fs);
}

TEST_CASE("reel new: a bad language list is refused before anything is written") {
  std::string error;
  CHECK(parse_language_list("en, fr", error) == std::vector<std::string>{"en", "fr"});
  CHECK(error.empty());
  for (const char* bad : {"", "en,", "EN", "en-GB", "english", "en,en"}) {
    INFO(bad);
    error.clear();
    CHECK(parse_language_list(bad, error).empty());
    CHECK_FALSE(error.empty());
  }
  MemoryFileSystem fs;
  NewSiteOptions options;
  options.languages = {"en", "en"};
  NewSiteResult r = write_new_site(fs, options);
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("twice") != std::string::npos);
  CHECK(fs.files().empty());
  CHECK(starter_languages().size() >= 5);
}

TEST_CASE("the starter theme renders a minimal film and a full one with no empty section") {
  MemoryFileSystem fs;
  REQUIRE(scaffold(fs).ok);
  fs.write("content/films/minimal.yaml", kMinimalFilm);
  // Only what the schema requires: no identity sources, so `reel check` lists it, but it renders.
  fs.write("content/films/bare.yaml", "title: {en: Bare, it: Spoglio}\nyear: 1999\nsources: []\n");
  BuildResult built = build_site(fs, {});
  INFO(built.diags.format());
  REQUIRE(built.ok);
  CHECK(built.diags.error_count() == 0);
  for (const char* page : {"films/minimal/index.html", "it/films/minimal/index.html", "films/bare/index.html",
                           "films/paper-lighthouse/index.html", "index.html"}) {
    INFO(page);
    REQUIRE(built.files.count(page) == 1);
    const std::string& html = built.files.at(page);
    CHECK(empty_section(html) == "");
  }
  const std::string& minimal = built.files.at("films/minimal/index.html");
  CHECK(minimal.find("A Minimal Film") != std::string::npos);
  CHECK(minimal.find("cast-heading") == std::string::npos);
  CHECK(minimal.find("class=\"prose\"") == std::string::npos);
  CHECK(minimal.find("class=\"tagline\"") == std::string::npos);
  CHECK(built.files.at("films/bare/index.html").find("sources-heading") == std::string::npos);
  // The home page lists all three films.
  CHECK(built.files.at("index.html").find("3 films") != std::string::npos);
}
