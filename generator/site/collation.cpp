#include "site/collation.h"

#include <algorithm>
#include <memory>

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "base/diagnostics.h"

namespace reel {

void sort_by_keys(std::vector<std::size_t>& items, const std::vector<Value>& keys, std::string_view locale, bool reverse) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> collator(
      icu::Collator::createInstance(icu::Locale::forLanguageTag(std::string(locale).c_str(), status), status));
  if (U_FAILURE(status) || !collator) throw Error(SourcePos{}, "ICU has no collator for the locale `" + std::string(locale) + "`");
  // Sort keys once per item: comparing them is a byte comparison.
  std::vector<std::string> text_keys(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i].is_string()) continue;
    const std::string& s = keys[i].as_string();
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    int32_t n = collator->getSortKey(u, nullptr, 0);
    text_keys[i].resize(static_cast<std::size_t>(n));
    collator->getSortKey(u, reinterpret_cast<uint8_t*>(text_keys[i].data()), n);
  }
  auto rank = [&](std::size_t i) { return keys[i].is_number() ? 0 : keys[i].is_string() ? 1 : 2; };
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    int ra = rank(a), rb = rank(b);
    if (ra != rb) return ra < rb;
    if (ra == 2) return false;
    bool less = ra == 0 ? keys[a].as_double() < keys[b].as_double() : text_keys[a] < text_keys[b];
    bool greater = ra == 0 ? keys[b].as_double() < keys[a].as_double() : text_keys[b] < text_keys[a];
    return reverse ? greater : less;
  });
  std::vector<std::size_t> sorted(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = items[order[i]];
  items = std::move(sorted);
}

}  // namespace reel
