// serve/watch: inotify and polling watchers on a real temporary folder; every wait is
// bounded.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "base/diagnostics.h"
#include "serve/watch.h"

using namespace reel;
namespace stdfs = std::filesystem;

namespace {

class TempFolder {
 public:
  TempFolder() {
    std::random_device rd;
    path_ = stdfs::temp_directory_path() / ("reel-watch-" + std::to_string(rd()) + std::to_string(rd()));
    stdfs::create_directories(path_ / "content" / "en");
    stdfs::create_directories(path_ / "templates");
    write("site.yaml", "title: x\n");
    write("content/en/index.md", "hello\n");
  }
  ~TempFolder() {
    std::error_code ec;
    stdfs::remove_all(path_, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    stdfs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel, std::ios::binary) << text;
  }
  std::string str() const { return path_.string(); }
  stdfs::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  stdfs::path path_;
};

const std::vector<std::string> kEntries{"site.yaml", "content", "templates", "static"};

/// Waits (bounded: 3 s) until the watcher reports something.
std::vector<FileChange> next_changes(Watcher& w) {
  for (int i = 0; i < 6; ++i) {
    std::vector<FileChange> c = w.wait(std::chrono::milliseconds(500));
    if (!c.empty()) return c;
  }
  return {};
}

void exercise(const WatchOptions& options, std::string_view expected_kind) {
  TempFolder dir;
  std::unique_ptr<Watcher> w = Watcher::create(dir.str(), kEntries, options);
  CHECK(w->kind() == expected_kind);
  CHECK(w->wait(std::chrono::milliseconds(50)).empty());

  // An edit is reported, once, however many times the editor writes in a burst.
  for (int i = 0; i < 5; ++i) dir.write("content/en/index.md", "edit " + std::to_string(i) + "\n");
  CHECK(next_changes(*w) == std::vector<FileChange>{{"content/en/index.md", false}});

  // Editors' temporary files are left out; the file they save is not.
  dir.write("content/en/.index.md.swp", "x");
  dir.write("content/en/index.md~", "x");
  dir.write("content/en/4913", "x");
  dir.write("templates/page.html", "<p>");
  CHECK(next_changes(*w) == std::vector<FileChange>{{"templates/page.html", false}});

  // site.yaml, but not other files at the top of the site.
  dir.write("notes.txt", "x");
  dir.write("site.yaml", "title: y\n");
  CHECK(next_changes(*w) == std::vector<FileChange>{{"site.yaml", false}});

  // A file in a new folder (static/ did not exist when watching started).
  dir.write("static/css/style.css", "p {}");
  std::vector<FileChange> c = next_changes(*w);
  bool seen = std::find(c.begin(), c.end(), FileChange{"static/css/style.css", false}) != c.end() ||
              std::find(c.begin(), c.end(), FileChange{"static", true}) != c.end();
  CHECK(seen);
  // Once the folder is known, its files are reported one by one.
  dir.write("static/css/style.css", "p { color: red }");
  CHECK(next_changes(*w) == std::vector<FileChange>{{"static/css/style.css", false}});

  // A removed file.
  stdfs::remove(dir / "templates/page.html");
  CHECK(next_changes(*w) == std::vector<FileChange>{{"templates/page.html", false}});

  // stop() ends a wait at once, and every later one.
  w->stop();
  auto t = std::chrono::steady_clock::now();
  CHECK(w->wait(std::chrono::seconds(5)).empty());
  CHECK(std::chrono::steady_clock::now() - t < std::chrono::seconds(2));
}

}  // namespace

TEST_CASE("watch: editors' temporary and backup files") {
  for (const char* n : {".#index.md", ".index.md.swp", "index.md~", "#index.md#", "4913", "index.md.swp", "index.md.swo",
                        "index.md___jb_tmp___", "index.md___jb_old___", ".goutputstream-AB12"}) {
    CAPTURE(n);
    CHECK(is_editor_temp_file(n));
  }
  for (const char* n : {"index.md", "style.css", "about.md", "film.yaml", "4914", "#hash.md"}) {
    CAPTURE(n);
    CHECK_FALSE(is_editor_temp_file(n));
  }
}

#if defined(__linux__)
TEST_CASE("watch: inotify reports edits, new folders and removals, coalesced and filtered") {
  exercise(WatchOptions{}, "inotify");
}
#endif

TEST_CASE("watch: the polling fallback reports the same") {
  WatchOptions o;
  o.force_polling = true;
  o.poll_interval = std::chrono::milliseconds(20);
  o.quiet = std::chrono::milliseconds(30);
  exercise(o, "polling");
}

TEST_CASE("watch: a folder that does not exist is an error") {
  CHECK_THROWS_AS(Watcher::create("/nonexistent/reel-watch-test", kEntries), Error);
}
