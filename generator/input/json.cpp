#include "input/json.h"

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"

namespace reel {

namespace {

using Json = nlohmann::ordered_json;

Value to_value(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return Value();
    case Json::value_t::boolean: return Value(j.get<bool>());
    case Json::value_t::number_integer: return Value(j.get<std::int64_t>());
    case Json::value_t::number_unsigned: {
      auto u = j.get<std::uint64_t>();
      return u > static_cast<std::uint64_t>(INT64_MAX) ? Value(static_cast<double>(u)) : Value(static_cast<std::int64_t>(u));
    }
    case Json::value_t::number_float: return Value(j.get<double>());
    case Json::value_t::string: return Value(j.get<std::string>());
    case Json::value_t::array: {
      ValueList list;
      list.reserve(j.size());
      for (const auto& item : j) list.push_back(to_value(item));
      return Value(std::move(list));
    }
    case Json::value_t::object: {
      ValueMap map;
      for (const auto& [k, v] : j.items()) map.set(k, to_value(v));
      return Value(std::move(map));
    }
    default: return Value();
  }
}

}  // namespace

Value parse_json(std::string_view text, const std::string& file) {
  try {
    return to_value(Json::parse(text.begin(), text.end()));
  } catch (const Json::parse_error& e) {
    // nlohmann reports a byte offset; turn it into line and column.
    std::size_t offset = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    std::uint32_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    Diagnostic d;
    d.pos = SourcePos{file, line, column};
    std::string what = e.what();
    std::size_t colon = what.rfind(": ");
    d.message = "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
    d.source_line = std::string(line_of(text, line));
    throw Error(std::move(d));
  }
}

}  // namespace reel
