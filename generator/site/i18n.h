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
  /// `tag` is a BCP 47 locale ("en-GB", "it-IT"); `strings` the UI strings map.
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
  /// Throws reel::Error for an unknown currency code.
  std::string format_money(double amount, std::string_view currency) const;

  /// Money in words, rounded to CLDR's long compact form: "US$15 million" (en-GB),
  /// "15 milioni di dollari" (it-IT). The shape comes from the UI string `money_words`
  /// with `{number}` (the compact number: "15 milioni"), `{symbol}` (ICU's currency
  /// symbol: "US$") and `{name}` (the currency's plural name: the UI string
  /// `currency_names.USD` if the language has one, else ICU's: "dollari statunitensi");
  /// without `money_words`, "{symbol}{number}".
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
