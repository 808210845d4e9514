// cache: processed images (resized variants, share cards) kept between builds, so that
// a rebuild reprocesses only what changed. Each entry is one file named by its key, a
// hash of everything that shapes the result (the source's bytes and every setting), so
// an entry is never stale: a changed source or setting is simply another key.
#pragma once

#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace reel::images {

/// The folder of the image cache inside an output folder: `<output>/.reel-images/`. It
/// is not part of the site: reel's manifest never lists it, so serve, publish and the
/// link checker never see it; removing it only costs the next build the processing.
inline constexpr const char* kCacheDirName = ".reel-images";

/// A cache key: the SHA-256 (base/digest.h) of `parts`, each length-prefixed so that no
/// two lists of parts give the same input, as 32 lowercase hex digits (128 bits). Pass
/// the source's bytes and every setting that changes the result (width, format, quality,
/// the processor's version). Throws what digest_hex() throws (libcrypto missing).
std::string cache_key(std::initializer_list<std::string_view> parts);

/// Processed images by key: in memory for this process, and on disk in `dir` across
/// builds. Thread-safe: several pages asking for the same key at once share one
/// processing (the others wait for it).
class ImageCache {
 public:
  /// `dir`: the cache folder (made on the first write), or empty for memory only. A
  /// `dir` that exists but is not a folder (a symbolic link, a file) is not used: the
  /// cache is then in memory only. Entries are written as soon as they are made, even
  /// by a build that fails later: they are named by their content, so they are never
  /// wrong, and the site itself is left as it was. Nothing is ever removed from `dir`;
  /// deleting the folder only costs the next build the processing.
  /// `writable` false (reel serve, which writes no files) reads `dir` but never writes it.
  explicit ImageCache(std::filesystem::path dir = {}, bool writable = true);

  /// The bytes stored under `key`: from memory, else from the disk cache, else made by
  /// `make()` and stored in both. Exceptions from `make` reach every caller waiting on
  /// that key, and nothing is stored. A disk cache that cannot be read or written is
  /// ignored (the bytes are made again); it never fails a build.
  std::string get_or_make(const std::string& key, const std::function<std::string()>& make);

  /// How many times get_or_make() called `make` (processing that the caches could not
  /// spare), and how many entries it read from the disk cache.
  std::size_t made() const;
  std::size_t read_from_disk() const;

 private:
  std::filesystem::path dir_;
  bool writable_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_future<std::string>, std::less<>> entries_;
  std::size_t made_ = 0;
  std::size_t read_from_disk_ = 0;
};

}  // namespace reel::images
