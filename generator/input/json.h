// json: JSON text → Value, for `reel render --context FILE` and other JSON inputs.
#pragma once

#include <string>
#include <string_view>

#include "base/value.h"

namespace reel {

/// Parses JSON (RFC 8259) into a Value: objects keep their key order, integers that
/// fit in 64 bits stay integers, other numbers become doubles. Throws reel::Error at
/// `file`:line:column with the offending line when the text is not valid JSON.
Value parse_json(std::string_view text, const std::string& file);

}  // namespace reel
