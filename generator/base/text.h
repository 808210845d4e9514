// text: small text helpers shared by every stage: HTML escaping, UTF-8 encoding and
// validation, ISO 8601 dates, splitting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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

/// A fast 64-bit hash of `bytes` (std::hash of the string_view), the same for the same
/// bytes in every run of one reel binary: the fingerprint the build cache and the stage
/// products compare inputs by. Not stable across builds of reel (caches key on reel's
/// version and on a probe of it), and not a cryptographic hash.
std::uint64_t hash_bytes(std::string_view bytes);

/// hash_bytes of the 16 bytes of `a` and `b`: one fingerprint of two (order matters).
std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b);

/// Appends the UTF-8 encoding of the code point `cp` (1 to 4 bytes; RFC 3629).
void append_utf8(std::string& out, std::uint32_t cp);

/// Checks that `text` is well-formed UTF-8 as RFC 3629 defines it (section 4, the
/// UTF8-octets syntax): no byte C0, C1 or F5–FF, no overlong form, no surrogate
/// (U+D800–U+DFFF), nothing above U+10FFFF, no sequence cut short. Returns the byte
/// offset of the first byte of the first ill-formed sequence, or nullopt when the whole
/// text is well formed. A byte order mark is well-formed text. Throws nothing.
std::optional<std::size_t> validate_utf8(std::string_view text);

/// `text` with every byte that is not part of a well-formed UTF-8 sequence replaced by
/// '?', byte for byte (so byte columns stay where they were): for showing a line that
/// holds invalid UTF-8 without copying the invalid bytes into the output.
std::string replace_invalid_utf8(std::string_view text);

/// The 1-based line and byte column of byte `offset` of `text` (lines end at '\n').
struct LineColumn {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};
LineColumn line_column_at(std::string_view text, std::size_t offset);

/// An ISO 8601 calendar date of reduced or full precision (ISO 8601-1:2019, 5.2.2):
/// "YYYY", "YYYY-MM" or "YYYY-MM-DD", in the proleptic Gregorian calendar.
struct IsoDate {
  int year = 0;
  int month = 0;      ///< 1–12, or 0 when only the year is given
  int day = 0;        ///< 1–31, or 0 when the day is not given
  int precision = 0;  ///< 0: year, 1: year and month, 2: full date
};

/// The days of `month` (1–12) in `year`, leap years included (Gregorian: divisible by
/// 4, except centuries not divisible by 400): 28 to 31.
int days_in_month(int year, int month);

/// Parses "2010", "2010-09" or "2010-09-15" (four-digit year, two-digit month and day,
/// '-' between them, nothing else). The day must exist in its month: "2010-02-30" and
/// "2011-02-29" give nullopt, "2012-02-29" is a date. Throws nothing.
std::optional<IsoDate> parse_iso_date(std::string_view text);

/// The pieces of `s` between occurrences of `sep`, as Python's `str.split(sep)` gives
/// them: empty pieces are kept, so the result has one more piece than `s` has `sep`s
/// ("" gives {""}, "a," gives {"a", ""}). The views point into `s`, which must outlive
/// them. Throws nothing.
std::vector<std::string_view> split(std::string_view s, char sep);

}  // namespace reel
