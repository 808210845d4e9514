#include "base/diagnostics.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace reel {

std::string SourcePos::str() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string Diagnostic::format() const {
  std::string out = pos.str();
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  out += message;
  out += '\n';
  if (!source_line.empty()) {
    out += "    ";
    out += source_line;
    out += '\n';
    if (pos.column > 0) {
      out += "    ";
      // Keep tabs so the caret lines up under the same column in a terminal.
      for (std::uint32_t i = 0; i + 1 < pos.column && i < source_line.size(); ++i) {
        out += source_line[i] == '\t' ? '\t' : ' ';
      }
      out += "^\n";
    }
  }
  for (const auto& note : notes) out += "  " + note + '\n';
  if (!hint.empty()) out += "  hint: " + hint + '\n';
  return out;
}

std::string Diagnostic::format_json() const {
  // nlohmann::ordered_json keeps the members in the documented order.
  auto number = [](std::uint32_t n) { return n == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(n); };
  nlohmann::ordered_json j;
  j["file"] = pos.file.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(pos.file);
  j["line"] = number(pos.line);
  j["column"] = number(pos.column);
  // Only the start of a problem is recorded: the span ends where it starts.
  j["end_line"] = number(pos.line);
  j["end_column"] = number(pos.column);
  j["severity"] = severity == Severity::kError ? "error" : "warning";
  j["message"] = message;
  j["hint"] = hint;
  j["notes"] = notes;
  // Not ASCII-only: UTF-8 as is; invalid bytes become U+FFFD rather than throwing.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Error::Error(Diagnostic d) : std::runtime_error(d.message), diag_(std::move(d)) {}

Error::Error(SourcePos pos, std::string message, std::string hint)
    : Error(Diagnostic{Severity::kError, std::move(pos), std::move(message), std::move(hint), {}, {}}) {}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::kError) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::error(SourcePos pos, std::string message, std::string hint) {
  add(Diagnostic{Severity::kError, std::move(pos), std::move(message), std::move(hint), {}, {}});
}

void Diagnostics::warning(SourcePos pos, std::string message, std::string hint) {
  add(Diagnostic{Severity::kWarning, std::move(pos), std::move(message), std::move(hint), {}, {}});
}

void Diagnostics::merge(const Diagnostics& other) {
  for (const auto& d : other.items_) add(d);
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : items_) out += d.format();
  return out;
}

std::string Diagnostics::format_json() const {
  std::string out;
  for (const auto& d : items_) {
    out += d.format_json();
    out += '\n';
  }
  return out;
}

std::string Diagnostics::format(DiagnosticsFormat how) const {
  return how == DiagnosticsFormat::kJson ? format_json() : format();
}

std::optional<Diagnostic> utf8_diagnostic(std::string_view text, const std::string& file, std::uint32_t line_offset) {
  std::optional<std::size_t> bad = validate_utf8(text);
  if (!bad) return std::nullopt;
  LineColumn at = line_column_at(text, *bad);
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[*bad])));
  Diagnostic d;
  d.pos = SourcePos{file, at.line + line_offset, at.column};
  d.message = std::string("invalid UTF-8: byte ") + byte + " does not start a well-formed character";
  d.hint = "save the file as UTF-8 (from Latin-1: iconv -f latin1 -t utf-8); the line is shown with `?` for the bad bytes";
  d.source_line = replace_invalid_utf8(line_of(text, at.line));
  return d;
}

std::string_view line_of(std::string_view text, std::uint32_t line) {
  if (line == 0) return {};
  std::size_t start = 0;
  for (std::uint32_t l = 1; l < line; ++l) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  std::string_view out = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

namespace {

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two neighbouring characters each cost 1, so "flim" is one edit from "film".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::size_t best = limit + 1;
  std::string found;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d < best) {
      best = d;
      found = c;
    }
  }
  return found;
}

std::string suggestion_hint(std::string_view name, const std::vector<std::string>& candidates,
                            std::string fallback) {
  std::string guess = did_you_mean(name, candidates);
  if (!guess.empty()) return "did you mean `" + guess + "`?";
  return fallback;
}

}  // namespace reel
