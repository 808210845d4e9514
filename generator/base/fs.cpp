#include "base/fs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "base/diagnostics.h"

namespace reel {

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

DiskFileSystem::DiskFileSystem(std::string root) : root_(std::move(root)) {
  if (root_.empty()) root_ = ".";
}

std::string DiskFileSystem::full(std::string_view path) const {
  check_path(path);
  return path.empty() ? root_ : join_path(root_, path);
}

std::optional<std::string> DiskFileSystem::read(std::string_view path) const {
  std::string p = full(path);
  std::error_code ec;
  if (!stdfs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes;
  in.seekg(0, std::ios::end);
  bytes.resize(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
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
    std::string rel = stdfs::relative(it->path(), base, ec).generic_string();
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
  std::error_code ec;
  auto t = stdfs::last_write_time(full(path), ec);
  if (ec) return 0;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

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

std::int64_t MemoryFileSystem::mtime(std::string_view path) const {
  auto it = stamps_.find(path);
  if (it != stamps_.end()) return it->second;
  return files_.find(path) != files_.end() ? 1 : 0;
}

}  // namespace reel
