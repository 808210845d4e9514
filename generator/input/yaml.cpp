#include "input/yaml.h"

#include <charconv>
#include <cstdlib>
#include <sstream>

namespace reel {

YAML::Node parse_yaml(std::string_view text, const std::string& file, std::uint32_t line_offset) {
  try {
    std::string copy(text);
    return YAML::Load(copy);
  } catch (const YAML::Exception& e) {
    Diagnostic d;
    d.pos = SourcePos{file, static_cast<std::uint32_t>(e.mark.line + 1 + line_offset),
                      static_cast<std::uint32_t>(e.mark.column + 1)};
    if (e.mark.is_null()) d.pos.line = d.pos.column = 0;
    d.message = "invalid YAML: " + e.msg;
    d.source_line = std::string(line_of(text, static_cast<std::uint32_t>(e.mark.line + 1)));
    d.hint = "check the indentation and quoting on this line or the one above";
    throw Error(std::move(d));
  }
}

bool has_translated_tag(const YAML::Node& node) {
  return node.IsDefined() && node.Tag() == kTranslatedTag;
}

SourcePos yaml_pos(const YAML::Node& node, const std::string& file, std::uint32_t line_offset) {
  YAML::Mark m = node.Mark();
  if (m.is_null()) return SourcePos{file};
  return SourcePos{file, static_cast<std::uint32_t>(m.line + 1 + line_offset),
                   static_cast<std::uint32_t>(m.column + 1)};
}

Diagnostic yaml_diagnostic(const YAML::Node& node, std::string_view text, const std::string& file,
                           std::string message, std::string hint, std::uint32_t line_offset) {
  Diagnostic d;
  d.pos = yaml_pos(node, file, line_offset);
  d.message = std::move(message);
  d.hint = std::move(hint);
  if (d.pos.line > line_offset) d.source_line = std::string(line_of(text, d.pos.line - line_offset));
  return d;
}

namespace {

bool parse_int(const std::string& s, std::int64_t& out) {
  std::string_view v = s;
  if (!v.empty() && v.front() == '+') v.remove_prefix(1);
  if (v.empty()) return false;
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'o')) {
    base = v[1] == 'x' ? 16 : 8;
    v.remove_prefix(2);
  }
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out, base);
  return ec == std::errc() && ptr == v.data() + v.size();
}

bool parse_float(const std::string& s, double& out) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") { out = HUGE_VAL; return true; }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") { out = -HUGE_VAL; return true; }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") { out = std::nan(""); return true; }
  // YAML 1.2 core schema: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool digits = false;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; digits = true; }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; digits = true; }
  }
  if (!digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    bool exp = false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; exp = true; }
    if (!exp) return false;
  }
  if (i != s.size()) return false;
  out = std::strtod(s.c_str(), nullptr);
  return true;
}

Value scalar_to_value(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  // Quoted and block scalars carry the "!" tag, and tagged ones their tag ("!translated"
  // misplaced on a scalar is reported by the caller); only untagged plain scalars are typed.
  if (node.Tag() != "?") return Value(s);
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value();
  if (s == "true" || s == "True" || s == "TRUE") return Value(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value(false);
  std::int64_t i = 0;
  if (parse_int(s, i)) return Value(i);
  double d = 0;
  if (parse_float(s, d)) return Value(d);
  return Value(s);
}

}  // namespace

Value yaml_to_value(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: return Value();
    case YAML::NodeType::Scalar: return scalar_to_value(node);
    case YAML::NodeType::Sequence: {
      ValueList list;
      list.reserve(node.size());
      for (const auto& item : node) list.push_back(yaml_to_value(item));
      return Value(std::move(list));
    }
    case YAML::NodeType::Map: {
      ValueMap map;
      for (const auto& kv : node) map.set(kv.first.Scalar(), yaml_to_value(kv.second));
      return Value(std::move(map));
    }
  }
  return Value();
}

}  // namespace reel
