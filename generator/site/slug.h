// slug: URL segments made from names, in ASCII, through ICU's transliterators
// ("città" → "citta", "Ёлки" → "elki"), as Hugo's and Zola's taxonomies make them.
#pragma once

#include <string>
#include <string_view>

namespace reel {

/// `text` transliterated to Latin, stripped of accents, lowercased
/// (ICU's "Any-Latin; Latin-ASCII; Lower", see the ICU User Guide, "General
/// Transforms"), with every run of characters other than a–z and 0–9 made one '-',
/// and no '-' at either end. "Science fiction" → "science-fiction", "Fantascienza" →
/// "fantascienza", "Città" → "citta". "" when nothing is left. Thread-safe.
std::string ascii_slug(std::string_view text);

}  // namespace reel
