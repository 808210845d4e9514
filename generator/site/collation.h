// collation: sorting lists of pages by a field, text in the order of the page's
// language (ICU's collator, CLDR root collation tailored per locale), numbers by value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/value.h"

namespace reel {

/// Sorts `items` (any indices) by `keys[i]` (one key per item, same order): numbers
/// before text, numbers by value, text by ICU's collator for `locale` (a BCP 47 tag:
/// "it-IT" sorts "Èra" with "era"), undefined or none last; ties keep their order
/// (stable). `reverse` reverses the order of the defined keys; missing ones stay last.
/// Throws reel::Error when ICU has no collator for the locale.
void sort_by_keys(std::vector<std::size_t>& items, const std::vector<Value>& keys, std::string_view locale, bool reverse);

}  // namespace reel
