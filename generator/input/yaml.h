// yaml: parsing YAML text with positioned errors, and turning YAML nodes into Values.
// The shared reader under site.yaml, facts files and front matter.
#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "base/diagnostics.h"
#include "base/value.h"

namespace reel {

/// Parses one YAML document. `file` names it in messages; `line_offset` is added to
/// every line (front matter starts below its `---` line). An empty document gives a
/// null node. Throws reel::Error at the parser's position with the offending line.
YAML::Node parse_yaml(std::string_view text, const std::string& file, std::uint32_t line_offset = 0);

/// The 1-based position of `node` (yaml-cpp's Mark is 0-based: converted here, once).
SourcePos yaml_pos(const YAML::Node& node, const std::string& file, std::uint32_t line_offset = 0);

/// The local tag that marks a map as one value per site language in data that no
/// schema describes: `title: !translated {en: Pride and Prejudice, it: Orgoglio e pregiudizio}`
/// (YAML 1.2 spec, section 6.8.1 "Node Tags": a `!` local tag is the application's).
inline constexpr std::string_view kTranslatedTag = "!translated";

/// True when `node` carries the `!translated` tag (on any kind of node; callers report
/// the tag on anything but a map).
bool has_translated_tag(const YAML::Node& node);

/// Converts a node to a Value. Plain scalars are typed as YAML 1.2's core schema does
/// (section 10.3.2: null/~ → none, true/false → bool, integers, floats, else string);
/// quoted scalars and scalars with an explicit tag are always strings, so `"2010"` stays
/// text. Maps keep their written order. Tags on maps and lists are dropped: a
/// `!translated` map becomes a plain map, and which maps are translated is found by
/// the caller (schema.h's `find_translated_maps`, or a schema's `localized` fields).
Value yaml_to_value(const YAML::Node& node);

/// A diagnostic at `node` with the source line filled in from `text`.
Diagnostic yaml_diagnostic(const YAML::Node& node, std::string_view text, const std::string& file,
                           std::string message, std::string hint = {}, std::uint32_t line_offset = 0);

}  // namespace reel
