#include <doctest/doctest.h>

#include "base/value.h"

using reel::Value;
using reel::ValueMap;

TEST_CASE("value: truthiness follows Python") {
  CHECK_FALSE(Value().truthy());
  CHECK_FALSE(Value::undefined("x").truthy());
  CHECK_FALSE(Value(0).truthy());
  CHECK_FALSE(Value("").truthy());
  CHECK_FALSE(Value(reel::ValueList{}).truthy());
  CHECK(Value("a").truthy());
  CHECK(Value(0.5).truthy());
}

TEST_CASE("value: equality across numeric kinds and markup") {
  CHECK(Value(1) == Value(1.0));
  CHECK(Value(true) == Value(1));
  CHECK(Value("a") == Value::markup("a"));
  CHECK(Value("1") != Value(1));
  CHECK(Value(reel::ValueList{1, "a"}) == Value(reel::ValueList{1.0, "a"}));
}

TEST_CASE("value: identical() tells apart what a template could print differently") {
  CHECK(identical(Value(1), Value(1)));
  CHECK_FALSE(identical(Value(1), Value(1.0)));  // `1` and `1.0`
  CHECK_FALSE(identical(Value(true), Value(1)));
  CHECK_FALSE(identical(Value("a"), Value::markup("a")));  // escaped or not
  CHECK(identical(Value::markup("<b>"), Value::markup("<b>")));
  CHECK_FALSE(identical(Value(0.0), Value(-0.0)));
  CHECK_FALSE(identical(Value(reel::ValueList{1, 2}), Value::tuple({1, 2})));  // [1, 2] and (1, 2)
  CHECK(identical(Value(reel::ValueList{1, "a"}), Value(reel::ValueList{1, "a"})));
  CHECK_FALSE(identical(Value(reel::ValueList{1, "a"}), Value(reel::ValueList{1.0, "a"})));
  // Maps: the same keys in another order print in another order.
  Value ab(ValueMap{{"a", 1}, {"b", 2}});
  CHECK(identical(ab, Value(ValueMap{{"a", 1}, {"b", 2}})));
  CHECK(ab == Value(ValueMap{{"b", 2}, {"a", 1}}));
  CHECK_FALSE(identical(ab, Value(ValueMap{{"b", 2}, {"a", 1}})));
  CHECK_FALSE(identical(ab, Value(ValueMap{{"a", 1}})));
  CHECK_FALSE(identical(Value(), Value::undefined()));
  CHECK(identical(Value::undefined("x"), Value::undefined("x")));
  CHECK_FALSE(identical(Value::undefined("x"), Value::undefined("y")));
}

TEST_CASE("value map: keeps insertion order, replaces in place, indexes large maps") {
  ValueMap m;
  m.set("b", 1);
  m.set("a", 2);
  m.set("b", 3);
  REQUIRE(m.size() == 2);
  CHECK(m.entries()[0].first == "b");
  CHECK(m.entries()[0].second == Value(3));
  for (int i = 0; i < 40; ++i) m.set("k" + std::to_string(i), i);
  REQUIRE(m.find("k33") != nullptr);
  CHECK(*m.find("k33") == Value(33));
  m.set("k33", 99);
  CHECK(*m.find("k33") == Value(99));
  CHECK(m.find("nope") == nullptr);
  CHECK(Value(m).get("a") == Value(2));
  CHECK(Value(m).get("zz").is_undefined());
  CHECK(Value(m).get("zz").undefined_name() == "zz");
}

#include "base/diagnostics.h"

TEST_CASE("diagnostics: did you mean counts swapped letters as one edit") {
  CHECK(reel::did_you_mean("flim", {"page", "film"}) == "film");
  CHECK(reel::did_you_mean("deafult_language", {"default_language", "languages"}) == "default_language");
  CHECK(reel::did_you_mean("xyz", {"film"}).empty());
}

TEST_CASE("diagnostics: format shows file:line:col, the line and a caret under the column") {
  reel::Diagnostic d{reel::Severity::kError, {"a.yaml", 3, 5}, "expected a map", "indent it", "key: [x", {}};
  CHECK(d.format() == "a.yaml:3:5: error: expected a map\n    key: [x\n        ^\n  hint: indent it\n");
}

#include "base/text.h"

TEST_CASE("value text: split keeps empty pieces as Python's str.split(sep) does") {
  using Pieces = std::vector<std::string_view>;
  CHECK(reel::split("a.b.0", '.') == Pieces{"a", "b", "0"});
  CHECK(reel::split("", ',') == Pieces{""});
  CHECK(reel::split("a,", ',') == Pieces{"a", ""});
  CHECK(reel::split(",,", ',') == Pieces{"", "", ""});
  CHECK(reel::split("no separator", ',') == Pieces{"no separator"});
}

TEST_CASE("value: a list a million levels deep is freed without recursion and compared with a limit") {
  reel::Value deep = reel::Value(reel::ValueList{});
  for (int i = 0; i < 1000000; ++i) deep = reel::Value(reel::ValueList{deep});
  reel::Value same = deep;
  CHECK(deep == same);  // the very same list: no walk
  reel::Value other = reel::Value(reel::ValueList{});
  for (int i = 0; i < 1000000; ++i) other = reel::Value(reel::ValueList{other});
  CHECK_THROWS_WITH_AS((void)(deep == other), doctest::Contains("value nested too deeply to be compared"), reel::Error);
  CHECK_THROWS_WITH_AS((void)identical(deep, other), doctest::Contains("value nested too deeply to be compared"), reel::Error);
  CHECK(identical(deep, same));
  deep = reel::Value();
  same = reel::Value();
  other = reel::Value();  // freeing both must not overflow the stack
  CHECK(deep.is_none());
}
