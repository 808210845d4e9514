#include <doctest/doctest.h>

#include "output/output.h"

using namespace reel;

TEST_CASE("output: writes new files, skips unchanged ones, removes its own stale files") {
  MemoryFileSystem out;
  Diagnostics diags;
  WriteStats first = write_output(out, {{"index.html", "a"}, {"it/index.html", "b"}}, diags);
  CHECK(first.written == 2);
  CHECK(out.is_file(kManifestName));
  WriteStats second = write_output(out, {{"index.html", "a2"}, {"about/index.html", "c"}}, diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(second.written == 2);
  CHECK(second.removed == 1);
  CHECK_FALSE(out.is_file("it/index.html"));
  WriteStats third = write_output(out, {{"index.html", "a2"}, {"about/index.html", "c"}}, diags);
  CHECK(third.written == 0);
  CHECK(third.unchanged == 2);
}

TEST_CASE("output: never overwrites or deletes a file reel did not write") {
  MemoryFileSystem out({{"index.html", "mine"}, {"notes.txt", "keep"}});
  Diagnostics diags;
  write_output(out, {{"index.html", "generated"}, {"it/index.html", "x"}}, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].pos.file == "index.html");
  CHECK(*out.read("index.html") == "mine");
  CHECK_FALSE(out.is_file("it/index.html"));  // nothing at all was written
  Diagnostics ok;
  write_output(out, {{"it/index.html", "x"}}, ok);
  CHECK_FALSE(ok.has_errors());
  CHECK(*out.read("notes.txt") == "keep");
  CHECK(*out.read("index.html") == "mine");
}
