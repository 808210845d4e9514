// cache: processed images in memory and on disk, by key.
#include "images/cache.h"

#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <vector>

#include "base/digest.h"

namespace reel::images {
namespace {

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(bytes).str();
}

/// Writes `bytes` to a temporary beside `path`, then renames it over `path`, so a reader
/// never sees half an entry. Failures are ignored: the entry is made again next time.
void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return;
  thread_local std::mt19937_64 random{std::random_device{}()};
  auto temp = path;
  temp += ".tmp-" + std::to_string(random());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      out.close();
      std::filesystem::remove(temp, ec);
      return;
    }
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) std::filesystem::remove(temp, ec);
}

}  // namespace

std::string cache_key(std::initializer_list<std::string_view> parts) {
  // Each part after its length and a colon ("5:hello").
  std::vector<std::string> lengths;
  lengths.reserve(parts.size());
  std::vector<std::string_view> pieces;
  pieces.reserve(parts.size() * 2);
  for (std::string_view part : parts) {
    pieces.push_back(lengths.emplace_back(std::to_string(part.size()) + ":"));
    pieces.push_back(part);
  }
  return digest_hex(DigestAlgorithm::sha256, pieces).substr(0, 32);
}

ImageCache::ImageCache(std::filesystem::path dir, bool writable) : dir_(std::move(dir)), writable_(writable) {
  // A cache folder that is a symbolic link (or anything but a folder) could lead reel
  // to write outside the output folder: such a cache is not used.
  std::error_code ec;
  auto status = std::filesystem::symlink_status(dir_, ec);
  if (!dir_.empty() && !ec && status.type() != std::filesystem::file_type::not_found &&
      status.type() != std::filesystem::file_type::directory) {
    dir_.clear();
  }
}

std::string ImageCache::get_or_make(const std::string& key, const std::function<std::string()>& make) {
  std::promise<std::string> promise;
  std::shared_future<std::string> pending;
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      pending = it->second;
    } else {
      entries_.emplace(key, promise.get_future().share());
    }
  }
  // Another page is making (or has made) this entry: wait for it.
  if (pending.valid()) return pending.get();
  try {
    std::optional<std::string> bytes;
    if (!dir_.empty()) bytes = read_file(dir_ / key);
    bool from_disk = bytes.has_value();
    if (!bytes) {
      bytes = make();
      if (!dir_.empty() && writable_) write_file(dir_ / key, *bytes);
    }
    {
      std::lock_guard lock(mutex_);
      (from_disk ? read_from_disk_ : made_) += 1;
    }
    promise.set_value(*bytes);
    return std::move(*bytes);
  } catch (...) {
    promise.set_exception(std::current_exception());
    std::lock_guard lock(mutex_);
    entries_.erase(key);
    throw;
  }
}

std::size_t ImageCache::made() const {
  std::lock_guard lock(mutex_);
  return made_;
}

std::size_t ImageCache::read_from_disk() const {
  std::lock_guard lock(mutex_);
  return read_from_disk_;
}

}  // namespace reel::images
