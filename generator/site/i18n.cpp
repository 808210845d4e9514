#include "site/i18n.h"

#include <charconv>
#include <memory>
#include <mutex>

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
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

}  // namespace

/// The ICU objects of one locale, made once: CLDR's best long patterns for a year, a
/// month and a day (skeletons "y", "yMMMM", "yMMMMd").
struct Locale::Formatters {
  icu::Locale locale;
  std::mutex date_mutex;
  std::unique_ptr<icu::SimpleDateFormat> dates[3];
  std::unique_ptr<icu::TimeZone> utc{icu::TimeZone::createTimeZone("UTC")};
  std::unique_ptr<icu::Calendar> calendar;  // turns (year, month, day) into a UDate, under date_mutex

  explicit Formatters(const std::string& tag) : locale(icu_locale(tag)) {
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
  {
    std::lock_guard<std::mutex> lock(formatters_->date_mutex);
    icu::Calendar& cal = *formatters_->calendar;
    cal.clear();
    cal.set(year, month ? month - 1 : 0, day ? day : 1);
    formatters_->dates[precision]->format(cal.getTime(status), out);
  }
  if (U_FAILURE(status)) throw Error(SourcePos{}, "cannot format date `" + std::string(iso) + "`");
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::string Locale::format_number(double value, int max_fraction_digits) const {
  UErrorCode status = U_ZERO_ERROR;
  auto fmt = icu::number::NumberFormatter::withLocale(formatters_->locale)
                 .precision(icu::number::Precision::maxFraction(max_fraction_digits));
  icu::UnicodeString out = fmt.formatDouble(value, status).toString(status);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::string Locale::format_money(double amount, std::string_view currency) const {
  UErrorCode status = U_ZERO_ERROR;
  icu::CurrencyUnit unit(icu::StringPiece(currency.data(), static_cast<int32_t>(currency.size())), status);
  if (U_FAILURE(status)) throw Error(SourcePos{}, "unknown currency code `" + std::string(currency) + "`",
                                     "use an ISO 4217 code such as USD, GBP or EUR");
  auto fmt = icu::number::NumberFormatter::withLocale(formatters_->locale)
                 .unit(unit)
                 .precision(icu::number::Precision::integer());
  icu::UnicodeString out = fmt.formatDouble(amount, status).toString(status);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace reel
