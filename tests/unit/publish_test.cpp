// publish: the logic of `reel publish` against a fake git (a RecordingRunner whose
// responder models refs, commits and trees), and ProcessRunner on real programs.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "publish/publish.h"
#include "input/config.h"

using namespace reel;

namespace {

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string hex_id(char kind, const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  std::string out(1, kind);
  static const char* digits = "0123456789abcdef";
  while (out.size() < 40) {
    out += digits[h & 15];
    h = (h >> 4) | (h << 60);
    h = h * 31 + out.size();
  }
  return out;
}

/// A small model of git, enough for publish_site: one local repository (refs, commits,
/// trees, blobs) and one remote (its refs; its commits become local when fetched).
struct FakeGit {
  struct Commit {
    std::vector<std::string> parents;
    std::string tree;
    std::string message;
  };
  bool is_repo = true;
  bool git_installed = true;
  std::map<std::string, std::string> remotes{{"origin", "git@github.com:reel-films/never-let-me-go.git"}};
  std::string head = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  std::string head_branch = "refs/heads/main";
  std::string status;  ///< `git status --porcelain` output
  std::string other_worktree_branch;
  std::map<std::string, std::string> local_refs;
  std::map<std::string, std::string> remote_refs;
  std::map<std::string, Commit> commits;         ///< known locally
  std::map<std::string, Commit> remote_commits;  ///< only on the remote until fetched
  std::map<std::string, std::map<std::string, std::string>> trees;  ///< id → name → "type id"
  std::map<std::string, std::string> blobs;
  int counter = 0;
  bool fail_push = false;

  /// A commit with files (path → content) and a parent, stored locally or on the remote.
  std::string make_commit(const std::map<std::string, std::string>& files, const std::string& parent,
                          const std::string& subject, bool remote = false) {
    std::map<std::string, std::string> root;
    for (const auto& [path, content] : files) {
      std::string id = hex_id('b', content);
      blobs[id] = content;
      root[path] = "blob " + id;  // flat is enough for ls-tree -r in these tests
    }
    std::string tree = hex_id('t', std::to_string(++counter));
    trees[tree] = root;
    std::string id = hex_id('c', subject + std::to_string(counter));
    (remote ? remote_commits : commits)[id] = Commit{parent.empty() ? std::vector<std::string>{}
                                                                     : std::vector<std::string>{parent},
                                                     tree, subject + "\n"};
    return id;
  }

  bool reachable(const std::string& from, const std::string& target) const {
    std::vector<std::string> todo{from};
    std::set<std::string> seen;
    while (!todo.empty()) {
      std::string c = todo.back();
      todo.pop_back();
      if (c == target) return true;
      if (!seen.insert(c).second) continue;
      auto it = commits.find(c);
      if (it != commits.end()) todo.insert(todo.end(), it->second.parents.begin(), it->second.parents.end());
    }
    return false;
  }

  void flatten(const std::string& tree, const std::string& prefix, std::string& out) const {
    for (const auto& [name, entry] : trees.at(tree)) {
      std::string type = entry.substr(0, entry.find(' '));
      std::string id = entry.substr(entry.find(' ') + 1);
      if (type == "tree") flatten(id, prefix + name + "/", out);
      else out += "100644 blob " + id + "\t" + prefix + name + '\0';
    }
  }

  /// Every file of a commit, path → content.
  std::map<std::string, std::string> files_of(const std::string& commit) const {
    std::string listing;
    flatten(commits.at(commit).tree, "", listing);
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < listing.size()) {
      std::size_t end = listing.find('\0', start);
      std::string e = listing.substr(start, end - start);
      out[e.substr(e.find('\t') + 1)] = blobs.at(e.substr(12, e.find('\t') - 12));
      start = end + 1;
    }
    return out;
  }

  CommandResult operator()(const Command& cmd) {
    CommandResult ok;
    CommandResult fail{1, "", "fatal: fake failure\n"};
    if (!git_installed) return CommandResult{-1, "", "cannot run `git`: No such file or directory"};
    std::vector<std::string> a(cmd.args.begin() + 1, cmd.args.end());
    if (!a.empty() && a[0] == "--no-optional-locks") a.erase(a.begin());
    const std::string& sub = a.at(0);
    if (!is_repo) return CommandResult{128, "", "fatal: not a git repository (or any of the parent directories): .git\n"};
    auto line = [](std::string s) { return s + "\n"; };
    if (sub == "rev-parse" && a[1] == "--git-dir") return {0, ".git\n", ""};
    if (sub == "rev-parse") {  // --verify --quiet X^{commit}
      std::string what = a[3].substr(0, a[3].find('^'));
      if (what == "HEAD") return head.empty() ? fail : CommandResult{0, line(head), ""};
      auto it = local_refs.find(what);
      return it == local_refs.end() ? fail : CommandResult{0, line(it->second), ""};
    }
    if (sub == "check-ref-format") return ok;
    if (sub == "remote" && a.size() == 1) {
      std::string out;
      for (const auto& [name, url] : remotes) out += line(name);
      return {0, out, ""};
    }
    if (sub == "remote") {  // get-url NAME
      auto it = remotes.find(a[2]);
      return it == remotes.end() ? CommandResult{2, "", "error: No such remote '" + a[2] + "'\n"}
                                 : CommandResult{0, line(it->second), ""};
    }
    if (sub == "worktree") {
      std::string out = "worktree /home/user/film\nHEAD " + head + "\nbranch " + head_branch + "\n\n";
      if (!other_worktree_branch.empty()) out += "worktree /home/user/pages\nHEAD x\nbranch " + other_worktree_branch + "\n\n";
      return {0, out, ""};
    }
    if (sub == "status") return {0, status, ""};
    if (sub == "ls-remote") {
      auto it = remote_refs.find(a[3]);
      return it == remote_refs.end() ? CommandResult{2, "", ""} : CommandResult{0, it->second + "\t" + a[3] + "\n", ""};
    }
    if (sub == "cat-file" && a[1] == "-e") return commits.count(a[2].substr(0, a[2].find('^'))) ? ok : fail;
    if (sub == "cat-file" && a[1] == "blob") return {0, blobs.at(a[2]), ""};
    if (sub == "fetch") {
      for (const auto& [id, c] : remote_commits) commits[id] = c;
      std::string spec = a.back();
      local_refs[spec.substr(spec.find(':') + 1)] = remote_refs.at(spec.substr(1, spec.find(':') - 1));
      return ok;
    }
    if (sub == "merge-base") return reachable(a[3], a[2]) ? ok : fail;  // --is-ancestor A B
    if (sub == "log") {  // --no-show-signature --format=… REMOTE --not LOCAL
      std::string out;
      std::string c = a[3];
      while (!c.empty() && !reachable(a[5], c)) {
        out += c.substr(0, 7) + "\t" + commits.at(c).message.substr(0, commits.at(c).message.find('\n')) + "\n";
        c = commits.at(c).parents.empty() ? "" : commits.at(c).parents[0];
      }
      return {0, out, ""};
    }
    if (sub == "ls-tree") {
      std::string out;
      flatten(commits.at(a.back()).tree, "", out);
      return {0, out, ""};
    }
    if (sub == "hash-object") {
      std::string id = hex_id('b', cmd.input);
      if (a[1] == "-w") blobs[id] = cmd.input;
      return {0, line(id), ""};
    }
    if (sub == "mktree") {
      std::map<std::string, std::string> entries;
      std::size_t start = 0;
      while (start < cmd.input.size()) {
        std::size_t end = cmd.input.find('\0', start);
        std::string e = cmd.input.substr(start, end - start);
        std::size_t sp = e.find(' '), tab = e.find('\t');
        entries[e.substr(tab + 1)] = e.substr(sp + 1, tab - sp - 1);  // "blob id" / "tree id"
        start = end + 1;
      }
      std::string id = hex_id('t', cmd.input);
      trees[id] = entries;
      return {0, line(id), ""};
    }
    if (sub == "commit-tree") {
      Commit c{{}, a[1], cmd.input};
      for (std::size_t i = 2; i + 1 < a.size(); ++i) {
        if (a[i] == "-p") c.parents.push_back(a[i + 1]);
      }
      std::string id = hex_id('c', cmd.input + std::to_string(++counter));
      commits[id] = c;
      return {0, line(id), ""};
    }
    if (sub == "update-ref") {  // -m MSG REF NEW OLD
      const std::string& ref = a[3];
      const std::string& old = a[5];
      auto it = local_refs.find(ref);
      if ((old.empty() && it != local_refs.end()) || (!old.empty() && (it == local_refs.end() || it->second != old))) {
        return {128, "", "fatal: cannot lock ref '" + ref + "'\n"};
      }
      local_refs[ref] = a[4];
      return ok;
    }
    if (sub == "push") {
      if (fail_push) return {1, "", "fatal: could not read Username for 'https://github.com'\n"};
      std::string spec = a.back();
      std::string ref = spec.substr(spec.find(':') + 1);
      std::string tip = local_refs.at(spec.substr(0, spec.find(':')));
      bool lease = std::any_of(a.begin(), a.end(), [](const auto& s) { return s.rfind("--force-with-lease", 0) == 0; });
      auto it = remote_refs.find(ref);
      if (it != remote_refs.end() && !lease && !reachable(tip, it->second)) {
        return {1, "", "! [rejected] (non-fast-forward)\n"};
      }
      remote_refs[ref] = tip;
      return ok;
    }
    return CommandResult{99, "", "fake git: unexpected command " + cmd.str()};
  }
};

Config site_config(const std::string& base = "https://reel-films.github.io/never-let-me-go/") {
  Config c;
  set_base_url(c, base);
  return c;
}

OutputSet site_files(const std::string& index = "<h1>Never Let Me Go</h1>") {
  return OutputSet{{"index.html", index},
                   {"it/index.html", "<h1>Non lasciarmi</h1>"},
                   {"style.css", "body{}"},
                   {std::string(kManifestName), "index.html\n"}};
}

std::vector<std::string> subcommands(const RecordingRunner& runner) {
  std::vector<std::string> out;
  for (const auto& c : runner.commands()) {
    std::size_t i = 1;
    if (c.args.at(i) == "--no-optional-locks") ++i;
    out.push_back(c.args.at(i));
  }
  return out;
}

bool ran(const RecordingRunner& runner, const std::string& sub) {
  auto subs = subcommands(runner);
  return std::find(subs.begin(), subs.end(), sub) != subs.end();
}

const Command* find_command(const RecordingRunner& runner, const std::string& sub) {
  for (const auto& c : runner.commands()) {
    if (c.args.size() > 1 && c.args[1] == sub) return &c;
  }
  return nullptr;
}

/// Plumbing only: nothing that touches a working tree, the index or the stash.
void check_no_porcelain(const RecordingRunner& runner) {
  for (const auto& sub : subcommands(runner)) {
    for (const char* bad : {"checkout", "switch", "add", "commit", "stash", "reset", "read-tree", "merge", "rm", "clean"}) {
      CHECK_MESSAGE(sub != bad, "publish ran git " << sub);
    }
  }
  for (const auto& c : runner.commands()) {
    for (const auto& [k, v] : c.env) CHECK_MESSAGE(k != "GIT_WORK_TREE", "publish pointed git at a work tree");
  }
}

}  // namespace

TEST_CASE("publish: the first publish commits the site, .nojekyll and CNAME with plumbing, then pushes") {
  FakeGit git;
  RecordingRunner runner(std::ref(git));
  PublishOptions options;
  options.cname = "films.example.org";
  PublishResult r = publish_site(site_files(), site_config("https://films.example.org/"), options, runner);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  check_no_porcelain(runner);
  REQUIRE_FALSE(r.commit.empty());
  CHECK(r.parent.empty());
  CHECK(r.pushed);
  CHECK(git.local_refs.at("refs/heads/gh-pages") == r.commit);
  CHECK(git.remote_refs.at("refs/heads/gh-pages") == r.commit);
  auto files = git.files_of(r.commit);
  CHECK(files == std::map<std::string, std::string>{{".nojekyll", ""},
                                                     {"CNAME", "films.example.org\n"},
                                                     {"index.html", "<h1>Never Let Me Go</h1>"},
                                                     {"it/index.html", "<h1>Non lasciarmi</h1>"},
                                                     {"style.css", "body{}"}});
  // The root commit: no -p; the branch created only if it still does not exist.
  const Command* commit = find_command(runner, "commit-tree");
  REQUIRE(commit);
  CHECK(std::find(commit->args.begin(), commit->args.end(), "-p") == commit->args.end());
  const Command* update = find_command(runner, "update-ref");
  REQUIRE(update);
  CHECK(update->args.back() == "");
  const Command* push = find_command(runner, "push");
  REQUIRE(push);
  CHECK(push->args.back() == "refs/heads/gh-pages:refs/heads/gh-pages");
  CHECK_FALSE(has(push->str(), "force"));
  CHECK(has(r.message, "site built from a1b2c3d"));
  CHECK(has(r.message, "Source commit: a1b2c3d4e5f60718293a4b5c6d7e8f9012345678\n"));
  CHECK(r.url == "https://films.example.org/");
  CHECK(r.diags.warning_count() == 0);
}

TEST_CASE("publish: a second publish goes on top of the first and keeps its history") {
  FakeGit git;
  RecordingRunner runner(std::ref(git));
  PublishResult first = publish_site(site_files(), site_config(), {}, runner);
  REQUIRE(first.ok);
  git.status = " M content/en/index.md\n";
  RecordingRunner runner2(std::ref(git));
  PublishResult second = publish_site(site_files("<h1>Changed</h1>"), site_config(), {}, runner2);
  INFO(second.diags.format());
  REQUIRE(second.ok);
  CHECK(second.parent == first.commit);
  CHECK(git.commits.at(second.commit).parents == std::vector<std::string>{first.commit});
  CHECK(second.changed == std::vector<std::string>{"index.html"});
  CHECK(second.added.empty());
  CHECK(second.removed.empty());
  CHECK(has(second.message, "site built from a1b2c3d, with uncommitted changes\n"));
  CHECK(has(second.message, "(with uncommitted changes)"));
  const Command* update = find_command(runner2, "update-ref");
  REQUIRE(update);
  CHECK(update->args.back() == first.commit);  // compare-and-swap on the old tip
  CHECK(git.remote_refs.at("refs/heads/gh-pages") == second.commit);
  check_no_porcelain(runner2);

  // The same site again: no empty commit, nothing to push.
  RecordingRunner runner3(std::ref(git));
  PublishResult third = publish_site(site_files("<h1>Changed</h1>"), site_config(), {}, runner3);
  REQUIRE(third.ok);
  CHECK(third.commit.empty());
  CHECK_FALSE(ran(runner3, "commit-tree"));
  CHECK_FALSE(ran(runner3, "push"));
  CHECK_FALSE(ran(runner3, "update-ref"));
}

TEST_CASE("publish: a removed page is removed from the branch") {
  FakeGit git;
  RecordingRunner runner(std::ref(git));
  REQUIRE(publish_site(site_files(), site_config(), {}, runner).ok);
  OutputSet fewer = site_files();
  fewer.erase("it/index.html");
  PublishResult r = publish_site(fewer, site_config(), {}, runner);
  REQUIRE(r.ok);
  CHECK(r.removed == std::vector<std::string>{"it/index.html"});
  CHECK_FALSE(git.files_of(r.commit).count("it/index.html"));
}

TEST_CASE("publish: a dry run reads and reports, and writes, commits and pushes nothing") {
  FakeGit git;
  std::string tip = git.make_commit({{"index.html", "old"}, {".nojekyll", ""}}, "", "earlier publish");
  git.local_refs["refs/heads/gh-pages"] = tip;
  git.remote_refs["refs/heads/gh-pages"] = tip;
  RecordingRunner runner(std::ref(git));
  PublishOptions options;
  options.dry_run = true;
  PublishResult r = publish_site(site_files(), site_config(), options, runner);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  for (const char* sub : {"mktree", "commit-tree", "update-ref", "push", "fetch"}) CHECK_FALSE(ran(runner, sub));
  for (const auto& c : runner.commands()) {
    if (c.args[1] == "hash-object") CHECK(std::find(c.args.begin(), c.args.end(), "-w") == c.args.end());
  }
  CHECK(r.changed == std::vector<std::string>{"index.html"});
  CHECK(r.added == std::vector<std::string>{"it/index.html", "style.css"});
  std::string notes;
  for (const auto& n : r.notes) notes += n + "\n";
  CHECK(has(notes, "would commit to gh-pages"));
  CHECK(has(notes, "change index.html"));
  CHECK(has(notes, "would push: git push --quiet origin refs/heads/gh-pages:refs/heads/gh-pages"));
  CHECK(git.local_refs.at("refs/heads/gh-pages") == tip);
  CHECK(git.remote_refs.at("refs/heads/gh-pages") == tip);
}

TEST_CASE("publish: a remote with commits the local branch lacks is refused, --force drops them and says so") {
  FakeGit git;
  std::string base = git.make_commit({{"index.html", "v1"}}, "", "first publish");
  std::string mine = git.make_commit({{"index.html", "v2"}}, base, "my publish");
  std::string theirs = git.make_commit({{"index.html", "v3"}}, base, "publish from the laptop", true);
  git.local_refs["refs/heads/gh-pages"] = mine;
  git.remote_refs["refs/heads/gh-pages"] = theirs;

  RecordingRunner runner(std::ref(git));
  PublishResult r = publish_site(site_files(), site_config(), {}, runner);
  CHECK_FALSE(r.ok);
  std::string err = r.diags.format();
  CHECK(has(err, "origin/gh-pages has 1 commit that your local gh-pages lacks; pushing would drop it"));
  CHECK(has(err, theirs.substr(0, 7) + " publish from the laptop"));
  CHECK(has(err, "--force"));
  CHECK_FALSE(ran(runner, "commit-tree"));
  CHECK_FALSE(ran(runner, "update-ref"));
  CHECK_FALSE(ran(runner, "push"));
  // Fetched into reel's own ref, not refs/remotes.
  const Command* fetch = find_command(runner, "fetch");
  REQUIRE(fetch);
  CHECK(fetch->args.back() == "+refs/heads/gh-pages:refs/reel/remote/origin/gh-pages");
  // --refmap= stops git from also updating refs/remotes/origin/gh-pages.
  CHECK(std::find(fetch->args.begin(), fetch->args.end(), "--refmap=") != fetch->args.end());
  CHECK(std::find(fetch->args.begin(), fetch->args.end(), "--no-write-fetch-head") != fetch->args.end());
  CHECK(git.remote_refs.at("refs/heads/gh-pages") == theirs);
  CHECK(git.local_refs.at("refs/heads/gh-pages") == mine);

  PublishOptions force;
  force.force = true;
  RecordingRunner runner2(std::ref(git));
  PublishResult f = publish_site(site_files(), site_config(), force, runner2);
  INFO(f.diags.format());
  REQUIRE(f.ok);
  CHECK(f.parent == mine);
  REQUIRE(f.dropped.size() == 1);
  CHECK(f.dropped[0].subject == "publish from the laptop");
  CHECK(has(f.diags.format(), "warning: --force: the push drops 1 commit of origin/gh-pages:"));
  const Command* push = find_command(runner2, "push");
  REQUIRE(push);
  CHECK(has(push->str(), "--force-with-lease=refs/heads/gh-pages:" + theirs));
  CHECK(git.remote_refs.at("refs/heads/gh-pages") == f.commit);
}

TEST_CASE("publish: a local branch behind the remote, or missing, builds on the remote tip") {
  FakeGit git;
  std::string base = git.make_commit({{"index.html", "v1"}}, "", "first publish");
  std::string later = git.make_commit({{"index.html", "v2"}}, base, "publish from the laptop", true);
  git.remote_refs["refs/heads/gh-pages"] = later;

  SUBCASE("behind") { git.local_refs["refs/heads/gh-pages"] = base; }
  SUBCASE("missing (a fresh clone)") {}

  RecordingRunner runner(std::ref(git));
  PublishResult r = publish_site(site_files(), site_config(), {}, runner);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.parent == later);
  CHECK(r.dropped.empty());
  CHECK(git.remote_refs.at("refs/heads/gh-pages") == r.commit);
  CHECK(git.commits.at(r.commit).parents == std::vector<std::string>{later});
}

TEST_CASE("publish: clear refusals: not a repository, no git, no such remote, branch checked out, bad names") {
  RecordingRunner last;
  auto attempt = [&](FakeGit& git, PublishOptions options = {}) {
    last = RecordingRunner(std::ref(git));
    PublishResult r = publish_site(site_files(), site_config(), options, last);
    CHECK_FALSE(r.ok);
    return r.diags.format();
  };
  FakeGit git;
  git.is_repo = false;
  std::string err = attempt(git);
  CHECK(has(err, "reel publish: error: the site folder is not in a git repository"));
  CHECK(has(err, "hint: run reel publish inside your site's repository"));

  FakeGit nogit;
  nogit.git_installed = false;
  CHECK(has(attempt(nogit), "cannot run git"));

  FakeGit noremote;
  PublishOptions typo;
  typo.remote = "orgin";
  err = attempt(noremote, typo);
  CHECK(has(err, "this repository has no remote named `orgin` (its remotes: origin)"));
  CHECK(has(err, "did you mean `origin`?"));
  noremote.remotes.clear();
  err = attempt(noremote);
  CHECK(has(err, "(it has no remote at all)"));
  CHECK(has(err, "git remote add origin"));

  FakeGit on_branch;
  on_branch.head_branch = "refs/heads/gh-pages";
  CHECK(has(attempt(on_branch), "the publish branch `gh-pages` is checked out in /home/user/film"));
  FakeGit other_tree;
  other_tree.other_worktree_branch = "refs/heads/gh-pages";
  CHECK(has(attempt(other_tree), "checked out in /home/user/pages"));

  FakeGit names;
  PublishOptions dash;
  dash.remote = "--upload-pack=evil";
  CHECK(has(attempt(names, dash), "is not a remote name"));
  for (const auto& c : last.commands()) {
    for (const auto& a : c.args) CHECK(a != "--upload-pack=evil");
  }

  FakeGit push_fails;
  push_fails.fail_push = true;
  RecordingRunner runner(std::ref(push_fails));
  PublishResult r = publish_site(site_files(), site_config(), {}, runner);
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.commit.empty());
  CHECK(has(r.diags.format(), "the push to origin failed"));
  CHECK(has(r.diags.format(), "git push origin gh-pages"));
}

TEST_CASE("publish: a CNAME on the previous publish is kept, a base URL GitHub will not serve is a warning") {
  FakeGit git;
  std::string tip = git.make_commit({{"index.html", "v1"}, {"CNAME", "films.example.org\n"}}, "", "settings page");
  git.local_refs["refs/heads/gh-pages"] = tip;
  git.remote_refs["refs/heads/gh-pages"] = tip;
  RecordingRunner runner(std::ref(git));
  PublishResult r = publish_site(site_files(), site_config("https://films.example.org/"), {}, runner);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(git.files_of(r.commit).at("CNAME") == "films.example.org\n");
  CHECK(r.diags.warning_count() == 0);

  FakeGit project;  // git@github.com:reel-films/never-let-me-go.git without a custom domain
  RecordingRunner runner2(std::ref(project));
  PublishResult w = publish_site(site_files(), site_config("https://reel-films.github.io/"), {}, runner2);
  REQUIRE(w.ok);
  CHECK(has(w.diags.format(), "GitHub Pages serves git@github.com:reel-films/never-let-me-go.git at "
                              "https://reel-films.github.io/never-let-me-go/"));
  CHECK(has(w.diags.format(), "set `base_url: https://reel-films.github.io/never-let-me-go/`"));

  FakeGit elsewhere;  // not on GitHub, but a custom domain that is not the base URL
  elsewhere.remotes["origin"] = "/srv/git/film.git";
  RecordingRunner runner3(std::ref(elsewhere));
  PublishOptions cname;
  cname.cname = "films.example.org";
  PublishResult c = publish_site(site_files(), site_config("https://reel-films.github.io/"), cname, runner3);
  REQUIRE(c.ok);
  CHECK(has(c.diags.format(), "but the custom domain (CNAME) serves it at https://films.example.org/"));
  RecordingRunner runner4(std::ref(elsewhere));
  PublishResult quiet = publish_site(site_files(), site_config("http://Films.example.org/"), cname, runner4);
  REQUIRE(quiet.ok);
  CHECK(quiet.diags.warning_count() == 0);
}

TEST_CASE("publish: the tree, the message and the GitHub Pages address") {
  Diagnostics diags;
  OutputSet tree = publish_tree(site_files(), "", diags);
  CHECK_FALSE(diags.has_errors());
  CHECK_FALSE(tree.count(kManifestName));
  CHECK(tree.at(".nojekyll").empty());
  CHECK_FALSE(tree.count("CNAME"));
  tree = publish_tree(site_files(), "films.example.org", diags);
  CHECK(tree.at("CNAME") == "films.example.org\n");

  OutputSet with_static_cname = site_files();
  with_static_cname["CNAME"] = "other.example.org\n";
  publish_tree(with_static_cname, "films.example.org", diags);
  CHECK(has(diags.format(), "the site has a CNAME file for `other.example.org`"));
  Diagnostics bad;
  publish_tree(OutputSet{{".git/config", "x"}, {"a/../b", "y"}}, "", bad);
  CHECK(bad.error_count() == 2);

  CHECK(publish_message("", "0123456789abcdef0123456789abcdef01234567", false) ==
        "reel publish: site built from 0123456\n\nSource commit: 0123456789abcdef0123456789abcdef01234567\n"
        "Built by reel " REEL_VERSION ".\n");
  CHECK(has(publish_message("", "0123456789", true), "site built from 0123456, with uncommitted changes\n"));
  CHECK(has(publish_message("New cast list", "0123456789", false), "New cast list\n\nSource commit: 0123456789\n"));
  CHECK(has(publish_message("", "", true), "before the first commit"));

  CHECK(github_pages_url("git@github.com:reel-films/never-let-me-go.git", "") ==
        "https://reel-films.github.io/never-let-me-go/");
  CHECK(github_pages_url("https://github.com/Reel-Films/never-let-me-go", "") ==
        "https://reel-films.github.io/never-let-me-go/");
  CHECK(github_pages_url("ssh://git@github.com/reel-films/reel-films.github.io.git", "") ==
        "https://reel-films.github.io/");
  CHECK(github_pages_url("https://github.com/reel-films/never-let-me-go.git", "Films.Example.org") ==
        "https://films.example.org/");
  CHECK(github_pages_url("/tmp/remote.git", "") == std::nullopt);
  CHECK(github_pages_url("https://gitlab.com/a/b.git", "") == std::nullopt);
}

TEST_CASE("publish: site.yaml's publish settings, with unknown keys as errors") {
  auto load = [](const std::string& extra, Diagnostics& diags) {
    MemoryFileSystem fs({{"site.yaml", "title: Film\nbase_url: https://films.example.org/\n"
                                       "languages: {en: {name: English, locale: en-GB}}\n" + extra}});
    return load_config(fs, diags);
  };
  Diagnostics d1;
  Config c = load("", d1);
  CHECK_FALSE(d1.has_errors());
  CHECK(c.publish.remote == "origin");
  CHECK(c.publish.branch == "gh-pages");
  CHECK(c.publish.cname.empty());
  Diagnostics d2;
  c = load("publish: {remote: upstream, branch: pages, cname: films.example.org}\n", d2);
  CHECK_FALSE(d2.has_errors());
  PublishOptions o = publish_options(c.publish);
  CHECK(o.remote == "upstream");
  CHECK(o.branch == "pages");
  CHECK(o.cname == "films.example.org");
  Diagnostics d3;
  load("publish: {branc: pages}\n", d3);
  CHECK(has(d3.format(), "site.yaml:4:11: error: unknown key `branc` in `publish`"));
  CHECK(has(d3.format(), "did you mean `branch`?"));
  Diagnostics d4;
  load("publish:\n  cname: https://films.example.org/\n", d4);
  CHECK(has(d4.format(), "expected a bare domain name for `publish.cname`"));
  Diagnostics d5;
  load("publish: gh-pages\n", d5);
  CHECK(has(d5.format(), "expected a map for `publish`"));
}

TEST_CASE("publish: ProcessRunner runs programs without a shell, with input, environment and large output") {
  ProcessRunner runner("/");
  CommandResult echo = runner.run(Command{{"sh", "-c", "printf '%s|%s' \"$1\" \"$REEL_TEST_VAR\"; pwd >&2", "sh", "a b; $(x)"},
                                          "",
                                          {{"REEL_TEST_VAR", "set"}}});
  CHECK(echo.exit_code == 0);
  CHECK(echo.out == "a b; $(x)|set");
  CHECK(echo.err == "/\n");
  // 4 MiB through cat both ways: the pipes are drained while being fed.
  std::string big(4 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = '\n';
  CommandResult cat = runner.run(Command{{"cat"}, big, {}});
  CHECK(cat.exit_code == 0);
  CHECK(cat.out == big);
  CHECK(runner.run(Command{{"sh", "-c", "exit 3"}, "", {}}).exit_code == 3);
  CommandResult missing = runner.run(Command{{"reel-no-such-program"}, "", {}});
  CHECK(missing.exit_code == -1);
  CHECK(has(missing.err, "cannot run `reel-no-such-program`"));
}
