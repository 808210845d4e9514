// products: what the input stages made of each facts file and prose file, kept across
// builds in the output folder so that a rebuild parses only the files that changed, as
// ninja reuses the outputs of the steps whose inputs did not change:
//
//   facts file  → its Value tree as parsed, where its translated maps are, its unsourced facts
//   prose file  → every field of its ProseFile: front matter, rendered Markdown, shortcodes, links
//
// A product is found by its file's path and fingerprint (FactsFile::fingerprint,
// ProseFile::fingerprint: a hash of every byte it was made from), under a store key that
// holds the build's cache_key (reel, ICU, options) and site.yaml's bytes. A product is a
// pure function of these, so any record matching them can be used, however old. Files
// whose reading gave a diagnostic have fingerprint 0 and are never kept: reusing a
// product replays nothing.
//
// Files: `.reel-products.1` … `.reel-products.8` in the output folder (reel's own names,
// which no page may use), each written by one build, as a new file (a build stopped
// while writing one leaves it truncated, and a truncated record is never used):
//
//   reel-products <format> <key: 16 hex digits>\n
//   then one record after another, integers little-endian:
//     u32 n | u64 hash_bytes of the n bytes that follow | those n bytes:
//       u8 kind (1 facts, 2 prose) | u64 fingerprint | u32 path size | path | body
//   where the body is a CBOR array (RFC 8949, nlohmann/json's binary format); a prose
//   file's is u32 n | n bytes of CBOR | its rendered HTML as it is.
//
// A build that made new products adds one file holding them. When that would make a
// ninth file, when the files hold more bytes of products this build did not use than of
// ones it did, or when a file has another key, the build writes every product it used
// as `.reel-products.new`, renames it over `.reel-products.1` and removes the others. A record whose hash does not
// match, a truncated one and a file of another key or format are never used.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/fs.h"
#include "input/facts.h"
#include "input/prose.h"
#include "input/reuse.h"

namespace reel {

struct BuildOptions;

/// The products files' names, `.reel-products.<n>` for n from 1 to kProductsFiles.
inline constexpr const char* kProductsPrefix = ".reel-products.";
inline constexpr int kProductsFiles = 8;

/// The key of the products of a build with `options` of a site whose site.yaml holds
/// `site_yaml`: hash_combine of cache_key(options) and the configuration's bytes.
std::uint64_t products_key(const BuildOptions& options, std::string_view site_yaml);

/// The body of a facts file's record (CBOR bytes), appended to `out`; throws
/// std::invalid_argument when its data holds a value YAML never gives (undefined,
/// markup, a tuple, an object), having appended nothing.
void encode_facts(const FactsFile& file, std::string& out);
/// encode_facts into a string of its own.
std::string encode_facts(const FactsFile& file);
/// encode_facts' bytes back into a FactsFile with `data`, `translated` and `gaps.unsourced`
/// set (translated maps pointing into the new `data`); nullopt when the bytes are not
/// what encode_facts writes. Throws nothing.
std::optional<FactsFile> decode_facts(std::string_view body);
/// The body of a prose file's record, every field but path, lang, id and fingerprint,
/// appended to `out`. Throws std::invalid_argument as encode_facts does.
void encode_prose(const ProseFile& file, std::string& out);
/// encode_prose into a string of its own.
std::string encode_prose(const ProseFile& file);
/// encode_prose's bytes back; nullopt when they are not what it writes. Throws nothing.
/// With an `owner` that keeps `body`'s bytes alive (a products file's mapping), the HTML
/// is not copied: the file's stored_html points into `body`. Without one, it is copied
/// into prose.html.
std::optional<ProseFile> decode_prose(std::string_view body, std::shared_ptr<const void> owner = nullptr);

/// The products of earlier builds, read from an output folder, and the writer of this
/// build's. find_facts/find_prose may be called from any thread while a build runs.
class ProductStore final : public InputProducts {
 public:
  /// An empty store of products made under `key` (products_key).
  explicit ProductStore(std::uint64_t key) : key_(key) {}

  /// Reads the products files of `out` (the output folder, or nothing when it does not
  /// exist) and indexes the records of this store's key. A record's hash is checked the
  /// first time it is asked for, on the thread that asks. Throws nothing: what cannot
  /// be read is not used.
  void load(const FileSystem& out);

  std::optional<FactsFile> find_facts(std::string_view path, std::uint64_t fingerprint) const override;
  std::optional<ProseFile> find_prose(std::string_view path, std::uint64_t fingerprint) const override;

  /// Encodes, on every core, the products of `facts` and `prose` (this build's inputs)
  /// that no loaded record holds, and notes which loaded records they used; files with
  /// fingerprint 0 are left out. No I/O: it may run while the output is written. The
  /// sets may be freed afterwards.
  void prepare(const FactsSet& facts, const ProseSet& prose);
  /// Keeps what prepare() found in `out`, as the top of this file says: the new products
  /// are added as one file, or every product used is written afresh as one. Throws
  /// reel::Error when the file system refuses (the files already there stay usable).
  void save(FileSystem& out);

  /// Records indexed by load().
  std::size_t loaded() const { return records_.size(); }
  /// What the last save() did: records written anew, and whether it rewrote every file.
  std::size_t saved() const { return saved_; }
  bool compacted() const { return compacted_; }

 private:
  struct Record {
    std::uint8_t kind = 0;
    std::uint64_t fingerprint = 0;
    std::string_view path;
    std::string_view body;
    std::string_view raw;  ///< the whole record, size and hash included
    std::uint64_t hash = 0;  ///< as written, of everything after it
    std::size_t file = 0;    ///< index in files_
  };
  /// Whether record `i`'s bytes match its hash, checked once (thread-safe).
  bool intact(std::size_t i) const;
  /// Marks a record that checks out but does not decode as damaged: saved anew.
  void unusable(const Record& r) const;
  const Record* find(std::uint8_t kind, std::string_view path, std::uint64_t fingerprint) const;

  std::uint64_t key_;
  std::vector<SharedBytes> files_;  ///< the bytes of each products file read (mapped)
  std::size_t file_bytes_ = 0;      ///< their sizes summed (of this key)
  bool foreign_ = false;            ///< a products file of another key, format, or damaged
  std::vector<Record> records_;
  /// kind + path → indices in records_ (usually one).
  std::unordered_map<std::string, std::vector<std::size_t>> index_;
  /// Per record: 0 not checked yet, 1 intact, 2 damaged.
  std::unique_ptr<std::atomic<std::uint8_t>[]> checked_;
  std::vector<std::string_view> kept_;  ///< prepare(): loaded records the build used
  std::size_t kept_bytes_ = 0;
  std::vector<std::string> encoded_;    ///< prepare(): new records, whole
  std::size_t saved_ = 0;
  bool compacted_ = false;
};

}  // namespace reel
