#include <doctest/doctest.h>

#include "base/diagnostics.h"
#include "site/i18n.h"

using namespace reel;

namespace {

Locale english() { return Locale("en", "en-GB", Value(ValueMap{{"home", "Home"}})); }
Locale italian() { return Locale("it", "it-IT", Value(ValueMap{{"home", "Inizio"}})); }
Locale french() { return Locale("fr", "fr-FR", Value(ValueMap{})); }
Locale german() { return Locale("de", "de-DE", Value(ValueMap{})); }

}  // namespace

TEST_CASE("i18n: dates in each locale's long form at day and month and year precision") {
  CHECK(english().format_date("2010-09-15") == "15 September 2010");
  CHECK(italian().format_date("2010-09-15") == "15 settembre 2010");
  CHECK(english().format_date("2010-09") == "September 2010");
  CHECK(italian().format_date("2010-09") == "settembre 2010");
  CHECK(english().format_date("2010") == "2010");
  CHECK_THROWS_AS(english().format_date("15/09/2010"), Error);
  CHECK_THROWS_AS(english().format_date("2010-13"), Error);
}

TEST_CASE("i18n: numbers and percentages and compact numbers") {
  CHECK(english().format_number(9918093) == "9,918,093");
  CHECK(italian().format_number(9918093) == "9.918.093");
  CHECK(english().format_number(6.8) == "6.8");
  CHECK(italian().format_number(6.8) == "6,8");
  CHECK(english().format_percent(71) == "71%");
  CHECK(italian().format_percent(71) == "71%");
  CHECK(english().format_percent(-45) == "-45%");
  CHECK(english().format_compact(9918093) == "9.9 million");
  CHECK(italian().format_compact(9918093) == "9,9 milioni");
}

TEST_CASE("i18n: money in digits") {
  CHECK(english().format_money(15000000, "USD") == "US$15,000,000");
  CHECK(italian().format_money(15000000, "USD") == "15.000.000\u00a0USD");
  CHECK(english().format_money(625000, "GBP") == "£625,000");
  CHECK_THROWS_AS(english().format_money(1, "dollars"), Error);
  CHECK_THROWS_AS(english().format_money(1, "XYZ"), Error);
}

TEST_CASE("i18n: money in words in English is ICU's compact long currency with the full name") {
  CHECK(english().format_money_words(15000000, "USD") == "15 million US dollars");
  CHECK(english().format_money_words(1000000, "USD") == "1 million US dollars");
  CHECK(english().format_money_words(9918093, "USD") == "9.9 million US dollars");
  CHECK(english().format_money_words(2500000, "GBP") == "2.5 million British pounds");
  CHECK(english().format_money_words(15000, "USD") == "15 thousand US dollars");
}

TEST_CASE("i18n: money in words in Italian puts di after milione and milioni") {
  CHECK(italian().format_money_words(15000000, "USD") == "15 milioni di dollari statunitensi");
  CHECK(italian().format_money_words(1000000, "USD") == "1 milione di dollari statunitensi");
  CHECK(italian().format_money_words(9918093, "USD") == "9,9 milioni di dollari statunitensi");
  CHECK(italian().format_money_words(2500000, "GBP") == "2,5 milioni di sterline britanniche");
  CHECK(italian().format_money_words(3000000000.0, "EUR") == "3 miliardi di euro");
  // "mila" is an adjective: no "di".
  CHECK(italian().format_money_words(15000, "USD") == "15 mila dollari statunitensi");
}

TEST_CASE("i18n: money in words below a thousand is the number and the plural name") {
  CHECK(english().format_money_words(750, "USD") == "750 US dollars");
  CHECK(italian().format_money_words(750, "USD") == "750 dollari statunitensi");
  CHECK(english().format_money_words(1, "USD") == "1 US dollar");
  CHECK(italian().format_money_words(1, "USD") == "1 dollaro statunitense");
}

TEST_CASE("i18n: money in words in French and German") {
  CHECK(french().format_money_words(15000000, "USD") == "15 millions de dollars des États-Unis");
  CHECK(french().format_money_words(2000000000.0, "EUR") == "2 milliards d\u2019euros");
  CHECK(french().format_money_words(15000, "EUR") == "15 mille euros");
  CHECK(german().format_money_words(15000000, "USD") == "15 Millionen US-Dollar");
  CHECK(german().format_money_words(1000000, "USD") == "1 Million US-Dollar");
}

TEST_CASE("i18n: money in words never reads UI strings") {
  ValueMap names{{"USD", "dollari"}};
  Locale custom("it", "it-IT", Value(ValueMap{{"money_words", "{symbol}{number}"}, {"currency_names", Value(names)}}));
  CHECK(custom.format_money_words(15000000, "USD") == "15 milioni di dollari statunitensi");
}

TEST_CASE("i18n: money in words with a currency code ICU does not know is an error") {
  CHECK_THROWS_AS(english().format_money_words(15000000, "XYZ"), Error);
  CHECK_THROWS_AS(italian().format_money_words(15000000, "dollars"), Error);
  CHECK_THROWS_AS(english().format_money_words(15000000, "US"), Error);
  try {
    english().format_money_words(1, "XYZ");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().message.find("XYZ") != std::string::npos);
    CHECK(e.diagnostic().hint.find("ISO 4217") != std::string::npos);
  }
}

TEST_CASE("i18n: runtimes and ordinals and plurals") {
  CHECK(english().format_minutes(103) == "103 minutes");
  CHECK(italian().format_minutes(103) == "103 minuti");
  CHECK(italian().format_minutes(1) == "1 minuto");
  CHECK(english().format_ordinal(54) == "54th");
  CHECK(english().format_ordinal(23) == "23rd");
  CHECK(italian().format_ordinal(54) == "54º");
  std::vector<std::pair<std::string, Value>> args{{"wins", 8}, {"nominations", 27}};
  CHECK(english().format_message("{wins, plural, one {# win} other {# wins}} and {nominations, plural, one {# nomination} other {# nominations}}", args) ==
        "8 wins and 27 nominations");
  CHECK(italian().format_message("{wins, plural, one {# vittoria} other {# vittorie}} e {nominations, plural, one {# candidatura} other {# candidature}}", args) ==
        "8 vittorie e 27 candidature");
  CHECK(english().format_message("{n, plural, one {# win} other {# wins}}", {{"n", 1}}) == "1 win");
  CHECK(english().format_message("the {n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}} edition", {{"n", 54}}) ==
        "the 54th edition");
  CHECK_THROWS_AS(english().format_message("{n, plural, one {x}", {{"n", 1}}), Error);
}

TEST_CASE("i18n: og:locale form") {
  CHECK(english().og_locale() == "en_GB");
  CHECK(italian().og_locale() == "it_IT");
}

TEST_CASE("i18n: a day that does not exist is an error, never rolled over") {
  reel::Locale en("en", "en-GB", reel::Value(reel::ValueMap{}));
  CHECK(en.format_date("2012-02-29") == "29 February 2012");
  CHECK_THROWS_WITH_AS(en.format_date("2010-02-30"),
                       doctest::Contains("expected an ISO 8601 date that exists"), reel::Error);
  CHECK_THROWS_AS(en.format_date("2011-02-29"), reel::Error);
  CHECK_THROWS_AS(en.format_date("2010-13"), reel::Error);
}

TEST_CASE("i18n: ordinals agree with the gender of their noun where the language has one") {
  CHECK(italian().format_ordinal(63) == "63º");
  CHECK(italian().format_ordinal(63, "masculine") == "63º");
  CHECK(italian().format_ordinal(63, "feminine") == "63ª");
  CHECK(italian().format_ordinal(1, "feminine") == "1ª");
  CHECK(french().format_ordinal(1, "masculine") == "1er");
  CHECK(french().format_ordinal(1, "feminine") == "1re");
  CHECK(french().format_ordinal(63, "feminine") == "63e");
  // English ordinals have one form: a gender falls back to the default rule set.
  CHECK(english().format_ordinal(63) == "63rd");
  CHECK(english().format_ordinal(63, "feminine") == "63rd");
  CHECK(english().format_ordinal(1, "masculine") == "1st");
  CHECK(english().format_ordinal(12) == "12th");
  // Italian has no neuter: the default (masculine) rule set.
  CHECK(italian().format_ordinal(63, "neuter") == "63º");
  CHECK(german().format_ordinal(63, "feminine") == "63.");
  CHECK(italian().ordinal_genders() == std::vector<std::string>{"masculine", "feminine"});
  CHECK(french().ordinal_genders() == std::vector<std::string>{"masculine", "feminine"});
  CHECK(english().ordinal_genders().empty());
}

TEST_CASE("i18n: an unknown gender for an ordinal is an error that lists the valid ones") {
  CHECK_THROWS_AS(italian().format_ordinal(63, "femminile"), Error);
  CHECK_THROWS_AS(english().format_ordinal(63, "Feminine"), Error);
  try {
    italian().format_ordinal(63, "feminin");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().message == "unknown grammatical gender `feminin` for an ordinal");
    const std::string& hint = e.diagnostic().hint;
    INFO(hint);
    CHECK(hint.find("did you mean `feminine`?") == 0);
    CHECK(hint.find("masculine, feminine, neuter, common, animate, inanimate and personal") != std::string::npos);
    CHECK(hint.find("ordinals in it-IT have masculine and feminine forms") != std::string::npos);
  }
  try {
    english().format_ordinal(63, "x");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.diagnostic().hint.find("ordinals in en-GB have one form for every gender") != std::string::npos);
  }
}

TEST_CASE("i18n: ordinal arguments of messages take a gender or an ICU rule set") {
  CHECK(italian().format_message("{n, ordinal, feminine} edizione", {{"n", 37}}) == "37ª edizione");
  CHECK(italian().format_message("il {n, ordinal} posto", {{"n", 9}}) == "il 9º posto");
  CHECK(english().format_message("{n, ordinal} edition", {{"n", 37}}) == "37th edition");
  CHECK(english().format_message("{n, ordinal, feminine} edition", {{"n", 23}}) == "23rd edition");
  // ICU's own syntax, also after a space (which ICU alone would ignore).
  CHECK(italian().format_message("{n, ordinal, %digits-ordinal-feminine} edizione", {{"n", 54}}) == "54ª edizione");
  CHECK(italian().format_message("{n,ordinal,%digits-ordinal-feminine}", {{"n", 2}}) == "2ª");
  CHECK_THROWS_WITH_AS(italian().format_message("{n, ordinal, femminile} edizione", {{"n", 1}}),
                       doctest::Contains("unknown grammatical gender `femminile`"), Error);
  CHECK_THROWS_WITH_AS(italian().format_message("{n, ordinal, %digits-ordinal-neuter}", {{"n", 1}}),
                       doctest::Contains("no ordinal rule set `%digits-ordinal-neuter` in it-IT"), Error);
}

TEST_CASE("i18n: the first day of the month is an ordinal in Italian and French, a cardinal in English") {
  CHECK(italian().format_date("2009-03-01") == "1º marzo 2009");
  CHECK(italian().format_date("2009-03-02") == "2 marzo 2009");
  CHECK(italian().format_date("2011-02-01") == "1º febbraio 2011");
  CHECK(italian().format_date("2009-03-11") == "11 marzo 2009");
  CHECK(italian().format_date("2009-03-21") == "21 marzo 2009");
  CHECK(italian().format_date("2009-03") == "marzo 2009");
  CHECK(french().format_date("2009-03-01") == "1er mars 2009");
  CHECK(french().format_date("2009-03-02") == "2 mars 2009");
  CHECK(english().format_date("2009-03-01") == "1 March 2009");
  CHECK(english().format_date("2009-03-02") == "2 March 2009");
  CHECK(german().format_date("2009-03-01") == "1. März 2009");
  // Formatted twice, the same (the second from the cache).
  CHECK(italian().format_date("2009-03-01") == italian().format_date("2009-03-01"));
}

TEST_CASE("i18n: currency names from ICU, singular and plural") {
  CHECK(english().currency_name("USD") == "US dollars");
  CHECK(english().currency_name("USD", 1) == "US dollar");
  CHECK(english().currency_name("USD", 2) == "US dollars");
  CHECK(english().currency_name("GBP", 1) == "British pound");
  CHECK(english().currency_name("GBP") == "British pounds");
  CHECK(italian().currency_name("USD") == "dollari statunitensi");
  CHECK(italian().currency_name("USD", 1) == "dollaro statunitense");
  CHECK(italian().currency_name("USD", 15000000) == "dollari statunitensi");
  CHECK(italian().currency_name("GBP", 1) == "sterlina britannica");
  CHECK(italian().currency_name("GBP") == "sterline britanniche");
  CHECK(italian().currency_name("EUR", 1) == "euro");
  CHECK(italian().currency_name("EUR") == "euro");
  CHECK(french().currency_name("USD") == "dollars des États-Unis");
  CHECK_THROWS_AS(english().currency_name("XYZ"), Error);
  CHECK_THROWS_AS(italian().currency_name("dollars"), Error);
}

TEST_CASE("i18n: currency names never read UI strings") {
  Locale custom("it", "it-IT", Value(ValueMap{{"currency_names", Value(ValueMap{{"USD", "dollari"}})}, {"USD", "dollari"}}));
  CHECK(custom.currency_name("USD") == "dollari statunitensi");
  CHECK(custom.format_money(15000000, "USD") == "15.000.000\u00a0USD");
}
