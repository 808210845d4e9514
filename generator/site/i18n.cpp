#include "site/i18n.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <map>
#include <mutex>
#include <optional>

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/rbnf.h>
#include <unicode/ucurr.h>
#include <unicode/numberformatter.h>
#include <unicode/plurrule.h>
#include <unicode/uchar.h>
#include <unicode/smpdtfmt.h>
#include <unicode/simpletz.h>
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

icu::UnicodeString unicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

/// The prefix of ICU's ordinal rule sets that agree with a gender: CLDR's rbnf data
/// names them "%digits-ordinal-masculine", "%digits-ordinal-feminine" (Italian, French,
/// Spanish, Portuguese, Catalan...), "%digits-ordinal-neuter" (Russian); a language
/// whose ordinals do not change with gender (English, German) has only
/// "%digits-ordinal".
constexpr std::string_view kOrdinalRuleSetPrefix = "%digits-ordinal-";

/// "a, b and c".
std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == words.size() ? " and " : ", ") + words[i];
  }
  return out;
}

/// Languages that write the first day of a month as an ordinal and every other day as
/// a cardinal, and the gender of that ordinal (the gender of the noun "day" it stands
/// for: "il primo (giorno di) marzo", "le premier (jour de) mars"). The text of the
/// ordinal is ICU's (format_ordinal with that gender): "1º" in Italian, "1er" in
/// French. CLDR's date patterns ("d MMMM y") have no such rule, so reel applies it
/// after ICU formats the date, to the day field alone.
///
/// Italian: "Per i giorni del mese si usa l'ordinale per il giorno iniziale, ma il
/// cardinale per i giorni successivi": il 1º maggio, il 2 maggio. Source: Luca
/// Serianni, "Grammatica italiana" (UTET), chapter VI (numerals), §36, as quoted by the
/// Accademia della Crusca's language advice service (consulenza linguistica) on the
/// article before dates, where "il 1/2/2003" is read "il primo febbraio". The
/// cardinal "1 marzo" is also common; reel follows the grammar.
///
/// French: "le 1er janvier", but "le 2 janvier". Sources: "Lexique des règles
/// typographiques en usage à l'Imprimerie nationale" (Imprimerie nationale), entry
/// on dates; Grevisse and Goosse, "Le Bon Usage" (De Boeck), on ordinal numerals used
/// for the first day of the month.
///
/// Other languages keep CLDR's pattern: "1 March 2009" (en-GB), "1. März 2009" (de).
struct FirstOfMonth {
  std::string_view language;  // ISO 639 language, as icu::Locale::getLanguage()
  std::string_view gender;    // one of Locale::grammatical_genders()
};

constexpr FirstOfMonth kFirstOfMonth[] = {
    {"it", "masculine"},
    {"fr", "masculine"},
};

}  // namespace

const std::vector<std::string>& Locale::grammatical_genders() {
  static const std::vector<std::string> kGenders{"masculine", "feminine", "neuter", "common",
                                                 "animate",   "inanimate", "personal"};
  return kGenders;
}

/// The ICU objects of one locale, each made once, the first time it is needed (ICU's
/// date pattern generator alone takes about a millisecond to load, and many sites never
/// format a date in some language): CLDR's best long patterns for a year, a month and a
/// day (skeletons "y", "yMMMM", "yMMMMd"), number formatters, ordinal rules, and caches
/// of what was formatted (a page shows the same dates many times).
struct Locale::Formatters {
  icu::Locale locale;
  // Dates: all made on first use, under date_mutex.
  std::mutex date_mutex;
  std::unique_ptr<icu::DateTimePatternGenerator> date_patterns;  // the best pattern for a skeleton
  std::unique_ptr<icu::SimpleDateFormat> dates[3];  // by precision: year, month, day
  // The dates are in UTC: a zone of offset 0, which is all a date without a time needs
  // (the patterns show no zone).
  icu::SimpleTimeZone utc{0, icu::UnicodeString(u"UTC")};
  std::unique_ptr<icu::Calendar> calendar;  // turns (year, month, day) into a UDate
  std::optional<icu::UnicodeString> first_of_month;  // the day 1 of kFirstOfMonth ("1º"), or empty: CLDR's cardinal
  std::map<std::string, std::string, std::less<>> formatted_dates;  // ISO date → text

  // Number formatters are immutable and thread-safe once built; ICU compiles each one on
  // its first uses, so they are made once here and reused for every value.
  icu::number::LocalizedNumberFormatter compact;
  icu::number::LocalizedNumberFormatter minutes;
  icu::number::LocalizedNumberFormatter percent;
  std::mutex cache_mutex;  // guards the caches below, filled on first use
  std::map<std::string, std::unique_ptr<icu::number::LocalizedNumberFormatter>, std::less<>> money;
  std::map<std::string, std::unique_ptr<icu::number::LocalizedNumberFormatter>, std::less<>> money_in_words;
  const NumeralPreposition* preposition = nullptr;  // for money in words; null for most languages
  std::map<int, std::unique_ptr<icu::number::LocalizedNumberFormatter>> numbers;  // by max fraction digits
  std::map<std::string, std::unique_ptr<icu::MessageFormat>, std::less<>> messages;

  /// CLDR's cardinal plural rules (null if ICU has none), made on first use.
  const icu::PluralRules* plurals() const {
    std::call_once(plurals_once_, [this] {
      UErrorCode status = U_ZERO_ERROR;
      plurals_.reset(icu::PluralRules::forLocale(locale, status));
      if (U_FAILURE(status)) plurals_.reset();
    });
    return plurals_.get();
  }

  /// ICU's rule-based ordinals for the locale, made on first use.
  struct Ordinals {
    std::unique_ptr<icu::RuleBasedNumberFormat> format;  // used under cache_mutex; null if ICU has none
    std::vector<icu::UnicodeString> rule_sets;          // the public rule sets of `format`
    icu::UnicodeString default_rule_set;                // its default one ("%digits-ordinal")
  };
  const Ordinals& ordinals() const {
    std::call_once(ordinals_once_, [this] {
      UErrorCode status = U_ZERO_ERROR;
      ordinals_.format = std::make_unique<icu::RuleBasedNumberFormat>(icu::URBNF_ORDINAL, locale, status);
      if (U_FAILURE(status)) {
        ordinals_.format.reset();
        return;
      }
      for (int32_t i = 0; i < ordinals_.format->getNumberOfRuleSetNames(); ++i) {
        ordinals_.rule_sets.push_back(ordinals_.format->getRuleSetName(i));
      }
      ordinals_.default_rule_set = ordinals_.format->getDefaultRuleSetName();
    });
    return ordinals_;
  }

  /// The date format for `precision` (0 year, 1 month, 2 day). Call under date_mutex.
  icu::SimpleDateFormat& date_format(int precision) {
    std::unique_ptr<icu::SimpleDateFormat>& format = dates[precision];
    if (format) return *format;
    UErrorCode status = U_ZERO_ERROR;
    if (!date_patterns) date_patterns.reset(icu::DateTimePatternGenerator::createInstance(locale, status));
    const char* skeletons[3] = {"y", "yMMMM", "yMMMMd"};
    icu::UnicodeString pattern = date_patterns->getBestPattern(icu::UnicodeString(skeletons[precision]), status);
    format = std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
    format->setTimeZone(utc);
    return *format;
  }

  /// The calendar that turns (year, month, day) into a UDate. Call under date_mutex.
  icu::Calendar& date_calendar() {
    if (!calendar) {
      UErrorCode status = U_ZERO_ERROR;
      calendar = std::make_unique<icu::GregorianCalendar>(utc, locale, status);
    }
    return *calendar;
  }

  /// The first day of a month as the language writes it (kFirstOfMonth), or empty when
  /// it is CLDR's cardinal. Call under date_mutex (it takes cache_mutex).
  const icu::UnicodeString& first_day() {
    if (!first_of_month) {
      icu::UnicodeString day;
      std::string_view language = locale.getLanguage();
      for (const FirstOfMonth& f : kFirstOfMonth) {
        if (f.language != language) continue;
        icu::UnicodeString rule_set = rule_set_for(f.gender, "");
        std::lock_guard<std::mutex> lock(cache_mutex);
        day = format_ordinal(1, rule_set);
      }
      first_of_month = std::move(day);
    }
    return *first_of_month;
  }

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
                    .precision(icu::number::Precision::maxFraction(1))),
        preposition(numeral_preposition(locale)) {}

  /// The rule set of `ordinal` for `gender`: "%digits-ordinal-<gender>" when the
  /// language has it, else empty (the default rule set). Throws reel::Error when
  /// `gender` is not one of Locale::grammatical_genders().
  icu::UnicodeString rule_set_for(std::string_view gender, std::string_view tag) const {
    if (gender.empty()) return {};
    const auto& genders = Locale::grammatical_genders();
    if (std::find(genders.begin(), genders.end(), gender) == genders.end()) {
      throw Error(SourcePos{}, "unknown grammatical gender `" + std::string(gender) + "` for an ordinal",
                  gender_hint(gender, tag));
    }
    icu::UnicodeString name = unicode(std::string(kOrdinalRuleSetPrefix) + std::string(gender));
    return has_rule_set(name) ? name : icu::UnicodeString();
  }

  bool has_rule_set(const icu::UnicodeString& name) const {
    const std::vector<icu::UnicodeString>& sets = ordinals().rule_sets;
    return std::find(sets.begin(), sets.end(), name) != sets.end();
  }

  /// The genders of Locale::grammatical_genders() that have a rule set of their own.
  std::vector<std::string> distinguished_genders() const {
    std::vector<std::string> out;
    for (const std::string& g : Locale::grammatical_genders()) {
      if (has_rule_set(unicode(std::string(kOrdinalRuleSetPrefix) + g))) out.push_back(g);
    }
    return out;
  }

  /// "use masculine, feminine, … (CLDR's grammatical genders); ordinals in it-IT have
  /// masculine and feminine forms", with a did-you-mean first when one is close.
  std::string gender_hint(std::string_view given, std::string_view tag) const {
    std::vector<std::string> mine = distinguished_genders();
    std::string hint = "use " + join_words(Locale::grammatical_genders()) + " (CLDR's grammatical genders); ordinals in " +
                       std::string(tag.empty() ? std::string_view(locale.getName()) : tag) +
                       (mine.empty() ? " have one form for every gender"
                                     : " have " + join_words(mine) + " forms, the others fall back to " +
                                           utf8(ordinals().default_rule_set));
    std::string close = did_you_mean(given, Locale::grammatical_genders());
    return close.empty() ? hint : "did you mean `" + close + "`? " + hint;
  }

  /// `pattern` (a MessageFormat pattern, `text` as written) with the style of each
  /// `ordinal` argument made into a rule set that ICU's MessageFormat takes as it is
  /// (see Locale::format_message). Throws reel::Error for a style that is neither a
  /// gender nor a rule set of the language.
  icu::UnicodeString resolve_ordinal_styles(const icu::UnicodeString& pattern, const std::string& tag,
                                            std::string_view text) const;

  /// `n` with `rule_set` of the ordinals (empty: their default). Not thread-safe:
  /// callers hold cache_mutex.
  icu::UnicodeString format_ordinal(std::int64_t n, const icu::UnicodeString& rule_set) const {
    icu::UnicodeString out;
    icu::RuleBasedNumberFormat* ordinal = ordinals().format.get();
    if (!ordinal) return out.append(unicode(std::to_string(n)));
    UErrorCode status = U_ZERO_ERROR;
    icu::FieldPosition pos;
    if (rule_set.isEmpty()) {
      ordinal->format(static_cast<int64_t>(n), out, pos);
    } else {
      ordinal->format(static_cast<int64_t>(n), rule_set, out, pos, status);
    }
    if (U_FAILURE(status)) throw Error(SourcePos{}, "cannot format the ordinal of " + std::to_string(n));
    return out;
  }

 private:
  mutable std::once_flag plurals_once_;
  mutable std::unique_ptr<icu::PluralRules> plurals_;
  mutable std::once_flag ordinals_once_;
  mutable Ordinals ordinals_;
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
  icu::Calendar& cal = formatters_->date_calendar();
  cal.clear();
  cal.set(year, month ? month - 1 : 0, day ? day : 1);
  icu::FieldPosition day_field(UDAT_DATE_FIELD);
  formatters_->date_format(precision).format(cal.getTime(status), out, day_field);
  if (U_FAILURE(status)) throw Error(SourcePos{}, "cannot format date `" + std::string(iso) + "`");
  // The first of the month as the language writes it (kFirstOfMonth): only the day
  // field changes, wherever the pattern puts it.
  if (precision == 2 && day == 1 && !formatters_->first_day().isEmpty() &&
      day_field.getEndIndex() > day_field.getBeginIndex()) {
    out.replace(day_field.getBeginIndex(), day_field.getEndIndex() - day_field.getBeginIndex(),
                formatters_->first_day());
  }
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
  if (preposition && formatters_->plurals() && formatters_->plurals()->select(formatted, status) == icu::UnicodeString(u"many")) {
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

std::string Locale::currency_name(std::string_view currency, std::optional<double> count) const {
  icu::CurrencyUnit unit = currency_unit(currency);
  // CLDR's plural category for the count; `other` is also the form for no count.
  std::string category = "other";
  if (count && formatters_->plurals()) utf8(formatters_->plurals()->select(*count)).swap(category);
  UBool is_choice_format = false;
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  const UChar* name = ucurr_getPluralName(unit.getISOCurrency(), formatters_->locale.getName(), &is_choice_format,
                                          category.c_str(), &length, &status);
  if (U_FAILURE(status) || !name) {
    throw Error(SourcePos{}, "ICU has no name for the currency `" + std::string(currency) + "`");
  }
  return utf8(icu::UnicodeString(name, length));
}

std::string Locale::format_minutes(double minutes) const {
  UErrorCode status = U_ZERO_ERROR;
  return utf8(formatters_->minutes.formatDouble(minutes, status).toString(status));
}

std::string Locale::format_percent(double percent) const {
  UErrorCode status = U_ZERO_ERROR;
  return utf8(formatters_->percent.formatDouble(percent, status).toString(status));
}

std::string Locale::format_ordinal(std::int64_t n, std::string_view gender) const {
  icu::UnicodeString rule_set = formatters_->rule_set_for(gender, tag_);
  std::lock_guard<std::mutex> lock(formatters_->cache_mutex);
  return utf8(formatters_->format_ordinal(n, rule_set));
}

std::vector<std::string> Locale::ordinal_genders() const { return formatters_->distinguished_genders(); }


/// `pattern` with the style of each `ordinal` argument made into a rule set that ICU's
/// MessageFormat takes as it is: a gender becomes the language's rule set for it (or
/// its default one), a rule set name loses the spaces before it (ICU would keep them
/// and then ignore the name). A style that is neither throws reel::Error.
icu::UnicodeString Locale::Formatters::resolve_ordinal_styles(const icu::UnicodeString& pattern, const std::string& tag,
                                                              std::string_view text) const {
  const Formatters& f = *this;
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  icu::MessagePattern parsed(pattern, &parse_error, status);
  if (U_FAILURE(status)) return pattern;  // MessageFormat reports it with its offset
  std::vector<std::pair<int32_t, int32_t>> spans;  // (start, limit) of each ordinal style
  std::vector<icu::UnicodeString> replacements;
  for (int32_t i = 0; i + 3 < parsed.countParts(); ++i) {
    const icu::MessagePattern::Part& start = parsed.getPart(i);
    if (start.getType() != UMSGPAT_PART_TYPE_ARG_START || start.getArgType() != UMSGPAT_ARG_TYPE_SIMPLE) continue;
    const icu::MessagePattern::Part& type = parsed.getPart(i + 2);
    if (type.getType() != UMSGPAT_PART_TYPE_ARG_TYPE ||
        parsed.getSubstring(type).caseCompare(icu::UnicodeString(u"ordinal"), U_FOLD_CASE_DEFAULT) != 0) {
      continue;
    }
    const icu::MessagePattern::Part& style = parsed.getPart(i + 3);
    if (style.getType() != UMSGPAT_PART_TYPE_ARG_STYLE) continue;
    icu::UnicodeString written = parsed.getSubstring(style);
    std::string name = utf8(icu::UnicodeString(written).trim());
    icu::UnicodeString rule_set;
    if (!name.empty() && name.front() == '%') {
      rule_set = unicode(name);
      if (!f.has_rule_set(rule_set)) {
        std::vector<std::string> names;
        for (const auto& r : f.ordinals().rule_sets) names.push_back(utf8(r));
        throw Error(SourcePos{}, "no ordinal rule set `" + name + "` in " + tag + ", in the message `" + std::string(text) + "`",
                    "the ordinal rule sets of " + tag + " are " + join_words(names) +
                        "; or name a grammatical gender: {n, ordinal, feminine}");
      }
    } else {
      try {
        rule_set = f.rule_set_for(name, tag);
      } catch (Error& e) {
        e.diagnostic().message += ", in the message `" + std::string(text) + "`";
        throw;
      }
      if (rule_set.isEmpty()) rule_set = f.ordinals().default_rule_set;
    }
    spans.emplace_back(style.getIndex(), style.getLimit());
    replacements.push_back(rule_set);
  }
  icu::UnicodeString out = pattern;
  for (std::size_t k = spans.size(); k-- > 0;) {
    out.replace(spans[k].first, spans[k].second - spans[k].first, replacements[k]);
  }
  return out;
}

std::string Locale::format_message(std::string_view pattern, const std::vector<std::pair<std::string, Value>>& args) const {
  UErrorCode status = U_ZERO_ERROR;
  std::lock_guard<std::mutex> lock(formatters_->cache_mutex);
  auto found = formatters_->messages.find(pattern);
  if (found == formatters_->messages.end()) {
    UParseError parse_error;
    icu::UnicodeString resolved = formatters_->resolve_ordinal_styles(unicode(pattern), tag_, pattern);
    auto made = std::make_unique<icu::MessageFormat>(resolved, formatters_->locale, parse_error, status);
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
