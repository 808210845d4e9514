// text: small text helpers shared by every stage: HTML escaping, UTF-8 encoding and
// splitting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reel {

/// Appends `text` with & < > " ' replaced by &amp; &lt; &gt; &#34; &#39;, exactly as
/// Jinja2's markupsafe escapes; the result is safe in HTML and XML text and in quoted
/// attribute values.
void append_escaped(std::string& out, std::string_view text);

/// `text` escaped as append_escaped does.
std::string escape_html(std::string_view text);

/// The 64-bit FNV-1a hash of `bytes` as 16 lowercase hex digits: a short, stable
/// fingerprint (not a cryptographic one).
std::string fnv1a_hex(std::string_view bytes);

/// Appends the UTF-8 encoding of the code point `cp` (1 to 4 bytes; RFC 3629).
void append_utf8(std::string& out, std::uint32_t cp);

/// The pieces of `s` between occurrences of `sep`, as Python's `str.split(sep)` gives
/// them: empty pieces are kept, so the result has one more piece than `s` has `sep`s
/// ("" gives {""}, "a," gives {"a", ""}). The views point into `s`, which must outlive
/// them. Throws nothing.
std::vector<std::string_view> split(std::string_view s, char sep);

}  // namespace reel
