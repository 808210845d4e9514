// input/json: JSON text into Values (`reel render --context`), with positioned errors
// and a nesting limit (issue 11) so that no document can overflow the stack.
#include <doctest/doctest.h>

#include <string>

#include "base/diagnostics.h"
#include "input/json.h"

#include <nlohmann/json.hpp>

using reel::Value;

namespace {

// The formatted diagnostic parse_json throws for `text` ("" if none).
std::string json_error(const std::string& text, const reel::JsonLimits& limits = {}) {
  try {
    reel::parse_json(text, "ctx.json", limits);
  } catch (const reel::Error& e) {
    return e.diagnostic().format();
  }
  return "";
}

}  // namespace

TEST_CASE("json: objects arrays and numbers become Values") {
  Value v = reel::parse_json(R"({"b": [1, 2.5, "x", null, true], "a": 9223372036854775807, "u": 18446744073709551615})",
                             "ctx.json");
  REQUIRE(v.is_map());
  CHECK(v.as_map().begin()->first == "b");  // key order kept
  CHECK(v.get("b").as_list().size() == 5);
  CHECK(v.get("a").as_int() == INT64_MAX);
  CHECK(v.get("u").is_double());
}

TEST_CASE("json: syntax errors have a line and column") {
  std::string err = json_error("{\n  \"a\": [1,\n  2,,]\n}");
  CHECK(err.find("ctx.json:3:5: error: invalid JSON:") == 0);
  CHECK(err.find("      2,,]\n") != std::string::npos);
}

TEST_CASE("json: nesting deeper than the limit is an error at the bracket") {
  // 20,000 levels used to overflow the stack in the recursive conversion.
  std::string deep = "{\"a\":\n" + std::string(20000, '[') + std::string(20000, ']') + "}";
  std::string err = json_error(deep);
  CHECK(err.find("ctx.json:2:512: error: JSON nested deeper than 512 levels\n") == 0);
  CHECK(err.find("hint: arrays and objects may hold each other at most 512 levels deep") != std::string::npos);
  // Objects count as levels too; brackets inside strings do not.
  std::string objects;
  for (int i = 0; i < 600; ++i) objects += "{\"k\":";
  objects += "1" + std::string(600, '}');
  CHECK(json_error(objects).find("ctx.json:1:") == 0);
  std::string in_string = "{\"s\": \"" + std::string(5000, '[') + "\\\"" + std::string(5000, '{') + "\"}";
  CHECK(json_error(in_string).empty());
  // Exactly the limit is fine, one more is not; the limit can be changed.
  std::string at_limit = std::string(512, '[') + std::string(512, ']');
  CHECK(json_error(at_limit).empty());
  CHECK(json_error("[" + at_limit + "]").find("ctx.json:1:513: error: JSON nested deeper than 512 levels") == 0);
  reel::JsonLimits small;
  small.max_depth = 2;
  CHECK(json_error("[[1]]", small).empty());
  CHECK(json_error("[[[1]]]", small).find("ctx.json:1:3: error: JSON nested deeper than 2 levels") == 0);
}

TEST_CASE("json: CBOR straight into Values gives what the JSON tree gives, and refuses damage") {
  using Json = nlohmann::ordered_json;
  Json j = Json::parse(R"({"b": 1, "a": [true, null, -3, 2.5, "x", {"k": "v"}], "big": 18446744073709551615,
                           "empty": {}, "list": []})");
  std::vector<std::uint8_t> cbor = Json::to_cbor(j);
  std::string bytes(cbor.begin(), cbor.end());
  std::optional<Value> v = reel::cbor_to_value(bytes);
  REQUIRE(v);
  CHECK(identical(*v, reel::json_to_value(j)));  // kinds, numbers and key order alike
  CHECK(v->as_map().entries().front().first == "b");
  CHECK(v->get("big").is_double());
  CHECK_FALSE(reel::cbor_to_value(bytes.substr(0, bytes.size() - 1)));  // cut short
  CHECK_FALSE(reel::cbor_to_value(bytes + "x"));                        // more than one item
  CHECK_FALSE(reel::cbor_to_value(""));
  std::vector<std::uint8_t> binary = Json::to_cbor(Json::binary({1, 2, 3}));
  CHECK_FALSE(reel::cbor_to_value(std::string(binary.begin(), binary.end())));
  // Nesting past the limit is refused, not walked.
  std::string deep(600, '\x81');  // 600 arrays of one item each…
  deep += '\x01';                 // …around the number 1
  CHECK_FALSE(reel::cbor_to_value(deep));
  CHECK(reel::cbor_to_value(deep, 1000));
  // A count announcing more items than there are bytes is refused without reserving them.
  CHECK_FALSE(reel::cbor_to_value(std::string("\x9b\x00\x00\x00\x10\x00\x00\x00\x00", 9)));
}
