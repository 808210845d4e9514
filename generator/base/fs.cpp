#include "base/fs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/diagnostics.h"

namespace reel {

namespace {

/// A file's modification time in ns since the Unix epoch (DiskFileSystem::mtime).
std::int64_t stamp_of(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

namespace stdfs = std::filesystem;

std::string join_path(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  std::string out(a);
  if (out.back() != '/') out += '/';
  out += b;
  return out;
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty()) return true;
  if (path.front() == '/' || path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(start, end - start);
    if (seg == "." || seg == "..") return false;
    start = end + 1;
  }
  return true;
}

namespace {

void check_path(std::string_view path) {
  if (!is_safe_relative_path(path)) {
    throw Error(SourcePos{std::string(path)}, "refusing a path outside the site folder",
                "paths must be relative and must not contain `..`");
  }
}

bool hidden(const stdfs::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

std::optional<SharedBytes> FileSystem::read_shared(std::string_view path) const {
  std::optional<std::string> bytes = read(path);
  if (!bytes) return std::nullopt;
  auto copy = std::make_shared<const std::string>(std::move(*bytes));
  return SharedBytes{*copy, copy};
}

FileKind FileSystem::kind(std::string_view path) const {
  if (is_file(path)) return FileKind::file;
  if (is_dir(path)) return FileKind::dir;
  return FileKind::none;
}

namespace {

[[noreturn]] void read_only(std::string_view path) {
  throw Error(SourcePos{std::string(path)}, "this file system is read-only");
}

}  // namespace

void FileSystem::create_file_parts(std::string_view path, const std::vector<std::string_view>& parts) {
  std::size_t size = 0;
  for (std::string_view p : parts) size += p.size();
  std::string joined;
  joined.reserve(size);
  for (std::string_view p : parts) joined += p;
  create_file(path, joined);
}

void FileSystem::create_file(std::string_view path, std::string_view) { read_only(path); }
void FileSystem::rename_file(std::string_view from, std::string_view) { read_only(from); }
bool FileSystem::remove_file(std::string_view path) { read_only(path); }
void FileSystem::make_dir(std::string_view path) { read_only(path); }
bool FileSystem::remove_dir(std::string_view path) { read_only(path); }
void FileSystem::sync() {}

std::optional<std::string> FileSystem::read_stamped(std::string_view path, std::int64_t& stamp) const {
  stamp = mtime(path);
  return read(path);
}

DiskFileSystem::DiskFileSystem(std::string root) : root_(std::move(root)) {
  if (root_.empty()) root_ = ".";
}

std::string DiskFileSystem::full(std::string_view path) const {
  check_path(path);
  return path.empty() ? root_ : join_path(root_, path);
}

std::optional<std::string> DiskFileSystem::read(std::string_view path) const {
  std::int64_t stamp = 0;
  return read_stamped(path, stamp);
}

std::optional<std::string> DiskFileSystem::read_stamped(std::string_view path, std::int64_t& stamp) const {
  stamp = 0;
  std::string p = full(path);
  // One open, one fstat, the reads: what is opened is what is checked. O_NONBLOCK: a
  // FIFO is refused (it is no regular file) without waiting for a writer; it changes
  // nothing for a regular file.
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> bytes;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    stamp = stamp_of(st);
    bytes.emplace();
    bytes->resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;  // the size fstat gave, or less if the file shrank meanwhile
    while (done < bytes->size()) {
      ssize_t n = ::read(fd, bytes->data() + done, bytes->size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    bytes->resize(done);
  }
  ::close(fd);
  return bytes;
}

bool DiskFileSystem::is_file(std::string_view path) const {
  std::error_code ec;
  return stdfs::is_regular_file(full(path), ec);
}

bool DiskFileSystem::is_dir(std::string_view path) const {
  std::error_code ec;
  return stdfs::is_directory(full(path), ec);
}

std::vector<std::string> DiskFileSystem::list_files(std::string_view dir) const {
  std::vector<std::string> out;
  std::string base = full(dir);
  std::error_code ec;
  if (!stdfs::is_directory(base, ec)) return out;
  stdfs::recursive_directory_iterator it(base, stdfs::directory_options::skip_permission_denied, ec);
  for (; it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (hidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    if (it->is_symlink(ec)) {
      // A link is named by where it leads (a link out of the site then names a path
      // outside it, which check_path refuses when the file is read).
      out.push_back(join_path(dir, stdfs::relative(it->path(), base, ec).generic_string()));
      continue;
    }
    // The iterator's paths are `base` + "/" + the path below it: cut the prefix rather
    // than call stdfs::relative, which resolves both paths with a readlink per segment
    // (most of the time of a build that finds nothing changed).
    std::string_view rel = it->path().native();
    rel.remove_prefix(std::min(rel.size(), base.size() + 1));
    out.push_back(join_path(dir, rel));
  }
  std::sort(out.begin(), out.end());
  return out;
}

void DiskFileSystem::write(std::string_view path, std::string_view bytes) {
  stdfs::path target = full(path);
  std::error_code ec;
  stdfs::create_directories(target.parent_path(), ec);
  if (ec) throw Error(SourcePos{target.string()}, "cannot create folder: " + ec.message());
  // Unique temporary name beside the target, so the rename stays on one file system.
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  stdfs::path tmp = target;
  tmp += ".reel-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rng() % 1000000000);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      stdfs::remove(tmp, ec);
      throw Error(SourcePos{target.string()}, "cannot write file");
    }
  }
  stdfs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    stdfs::remove(tmp, ignored);
    throw Error(SourcePos{target.string()}, "cannot write file: " + ec.message());
  }
}

void DiskFileSystem::remove(std::string_view path, std::string_view stop_at) {
  stdfs::path target = full(path);
  std::error_code ec;
  stdfs::remove(target, ec);
  if (ec) throw Error(SourcePos{target.string()}, "cannot remove file: " + ec.message());
  std::string rel(path);
  while (true) {
    std::size_t slash = rel.rfind('/');
    if (slash == std::string::npos) break;
    rel.resize(slash);
    if (rel == stop_at || rel.size() <= stop_at.size()) break;
    stdfs::path dir = full(rel);
    if (!stdfs::is_directory(dir, ec) || !stdfs::is_empty(dir, ec)) break;
    stdfs::remove(dir, ec);
  }
}

std::int64_t DiskFileSystem::mtime(std::string_view path) const {
  struct stat st {};
  if (::stat(full(path).c_str(), &st) != 0) return 0;
  return stamp_of(st);
}

// ---- BeneathFileSystem ---------------------------------------------------------------

namespace {

/// Owns one file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

/// 1: openat2 works, 0: not tried yet, -1: the kernel (or a seccomp filter) lacks it.
std::atomic<int> g_openat2{0};

/// Opens the folder `rel` beneath `root_fd` without following any symbolic link.
int open_dir_beneath(int root_fd, const std::string& rel) {
  constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  if (rel.empty()) return ::fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
  if (g_openat2.load(std::memory_order_relaxed) >= 0) {
    open_how how{};
    how.flags = kFlags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long fd = ::syscall(SYS_openat2, root_fd, rel.c_str(), &how, sizeof how);
    if (fd >= 0) {
      g_openat2.store(1, std::memory_order_relaxed);
      return static_cast<int>(fd);
    }
    if (errno != ENOSYS && errno != EPERM && errno != E2BIG && errno != EINVAL) return -1;
    g_openat2.store(-1, std::memory_order_relaxed);
  }
  // Fallback: one component at a time, each opened with O_NOFOLLOW | O_DIRECTORY.
  Fd dir(::fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
  std::size_t start = 0;
  while (dir.get() >= 0 && start < rel.size()) {
    std::size_t slash = rel.find('/', start);
    if (slash == std::string::npos) slash = rel.size();
    std::string seg = rel.substr(start, slash - start);
    start = slash + 1;
    if (seg.empty()) continue;
    dir = Fd(::openat(dir.get(), seg.c_str(), kFlags));
  }
  return dir.release();
}

FileKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::file;
  if (S_ISDIR(mode)) return FileKind::dir;
  if (S_ISLNK(mode)) return FileKind::symlink;
  return FileKind::other;
}

std::string hint_for(int err) {
  if (err == ELOOP || err == ENOTDIR) {
    return "a symbolic link or a file is in the way; reel never follows links inside the output folder";
  }
  if (err == ENOSPC || err == EDQUOT) return "free some space on that disk, then build again";
  if (err == EACCES || err == EPERM || err == EROFS) return "check that you may write to the output folder";
  return {};
}

}  // namespace

BeneathFileSystem::BeneathFileSystem(std::string root, bool create, std::string display_root)
    : root_(root.empty() ? "." : std::move(root)), display_(std::move(display_root)) {
  if (display_.empty()) display_ = root_;
  if (create) {
    std::error_code ec;
    stdfs::create_directories(root_, ec);
    if (ec) throw Error(SourcePos{display_}, "cannot create the folder: " + ec.message(), hint_for(ec.value()));
  }
  root_fd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd_ < 0) {
    int err = errno;
    throw Error(SourcePos{display_}, std::string("cannot open the folder: ") + std::strerror(err), hint_for(err));
  }
}

BeneathFileSystem::~BeneathFileSystem() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

std::string BeneathFileSystem::display(std::string_view path) const {
  return path.empty() ? display_ : join_path(display_, path);
}

void BeneathFileSystem::fail(std::string_view what, std::string_view path, int err) const {
  throw Error(SourcePos{display(path)}, "cannot " + std::string(what) + ": " + std::strerror(err), hint_for(err));
}

int BeneathFileSystem::open_parent(std::string_view path, std::string& name) const {
  check_path(path);
  std::string p(path);
  while (!p.empty() && p.back() == '/') p.pop_back();
  std::size_t slash = p.rfind('/');
  name = slash == std::string::npos ? p : p.substr(slash + 1);
  return open_dir_beneath(root_fd_, slash == std::string::npos ? std::string() : p.substr(0, slash));
}

FileKind BeneathFileSystem::kind(std::string_view path) const {
  std::string name;
  Fd dir(open_parent(path, name));
  if (dir.get() < 0) return FileKind::none;
  if (name.empty()) return FileKind::dir;
  struct stat st {};
  if (::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return FileKind::none;
  return kind_of(st.st_mode);
}

int BeneathFileSystem::open_file(std::string_view path, std::size_t& size) const {
  std::string name;
  Fd dir(open_parent(path, name));
  if (dir.get() < 0 || name.empty()) return -1;
  Fd f(::openat(dir.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (f.get() < 0) return -1;
  struct stat st {};
  if (::fstat(f.get(), &st) != 0 || !S_ISREG(st.st_mode)) return -1;
  size = static_cast<std::size_t>(st.st_size);
  return f.release();
}

std::optional<std::string> BeneathFileSystem::read(std::string_view path) const {
  std::size_t size = 0;
  Fd f(open_file(path, size));
  if (f.get() < 0) return std::nullopt;
  std::string bytes;
  bytes.resize(size);
  std::size_t got = 0;
  while (true) {
    if (got == bytes.size()) bytes.resize(bytes.size() + 4096);
    ssize_t n = ::read(f.get(), bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

std::optional<SharedBytes> BeneathFileSystem::read_shared(std::string_view path) const {
  std::size_t size = 0;
  Fd f(open_file(path, size));
  if (f.get() < 0) return std::nullopt;
  if (size == 0) return SharedBytes{};
  void* at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, f.get(), 0);
  if (at == MAP_FAILED) return FileSystem::read_shared(path);  // cannot map: a copy of its bytes
  std::shared_ptr<const void> mapping(at, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  return SharedBytes{std::string_view(static_cast<const char*>(at), size), std::move(mapping)};
}

bool BeneathFileSystem::is_file(std::string_view path) const { return kind(path) == FileKind::file; }

bool BeneathFileSystem::is_dir(std::string_view path) const { return kind(path) == FileKind::dir; }

std::vector<std::string> BeneathFileSystem::list_files(std::string_view dir) const {
  std::vector<std::string> out;
  check_path(dir);
  // Depth first over open folders; links are listed as neither files nor folders.
  std::vector<std::pair<Fd, std::string>> todo;
  todo.emplace_back(Fd(open_dir_beneath(root_fd_, std::string(dir))), std::string(dir));
  while (!todo.empty()) {
    auto [fd, rel] = std::move(todo.back());
    todo.pop_back();
    if (fd.get() < 0) continue;
    DIR* d = ::fdopendir(fd.get());
    if (!d) continue;
    fd.release();
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name.empty() || name[0] == '.') continue;
      struct stat st {};
      if (::fstatat(::dirfd(d), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      if (S_ISREG(st.st_mode)) {
        out.push_back(join_path(rel, name));
      } else if (S_ISDIR(st.st_mode)) {
        todo.emplace_back(Fd(::openat(::dirfd(d), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)),
                          join_path(rel, name));
      }
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void BeneathFileSystem::create_file(std::string_view path, std::string_view bytes) { create_file_parts(path, {bytes}); }

void BeneathFileSystem::create_file_parts(std::string_view path, const std::vector<std::string_view>& parts) {
  std::string name;
  Fd dir(open_parent(path, name));
  if (dir.get() < 0) fail("create the file", path, errno);
  Fd f(::openat(dir.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
  if (f.get() < 0) fail("create the file", path, errno);
  int err = 0;
  for (std::string_view bytes : parts) {
    std::size_t done = 0;
    while (err == 0 && done < bytes.size()) {
      ssize_t n = ::write(f.get(), bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        err = errno;
        break;
      }
      done += static_cast<std::size_t>(n);
    }
  }
  if (::close(f.release()) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlinkat(dir.get(), name.c_str(), 0);
    fail("write the file", path, err);
  }
}

void BeneathFileSystem::rename_file(std::string_view from, std::string_view to) {
  std::string from_name, to_name;
  Fd from_dir(open_parent(from, from_name));
  if (from_dir.get() < 0) fail("rename the file", from, errno);
  Fd to_dir(open_parent(to, to_name));
  if (to_dir.get() < 0) fail("write the file", to, errno);
  if (::renameat(from_dir.get(), from_name.c_str(), to_dir.get(), to_name.c_str()) != 0) {
    fail("write the file", to, errno);
  }
}

bool BeneathFileSystem::remove_file(std::string_view path) {
  std::string name;
  Fd dir(open_parent(path, name));
  if (dir.get() < 0) {
    if (errno == ENOENT) return false;
    fail("remove the file", path, errno);
  }
  if (::unlinkat(dir.get(), name.c_str(), 0) != 0) {
    if (errno == ENOENT) return false;
    fail("remove the file", path, errno);
  }
  return true;
}

void BeneathFileSystem::make_dir(std::string_view path) {
  std::string name;
  Fd dir(open_parent(path, name));
  if (dir.get() < 0) fail("create the folder", path, errno);
  if (name.empty()) return;
  if (::mkdirat(dir.get(), name.c_str(), 0777) == 0) return;
  int err = errno;
  struct stat st {};
  if (err == EEXIST && ::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) return;
  fail("create the folder", path, err);
}

bool BeneathFileSystem::remove_dir(std::string_view path) {
  std::string name;
  Fd dir(open_parent(path, name));
  if (dir.get() < 0 || name.empty()) return false;
  if (::unlinkat(dir.get(), name.c_str(), AT_REMOVEDIR) == 0) return true;
  int err = errno;
  if (err == ENOENT || err == ENOTEMPTY || err == EEXIST || err == ENOTDIR || err == EBUSY) return false;
  fail("remove the folder", path, err);
}

void BeneathFileSystem::sync() {
  if (::syncfs(root_fd_) != 0) fail("flush the output folder to the disk", "", errno);
}

void BeneathFileSystem::write(std::string_view path, std::string_view bytes) {
  check_path(path);
  std::string p(path);
  for (std::size_t slash = p.find('/'); slash != std::string::npos; slash = p.find('/', slash + 1)) {
    make_dir(p.substr(0, slash));
  }
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::size_t cut = p.rfind('/');
  std::string tmp = join_path(cut == std::string::npos ? std::string() : p.substr(0, cut),
                              ".reel-tmp-w" + std::to_string(::getpid()) + "-" + std::to_string(rng() % 1000000000));
  create_file(tmp, bytes);
  try {
    rename_file(tmp, path);
  } catch (...) {
    remove_file(tmp);
    throw;
  }
}

void BeneathFileSystem::remove(std::string_view path, std::string_view stop_at) {
  remove_file(path);
  std::string rel(path);
  while (true) {
    std::size_t slash = rel.rfind('/');
    if (slash == std::string::npos) break;
    rel.resize(slash);
    if (rel == stop_at || rel.size() <= stop_at.size()) break;
    if (!remove_dir(rel)) break;
  }
}

std::int64_t BeneathFileSystem::mtime(std::string_view path) const {
  std::string name;
  Fd dir(open_parent(path, name));
  if (dir.get() < 0) return 0;
  struct stat st {};
  if (::fstatat(dir.get(), name.empty() ? "." : name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
  return stamp_of(st);
}

// ---- MemoryFileSystem ------------------------------------------------------------------

namespace {

[[noreturn]] void memory_fail(std::string_view what, std::string_view path, int err) {
  throw Error(SourcePos{std::string(path)}, "cannot " + std::string(what) + ": " + std::strerror(err));
}

}  // namespace

std::optional<std::string> MemoryFileSystem::read(std::string_view path) const {
  check_path(path);
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

bool MemoryFileSystem::is_file(std::string_view path) const { return files_.find(path) != files_.end(); }

bool MemoryFileSystem::is_dir(std::string_view path) const {
  if (path.empty()) return true;
  std::string prefix = std::string(path) + '/';
  auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> MemoryFileSystem::list_files(std::string_view dir) const {
  std::vector<std::string> out;
  std::string prefix = dir.empty() ? std::string() : std::string(dir) + '/';
  for (auto it = files_.lower_bound(prefix); it != files_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    std::string_view rel = std::string_view(it->first).substr(prefix.size());
    bool hidden_part = rel.front() == '.' || rel.find("/.") != std::string_view::npos;
    if (!hidden_part) out.push_back(it->first);
  }
  return out;
}

void MemoryFileSystem::write(std::string_view path, std::string_view bytes) {
  check_path(path);
  files_[std::string(path)] = std::string(bytes);
  stamps_[std::string(path)] = ++clock_;
}

void MemoryFileSystem::remove(std::string_view path, std::string_view) {
  auto it = files_.find(path);
  if (it != files_.end()) files_.erase(it);
}

namespace {

/// True when a proper parent folder of `path` is a file in `files`.
bool parent_is_file(const std::map<std::string, std::string, std::less<>>& files, std::string_view path) {
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
    if (files.find(path.substr(0, slash)) != files.end()) return true;
  }
  return false;
}

}  // namespace

FileKind MemoryFileSystem::kind(std::string_view path) const {
  check_path(path);
  if (parent_is_file(files_, path)) return FileKind::none;
  if (is_file(path)) return FileKind::file;
  if (is_dir(path)) return FileKind::dir;
  return FileKind::none;
}

void MemoryFileSystem::create_file(std::string_view path, std::string_view bytes) {
  check_path(path);
  if (parent_is_file(files_, path)) memory_fail("create the file", path, ENOTDIR);
  if (is_file(path) || is_dir(path)) memory_fail("create the file", path, EEXIST);
  write(path, bytes);
}

void MemoryFileSystem::rename_file(std::string_view from, std::string_view to) {
  check_path(from);
  check_path(to);
  auto it = files_.find(from);
  if (it == files_.end()) memory_fail("rename the file", from, ENOENT);
  if (parent_is_file(files_, to)) memory_fail("write the file", to, ENOTDIR);
  if (is_dir(to)) memory_fail("write the file", to, EISDIR);
  std::string bytes = std::move(it->second);
  files_.erase(it);
  write(to, bytes);
}

bool MemoryFileSystem::remove_file(std::string_view path) {
  check_path(path);
  auto it = files_.find(path);
  if (it == files_.end()) return false;
  files_.erase(it);
  return true;
}

void MemoryFileSystem::make_dir(std::string_view path) {
  check_path(path);
  if (parent_is_file(files_, path)) memory_fail("create the folder", path, ENOTDIR);
  if (is_file(path)) memory_fail("create the folder", path, EEXIST);
}

bool MemoryFileSystem::remove_dir(std::string_view) { return false; }

std::int64_t MemoryFileSystem::mtime(std::string_view path) const {
  if (files_.find(path) == files_.end()) return 0;  // absent, or removed since it was stamped
  auto it = stamps_.find(path);
  return it != stamps_.end() ? it->second : 1;
}

}  // namespace reel
