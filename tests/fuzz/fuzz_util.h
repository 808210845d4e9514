// Shared helpers of the libFuzzer targets (tests/fuzz/README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace reel::fuzz {

/// The fuzzer's bytes as a string_view.
inline std::string_view bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Formats an error the way reel prints it (file:line:column, the line, a caret), so
/// that the formatting of positions in odd input is fuzzed too.
inline void touch(const Error& e) {
  std::string text = e.diagnostic().format();
  if (text.empty()) __builtin_trap();  // every error says something
}

}  // namespace reel::fuzz
