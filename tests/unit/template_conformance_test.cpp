// Byte-for-byte conformance with Python's Jinja2: tests/template/conformance.jsonl holds
// template cases with the output Jinja2 3.x produced (make_conformance.py regenerates it).
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "base/fs.h"
#include "template/environment.h"

namespace {

using Json = nlohmann::ordered_json;

reel::Value from_json(const Json& j) {
  if (j.is_null()) return reel::Value();
  if (j.is_boolean()) return reel::Value(j.get<bool>());
  if (j.is_number_integer()) return reel::Value(j.get<std::int64_t>());
  if (j.is_number_float()) return reel::Value(j.get<double>());
  if (j.is_string()) return reel::Value(j.get<std::string>());
  if (j.is_array()) {
    reel::ValueList l;
    for (const auto& x : j) l.push_back(from_json(x));
    return reel::Value(std::move(l));
  }
  reel::ValueMap m;
  for (const auto& [k, v] : j.items()) m.set(k, from_json(v));
  return reel::Value(std::move(m));
}

}  // namespace

TEST_CASE("template conformance: output matches Jinja2 byte for byte") {
  std::ifstream in(std::string(REEL_TEST_DATA) + "/template/conformance.jsonl");
  REQUIRE(in.good());
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json c = Json::parse(line);
    ++cases;
    reel::MemoryFileSystem fs;
    reel::tpl::Options o;
    Json opts = c.value("opts", Json::object());
    o.trim_blocks = opts.value("trim_blocks", false);
    o.lstrip_blocks = opts.value("lstrip_blocks", false);
    o.keep_trailing_newline = opts.value("keep_trailing_newline", false);
    o.strict_undefined = opts.value("strict", false);
    reel::tpl::Environment env(fs, "templates", o);
    std::string name = c.value("name", std::string("t.html"));
    std::string source = c["t"].get<std::string>();
    CAPTURE(source);
    std::string out, err;
    try {
      Json files = c.value("files", Json::object());
      for (const auto& [k, v] : files.items()) env.add_template(k, v.get<std::string>());
      env.add_template(name, source);
      out = env.render(name, from_json(c.value("ctx", Json::object())));
    } catch (const reel::Error& e) {
      err = e.diagnostic().format();
    }
    if (c.value("error", false)) {
      CHECK_MESSAGE(!err.empty(), "Jinja2 raises here, reel rendered: " << out);
    } else {
      CHECK_MESSAGE(err.empty(), err);
      CHECK(out == c["expect"].get<std::string>());
    }
  }
  CHECK(cases > 100);
}
