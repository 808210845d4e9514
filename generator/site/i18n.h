// i18n: Locale, one per site language: its UI strings and locale-aware formatting of
// dates, numbers and money through ICU. Always passed in, never global.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/value.h"

namespace reel {

/// Formatting for one language. ICU's formatters are built once each, the first time
/// one is needed (a Locale costs little until it formats); formatting is thread-safe
/// (date formatters, which ICU does not make thread-safe, are used under a lock).
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
  /// "2010". The pattern is CLDR's best one for the skeleton "yMMMMd", "yMMMM" or "y"
  /// (ICU DateTimePatternGenerator; UTS #35 Part 4, "Dates", availableFormats).
  /// The first day of a month follows the language's own convention where CLDR's
  /// pattern, which writes every day as a cardinal, does not: Italian and French write
  /// the first of the month as an ordinal and the other days as cardinals, so
  /// "1º marzo 2009" but "2 marzo 2009" (it-IT), "1er mars 2009" (fr-FR), while
  /// English keeps "1 March 2009". The languages that do so, and the sources of the
  /// convention, are in the table kFirstOfMonth in i18n.cpp (Italian: Luca Serianni,
  /// "Grammatica italiana", UTET, chapter VI on numerals, as the Accademia della
  /// Crusca's language advice service cites it; French: "Lexique des règles
  /// typographiques en usage à l'Imprimerie nationale", entry on dates, and Grevisse
  /// and Goosse, "Le Bon Usage", on ordinal numerals); the ordinal's text is ICU's
  /// (format_ordinal with the table's gender). Throws reel::Error when `iso` is not
  /// such a date, or names a day that does not exist ("2010-02-30").
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

  /// The name of `currency` (an ISO 4217 code) in running text, from ICU's CLDR data
  /// (ucurr_getPluralName; CLDR's currency "displayName" with a `count`, UTS #35 Part 3,
  /// "Numbers", section "Currencies"): the plural form CLDR's cardinal plural rules
  /// choose for `count` ("US dollar" for 1, "US dollars" for 2 in en-GB; "dollaro
  /// statunitense", "dollari statunitensi" in it-IT), or, without a count, the form
  /// for an unspecified amount, CLDR's category `other` ("US dollars", "dollari
  /// statunitensi", "sterline britanniche", "euro"). Lower case as CLDR writes it, for
  /// use inside a sentence. Never reads a UI string. Throws reel::Error (with a hint)
  /// for a currency code that ICU does not know, by ucurr_isAvailable.
  std::string currency_name(std::string_view currency, std::optional<double> count = std::nullopt) const;

  /// A number in CLDR's long compact form: "9.9 million", "9,9 milioni".
  std::string format_compact(double value) const;

  /// A duration in minutes with the unit's full, plural-aware name: "103 minutes",
  /// "1 minuto" (ICU MeasureUnit minute, width full name).
  std::string format_minutes(double minutes) const;

  /// A percentage given in percent (71 → "71%", -45 → "-45%"), with the locale's
  /// spacing and sign rules.
  std::string format_percent(double percent) const;

  /// An ordinal number in digits, from ICU's rule-based number format with CLDR's
  /// ordinal rules (icu::RuleBasedNumberFormat, URBNF_ORDINAL; CLDR's "rbnf" data,
  /// UTS #35 Part 3, "Rule-Based Number Formatting"): 63 → "63rd" (en), "63º" (it),
  /// "63e" (fr), "63." (de).
  ///
  /// `gender` is the grammatical gender of the noun the ordinal goes with, one of
  /// grammatical_genders(); empty means the language's default rule set. Where the
  /// language's ordinal rules have a rule set for that gender (ICU names them
  /// "%digits-ordinal-<gender>", listed by RuleBasedNumberFormat::getRuleSetName), the
  /// ordinal agrees with it: 63 feminine → "63ª" (it), 1 feminine → "1re" (fr); where
  /// they have none (English, German: one form for every gender), the default rule set
  /// is used: 63 feminine → "63rd" (en). ordinal_genders() tells which genders a
  /// language distinguishes. Throws reel::Error when `gender` is not one of
  /// grammatical_genders(), with a hint that lists them and the ones this language
  /// distinguishes.
  std::string format_ordinal(std::int64_t n, std::string_view gender = {}) const;

  /// The grammatical genders an ordinal may be asked to agree with: CLDR's values of
  /// grammatical gender, "masculine", "feminine", "neuter", "common", "animate",
  /// "inanimate" and "personal" (UTS #35 Part 6, "Supplemental", section "Grammatical
  /// Features"), in that order.
  static const std::vector<std::string>& grammatical_genders();

  /// The genders whose ordinals this language writes differently, in
  /// grammatical_genders() order: {"masculine", "feminine"} for Italian, French and
  /// Spanish (and "neuter" for Russian), none for English and German. Read from the
  /// names of ICU's ordinal rule sets.
  std::vector<std::string> ordinal_genders() const;

  /// An ICU MessageFormat pattern (plural, selectordinal, select, number arguments by
  /// name: "{wins, plural, one {# win} other {# wins}}") with named arguments. See the
  /// ICU User Guide, "Formatting Messages". An `ordinal` argument is ICU's rule-based
  /// ordinal (format_ordinal): "{n, ordinal}" gives "37th" (en), "37º" (it); its style
  /// may name a grammatical gender, as the `ordinal` filter takes it,
  /// "{n, ordinal, feminine} edizione" → "37ª edizione", or one of the language's ICU
  /// ordinal rule sets, "{n, ordinal, %digits-ordinal-feminine}" (ICU's own syntax,
  /// which on its own would ignore an unknown rule set and one written after a space:
  /// reel checks the name and trims the space). Throws reel::Error on a malformed
  /// pattern, and on an ordinal style that is neither a gender of
  /// grammatical_genders() nor a rule set of the language (the hint lists both).
  std::string format_message(std::string_view pattern, const std::vector<std::pair<std::string, Value>>& args) const;

 private:
  struct Formatters;
  std::string code_;
  std::string tag_;
  Value strings_;
  std::unique_ptr<Formatters> formatters_;
};

}  // namespace reel
