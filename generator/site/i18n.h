// i18n: Locale, one per site language: its UI strings and locale-aware formatting of
// dates, numbers and money through ICU. Always passed in, never global.
#pragma once

#include <memory>
#include <string>
#include <string_view>

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
  std::string format_money(double amount, std::string_view currency) const;

 private:
  struct Formatters;
  std::string code_;
  std::string tag_;
  Value strings_;
  std::unique_ptr<Formatters> formatters_;
};

}  // namespace reel
