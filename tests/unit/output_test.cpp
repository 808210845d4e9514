#include <doctest/doctest.h>

#include <optional>

#include "output/output.h"

using namespace reel;

namespace {

using Files = std::map<std::string, std::string, std::less<>>;

/// A MemoryFileSystem whose Nth change (create, rename, remove, mkdir) fails. As an
/// error, only that one fails (the writer may then clean up); as a kill, that one and
/// every later change fail, and a create that is killed leaves half its bytes behind,
/// as a process killed in the middle of write(2) would.
class FailingFileSystem : public MemoryFileSystem {
 public:
  enum class Mode { error, kill };
  FailingFileSystem(const MemoryFileSystem& from, std::size_t fail_at, Mode mode)
      : MemoryFileSystem(from), fail_at_(fail_at), mode_(mode) {}
  /// Changes made so far, the failing ones included.
  std::size_t changes() const { return count_; }
  /// Ends the failures (the next process starts).
  void revive() { fail_at_ = 0; }

  void create_file(std::string_view path, std::string_view bytes) override {
    if (failing()) {
      if (mode_ == Mode::kill && !is_file(path)) MemoryFileSystem::write(path, bytes.substr(0, bytes.size() / 2));
      throw Error(SourcePos{std::string(path)}, "cannot write the file: No space left on device");
    }
    MemoryFileSystem::create_file(path, bytes);
  }
  void rename_file(std::string_view from, std::string_view to) override {
    if (failing()) throw Error(SourcePos{std::string(to)}, "cannot write the file: Input/output error");
    MemoryFileSystem::rename_file(from, to);
  }
  bool remove_file(std::string_view path) override {
    if (failing()) throw Error(SourcePos{std::string(path)}, "cannot remove the file: Input/output error");
    return MemoryFileSystem::remove_file(path);
  }
  void make_dir(std::string_view path) override {
    if (failing()) throw Error(SourcePos{std::string(path)}, "cannot create the folder: No space left on device");
    MemoryFileSystem::make_dir(path);
  }

 private:
  bool failing() {
    ++count_;
    if (fail_at_ == 0) return false;
    return mode_ == Mode::kill ? count_ >= fail_at_ : count_ == fail_at_;
  }
  std::size_t fail_at_;
  Mode mode_;
  std::size_t count_ = 0;
};

bool has_temporaries(const MemoryFileSystem& fs) {
  for (const auto& [path, bytes] : fs.files()) {
    if (path.find(kTempPrefix) != std::string::npos || path == kJournalName) return true;
  }
  return false;
}

/// Writes `next` over `old` failing at every possible change in turn, in `mode`, and
/// checks that after recovery the folder is exactly the old or exactly the new one.
/// Returns how many failure points were tried.
std::size_t check_every_failure_point(const MemoryFileSystem& old, const OutputSet& next, FailingFileSystem::Mode mode) {
  MemoryFileSystem expected_new(old);
  Diagnostics ok;
  write_output(expected_new, next, ok);
  REQUIRE_FALSE(ok.has_errors());
  FailingFileSystem counter(old, 0, mode);
  write_output(counter, next, ok);
  std::size_t total = counter.changes();
  REQUIRE(total > 3);
  std::size_t old_seen = 0, new_seen = 0;
  for (std::size_t n = 1; n <= total; ++n) {
    CAPTURE(n);
    FailingFileSystem fs(old, n, mode);
    Diagnostics diags;
    CHECK_THROWS_AS(write_output(fs, next, diags), Error);
    fs.revive();
    if (mode == FailingFileSystem::Mode::error && !(fs.files() == expected_new.files())) {
      // An error before the commit is undone at once, by the failing build itself.
      bool committed = fs.is_file(kJournalName) && fs.read(kJournalName)->find("state committed") != std::string::npos;
      if (!committed) CHECK(fs.files() == old.files());
    }
    recover_output(fs);
    CHECK_FALSE(has_temporaries(fs));
    bool is_old = fs.files() == old.files();
    bool is_new = fs.files() == expected_new.files();
    CHECK((is_old || is_new));
    old_seen += is_old;
    new_seen += is_new;
    // And the next build is never blocked by what the stopped one left.
    Diagnostics again;
    write_output(fs, next, again);
    CHECK_FALSE(again.has_errors());
    CHECK(fs.files() == expected_new.files());
  }
  CHECK(old_seen > 0);
  CHECK(new_seen > 0);
  return total;
}

}  // namespace

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
  CHECK_FALSE(has_temporaries(out));
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

TEST_CASE("output: a write that stops at any change leaves the old or the new site after recovery") {
  MemoryFileSystem old;
  Diagnostics diags;
  write_output(old, {{"index.html", "home 1"}, {"about/index.html", "about 1"}, {"gone/index.html", "gone"},
                     {"style.css", "css"}, {"it/index.html", "casa 1"}},
               diags);
  old.write("notes.txt", "the user's");
  REQUIRE_FALSE(diags.has_errors());
  OutputSet next{{"index.html", "home 2"},       {"about/index.html", "about 2"}, {"style.css", "css"},
                 {"it/index.html", "casa 1"},    {"new/deep/index.html", "new"},  {"it/new/index.html", "nuovo"}};
  std::size_t kills = check_every_failure_point(old, next, FailingFileSystem::Mode::kill);
  std::size_t errors = check_every_failure_point(old, next, FailingFileSystem::Mode::error);
  CHECK(kills == errors);
  MESSAGE("failure points tried: " << kills << " kills, " << errors << " errors");
}

TEST_CASE("output: a stale file of reel's that becomes a folder is replaced atomically too") {
  MemoryFileSystem old;
  Diagnostics diags;
  write_output(old, {{"index.html", "home"}, {"films", "a file"}}, diags);
  REQUIRE_FALSE(diags.has_errors());
  OutputSet next{{"index.html", "home"}, {"films/index.html", "films"}, {"films/a/index.html", "a"}};
  check_every_failure_point(old, next, FailingFileSystem::Mode::kill);
  MemoryFileSystem fs(old);
  write_output(fs, next, diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(*fs.read("films/a/index.html") == "a");
  CHECK_FALSE(has_temporaries(fs));
}

TEST_CASE("output: the first write into an empty folder is all or nothing") {
  MemoryFileSystem empty;
  check_every_failure_point(empty, {{"index.html", "home"}, {"a/index.html", "a"}, {"b/c/index.html", "c"}},
                            FailingFileSystem::Mode::kill);
}

TEST_CASE("output: a committed journal is rolled forward and a prepared one rolled back") {
  MemoryFileSystem fs({{"index.html", "old"}, {".reel-tmp-t-0", "new"}, {"sub/.reel-tmp-t-1", "half"}});
  Journal j;
  j.token = "t";
  j.renames = {{".reel-tmp-t-0", "index.html"}, {"sub/.reel-tmp-t-1", "sub/index.html"}};
  j.made_dirs = {"sub"};
  fs.write(kJournalName, format_journal(j));
  CHECK(recover_output(fs) == Recovery::rolled_back);
  CHECK(fs.files() == Files{{"index.html", "old"}});

  MemoryFileSystem fwd({{"index.html", "new"}, {"stale.html", "x"}, {"sub/.reel-tmp-t-1", "sub new"}});
  j.committed = true;  // the first rename already happened before the stop
  j.removals = {"stale.html"};
  fwd.write(kJournalName, format_journal(j));
  fwd.write(kJournalTempName, "half a journal");
  CHECK(recover_output(fwd) == Recovery::rolled_forward);
  CHECK(fwd.files() == Files{{"index.html", "new"}, {"sub/index.html", "sub new"}});
  CHECK(recover_output(fwd) == Recovery::none);
}

TEST_CASE("output: journals round-trip any name and reject incomplete text") {
  Journal j;
  j.committed = true;
  j.token = "0123abcd";
  j.made_dirs = {"a b", "a b/#c"};
  j.removals = {"line\nbreak.html", "#hash"};
  j.commit_dirs = {"x"};
  j.renames = {{".reel-tmp-0123abcd-0", "sp ace\n.html"}};
  std::string text = format_journal(j);
  std::optional<Journal> back = parse_journal(text);
  REQUIRE(back);
  CHECK(*back == j);
  CHECK_FALSE(parse_journal(text.substr(0, text.size() - 4)));
  CHECK_FALSE(parse_journal("reel-journal 9\nstate committed\nend\n"));
  CHECK_FALSE(parse_journal(text + "x"));
  CHECK_FALSE(parse_journal("reel-journal 1\nstate committed\ntoken 1:t\nremove 3:../x\nend\n"));
}

TEST_CASE("output: manifest names with a newline a leading # and spaces round-trip") {
  std::set<std::string, std::less<>> names{"a\nb.html", "#notes", " lead and trail ", "plain/index.html"};
  std::string text = format_manifest(names);
  auto back = parse_manifest(text);
  REQUIRE(back);
  CHECK(*back == names);
  // Unsafe or reserved entries are dropped; a later version is not guessed at.
  auto unsafe = parse_manifest("reel-manifest 2\n4 ../x\n14 .reel-manifest\n1 a\n");
  REQUIRE(unsafe);
  CHECK(*unsafe == std::set<std::string, std::less<>>{"a"});
  CHECK_FALSE(parse_manifest("reel-manifest 3\n1 a\n"));
  // Version 1, from earlier reels, still reads.
  auto v1 = parse_manifest("# comment\nindex.html\nit/index.html\n");
  REQUIRE(v1);
  CHECK(v1->size() == 2);
}

TEST_CASE("output: a static file named with a newline never makes reel delete a user's file") {
  MemoryFileSystem out({{"a", "the user's a"}, {"b.html", "the user's b"}});
  Diagnostics diags;
  write_output(out, {{"x\nb.html", "odd"}, {"a\n", "odd too"}, {"#h", "hash"}, {"index.html", "i"}}, diags);
  REQUIRE_FALSE(diags.has_errors());
  write_output(out, {{"index.html", "i"}}, diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(out.files() == Files{{"a", "the user's a"}, {"b.html", "the user's b"}, {"index.html", "i"},
                             {kManifestName, format_manifest({"index.html"})}});
}

TEST_CASE("output: upgrading from a version 1 manifest keeps ownership") {
  MemoryFileSystem out({{"index.html", "old"}, {"gone.html", "x"}, {kManifestName, "# old\nindex.html\ngone.html\n"}});
  Diagnostics diags;
  WriteStats s = write_output(out, {{"index.html", "new"}}, diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(s.removed == 1);
  CHECK(*out.read(kManifestName) == format_manifest({"index.html"}));
}

TEST_CASE("output: reel's own names and paths outside the folder are refused") {
  MemoryFileSystem out;
  Diagnostics diags;
  write_output(out, {{".reel-manifest", "x"}, {"a/.reel-tmp-1", "y"}, {"index.html", "i"}}, diags);
  CHECK(diags.error_count() == 2);
  CHECK(out.files().empty());
}

TEST_CASE("output: an error while preparing is undone at once and names the file") {
  MemoryFileSystem old;
  Diagnostics diags;
  write_output(old, {{"index.html", "1"}}, diags);
  FailingFileSystem fs(old, 4, FailingFileSystem::Mode::error);  // 1-3: the journal, 4: a page
  try {
    write_output(fs, {{"index.html", "2"}, {"b.html", "b"}}, diags);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().message.find("No space left on device") != std::string::npos);
  }
  CHECK(fs.files() == old.files());
}
