#include <doctest/doctest.h>

#include "base/diagnostics.h"
#include "site/i18n.h"

using namespace reel;

namespace {

Locale english() { return Locale("en", "en-GB", Value(ValueMap{{"money_words", "{symbol}{number}"}})); }

Locale italian() {
  ValueMap names{{"USD", "dollari"}};
  return Locale("it", "it-IT", Value(ValueMap{{"money_words", "{number} di {name}"}, {"currency_names", Value(names)}}));
}

}  // namespace

TEST_CASE("i18n: dates in each locale's long form, at day, month and year precision") {
  CHECK(english().format_date("2010-09-15") == "15 September 2010");
  CHECK(italian().format_date("2010-09-15") == "15 settembre 2010");
  CHECK(english().format_date("2010-09") == "September 2010");
  CHECK(italian().format_date("2010-09") == "settembre 2010");
  CHECK(english().format_date("2010") == "2010");
  CHECK_THROWS_AS(english().format_date("15/09/2010"), Error);
  CHECK_THROWS_AS(english().format_date("2010-13"), Error);
}

TEST_CASE("i18n: numbers, percentages and compact numbers") {
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

TEST_CASE("i18n: money in digits and in words") {
  CHECK(english().format_money(15000000, "USD") == "US$15,000,000");
  CHECK(italian().format_money(15000000, "USD") == "15.000.000\u00a0USD");
  CHECK(english().format_money(625000, "GBP") == "£625,000");
  CHECK(english().format_money_words(15000000, "USD") == "US$15 million");
  CHECK(italian().format_money_words(15000000, "USD") == "15 milioni di dollari");
  // Without a name of its own, ICU's plural name of the currency.
  CHECK(italian().format_money_words(2000000, "GBP") == "2 milioni di sterline britanniche");
  CHECK_THROWS_AS(english().format_money(1, "dollars"), Error);
}

TEST_CASE("i18n: runtimes, ordinals and plurals") {
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
