// publish: records a built site (an OutputSet) as the complete tree of a publish
// branch (gh-pages by default), one new commit on top of the branch's previous commit,
// and pushes it, through the user's own `git`. It never touches the user's working
// tree, index, stash or current branch: the commit is made with plumbing only
// (fast-import, mktree, commit-tree, update-ref), never with a checkout.
//
// It runs git a bounded number of times whatever the size of the site (23 runs at
// most, 15 for a first publish): reel computes every blob and tree id itself
// (git_objects.h), asks git in one run which objects it lacks, and writes only those,
// the files in one `git fast-import` and the folders in one `git mktree --batch`. A
// republish after an edit writes the edited files and the folders above them, and
// nothing else.
//
// Every git call goes through the CommandRunner seam, so the logic is tested with a
// RecordingRunner (tests/unit/publish_test.cpp) and run for real with ProcessRunner.
//
// The rules it follows:
// - the git plumbing: https://git-scm.com/docs/git-cat-file (--batch-check),
//   git-fast-import (blob, get-mark, done), git-mktree (--batch), git-commit-tree,
//   git-update-ref, git-merge-base (--is-ancestor), git-ls-remote, git-rev-parse
//   (--show-object-format);
// - GitHub Pages: a branch is served as is when it holds `.nojekyll` (no Jekyll run,
//   so files starting with `_` are served), and a custom domain lives in a `CNAME`
//   file at the root of the published branch
//   (https://docs.github.com/en/pages/getting-started-with-github-pages/about-github-pages#static-site-generators,
//   https://docs.github.com/en/pages/configuring-a-custom-domain-for-your-github-pages-site);
//   a project site is served at https://OWNER.github.io/REPO/, a user or organisation
//   site (repository OWNER.github.io) at https://OWNER.github.io/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "input/config.h"
#include "output/output.h"

namespace reel {

// ---------------------------------------------------------------------------------
// The command seam

/// One program run: `args[0]` is the program (looked up on PATH), the rest its
/// arguments, passed as they are (never through a shell). `input` is written to its
/// standard input; `env` adds or replaces environment variables for this run only.
struct Command {
  std::vector<std::string> args;
  std::string input;
  std::vector<std::pair<std::string, std::string>> env;

  /// The arguments joined by spaces, quoted where needed, for messages and dry runs.
  std::string str() const;
};

/// What a run produced. `exit_code` is the program's exit status, 128+N when signal N
/// ended it, or -1 when it could not be started at all (then `err` says why).
struct CommandResult {
  int exit_code = 0;
  std::string out;  ///< everything it wrote to standard output
  std::string err;  ///< everything it wrote to standard error
};

/// Runs commands. Implementations must not interpret arguments with a shell.
class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  /// Runs `cmd` to completion and returns its exit code and output. Never throws for
  /// a program that fails or cannot be started; that is reported in the result.
  virtual CommandResult run(const Command& cmd) = 0;
};

/// The real runner: posix_spawnp in the folder `cwd`, with pipes for standard input,
/// output and error (read and written together, so large outputs cannot deadlock).
/// The child inherits reel's environment plus Command::env, so the user's git
/// configuration, credential helpers and SSH agent all work.
class ProcessRunner final : public CommandRunner {
 public:
  explicit ProcessRunner(std::string cwd) : cwd_(std::move(cwd)) {}
  CommandResult run(const Command& cmd) override;

 private:
  std::string cwd_;
};

/// A runner for tests: records every command and answers with `responder` (by
/// default: exit code 0 and no output). Nothing is run.
class RecordingRunner final : public CommandRunner {
 public:
  using Responder = std::function<CommandResult(const Command&)>;
  RecordingRunner() = default;
  explicit RecordingRunner(Responder responder) : responder_(std::move(responder)) {}
  CommandResult run(const Command& cmd) override;
  const std::vector<Command>& commands() const { return commands_; }

 private:
  Responder responder_;
  std::vector<Command> commands_;
};

// ---------------------------------------------------------------------------------
// Publishing

struct PublishOptions {
  std::string remote = "origin";    ///< a configured git remote's name (not a URL)
  std::string branch = "gh-pages";  ///< the publish branch, created when missing
  std::string cname;                ///< custom domain ("docs.example.org"); "" for none
  std::string message;              ///< replaces the commit's first line when not empty
  bool dry_run = false;             ///< show what would happen; write and push nothing
  bool force = false;               ///< push even when that drops the remote's commits
  std::string git = "git";          ///< the git program
};

/// The publish settings of site.yaml (`publish:`), to be overridden by command-line flags.
PublishOptions publish_options(const PublishConfig& config);

/// One commit the remote's publish branch has and the local one lacks.
struct DroppedCommit {
  std::string hash;     ///< abbreviated hash
  std::string subject;  ///< first line of the message
};

/// What publish_site did (or, in a dry run, would do). Lines in `notes` are meant to
/// be printed as they are, in order; `diags` holds the refusal (an error) or warnings.
struct PublishResult {
  bool ok = false;                  ///< true when published (or, in a dry run, publishable)
  Diagnostics diags;                ///< errors (why nothing was published) and warnings
  std::vector<std::string> notes;   ///< what happened, one line each
  std::string source_commit;        ///< `git rev-parse HEAD`, "" when the repository has no commit
  bool source_dirty = false;        ///< `git status --porcelain` was not empty
  std::string local_tip;            ///< the local publish branch before, "" when missing
  std::string remote_tip;           ///< the remote's publish branch before, "" when missing
  std::string parent;               ///< the new commit's parent, "" for the first publish
  std::string commit;               ///< the new commit; "" in a dry run or when unchanged
  std::string message;              ///< the commit message
  std::vector<std::string> added, changed, removed;  ///< paths, against the parent's tree
  std::vector<DroppedCommit> dropped;  ///< with force: the remote commits the push drops
  std::size_t new_blobs = 0;        ///< file objects written to git (those it lacked), 0 in a dry run
  std::size_t new_trees = 0;        ///< folder (tree) objects written to git, 0 in a dry run
  bool pushed = false;              ///< the push succeeded
  std::string url;                  ///< where the site will be served (the base URL)
};

/// The files of the publish tree: `files` (reel's manifest is never among them) plus
/// an empty `.nojekyll` and, when `cname` is not empty, `CNAME` holding "cname\n".
/// Errors go into `diags`: a path git cannot store (absolute, with `.`/`..`/`.git`
/// segments), a path that is both a file and a folder of other files, or a CNAME in
/// `files` (from static/) naming another domain than `cname`.
OutputSet publish_tree(const OutputSet& files, std::string_view cname, Diagnostics& diags);

/// The commit message: first line `options.message`, or "reel publish: site built from
/// <short hash>" (", with uncommitted changes" when `dirty`); then a blank line and
/// "Source commit: <hash>" (plus " (with uncommitted changes)") and the reel version.
/// `source_commit` may be empty (a repository with no commit yet).
std::string publish_message(std::string_view message, std::string_view source_commit, bool dirty);

/// The address GitHub Pages serves a repository's site at, from a remote URL
/// (https://github.com/OWNER/REPO.git, git@github.com:OWNER/REPO.git,
/// ssh://git@github.com/OWNER/REPO): "https://OWNER.github.io/REPO/", or
/// "https://OWNER.github.io/" for the repository OWNER.github.io, or "https://CNAME/"
/// when `cname` is not empty. nullopt when the remote is not on github.com.
std::optional<std::string> github_pages_url(std::string_view remote_url, std::string_view cname);

/// Publishes `files` (the OutputSet of a build without errors) to `options.branch` of
/// `options.remote`, running git through `git` in the site's folder:
///  1. checks: a git repository, a remote of that name, the publish branch not checked
///     out in any worktree;
///  2. reads the source commit (`rev-parse HEAD`) and whether the tree is dirty
///     (`status --porcelain`, without optional locks, so not even the index's stat
///     cache is refreshed);
///  3. finds the remote's tip with `ls-remote`, fetching it (when missing locally) into
///     the private ref refs/reel/remote/REMOTE/BRANCH (with --refmap= and
///     --no-write-fetch-head: neither refs/remotes nor FETCH_HEAD change);
///  4. picks the parent: the local tip, or the remote tip when the local branch is
///     missing or behind. When the two have diverged it refuses (the push would drop
///     the remote's commits), unless `force`, which keeps the local tip and lists the
///     dropped commits;
///  5. computes every blob and tree id in-process (in the repository's object format,
///     `rev-parse --show-object-format`) and compares them with the parent's tree
///     (`ls-tree -r -t`) for the added, changed and removed paths;
///  6. writes the objects git lacks: one `cat-file --batch-check` for the ids not in
///     the parent's tree, one `fast-import` for the missing blobs, one `mktree --batch`
///     for the missing trees (each id git reports must equal reel's, or it stops before
///     committing); then commit-tree with the parent, update-ref refs/heads/BRANCH
///     (checked against the old value), and push (with --force-with-lease=the seen
///     remote tip when forced). When the tree equals the parent's, no object and no
///     commit is made and only what is not yet pushed is.
/// The number of git runs does not depend on the number of files.
/// A dry run does only the reading steps (no fetch: a remote tip that is not local is
/// reported as such; no object written) and fills `notes` with what would be
/// committed and pushed.
/// A CNAME on the previous publish (e.g. one GitHub's settings page committed) is kept
/// when `options.cname` is empty, so a publish never drops a custom domain.
PublishResult publish_site(const OutputSet& files, const Config& config, const PublishOptions& options,
                           CommandRunner& git);

}  // namespace reel
