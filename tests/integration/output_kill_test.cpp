// The output folder under stress, with the real binary: `reel build` killed with
// SIGKILL at random instants of a ~600-page build leaves the old or the new site, never
// a mix; output folders that would write outside the site are refused; write errors
// name the real path and the system's reason.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <optional>
#include <cstring>
#include <random>
#include <thread>

#include "base/fs.h"
#include "build/cache.h"
#include "build/products.h"
#include "output/output.h"
#include "support/process.h"

using namespace reel::test;
namespace fs = std::filesystem;

extern char** environ;

namespace {

using Snapshot = std::map<std::string, std::string>;

constexpr int kPages = 300;  // per language

/// The body of page `i` in `lang` at `version`: a few KB of prose.
std::string page_text(int i, const std::string& lang, int version) {
  std::string out = "---\ntitle: Page " + std::to_string(i) + " (" + lang + ")\n---\n";
  for (int p = 0; p < 12; ++p) {
    out += "Paragraph " + std::to_string(p) + " of page " + std::to_string(i) + ", version " + std::to_string(version) +
           ": the quick brown fox jumps over the lazy dog, *again* and **again**, in " + lang + ".\n\n";
  }
  return out;
}

/// A site of 2 × kPages prose pages, one layout, two languages, in `dir`.
void write_site(const fs::path& dir) {
  spit(dir / "site.yaml",
       "title: {en: Kill test, it: Prova di uccisione}\n"
       "base_url: https://example.org/\n"
       "default_language: en\n"
       "languages:\n"
       "  en: {name: English, locale: en-GB}\n"
       "  it: {name: Italiano, locale: it-IT}\n");
  spit(dir / "templates/layouts/page.html",
       "<!DOCTYPE html>\n<html lang=\"{{ lang }}\"><head><title>{{ page.title }}</title></head>\n"
       "<body><h1>{{ page.title }}</h1>\n{{ page.content }}</body></html>\n");
  for (const std::string lang : {"en", "it"}) {
    spit(dir / "content" / lang / "index.md", "---\ntitle: Home\n---\nWelcome.\n");
    for (int i = 0; i < kPages; ++i) {
      spit(dir / "content" / lang / "pages" / ("page-" + std::to_string(i) + ".md"), page_text(i, lang, 0));
    }
  }
}

/// Every file below `dir`, hidden ones included, with its bytes, but the build cache and
/// the stage products: the cache goes before a write starts and both are written after it
/// ends, so they are neither the old site nor the new one.
Snapshot snapshot_all(const fs::path& dir) {
  Snapshot out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name == reel::kCacheName || name.starts_with(reel::kProductsPrefix)) continue;
    out[fs::relative(e.path(), dir).string()] = slurp(e.path());
  }
  return out;
}

/// Names of reel's temporaries and journal in a snapshot.
std::vector<std::string> leftovers(const Snapshot& s) {
  std::vector<std::string> out;
  for (const auto& [path, bytes] : s) {
    if (path.find(reel::kTempPrefix) != std::string::npos || path.find(reel::kJournalName) != std::string::npos) {
      out.push_back(path);
    }
  }
  return out;
}

/// Starts `reel build` in `cwd`, its output thrown away; returns its pid.
pid_t start_build(const fs::path& cwd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  char arg0[] = "reel";
  char arg1[] = "build";
  char* argv[] = {arg0, arg1, nullptr};
  pid_t pid = -1;
  int rc = posix_spawn(&pid, REEL_BINARY, &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

/// A fresh folder in memory (/dev/shm) when there is one: the kills test atomicity, not
/// the disk, and a shared disk's syncfs(2) would make the rounds slow. Removed at the end.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::error_code ec;
    fs::path base = fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm")
                                                                                        : fs::temp_directory_path();
    std::random_device rd;
    path_ = base / ("reel-kill-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  fs::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  fs::path path_;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("output: reel build killed at random instants leaves the old or the new site") {
  auto test_start = std::chrono::steady_clock::now();
  ScratchFolder dir;
  fs::path site = dir / "site";
  fs::path out = site / "_site";
  write_site(site);
  RunResult first = run_reel("build", site);
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  spit(out / "notes.txt", "the user's own file");
  Snapshot current = snapshot_all(out);
  REQUIRE(current.size() > 600);

  std::mt19937 rng(20261204);
  std::vector<int> versions(kPages, 0);
  std::vector<bool> present(kPages, true);
  // Edits a random third of the pages, and drops or brings back a few.
  auto edit = [&](int version) {
    for (int k = 0; k < kPages / 3; ++k) {
      int i = static_cast<int>(rng() % kPages);
      versions[i] = version;
      for (const std::string lang : {"en", "it"}) {
        if (present[i]) spit(site / "content" / lang / "pages" / ("page-" + std::to_string(i) + ".md"), page_text(i, lang, versions[i]));
      }
    }
    for (int k = 0; k < 4; ++k) {
      int i = 1 + static_cast<int>(rng() % (kPages - 1));
      present[i] = !present[i];
      for (const std::string lang : {"en", "it"}) {
        fs::path p = site / "content" / lang / "pages" / ("page-" + std::to_string(i) + ".md");
        if (present[i]) spit(p, page_text(i, lang, versions[i]));
        else fs::remove(p);
      }
    }
  };

  // How long such an edit's build takes, and how long its journal exists (its write
  // phase), the median of five, to spread the kills over them.
  std::vector<double> builds, writes;
  for (int warm = 1; warm <= 5; ++warm) {
    edit(warm);
    auto started = std::chrono::steady_clock::now();
    std::optional<double> journal_seen;
    double journal_gone = 0;
    pid_t pid = start_build(site);
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (fs::exists(out / reel::kJournalName)) {
        if (!journal_seen) journal_seen = seconds_since(started);
        journal_gone = seconds_since(started);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    builds.push_back(seconds_since(started));
    writes.push_back(journal_seen ? journal_gone - *journal_seen : 0.0);
  }
  std::sort(builds.begin(), builds.end());
  std::sort(writes.begin(), writes.end());
  double build_seconds = builds[2];
  double write_seconds = std::max(writes[2], 0.001);
  current = snapshot_all(out);

  int kills = 0, finished_first = 0, forward = 0, back = 0, clean = 0;
  // Rounds go on until 50 builds were killed (a build that finishes first does not count).
  int rounds = 0;
  for (int round = 0; kills < 50 && round < 150; ++round, ++rounds) {
    CAPTURE(round);
    edit(round + 6);
    Snapshot old_site = current;

    // Start the build and kill it after a seeded random delay: on even rounds anywhere
    // in the build's duration, on odd rounds anywhere in its write phase, from when its
    // journal appears (the write phase is a small part of a build).
    bool in_write = round % 2 == 1;
    std::uniform_real_distribution<double> delay(0.0, in_write ? write_seconds : build_seconds);
    double wait = delay(rng);
    pid_t pid = start_build(site);
    int status = 0;
    bool reaped = false;
    if (in_write) {
      auto started = std::chrono::steady_clock::now();
      while (!fs::exists(out / reel::kJournalName) && seconds_since(started) < 10 * build_seconds) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
          reaped = true;
          break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    if (!reaped && waitpid(pid, &status, WNOHANG) == 0) {
      kill(pid, SIGKILL);
      REQUIRE(waitpid(pid, &status, 0) == pid);
    }
    bool was_killed = WIFSIGNALED(status);
    kills += was_killed;
    finished_first += !was_killed;
    if (!was_killed) CHECK(WEXITSTATUS(status) == 0);

    // Just after the kill: recovering a copy of the folder as its journal describes it.
    Snapshot killed = snapshot_all(out);
    fs::path copy = dir / "copy";
    fs::remove_all(copy);
    fs::create_directories(copy);
    fs::copy(out, copy / "out", fs::copy_options::recursive);
    reel::Recovery recovery;
    {
      reel::BeneathFileSystem copy_fs((copy / "out").string(), false, "out");
      recovery = reel::recover_output(copy_fs);
    }
    forward += recovery == reel::Recovery::rolled_forward;
    back += recovery == reel::Recovery::rolled_back;
    clean += recovery == reel::Recovery::none;
    Snapshot recovered = snapshot_all(copy / "out");
    CHECK(leftovers(recovered).empty());

    // The next build recovers the real folder and completes the new site.
    RunResult again = run_reel("build", site);
    REQUIRE_MESSAGE(again.exit_code == 0, again.err);
    Snapshot new_site = snapshot_all(out);
    CHECK(leftovers(new_site).empty());
    CHECK(new_site.at("notes.txt") == "the user's own file");
    bool is_old = recovered == old_site;
    bool is_new = recovered == new_site;
    CHECK_MESSAGE((is_old || is_new), "after the kill the folder recovers to a mix of the old and new sites");
    if (recovery == reel::Recovery::rolled_forward) CHECK(is_new);
    if (recovery == reel::Recovery::rolled_back) CHECK(is_old);
    // Every file that survived the kill in place is the old or the new version of itself.
    for (const auto& [path, bytes] : killed) {
      if (path.find(".reel-") != std::string::npos) continue;
      auto o = old_site.find(path);
      auto n = new_site.find(path);
      CHECK_MESSAGE(((o != old_site.end() && o->second == bytes) || (n != new_site.end() && n->second == bytes)), path);
    }
    current = new_site;
  }

  // The last state equals a fresh build of the final site.
  RunResult fresh = run_reel("build --allow-outside --output '" + (dir / "fresh").string() + "'", site);
  REQUIRE(fresh.exit_code == 0);
  Snapshot fresh_site = snapshot_all(dir / "fresh");
  fresh_site["notes.txt"] = "the user's own file";
  CHECK(fresh_site == current);

  MESSAGE(rounds << " rounds in " << seconds_since(test_start) << " s (an edit build takes " << build_seconds
                  << " s, its write phase " << write_seconds << " s): " << kills << " killed, " << finished_first << " finished first; after the kill "
                  << forward << " rolled forward, " << back << " rolled back, " << clean << " had no journal");
  CHECK(kills >= 50);
  CHECK(forward + back >= 10);  // many kills landed in the middle of a write
}

TEST_CASE("output: output folders that are not the site's own are refused") {
  TempDir dir;
  fs::path site = dir / "site";
  copy_fixture("minimal", site);
  auto refused = [&](const std::string& args, const std::string& why) {
    RunResult r = run_reel("build " + args, site);
    CAPTURE(args);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, why));
    return r;
  };
  refused("--output / --allow-outside", "it is the root of the file system");
  refused("--output . --allow-outside", "it is the site folder itself");
  refused("--output .. --allow-outside", "it holds the site folder");
  refused("--output '" + dir.path().string() + "' --allow-outside", "it holds the site folder");
  fs::create_directories(dir / "home");
  const char* home = std::getenv("HOME");
  std::string saved = home ? home : "";
  setenv("HOME", (dir / "home").c_str(), 1);
  refused("--output '" + (dir / "home").string() + "' --allow-outside", "it is your home folder");
  if (home) setenv("HOME", saved.c_str(), 1);
  else unsetenv("HOME");

  RunResult outside = refused("--output ../elsewhere", "is outside the site folder");
  CHECK(contains(outside.err, "hint: pass --allow-outside"));
  CHECK_FALSE(fs::exists(dir / "elsewhere"));
  // site.yaml's `output` is held to the same rule.
  spit(site / "site.yaml", slurp(site / "site.yaml") + "output: ../from-yaml\n");
  refused("", "(site.yaml's `output`): it is outside the site folder");
  CHECK_FALSE(fs::exists(dir / "from-yaml"));
  RunResult allowed = run_reel("build --allow-outside", site);
  CHECK(allowed.exit_code == 0);
  CHECK(fs::exists(dir / "from-yaml/index.html"));
  // A link named _site that leads out counts as outside.
  spit(site / "site.yaml", slurp(REEL_TEST_DATA "/sites/minimal/site.yaml"));
  fs::create_directories(dir / "target");
  fs::create_directory_symlink(dir / "target", site / "_site");
  refused("", "is outside the site folder");
  CHECK(fs::is_empty(dir / "target"));
  fs::remove(site / "_site");
  CHECK(run_reel("build", site).exit_code == 0);
}

TEST_CASE("output: write errors name the real path and the system's reason") {
  TempDir dir;
  fs::path site = dir / "site";
  copy_fixture("minimal", site);
  // A file where a folder must go: named once, relative to where reel runs.
  spit(site / "_site/about", "the user's file");
  RunResult r = run_reel("build --source site", dir.path());
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "site/_site/about/index.html: error: `about` is a file, where reel needs a folder"));
  CHECK_FALSE(contains(r.err, "_site/_site"));
  fs::remove(site / "_site/about");
  spit(site / "static/big.txt", std::string(20000, 'x'));
  // The OS refuses a write (a file size limit of 8 KiB, which the messages fit in: EFBIG):
  // the path and strerror.
  TempDir io;
  std::string cmd = "cd '" + dir.path().string() + "' && trap '' XFSZ && ulimit -f 8 && '" REEL_BINARY
                    "' build --source site >/dev/null 2>'" + (io / "err").string() + "'";
  int status = std::system(cmd.c_str());
  std::string err = slurp(io / "err");
  INFO(err);
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(contains(err, "site/_site/"));
  CHECK(contains(err, std::string(": error: cannot write the file: ") + std::strerror(EFBIG)));
  CHECK_FALSE(contains(err, ".reel-tmp"));
  CHECK_FALSE(contains(err, "_site/_site"));
  // Nothing of the failed build is left: no temporaries, no journal.
  CHECK(leftovers(snapshot_all(site / "_site")).empty());
  CHECK(run_reel("build --source site", dir.path()).exit_code == 0);
}
