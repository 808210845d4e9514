// `--diagnostics json` and the progress line, through the real `reel` binary: errors and
// warnings as one JSON object a line on stderr for editors and CI; the `reel: rendering
// N/M pages` line only on a terminal, never in a pipe or a file.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.h"

namespace fs = std::filesystem;
using namespace reel::test;

namespace {

/// Every line of `err` parsed as JSON; a line that is not one JSON object fails the test.
std::vector<nlohmann::json> json_lines(const std::string& err) {
  std::vector<nlohmann::json> out;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    INFO("stderr line: " << line);
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j.is_object());
    for (const char* key : {"file", "line", "column", "end_line", "end_column", "severity", "message", "hint"}) {
      CHECK(j.contains(key));
    }
    out.push_back(std::move(j));
  }
  return out;
}

/// The objects of `lines` with that severity.
std::vector<nlohmann::json> with_severity(const std::vector<nlohmann::json>& lines, const std::string& severity) {
  std::vector<nlohmann::json> out;
  for (const auto& j : lines) {
    if (j["severity"] == severity) out.push_back(j);
  }
  return out;
}

/// The minimal site with `pages` more English pages, each looping over a few hundred
/// numbers so that rendering them takes long enough for the progress line to show.
void many_pages(const fs::path& dir, int pages) {
  copy_fixture("minimal", dir);
  spit(dir / "templates/layouts/page.html",
       "<!DOCTYPE html>\n<html lang=\"{{ lang }}\"><head><title>{{ page.title }}</title></head>\n"
       "<body>{% for i in range(3000) %}{% if i is odd %}{{ i }}{% endif %}{% endfor %}{{ page.content }}</body></html>\n");
  for (int i = 0; i < pages; ++i) {
    spit(dir / ("content/en/p" + std::to_string(i) + ".md"),
         "---\ntitle: Page " + std::to_string(i) + "\ndescription: A page.\n---\nText.\n");
  }
}

}  // namespace

TEST_CASE("reel build --diagnostics json: a broken template is one error object with its file, line and column") {
  TempDir dir;
  copy_fixture("minimal", dir.path());
  spit(dir / "templates/layouts/page.html", "<h1>{{ page.title }}</h1>\n<p>{{ page.subtitle }}</p>\n");
  RunResult text = run_reel("build", dir.path());
  RunResult r = run_reel("build --diagnostics json", dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(text.exit_code == 1);
  std::vector<nlohmann::json> lines = json_lines(r.err);
  std::vector<nlohmann::json> errors = with_severity(lines, "error");
  REQUIRE_FALSE(errors.empty());
  CHECK(lines.size() == errors.size() + with_severity(lines, "warning").size());
  const nlohmann::json& e = errors.front();
  CHECK(e["file"] == "templates/layouts/page.html");
  CHECK(e["line"] == 2);
  REQUIRE(e["column"].is_number());
  CHECK(e["column"].get<int>() > 0);
  CHECK(e["end_line"] == e["line"]);
  CHECK(e["end_column"] == e["column"]);
  CHECK(e["message"].get<std::string>().find("subtitle") != std::string::npos);
  // The same error in the human form names the same place.
  CHECK(contains(text.err, "templates/layouts/page.html:2:" + std::to_string(e["column"].get<int>()) + ": error:"));
  CHECK(contains(text.err, "reel: build failed with"));
  CHECK_FALSE(fs::exists(dir / "_site"));
}

TEST_CASE("reel build --diagnostics json: broken YAML, and a missing site folder, are error objects") {
  TempDir dir;
  copy_flagship(dir.path());
  fs::path facts = dir / "content/films/never-let-me-go.yaml";
  std::string text = slurp(facts);
  text.replace(text.find("year: 2010"), 10, "year: [2010");
  spit(facts, text);
  RunResult r = run_reel("build --output out --diagnostics json", dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 1);
  std::vector<nlohmann::json> errors = with_severity(json_lines(r.err), "error");
  REQUIRE_FALSE(errors.empty());
  CHECK(errors.front()["file"] == "content/films/never-let-me-go.yaml");
  CHECK(errors.front()["line"].is_number());
  CHECK(errors.front()["column"].is_number());
  CHECK(contains(errors.front()["message"].get<std::string>(), "invalid YAML"));

  r = run_reel("build --source nowhere --diagnostics json", dir.path());
  CHECK(r.exit_code == 1);
  std::vector<nlohmann::json> missing = json_lines(r.err);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0]["severity"] == "error");
  CHECK(missing[0]["file"] == "nowhere");
  CHECK(missing[0]["line"].is_null());
  CHECK(contains(missing[0]["hint"].get<std::string>(), "--source"));
}

TEST_CASE("reel build --diagnostics json: a build with warnings gives warning objects, also when replayed from the cache") {
  TempDir dir;
  copy_fixture("minimal", dir.path());
  for (int run = 0; run < 2; ++run) {
    INFO("run " << run);
    RunResult r = run_reel("build --diagnostics json", dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The summary stays on stdout, in words.
    CHECK(contains(r.out, run == 0 ? "reel: built " : "reel: nothing changed since the last build of"));
    std::vector<nlohmann::json> lines = json_lines(r.err);
    std::vector<nlohmann::json> warnings = with_severity(lines, "warning");
    CHECK(warnings.size() == lines.size());
    bool about = false;
    for (const auto& w : warnings) {
      if (contains(w["message"].get<std::string>(), "page `about` has no Italiano translation")) {
        about = true;
        CHECK(contains(w["hint"].get<std::string>(), "add content/it/about.md"));
        CHECK(w["file"].is_string());
      }
    }
    CHECK(about);
  }
  // --diagnostics text is the default and the human form.
  RunResult text = run_reel("build --diagnostics text", dir.path());
  CHECK(text.exit_code == 0);
  CHECK(contains(text.err, "warning: page `about` has no Italiano translation"));
  CHECK(text.err.find('{') == std::string::npos);
  CHECK(run_reel("build --diagnostics xml", dir.path()).exit_code != 0);
}

TEST_CASE("reel check --diagnostics json: every gap is a warning object") {
  TempDir dir;
  copy_fixture("minimal", dir.path());
  RunResult r = run_reel("check --diagnostics json", dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 1);  // the minimal site misses a translation
  std::vector<nlohmann::json> lines = json_lines(r.err);
  REQUIRE_FALSE(lines.empty());
  CHECK(with_severity(lines, "warning").size() == lines.size());
  CHECK_FALSE(contains(r.err, "reel check:"));
}

TEST_CASE("reel build: the progress line shows on a terminal only") {
  TempDir dir;
  many_pages(dir / "site", 3000);
  // stderr in a file: no progress line, no carriage return.
  RunResult r = run_reel("build --source site --output site/out", dir.path());
  INFO(r.err.substr(0, 2000));
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(contains(r.err, "rendering"));
  CHECK(r.err.find('\r') == std::string::npos);
  CHECK(contains(r.out, "reel: built 3003 pages"));

  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    MESSAGE("util-linux `script` is missing: the terminal half is skipped");
    return;
  }
  // On a pseudo-terminal (script -qc), one thread so that rendering takes a while.
  fs::remove_all(dir / "site/out");
  std::string cmd = "cd '" + dir.path().string() + "' && REEL_THREADS=1 script -qec \"'" REEL_BINARY
                    "' build --source site --output site/out\" /dev/null >'" + (dir / "tty.txt").string() + "' 2>&1 </dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::string tty = slurp(dir / "tty.txt");
  CHECK(contains(tty, "\rreel: rendering "));
  CHECK(contains(tty, "/3,003 pages"));
  // Erased before the summary, which comes last.
  std::size_t last_progress = tty.rfind("reel: rendering");
  std::size_t summary = tty.rfind("reel: built 3003 pages");
  REQUIRE(summary != std::string::npos);
  CHECK(last_progress < summary);
  CHECK(contains(tty.substr(last_progress), "\r\033[K"));

  // --diagnostics json on a terminal: no progress line either.
  fs::remove_all(dir / "site/out");
  cmd = "cd '" + dir.path().string() + "' && REEL_THREADS=1 script -qec \"'" REEL_BINARY
        "' build --source site --output site/out --diagnostics json\" /dev/null >'" + (dir / "tty-json.txt").string() +
        "' 2>&1 </dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK_FALSE(contains(slurp(dir / "tty-json.txt"), "rendering"));
}
