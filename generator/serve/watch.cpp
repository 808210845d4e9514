#include "serve/watch.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "base/diagnostics.h"

#if defined(__linux__)
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>
#endif

namespace reel {

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool is_editor_temp_file(std::string_view name) {
  auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.substr(name.size() - s.size()) == s; };
  if (name.empty()) return false;
  if (name.front() == '.' || name.back() == '~') return true;
  if (name.size() > 1 && name.front() == '#' && name.back() == '#') return true;
  if (name == "4913") return true;
  return ends(".swp") || ends(".swo") || ends(".swx") || ends(".swpx") || ends("___jb_tmp___") || ends("___jb_old___");
}

namespace {

bool hidden(std::string_view name) { return !name.empty() && name.front() == '.'; }

std::string join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : dir + "/" + std::string(name);
}

std::vector<FileChange> sorted_unique(std::set<FileChange> changes) { return {changes.begin(), changes.end()}; }

// ---- polling ---------------------------------------------------------------------

class PollingWatcher : public Watcher {
 public:
  PollingWatcher(std::string root, std::vector<std::string> entries, WatchOptions options)
      : root_(std::move(root)), entries_(std::move(entries)), options_(options), state_(scan()) {}

  std::vector<FileChange> wait(std::chrono::milliseconds timeout) override {
    auto deadline = Clock::now() + timeout;
    std::set<FileChange> changes;
    Clock::time_point first{};
    while (true) {
      std::set<FileChange> found = diff();
      if (!found.empty()) {
        if (changes.empty()) first = Clock::now();
        changes.insert(found.begin(), found.end());
      } else if (!changes.empty()) {
        return sorted_unique(std::move(changes));  // a quiet scan ends the burst
      }
      if (!changes.empty() && Clock::now() - first >= options_.max_delay) return sorted_unique(std::move(changes));
      if (changes.empty() && Clock::now() >= deadline) return {};
      auto step = changes.empty() ? options_.poll_interval : options_.quiet;
      std::unique_lock<std::mutex> lock(mutex_);
      if (stop_cv_.wait_for(lock, step, [&] { return stopped_; })) return {};
    }
  }

  void stop() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    stop_cv_.notify_all();
  }

  std::string_view kind() const override { return "polling"; }

 private:
  struct Stamp {
    stdfs::file_time_type mtime;
    std::uintmax_t size = 0;
    bool operator==(const Stamp&) const = default;
  };

  std::map<std::string, Stamp> scan() const {
    std::map<std::string, Stamp> out;
    std::error_code ec;
    for (const std::string& entry : entries_) {
      stdfs::path p = stdfs::path(root_) / entry;
      if (stdfs::is_regular_file(p, ec)) {
        out[entry] = Stamp{stdfs::last_write_time(p, ec), stdfs::file_size(p, ec)};
        continue;
      }
      if (!stdfs::is_directory(p, ec)) continue;
      stdfs::recursive_directory_iterator it(p, stdfs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (hidden(name)) {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (!it->is_regular_file(ec) || is_editor_temp_file(name)) continue;
        std::string rel = stdfs::relative(it->path(), root_, ec).generic_string();
        out[rel] = Stamp{it->last_write_time(ec), it->file_size(ec)};
      }
    }
    return out;
  }

  std::set<FileChange> diff() {
    std::map<std::string, Stamp> now = scan();
    std::set<FileChange> out;
    for (const auto& [path, stamp] : now) {
      auto it = state_.find(path);
      if (it == state_.end() || !(it->second == stamp)) out.insert(FileChange{path, false});
    }
    for (const auto& [path, stamp] : state_) {
      if (!now.count(path)) out.insert(FileChange{path, false});
    }
    state_ = std::move(now);
    return out;
  }

  std::string root_;
  std::vector<std::string> entries_;
  WatchOptions options_;
  std::map<std::string, Stamp> state_;
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopped_ = false;
};

// ---- inotify ---------------------------------------------------------------------

#if defined(__linux__)

class InotifyWatcher : public Watcher {
 public:
  static std::unique_ptr<InotifyWatcher> open(std::string root, std::vector<std::string> entries, WatchOptions options) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return nullptr;
    int stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (stop_fd < 0) {
      ::close(fd);
      return nullptr;
    }
    auto w = std::unique_ptr<InotifyWatcher>(new InotifyWatcher(fd, stop_fd, std::move(root), std::move(entries), options));
    if (!w->watch_root()) return nullptr;
    for (const std::string& e : w->entries_) w->watch_tree(e);
    return w;
  }

  ~InotifyWatcher() override {
    ::close(fd_);
    ::close(stop_fd_);
  }

  std::vector<FileChange> wait(std::chrono::milliseconds timeout) override {
    std::set<FileChange> changes;
    if (stopped_) return {};
    if (!poll_for(timeout)) return {};
    auto first = Clock::now();
    read_events(changes);
    // Drain the burst: more events within `quiet` extend it, up to max_delay.
    while (!stopped_) {
      auto left = options_.max_delay - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - first);
      if (left <= std::chrono::milliseconds(0)) break;
      if (!poll_for(std::min(left, options_.quiet))) break;
      read_events(changes);
    }
    if (stopped_) return {};
    return sorted_unique(std::move(changes));
  }

  void stop() override {
    stopped_ = true;
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(stop_fd_, &one, sizeof one);
  }

  std::string_view kind() const override { return "inotify"; }

 private:
  static constexpr std::uint32_t kMask =
      IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;

  InotifyWatcher(int fd, int stop_fd, std::string root, std::vector<std::string> entries, WatchOptions options)
      : fd_(fd), stop_fd_(stop_fd), root_(std::move(root)), entries_(std::move(entries)), options_(options) {}

  bool watch_root() {
    int wd = inotify_add_watch(fd_, root_.c_str(), IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR);
    if (wd < 0) return false;
    dirs_[wd] = "";
    return true;
  }

  /// Watches the folder `rel` and every folder below it (not hidden ones).
  void watch_tree(const std::string& rel) {
    std::error_code ec;
    stdfs::path p = stdfs::path(root_) / rel;
    if (!stdfs::is_directory(p, ec) || stdfs::is_symlink(p, ec)) return;
    add_watch(rel);
    stdfs::recursive_directory_iterator it(p, stdfs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
      if (hidden(it->path().filename().string())) {
        it.disable_recursion_pending();
        continue;
      }
      add_watch(stdfs::relative(it->path(), root_, ec).generic_string());
    }
  }

  void add_watch(const std::string& rel) {
    int wd = inotify_add_watch(fd_, (stdfs::path(root_) / rel).c_str(), kMask | IN_ONLYDIR);
    if (wd >= 0) dirs_[wd] = rel;
  }

  /// Stops watching the folder `rel` and those below it (moved away: their paths are stale).
  void forget_tree(const std::string& rel) {
    for (auto it = dirs_.begin(); it != dirs_.end();) {
      if (it->second == rel || it->second.compare(0, rel.size() + 1, rel + "/") == 0) {
        inotify_rm_watch(fd_, it->first);
        it = dirs_.erase(it);
      } else {
        ++it;
      }
    }
  }

  /// Waits until the inotify descriptor is readable (true), or timeout/stop (false).
  bool poll_for(std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(timeout.count()));
    if (n <= 0 || stopped_) return false;
    return (fds[0].revents & POLLIN) != 0;
  }

  bool watched_entry(std::string_view name) const {
    return std::find(entries_.begin(), entries_.end(), name) != entries_.end();
  }

  void read_events(std::set<FileChange>& changes) {
    alignas(inotify_event) char buf[16384];
    while (true) {
      ssize_t len = ::read(fd_, buf, sizeof buf);
      if (len <= 0) return;
      for (char* p = buf; p < buf + len;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        p += sizeof(inotify_event) + ev->len;
        handle(*ev, changes);
      }
    }
  }

  void handle(const inotify_event& ev, std::set<FileChange>& changes) {
    if (ev.mask & IN_Q_OVERFLOW) {
      changes.insert(FileChange{"", true});  // events were lost: everything may have changed
      return;
    }
    auto it = dirs_.find(ev.wd);
    if (it == dirs_.end()) return;
    if (ev.mask & IN_IGNORED) {
      dirs_.erase(it);
      return;
    }
    if (ev.mask & (IN_DELETE_SELF | IN_MOVE_SELF)) return;  // the parent reports it
    if (ev.len == 0) return;
    std::string name(ev.name);
    const std::string dir = it->second;
    if (dir.empty() && !watched_entry(name)) return;
    bool is_dir = (ev.mask & IN_ISDIR) != 0;
    if (is_dir) {
      if (hidden(name)) return;
      std::string rel = join(dir, name);
      if (ev.mask & (IN_CREATE | IN_MOVED_TO)) watch_tree(rel);
      if (ev.mask & IN_MOVED_FROM) forget_tree(rel);
      changes.insert(FileChange{rel, true});
      return;
    }
    if (is_editor_temp_file(name)) return;
    changes.insert(FileChange{join(dir, name), false});
  }

  int fd_;
  int stop_fd_;
  std::string root_;
  std::vector<std::string> entries_;
  WatchOptions options_;
  std::unordered_map<int, std::string> dirs_;  ///< watch descriptor → folder, relative to root_
  std::atomic<bool> stopped_{false};
};

#endif

}  // namespace

std::unique_ptr<Watcher> Watcher::create(const std::string& root, std::vector<std::string> entries, const WatchOptions& options) {
  std::error_code ec;
  if (!stdfs::is_directory(root, ec)) throw Error(SourcePos{root}, "cannot watch: not a folder");
#if defined(__linux__)
  if (!options.force_polling) {
    if (auto w = InotifyWatcher::open(root, entries, options)) return w;
  }
#endif
  return std::make_unique<PollingWatcher>(root, std::move(entries), options);
}

}  // namespace reel
