// `reel publish` for real: the flagship site in a temporary git repository whose
// remote is a local bare repository; and the built site crawled under a base path.
#include <doctest/doctest.h>

#include <cstdlib>
#include <deque>
#include <regex>
#include <set>

#include <yaml-cpp/yaml.h>

#include "build/cache.h"
#include "publish/publish.h"
#include "support/git.h"
#include "support/process.h"

using namespace reel::test;
namespace fs = std::filesystem;

namespace {

reel::CommandResult git_run(const fs::path& cwd, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  reel::Command cmd;
  cmd.args = std::move(args);
  return reel::ProcessRunner(cwd.string()).run(cmd);
}

/// git's trimmed standard output; fails the test when git fails.
std::string git(const fs::path& cwd, std::vector<std::string> args) {
  std::string shown;
  for (const auto& a : args) shown += " " + a;
  reel::CommandResult r = git_run(cwd, std::move(args));
  INFO("git" << shown << " in " << cwd.string() << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == ' ')) r.out.pop_back();
  return r.out;
}

/// Every file of a commit in a (bare or not) repository: path → bytes.
std::map<std::string, std::string> tree_of(const fs::path& repo, const std::string& rev) {
  std::map<std::string, std::string> out;
  std::string names = git(repo, {"ls-tree", "-r", "-z", "--name-only", rev});
  std::size_t start = 0;
  while (start < names.size()) {
    std::size_t end = names.find('\0', start);
    if (end == std::string::npos) end = names.size();
    std::string path = names.substr(start, end - start);
    reel::CommandResult blob = git_run(repo, {"cat-file", "blob", rev + ":" + path});
    REQUIRE(blob.exit_code == 0);
    out[path] = blob.out;
    start = end + 1;
  }
  return out;
}

/// The site as `reel build` makes it (into a folder outside the repository), without
/// reel's manifest and build cache: what a publish must hold besides .nojekyll and CNAME.
std::map<std::string, std::string> built_site(const fs::path& site) {
  TempDir out;
  RunResult r = run_reel("build --allow-outside --output '" + (out / "site").string() + "'", site);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto files = snapshot(out / "site");
  // reel's own files (manifest, build cache, stage products, image cache) are kept in
  // the output folder, never published.
  std::erase_if(files, [](const auto& file) { return file.first.starts_with(".reel-"); });
  return files;
}

/// A user's site repository: the flagship on branch main with one commit, a local bare
/// repository as `origin`, and uncommitted work: a staged change, an unstaged change
/// and an untracked file.
struct SiteRepo {
  TempDir dir;
  fs::path site = dir / "site";
  fs::path remote = dir / "remote.git";

  explicit SiteRepo(const std::string& site_yaml_extra = "") {
    hermetic_git();
    fs::create_directories(site);
    copy_flagship(site);
    if (!site_yaml_extra.empty()) spit(site / "site.yaml", slurp(site / "site.yaml") + site_yaml_extra);
    spit(site / ".gitignore", "_site/\n");
    spit(site / "NOTES.md", "notes\n");
    spit(site / "TODO.md", "todo\n");
    git(dir.path(), {"init", "--quiet", "--bare", remote.string()});
    git(site, {"init", "--quiet", "-b", "main"});
    git(site, {"add", "-A"});
    git(site, {"commit", "--quiet", "-m", "The flagship site"});
    git(site, {"remote", "add", "origin", remote.string()});
    spit(site / "TODO.md", "todo\nstaged change\n");
    git(site, {"add", "TODO.md"});
    spit(site / "NOTES.md", "notes\nunstaged change\n");
    spit(site / "scratch.txt", "untracked\n");
  }

  /// Everything of the user's that publish must leave alone.
  struct State {
    std::string head_ref, head, index, stash, status;
    std::map<std::string, std::string> files;
    bool operator==(const State&) const = default;
  };
  State state() const {
    State s;
    s.head_ref = git(site, {"symbolic-ref", "HEAD"});
    s.head = git(site, {"rev-parse", "HEAD"});
    s.index = slurp(site / ".git/index");
    s.stash = git(site, {"stash", "list"});
    s.status = git(site, {"--no-optional-locks", "status", "--porcelain"});
    for (const auto& [path, bytes] : snapshot(site)) {
      if (path.rfind(".git/", 0) != 0) s.files[path] = bytes;
    }
    return s;
  }

  std::string remote_tip(const std::string& branch = "gh-pages") const {
    reel::CommandResult r = git_run(remote, {"rev-parse", "--verify", "--quiet", "refs/heads/" + branch});
    std::string out = r.exit_code == 0 ? r.out : "";
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
};

}  // namespace

TEST_CASE("reel publish: two publishes are two commits holding the site, the user's work is untouched") {
  SiteRepo repo;
  SiteRepo::State before = repo.state();
  std::string source = before.head;

  RunResult first = run_reel("publish", repo.site);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(contains(first.out, "reel: published "));
  CHECK(contains(first.out, "GitHub Pages will serve it at https://reel-films.github.io/"));
  std::string tip1 = repo.remote_tip();
  REQUIRE_FALSE(tip1.empty());
  CHECK(git(repo.site, {"rev-parse", "refs/heads/gh-pages"}) == tip1);

  auto expected = built_site(repo.site);
  expected[".nojekyll"] = "";
  CHECK(tree_of(repo.remote, tip1) == expected);
  CHECK(git(repo.remote, {"log", "-1", "--format=%B", tip1}) ==
        "reel publish: site built from " + source.substr(0, 7) + ", with uncommitted changes\n\n" +
            "Source commit: " + source + " (with uncommitted changes)\nBuilt by reel " REEL_VERSION ".");
  // Branch, HEAD, index (byte for byte), stash, status and every file: as they were.
  // reel publish builds in memory: not even _site/ is written.
  CHECK(repo.state() == before);
  CHECK_FALSE(fs::exists(repo.site / "_site"));
  // The remote's branch was read into reel's own ref, not the user's refs/remotes.
  CHECK(git(repo.site, {"for-each-ref", "--format=%(refname)", "refs/reel/"}).empty());

  // Change a page, commit it (now clean but for the untracked file), publish again.
  std::string about = slurp(repo.site / "content/en/about.md");
  spit(repo.site / "content/en/about.md", about + "\nA new paragraph about the site.\n");
  git(repo.site, {"commit", "--quiet", "-am", "About: a new paragraph"});
  fs::remove(repo.site / "scratch.txt");
  std::string source2 = git(repo.site, {"rev-parse", "HEAD"});
  SiteRepo::State before2 = repo.state();
  RunResult second = run_reel("publish", repo.site);
  INFO(second.out << second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(contains(second.out, "changed"));
  std::string tip2 = repo.remote_tip();
  CHECK(git(repo.remote, {"rev-list", "--count", "gh-pages"}) == "2");
  CHECK(git(repo.remote, {"rev-parse", tip2 + "^"}) == tip1);
  auto expected2 = built_site(repo.site);
  expected2[".nojekyll"] = "";
  CHECK(tree_of(repo.remote, tip2) == expected2);
  CHECK(contains(tree_of(repo.remote, tip2).at("about/index.html"), "A new paragraph about the site."));
  CHECK(git(repo.remote, {"log", "-1", "--format=%s", tip2}) == "reel publish: site built from " + source2.substr(0, 7));
  CHECK(contains(git(repo.remote, {"log", "-1", "--format=%b", tip2}), "Source commit: " + source2 + "\n"));
  CHECK(repo.state() == before2);

  // Nothing changed: no third commit.
  RunResult third = run_reel("publish", repo.site);
  CHECK(third.exit_code == 0);
  CHECK(contains(third.out, "no new commit"));
  CHECK(repo.remote_tip() == tip2);
}

namespace {

/// Objects in a repository, loose and packed.
std::size_t object_count(const fs::path& repo) {
  std::istringstream in(git(repo, {"count-objects", "-v"}));
  std::size_t total = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("count: ", 0) == 0) total += std::stoul(line.substr(7));
    if (line.rfind("in-pack: ", 0) == 0) total += std::stoul(line.substr(9));
  }
  return total;
}

/// Runs `reel ARGS` in `cwd` with a `git` first on PATH that logs each run (its
/// arguments, one line) to `log`, then runs the real git.
RunResult run_reel_logging_git(const std::string& args, const fs::path& cwd, const fs::path& log) {
  TempDir bin;
  std::string real_git = git(cwd, {"--exec-path"}) + "/git";
  spit(bin / "git", "#!/bin/sh\necho \"$*\" >>'" + log.string() + "'\nexec '" + real_git + "' \"$@\"\n");
  fs::permissions(bin / "git", fs::perms::owner_all);
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  setenv("PATH", (bin.path().string() + ":" + path).c_str(), 1);
  RunResult r = run_reel(args, cwd);
  setenv("PATH", path.c_str(), 1);
  return r;
}

std::vector<std::string> log_lines(const fs::path& log) {
  std::vector<std::string> out;
  std::istringstream in(slurp(log));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("reel publish: git runs as often for 2 static files as for 1,500, a republish writes only new objects") {
  SiteRepo small, large;
  // 1,500 more files, in 30 folders: the large site's publish is 1,500 files bigger.
  for (int i = 0; i < 1500; ++i) {
    spit(large.site / ("static/bulk/d" + std::to_string(i % 30) + "/f" + std::to_string(i) + ".html"),
         "<p>file " + std::to_string(i) + "</p>\n");
  }
  TempDir logs;
  RunResult s = run_reel_logging_git("publish", small.site, logs / "small.log");
  RunResult l = run_reel_logging_git("publish", large.site, logs / "large.log");
  INFO(s.out << s.err << l.out << l.err);
  REQUIRE(s.exit_code == 0);
  REQUIRE(l.exit_code == 0);
  std::vector<std::string> small_runs = log_lines(logs / "small.log"), large_runs = log_lines(logs / "large.log");
  std::string all;
  for (const auto& run : large_runs) all += "git " + run + "\n";
  INFO("the large site's git runs:\n" << all);
  CHECK(small_runs.size() == large_runs.size());
  CHECK(large_runs.size() <= 20);
  for (const auto& run : large_runs) CHECK(run.rfind("hash-object", 0) != 0);
  auto tree = tree_of(large.remote, large.remote_tip());
  CHECK(tree.size() == tree_of(small.remote, small.remote_tip()).size() + 1500);
  CHECK(tree.at("bulk/d7/f1237.html") == "<p>file 1237</p>\n");

  // One page edited: only the files that changed and the folders above them are new.
  std::size_t before = object_count(large.site);
  std::string tip = large.remote_tip();
  spit(large.site / "content/en/about.md", slurp(large.site / "content/en/about.md") + "\nOne more sentence.\n");
  RunResult again = run_reel_logging_git("publish", large.site, logs / "again.log");
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(contains(again.out, "changed"));
  std::string new_tip = large.remote_tip();
  REQUIRE(new_tip != tip);
  std::istringstream listing(git(large.site, {"rev-list", "--objects", new_tip, "--not", tip}));
  std::size_t new_objects = 0;
  for (std::string line; std::getline(listing, line);) ++new_objects;
  std::size_t written = object_count(large.site) - before;
  CHECK(written == new_objects);  // nothing written twice, nothing else
  CHECK(new_objects < 30);
  CHECK(log_lines(logs / "again.log").size() <= large_runs.size() + 2);
  CHECK(contains(again.out, "reel: wrote " + std::to_string(new_objects - 1) + " of the site's "));
}

TEST_CASE("reel publish: a custom domain is written to CNAME, --branch, --remote and --message") {
  SiteRepo repo("publish:\n  cname: films.example.org\n  branch: pages\n");
  git(repo.site, {"remote", "add", "mirror", repo.remote.string()});
  git(repo.site, {"remote", "set-url", "origin", (repo.dir / "nowhere.git").string()});
  RunResult r = run_reel("publish --remote mirror --message 'First publish'", repo.site);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "to mirror pages"));
  CHECK(repo.remote_tip("gh-pages").empty());
  std::string tip = repo.remote_tip("pages");
  REQUIRE_FALSE(tip.empty());
  auto tree = tree_of(repo.remote, tip);
  CHECK(tree.at("CNAME") == "films.example.org\n");
  CHECK(tree.at(".nojekyll").empty());
  auto expected = built_site(repo.site);
  expected[".nojekyll"] = "";
  expected["CNAME"] = "films.example.org\n";
  CHECK(tree == expected);
  CHECK(git(repo.remote, {"log", "-1", "--format=%s", tip}) == "First publish");
  CHECK(contains(git(repo.remote, {"log", "-1", "--format=%b", tip}), "Source commit: "));

  RunResult overridden = run_reel("publish --remote mirror --branch gh-pages", repo.site);
  CHECK(overridden.exit_code == 0);
  CHECK_FALSE(repo.remote_tip("gh-pages").empty());
}

TEST_CASE("reel publish --dry-run shows what it would do and changes nothing") {
  SiteRepo repo;
  auto refs = [&] { return git(repo.site, {"for-each-ref"}); };
  auto objects = [&] { return git(repo.site, {"count-objects", "-v"}); };
  std::string refs_before = refs(), objects_before = objects();
  SiteRepo::State before = repo.state();
  RunResult r = run_reel("publish --dry-run", repo.site);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "would commit to gh-pages"));
  CHECK(contains(r.out, "add .nojekyll"));
  CHECK(contains(r.out, "add it/index.html"));
  CHECK(contains(r.out, "would push: git push"));
  CHECK(contains(r.out, "dry run: nothing was committed or pushed"));
  CHECK(repo.remote_tip().empty());
  CHECK(refs() == refs_before);
  CHECK(objects() == objects_before);  // not even a blob was written
  CHECK(repo.state() == before);

  // After a real publish, a dry run reports only what changed.
  REQUIRE(run_reel("publish", repo.site).exit_code == 0);
  std::string tip = repo.remote_tip();
  spit(repo.site / "content/it/about.md", slurp(repo.site / "content/it/about.md") + "\nUn paragrafo nuovo.\n");
  r = run_reel("publish -n", repo.site);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "0 added, 1 changed, 0 removed"));
  CHECK(contains(r.out, "change it/about/index.html"));
  CHECK(repo.remote_tip() == tip);
}

TEST_CASE("reel publish: a diverged remote is refused, and --force overrides saying what it drops") {
  SiteRepo repo;
  REQUIRE(run_reel("publish", repo.site).exit_code == 0);
  std::string mine = repo.remote_tip();

  // Someone rewrites the remote's gh-pages from another clone.
  fs::path other = repo.dir / "other";
  git(repo.dir.path(), {"clone", "--quiet", "--branch", "gh-pages", repo.remote.string(), other.string()});
  git(other, {"checkout", "--quiet", "--orphan", "rewritten"});
  spit(other / "index.html", "someone else's site\n");
  git(other, {"add", "index.html"});
  git(other, {"commit", "--quiet", "-m", "Hand-made page from another machine"});
  git(other, {"push", "--quiet", "--force", "origin", "rewritten:gh-pages"});
  std::string theirs = repo.remote_tip();
  REQUIRE(theirs != mine);

  spit(repo.site / "content/en/about.md", slurp(repo.site / "content/en/about.md") + "\nMore.\n");
  std::string refs_before = git(repo.site, {"for-each-ref", "refs/heads", "refs/remotes"});
  RunResult refused = run_reel("publish", repo.site);
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "origin/gh-pages has 1 commit that your local gh-pages lacks; pushing would drop it"));
  CHECK(contains(refused.err, theirs.substr(0, 7) + " Hand-made page from another machine"));
  CHECK(contains(refused.err, "reel publish --force"));
  CHECK(contains(refused.err, "nothing was committed or pushed"));
  CHECK(repo.remote_tip() == theirs);
  CHECK(git(repo.site, {"for-each-ref", "refs/heads", "refs/remotes"}) == refs_before);

  RunResult dry = run_reel("publish --dry-run --force", repo.site);
  CHECK(dry.exit_code == 0);
  CHECK(contains(dry.err, "the push would drop 1 commit"));
  CHECK(repo.remote_tip() == theirs);

  RunResult forced = run_reel("publish --force", repo.site);
  INFO(forced.out << forced.err);
  REQUIRE(forced.exit_code == 0);
  CHECK(contains(forced.err, "--force: the push drops 1 commit of origin/gh-pages:"));
  CHECK(contains(forced.err, theirs.substr(0, 7) + " Hand-made page from another machine"));
  std::string tip = repo.remote_tip();
  CHECK(git(repo.remote, {"rev-parse", tip + "^"}) == mine);  // our history is kept
}

TEST_CASE("reel publish: a remote ahead of the local branch is built upon, not dropped") {
  SiteRepo repo;
  REQUIRE(run_reel("publish", repo.site).exit_code == 0);
  fs::path other = repo.dir / "other";
  git(repo.dir.path(), {"clone", "--quiet", "--branch", "gh-pages", repo.remote.string(), other.string()});
  spit(other / "googleabc.html", "google-site-verification: googleabc.html\n");
  git(other, {"add", "googleabc.html"});
  git(other, {"commit", "--quiet", "-m", "Verification file"});
  git(other, {"push", "--quiet", "origin", "gh-pages"});
  std::string theirs = repo.remote_tip();

  spit(repo.site / "content/en/about.md", slurp(repo.site / "content/en/about.md") + "\nMore.\n");
  RunResult r = run_reel("publish", repo.site);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "behind origin/gh-pages"));
  CHECK(git(repo.remote, {"rev-parse", repo.remote_tip() + "^"}) == theirs);
}

TEST_CASE("reel publish: clear refusals outside a repository, without the remote, and on a build error") {
  hermetic_git();
  TempDir plain;
  copy_flagship(plain.path());
  RunResult r = run_reel("publish", plain.path());
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "reel publish: error: the site folder is not in a git repository"));
  CHECK(contains(r.err, "hint: "));
  CHECK(contains(r.err, "nothing was committed or pushed"));
  CHECK_FALSE(fs::exists(plain / ".git"));

  SiteRepo repo;
  r = run_reel("publish --remote upstream", repo.site);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "this repository has no remote named `upstream` (its remotes: origin)"));
  r = run_reel("publish --remote orign", repo.site);
  CHECK(contains(r.err, "did you mean `origin`?"));

  // --source from elsewhere works on that site's repository.
  r = run_reel("publish --dry-run --source '" + repo.site.string() + "'", plain.path());
  CHECK(r.exit_code == 0);

  spit(repo.site / "templates/layouts/page.html", "{% include \"partials/nope.html\" %}\n");
  r = run_reel("publish", repo.site);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "nope.html"));
  CHECK(contains(r.err, "reel: publish refused: the build failed with 2 errors; nothing was committed or pushed"));
  CHECK(repo.remote_tip().empty());
  CHECK(git_run(repo.site, {"rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"}).exit_code != 0);

  CHECK(run_reel("publish --no-such-flag", repo.site).exit_code == 2);
}

TEST_CASE("reel publish: the publish branch checked out is refused") {
  SiteRepo repo;
  git(repo.site, {"stash", "--quiet", "--include-untracked"});
  git(repo.site, {"switch", "--quiet", "--create", "gh-pages"});
  RunResult r = run_reel("publish", repo.site);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "the publish branch `gh-pages` is checked out in "));
}

// ---------------------------------------------------------------------------------
// Base paths: the site crawled as GitHub Pages would serve it.

namespace {

/// GitHub Pages' mapping of a URL path below the site's root to a file: "x/" is
/// x/index.html, "x" is the file x, or (redirected to x/) x/index.html.
std::optional<std::string> served_file(const std::map<std::string, std::string>& files, std::string path) {
  if (path.empty() || path.back() == '/') path += "index.html";
  if (files.count(path)) return path;
  if (files.count(path + "/index.html")) return path + "/index.html";
  return std::nullopt;
}

std::string resolve(const std::string& page_path, const std::string& ref) {
  std::string base = page_path.substr(0, page_path.rfind('/') + 1);
  std::string joined = ref.front() == '/' ? ref : base + ref;
  std::vector<std::string> segs;
  std::size_t start = 1;
  bool trailing = joined.back() == '/';
  while (start < joined.size()) {
    std::size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    std::string seg = joined.substr(start, slash - start);
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segs.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& s : segs) out += "/" + s;
  if (out.empty() || trailing) out += "/";
  return out;
}

/// Crawls every HTML page of `out` as served at `base_url` (which ends with '/'):
/// every href/src of a, link, script and img, every canonical and hreflang URL, every
/// sitemap URL and og:url must resolve to a file under the base path (and a fragment
/// to an id on the target page). Returns the problems, one line each.
std::vector<std::string> crawl(const fs::path& out, const std::string& base_url, std::size_t& checked) {
  std::vector<std::string> problems;
  auto files = snapshot(out);
  std::size_t host_end = base_url.find('/', base_url.find("://") + 3);
  std::string origin = base_url.substr(0, host_end);
  std::string base_path = base_url.substr(host_end);  // "/never-let-me-go/"

  // An absolute or root-relative URL → the served file, or a problem.
  auto check = [&](const std::string& from, const std::string& what, std::string url) {
    ++checked;
    std::string fragment;
    if (std::size_t hash = url.find('#'); hash != std::string::npos) {
      fragment = url.substr(hash + 1);
      url = url.substr(0, hash);
    }
    if (url.rfind(origin + "/", 0) == 0) url = url.substr(origin.size());
    if (url.empty() || url.front() != '/') return;  // resolved before calling
    if (url.rfind(base_path, 0) != 0) {
      problems.push_back(from + ": " + what + " " + url + " is outside the base path " + base_path);
      return;
    }
    std::optional<std::string> file = served_file(files, url.substr(base_path.size()));
    if (!file) {
      problems.push_back(from + ": " + what + " " + url + " is not served (404)");
      return;
    }
    if (!fragment.empty() && !contains(files[*file], "id=\"" + fragment + "\"")) {
      problems.push_back(from + ": " + what + " " + url + "#" + fragment + ": no such id in " + *file);
    }
  };

  std::regex tag_re(R"(<(a|link|script|img|meta)\b[^>]*>)", std::regex::icase);
  std::regex attr_re(R"re(\b(href|src|content|rel|hreflang|property)\s*=\s*"([^"]*)")re", std::regex::icase);
  std::size_t pages = 0;
  for (const auto& [path, bytes] : files) {
    if (path.size() < 5 || path.compare(path.size() - 5, 5, ".html") != 0) continue;
    ++pages;
    // The URL this file is served at (pages at their folder's URL).
    std::string page_url = base_path + path;
    if (page_url.size() >= 10 && page_url.compare(page_url.size() - 10, 10, "index.html") == 0) {
      page_url.resize(page_url.size() - 10);
    }
    bool has_canonical = false;
    for (std::sregex_iterator t(bytes.begin(), bytes.end(), tag_re), end; t != end; ++t) {
      std::string tag = (*t)[0];
      std::string name = (*t)[1];
      std::map<std::string, std::string> attrs;
      std::string tag_str = tag;
      for (std::sregex_iterator a(tag_str.begin(), tag_str.end(), attr_re); a != end; ++a) attrs[(*a)[1]] = (*a)[2];
      std::string what = "<" + name + ">";
      std::string url;
      if (name == "meta") {
        if (attrs["property"] != "og:url") continue;
        url = attrs["content"];
        what = "og:url";
      } else {
        url = attrs.count("href") ? attrs["href"] : attrs["src"];
      }
      if (url.empty()) continue;
      if (attrs["rel"] == "canonical") {
        what = "canonical";
        has_canonical = true;
        if (url != origin + page_url) problems.push_back(path + ": canonical " + url + " is not " + origin + page_url);
      }
      if (attrs.count("hreflang") && name == "link") what = "hreflang " + attrs["hreflang"];
      if (what == "canonical" || what.rfind("hreflang", 0) == 0 || what == "og:url") {
        if (url.rfind(base_url, 0) != 0) problems.push_back(path + ": " + what + " " + url + " does not start with " + base_url);
      }
      if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
        if (url.rfind(origin + "/", 0) != 0) continue;  // another site
      } else if (url.rfind("mailto:", 0) == 0 || url.rfind("data:", 0) == 0 || url.rfind("//", 0) == 0) {
        continue;
      } else if (url.front() == '#') {
        url = page_url + url;
      } else {
        std::string frag;
        if (std::size_t hash = url.find('#'); hash != std::string::npos) {
          frag = url.substr(hash);
          url = url.substr(0, hash);
        }
        url = resolve(page_url, url) + frag;
      }
      check(path, what, url);
    }
    if (path != "404.html" && !has_canonical) problems.push_back(path + ": no canonical link");
  }
  if (pages == 0) problems.push_back("no HTML pages in " + out.string());

  // The sitemap: every <loc> and alternate under the base URL, each served.
  std::string sitemap = files["sitemap.xml"];
  if (sitemap.empty()) problems.push_back("no sitemap.xml");
  std::regex loc_re(R"re(<loc>([^<]*)</loc>|href="([^"]*)")re");
  for (std::sregex_iterator m(sitemap.begin(), sitemap.end(), loc_re), end; m != end; ++m) {
    std::string url = (*m)[1].matched ? (*m)[1].str() : (*m)[2].str();
    if (url.rfind(base_url, 0) != 0) {
      problems.push_back("sitemap.xml: " + url + " does not start with " + base_url);
    } else {
      check("sitemap.xml", "url", url);
    }
  }
  return problems;
}

void check_site_under(const std::string& base_url) {
  TempDir dir;
  copy_flagship(dir.path());
  RunResult r = run_reel("build --output out --base-url " + base_url, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::size_t checked = 0;
  std::vector<std::string> problems = crawl(dir / "out", base_url, checked);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  INFO("broken links under " << base_url << ":\n" << all);
  CHECK(problems.empty());
  CHECK(checked > 50);
  // 404.html is served for any missing path, so its assets and links must be absolute.
  std::string base_path = base_url.substr(base_url.find('/', base_url.find("://") + 3));
  std::string not_found = slurp(dir / "out/404.html");
  CHECK(contains(not_found, "href=\"" + base_path + "style.css\""));
  CHECK(contains(not_found, "href=\"" + base_path + "favicon.svg\""));
  CHECK(contains(not_found, "href=\"" + base_path + "it/\""));
  CHECK_FALSE(std::regex_search(not_found, std::regex(R"re((href|src)="(?!/|https?:|#)[^"]+")re")));
}

}  // namespace

TEST_CASE("reel build: every internal link, asset, canonical, hreflang and sitemap URL works under a base path") {
  check_site_under("http://127.0.0.1:8000/never-let-me-go/");
  check_site_under("https://reel-films.github.io/never-let-me-go/");
}

TEST_CASE("reel build: and at the root of a custom domain") {
  check_site_under("https://films.example.org/");
}

TEST_CASE("crawler self-check: a broken link and a link outside the base path are found") {
  TempDir dir;
  copy_flagship(dir.path());
  REQUIRE(run_reel("build --output out --base-url https://x.github.io/film/", dir.path()).exit_code == 0);
  spit(dir / "out/about/index.html",
       slurp(dir / "out/about/index.html") + "<a href=\"/style.css\">x</a><a href=\"../nope/\">y</a><a href=\"#nowhere\">z</a>");
  std::size_t checked = 0;
  std::vector<std::string> problems = crawl(dir / "out", "https://x.github.io/film/", checked);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  CHECK(contains(all, "about/index.html: <a> /style.css is outside the base path /film/"));
  CHECK(contains(all, "about/index.html: <a> /film/nope/ is not served (404)"));
  CHECK(contains(all, "about/index.html: <a> /film/about/#nowhere: no such id"));
}

// ---------------------------------------------------------------------------------
// The GitHub Actions workflow: its schema is checked by action-validator (a CTest test
// of its own); this checks that it does what the README promises.

TEST_CASE("workflow: pages.yml installs, builds, tests, builds the site and deploys it with the Pages actions") {
  YAML::Node wf = YAML::LoadFile(std::string(REEL_SOURCE_DIR) + "/.github/workflows/pages.yml");
  CHECK(wf["permissions"]["contents"].as<std::string>() == "read");
  CHECK(wf["permissions"]["pages"].as<std::string>() == "write");
  CHECK(wf["permissions"]["id-token"].as<std::string>() == "write");
  CHECK(wf["concurrency"]["group"].as<std::string>() == "pages");
  CHECK(wf["concurrency"]["cancel-in-progress"].as<bool>() == false);
  CHECK(wf["on"]["push"]["branches"][0].as<std::string>() == "main");

  std::string uses, runs;
  for (const char* job : {"build", "deploy"}) {
    for (const auto& step : wf["jobs"][job]["steps"]) {
      if (step["uses"]) uses += step["uses"].as<std::string>() + "\n";
      if (step["run"]) runs += step["run"].as<std::string>() + "\n";
    }
  }
  for (const char* action : {"actions/checkout@", "actions/configure-pages@", "actions/upload-pages-artifact@",
                             "actions/deploy-pages@"}) {
    CHECK_MESSAGE(contains(uses, action), action);
  }
  CHECK(contains(runs, "./scripts/install-deps"));
  CHECK(contains(runs, "cmake --build build"));
  CHECK(contains(runs, "ctest --test-dir build"));
  CHECK(contains(runs, "build/reel build --output _site --base-url \"${{ steps.pages.outputs.base_url }}/\""));
  for (const auto& step : wf["jobs"]["build"]["steps"]) {
    if (step["uses"] && contains(step["uses"].as<std::string>(), "upload-pages-artifact")) {
      CHECK(step["with"]["path"].as<std::string>() == "_site");
    }
  }
  YAML::Node deploy = wf["jobs"]["deploy"];
  CHECK(deploy["needs"].as<std::string>() == "build");
  CHECK(deploy["environment"]["name"].as<std::string>() == "github-pages");
  CHECK(deploy["environment"]["url"].as<std::string>() == "${{ steps.deployment.outputs.page_url }}");
  CHECK(deploy["steps"][0]["id"].as<std::string>() == "deployment");
  // The workflow installs what install-deps names: it runs the script itself.
  CHECK(contains(slurp(fs::path(REEL_SOURCE_DIR) / "scripts/install-deps"), "npm ci --prefix"));
}
