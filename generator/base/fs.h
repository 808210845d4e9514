// fs: the FileSystem seam. Every stage reads and writes through it, so the whole
// pipeline runs on disk for users and in memory for tests. The disk implementation is
// the only user of std::filesystem in reel.
//
// Paths are '/'-separated and relative to the file system's root ("content/en/index.md");
// "" is the root itself. A path with a ".." segment or a leading '/' is refused.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reel {

/// What a path is, looked at without following a symbolic link (lstat(2)).
enum class FileKind {
  none,     ///< nothing there, or a parent is not a plain folder (a link, a file)
  file,     ///< a regular file
  dir,      ///< a folder
  symlink,  ///< a symbolic link, never followed
  other,    ///< a device, FIFO or socket
};

/// A file's bytes, read-only, valid while `owner` lives (FileSystem::read_shared).
struct SharedBytes {
  std::string_view bytes;
  std::shared_ptr<const void> owner;  ///< a mapping of the file, or a copy of its bytes
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// The file's bytes, or nullopt when it does not exist or is not a regular file.
  virtual std::optional<std::string> read(std::string_view path) const = 0;
  /// read() for a large file of which a caller may use only some pages: the default
  /// copies read()'s bytes; BeneathFileSystem maps the file into memory (mmap(2),
  /// MAP_PRIVATE, read-only), so that only the pages touched are read, and none is
  /// copied. A mapping shows the file as it was when opened as long as it is replaced by
  /// rename, as reel replaces every file it writes; a file truncated in place while
  /// mapped makes the next read of a page past its end stop the process (SIGBUS), as git's
  /// mapped pack files do. nullopt as read().
  virtual std::optional<SharedBytes> read_shared(std::string_view path) const;
  virtual bool is_file(std::string_view path) const = 0;
  virtual bool is_dir(std::string_view path) const = 0;
  /// Every regular file below `dir`, recursively, as paths relative to the root,
  /// sorted bytewise. Empty when `dir` does not exist. Hidden entries (".name") are
  /// skipped.
  virtual std::vector<std::string> list_files(std::string_view dir) const = 0;
  /// Writes `bytes` to `path` atomically (a temporary file, then a rename), creating
  /// parent folders. Throws reel::Error when the OS refuses.
  virtual void write(std::string_view path, std::string_view bytes) = 0;
  /// Removes a file; removes parent folders that become empty, up to (not including)
  /// `stop_at`. Missing files are ignored. Throws reel::Error when the OS refuses.
  virtual void remove(std::string_view path, std::string_view stop_at = {}) = 0;
  /// A stamp that changes whenever the file changes (on disk: its modification time in
  /// ns since the Unix epoch, stat(2) st_mtim); 0 if absent.
  virtual std::int64_t mtime(std::string_view path) const = 0;
  /// read(), and in `stamp` the file's mtime() from before its bytes were read (so that
  /// a change made while reading shows in the next stamp): what the build cache records
  /// of each file it reads. The default calls mtime(), then read(); DiskFileSystem takes
  /// both from one open file (fstat(2)), sparing a lookup of the path.
  virtual std::optional<std::string> read_stamped(std::string_view path, std::int64_t& stamp) const;

  // The primitives write_output builds its journalled commit from. None of them follows
  // a symbolic link or creates a missing parent folder. The defaults, for read-only
  // views, answer from is_file/is_dir and throw reel::Error for every change.

  /// What `path` is, without following symbolic links (lstat(2)); FileKind::none when
  /// a parent of `path` is not a plain folder.
  virtual FileKind kind(std::string_view path) const;
  /// Creates `path`, which must not exist, with `bytes` (open(2) O_CREAT|O_EXCL|
  /// O_NOFOLLOW, write(2)); sync() makes it durable. Throws reel::Error naming the path
  /// and the system's reason (EEXIST, ENOSPC, ENOTDIR, ELOOP, …); a partly written file
  /// is removed before throwing.
  virtual void create_file(std::string_view path, std::string_view bytes);
  /// create_file() of the bytes of `parts`, one after the other, so that a caller holding
  /// a file in pieces need not join them. The default joins them and calls create_file();
  /// BeneathFileSystem writes each piece as it is. Throws as create_file() does.
  virtual void create_file_parts(std::string_view path, const std::vector<std::string_view>& parts);
  /// Renames `from` to `to`, replacing a file at `to` atomically (rename(2)). Throws
  /// reel::Error with the system's reason.
  virtual void rename_file(std::string_view from, std::string_view to);
  /// Removes the file or symbolic link `path` (unlink(2), never following the link).
  /// Returns false when it was already absent; throws reel::Error for other failures.
  virtual bool remove_file(std::string_view path);
  /// Creates the folder `path` (mkdir(2)); an existing folder is fine. Its parent must
  /// exist. Throws reel::Error with the system's reason (EEXIST for a file, ENOSPC, …).
  virtual void make_dir(std::string_view path);
  /// Removes the folder `path` if it is empty (rmdir(2)). Returns true when removed;
  /// false when absent, not empty or not a folder.
  virtual bool remove_dir(std::string_view path);
  /// Makes every change so far beneath the root durable, file contents and folder
  /// entries alike (syncfs(2) on disk: one call, where an fsync(2) per file costs one
  /// journal commit each). Throws reel::Error with the system's reason (EIO, …).
  virtual void sync();
};

/// Joins two relative paths with one '/' ("a" + "b/c" = "a/b/c"; "" + "x" = "x").
std::string join_path(std::string_view a, std::string_view b);
/// True when `path` is relative and has no "." or ".." segment.
bool is_safe_relative_path(std::string_view path);

/// The real file system under `root` (an absolute or working-directory-relative path).
class DiskFileSystem : public FileSystem {
 public:
  explicit DiskFileSystem(std::string root);
  const std::string& root() const { return root_; }
  std::optional<std::string> read(std::string_view path) const override;
  std::optional<std::string> read_stamped(std::string_view path, std::int64_t& stamp) const override;
  bool is_file(std::string_view path) const override;
  bool is_dir(std::string_view path) const override;
  std::vector<std::string> list_files(std::string_view dir) const override;
  void write(std::string_view path, std::string_view bytes) override;
  void remove(std::string_view path, std::string_view stop_at = {}) override;
  std::int64_t mtime(std::string_view path) const override;

 private:
  std::string full(std::string_view path) const;
  std::string root_;
};

/// The real file system under `root`, never leaving it: every path is resolved one
/// component at a time from an open folder with openat(2) O_NOFOLLOW|O_DIRECTORY (or
/// openat2(2) RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS where the kernel has it), so a
/// symbolic link anywhere beneath the root is never followed: reading through it finds
/// nothing and changing through it is refused (ELOOP, ENOTDIR). The root itself is
/// opened once, following links, when the object is made. Files are created with
/// O_CREAT|O_EXCL|O_NOFOLLOW, renamed with renameat(2), removed with unlinkat(2).
/// Errors name the path as `display_root/path` and give strerror(errno).
class BeneathFileSystem : public FileSystem {
 public:
  /// Opens `root` (open(2) O_DIRECTORY), creating it first (and its parents) when
  /// `create` is true. `display_root` is how messages name the root (e.g. "_site", as
  /// the user gave it); empty means `root`. Throws reel::Error naming the root and the
  /// system's reason when it cannot be created or opened.
  BeneathFileSystem(std::string root, bool create, std::string display_root = {});
  ~BeneathFileSystem() override;
  BeneathFileSystem(const BeneathFileSystem&) = delete;
  BeneathFileSystem& operator=(const BeneathFileSystem&) = delete;
  /// The root as messages name it.
  const std::string& display_root() const { return display_; }
  /// `path` as messages name it: display_root()/path.
  std::string display(std::string_view path) const;

  std::optional<std::string> read(std::string_view path) const override;
  std::optional<SharedBytes> read_shared(std::string_view path) const override;
  bool is_file(std::string_view path) const override;
  bool is_dir(std::string_view path) const override;
  std::vector<std::string> list_files(std::string_view dir) const override;
  /// create_file to a temporary beside `path` (`.reel-tmp-…`), then rename_file; parent
  /// folders are created. Throws reel::Error with the path and strerror(errno).
  void write(std::string_view path, std::string_view bytes) override;

  void remove(std::string_view path, std::string_view stop_at = {}) override;
  std::int64_t mtime(std::string_view path) const override;
  FileKind kind(std::string_view path) const override;
  void create_file(std::string_view path, std::string_view bytes) override;
  void create_file_parts(std::string_view path, const std::vector<std::string_view>& parts) override;
  void rename_file(std::string_view from, std::string_view to) override;
  bool remove_file(std::string_view path) override;
  void make_dir(std::string_view path) override;
  bool remove_dir(std::string_view path) override;
  void sync() override;

 private:
  /// An open descriptor of the folder holding `path`'s last component, and that
  /// component; -1 (errno set) when a parent is missing or not a plain folder.
  int open_parent(std::string_view path, std::string& name) const;
  /// An open descriptor (O_RDONLY, never through a link) of the regular file at `path`,
  /// owned by the caller, with its size in bytes; -1 when it is missing or no regular file.
  int open_file(std::string_view path, std::size_t& size) const;

  [[noreturn]] void fail(std::string_view what, std::string_view path, int err) const;
  std::string root_;
  std::string display_;
  int root_fd_ = -1;
};

/// An in-memory file system for tests and for `serve`'s output.
class MemoryFileSystem : public FileSystem {
 public:
  MemoryFileSystem() = default;
  /// Starts with these files: {{"site.yaml", "title: …"}, …}.
  MemoryFileSystem(std::initializer_list<std::pair<const std::string, std::string>> files) : files_(files) {}
  std::optional<std::string> read(std::string_view path) const override;
  bool is_file(std::string_view path) const override;
  bool is_dir(std::string_view path) const override;
  std::vector<std::string> list_files(std::string_view dir) const override;
  void write(std::string_view path, std::string_view bytes) override;
  void remove(std::string_view path, std::string_view stop_at = {}) override;
  std::int64_t mtime(std::string_view path) const override;
  FileKind kind(std::string_view path) const override;
  void create_file(std::string_view path, std::string_view bytes) override;
  void rename_file(std::string_view from, std::string_view to) override;
  bool remove_file(std::string_view path) override;
  void make_dir(std::string_view path) override;
  bool remove_dir(std::string_view path) override;
  void sync() override {}
  const std::map<std::string, std::string, std::less<>>& files() const { return files_; }

 private:
  std::map<std::string, std::string, std::less<>> files_;
  std::map<std::string, std::int64_t, std::less<>> stamps_;
  std::int64_t clock_ = 0;
};

}  // namespace reel
