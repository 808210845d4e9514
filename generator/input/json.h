// json: JSON text → Value, for `reel render --context FILE` and other JSON inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/value.h"

namespace reel {

/// How deep a JSON document may nest.
struct JsonLimits {
  /// The most arrays and objects one inside another. RFC 8259 section 9 lets a parser
  /// "set limits on the maximum depth of nesting"; a deeper document is refused before
  /// anything walks it recursively (converting it to a Value, printing, destroying it),
  /// so that a 20,000-deep context cannot overflow the stack.
  std::uint32_t max_depth = 512;
};

/// Parses JSON (RFC 8259) into a Value: objects keep their key order, integers that
/// fit in 64 bits stay integers, other numbers become doubles. Throws reel::Error at
/// `file`:line:column with the offending line when the text is not valid JSON, or at the
/// bracket that opens one level too many when it nests deeper than `limits.max_depth`.
Value parse_json(std::string_view text, const std::string& file, const JsonLimits& limits = {});

/// A parsed JSON document (or a CBOR one, nlohmann/json's binary format) as a Value:
/// objects keep their key order, integers stay integers (an unsigned one past the
/// int64 range becomes a double), other numbers become doubles; binary values and
/// discarded ones become none. Recursive: the document must come from a parser that
/// limits its depth. Throws nothing but std::bad_alloc.
Value json_to_value(const nlohmann::ordered_json& json);

/// CBOR bytes (RFC 8949) as nlohmann/json writes them (`to_cbor`) straight into a Value,
/// through nlohmann's SAX reader with no JSON tree between: the Value json_to_value
/// would give for `from_cbor` of the same bytes (maps in the order written; an unsigned
/// integer past the int64 range becomes a double). nullopt when the bytes are not one
/// whole CBOR item, hold a binary string, or nest deeper than `max_depth` arrays and
/// maps. Throws nothing but std::bad_alloc.
std::optional<Value> cbor_to_value(std::string_view bytes, std::uint32_t max_depth = 512);

}  // namespace reel
