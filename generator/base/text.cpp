#include "base/text.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>

namespace reel {

void append_escaped(std::string& out, std::string_view text) {
  // Most text has nothing to escape: find the next special byte with a table and copy
  // the run before it in one append.
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    t['&'] = t['<'] = t['>'] = t['"'] = t['\''] = true;
    return t;
  }();
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const char* run = p;
    while (p < end && !kSpecial[static_cast<unsigned char>(*p)]) ++p;
    out.append(run, static_cast<std::size_t>(p - run));
    if (p == end) break;
    switch (*p) {
      case '&': out.append("&amp;", 5); break;
      case '<': out.append("&lt;", 4); break;
      case '>': out.append("&gt;", 4); break;
      case '"': out.append("&#34;", 5); break;
      default: out.append("&#39;", 5); break;
    }
    ++p;
  }
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string fnv1a_hex(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 0xf];
  return out;
}

namespace {

/// The length of the well-formed UTF-8 sequence at `p` (RFC 3629, section 4), or 0.
std::size_t utf8_sequence_length(const unsigned char* p, const unsigned char* end) {
  unsigned char b = p[0];
  if (b < 0x80) return 1;
  auto tail = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return p + i < end && p[i] >= lo && p[i] <= hi;
  };
  if (b >= 0xC2 && b <= 0xDF) return tail(1) ? 2 : 0;
  if (b == 0xE0) return tail(1, 0xA0) && tail(2) ? 3 : 0;              // no overlong form
  if (b == 0xED) return tail(1, 0x80, 0x9F) && tail(2) ? 3 : 0;        // no surrogate
  if (b >= 0xE1 && b <= 0xEF) return tail(1) && tail(2) ? 3 : 0;
  if (b == 0xF0) return tail(1, 0x90) && tail(2) && tail(3) ? 4 : 0;   // no overlong form
  if (b == 0xF4) return tail(1, 0x80, 0x8F) && tail(2) && tail(3) ? 4 : 0;  // ≤ U+10FFFF
  if (b >= 0xF1 && b <= 0xF3) return tail(1) && tail(2) && tail(3) ? 4 : 0;
  return 0;  // 80–BF (a lone continuation byte), C0, C1, F5–FF
}

}  // namespace

std::optional<std::size_t> validate_utf8(std::string_view text) {
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = begin + text.size();
  const auto* p = begin;
  while (p < end) {
    // ASCII runs are the common case: skip them a byte at a time without the table.
    if (*p < 0x80) {
      ++p;
      continue;
    }
    std::size_t n = utf8_sequence_length(p, end);
    if (n == 0) return static_cast<std::size_t>(p - begin);
    p += n;
  }
  return std::nullopt;
}

std::string replace_invalid_utf8(std::string_view text) {
  std::string out(text);
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = begin + text.size();
  for (const auto* p = begin; p < end;) {
    std::size_t n = utf8_sequence_length(p, end);
    if (n == 0) {
      out[static_cast<std::size_t>(p - begin)] = '?';
      n = 1;
    }
    p += n;
  }
  return out;
}

LineColumn line_column_at(std::string_view text, std::size_t offset) {
  LineColumn at;
  offset = std::min(offset, text.size());
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      line_start = i + 1;
    }
  }
  at.column = static_cast<std::uint32_t>(offset - line_start + 1);
  return at;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<IsoDate> parse_iso_date(std::string_view text) {
  auto number = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  IsoDate d;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  if (!number(0, 4, d.year)) return std::nullopt;
  if (text.size() >= 7) {
    if (text[4] != '-' || !number(5, 2, d.month) || d.month < 1 || d.month > 12) return std::nullopt;
    d.precision = 1;
  }
  if (text.size() == 10) {
    if (text[7] != '-' || !number(8, 2, d.day) || d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
    d.precision = 2;
  }
  return d;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  while (true) {
    std::size_t at = s.find(sep, start);
    if (at == std::string_view::npos) break;
    pieces.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  pieces.push_back(s.substr(start));
  return pieces;
}

std::uint64_t hash_bytes(std::string_view bytes) { return std::hash<std::string_view>{}(bytes); }

std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b) {
  char both[16];
  std::memcpy(both, &a, 8);
  std::memcpy(both + 8, &b, 8);
  return hash_bytes(std::string_view(both, 16));
}

}  // namespace reel
