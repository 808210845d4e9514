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
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include "base/diagnostics.h"

namespace reel {

namespace {

icu::Locale icu_locale(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
  return U_FAILURE(status) ? icu::Locale::getRoot() : loc;
}

icu::CurrencyUnit currency_unit(std::string_view currency) {
  UErrorCode status = U_ZERO_ERROR;
  icu::CurrencyUnit unit(icu::StringPiece(currency.data(), static_cast<int32_t>(currency.size())), status);
  if (U_FAILURE(status) || currency.size() != 3) {
    throw Error(SourcePos{}, "unknown currency code `" + std::string(currency) + "`",
                "use an ISO 4217 code such as USD, GBP or EUR");
  }
  return unit;
}


std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
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

namespace {

bool parse_part(std::string_view s, int& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::string Locale::format_date(std::string_view iso) const {
  int year = 0, month = 0, day = 0;
  bool ok = iso.size() >= 4 && parse_part(iso.substr(0, 4), year);
  int precision = 0;  // 0: year, 1: month, 2: day
  if (ok && iso.size() >= 7) {
    ok = iso[4] == '-' && parse_part(iso.substr(5, 2), month) && month >= 1 && month <= 12;
    precision = 1;
  }
  if (ok && iso.size() >= 10) {
    ok = iso.size() == 10 && iso[7] == '-' && parse_part(iso.substr(8, 2), day) && day >= 1 && day <= 31;
    precision = 2;
  } else if (ok && iso.size() != 4 && iso.size() != 7) {
    ok = false;
  }
  if (!ok) {
    throw Error(SourcePos{}, "expected an ISO 8601 date such as 2010-09-15, got `" + std::string(iso) + "`");
  }
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

std::string Locale::format_money_words(double amount, std::string_view currency) const {
  icu::CurrencyUnit unit = currency_unit(currency);
  UErrorCode status = U_ZERO_ERROR;
  // The symbol: a one-unit amount formatted with the symbol, digits stripped.
  icu::UnicodeString iso = icu::UnicodeString::fromUTF8(icu::StringPiece(currency.data(), 3));
  std::string locale_name = formatters_->locale.getName();
  UBool is_choice = false;
  int32_t len = 0;
  const UChar* sym = ucurr_getName(iso.getTerminatedBuffer(), locale_name.c_str(), UCURR_SYMBOL_NAME, &is_choice, &len, &status);
  std::string symbol = U_SUCCESS(status) ? utf8(icu::UnicodeString(sym, len)) : std::string(currency);
  status = U_ZERO_ERROR;
  const UChar* plural = ucurr_getPluralName(iso.getTerminatedBuffer(), locale_name.c_str(), &is_choice, "other", &len, &status);
  std::string name = U_SUCCESS(status) ? utf8(icu::UnicodeString(plural, len)) : std::string(currency);
  Value custom = strings_.get("currency_names").get(currency);
  if (custom.is_string()) name = custom.as_string();
  Value pattern = strings_.get("money_words");
  std::string out = pattern.is_string() ? pattern.as_string() : std::string("{symbol}{number}");
  replace_all(out, "{number}", format_compact(amount));
  replace_all(out, "{symbol}", symbol);
  replace_all(out, "{name}", name);
  return out;
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
