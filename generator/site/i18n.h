// i18n: Locale, one per site language: its UI strings and locale-aware formatting of
// dates, numbers and money through ICU. Always passed in, never global.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/value.h"

namespace reel {

/// Formatting for one language. ICU's formatters are built once, when the Locale is;
/// formatting is thread-safe (date formatters, which ICU does not make thread-safe,
/// are used under a lock).
class Locale {
 public:
  /// `code` is the site's language code ("en", "it"); `tag` a BCP 47 locale ("en-GB",
  /// "it-IT"; ICU's root locale if ICU cannot parse it); `strings` the language's UI
  /// strings map, kept for templates: no formatting function below reads it.
  Locale(std::string code, std::string tag, Value strings);
  ~Locale();
  Locale(Locale&&) noexcept;
  Locale& operator=(Locale&&) noexcept;

  const std::string& code() const { return code_; }
  const std::string& tag() const { return tag_; }
  /// "en_GB" for Open Graph's og:locale (language_TERRITORY).
  std::string og_locale() const;
  const Value& strings() const { return strings_; }

  /// An ISO 8601 date ("2010-09-15", "2010-09" or "2010") in the locale's long form:
  /// "15 September 2010" (en-GB), "15 settembre 2010" (it-IT), "September 2010",
  /// "2010". Throws reel::Error when `iso` is not such a date.
  std::string format_date(std::string_view iso) const;

  /// A number with the locale's grouping and decimal marks: 9,918,093 (en) and
  /// 9.918.093 (it); doubles keep up to `max_fraction_digits` decimals.
  std::string format_number(double value, int max_fraction_digits = 2) const;

  /// An amount of money in `currency` (ISO 4217, e.g. "USD", "GBP"), in whole units:
  /// "US$15,000,000" (en-GB), "15.000.000 USD" (it-IT), as ICU's CLDR data says.
  /// Throws reel::Error for a currency code that ICU does not know (ucurr_isAvailable).
  std::string format_money(double amount, std::string_view currency) const;

  /// Money in words, from ICU's CLDR data alone: `amount` (in whole units of
  /// `currency`, an ISO 4217 code) rounded to CLDR's long compact form, then the
  /// currency's full, plural-aware name: "15 million US dollars", "750 US dollars"
  /// (en-GB); "15 milioni di dollari statunitensi", "1 milione di dollari statunitensi",
  /// "750 dollari statunitensi" (it-IT); "15 millions de dollars des États-Unis",
  /// "2 milliards d’euros" (fr-FR); "15 Millionen US-Dollar" (de-DE).
  /// The text is ICU's NumberFormatter with Notation::compactLong(), unit(CurrencyUnit)
  /// and UNUM_UNIT_WIDTH_FULL_NAME (the ICU number skeleton
  /// "compact-long currency/USD unit-width-full-name"; ICU User Guide, "Number
  /// Skeletons"). ICU puts the name straight after the number, which is wrong in
  /// Italian and French, where a compact million or milliard is a noun that takes a
  /// preposition before what it counts ("15 milioni di dollari"): for those languages
  /// the preposition goes before the currency name whenever CLDR's plural rules put
  /// the compact number in category `many` (the rule and its grammar sources are in
  /// i18n.cpp). Never reads a UI string.
  /// Throws reel::Error (with a hint) for a currency code that ICU does not know, by
  /// ucurr_isAvailable.
  std::string format_money_words(double amount, std::string_view currency) const;

  /// A number in CLDR's long compact form: "9.9 million", "9,9 milioni".
  std::string format_compact(double value) const;

  /// A duration in minutes with the unit's full, plural-aware name: "103 minutes",
  /// "1 minuto" (ICU MeasureUnit minute, width full name).
  std::string format_minutes(double minutes) const;

  /// A percentage given in percent (71 → "71%", -45 → "-45%"), with the locale's
  /// spacing and sign rules.
  std::string format_percent(double percent) const;

  /// An ordinal number in digits: 54 → "54th" (en), "54º" (it), from ICU's rule-based
  /// ordinal rules (URBNF_ORDINAL).
  std::string format_ordinal(std::int64_t n) const;

  /// An ICU MessageFormat pattern (plural, selectordinal, select, number arguments by
  /// name: "{wins, plural, one {# win} other {# wins}}") with named arguments. See the
  /// ICU User Guide, "Formatting Messages". Throws reel::Error on a malformed pattern.
  std::string format_message(std::string_view pattern, const std::vector<std::pair<std::string, Value>>& args) const;

 private:
  struct Formatters;
  std::string code_;
  std::string tag_;
  Value strings_;
  std::unique_ptr<Formatters> formatters_;
};

}  // namespace reel
