// The build cache (generator/build/cache.h): what a build observed of its site, the
// cache file's round trip and its refusal of damaged bytes, and the checks that decide
// whether a later build may skip everything.
#include <doctest/doctest.h>

#include "build/build.h"
#include "build/cache.h"
#include "output/output.h"
#include "support/sites.h"

using namespace reel;
using reel::test::fixture_site;

namespace {

/// A build of `fs` through a recorder, and the cache it would leave in `out`.
BuildCache cached_build(const FileSystem& fs, MemoryFileSystem& out) {
  RecordingFileSystem recorder(fs);
  BuildResult r = build_site(recorder, {});
  REQUIRE_MESSAGE(r.ok, r.diags.format());
  for (const auto& [path, bytes] : r.files) out.write(path, bytes);
  out.write(kManifestName, "manifest");
  std::optional<BuildCache> cache = make_cache(recorder, r, {}, wall_clock_ns(), out);
  REQUIRE(cache);
  return *cache;
}

}  // namespace

TEST_CASE("build cache: a build observes every file and folder listing it reads") {
  MemoryFileSystem fs = fixture_site("minimal");
  RecordingFileSystem recorder(fs);
  BuildResult r = build_site(recorder, {});
  REQUIRE(r.ok);
  CHECK(recorder.consistent());
  std::vector<Observation> seen = recorder.observations();
  auto has = [&](Observation::Kind kind, const std::string& path) {
    return std::any_of(seen.begin(), seen.end(), [&](const Observation& o) { return o.kind == kind && o.path == path; });
  };
  CHECK(has(Observation::Kind::kRead, "site.yaml"));
  CHECK(has(Observation::Kind::kList, "content"));
  CHECK(has(Observation::Kind::kList, "templates"));
  // Every file of the site is read, except those no stage reads.
  for (const std::string& path : fs.list_files("")) {
    if (path.ends_with(".md") || path.ends_with(".html") || path == "site.yaml") CHECK_MESSAGE(has(Observation::Kind::kRead, path), path);
  }
  CHECK_THROWS_AS(recorder.write("x", "y"), Error);
}

TEST_CASE("build cache: one question with two answers makes the recording unusable") {
  MemoryFileSystem fs{{"a.txt", "one"}};
  RecordingFileSystem recorder(fs);
  CHECK(recorder.read("a.txt") == "one");
  CHECK(recorder.read("a.txt") == "one");
  CHECK(recorder.consistent());
  fs.write("a.txt", "two");
  CHECK(recorder.read("a.txt") == "two");
  CHECK_FALSE(recorder.consistent());
}

TEST_CASE("build cache: the file round-trips and refuses damaged or foreign bytes") {
  BuildCache cache;
  cache.key = "reel 0 key";
  cache.started_ns = 1'700'000'000'000'000'000;
  cache.inputs = {{Observation::Kind::kRead, "site.yaml", 42, 7},
                  {Observation::Kind::kRead, "content/gone.md", Observation::kAbsent, 0},
                  {Observation::Kind::kList, "content", 99, 0},
                  {Observation::Kind::kIsFile, "content/films/_schema.yaml", 1, 0}};
  cache.outputs = {{"index.html", 5, 77}, {"a path\nwith a newline", 6, 0}};
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.pos = SourcePos{"content/it/x.md", 3, 4};
  d.message = "a warning";
  d.hint = "a hint";
  d.source_line = "the line";
  d.notes = {"a note"};
  cache.diagnostics = {d};
  cache.gaps = {d, d};
  cache.pages = 12;
  cache.pages_by_lang = {{"en", 7}, {"it", 5}};

  std::string bytes = format_cache(cache);
  std::optional<BuildCache> back = parse_cache(bytes);
  REQUIRE(back);
  CHECK(back->key == cache.key);
  CHECK(back->started_ns == cache.started_ns);
  CHECK(back->inputs == cache.inputs);
  CHECK(back->outputs == cache.outputs);
  REQUIRE(back->diagnostics.size() == 1);
  CHECK(back->diagnostics[0].format() == d.format());
  CHECK(back->gaps.size() == 2);
  CHECK(back->pages == 12);
  CHECK(back->pages_by_lang == cache.pages_by_lang);

  // Every cut and every flipped byte is refused.
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CHECK_FALSE(parse_cache(std::string_view(bytes).substr(0, n)));
    std::string flipped = bytes;
    flipped[n] = static_cast<char>(flipped[n] ^ 0x01);
    CHECK_FALSE(parse_cache(flipped));
  }
  CHECK_FALSE(parse_cache(""));
  CHECK_FALSE(parse_cache("reel-cache 2 0000000000000000\n"));
}

TEST_CASE("build cache: the key names reel, ICU and every option that changes the output") {
  BuildOptions a, b, c, d;
  b.base_url = "http://localhost:8000/";
  c.origin = "http://127.0.0.1:8000";
  d.check_links = false;
  CHECK(cache_key(a) == cache_key(BuildOptions{}));
  CHECK(cache_key(a) != cache_key(b));
  CHECK(cache_key(a) != cache_key(c));
  CHECK(cache_key(a) != cache_key(d));
  CHECK(cache_key(a).find(REEL_VERSION) != std::string::npos);
}

TEST_CASE("build cache: inputs_unchanged sees every edit, addition and removal, and nothing else") {
  MemoryFileSystem fs = fixture_site("minimal");
  MemoryFileSystem out;
  BuildCache cache = cached_build(fs, out);
  CHECK(inputs_unchanged(fs, cache));
  CHECK(outputs_unchanged(out, cache));

  SUBCASE("the same bytes written again (a new stamp) are no change") {
    fs.write("site.yaml", *fs.read("site.yaml"));
    CHECK(inputs_unchanged(fs, cache));
  }
  SUBCASE("an edited file") {
    fs.write("content/en/about.md", *fs.read("content/en/about.md") + "\nMore.\n");
    CHECK_FALSE(inputs_unchanged(fs, cache));
  }
  SUBCASE("a new file in a folder the build lists") {
    fs.write("content/en/new.md", "---\ntitle: New\n---\n");
    CHECK_FALSE(inputs_unchanged(fs, cache));
  }
  SUBCASE("a removed file") {
    fs.remove("content/en/about.md");
    CHECK_FALSE(inputs_unchanged(fs, cache));
  }
  SUBCASE("a file the build does not read") {
    fs.write("README.txt", "notes");
    CHECK(inputs_unchanged(fs, cache));
  }
  SUBCASE("an output file changed or removed, or a write left unfinished") {
    SUBCASE("changed") { out.write("index.html", "edited"); }
    SUBCASE("removed") { out.remove("index.html"); }
    SUBCASE("journal") { out.write(kJournalName, "reel-journal 1\n"); }
    CHECK_FALSE(outputs_unchanged(out, cache));
  }
}

TEST_CASE("build cache: a stamp close to the build's start is checked by its bytes") {
  MemoryFileSystem fs = fixture_site("minimal");
  MemoryFileSystem out;
  BuildCache cache = cached_build(fs, out);
  // Stamps in memory are small counters; pretend the build began right after them, so
  // every stamp is racy: same stamps, yet an edit with the same stamp must be seen.
  cache.started_ns = 0;
  CHECK(inputs_unchanged(fs, cache));
  for (Observation& o : cache.inputs) {
    if (o.kind == Observation::Kind::kRead && o.path == "content/en/about.md") o.value ^= 1;  // as if the bytes moved
  }
  CHECK_FALSE(inputs_unchanged(fs, cache));
}

TEST_CASE("build cache: a rebuild takes the pages it left untouched as unchanged by hash and stamp, unread") {
  MemoryFileSystem fs = fixture_site("minimal");
  MemoryFileSystem out;
  RecordingFileSystem recorder(fs);
  BuildResult r = build_site(recorder, {});
  REQUIRE_MESSAGE(r.ok, r.diags.format());
  Diagnostics diags;
  write_output(out, r.files, diags);
  REQUIRE_FALSE(diags.has_errors());
  std::optional<BuildCache> cache = make_cache(recorder, r, {}, wall_clock_ns(), out);
  REQUIRE(cache);
  REQUIRE(r.files.count("about/index.html"));
  const std::string& about = r.files.at("about/index.html");

  auto known = known_outputs(*cache, out);
  CHECK(known("about/index.html", about));
  CHECK_FALSE(known("about/index.html", about + " "));  // other bytes: another hash
  CHECK_FALSE(known("nowhere.html", about));
  CHECK_FALSE(known(kManifestName, "anything"));  // the manifest is always rewritten

  // Trusted without reading: a file whose bytes differ but that the test calls known
  // stays as it is.
  out.write("about/index.html", "edited by hand");
  CHECK_FALSE(known("about/index.html", about));  // its stamp moved
  WriteStats trusting = write_output(out, r.files, diags, [](std::string_view, std::string_view) { return true; });
  CHECK(trusting.written == 0);
  CHECK(out.read("about/index.html") == "edited by hand");
  // With the cache's test, the moved stamp sends it to be read, compared and rewritten.
  WriteStats checked = write_output(out, r.files, diags, known);
  CHECK(checked.written == 1);
  CHECK(out.read("about/index.html") == about);
  CHECK_FALSE(diags.has_errors());
}
