// `reel mark-translated`: records in a translation's front matter the hash of its
// original, so that no one pastes hashes by hand; reel check then counts it up to date,
// until the original changes again.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "support/process.h"

namespace fs = std::filesystem;
using namespace reel::test;

TEST_CASE("reel mark-translated: marks the translations reel check names, changing one line of each") {
  TempDir dir;
  copy_fixture("minimal", dir.path());
  const fs::path it = dir / "content/it/index.md";
  std::string before = slurp(it);

  RunResult check = run_reel("check", dir.path());
  CHECK(check.exit_code == 1);
  CHECK(contains(check.err, "translation does not say which version of content/en/index.md it was made from"));
  CHECK(contains(check.err, "run `reel mark-translated content/it/index.md`"));

  RunResult mark = run_reel("mark-translated", dir.path());
  INFO(mark.out << mark.err);
  REQUIRE(mark.exit_code == 0);
  CHECK(contains(mark.out, "reel: content/it/index.md is marked up to date with content/en/index.md (original_hash: \""));
  std::string after = slurp(it);
  // One line more, quoted, last in the front matter; every other byte as it was.
  std::size_t at = after.find("original_hash: \"");
  REQUIRE(at != std::string::npos);
  std::size_t end = after.find('\n', at) + 1;
  CHECK(after.substr(0, at) + after.substr(end) == before);
  CHECK(after.substr(end).rfind("---\n", 0) == 0);

  check = run_reel("check", dir.path());
  CHECK_FALSE(contains(check.err, "content/it/index.md"));

  // Nothing left to mark.
  mark = run_reel("mark-translated", dir.path());
  CHECK(mark.exit_code == 0);
  CHECK(contains(mark.out, "every translation already records the hash of its original"));

  // The original changes (its title counts too): stale again, marked again by name.
  std::string en = slurp(dir / "content/en/index.md");
  en.replace(en.find("title: "), 7, "title: Revised ");
  spit(dir / "content/en/index.md", en);
  check = run_reel("check", dir.path());
  CHECK(contains(check.err, "translation is older than its original: content/en/index.md"));
  mark = run_reel("mark-translated content/it/index.md", dir.path());
  CHECK(mark.exit_code == 0);
  CHECK_FALSE(contains(run_reel("check", dir.path()).err, "content/it/index.md"));
}

TEST_CASE("reel mark-translated: a path that is not a translation is refused and nothing changes") {
  TempDir dir;
  copy_fixture("minimal", dir.path());
  std::string before = slurp(dir / "content/it/index.md");
  for (const char* path : {"content/en/index.md", "content/it/nowhere.md", "site.yaml"}) {
    RunResult r = run_reel(std::string("mark-translated ") + path, dir.path());
    INFO(path);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, std::string("`") + path + "` is not a translation of this site"));
  }
  CHECK(slurp(dir / "content/it/index.md") == before);
}
