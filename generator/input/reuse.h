// reuse: the seam through which the input stages take what an earlier build made of a
// file that has not changed, instead of parsing it again (build/products.h keeps those
// products across builds, in the output folder). A product is found by the file's path
// and its fingerprint: a hash of every byte it was made from (FactsFile::fingerprint,
// ProseFile::fingerprint); the store itself answers only for the configuration and the
// reel it was made with.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "input/facts.h"
#include "input/prose.h"

namespace reel {

class InputProducts {
 public:
  virtual ~InputProducts() = default;
  /// What an earlier build made of the facts file at `path` (site-relative) from inputs
  /// with `fingerprint`: its `data`, `translated` and `gaps.unsourced`; the loader fills
  /// in the rest (id, collection, schema, by_lang, missing translations) as it does for
  /// a file it parses. nullopt when nothing is kept for that path and fingerprint, or
  /// when what is kept is damaged. Thread-safe; throws nothing.
  virtual std::optional<FactsFile> find_facts(std::string_view path, std::uint64_t fingerprint) const = 0;
  /// What an earlier build made of the prose file at `path` from bytes with
  /// `fingerprint`: every field of the ProseFile but `path`, `lang` and `id`, which the
  /// loader sets. nullopt as for find_facts. Thread-safe; throws nothing.
  virtual std::optional<ProseFile> find_prose(std::string_view path, std::uint64_t fingerprint) const = 0;
};

}  // namespace reel
