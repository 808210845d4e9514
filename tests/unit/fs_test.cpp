// BeneathFileSystem on a real disk, and write_output through it: symbolic links inside
// the output folder are never followed, whatever they point at.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>

#include <filesystem>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "output/output.h"

using namespace reel;
namespace stdfs = std::filesystem;

namespace {

/// A fresh folder, removed (without following links) at the end of the test.
struct ScratchDir {
  stdfs::path path;
  ScratchDir() {
    std::random_device rd;
    path = stdfs::temp_directory_path() / ("reel-fs-test-" + std::to_string(rd()) + std::to_string(rd()));
    stdfs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    stdfs::remove_all(path, ec);
  }
};

void put(const stdfs::path& p, const std::string& bytes) {
  stdfs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string get(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A site folder's output folder `out`, and an `outside` folder with a secret file,
/// linked from inside the output folder as a folder (`out/dir-link`) and as a file
/// (`out/file-link.html`).
struct LinkedOutput {
  ScratchDir dir;
  stdfs::path out = dir.path / "out";
  stdfs::path outside = dir.path / "outside";
  LinkedOutput() {
    put(outside / "secret.html", "outside");
    stdfs::create_directories(out);
    stdfs::create_directory_symlink(outside, out / "dir-link");
    stdfs::create_symlink(outside / "secret.html", out / "file-link.html");
  }
};

}  // namespace

TEST_CASE("fs: BeneathFileSystem writes reads and removes beneath its root") {
  ScratchDir dir;
  BeneathFileSystem fs((dir.path / "out").string(), true, "out");
  fs.write("a/b/index.html", "hello");
  CHECK(get(dir.path / "out/a/b/index.html") == "hello");
  CHECK(*fs.read("a/b/index.html") == "hello");
  CHECK(fs.kind("a/b") == FileKind::dir);
  CHECK(fs.kind("a/b/index.html") == FileKind::file);
  CHECK(fs.kind("a/nothing") == FileKind::none);
  CHECK(fs.list_files("") == std::vector<std::string>{"a/b/index.html"});
  CHECK_THROWS_AS(fs.create_file("a/b/index.html", "again"), Error);  // O_EXCL
  fs.create_file("a/new.txt", "n");
  fs.rename_file("a/new.txt", "a/renamed.txt");
  CHECK(get(dir.path / "out/a/renamed.txt") == "n");
  CHECK(fs.remove_file("a/renamed.txt"));
  CHECK_FALSE(fs.remove_file("a/renamed.txt"));
  fs.remove("a/b/index.html");
  CHECK_FALSE(stdfs::exists(dir.path / "out/a"));  // emptied parents go too
  CHECK(stdfs::exists(dir.path / "out"));
  // No temporary is left behind by write().
  CHECK(stdfs::is_empty(dir.path / "out"));
}

TEST_CASE("fs: create_file_parts writes its pieces one after the other, never through a link") {
  LinkedOutput t;
  BeneathFileSystem fs(t.out.string(), false, "out");
  const std::string big(100000, 'x');
  fs.create_file_parts("file.bin", {"head\n", "", big, "tail"});
  CHECK(get(t.out / "file.bin") == "head\n" + big + "tail");
  CHECK_THROWS_AS(fs.create_file_parts("file.bin", {"again"}), Error);  // O_EXCL
  CHECK_THROWS_AS(fs.create_file_parts("dir-link/x.bin", {"a", "b"}), Error);
  CHECK_THROWS_AS(fs.create_file_parts("file-link.html", {"a", "b"}), Error);
  CHECK_FALSE(stdfs::exists(t.outside / "x.bin"));
  CHECK(get(t.outside / "secret.html") == "outside");
  // The default, for other file systems, joins them.
  MemoryFileSystem mem;
  mem.create_file_parts("a.txt", {"one ", "two"});
  CHECK(*mem.read("a.txt") == "one two");
}

TEST_CASE("fs: symbolic links beneath the root are never followed") {
  LinkedOutput t;
  BeneathFileSystem fs(t.out.string(), false, "out");
  CHECK(fs.kind("dir-link") == FileKind::symlink);
  CHECK(fs.kind("file-link.html") == FileKind::symlink);
  CHECK(fs.kind("dir-link/secret.html") == FileKind::none);
  CHECK_FALSE(fs.read("dir-link/secret.html"));
  CHECK_FALSE(fs.read("file-link.html"));
  CHECK(fs.list_files("").empty());
  CHECK_THROWS_AS(fs.create_file("dir-link/new.html", "x"), Error);
  CHECK_THROWS_AS(fs.write("dir-link/new.html", "x"), Error);
  CHECK_THROWS_AS(fs.create_file("file-link.html", "x"), Error);
  CHECK_THROWS_AS(fs.make_dir("dir-link/sub"), Error);
  CHECK_THROWS_AS(fs.remove_file("dir-link/secret.html"), Error);
  // Removing the link removes the link, not what it points at.
  CHECK(fs.remove_file("file-link.html"));
  CHECK(get(t.outside / "secret.html") == "outside");
  CHECK(stdfs::directory_iterator(t.outside) != stdfs::directory_iterator());
  CHECK_FALSE(stdfs::exists(t.outside / "new.html"));
}

TEST_CASE("fs: read_shared maps a file beneath the root, never through a link, and outlives its replacement") {
  LinkedOutput t;
  BeneathFileSystem fs(t.out.string(), false, "out");
  const std::string big(100000, 'p');
  fs.create_file("products", big + "end");
  std::optional<SharedBytes> shared = fs.read_shared("products");
  REQUIRE(shared);
  CHECK(shared->bytes == big + "end");
  CHECK(shared->owner);
  // reel replaces a file by rename: the mapping still shows the bytes it was opened with.
  fs.write("products", "new");
  CHECK(shared->bytes == big + "end");
  CHECK(*fs.read_shared("products")->bytes.data() == 'n');
  fs.create_file("empty", "");
  std::optional<SharedBytes> empty = fs.read_shared("empty");
  REQUIRE(empty);
  CHECK(empty->bytes.empty());
  CHECK_FALSE(fs.read_shared("missing"));
  CHECK_FALSE(fs.read_shared("file-link.html"));
  CHECK_FALSE(fs.read_shared("dir-link/secret.html"));
  // The default, for other file systems, shares a copy.
  MemoryFileSystem mem;
  mem.write("a.txt", "abc");
  std::optional<SharedBytes> copy = mem.read_shared("a.txt");
  REQUIRE(copy);
  CHECK(copy->bytes == "abc");
  CHECK_FALSE(mem.read_shared("b.txt"));
}

TEST_CASE("fs: read_stamped gives a file's bytes with the stamp mtime() gives, from one open") {
  ScratchDir dir;
  put(dir.path / "a.md", "hello");
  DiskFileSystem fs(dir.path.string());
  std::int64_t stamp = -1;
  std::optional<std::string> bytes = fs.read_stamped("a.md", stamp);
  REQUIRE(bytes);
  CHECK(*bytes == "hello");
  CHECK(stamp == fs.mtime("a.md"));
  // Nanoseconds since the Unix epoch, as BeneathFileSystem's stamps.
  const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(std::llabs(stamp - now) < std::int64_t{3600} * 1000000000);
  CHECK(stamp == BeneathFileSystem(dir.path.string(), false).mtime("a.md"));
  CHECK_FALSE(fs.read_stamped("missing.md", stamp));
  CHECK(stamp == 0);
  // The default, for other file systems: mtime(), then read().
  MemoryFileSystem mem;
  mem.write("b.md", "b");
  std::int64_t mem_stamp = 0;
  CHECK(*mem.read_stamped("b.md", mem_stamp) == "b");
  CHECK(mem_stamp == mem.mtime("b.md"));
}

TEST_CASE("fs: errors name the path as the user knows it and the system's reason") {
  LinkedOutput t;
  BeneathFileSystem fs(t.out.string(), false, "_site");
  try {
    fs.create_file("dir-link/page.html", "x");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().pos.file == "_site/dir-link/page.html");
    // ELOOP from openat2(2) RESOLVE_NO_SYMLINKS, ENOTDIR from openat(2) O_DIRECTORY|O_NOFOLLOW.
    const std::string& m = e.diagnostic().message;
    CHECK((m.find(std::strerror(ELOOP)) != std::string::npos || m.find(std::strerror(ENOTDIR)) != std::string::npos));
    CHECK(e.diagnostic().hint.find("symbolic link") != std::string::npos);
  }
  put(t.out / "plain", "a file");
  try {
    fs.create_file("plain/page.html", "x");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().pos.file == "_site/plain/page.html");
    CHECK(e.diagnostic().message.find(std::strerror(ENOTDIR)) != std::string::npos);
  }
}

TEST_CASE("fs: write_output never writes or removes through a link in the output folder") {
  LinkedOutput t;
  // A manifest that claims both links and a folder as reel's own files.
  put(t.out / kManifestName, format_manifest({"dir-link/secret.html", "file-link.html", "folder", "index.html"}));
  stdfs::create_directories(t.out / "folder");
  put(t.out / "folder/user.txt", "the user's");
  BeneathFileSystem fs(t.out.string(), false, "out");
  Diagnostics refused;
  write_output(fs, {{"dir-link/secret.html", "new"}, {"file-link.html", "new"}, {"index.html", "i"}}, refused);
  CHECK(refused.error_count() == 2);
  CHECK_FALSE(stdfs::exists(t.out / "index.html"));  // nothing written at all
  Diagnostics ok;
  WriteStats s = write_output(fs, {{"index.html", "i"}}, ok);
  CHECK_FALSE(ok.has_errors());
  CHECK(s.removed == 0);  // links and folders listed in the manifest are not reel's
  CHECK(get(t.outside / "secret.html") == "outside");
  CHECK(stdfs::is_symlink(t.out / "dir-link"));
  CHECK(stdfs::is_symlink(t.out / "file-link.html"));
  CHECK(get(t.out / "folder/user.txt") == "the user's");
  CHECK(get(t.out / "index.html") == "i");
  CHECK(*parse_manifest(get(t.out / kManifestName)) == std::set<std::string, std::less<>>{"index.html"});
}

TEST_CASE("fs: write_output on disk leaves no temporaries and only changes changed files") {
  ScratchDir dir;
  BeneathFileSystem fs((dir.path / "out").string(), true, "out");
  Diagnostics diags;
  write_output(fs, {{"index.html", "1"}, {"a\nb.html", "odd"}, {"#x", "h"}, {" s p ", "s"}}, diags);
  REQUIRE_FALSE(diags.has_errors());
  put(dir.path / "out/b.html", "the user's");
  auto stamp = stdfs::last_write_time(dir.path / "out/index.html");
  WriteStats s = write_output(fs, {{"index.html", "1"}, {"new.html", "n"}}, diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(s.unchanged == 1);
  CHECK(s.written == 1);
  CHECK(s.removed == 3);
  CHECK(stdfs::last_write_time(dir.path / "out/index.html") == stamp);
  std::set<std::string> names;
  for (const auto& e : stdfs::recursive_directory_iterator(dir.path / "out")) names.insert(e.path().filename().string());
  CHECK(names == std::set<std::string>{".reel-manifest", "b.html", "index.html", "new.html"});
}

TEST_CASE("fs: a stopped write on disk is recovered to the old or the new site") {
  ScratchDir dir;
  BeneathFileSystem fs((dir.path / "out").string(), true, "out");
  Diagnostics diags;
  write_output(fs, {{"index.html", "old"}}, diags);
  // A write stopped after its commit: the temporary is there, the journal says committed.
  Journal j;
  j.token = "abc";
  j.committed = true;
  j.made_dirs = {"sub"};
  j.renames = {{".reel-tmp-abc-0", "index.html"}, {"sub/.reel-tmp-abc-1", "sub/index.html"}};
  put(dir.path / "out/.reel-tmp-abc-0", "new");
  put(dir.path / "out/sub/.reel-tmp-abc-1", "sub");
  put(dir.path / "out" / kJournalName, format_journal(j));
  put(dir.path / "out" / kJournalTempName, "half");
  CHECK(recover_output(fs) == Recovery::rolled_forward);
  CHECK(get(dir.path / "out/index.html") == "new");
  CHECK(get(dir.path / "out/sub/index.html") == "sub");
  CHECK_FALSE(stdfs::exists(dir.path / "out" / kJournalName));
  CHECK_FALSE(stdfs::exists(dir.path / "out" / kJournalTempName));
  // The same write stopped before its commit is undone, its new folder too.
  j.committed = false;
  j.renames = {{"sub2/.reel-tmp-abc-1", "sub2/index.html"}};
  j.made_dirs = {"sub2"};
  put(dir.path / "out/sub2/.reel-tmp-abc-1", "sub");
  put(dir.path / "out" / kJournalName, format_journal(j));
  CHECK(recover_output(fs) == Recovery::rolled_back);
  CHECK_FALSE(stdfs::exists(dir.path / "out/sub2"));
}
