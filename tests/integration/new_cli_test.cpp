// `reel new` through the real binary: the starter site it writes builds at once with no
// warning, `reel check` finds nothing, a minimal film added beside the example builds
// with no empty section, a folder that holds anything is refused untouched, and
// `--languages` picks the languages (the first is the default).
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "support/process.h"

namespace fs = std::filesystem;
using namespace reel::test;

namespace {

/// The first empty section of a page of the starter theme, or "" (see scaffold_test).
std::string empty_section(const std::string& html) {
  static const std::regex patterns(
      R"(<h2[^>]*>[^<]*</h2>\s*</section>|<(ul|ol|dl|tbody)[^>]*>\s*</(ul|ol|dl|tbody)>|<dd>\s*</dd>|<section[^>]*>\s*</section>|<p[^>]*>\s*</p>)");
  std::smatch m;
  return std::regex_search(html, m, patterns) ? m.str() : std::string();
}

}  // namespace

TEST_CASE("reel new site && reel build --source site: no warning, and reel check finds nothing") {
  TempDir tmp;
  RunResult made = run_reel("new site", tmp.path());
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  CHECK(made.err.empty());
  CHECK(contains(made.out, "reel new: created a site in site with "));
  CHECK(contains(made.out, "in English, Italiano (English is the default language)"));
  CHECK(contains(made.out, "Next:\n  cd site\n  reel build\n  reel serve\n"));

  RunResult built = run_reel("build --source site", tmp.path());
  REQUIRE_MESSAGE(built.exit_code == 0, built.err);
  CHECK_MESSAGE(built.err.empty(), built.err);
  CHECK(fs::is_regular_file(tmp / "site/_site/index.html"));
  CHECK(fs::is_regular_file(tmp / "site/_site/it/films/paper-lighthouse/index.html"));

  RunResult checked = run_reel("check", tmp / "site");
  CHECK_MESSAGE(checked.exit_code == 0, checked.err);
  CHECK(checked.err.empty());
  CHECK(contains(checked.out, "reel check: nothing missing"));

  // A second film with only the required facts (and a source for them).
  spit(tmp / "site/content/films/a-minimal-film.yaml",
       "title: {en: A Minimal Film, it: Un film minimo}\nyear: 2001\nidentity_sources: [note]\n"
       "sources:\n  - {id: note, title: An invented note}\n");
  RunResult again = run_reel("build", tmp / "site");
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK_MESSAGE(again.err.empty(), again.err);
  for (const char* page : {"films/a-minimal-film/index.html", "it/films/a-minimal-film/index.html",
                           "films/paper-lighthouse/index.html", "index.html", "it/index.html", "about/index.html"}) {
    INFO(page);
    std::string html = slurp(tmp / "site/_site" / page);
    REQUIRE_FALSE(html.empty());
    CHECK(empty_section(html) == "");
  }
  std::string minimal = slurp(tmp / "site/_site/films/a-minimal-film/index.html");
  CHECK(contains(minimal, "<h1>A Minimal Film</h1>"));
  CHECK_FALSE(contains(minimal, "cast-heading"));
  CHECK(contains(slurp(tmp / "site/_site/index.html"), "A Minimal Film"));
  RunResult checked_again = run_reel("check", tmp / "site");
  CHECK_MESSAGE(checked_again.exit_code == 0, checked_again.err);
}

TEST_CASE("reel new refuses a folder that is not empty, naming what is there, and writes nothing") {
  TempDir tmp;
  spit(tmp / "full/notes.txt", "mine\n");
  spit(tmp / "full/.hidden", "");
  fs::create_directories(tmp / "full/empty-folder");
  auto before = snapshot(tmp / "full");
  RunResult r = run_reel("new full", tmp.path());
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "reel new: error: `full` is not empty: it holds .hidden, empty-folder, notes.txt; nothing was written"));
  CHECK(snapshot(tmp / "full") == before);
  CHECK(fs::is_directory(tmp / "full/empty-folder"));
  CHECK_FALSE(fs::exists(tmp / "full/site.yaml"));

  spit(tmp / "a-file", "x");
  RunResult file = run_reel("new a-file", tmp.path());
  CHECK(file.exit_code == 1);
  CHECK(contains(file.err, "`a-file` exists and is not a folder"));

  RunResult bad = run_reel("new fresh --languages en,EN", tmp.path());
  CHECK(bad.exit_code == 1);
  CHECK(contains(bad.err, "got `EN`"));
  CHECK_FALSE(fs::exists(tmp / "fresh"));

  // An empty folder is fine.
  fs::create_directories(tmp / "empty");
  CHECK(run_reel("new empty", tmp.path()).exit_code == 0);
  CHECK(fs::is_regular_file(tmp / "empty/site.yaml"));
}

TEST_CASE("reel new --languages en,fr: English at the root, French under /fr/, a clean build and check") {
  TempDir tmp;
  RunResult made = run_reel("new films --languages en,fr", tmp.path());
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  CHECK(contains(made.out, "in English, Français (English is the default language)"));
  CHECK_FALSE(fs::exists(tmp / "films/content/it"));
  RunResult built = run_reel("build", tmp / "films");
  REQUIRE_MESSAGE(built.exit_code == 0, built.err);
  CHECK_MESSAGE(built.err.empty(), built.err);
  std::string fr = slurp(tmp / "films/_site/fr/films/paper-lighthouse/index.html");
  CHECK(contains(fr, "<html lang=\"fr\""));
  CHECK(contains(fr, "Le Phare de papier"));
  CHECK(contains(fr, "hreflang=\"en\""));
  CHECK(run_reel("check", tmp / "films").exit_code == 0);
}

TEST_CASE("reel new --languages with a language without starter text: a note, English text, a clean build") {
  TempDir tmp;
  RunResult made = run_reel("new films --languages fi,en", tmp.path());
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  CHECK(contains(made.out, "reel new: note: reel has no starter translation for `fi`"));
  CHECK(contains(made.out, "content/fi/"));
  CHECK(contains(made.out, "in Suomi, English (Suomi is the default language)"));  // the name from ICU's CLDR data
  RunResult built = run_reel("build", tmp / "films");
  REQUIRE_MESSAGE(built.exit_code == 0, built.err);
  CHECK_MESSAGE(built.err.empty(), built.err);
  CHECK(contains(slurp(tmp / "films/_site/index.html"), "<html lang=\"fi\""));
}
