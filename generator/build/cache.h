// cache: what a successful `reel build` saw of its inputs and what it wrote, kept in
// the output folder (`.reel-cache`) so that the next build can tell, in milliseconds,
// that nothing it would read has changed, and then render and write nothing.
//
// A build reads its site only through a FileSystem; RecordingFileSystem wraps that one
// and notes every answer it gives (a file's bytes, a folder's listing, whether a path
// is a file), as ninja's deps log notes what each command read. A later build asks the
// same questions again (cache_is_current): when every answer is the same, the build
// would produce the same bytes, because reel's output depends on nothing else but the
// options and reel itself (no clock, no environment), and those are in the cache's key.
//
// Files are compared by their modification stamp first and by a hash of their bytes
// when the stamp moved; a stamp within two seconds of the build's start is "racy" (the
// file may have changed again within the same tick, as git's index knows) and is
// always re-hashed. A cache of another reel version or other options, a damaged one
// (its checksum does not match) or one that does not parse is ignored, never trusted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/text.h"  // hash_bytes

namespace reel {

struct BuildOptions;
struct BuildResult;

/// The cache's file name, inside the output folder (one of reel's own `.reel-` names,
/// which write_output never lets a page use).
inline constexpr const char* kCacheName = ".reel-cache";

/// One answer a build got from its site's FileSystem.
struct Observation {
  enum class Kind : std::uint8_t { kRead, kIsFile, kIsDir, kList, kKind, kMtime };
  Kind kind = Kind::kRead;
  std::string path;
  /// kRead: hash_bytes of the bytes, or kAbsent when read() found nothing; kList: the
  /// hash of the listing; kIsFile/kIsDir: 0 or 1; kKind: the FileKind; kMtime: the stamp.
  std::uint64_t value = 0;
  /// kRead only: the file's modification stamp (FileSystem::mtime), taken before it was
  /// read, so that a change during the build shows as a moved stamp next time.
  std::int64_t mtime = 0;
  static constexpr std::uint64_t kAbsent = ~std::uint64_t{0};
  bool operator==(const Observation&) const = default;
};


/// A FileSystem that answers from `base` and records every answer (thread-safe: the
/// loaders read in parallel). Writing through it is refused (reel::Error).
class RecordingFileSystem : public FileSystem {
 public:
  explicit RecordingFileSystem(const FileSystem& base) : base_(base) {}
  std::optional<std::string> read(std::string_view path) const override;
  bool is_file(std::string_view path) const override;
  bool is_dir(std::string_view path) const override;
  std::vector<std::string> list_files(std::string_view dir) const override;
  void write(std::string_view path, std::string_view bytes) override;
  void remove(std::string_view path, std::string_view stop_at = {}) override;
  std::int64_t mtime(std::string_view path) const override;
  FileKind kind(std::string_view path) const override;

  /// Every answer so far, sorted by kind and path, each question once.
  std::vector<Observation> observations() const;
  /// False when one question got two different answers during the build (a file
  /// edited while it was being read twice): such a build must not be cached.
  bool consistent() const;

 private:
  void note(Observation o) const;
  const FileSystem& base_;
  mutable std::mutex mutex_;
  mutable std::map<std::pair<Observation::Kind, std::string>, Observation> seen_;
  mutable bool consistent_ = true;
};

/// What the cache keeps of one successful build.
struct BuildCache {
  std::string key;                 ///< cache_key(): reel, ICU, hash probe and options
  std::int64_t started_ns = 0;     ///< wall clock (ns since the epoch) when the build began
  std::vector<Observation> inputs;  ///< RecordingFileSystem::observations()
  /// One file of the output as the build left it.
  struct OutputRecord {
    std::string path;       ///< relative to the output folder
    std::int64_t mtime = 0;  ///< its modification stamp after the write
    std::uint64_t hash = 0;  ///< hash_bytes of its bytes (0 for the manifest, which is always rewritten)
    bool operator==(const OutputRecord&) const = default;
  };
  /// Every file of the output, the manifest last.
  std::vector<OutputRecord> outputs;
  std::vector<Diagnostic> diagnostics;  ///< the build's warnings, replayed as they were
  std::vector<Diagnostic> gaps;         ///< check_site's warnings, replayed
  std::size_t pages = 0;
  std::vector<std::pair<std::string, std::size_t>> pages_by_lang;  ///< in site language order
  /// BuildResult::outline: what the pages showed of each other; 0 when a later build may
  /// not render only the pages its change reaches (see Resume in build/build.h).
  std::uint64_t outline = 0;
  /// BuildResult::images: each page's image() files, by its output path.
  std::map<std::string, std::vector<std::string>, std::less<>> images;
};

/// The key of a build with these options: reel's version, ICU's version, a probe of
/// hash_bytes, and every option that changes the output (base URL, origin, link check).
std::string cache_key(const BuildOptions& options);

/// The cache as bytes: a text header `reel-cache <format> <checksum>` and a CBOR body
/// (nlohmann/json's binary format). Does not throw.
std::string format_cache(const BuildCache& cache);
/// Parses format_cache's bytes; nullopt when the header, the checksum or any field is
/// not what format_cache writes. Does not throw.
std::optional<BuildCache> parse_cache(std::string_view bytes);

/// True when every observation of `cache` gets the same answer from `source` now (see
/// the top of this file); checked on every core, stopping at the first difference.
bool inputs_unchanged(const FileSystem& source, const BuildCache& cache);
/// The observations of `cache` that get another answer from `source` now, in the
/// cache's order (all of them, checked on every core, unlike inputs_unchanged).
std::vector<Observation> changed_inputs(const FileSystem& source, const BuildCache& cache);
/// True when every output file of `cache` is in `out` with its recorded stamp, and
/// no write was left unfinished there (no journal).
bool outputs_unchanged(const FileSystem& out, const BuildCache& cache);

/// The cache for `result` (a successful build whose output `out` now holds), read
/// through `recorder`, begun at `started_ns`; nullopt when the recording is not
/// consistent. Stamps every output file in `out` (FileSystem::mtime). The files the
/// build kept from the last output (`result.kept`) take their hashes from `previous`,
/// that build's cache.
std::optional<BuildCache> make_cache(const RecordingFileSystem& recorder, const BuildResult& result,
                                     const BuildOptions& options, std::int64_t started_ns, const FileSystem& out,
                                     const BuildCache* previous = nullptr);

/// For write_output: a test that an output file still holds what the cached build wrote
/// (`bytes`), answered without reading it: true when `cache` recorded the path with a
/// hash equal to hash_bytes(`bytes`) and its stamp in `out` is still the recorded one.
/// A rebuild after an edit then reads none of the pages it left as they were. The
/// returned function refers to `cache` and `out`, which must outlive it; it is thread-safe.
std::function<bool(std::string_view path, std::string_view bytes)> known_outputs(const BuildCache& cache,
                                                                                 const FileSystem& out);

/// Wall clock now, in ns since the epoch (the cache's `started_ns`).
std::int64_t wall_clock_ns();

}  // namespace reel
