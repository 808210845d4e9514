#include <doctest/doctest.h>

#include <chrono>

#include "base/text.h"
#include "input/yaml.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;

namespace {

/// The formatted diagnostic parse_yaml throws for `text`, or "(no error)".
std::string error_of(const std::string& text, std::uint32_t line_offset = 0, const YamlLimits& limits = {}) {
  try {
    parse_yaml(text, "f.yaml", line_offset, limits);
  } catch (const Error& e) {
    return e.diagnostic().format();
  }
  return "(no error)";
}

/// A "billion laughs": each of `levels` anchors is a list of ten aliases of the one before.
std::string alias_bomb(int levels) {
  std::string s = "a0: &a0 [lol]\n";
  for (int i = 1; i <= levels; ++i) {
    s += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) s += std::string(j ? ", " : "") + "*a" + std::to_string(i - 1);
    s += "]\n";
  }
  return s;
}

}  // namespace

TEST_CASE("text: validate_utf8 finds the first ill-formed sequence as RFC 3629 defines it") {
  CHECK_FALSE(validate_utf8("").has_value());
  CHECK_FALSE(validate_utf8("plain ASCII\n").has_value());
  CHECK_FALSE(validate_utf8("\xEF\xBB\xBFNon lasciarmi \xC3\xA8 \xE2\x80\x94 \xF0\x9F\x8E\xAC").has_value());
  CHECK_FALSE(validate_utf8("\xF4\x8F\xBF\xBF").has_value());  // U+10FFFF, the last code point
  CHECK(validate_utf8("caf\xE9 au lait") == std::optional<std::size_t>(3));   // Latin-1 é
  CHECK(validate_utf8("ab\x80") == std::optional<std::size_t>(2));            // a lone continuation byte
  CHECK(validate_utf8("\xC0\xAF") == std::optional<std::size_t>(0));          // overlong '/'
  CHECK(validate_utf8("x\xE0\x80\xAF") == std::optional<std::size_t>(1));     // overlong, three bytes
  CHECK(validate_utf8("\xED\xA0\x80") == std::optional<std::size_t>(0));      // a surrogate, U+D800
  CHECK(validate_utf8("\xF4\x90\x80\x80") == std::optional<std::size_t>(0));  // above U+10FFFF
  CHECK(validate_utf8("\xF5\x80\x80\x80") == std::optional<std::size_t>(0));
  CHECK(validate_utf8("ok \xE2\x80") == std::optional<std::size_t>(3));       // cut short at the end
  CHECK(validate_utf8("\xE2\x28\xA1") == std::optional<std::size_t>(0));      // bad second byte
  CHECK(replace_invalid_utf8("a\xE9\xC3\xA8z\xFF") == "a?\xC3\xA8z?");
  CHECK(line_column_at("ab\ncd\nef", 4).line == 2);
  CHECK(line_column_at("ab\ncd\nef", 4).column == 2);
}

TEST_CASE("text: parse_iso_date knows the length of every month and leap years") {
  CHECK(parse_iso_date("2010").has_value());
  CHECK(parse_iso_date("2010-09")->precision == 1);
  CHECK(parse_iso_date("2010-09-15")->day == 15);
  CHECK(parse_iso_date("2012-02-29").has_value());
  CHECK(parse_iso_date("2000-02-29").has_value());
  CHECK_FALSE(parse_iso_date("1900-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2010-02-30").has_value());
  CHECK_FALSE(parse_iso_date("2011-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2010-04-31").has_value());
  CHECK(parse_iso_date("2010-12-31").has_value());
  CHECK_FALSE(parse_iso_date("2010-13").has_value());
  CHECK_FALSE(parse_iso_date("2010-00-10").has_value());
  CHECK_FALSE(parse_iso_date("2010-09-00").has_value());
  CHECK_FALSE(parse_iso_date("2010-9-15").has_value());
  CHECK_FALSE(parse_iso_date("15/09/2010").has_value());
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2023, 11) == 30);
}

TEST_CASE("yaml: a duplicate key is an error naming where it was first written") {
  CHECK(error_of("base_url: https://evil.example/\ntitle: T\nbase_url: https://example.org/\n") ==
        "f.yaml:3:1: error: duplicate key `base_url`: first at f.yaml:1:1\n"
        "    base_url: https://example.org/\n"
        "    ^\n"
        "  hint: a key may appear once in a map (YAML 1.2, section 3.2.1.1): delete one of the two\n");
  // In flow maps, nested maps, under a line offset, quoted or not: the same key.
  CHECK(contains(error_of("a:\n  b: 1\n  c: {x: 1, \"x\": 2}\n", 1), "f.yaml:4:13: error: duplicate key `x`: first at f.yaml:4:7"));
  // The same key in two different maps is fine, and so is a key repeated as a value.
  CHECK(error_of("a: {x: 1}\nb: {x: 1}\nc: [x, x]\nd: d\n") == "(no error)");
  // A key written as an alias of a scalar is that scalar.
  CHECK(contains(error_of("k: &k name\nm: {name: 1, *k : 2}\n"), "duplicate key `name`"));
}

TEST_CASE("yaml: nesting deeper than the limit is an error with its position and never a crash") {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(error_of(deep) ==
        "f.yaml:1:257: error: YAML nested deeper than 256 levels\n"
        "    " + deep + "\n"
        "    " + std::string(256, ' ') + "^\n"
        "  hint: maps and lists may hold each other at most 256 deep: write flatter data\n");
  std::string maps;
  for (int i = 0; i < 100000; ++i) maps += "{a: ";
  CHECK(contains(error_of(maps), "error: YAML nested deeper than 256 levels"));
  std::string block;
  for (int i = 0; i < 100000; ++i) block += "- ";
  CHECK(contains(error_of(block + "x\n"), "f.yaml:1:513: error: YAML nested deeper than 256 levels"));
  std::string ok = std::string(256, '[') + std::string(256, ']');
  CHECK(error_of(ok) == "(no error)");
  // An alias counts the depth of its anchor's node where it is used.
  std::string half = std::string(200, '[') + std::string(200, ']');
  CHECK(contains(error_of("a: &a " + half + "\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"),
                 "error: alias `*a` nests its anchor's node deeper than 256 levels"));
}

TEST_CASE("yaml: an alias bomb is an error at the alias that goes past the limit and is fast") {
  auto start = std::chrono::steady_clock::now();
  std::string bomb = alias_bomb(9);  // 10^9 "lol"s
  std::string error = error_of(bomb);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  // `&a4` stands for 21,111 nodes; with the 23,450 that the aliases of the lines above
  // repeat, the fourth `*a4` of line 6 goes past 100,000.
  CHECK(error ==
        "f.yaml:6:25: error: aliases repeat more than 100000 nodes here: `*a4` stands for the 21111 nodes of `&a4`\n"
        "    a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]\n"
        "                            ^\n"
        "  hint: `&a4` is at f.yaml:5:5; an alias repeats its anchor's whole node, aliases in it included, so nested "
        "aliases multiply (a \"billion laughs\"): write the data out, or alias less\n");
  // Levels small enough stay within the budget and load, shared.
  std::string small = alias_bomb(3);
  YAML::Node doc = parse_yaml(small, "f.yaml");
  Value v = yaml_to_value(doc);
  CHECK(v.get("a3").as_list().size() == 10);
  CHECK(v.get("a3").as_list()[9].as_list()[9].as_list()[9].as_list()[0].as_string() == "lol");
  // The budget is the larger of a minimum and a multiple of the nodes written (10 here:
  // the map, two keys, the two lists and five numbers).
  YamlLimits tight;
  tight.min_alias_nodes = 4;
  tight.alias_factor = 1;
  CHECK(contains(error_of("a: &a [1, 2, 3, 4, 5]\nb: [*a, *a]\n", 0, tight), "aliases repeat more than 10 nodes here"));
  CHECK(error_of("a: &a [1, 2, 3, 4, 5]\nb: [*a]\n", 0, tight) == "(no error)");
  tight.alias_factor = 2;
  CHECK(error_of("a: &a [1, 2, 3, 4, 5]\nb: [*a, *a]\n", 0, tight) == "(no error)");
}

TEST_CASE("yaml: an alias inside its own anchor's node is an error, not a cycle") {
  CHECK(error_of("a: &a [1, *a]\n") ==
        "f.yaml:1:11: error: alias `*a` is inside the node of its own anchor `&a`\n"
        "    a: &a [1, *a]\n"
        "              ^\n"
        "  hint: a node cannot contain itself; `&a` is at f.yaml:1:4\n");
  CHECK(contains(error_of("a: &a\n  b: *a\n"), "alias `*a` is inside the node of its own anchor `&a`"));
}

TEST_CASE("yaml: invalid UTF-8 is an error at the line and column of the first bad byte") {
  CHECK(error_of("title: ok\nname: Caf\xE9\n", 3) ==
        "f.yaml:5:10: error: invalid UTF-8: byte 0xE9 does not start a well-formed character\n"
        "    name: Caf?\n"
        "             ^\n"
        "  hint: save the file as UTF-8 (from Latin-1: iconv -f latin1 -t utf-8); the line is shown with `?` for the bad bytes\n");
  CHECK(error_of("title: Non lasciarmi \xE2\x80\x94 \xC3\xA8\n") == "(no error)");
}

TEST_CASE("yaml: syntax errors keep their position and line") {
  CHECK(contains(error_of("a: [1, 2\nb: 3\n"), "error: invalid YAML"));
  CHECK(contains(error_of("a: *nowhere\n"), "error: invalid YAML"));
}
