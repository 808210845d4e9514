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

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// The file's bytes, or nullopt when it does not exist or is not a regular file.
  virtual std::optional<std::string> read(std::string_view path) const = 0;
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
  /// A stamp that changes whenever the file changes (ns since epoch on disk); 0 if absent.
  virtual std::int64_t mtime(std::string_view path) const = 0;
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
  const std::map<std::string, std::string, std::less<>>& files() const { return files_; }

 private:
  std::map<std::string, std::string, std::less<>> files_;
  std::map<std::string, std::int64_t, std::less<>> stamps_;
  std::int64_t clock_ = 0;
};

}  // namespace reel
