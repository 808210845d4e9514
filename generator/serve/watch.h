// watch: telling `reel serve` which files of the site changed. On Linux through inotify
// (inotify(7): a watch per folder, added for new folders as they appear); elsewhere, or
// when inotify is unavailable or --poll is given, by scanning modification times.
// Either way a burst of events (an editor writes a temporary file, renames it, touches
// a backup) is coalesced into one list, and editors' temporary and backup files are left
// out.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace reel {

/// One changed path, as a watcher reports it: '/'-separated, relative to the site
/// folder ("content/en/about.md"). `is_dir` is true when a whole folder appeared, went
/// away or was renamed, and for "" (the watcher lost track: everything may have
/// changed).
struct FileChange {
  std::string path;
  bool is_dir = false;

  bool operator==(const FileChange&) const = default;
  auto operator<=>(const FileChange&) const = default;
};

struct WatchOptions {
  /// A burst ends after this long without a new event (ms).
  std::chrono::milliseconds quiet{12};
  /// A burst is reported at most this long after its first event, even if events go on (ms).
  std::chrono::milliseconds max_delay{150};
  /// How often the polling watcher scans the files (ms).
  std::chrono::milliseconds poll_interval{100};
  /// Scan instead of using inotify (network file systems, containers without inotify).
  bool force_polling = false;
};

/// True for the files editors write beside the one being saved, never site files:
/// hidden names (".#x" Emacs locks, ".x.swp" Vim swap files, ".goutputstream-…"),
/// backups ending in "~", "#x#" autosaves, Vim's "4913" probe, "x.swp"/"x.swo"/"x.swx",
/// JetBrains' "x___jb_tmp___" and "x___jb_old___". `name` is a file name, not a path.
bool is_editor_temp_file(std::string_view name);

class Watcher {
 public:
  /// A watcher on `entries` of the folder `root` ("site.yaml", "content", "templates",
  /// "static"; folders recursively; entries may appear later). inotify when available
  /// and not options.force_polling, else polling. Throws reel::Error when `root` cannot
  /// be read.
  static std::unique_ptr<Watcher> create(const std::string& root, std::vector<std::string> entries,
                                         const WatchOptions& options = {});
  virtual ~Watcher() = default;

  /// Waits up to `timeout` for a change, then for the burst to end (WatchOptions), and
  /// returns what changed: sorted, each path once. Empty on timeout or once stopped.
  virtual std::vector<FileChange> wait(std::chrono::milliseconds timeout) = 0;
  /// Makes a waiting wait() return at once, and every later one too. Thread-safe.
  virtual void stop() = 0;
  /// "inotify" or "polling".
  virtual std::string_view kind() const = 0;
};

}  // namespace reel
