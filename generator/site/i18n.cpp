#include "site/i18n.h"

#include <charconv>
#include <memory>
#include <map>
#include <mutex>

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/rbnf.h>
#include <unicode/ucurr.h>
#include <unicode/numberformatter.h>
#include <unicode/plurrule.h>
#include <unicode/uchar.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include "base/diagnostics.h"
#include "base/text.h"

namespace reel {

namespace {

icu::Locale icu_locale(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
  return U_FAILURE(status) ? icu::Locale::getRoot() : loc;
}

/// The ICU currency for an ISO 4217 code. ICU's CurrencyUnit takes any three ASCII
/// letters (upper-casing them), so the code is also checked against ICU's currency
/// data with ucurr_isAvailable, over all dates (a withdrawn currency such as DEM is
/// known). Throws reel::Error when ICU does not know the code.
icu::CurrencyUnit currency_unit(std::string_view currency) {
  UErrorCode status = U_ZERO_ERROR;
  icu::CurrencyUnit unit(icu::StringPiece(currency.data(), static_cast<int32_t>(currency.size())), status);
  UErrorCode available_status = U_ZERO_ERROR;
  bool known = U_SUCCESS(status) && currency.size() == 3 &&
               ucurr_isAvailable(unit.getISOCurrency(), U_DATE_MIN, U_DATE_MAX, &available_status) &&
               U_SUCCESS(available_status);
  if (!known) {
    throw Error(SourcePos{}, "unknown currency code `" + std::string(currency) + "`",
                "use an ISO 4217 code that ICU knows, such as USD, GBP or EUR");
  }
  return unit;
}

/// A language whose long compact numerals from a million up ("milione", "milioni",
/// "miliardo", "miliardi"; "million", "millions", "milliard", "milliards") are nouns,
/// which join the noun they count with a preposition, and that preposition.
///
/// Italian: "milione" and "miliardo" are nouns and take "di" before what they count
/// ("un milione di abitanti", "tre miliardi di euro"), while "mille"/"mila" are
/// adjectives and take nothing ("duemila euro"). Source: Luca Serianni, "Grammatica
/// italiana" (UTET), chapter on numerals (numerali cardinali); Treccani, "Enciclopedia
/// dell'Italiano" (2011), entry "numerali".
///
/// French: "million" and "milliard" are nouns and take "de", elided to "d’" before a
/// vowel ("deux millions d'habitants", "trois milliards d'euros"), while "mille" is an
/// adjective ("deux mille euros"). Source: Grevisse and Goosse, "Le Bon Usage"
/// (De Boeck), section on cardinal numerals; Dictionnaire de l'Académie française,
/// 9th edition, entries "million" and "milliard".
struct NumeralPreposition {
  std::string_view language;  // ISO 639 language of the locale, as icu::Locale::getLanguage()
  std::string_view before_consonant;  // with its trailing space
  std::string_view before_vowel;      // the elided form, or the same as before_consonant
};

constexpr NumeralPreposition kNumeralPrepositions[] = {
    {"it", "di ", "di "},
    {"fr", "de ", "d\u2019"},
};

const NumeralPreposition* numeral_preposition(const icu::Locale& locale) {
  std::string_view language = locale.getLanguage();
  for (const NumeralPreposition& p : kNumeralPrepositions) {
    if (p.language == language) return &p;
  }
  return nullptr;
}

/// Whether `c` is a vowel before which French elides "de": a, e, i, o, u, y with or
/// without accents, æ and œ, in either case. A mute h also elides, but whether an h is
/// mute is a fact of each word, so a name beginning with h keeps "de".
bool starts_with_vowel(UChar32 c) {
  static const icu::UnicodeString vowels(u"aàâäeéèêëiîïoôöuùûüyÿæœ");
  return vowels.indexOf(static_cast<UChar32>(u_tolower(c))) >= 0;
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

/// The ICU objects of one locale, made once: CLDR's best long patterns for a year, a
/// month and a day (skeletons "y", "yMMMM", "yMMMMd"), number formatters, and caches of
/// what was formatted (a page shows the same dates many times).
struct Locale::Formatters {
  icu::Locale locale;
  std::mutex date_mutex;
  std::unique_ptr<icu::SimpleDateFormat> dates[3];
  std::unique_ptr<icu::TimeZone> utc{icu::TimeZone::createTimeZone("UTC")};
  std::unique_ptr<icu::Calendar> calendar;  // turns (year, month, day) into a UDate, under date_mutex
  std::map<std::string, std::string, std::less<>> formatted_dates;  // ISO date → text, under date_mutex

  // Number formatters are immutable and thread-safe once built; ICU compiles each one on
  // its first uses, so they are made once here and reused for every value.
  icu::number::LocalizedNumberFormatter compact;
  icu::number::LocalizedNumberFormatter minutes;
  icu::number::LocalizedNumberFormatter percent;
  std::mutex cache_mutex;  // guards the caches below, filled on first use
  std::map<std::string, std::unique_ptr<icu::number::LocalizedNumberFormatter>, std::less<>> money;
  std::map<std::string, std::unique_ptr<icu::number::LocalizedNumberFormatter>, std::less<>> money_in_words;
  std::unique_ptr<icu::PluralRules> plurals;         // CLDR's cardinal plural rules; null if ICU has none
  const NumeralPreposition* preposition = nullptr;  // for money in words; null for most languages
  std::map<int, std::unique_ptr<icu::number::LocalizedNumberFormatter>> numbers;  // by max fraction digits
  std::map<std::string, std::unique_ptr<icu::MessageFormat>, std::less<>> messages;
  std::unique_ptr<icu::RuleBasedNumberFormat> ordinal;  // used under cache_mutex

  /// The cached formatter for `key`, made by `make` the first time.
  template <typename Map, typename Key, typename Make>
  auto& cached(Map& map, const Key& key, Make make) {
    auto it = map.find(key);
    if (it == map.end()) it = map.emplace(key, make()).first;
    return *it->second;
  }

  explicit Formatters(const std::string& tag)
      : locale(icu_locale(tag)),
        compact(icu::number::NumberFormatter::withLocale(locale).notation(icu::number::Notation::compactLong())),
        minutes(icu::number::NumberFormatter::withLocale(locale)
                    .unit(icu::MeasureUnit::getMinute())
                    .unitWidth(UNUM_UNIT_WIDTH_FULL_NAME)),
        percent(icu::number::NumberFormatter::withLocale(locale)
                    .unit(icu::NoUnit::percent())
                    .precision(icu::number::Precision::maxFraction(1))) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::DateTimePatternGenerator> gen(icu::DateTimePatternGenerator::createInstance(locale, status));
    const char* skeletons[3] = {"y", "yMMMM", "yMMMMd"};
    for (int i = 0; i < 3; ++i) {
      icu::UnicodeString pattern = gen->getBestPattern(icu::UnicodeString(skeletons[i]), status);
      dates[i] = std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
      dates[i]->setTimeZone(*utc);
    }
    calendar = std::make_unique<icu::GregorianCalendar>(*utc, locale, status);
    preposition = numeral_preposition(locale);
    UErrorCode plural_status = U_ZERO_ERROR;
    plurals.reset(icu::PluralRules::forLocale(locale, plural_status));
    if (U_FAILURE(plural_status)) plurals.reset();
  }
};

Locale::Locale(std::string code, std::string tag, Value strings)
    : code_(std::move(code)), tag_(std::move(tag)), strings_(std::move(strings)),
      formatters_(std::make_unique<Formatters>(tag_)) {}
Locale::~Locale() = default;
Locale::Locale(Locale&&) noexcept = default;
Locale& Locale::operator=(Locale&&) noexcept = default;

std::string Locale::og_locale() const {
  std::string out = tag_;
  for (char& c : out) {
    if (c == '-') c = '_';
  }
  return out;
}


std::string Locale::format_date(std::string_view iso) const {
  // A day that does not exist (2010-02-30) is an error, never rolled over by ICU.
  std::optional<IsoDate> date = parse_iso_date(iso);
  if (!date) {
    throw Error(SourcePos{}, "expected an ISO 8601 date that exists, such as 2010-09-15, got `" + std::string(iso) + "`");
  }
  int year = date->year, month = date->month, day = date->day, precision = date->precision;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out;
  std::lock_guard<std::mutex> lock(formatters_->date_mutex);
  auto known = formatters_->formatted_dates.find(iso);
  if (known != formatters_->formatted_dates.end()) return known->second;
  icu::Calendar& cal = *formatters_->calendar;
  cal.clear();
  cal.set(year, month ? month - 1 : 0, day ? day : 1);
  formatters_->dates[precision]->format(cal.getTime(status), out);
  if (U_FAILURE(status)) throw Error(SourcePos{}, "cannot format date `" + std::string(iso) + "`");
  return formatters_->formatted_dates.emplace(std::string(iso), utf8(out)).first->second;
}

std::string Locale::format_number(double value, int max_fraction_digits) const {
  UErrorCode status = U_ZERO_ERROR;
  std::lock_guard<std::mutex> lock(formatters_->cache_mutex);
  auto& fmt = formatters_->cached(formatters_->numbers, max_fraction_digits, [&] {
    return std::make_unique<icu::number::LocalizedNumberFormatter>(
        icu::number::NumberFormatter::withLocale(formatters_->locale)
            .precision(icu::number::Precision::maxFraction(max_fraction_digits)));
  });
  return utf8(fmt.formatDouble(value, status).toString(status));
}

std::string Locale::format_money(double amount, std::string_view currency) const {
  icu::CurrencyUnit unit = currency_unit(currency);
  UErrorCode status = U_ZERO_ERROR;
  std::lock_guard<std::mutex> lock(formatters_->cache_mutex);
  auto& fmt = formatters_->cached(formatters_->money, std::string(currency), [&] {
    return std::make_unique<icu::number::LocalizedNumberFormatter>(
        icu::number::NumberFormatter::withLocale(formatters_->locale).unit(unit).precision(icu::number::Precision::integer()));
  });
  return utf8(fmt.formatDouble(amount, status).toString(status));
}


std::string Locale::format_compact(double value) const {
  UErrorCode status = U_ZERO_ERROR;
  return utf8(formatters_->compact.formatDouble(value, status).toString(status));
}

// Money in words is ICU's long compact currency with the full name. Where the
// language's large numerals are nouns (kNumeralPrepositions), the preposition goes
// before the currency name (ICU's UNUM_CURRENCY_FIELD) exactly when CLDR's cardinal
// plural rules select `many` for the formatted number. In CLDR (supplemental
// plurals.xml; the "Language Plural Rules" chart) Italian and French `many` is
// "e = 0 and i != 0 and i % 1000000 = 0 and v = 0 or e != 0..5": a whole number of
// millions, or a compact number whose exponent e is 6 or more, that is every compact
// "milione", "miliardo", "million", "milliard" form and no "mila"/"mille" one. So
// "15 milioni di dollari statunitensi" but "15 mila dollari statunitensi" and
// "750 dollari statunitensi". ICU has already chosen the currency name's plural form
// for that category (CLDR has no `many` names for these languages, so `other`:
// "dollari", "dollars"). Known gap: French "1,5 millier" (1,100 to 1,999, category
// `one`) also takes "de" but is left as ICU gives it.
std::string Locale::format_money_words(double amount, std::string_view currency) const {
  icu::CurrencyUnit unit = currency_unit(currency);
  UErrorCode status = U_ZERO_ERROR;
  std::lock_guard<std::mutex> lock(formatters_->cache_mutex);
  auto& fmt = formatters_->cached(formatters_->money_in_words, std::string(currency), [&] {
    return std::make_unique<icu::number::LocalizedNumberFormatter>(
        icu::number::NumberFormatter::withLocale(formatters_->locale)
            .notation(icu::number::Notation::compactLong())
            .unit(unit)
            .unitWidth(UNUM_UNIT_WIDTH_FULL_NAME));
  });
  icu::number::FormattedNumber formatted = fmt.formatDouble(amount, status);
  icu::UnicodeString text = formatted.toString(status);
  if (U_FAILURE(status)) {
    throw Error(SourcePos{}, "cannot format " + std::to_string(amount) + " " + std::string(currency) + " in words");
  }
  const NumeralPreposition* preposition = formatters_->preposition;
  if (preposition && formatters_->plurals && formatters_->plurals->select(formatted, status) == icu::UnicodeString(u"many")) {
    icu::ConstrainedFieldPosition name;
    name.constrainField(UFIELD_CATEGORY_NUMBER, UNUM_CURRENCY_FIELD);
    if (formatted.nextPosition(name, status) && U_SUCCESS(status) && name.getLimit() > name.getStart()) {
      std::string_view word = starts_with_vowel(text.char32At(name.getStart())) ? preposition->before_vowel
                                                                                  : preposition->before_consonant;
      text.insert(name.getStart(), icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size()))));
    }
  }
  return utf8(text);
}

std::string Locale::format_minutes(double minutes) const {
  UErrorCode status = U_ZERO_ERROR;
  return utf8(formatters_->minutes.formatDouble(minutes, status).toString(status));
}

std::string Locale::format_percent(double percent) const {
  UErrorCode status = U_ZERO_ERROR;
  return utf8(formatters_->percent.formatDouble(percent, status).toString(status));
}

std::string Locale::format_ordinal(std::int64_t n) const {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out;
  std::lock_guard<std::mutex> lock(formatters_->cache_mutex);
  if (!formatters_->ordinal) {
    formatters_->ordinal = std::make_unique<icu::RuleBasedNumberFormat>(icu::URBNF_ORDINAL, formatters_->locale, status);
  }
  formatters_->ordinal->format(static_cast<int64_t>(n), out, status);
  return utf8(out);
}

std::string Locale::format_message(std::string_view pattern, const std::vector<std::pair<std::string, Value>>& args) const {
  UErrorCode status = U_ZERO_ERROR;
  std::lock_guard<std::mutex> lock(formatters_->cache_mutex);
  auto found = formatters_->messages.find(pattern);
  if (found == formatters_->messages.end()) {
    UParseError parse_error;
    auto made = std::make_unique<icu::MessageFormat>(
        icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size()))),
        formatters_->locale, parse_error, status);
    if (U_FAILURE(status)) {
      throw Error(SourcePos{}, "malformed ICU message pattern at offset " + std::to_string(parse_error.offset) + ": `" +
                                   std::string(pattern) + "`",
                  "plurals look like {count, plural, one {# win} other {# wins}}");
    }
    found = formatters_->messages.emplace(std::string(pattern), std::move(made)).first;
  }
  icu::MessageFormat& fmt = *found->second;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  for (const auto& [name, v] : args) {
    names.push_back(icu::UnicodeString::fromUTF8(name));
    if (v.is_int()) values.emplace_back(static_cast<int64_t>(v.as_int()));
    else if (v.is_double()) values.emplace_back(v.as_double());
    else if (v.is_string()) values.emplace_back(icu::UnicodeString::fromUTF8(v.as_string()));
    else throw Error(SourcePos{}, "message argument `" + name + "` must be a number or text, got " + std::string(v.type_name()));
  }
  icu::UnicodeString out;
  fmt.format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
  if (U_FAILURE(status)) throw Error(SourcePos{}, "cannot format message `" + std::string(pattern) + "`",
                                     "every {argument} in the pattern needs a value");
  return utf8(out);
}

}  // namespace reel
