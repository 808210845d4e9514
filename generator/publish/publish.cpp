#include "publish/publish.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "publish/git_objects.h"

extern char** environ;

namespace reel {

// ---------------------------------------------------------------------------------
// Commands

std::string Command::str() const {
  std::string out;
  for (const auto& a : args) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                    "-_./:=+@^%,") == std::string::npos;
    if (plain) {
      out += a;
    } else {
      out += '\'';
      for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      out += '\'';
    }
  }
  return out;
}

CommandResult RecordingRunner::run(const Command& cmd) {
  commands_.push_back(cmd);
  return responder_ ? responder_(cmd) : CommandResult{};
}

namespace {

/// Closes a file descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

CommandResult spawn_failure(const Command& cmd, int err) {
  CommandResult r;
  r.exit_code = -1;
  r.err = "cannot run `" + (cmd.args.empty() ? std::string() : cmd.args[0]) + "`: " + std::strerror(err);
  return r;
}

}  // namespace

CommandResult ProcessRunner::run(const Command& cmd) {
  if (cmd.args.empty()) return spawn_failure(cmd, EINVAL);
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return spawn_failure(cmd, errno);
  Fd in_r{in_pipe[0]}, in_w{in_pipe[1]};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return spawn_failure(cmd, errno);
  Fd out_r{out_pipe[0]}, out_w{out_pipe[1]};
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return spawn_failure(cmd, errno);
  Fd err_r{err_pipe[0]}, err_w{err_pipe[1]};

  // The environment: reel's own, with Command::env added or replacing.
  std::vector<std::string> env_strings;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    std::string_view key = kv.substr(0, kv.find('='));
    bool replaced = std::any_of(cmd.env.begin(), cmd.env.end(), [&](const auto& p) { return p.first == key; });
    if (!replaced) env_strings.emplace_back(kv);
  }
  for (const auto& [k, v] : cmd.env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = cmd.args;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_r.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.fd, 2);
  if (!cwd_.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd_.c_str());
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return spawn_failure(cmd, rc);
  in_r.reset();
  out_w.reset();
  err_w.reset();

  // Feed standard input while draining both outputs, so neither side can block.
  CommandResult result;
  std::size_t written = 0;
  if (cmd.input.empty()) in_w.reset();
  else ::fcntl(in_w.fd, F_SETFL, O_NONBLOCK);
  char buf[65536];
  while (out_r.fd >= 0 || err_r.fd >= 0 || in_w.fd >= 0) {
    pollfd fds[3];
    nfds_t n = 0;
    if (in_w.fd >= 0) fds[n++] = {in_w.fd, POLLOUT, 0};
    if (out_r.fd >= 0) fds[n++] = {out_r.fd, POLLIN, 0};
    if (err_r.fd >= 0) fds[n++] = {err_r.fd, POLLIN, 0};
    if (::poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in_w.fd) {
        ssize_t w = ::write(in_w.fd, cmd.input.data() + written, cmd.input.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == cmd.input.size()) in_w.reset();
      } else {
        Fd& src = fds[i].fd == out_r.fd ? out_r : err_r;
        std::string& dst = fds[i].fd == out_r.fd ? result.out : result.err;
        ssize_t r = ::read(src.fd, buf, sizeof buf);
        if (r > 0) dst.append(buf, static_cast<std::size_t>(r));
        else if (r == 0 || (errno != EAGAIN && errno != EINTR)) src.reset();
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// ---------------------------------------------------------------------------------
// Pure helpers

PublishOptions publish_options(const PublishConfig& config) {
  PublishOptions o;
  o.remote = config.remote;
  o.branch = config.branch;
  o.cname = config.cname;
  return o;
}

namespace {

const char* kWhere = "reel publish";

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string short_hash(std::string_view h) { return std::string(h.substr(0, 7)); }

/// A path git stores as it is and GitHub Pages serves: relative, no empty, `.`, `..`
/// or `.git` segment (git refuses `.git` in any case: https://git-scm.com/docs/git-fsck).
bool is_publishable_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string seg = lower(std::string(path.substr(start, slash - start)));
    if (seg.empty() || seg == "." || seg == ".." || seg == ".git") return false;
    if (seg.find('\0') != std::string::npos) return false;
    start = slash + 1;
  }
  return true;
}

}  // namespace

OutputSet publish_tree(const OutputSet& files, std::string_view cname, Diagnostics& diags) {
  OutputSet tree;
  for (const auto& [path, bytes] : files) {
    if (path == kManifestName) continue;
    if (!is_publishable_path(path)) {
      diags.error(SourcePos{path}, "cannot publish this path: git stores only relative paths without `.`, `..` or "
                                   "`.git` segments",
                  "rename the file in content/ or static/");
      continue;
    }
    tree.emplace(path, bytes);
  }
  tree.try_emplace(".nojekyll", "");
  // git stores a name once per folder: a file cannot also be a folder.
  for (const auto& [path, bytes] : tree) {
    auto inside = tree.lower_bound(path + "/");
    if (inside != tree.end() && inside->first.rfind(path + "/", 0) == 0) {
      diags.error(SourcePos{path}, "cannot publish `" + path + "` both as a file and as the folder of `" + inside->first +
                                       "`: a git tree holds one entry of each name",
                  "rename one of them in content/ or static/");
    }
  }
  if (!cname.empty()) {
    auto it = tree.find("CNAME");
    if (it != tree.end() && lower(trim(it->second)) != lower(std::string(cname))) {
      diags.error(SourcePos{"CNAME"},
                  "the site has a CNAME file for `" + trim(it->second) + "`, but site.yaml's publish.cname is `" +
                      std::string(cname) + "`",
                  "keep one of the two: remove static/CNAME, or make publish.cname match it");
    } else {
      tree["CNAME"] = std::string(cname) + "\n";
    }
  }
  return tree;
}

std::string publish_message(std::string_view message, std::string_view source_commit, bool dirty) {
  std::string subject;
  if (!message.empty()) {
    subject = trim(message);
  } else if (source_commit.empty()) {
    subject = "reel publish: site built before the first commit";
  } else {
    subject = "reel publish: site built from " + short_hash(source_commit) + (dirty ? ", with uncommitted changes" : "");
  }
  std::string out = subject + "\n\n";
  if (source_commit.empty()) {
    out += "Source commit: none yet (the repository has no commit)\n";
  } else {
    out += "Source commit: " + std::string(source_commit) + (dirty ? " (with uncommitted changes)" : "") + "\n";
  }
  out += "Built by reel " REEL_VERSION ".\n";
  return out;
}

std::optional<std::string> github_pages_url(std::string_view remote_url, std::string_view cname) {
  std::string url = trim(remote_url);
  std::string rest;
  for (const char* prefix : {"https://github.com/", "http://github.com/", "git@github.com:", "ssh://git@github.com/",
                             "ssh://git@github.com:22/", "git://github.com/"}) {
    std::string p(prefix);
    if (lower(url.substr(0, p.size())) == p) {
      rest = url.substr(p.size());
      break;
    }
  }
  // https://user:token@github.com/... carries credentials before the host.
  if (rest.empty()) {
    std::size_t at = url.find("@github.com/");
    if (url.rfind("https://", 0) == 0 && at != std::string::npos) rest = url.substr(at + 12);
  }
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.size() > 4 && rest.compare(rest.size() - 4, 4, ".git") == 0) rest.resize(rest.size() - 4);
  std::size_t slash = rest.find('/');
  if (rest.empty() || slash == std::string::npos || slash == 0 || slash + 1 == rest.size() ||
      rest.find('/', slash + 1) != std::string::npos) {
    return std::nullopt;
  }
  std::string owner = lower(rest.substr(0, slash));
  std::string repo = rest.substr(slash + 1);
  if (!cname.empty()) return "https://" + lower(std::string(cname)) + "/";
  if (lower(repo) == owner + ".github.io") return "https://" + owner + ".github.io/";
  return "https://" + owner + ".github.io/" + repo + "/";
}

// ---------------------------------------------------------------------------------
// publish_site

namespace {

/// The steps of one publish, sharing the runner, the options and the result.
class Publisher {
 public:
  Publisher(const Config& config, const PublishOptions& options, CommandRunner& runner, PublishResult& result)
      : config_(config), options_(options), runner_(runner), result_(result) {}

  void run(const OutputSet& files);

 private:
  CommandResult git(std::vector<std::string> args, std::string input = {}) {
    Command cmd;
    cmd.args.push_back(options_.git);
    for (auto& a : args) cmd.args.push_back(std::move(a));
    cmd.input = std::move(input);
    return runner_.run(cmd);
  }
  /// Runs git and returns its trimmed output; on failure records `what` as the error
  /// (with git's own message) and returns nullopt.
  std::optional<std::string> git_ok(std::vector<std::string> args, const std::string& what, std::string hint = {},
                                    std::string input = {}) {
    Command shown_cmd;
    shown_cmd.args.push_back(options_.git);
    shown_cmd.args.insert(shown_cmd.args.end(), args.begin(), args.end());
    std::string shown = shown_cmd.str();
    CommandResult r = git(std::move(args), std::move(input));
    if (r.exit_code != 0) {
      fail(what + ": `" + shown + "` failed" + (trim(r.err).empty() ? "" : ":\n    " + indent(trim(r.err))), hint);
      return std::nullopt;
    }
    return trim(r.out);
  }
  static std::string indent(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '\n' ? std::string("\n    ") : std::string(1, c);
    return out;
  }
  void fail(std::string message, std::string hint = {}) {
    result_.diags.error(SourcePos{kWhere}, std::move(message), std::move(hint));
  }
  void warn(std::string message, std::string hint = {}) {
    result_.diags.warning(SourcePos{kWhere}, std::move(message), std::move(hint));
  }
  void note(std::string line) { result_.notes.push_back(std::move(line)); }
  /// True when git's output (one id a line) names exactly `expected`, in order; else
  /// records the mismatch as an error: reel and git would disagree on the tree.
  bool same_ids(const std::string& out, const std::vector<std::string>& expected, const char* what) {
    std::size_t start = 0;
    for (const auto& id : expected) {
      std::size_t nl = out.find('\n', start);
      std::string got = trim(out.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (got != id) {
        fail(std::string("git stored a ") + what + " as " + (got.empty() ? "nothing" : got) + " where reel computed " +
                 id + "; nothing was committed",
             "please report this as a bug of reel publish, with `git version`");
        return false;
      }
      start = nl == std::string::npos ? out.size() : nl + 1;
    }
    return true;
  }

  /// The previous publish's tree, as `ls-tree -r -t` lists it.
  struct ParentTree {
    std::map<std::string, std::string> files;   ///< path → id, every entry but folders
    std::unordered_set<std::string> objects;    ///< every blob and tree id in it: git has them
  };

  bool check_repository();
  bool check_names();
  bool find_tips();
  bool choose_parent();
  ParentTree parent_tree();
  std::optional<ObjectFormat> object_format();
  /// Writes the objects of `plan` git lacks, in three runs whatever the number of files
  /// (cat-file --batch-check, fast-import for blobs, mktree --batch for trees); returns
  /// false (with the error recorded) when one fails or reports another id than reel's.
  bool write_objects(const OutputSet& tree, const GitTreePlan& plan, const std::unordered_set<std::string>& known);
  bool push(const std::string& tip);

  const Config& config_;
  const PublishOptions& options_;
  CommandRunner& runner_;
  PublishResult& result_;
  std::string remote_url_;
  std::string branch_ref_;
  bool remote_tip_local_ = false;
};

bool Publisher::check_repository() {
  CommandResult r = git({"rev-parse", "--git-dir"});
  if (r.exit_code == -1) {
    fail("cannot run git: " + r.err, "install git (on Debian: apt install git) and make sure it is on PATH");
    return false;
  }
  if (r.exit_code != 0) {
    fail("the site folder is not in a git repository, so there is no branch to publish to",
         "run reel publish inside your site's repository (git init, then git remote add origin "
         "git@github.com:USER/REPO.git), or pass --source DIR");
    return false;
  }
  return true;
}

bool Publisher::check_names() {
  const std::string& remote = options_.remote;
  const std::string& branch = options_.branch;
  if (remote.empty() || remote.front() == '-') {
    fail("`" + remote + "` is not a remote name", "pass the name of a configured remote, e.g. --remote origin");
    return false;
  }
  if (branch.empty() || branch.front() == '-' || git({"check-ref-format", "refs/heads/" + branch}).exit_code != 0) {
    fail("`" + branch + "` is not a valid branch name", "pass a branch name such as --branch gh-pages");
    return false;
  }
  branch_ref_ = "refs/heads/" + branch;
  CommandResult url = git({"remote", "get-url", remote});
  if (url.exit_code != 0) {
    CommandResult list = git({"remote"});
    std::vector<std::string> names;
    std::string all = trim(list.out);
    std::size_t start = 0;
    while (start < all.size()) {
      std::size_t nl = all.find('\n', start);
      if (nl == std::string::npos) nl = all.size();
      names.push_back(all.substr(start, nl - start));
      start = nl + 1;
    }
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    fail("this repository has no remote named `" + remote + "`" +
             (names.empty() ? " (it has no remote at all)" : " (its remotes: " + known + ")"),
         suggestion_hint(remote, names,
                         "add it with `git remote add " + remote +
                             " git@github.com:USER/REPO.git`, or pass --remote NAME (or set publish.remote in site.yaml)"));
    return false;
  }
  remote_url_ = trim(url.out);

  // The publish branch must not be checked out anywhere: moving it would change that
  // worktree's files (as seen by git) under the user's feet.
  CommandResult wt = git({"worktree", "list", "--porcelain"});
  if (wt.exit_code == 0) {
    std::string path;
    std::size_t start = 0;
    const std::string& text = wt.out;
    while (start < text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      std::string line = text.substr(start, nl - start);
      if (line.rfind("worktree ", 0) == 0) path = line.substr(9);
      if (line == "branch " + branch_ref_) {
        fail("the publish branch `" + branch + "` is checked out in " + path +
                 "; publishing would replace the files of that checkout",
             "switch that checkout to your source branch (git switch main), or publish to another branch with --branch");
        return false;
      }
      start = nl + 1;
    }
  }
  return true;
}

bool Publisher::find_tips() {
  // The source: HEAD (absent in a repository without commits) and whether it is dirty.
  CommandResult head = git({"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
  if (head.exit_code == 0) result_.source_commit = trim(head.out);
  // --no-optional-locks: status must not even refresh the index's stat cache.
  CommandResult status = git({"--no-optional-locks", "status", "--porcelain"});
  if (status.exit_code != 0) {
    fail("`git status` failed:\n    " + indent(trim(status.err)));
    return false;
  }
  result_.source_dirty = !trim(status.out).empty();

  CommandResult local = git({"rev-parse", "--verify", "--quiet", branch_ref_ + "^{commit}"});
  if (local.exit_code == 0) result_.local_tip = trim(local.out);

  CommandResult ls = git({"ls-remote", "--exit-code", options_.remote, branch_ref_});
  if (ls.exit_code == 0) {
    // ls-remote matches patterns by their tail: keep the line naming exactly our ref.
    std::size_t start = 0;
    while (start < ls.out.size()) {
      std::size_t nl = ls.out.find('\n', start);
      if (nl == std::string::npos) nl = ls.out.size();
      std::string line = ls.out.substr(start, nl - start);
      std::size_t tab = line.find('\t');
      if (tab != std::string::npos && line.substr(tab + 1) == branch_ref_) result_.remote_tip = line.substr(0, tab);
      start = nl + 1;
    }
  } else if (ls.exit_code != 2) {
    fail("cannot read the remote `" + options_.remote + "` (" + remote_url_ + "):\n    " + indent(trim(ls.err)),
         "check the remote's address (git remote -v) and that you can reach it (git ls-remote " + options_.remote + ")");
    return false;
  }
  if (result_.remote_tip.empty()) return true;

  remote_tip_local_ = git({"cat-file", "-e", result_.remote_tip + "^{commit}"}).exit_code == 0;
  if (!remote_tip_local_ && !options_.dry_run) {
    // Into a private ref: the user's refs/remotes and FETCH_HEAD stay as they are.
    std::string private_ref = "refs/reel/remote/" + options_.remote + "/" + options_.branch;
    if (!git_ok({"fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--refmap=", options_.remote,
                 "+" + branch_ref_ + ":" + private_ref},
                "cannot fetch the remote's " + options_.branch)) {
      return false;
    }
    remote_tip_local_ = git({"cat-file", "-e", result_.remote_tip + "^{commit}"}).exit_code == 0;
    if (!remote_tip_local_) {
      fail("the remote's " + options_.branch + " moved while reel was reading it", "run reel publish again");
      return false;
    }
  }
  return true;
}

bool Publisher::choose_parent() {
  const std::string& local = result_.local_tip;
  const std::string& remote = result_.remote_tip;
  const std::string where = options_.remote + "/" + options_.branch;
  if (remote.empty() || remote == local) {
    result_.parent = local;
    return true;
  }
  if (local.empty()) {
    result_.parent = remote;
    note("no local " + options_.branch + " branch: the new commit goes on top of " + where + " (" +
         short_hash(remote) + ")" + (remote_tip_local_ ? "" : ", which a real run fetches first"));
    return true;
  }
  if (!remote_tip_local_) {
    // Only in a dry run: the remote has commits this repository has never seen.
    if (!options_.force) {
      fail(where + " (" + short_hash(remote) + ") has commits your local " + options_.branch +
               " lacks; publishing would refuse, since the push would drop them",
           "git fetch " + options_.remote + " " + options_.branch + " to see them; --force publishes anyway");
      return false;
    }
    result_.parent = local;
    warn("--force: the push would drop the commits of " + where + " up to " + short_hash(remote) +
         " that your local branch lacks (a real run lists them)");
    return true;
  }
  if (git({"merge-base", "--is-ancestor", remote, local}).exit_code == 0) {
    result_.parent = local;
    return true;
  }
  if (git({"merge-base", "--is-ancestor", local, remote}).exit_code == 0) {
    result_.parent = remote;
    note("your local " + options_.branch + " was behind " + where +
         " (published from elsewhere): the new commit goes on top of " + short_hash(remote));
    return true;
  }
  // Diverged: the remote has commits the local branch lacks, and a push would drop them.
  CommandResult log = git({"log", "--no-show-signature", "--format=%h%x09%s", remote, "--not", local});
  std::size_t start = 0;
  while (start < log.out.size()) {
    std::size_t nl = log.out.find('\n', start);
    if (nl == std::string::npos) nl = log.out.size();
    std::string line = log.out.substr(start, nl - start);
    std::size_t tab = line.find('\t');
    if (!line.empty()) {
      result_.dropped.push_back({line.substr(0, tab), tab == std::string::npos ? "" : line.substr(tab + 1)});
    }
    start = nl + 1;
  }
  std::string list;
  for (const auto& d : result_.dropped) list += "\n    " + d.hash + " " + d.subject;
  std::size_t n = result_.dropped.size();
  if (!options_.force) {
    fail(where + " has " + std::to_string(n) + " commit" + (n == 1 ? "" : "s") + " that your local " +
             options_.branch + " lacks; pushing would drop " + (n == 1 ? "it" : "them") + ":" + list,
         "nothing was committed or pushed. To keep the remote's history, point your local branch at it (`git branch -f " +
             options_.branch + " refs/reel/remote/" + options_.remote + "/" + options_.branch +
             "`; the next publish rebuilds your site on top of it) and run reel publish again; to drop them, run "
             "reel publish --force");
    return false;
  }
  result_.parent = local;
  warn(std::string("--force: ") + (options_.dry_run ? "the push would drop " : "the push drops ") +
       std::to_string(n) + " commit" + (n == 1 ? "" : "s") + " of " + where + ":" + list);
  return true;
}

Publisher::ParentTree Publisher::parent_tree() {
  ParentTree out;
  if (result_.parent.empty()) return out;
  CommandResult r = git({"ls-tree", "-r", "-t", "-z", "--full-tree", result_.parent});
  // Entries: "<mode> SP <type> SP <id> TAB <path> NUL".
  std::size_t start = 0;
  while (start < r.out.size()) {
    std::size_t end = r.out.find('\0', start);
    if (end == std::string::npos) end = r.out.size();
    std::string_view entry(r.out.data() + start, end - start);
    std::size_t tab = entry.find('\t');
    std::size_t sp1 = entry.find(' ');
    std::size_t sp2 = entry.rfind(' ', tab);
    if (tab != std::string_view::npos && sp1 != std::string_view::npos && sp2 != std::string_view::npos && sp1 < sp2) {
      std::string_view type = entry.substr(sp1 + 1, sp2 - sp1 - 1);
      std::string id(entry.substr(sp2 + 1, tab - sp2 - 1));
      if (type == "blob" || type == "tree") out.objects.insert(id);
      if (type != "tree") out.files[std::string(entry.substr(tab + 1))] = std::move(id);
    }
    start = end + 1;
  }
  return out;
}

std::optional<ObjectFormat> Publisher::object_format() {
  CommandResult r = git({"rev-parse", "--show-object-format"});
  std::string name = trim(r.out);
  if (name == "sha256") return ObjectFormat::sha256;
  // A git older than 2.25 echoes the unknown option (or fails): it knows only SHA-1.
  if (r.exit_code != 0 || name == "sha1" || name == "--show-object-format") return ObjectFormat::sha1;
  fail("this repository names its objects with `" + name + "`, a hash reel cannot compute",
       "publish from a repository made with git's default (sha1) or sha256 object format");
  return std::nullopt;
}

bool Publisher::write_objects(const OutputSet& tree, const GitTreePlan& plan,
                              const std::unordered_set<std::string>& known) {
  // 1. What git lacks: the previous publish's objects are there; ask about the rest at
  //    once. Identical files (and identical folders) share one object.
  std::unordered_map<std::string, const std::string*> blob_bytes;  // id → the bytes of one file with it
  std::vector<std::string> asked_blobs, asked_trees;
  for (const auto& [path, id] : plan.blobs) {
    if (!known.count(id) && blob_bytes.emplace(id, &tree.find(path)->second).second) asked_blobs.push_back(id);
  }
  std::unordered_set<std::string> seen_trees;
  for (const GitTree& t : plan.trees) {
    if (!known.count(t.id) && seen_trees.insert(t.id).second) asked_trees.push_back(t.id);
  }
  std::unordered_set<std::string> missing;
  if (!asked_blobs.empty() || !asked_trees.empty()) {
    std::string input;
    for (const auto* list : {&asked_blobs, &asked_trees}) {
      for (const auto& id : *list) input += id + "\n";
    }
    std::optional<std::string> out = git_ok({"cat-file", "--batch-check", "--buffer"},
                                            "cannot ask git which files it already stores", {}, std::move(input));
    if (!out) return false;
    // One line per id: "<id> <type> <size>", or "<id> missing".
    std::size_t start = 0;
    while (start < out->size()) {
      std::size_t nl = out->find('\n', start);
      if (nl == std::string::npos) nl = out->size();
      std::string_view line(out->data() + start, nl - start);
      constexpr std::string_view kMissing = " missing";
      if (line.size() > kMissing.size() && line.substr(line.size() - kMissing.size()) == kMissing) {
        missing.emplace(line.substr(0, line.size() - kMissing.size()));
      }
      start = nl + 1;
    }
  }

  // 2. The missing blobs: one fast-import, which writes them as one pack (or, below
  //    fastimport.unpackLimit objects, as loose objects) and reports each id.
  std::vector<std::string> blobs;
  for (const auto& id : asked_blobs) {
    if (missing.count(id)) blobs.push_back(id);
  }
  if (!blobs.empty()) {
    std::size_t size = 0;
    for (const auto& id : blobs) size += blob_bytes[id]->size() + 64;
    std::string stream;
    stream.reserve(size + 8);
    for (std::size_t i = 0; i < blobs.size(); ++i) {
      const std::string& bytes = *blob_bytes[blobs[i]];
      std::string mark(1, ':');
      mark += std::to_string(i + 1);
      stream += "blob\nmark " + mark + "\ndata " + std::to_string(bytes.size()) + "\n";
      stream += bytes;
      stream += "\nget-mark " + mark + "\n";
    }
    stream += "done\n";
    std::optional<std::string> out =
        git_ok({"fast-import", "--quiet", "--done"}, "cannot store the site's files in git", {}, std::move(stream));
    if (!out || !same_ids(*out, blobs, "file")) return false;
  }

  // 3. The missing trees, deepest first: one mktree --batch, one id per tree.
  std::vector<std::string> trees;
  std::string listings;
  seen_trees.clear();
  for (const GitTree& t : plan.trees) {
    if (missing.count(t.id) && seen_trees.insert(t.id).second) {
      trees.push_back(t.id);
      listings += t.mktree_input;
      listings += '\0';  // an empty record ends a tree
    }
  }
  if (!trees.empty()) {
    std::optional<std::string> out =
        git_ok({"mktree", "-z", "--batch"}, "cannot store the site's folders in git", {}, std::move(listings));
    if (!out || !same_ids(*out, trees, "folder")) return false;
  }
  result_.new_blobs = blobs.size();
  result_.new_trees = trees.size();
  return true;
}

bool Publisher::push(const std::string& tip) {
  std::vector<std::string> args{"push", "--quiet"};
  if (!result_.dropped.empty() || (options_.force && !result_.remote_tip.empty())) {
    args.push_back("--force-with-lease=" + branch_ref_ + ":" + result_.remote_tip);
  }
  args.push_back(options_.remote);
  args.push_back(branch_ref_ + ":" + branch_ref_);
  std::string shown = "git";
  for (const auto& a : args) shown += " " + a;
  if (options_.dry_run) {
    note("would push: " + shown);
    return true;
  }
  CommandResult r = git(args);
  if (r.exit_code != 0) {
    fail("the push to " + options_.remote + " failed:\n    " + indent(trim(r.err)),
         "the commit " + short_hash(tip) + " is on your local " + options_.branch +
             "; run reel publish again, or push it with `git push " + options_.remote + " " + options_.branch + "`");
    return false;
  }
  result_.pushed = true;
  return true;
}

void Publisher::run(const OutputSet& files) {
  result_.url = config_.base_url;
  if (!check_repository() || !check_names() || !find_tips() || !choose_parent()) return;

  ParentTree parent = parent_tree();
  std::map<std::string, std::string>& before = parent.files;
  // Keep a custom domain the previous publish had (GitHub's settings page commits a
  // CNAME to the branch), unless site.yaml names one: a publish never drops it.
  std::string cname = options_.cname;
  if (cname.empty() && before.count("CNAME") && !files.count("CNAME")) {
    CommandResult old = git({"cat-file", "blob", before["CNAME"]});
    if (old.exit_code == 0 && !trim(old.out).empty()) {
      cname = trim(old.out);
      note("kept the custom domain " + cname + " (CNAME) of the previous publish; add `publish: {cname: " + cname +
           "}` to site.yaml to make it explicit");
    }
  }
  OutputSet tree = publish_tree(files, cname, result_.diags);
  if (result_.diags.has_errors()) return;
  if (cname.empty() && tree.count("CNAME")) cname = trim(tree["CNAME"]);

  // Every object id, computed here: no git run per file, even in a dry run.
  std::optional<ObjectFormat> format = object_format();
  if (!format) return;
  GitTreePlan plan;
  try {
    plan = plan_git_tree(tree, *format);
  } catch (const std::invalid_argument& e) {
    fail(std::string("cannot make a git tree of the site: ") + e.what());
    return;
  }
  const auto& blobs = plan.blobs;
  std::size_t bytes = 0;
  for (const auto& [path, content] : tree) bytes += content.size();
  for (const auto& [path, id] : blobs) {
    auto it = before.find(path);
    if (it == before.end()) result_.added.push_back(path);
    else if (it->second != id) result_.changed.push_back(path);
  }
  for (const auto& [path, id] : before) {
    if (!blobs.count(path)) result_.removed.push_back(path);
  }
  bool unchanged = !result_.parent.empty() && result_.added.empty() && result_.changed.empty() &&
                   result_.removed.empty();
  result_.message = publish_message(options_.message, result_.source_commit, result_.source_dirty);

  auto summary = [&] {
    return std::to_string(tree.size()) + " files, " + std::to_string(bytes) + " bytes: " +
           std::to_string(result_.added.size()) + " added, " + std::to_string(result_.changed.size()) + " changed, " +
           std::to_string(result_.removed.size()) + " removed";
  };
  std::string new_tip = result_.parent;
  if (options_.dry_run) {
    if (unchanged) {
      note("the site is the same as the last publish (" + short_hash(result_.parent) + "): no new commit");
    } else {
      note("would commit to " + options_.branch + " (" + summary() + ")" +
           (result_.parent.empty() ? ", the branch's first commit" : ", on top of " + short_hash(result_.parent)));
      for (const auto* list : {&result_.added, &result_.changed, &result_.removed}) {
        const char* what = list == &result_.added ? "add" : list == &result_.changed ? "change" : "remove";
        constexpr std::size_t kShown = 20;  // per kind: enough to check, short enough to read
        for (std::size_t i = 0; i < list->size() && i < kShown; ++i) note(std::string("  ") + what + " " + (*list)[i]);
        if (list->size() > kShown) {
          note("  … and " + std::to_string(list->size() - kShown) + " more to " + what);
        }
      }
      note("with the message: " + result_.message.substr(0, result_.message.find('\n')));
      new_tip = "NEW";
    }
  } else if (!unchanged) {
    if (!write_objects(tree, plan, parent.objects)) return;
    std::unordered_set<std::string_view> distinct;
    for (const auto& [path, id] : blobs) distinct.insert(id);
    for (const GitTree& t : plan.trees) distinct.insert(t.id);
    std::size_t written = result_.new_blobs + result_.new_trees;
    note("wrote " + std::to_string(written) + " of the site's " + std::to_string(distinct.size()) + " git objects (" +
         std::to_string(result_.new_blobs) + " file" + (result_.new_blobs == 1 ? "" : "s") + ", " +
         std::to_string(result_.new_trees) + " folder" + (result_.new_trees == 1 ? "" : "s") +
         "); git already had the others");
    std::vector<std::string> args{"commit-tree", plan.root()};
    if (!result_.parent.empty()) {
      args.push_back("-p");
      args.push_back(result_.parent);
    }
    args.push_back("-F");
    args.push_back("-");
    std::optional<std::string> commit =
        git_ok(std::move(args), "cannot create the commit",
               "if git asks who you are: git config --global user.name \"Your Name\" and "
               "git config --global user.email you@example.org",
               result_.message);
    if (!commit) return;
    result_.commit = *commit;
    new_tip = *commit;
    note("committed " + short_hash(new_tip) + " to " + options_.branch + " (" + summary() + ")");
  } else {
    note("the site is the same as the last publish (" + short_hash(result_.parent) + "): no new commit");
  }
  if (!options_.dry_run && new_tip != result_.local_tip) {
    // Checked against the value read before: a concurrent change makes this fail.
    if (!git_ok({"update-ref", "-m", "reel publish", branch_ref_, new_tip, result_.local_tip},
                "cannot move the local branch " + options_.branch, "run reel publish again")) {
      return;
    }
  }
  if (new_tip != result_.remote_tip) {
    if (!push(new_tip)) return;
    if (!options_.dry_run) note("pushed " + options_.branch + " to " + options_.remote + " (" + remote_url_ + ")");
  } else {
    note(options_.remote + "/" + options_.branch + " is already up to date: nothing to push");
  }

  // Where the site will really be served, when reel can tell: links are built for the
  // base URL, so a different address breaks them (the classic /REPO/ mistake).
  std::optional<std::string> pages = github_pages_url(remote_url_, cname);
  std::string served_by = "GitHub Pages serves " + remote_url_ + " at ";
  if (!pages && !cname.empty()) {
    pages = "https://" + lower(cname) + "/";
    served_by = "the custom domain (CNAME) serves it at ";
  }
  if (pages) {
    std::string plain_base = config_.base_url.substr(config_.base_url.find("://") + 3);
    std::string plain_pages = pages->substr(pages->find("://") + 3);
    if (lower(plain_base) != lower(plain_pages)) {
      warn("site.yaml's base_url is " + config_.base_url + ", but " + served_by + *pages +
               "; links and assets would break there",
           "set `base_url: " + *pages + "` in site.yaml" +
               (cname.empty() ? " (or set publish.cname for a custom domain)" : ""));
    }
  }
  result_.ok = true;
}

}  // namespace

PublishResult publish_site(const OutputSet& files, const Config& config, const PublishOptions& options,
                           CommandRunner& git) {
  PublishResult result;
  Publisher(config, options, git, result).run(files);
  return result;
}

}  // namespace reel
