// yaml: parsing YAML text with positioned errors, and turning YAML nodes into Values.
// The shared reader under site.yaml, facts files and front matter.
#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "base/diagnostics.h"
#include "base/value.h"

namespace reel {

/// How far a YAML document may nest and repeat itself through aliases.
struct YamlLimits {
  /// The most collections (maps and lists) one inside another, aliases followed: a
  /// document nested deeper is refused before anything walks it recursively.
  std::uint32_t max_depth = 256;
  /// Nodes an alias repeats (YAML 1.2, section 3.2.2.2 "Anchors and Aliases": an alias
  /// stands for its anchor's whole node, aliases inside it included) may add up to
  /// max(min_alias_nodes, alias_factor × the nodes written in the document). Past it a
  /// document is an "alias bomb" ("billion laughs"): ten lines that stand for 10⁹ nodes.
  std::uint64_t min_alias_nodes = 100'000;
  std::uint64_t alias_factor = 10;
};

/// Parses the first YAML document of `text`. `file` names it in messages; `line_offset`
/// is added to every line (front matter starts below its `---` line). An empty document
/// gives a null node.
///
/// Throws reel::Error, at its line and column with the offending line shown, when:
/// - `text` is not well-formed UTF-8 (RFC 3629; YAML 1.2, section 5.2, reads UTF-8);
/// - the text is not YAML (the parser's message);
/// - a map holds the same key twice (YAML 1.2, section 3.2.1.1: keys are unique): the
///   message names where the key was first written;
/// - collections nest deeper than `limits.max_depth`;
/// - aliases repeat more nodes than `limits` allows (at the alias that goes past it,
///   naming its anchor and where it is).
/// So every node tree it returns may be walked recursively, and turned into a Value, in
/// time and memory linear in the size of `text`: yaml_to_value and the validators over
/// YAML nodes rely on it. Aliases share the node of their anchor (yaml-cpp's model).
YAML::Node parse_yaml(std::string_view text, const std::string& file, std::uint32_t line_offset = 0,
                      const YamlLimits& limits = {});

/// The 1-based position of `node` (yaml-cpp's Mark is 0-based: converted here, once).
SourcePos yaml_pos(const YAML::Node& node, const std::string& file, std::uint32_t line_offset = 0);

/// The local tag that marks a map as one value per site language in data that no
/// schema describes: `title: !translated {en: Pride and Prejudice, it: Orgoglio e pregiudizio}`
/// (YAML 1.2 spec, section 6.8.1 "Node Tags": a `!` local tag is the application's).
inline constexpr std::string_view kTranslatedTag = "!translated";

/// True when `node` carries the `!translated` tag (on any kind of node; callers report
/// the tag on anything but a map).
bool has_translated_tag(const YAML::Node& node);

/// Converts a node (from parse_yaml, which bounds its size and depth) to a Value. Plain scalars are typed as YAML 1.2's core schema does
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
