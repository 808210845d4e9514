// The build cache across runs (generator/build/cache.h), through the real `reel`
// binary on the catalogue test site: a build with nothing changed renders and writes
// nothing and prints what the full build printed; after any edit the output is byte
// for byte a fresh build's; a damaged cache, other options or a touched output folder
// are never trusted; the thread count never changes a byte.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "support/process.h"

namespace fs = std::filesystem;
using namespace reel::test;

namespace {

const fs::path kCatalogueSite = fs::path(REEL_SOURCE_DIR) / "tests/sites/catalogue/site";
constexpr const char* kNothingChanged = "reel: nothing changed since the last build of";

/// The output without reel's own cache files (the build cache's stamps differ between
/// two folders; the products files hold what each folder's builds made, in their order).
std::map<std::string, std::string> output_of(const fs::path& dir) {
  std::map<std::string, std::string> files = snapshot(dir);
  files.erase(".reel-cache");
  std::erase_if(files, [](const auto& f) { return f.first.starts_with(".reel-products."); });
  return files;
}

/// The summary line without its time.
std::string summary(const std::string& out) { return std::regex_replace(out, std::regex(" in [0-9.]+ ms"), ""); }

/// Builds `site` into `site/_site` (with its cache) and, from scratch, into
/// `site/fresh`; both must succeed and hold the same files.
void check_matches_fresh(const fs::path& site, const std::string& what) {
  INFO("after: " << what);
  RunResult incremental = run_reel("build", site);
  REQUIRE_MESSAGE(incremental.exit_code == 0, incremental.err);
  CHECK_FALSE(contains(incremental.out, kNothingChanged));
  fs::remove_all(site / "fresh");
  RunResult fresh = run_reel("build --output fresh", site);
  REQUIRE_MESSAGE(fresh.exit_code == 0, fresh.err);
  CHECK(incremental.err == fresh.err);
  CHECK(output_of(site / "_site") == output_of(site / "fresh"));
  fs::remove_all(site / "fresh");
  // And now nothing changed: the same messages, nothing written.
  RunResult again = run_reel("build", site);
  REQUIRE(again.exit_code == 0);
  CHECK(contains(again.out, kNothingChanged));
  CHECK(contains(again.out, ": 0 files written"));
  CHECK(again.err == incremental.err);
}

std::vector<fs::path> files_below(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ext && e.path().filename().string()[0] != '_') out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("build cache: a build with nothing changed writes nothing and repeats the full build's messages") {
  TempDir dir;
  fs::copy(kCatalogueSite, dir.path(), fs::copy_options::recursive);
  RunResult first = run_reel("build", dir.path());
  REQUIRE(first.exit_code == 0);
  CHECK(fs::exists(dir / "_site/.reel-cache"));
  CHECK_FALSE(contains(first.out, kNothingChanged));
  RunResult second = run_reel("build", dir.path());
  REQUIRE(second.exit_code == 0);
  CHECK(contains(second.out, kNothingChanged));
  CHECK(second.err == first.err);
  CHECK_FALSE(second.err.empty());  // the catalogue has warnings: they are shown again
  // The same pages, files and counts as the full build's summary.
  std::smatch m;
  std::string first_line = summary(first.out), second_line = summary(second.out);
  REQUIRE(std::regex_search(first_line, m, std::regex("built (.*) into .*: ([0-9]+) files written")));
  std::string pages = m[1], files = m[2];
  CHECK(contains(second_line, pages + " in "));
  CHECK(contains(second_line, "0 files written, " + files + " unchanged, 0 removed"));
}

TEST_CASE("build cache: after random edits of every kind the output is byte for byte a fresh build's") {
  TempDir dir;
  const fs::path& site = dir.path();
  fs::copy(kCatalogueSite, site, fs::copy_options::recursive);
  REQUIRE(run_reel("build", site).exit_code == 0);
  std::mt19937 rng(20261204);
  auto pick = [&](const std::vector<fs::path>& v) { return v[rng() % v.size()]; };
  auto edit = [&](const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = slurp(p);
    std::size_t at = text.find(from);
    INFO("the file " << p.string() << " has no `" << from << "`");
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    spit(p, text);
  };
  for (int round = 0; round < 2; ++round) {
    std::string n = std::to_string(round) + std::to_string(rng() % 1000);
    fs::path prose = pick(files_below(site / "content/en/films", ".md"));
    spit(prose, slurp(prose) + "\nAn added paragraph, number " + n + ".\n");
    check_matches_fresh(site, "a prose body edit of " + prose.string());

    edit(prose, "title: \"", "title: \"Renamed " + n + " ");
    check_matches_fresh(site, "a prose title edit of " + prose.string());

    fs::path facts = pick(files_below(site / "content/films", ".yaml"));
    edit(facts, "runtime_minutes: ", "runtime_minutes: 1" + std::to_string(round));
    check_matches_fresh(site, "a facts edit of " + facts.string());

    fs::path layout = pick(files_below(site / "templates", ".html"));
    spit(layout, slurp(layout) + "{# edited " + n + " #}<!-- " + n + " -->\n");
    check_matches_fresh(site, "a template edit of " + layout.string());

    spit(site / "static/style.css", slurp(site / "static/style.css") + "\n/* " + n + " */\n");
    check_matches_fresh(site, "a static file edit");

    edit(site / "site.yaml", "title:", "# edited " + n + "\ntitle:");
    check_matches_fresh(site, "a site.yaml edit");

    spit(site / ("content/en/extra-" + n + ".md"), "---\ntitle: \"Extra " + n + "\"\n---\n\nA new page.\n");
    check_matches_fresh(site, "a new prose file");

    fs::remove(site / ("content/en/extra-" + n + ".md"));
    check_matches_fresh(site, "a removed prose file");
  }
}

TEST_CASE("build cache: a rebuild keeps the products of the files that changed only, and never trusts damaged ones") {
  TempDir dir;
  const fs::path& site = dir.path();
  fs::copy(kCatalogueSite, site, fs::copy_options::recursive);
  REQUIRE(run_reel("build", site).exit_code == 0);
  const fs::path first = site / "_site/.reel-products.1";
  REQUIRE(fs::exists(first));
  const auto first_size = fs::file_size(first);
  std::vector<fs::path> prose = files_below(site / "content/it/films", ".md");
  REQUIRE(prose.size() > 3);

  // One prose file edited: the new products file holds its product alone.
  spit(prose[0], slurp(prose[0]) + "\nUn paragrafo in più.\n");
  check_matches_fresh(site, "a prose edit, with products");
  const fs::path second = site / "_site/.reel-products.2";
  REQUIRE(fs::exists(second));
  CHECK(fs::file_size(second) * 10 < first_size);

  // Damaged products, here and there: the output is still a fresh build's.
  std::string bytes = slurp(first);
  for (std::size_t at = 200; at < bytes.size(); at += 997) bytes[at] ^= 0x5a;
  spit(first, bytes);
  spit(prose[1], slurp(prose[1]) + "\nUn altro paragrafo.\n");
  check_matches_fresh(site, "an edit after damaged products");
  spit(first, "reel-products 1 0123456789abcdef\nnonsense");
  spit(prose[2], slurp(prose[2]) + "\nUn terzo paragrafo.\n");
  check_matches_fresh(site, "an edit after products of another key");
  // That build wrote what it used afresh, as one file.
  CHECK(fs::exists(first));
  CHECK_FALSE(fs::exists(second));
}

TEST_CASE("build cache: a prose body edit renders only its page and its translations, and its links are still checked") {
  TempDir dir;
  const fs::path& site = dir.path();
  fs::copy(kCatalogueSite, site, fs::copy_options::recursive);
  // A page that points at a heading of a film's prose.
  const fs::path film = site / "content/en/films/northern-ferry.md";
  spit(film, slurp(film) + "\n## Where it was shot\n\nOn a ferry, of course.\n");
  spit(site / "content/en/pointer.md",
       "---\ntitle: \"Pointer\"\n---\n\nRead [where it was shot](@/films/northern-ferry.md#where-it-was-shot).\n\n"
       "## Its own heading\n\nText.\n");
  // The output equals a fresh build's, with the same messages as `r`'s.
  auto check_fresh = [&](const RunResult& r) {
    fs::remove_all(site / "fresh");
    RunResult fresh = run_reel("build --output fresh", site);
    REQUIRE_MESSAGE(fresh.exit_code == 0, fresh.err);
    CHECK(r.err == fresh.err);
    CHECK(output_of(site / "_site") == output_of(site / "fresh"));
    fs::remove_all(site / "fresh");
  };
  RunResult first = run_reel("build", site);
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK_FALSE(contains(first.out, "rendered again"));

  // The body of one film: its page and its Italian translation render; nothing else.
  // Its new link into a kept page is checked against that page's ids, read back.
  spit(film, slurp(film) + "\nSee [the pointer](@/pointer.md#its-own-heading).\n");
  {
    RunResult r = run_reel("build", site);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(contains(r.out, ", 2 of them rendered again: 1 file written"));
    check_fresh(r);
  }
  std::string text = slurp(film);
  text.replace(text.find("#its-own-heading"), 16, "#no-such-heading");
  spit(film, text);
  {
    RunResult r = run_reel("build", site);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "in the output films/northern-ferry/index.html"));
    CHECK(contains(r.err, "no id \"no-such-heading\" in pointer/index.html"));
  }
  text.replace(text.find("#no-such-heading"), 16, "#its-own-heading");
  spit(film, text);
  REQUIRE(run_reel("build", site).exit_code == 0);

  // A title is shown by other pages (lists, links): every page renders.
  text = slurp(film);
  text.replace(text.find("title: \""), 8, "title: \"The ");
  spit(film, text);
  {
    RunResult r = run_reel("build", site);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK_FALSE(contains(r.out, "rendered again"));
    check_fresh(r);
  }

  // The heading goes: the kept page that points at it is found broken, and nothing is written.
  std::map<std::string, std::string> before = output_of(site / "_site");
  text = slurp(film);
  text.replace(text.find("## Where it was shot"), 20, "Where it was shot:");
  spit(film, text);
  RunResult broken = run_reel("build", site);
  CHECK(broken.exit_code == 1);
  CHECK(contains(broken.err, "content/en/pointer.md"));
  CHECK(contains(broken.err, "where-it-was-shot"));
  CHECK(output_of(site / "_site") == before);
}

TEST_CASE("build cache: a touched file with the same bytes still counts as nothing changed") {
  TempDir dir;
  fs::copy(kCatalogueSite, dir.path(), fs::copy_options::recursive);
  RunResult first = run_reel("build", dir.path());
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  fs::path prose = files_below(dir / "content/en/films", ".md").front();
  spit(prose, slurp(prose));  // a new stamp, the same bytes
  fs::last_write_time(prose, fs::file_time_type::clock::now() + std::chrono::hours(1));
  RunResult r = run_reel("build", dir.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(contains(r.out, kNothingChanged));
}

TEST_CASE("build cache: a damaged cache, other options or a changed output folder are not trusted") {
  TempDir dir;
  fs::copy(kCatalogueSite, dir.path(), fs::copy_options::recursive);
  REQUIRE(run_reel("build", dir.path()).exit_code == 0);
  std::map<std::string, std::string> good = output_of(dir / "_site");
  fs::path cache = dir / "_site/.reel-cache";

  SUBCASE("a damaged byte") {
    std::string bytes = slurp(cache);
    bytes[bytes.size() / 2] ^= 0x20;
    spit(cache, bytes);
  }
  SUBCASE("a cut-off file") {
    std::string bytes = slurp(cache);
    spit(cache, bytes.substr(0, bytes.size() / 3));
  }
  SUBCASE("not a cache at all") { spit(cache, "reel-cache 1 0123456789abcdef\nnonsense"); }
  SUBCASE("another base URL") {
    RunResult r = run_reel("build --base-url http://localhost:9/", dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(contains(r.out, kNothingChanged));
    CHECK(output_of(dir / "_site") != good);
  }
  SUBCASE("an output file removed") { fs::remove(dir / "_site/index.html"); }
  SUBCASE("an output file changed") { spit(dir / "_site/index.html", "edited by hand"); }

  RunResult r = run_reel("build", dir.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK_FALSE(contains(r.out, kNothingChanged));
  CHECK(output_of(dir / "_site") == good);
  CHECK(contains(run_reel("build", dir.path()).out, kNothingChanged));
}

TEST_CASE("build cache: the output is byte for byte the same whatever the thread count") {
  TempDir dir;
  fs::copy(kCatalogueSite, dir.path(), fs::copy_options::recursive);
  std::vector<std::map<std::string, std::string>> outputs;
  for (const char* threads : {"1", "2", "7"}) {
    ::setenv("REEL_THREADS", threads, 1);
    RunResult r = run_reel(std::string("build --output out-") + threads, dir.path());
    ::unsetenv("REEL_THREADS");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    outputs.push_back(output_of(dir / (std::string("out-") + threads)));
  }
  CHECK(outputs[0].size() > 100);
  CHECK(outputs[0] == outputs[1]);
  CHECK(outputs[0] == outputs[2]);
}
