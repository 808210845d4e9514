// publish: the logic of `reel publish` against a fake git (a RecordingRunner whose
// responder models refs, commits, trees and blobs), object ids against known digests
// and real git, ProcessRunner on real programs, and whole publishes into real
// temporary repositories: how many times git runs and how many objects it writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "publish/git_objects.h"
#include "publish/publish.h"
#include "support/git.h"
#include "input/config.h"

using namespace reel;
using reel::test::hermetic_git;

namespace {

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

/// git's id of a blob (SHA-1).
std::string blob_id(const std::string& content) { return git_object_id(ObjectFormat::sha1, "blob", content); }

/// git's id of a tree, from its entries (name → "blob <id>" / "tree <id>"): written
/// here independently of plan_git_tree, so each checks the other.
std::string tree_id(const std::map<std::string, std::string>& entries) {
  std::vector<std::pair<std::string, std::string>> sorted;  // (sort key, raw entry)
  for (const auto& [name, entry] : entries) {
    bool dir = entry.rfind("tree ", 0) == 0;
    std::string hex = entry.substr(5);
    std::string raw;
    for (std::size_t i = 0; i < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    sorted.emplace_back(dir ? name + "/" : name, (dir ? "40000 " : "100644 ") + name + '\0' + raw);
  }
  std::sort(sorted.begin(), sorted.end());
  std::string body;
  for (const auto& [key, raw] : sorted) body += raw;
  return git_object_id(ObjectFormat::sha1, "tree", body);
}

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
  std::size_t written_blobs = 0;  ///< blobs fast-import stored (again or not)
  std::size_t written_trees = 0;  ///< trees mktree stored

  /// A commit with files (path → content) and a parent, stored locally or on the remote.
  std::string make_commit(const std::map<std::string, std::string>& files, const std::string& parent,
                          const std::string& subject, bool remote = false) {
    std::map<std::string, std::string> root;
    for (const auto& [path, content] : files) {
      std::string id = blob_id(content);
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

  void flatten(const std::string& tree, const std::string& prefix, std::string& out, bool with_trees = false) const {
    for (const auto& [name, entry] : trees.at(tree)) {
      std::string type = entry.substr(0, entry.find(' '));
      std::string id = entry.substr(entry.find(' ') + 1);
      if (type == "tree") {
        if (with_trees) out += "040000 tree " + id + "\t" + prefix + name + '\0';
        flatten(id, prefix + name + "/", out, with_trees);
      } else {
        out += "100644 blob " + id + "\t" + prefix + name + '\0';
      }
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
    if (sub == "rev-parse" && a[1] == "--show-object-format") return {0, "sha1\n", ""};
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
    if (sub == "cat-file" && a[1] == "--batch-check") {  // one id a line
      std::string out;
      std::istringstream in(cmd.input);
      for (std::string id; std::getline(in, id);) {
        if (blobs.count(id)) out += id + " blob " + std::to_string(blobs[id].size()) + "\n";
        else if (trees.count(id)) out += id + " tree 1\n";
        else out += id + " missing\n";
      }
      return {0, out, ""};
    }
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
    if (sub == "ls-tree") {  // -r -t -z --full-tree COMMIT
      std::string out;
      flatten(commits.at(a.back()).tree, "", out, std::find(a.begin(), a.end(), "-t") != a.end());
      return {0, out, ""};
    }
    if (sub == "fast-import") {  // --quiet --done: blob / mark / data / get-mark, then done
      std::string out;
      std::map<std::string, std::string> marks;
      const std::string& in = cmd.input;
      std::size_t pos = 0;
      bool done = false;
      auto next_line = [&] {
        std::size_t nl = in.find('\n', pos);
        std::string l = in.substr(pos, nl - pos);
        pos = nl == std::string::npos ? in.size() : nl + 1;
        return l;
      };
      while (pos < in.size() && !done) {
        std::string l = next_line();
        if (l == "done") {
          done = true;
        } else if (l == "blob") {
          std::string mark = next_line().substr(5);
          std::size_t size = std::stoul(next_line().substr(5));
          std::string bytes = in.substr(pos, size);
          pos += size;
          if (pos < in.size() && in[pos] == '\n') ++pos;
          std::string id = blob_id(bytes);
          blobs[id] = bytes;
          marks[mark] = id;
          ++written_blobs;
        } else if (l.rfind("get-mark ", 0) == 0) {
          out += marks.at(l.substr(9)) + "\n";
        } else if (!l.empty()) {
          return {1, "", "fatal: Unsupported command: " + l + "\n"};
        }
      }
      return done ? CommandResult{0, out, ""} : CommandResult{1, "", "fatal: stream ends early\n"};
    }
    if (sub == "mktree") {  // -z --batch: NUL-terminated entries, an empty one ends a tree
      std::string out;
      std::map<std::string, std::string> entries;
      std::size_t start = 0;
      while (start < cmd.input.size()) {
        std::size_t end = cmd.input.find('\0', start);
        std::string e = cmd.input.substr(start, end - start);
        start = end + 1;
        if (e.empty()) {
          std::string id = tree_id(entries);
          trees[id] = entries;
          ++written_trees;
          out += line(id);
          entries.clear();
          continue;
        }
        std::size_t sp = e.find(' '), tab = e.find('\t');
        std::string entry = e.substr(sp + 1, tab - sp - 1);  // "blob id" / "tree id"
        std::string id = entry.substr(5);
        if (!blobs.count(id) && !trees.count(id)) return {128, "", "fatal: entry '" + e.substr(tab + 1) + "' object " + id + " is unavailable\n"};
        entries[e.substr(tab + 1)] = entry;
      }
      return {0, out, ""};
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
  std::size_t blobs_before = git.blobs.size(), trees_before = git.trees.size();
  RecordingRunner runner(std::ref(git));
  PublishOptions options;
  options.dry_run = true;
  PublishResult r = publish_site(site_files(), site_config(), options, runner);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  // No object is written: the ids are computed in-process.
  for (const char* sub : {"hash-object", "fast-import", "mktree", "commit-tree", "update-ref", "push", "fetch"}) {
    CHECK_FALSE(ran(runner, sub));
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
  CHECK(git.blobs.size() == blobs_before);
  CHECK(git.trees.size() == trees_before);
  CHECK(r.new_blobs == 0);
  CHECK(r.new_trees == 0);
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

// ---------------------------------------------------------------------------------
// Scale: git runs a bounded number of times, and writes only the objects it lacks.

namespace {

/// A site-like set of `n` pages, each in its own folder (pretty URLs) under seven
/// sections, plus a home page and a stylesheet: n + 2 files in n + 9 folders.
OutputSet many_pages(std::size_t n) {
  OutputSet files{{"index.html", "<h1>Home</h1>"}, {"style.css", "body{}"}};
  for (std::size_t i = 0; i < n; ++i) {
    files["films/s" + std::to_string(i % 7) + "/p" + std::to_string(i) + "/index.html"] =
        "<h1>Page " + std::to_string(i) + "</h1>";
  }
  return files;
}

std::size_t count_of(const std::vector<std::string>& subs, const std::string& sub) {
  return static_cast<std::size_t>(std::count(subs.begin(), subs.end(), sub));
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

/// The `git cat-file --batch-check` run, the one that asks which objects git lacks.
const Command* batch_check(const RecordingRunner& runner) {
  for (const auto& c : runner.commands()) {
    if (c.args.size() > 2 && c.args[1] == "cat-file" && c.args[2] == "--batch-check") return &c;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("publish: git runs as many times for 3 pages as for 2000, each kind of object written in one run") {
  auto runs = [](std::size_t n) {
    FakeGit git;
    RecordingRunner runner(std::ref(git));
    PublishResult r = publish_site(many_pages(n), site_config(), {}, runner);
    INFO(r.diags.format());
    REQUIRE(r.ok);
    CHECK(git.files_of(r.commit).size() == n + 3);  // and .nojekyll
    CHECK(r.new_blobs == n + 3);
    std::size_t folders = n + std::min<std::size_t>(n, 7) + 2;  // each page's, the sections, films/, the root
    CHECK(r.new_trees == folders);
    CHECK(git.written_trees == folders);
    CHECK(git.written_blobs == n + 3);
    return subcommands(runner);
  };
  std::vector<std::string> small = runs(3), large = runs(2000);
  CHECK(small == large);
  CHECK(large.size() <= 20);
  for (const char* sub : {"cat-file", "fast-import", "mktree", "commit-tree", "update-ref", "push"}) {
    CHECK_MESSAGE(count_of(large, sub) == 1, sub);
  }
  CHECK(count_of(large, "hash-object") == 0);
}

TEST_CASE("publish: a republish after one edit writes that file and the folders above it, nothing else") {
  FakeGit git;
  OutputSet site = many_pages(500);
  RecordingRunner first_runner(std::ref(git));
  PublishResult first = publish_site(site, site_config(), {}, first_runner);
  REQUIRE(first.ok);
  std::size_t blobs = git.written_blobs, trees = git.written_trees;

  site["films/s0/p42/index.html"] = "<h1>Page 42, corrected</h1>";
  RecordingRunner runner(std::ref(git));
  PublishResult r = publish_site(site, site_config(), {}, runner);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.changed == std::vector<std::string>{"films/s0/p42/index.html"});
  CHECK(r.new_blobs == 1);
  CHECK(r.new_trees == 4);  // p42/, s0/, films/, the root
  CHECK(git.written_blobs - blobs == 1);
  CHECK(git.written_trees - trees == 4);
  // git was asked only about the objects the previous publish lacks.
  const Command* check = batch_check(runner);
  REQUIRE(check);
  CHECK(lines(check->input) == 5);
  const Command* import = find_command(runner, "fast-import");
  REQUIRE(import);
  CHECK(has(import->input, "data 27\n<h1>Page 42, corrected</h1>\n"));
  CHECK(import->input.size() < 100);
  std::string notes;
  for (const auto& n : r.notes) notes += n + "\n";
  CHECK(has(notes, "wrote 5 of the site's 1012 git objects (1 file, 4 folders); git already had the others"));
  CHECK(git.files_of(r.commit).at("films/s0/p42/index.html") == "<h1>Page 42, corrected</h1>");
  CHECK(git.files_of(r.commit).size() == 503);

  // A page edited to bytes git has (another page's): no blob written, and its folder
  // is now the same tree as that page's folder.
  site["films/s0/p42/index.html"] = "<h1>Page 43</h1>";
  RecordingRunner runner2(std::ref(git));
  PublishResult again = publish_site(site, site_config(), {}, runner2);
  REQUIRE(again.ok);
  CHECK(again.new_blobs == 0);
  CHECK(again.new_trees == 3);
  CHECK_FALSE(ran(runner2, "fast-import"));
}

TEST_CASE("publish: objects git already has are not written again, identical files are one object") {
  FakeGit git;
  OutputSet site = site_files();
  site["copy/style.css"] = "body{}";  // the same bytes as style.css
  git.blobs[blob_id("<h1>Non lasciarmi</h1>")] = "<h1>Non lasciarmi</h1>";  // e.g. from an earlier, failed run
  RecordingRunner runner(std::ref(git));
  PublishResult r = publish_site(site, site_config(), {}, runner);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.new_blobs == 3);  // index.html, style.css (twice), .nojekyll
  CHECK(git.written_blobs == 3);
  const Command* import = find_command(runner, "fast-import");
  REQUIRE(import);
  CHECK_FALSE(has(import->input, "Non lasciarmi"));
  CHECK(git.files_of(r.commit).at("it/index.html") == "<h1>Non lasciarmi</h1>");
  CHECK(git.files_of(r.commit).at("copy/style.css") == "body{}");
}

TEST_CASE("publish: an id git reports that differs from reel's stops the publish before the commit") {
  FakeGit git;
  SUBCASE("a file") {
    RecordingRunner runner([&](const Command& c) {
      CommandResult r = git(c);
      if (c.args[1] == "fast-import") r.out = std::string(40, '0') + "\n" + r.out.substr(41);
      return r;
    });
    PublishResult r = publish_site(site_files(), site_config(), {}, runner);
    CHECK_FALSE(r.ok);
    CHECK(has(r.diags.format(), "git stored a file as 0000000000000000000000000000000000000000 where reel computed "));
    CHECK_FALSE(ran(runner, "mktree"));
    CHECK_FALSE(ran(runner, "commit-tree"));
  }
  SUBCASE("a folder") {
    RecordingRunner runner([&](const Command& c) {
      CommandResult r = git(c);
      if (c.args[1] == "mktree") r.out = "";
      return r;
    });
    PublishResult r = publish_site(site_files(), site_config(), {}, runner);
    CHECK_FALSE(r.ok);
    CHECK(has(r.diags.format(), "git stored a folder as nothing where reel computed "));
    CHECK_FALSE(ran(runner, "commit-tree"));
  }
  CHECK_FALSE(git.local_refs.count("refs/heads/gh-pages"));
  CHECK(git.remote_refs.empty());
}

TEST_CASE("publish: a failing object write is an error naming git's message, a repository of unknown format is refused") {
  FakeGit git;
  RecordingRunner runner([&](const Command& c) {
    if (c.args[1] == "fast-import") return CommandResult{128, "", "fatal: Unable to create pack: No space left on device\n"};
    return git(c);
  });
  PublishResult r = publish_site(site_files(), site_config(), {}, runner);
  CHECK_FALSE(r.ok);
  CHECK(has(r.diags.format(), "cannot store the site's files in git: `git fast-import --quiet --done` failed"));
  CHECK(has(r.diags.format(), "No space left on device"));
  CHECK_FALSE(ran(runner, "commit-tree"));

  FakeGit future;
  RecordingRunner runner2([&](const Command& c) {
    if (c.args[1] == "rev-parse" && c.args[2] == "--show-object-format") return CommandResult{0, "sha3\n", ""};
    return future(c);
  });
  PublishResult f = publish_site(site_files(), site_config(), {}, runner2);
  CHECK_FALSE(f.ok);
  CHECK(has(f.diags.format(), "this repository names its objects with `sha3`"));
}

TEST_CASE("publish: git objects: SHA-1 and SHA-256 digests, blob and tree ids") {
  CHECK(hash_hex(ObjectFormat::sha1, "") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(hash_hex(ObjectFormat::sha1, "abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hash_hex(ObjectFormat::sha1, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  CHECK(hash_hex(ObjectFormat::sha1, std::string(1000000, 'a')) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  CHECK(hash_hex(ObjectFormat::sha256, "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hash_hex(ObjectFormat::sha256, "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hash_hex(ObjectFormat::sha256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hash_hex(ObjectFormat::sha256, std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // git's well-known ids: the empty blob, "hello", the empty tree.
  CHECK(git_object_id(ObjectFormat::sha1, "blob", "") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  CHECK(git_object_id(ObjectFormat::sha1, "blob", "hello") == "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0");
  CHECK(git_object_id(ObjectFormat::sha1, "tree", "") == "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  CHECK(git_object_id(ObjectFormat::sha256, "blob", "") ==
        "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813");
  CHECK(git_object_id(ObjectFormat::sha256, "tree", "") ==
        "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321");
}

TEST_CASE("publish: git objects: a plan lists every folder after its subfolders, entries in git's order") {
  OutputSet files{{"a.html", "1"}, {"a/index.html", "2"}, {"a-b/x", "3"}, {"a0", "4"}, {"b/c/d.txt", ""}};
  GitTreePlan plan = plan_git_tree(files, ObjectFormat::sha1);
  REQUIRE(plan.trees.size() == 5);
  std::vector<std::string> paths;
  for (const auto& t : plan.trees) paths.push_back(t.path);
  CHECK(paths == std::vector<std::string>{"b/c", "a", "a-b", "b", ""});
  CHECK(plan.blobs.at("b/c/d.txt") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  CHECK(plan.trees[0].mktree_input == "100644 blob e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\td.txt" + std::string(1, '\0'));
  // The root: "a-b/" < "a.html" < "a/" < "a0" < "b/" ('-' < '.' < '/' < '0').
  std::string root = plan.trees.back().mktree_input;
  std::vector<std::string> names;
  for (std::size_t start = 0; start < root.size();) {
    std::size_t end = root.find('\0', start);
    std::string e = root.substr(start, end - start);
    names.push_back(e.substr(e.find('\t') + 1));
    start = end + 1;
  }
  CHECK(names == std::vector<std::string>{"a-b", "a.html", "a", "a0", "b"});
  CHECK(has(root, "040000 tree " + plan.trees[1].id + "\ta"));
  CHECK(plan.root() == tree_id({{"a.html", "blob " + blob_id("1")},
                                {"a", "tree " + plan.trees[1].id},
                                {"a-b", "tree " + plan.trees[2].id},
                                {"a0", "blob " + blob_id("4")},
                                {"b", "tree " + plan.trees[3].id}}));
  CHECK(plan_git_tree({}, ObjectFormat::sha1).root() == "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  CHECK_THROWS_AS(plan_git_tree(OutputSet{{"a", "x"}, {"a/b", "y"}}, ObjectFormat::sha1), std::invalid_argument);
  CHECK_THROWS_AS(plan_git_tree(OutputSet{{"a//b", "x"}}, ObjectFormat::sha1), std::invalid_argument);

  Diagnostics diags;
  publish_tree(OutputSet{{"films", "x"}, {"films/index.html", "y"}}, "", diags);
  CHECK(has(diags.format(), "cannot publish `films` both as a file and as the folder of `films/index.html`"));
}

// ---------------------------------------------------------------------------------
// Real git, in temporary repositories.

namespace {

namespace stdfs = std::filesystem;


struct Scratch {
  stdfs::path path;
  Scratch() {
    std::random_device rd;
    path = stdfs::temp_directory_path() / ("reel-publish-test-" + std::to_string(rd()) + std::to_string(rd()));
    stdfs::create_directories(path);
  }
  ~Scratch() {
    std::error_code ec;
    stdfs::remove_all(path, ec);
  }
};

void put(const stdfs::path& p, const std::string& bytes) {
  stdfs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string read_file(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// git's trimmed output; fails the test when git fails.
std::string real_git(const stdfs::path& cwd, std::vector<std::string> args, std::string input = {}) {
  args.insert(args.begin(), "git");
  Command cmd{args, std::move(input), {}};
  CommandResult r = ProcessRunner(cwd.string()).run(cmd);
  INFO(cmd.str() << " in " << cwd.string() << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == ' ')) r.out.pop_back();
  return r.out;
}

/// Objects in a repository, loose and packed.
std::size_t object_count(const stdfs::path& repo) {
  std::istringstream in(real_git(repo, {"count-objects", "-v"}));
  std::size_t total = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("count: ", 0) == 0) total += std::stoul(line.substr(7));
    if (line.rfind("in-pack: ", 0) == 0) total += std::stoul(line.substr(9));
  }
  return total;
}

/// A site repository with one commit on main and a bare `origin`, both of `format`.
struct RealRepo {
  Scratch dir;
  stdfs::path site = dir.path / "site";
  stdfs::path remote = dir.path / "remote.git";
  explicit RealRepo(const std::string& format = "sha1") {
    hermetic_git();
    real_git(dir.path, {"init", "--quiet", "--bare", "--object-format=" + format, remote.string()});
    stdfs::create_directories(site);
    real_git(site, {"init", "--quiet", "-b", "main", "--object-format=" + format});
    put(site / "site.yaml", "title: Film\n");
    real_git(site, {"add", "-A"});
    real_git(site, {"commit", "--quiet", "-m", "The site"});
    real_git(site, {"remote", "add", "origin", remote.string()});
  }
  /// Publishes `files` with real git, recording every git run in `runner`.
  PublishResult publish(const OutputSet& files, RecordingRunner& runner) {
    runner = RecordingRunner([this](const Command& c) { return ProcessRunner(site.string()).run(c); });
    PublishOptions options;
    options.remote = "origin";
    return publish_site(files, site_config("https://films.example.org/"), options, runner);
  }
};

/// The root tree `git add -A && git write-tree` records for `files` (plus .nojekyll).
std::string tree_git_add_makes(const OutputSet& files, const std::string& format) {
  Scratch dir;
  real_git(dir.path, {"init", "--quiet", "--object-format=" + format});
  for (const auto& [path, bytes] : files) put(dir.path / path, bytes);
  put(dir.path / ".nojekyll", "");
  real_git(dir.path, {"add", "-A"});
  return real_git(dir.path, {"write-tree"});
}

}  // namespace

TEST_CASE("publish: git objects: ids equal git's, in SHA-1 and SHA-256 repositories, at every padding boundary") {
  hermetic_git();
  for (const char* format : {"sha1", "sha256"}) {
    CAPTURE(format);
    Scratch dir;
    real_git(dir.path, {"init", "--quiet", "--object-format=" + std::string(format)});
    std::vector<std::string> inputs;
    for (std::size_t n = 0; n <= 140; ++n) {
      std::string bytes;
      for (std::size_t i = 0; i < n; ++i) bytes += static_cast<char>((i * 37 + n) & 0xff);  // NULs and high bytes too
      inputs.push_back(bytes);
    }
    std::mt19937 random(42);
    std::string big(1 << 20, '\0');
    for (char& c : big) c = static_cast<char>(random());
    inputs.push_back(big);
    std::string paths;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      put(dir.path / ("f" + std::to_string(i)), inputs[i]);
      paths += (dir.path / ("f" + std::to_string(i))).string() + "\n";
    }
    std::istringstream ids(real_git(dir.path, {"hash-object", "--no-filters", "--stdin-paths"}, paths));
    ObjectFormat of = std::string(format) == "sha1" ? ObjectFormat::sha1 : ObjectFormat::sha256;
    for (const auto& bytes : inputs) {
      std::string id;
      std::getline(ids, id);
      CAPTURE(bytes.size());
      CHECK(git_object_id(of, "blob", bytes) == id);
    }
  }
}

TEST_CASE("publish with real git: the tree is the one `git add` records, in SHA-1 and SHA-256 repositories") {
  std::string format;
  SUBCASE("sha1") { format = "sha1"; }
  SUBCASE("sha256") { format = "sha256"; }
  CAPTURE(format);
  RealRepo repo(format);
  OutputSet files{{"index.html", "<h1>Film</h1>\n"},
                  {"a.html", "a"},
                  {"a/index.html", "in a"},
                  {"a-b/x.txt", "dash"},
                  {"a0", "zero"},
                  {"b c/\xc3\xa9t\xc3\xa9.html", "summer"},
                  {"deep/er/and/deeper/page.html", "deep"},
                  {"empty.txt", ""},
                  {"same/index.html", "a"},
                  {"bin/data.bin", std::string("\0\x01\xff\r\n\0", 6)}};
  std::string index_before = read_file(repo.site / ".git/index");
  RecordingRunner runner;
  PublishResult r = repo.publish(files, runner);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.pushed);
  CHECK(real_git(repo.site, {"rev-parse", "refs/heads/gh-pages^{tree}"}) == tree_git_add_makes(files, format));
  CHECK(real_git(repo.remote, {"rev-parse", "refs/heads/gh-pages"}) == r.commit);
  CHECK(real_git(repo.site, {"cat-file", "blob", r.commit + ":bin/data.bin"}) == std::string("\0\x01\xff\r\n\0", 6));
  CHECK(real_git(repo.site, {"fsck", "--strict", "--no-progress"}).empty());
  CHECK(real_git(repo.site, {"symbolic-ref", "HEAD"}) == "refs/heads/main");
  CHECK(read_file(repo.site / ".git/index") == index_before);
  CHECK(real_git(repo.site, {"status", "--porcelain"}).empty());
}

TEST_CASE("publish with real git: as many git runs for 10 pages as for 400, a republish writes only new objects") {
  RealRepo small, large;
  RecordingRunner small_runs, large_runs;
  PublishResult s = small.publish(many_pages(10), small_runs);
  OutputSet site = many_pages(400);
  PublishResult l = large.publish(site, large_runs);
  INFO(s.diags.format() << l.diags.format());
  REQUIRE(s.ok);
  REQUIRE(l.ok);
  CHECK(subcommands(small_runs) == subcommands(large_runs));
  CHECK(large_runs.commands().size() <= 20);
  CHECK(count_of(subcommands(large_runs), "hash-object") == 0);
  CHECK(l.new_blobs == 403);
  CHECK(l.new_trees == 409);
  CHECK(real_git(large.site, {"rev-parse", "refs/heads/gh-pages^{tree}"}) == tree_git_add_makes(site, "sha1"));

  // One page edited: one blob, the four folders above it and the commit are new.
  std::size_t before = object_count(large.site);
  site["films/s0/p42/index.html"] = "<h1>Page 42, corrected</h1>";
  RecordingRunner again_runs;
  PublishResult again = large.publish(site, again_runs);
  INFO(again.diags.format());
  REQUIRE(again.ok);
  CHECK(again.changed == std::vector<std::string>{"films/s0/p42/index.html"});
  CHECK(again.new_blobs == 1);
  CHECK(again.new_trees == 4);
  CHECK(object_count(large.site) - before == 6);
  CHECK(lines(real_git(large.site, {"rev-list", "--objects", "gh-pages", "--not", "gh-pages~1"}) + "\n") == 6);
  CHECK(again_runs.commands().size() <= large_runs.commands().size() + 2);  // + ls-tree, merge-base at most
  CHECK(real_git(large.remote, {"rev-parse", "refs/heads/gh-pages"}) == again.commit);

  // The same site once more: nothing written, nothing committed.
  RecordingRunner same_runs;
  PublishResult same = large.publish(site, same_runs);
  REQUIRE(same.ok);
  CHECK(same.commit.empty());
  CHECK(object_count(large.site) - before == 6);
  for (const char* sub : {"fast-import", "mktree", "commit-tree"}) CHECK_FALSE(ran(same_runs, sub));
  CHECK_FALSE(batch_check(same_runs));
}
