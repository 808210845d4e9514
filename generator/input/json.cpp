#include "input/json.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"

namespace reel {

namespace {

using Json = nlohmann::ordered_json;

/// Builds one Value from nlohmann's SAX events (nlohmann::json_sax's interface): a
/// stack of the lists and maps being filled, each item added where it belongs.
class ValueBuilder {
 public:
  explicit ValueBuilder(std::uint32_t max_depth) : max_depth_(max_depth) {}

  bool null() { return add(Value()); }
  bool boolean(bool b) { return add(Value(b)); }
  bool number_integer(std::int64_t i) { return add(Value(i)); }
  bool number_unsigned(std::uint64_t u) {
    return add(u > static_cast<std::uint64_t>(INT64_MAX) ? Value(static_cast<double>(u)) : Value(static_cast<std::int64_t>(u)));
  }
  bool number_float(double d, const std::string&) { return add(Value(d)); }
  bool string(std::string& s) { return add(Value(std::move(s))); }
  bool binary(std::vector<std::uint8_t>&) { return false; }
  bool start_object(std::size_t n) { return open(true, n); }
  bool key(std::string& k) {
    stack_.back().key = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t n) { return open(false, n); }
  bool end_array() { return close(); }
  template <typename Exception>
  bool parse_error(std::size_t, const std::string&, const Exception&) {
    return false;
  }

  /// The whole item, once the reader has ended without an error.
  std::optional<Value> result() { return done_ ? std::optional<Value>(std::move(root_)) : std::nullopt; }

 private:
  struct Frame {
    bool is_map = false;
    ValueList list;
    ValueMap map;
    std::string key;
  };

  bool open(bool is_map, std::size_t n) {
    if (stack_.size() >= max_depth_) return false;
    Frame& f = stack_.emplace_back();
    f.is_map = is_map;
    // n is the count the bytes announce (or -1 for an indefinite length): reserved only
    // when small, so that a damaged count cannot ask for gigabytes.
    if (n <= 4096) {
      if (is_map) f.map.reserve(n);
      else f.list.reserve(n);
    }
    return true;
  }
  bool close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    return add(f.is_map ? Value(std::move(f.map)) : Value(std::move(f.list)));
  }
  bool add(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      done_ = true;
      return true;
    }
    Frame& f = stack_.back();
    if (f.is_map) f.map.set(std::move(f.key), std::move(v));
    else f.list.push_back(std::move(v));
    return true;
  }

  std::uint32_t max_depth_;
  std::vector<Frame> stack_;
  Value root_;
  bool done_ = false;
};

}  // namespace

std::optional<Value> cbor_to_value(std::string_view bytes, std::uint32_t max_depth) {
  ValueBuilder builder(max_depth);
  const auto* first = reinterpret_cast<const std::uint8_t*>(bytes.data());
  bool ok = false;
  try {
    ok = Json::sax_parse(first, first + bytes.size(), &builder, Json::input_format_t::cbor, true);
  } catch (const std::exception&) {  // nlohmann throws for some malformed input even with SAX
    ok = false;
  }
  return ok ? builder.result() : std::nullopt;
}

Value json_to_value(const Json& j) {
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
      for (const auto& item : j) list.push_back(json_to_value(item));
      return Value(std::move(list));
    }
    case Json::value_t::object: {
      ValueMap map;
      map.reserve(j.size());
      for (const auto& [k, v] : j.items()) map.set(k, json_to_value(v));
      return Value(std::move(map));
    }
    default: return Value();
  }
}

namespace {

// The line and column (1-based, columns in bytes) of byte `offset` of `text`.
SourcePos position_of(std::string_view text, std::size_t offset, const std::string& file) {
  offset = std::min(offset, text.size());
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return SourcePos{file, line, column};
}

[[noreturn]] void fail_at(std::string_view text, std::size_t offset, const std::string& file, std::string message,
                          std::string hint = {}) {
  Diagnostic d;
  d.pos = position_of(text, offset, file);
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.source_line = std::string(line_of(text, d.pos.line));
  throw Error(std::move(d));
}

// The offset of the `[` or `{` that opens nesting level max_depth + 1, outside strings;
// npos when the text nests no deeper. Runs before parsing, in one pass: the parser (and
// the recursive conversion after it) then never sees a document that is too deep. A
// text that is not JSON may give a wrong answer here; the parser reports it then.
std::size_t too_deep_at(std::string_view text, std::uint32_t max_depth) {
  std::uint64_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Value parse_json(std::string_view text, const std::string& file, const JsonLimits& limits) {
  if (std::size_t at = too_deep_at(text, limits.max_depth); at != std::string_view::npos) {
    fail_at(text, at, file, "JSON nested deeper than " + std::to_string(limits.max_depth) + " levels",
            "arrays and objects may hold each other at most " + std::to_string(limits.max_depth) +
                " levels deep (RFC 8259 section 9 lets a parser limit nesting)");
  }
  try {
    return json_to_value(Json::parse(text.begin(), text.end()));
  } catch (const Json::parse_error& e) {
    // nlohmann reports a byte offset; turn it into line and column.
    std::string what = e.what();
    std::size_t colon = what.rfind(": ");
    fail_at(text, e.byte > 0 ? e.byte - 1 : 0, file,
            "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)));
  }
}

}  // namespace reel
