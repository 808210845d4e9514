// The real `reel` binary on real files: the flagship site, and broken copies of it.
#include <doctest/doctest.h>

#include <regex>

#include "support/process.h"

using namespace reel::test;
namespace fs = std::filesystem;

TEST_CASE("reel --help and --version") {
  RunResult help = run_reel("--help");
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "build"));
  RunResult version = run_reel("--version");
  CHECK(version.exit_code == 0);
  CHECK(contains(version.out, "reel "));
  RunResult bad = run_reel("frobnicate");
  CHECK(bad.exit_code != 0);
}

TEST_CASE("reel build: a site without images starts without libcrypto or the image module") {
  // Both are loaded on first use (base/digest.h, images/processor.h); the dynamic
  // loader's own log (LD_DEBUG=libs, glibc's ld.so(8)) names every library it loads.
  TempDir dir;
  copy_fixture("minimal", dir.path());
  TempDir io;
  std::string cmd = "cd '" + dir.path().string() + "' && LD_DEBUG=libs '" REEL_BINARY "' build >'" +
                    (io / "out").string() + "' 2>'" + (io / "err").string() + "' </dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::string log = slurp(io / "err");
  CHECK(contains(log, "libstdc++"));  // the log is there: what it lacks below counts
  CHECK_FALSE(contains(log, "libcrypto"));
  CHECK_FALSE(contains(log, "reel-vips"));
  CHECK(fs::exists(dir / "_site/index.html"));
}

TEST_CASE("reel build: the flagship site in English and Italian") {
  TempDir dir;
  copy_flagship(dir.path());
  RunResult r = run_reel("build --output out", dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // One closing line: pages and milliseconds.
  CHECK(std::regex_search(r.out, std::regex(R"(^reel: built \d+ pages \(en \d+, it \d+\) into out in [0-9.]+ ms)")));

  std::string en = slurp(dir / "out/index.html");
  std::string it = slurp(dir / "out/it/index.html");
  REQUIRE_FALSE(en.empty());
  REQUIRE_FALSE(it.empty());
  CHECK(contains(en, "<html lang=\"en\""));
  CHECK(contains(it, "<html lang=\"it\""));
  CHECK(contains(en, "<title>Never Let Me Go (2010)</title>"));
  CHECK(contains(it, "<title>Non lasciarmi (2010)</title>"));
  const std::string base = "https://reel-films.github.io/";
  for (const std::string* page : {&en, &it}) {
    CHECK(contains(*page, "<link rel=\"alternate\" hreflang=\"en\" href=\"" + base + "\">"));
    CHECK(contains(*page, "<link rel=\"alternate\" hreflang=\"it\" href=\"" + base + "it/\">"));
    CHECK(contains(*page, "<link rel=\"alternate\" hreflang=\"x-default\" href=\"" + base + "\">"));
    CHECK(contains(*page, "Mark Romanek"));
    CHECK(contains(*page, "Carey Mulligan"));
    CHECK(contains(*page, "Kazuo Ishiguro"));
  }
  CHECK(contains(en, "<link rel=\"canonical\" href=\"" + base + "\">"));
  CHECK(contains(it, "<link rel=\"canonical\" href=\"" + base + "it/\">"));
  // The switcher links each page to its own translation.
  CHECK(contains(en, "<a href=\"/it/\" hreflang=\"it\" lang=\"it\" rel=\"alternate\">Italiano</a>"));
  CHECK(contains(it, "<a href=\"/\" hreflang=\"en\" lang=\"en\" rel=\"alternate\">English</a>"));
  // Facts, formatted per language.
  CHECK(contains(en, "103 minutes"));
  CHECK(contains(it, "103 minuti"));
  CHECK(contains(en, "15 September 2010"));
  CHECK(contains(it, "15 settembre 2010"));
  CHECK(contains(en, "Directed by"));
  CHECK(contains(it, "Regia"));
  CHECK(contains(en, "United Kingdom"));
  CHECK(contains(it, "Regno Unito"));
  CHECK(contains(en, "US$15,000,000"));
  CHECK(contains(it, "15.000.000"));

  std::string sitemap = slurp(dir / "out/sitemap.xml");
  CHECK(contains(sitemap, "<loc>" + base + "it/</loc>"));
  CHECK(contains(sitemap, "hreflang=\"x-default\""));
  std::string not_found = slurp(dir / "out/404.html");
  CHECK(contains(not_found, "lang=\"en\""));
  CHECK(contains(not_found, "lang=\"it\""));
  CHECK(contains(not_found, "href=\"/style.css\""));
  CHECK(fs::exists(dir / "out/style.css"));
}

TEST_CASE("reel build: broken facts YAML fails with file:line:column and leaves the output intact") {
  TempDir dir;
  copy_flagship(dir.path());
  REQUIRE(run_reel("build --output out", dir.path()).exit_code == 0);
  auto before = snapshot(dir / "out");

  fs::path facts = dir / "content/films/never-let-me-go.yaml";
  std::string text = slurp(facts);
  text.replace(text.find("year: 2010"), 10, "year: [2010");
  spit(facts, text);
  RunResult r = run_reel("build --output out", dir.path());
  CHECK(r.exit_code == 1);
  CHECK(std::regex_search(r.err, std::regex(R"(content/films/never-let-me-go\.yaml:\d+:\d+: error: invalid YAML)")));
  CHECK(contains(r.err, "the output folder was left as it was"));
  CHECK(snapshot(dir / "out") == before);
}

TEST_CASE("reel build: an undefined variable and an unknown template are errors with positions") {
  TempDir dir;
  copy_fixture("minimal", dir.path());
  spit(dir / "templates/layouts/page.html", "<h1>{{ page.title }}</h1>\n<p>{{ page.subtitle }}</p>\n");
  RunResult r = run_reel("build", dir.path());
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "templates/layouts/page.html:2:"));
  CHECK_FALSE(fs::exists(dir / "_site"));

  spit(dir / "templates/layouts/page.html", "{% include \"partials/nope.html\" %}\n");
  r = run_reel("build", dir.path());
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "templates/layouts/page.html:1:"));
  CHECK(contains(r.err, "nope.html"));
}

TEST_CASE("reel build: a missing translation is a warning naming the file to write") {
  TempDir dir;
  copy_fixture("minimal", dir.path());
  RunResult r = run_reel("build", dir.path());
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "warning: page `about` has no Italiano translation"));
  CHECK(contains(r.err, "add content/it/about.md"));
  CHECK(fs::exists(dir / "_site/about/index.html"));
}

TEST_CASE("reel build: never overwrites or deletes a file it did not write, removes its own stale files") {
  TempDir dir;
  copy_fixture("minimal", dir.path());
  spit(dir / "_site/notes.txt", "mine");
  spit(dir / "_site/index.html", "my own page");
  RunResult r = run_reel("build", dir.path());
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "refusing to overwrite a file that reel did not write"));
  CHECK(slurp(dir / "_site/index.html") == "my own page");

  fs::remove(dir / "_site/index.html");
  REQUIRE(run_reel("build", dir.path()).exit_code == 0);
  CHECK(fs::exists(dir / "_site/about/index.html"));
  fs::remove(dir / "content/en/about.md");
  r = run_reel("build", dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "1 removed"));
  CHECK_FALSE(fs::exists(dir / "_site/about/index.html"));
  CHECK(slurp(dir / "_site/notes.txt") == "mine");
  // A second identical build writes nothing.
  r = run_reel("build", dir.path());
  CHECK(contains(r.out, "0 files written"));
}

TEST_CASE("reel build: --source for another folder, and a missing folder") {
  TempDir dir;
  copy_fixture("minimal", dir / "site");
  RunResult r = run_reel("build --source site --base-url http://localhost:9999/", dir.path());
  CHECK(r.exit_code == 0);
  CHECK(contains(slurp(dir / "site/_site/it/index.html"), "http://localhost:9999/it/"));
  r = run_reel("build --source nowhere", dir.path());
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "does not exist"));
}
