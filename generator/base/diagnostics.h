// diagnostics: source positions, the one error type, the collector that gathers every
// problem a stage finds, and the `file:line:col` + source line + caret rendering.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace reel {

/// A place in an input file. `line` and `column` are 1-based (column counts bytes);
/// 0 means "unknown". `file` is the path as the user would type it (relative to the
/// site folder when the file is inside it).
struct SourcePos {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  /// "file:line:col", "file:line" or "file", depending on what is known.
  std::string str() const;
};

enum class Severity { kError, kWarning };

/// One problem with an input: where, what, and a hint on how to fix it (may be empty).
/// `source_line` is the text of the offending line (without newline) when known; it is
/// shown under the message with a caret under `pos.column`.
struct Diagnostic {
  Severity severity = Severity::kError;
  SourcePos pos;
  std::string message;
  std::string hint;
  std::string source_line;
  /// Extra context lines, outermost last, e.g. "included from base.html:3:4".
  std::vector<std::string> notes;

  /// Renders as ninja and compilers do:
  ///   file:3:7: error: expected `endfor`, got end of file
  ///       {% for x in xs %}
  ///             ^
  ///   hint: ...
  std::string format() const;

  /// The machine-readable form (`reel build --diagnostics json`): one JSON object on
  /// one line, without a trailing newline, with exactly these members in this order:
  ///   {"file":…,"line":…,"column":…,"end_line":…,"end_column":…,
  ///    "severity":"error"|"warning","message":…,"hint":…,"notes":[…]}
  /// `file` is `pos.file`, or null when empty. `line` and `column` are 1-based numbers
  /// (column counts bytes), or null when unknown (0). A Diagnostic records only where a
  /// problem starts, so `end_line` and `end_column` are always equal to `line` and
  /// `column` (a zero-width span at the start); consumers may rely on them being
  /// present. `hint` is a string, empty when there is none; `notes` is an array of
  /// strings, outermost last. Strings are UTF-8 with JSON escapes for quotes,
  /// backslashes and control characters (newlines as \n); bytes that are not
  /// well-formed UTF-8 become U+FFFD. `source_line` is not included. Never throws
  /// (except std::bad_alloc).
  std::string format_json() const;
};

/// How a command prints its errors and warnings: `text` for people (Diagnostic::format),
/// `json` for editors and CI (Diagnostic::format_json, one object a line).
enum class DiagnosticsFormat { kText, kJson };

/// The one exception type of reel: carries a Diagnostic. Thrown for errors that stop
/// a stage at once (an unreadable template, a syntax error); stages that can go on
/// collect into `Diagnostics` instead.
class Error : public std::runtime_error {
 public:
  explicit Error(Diagnostic d);
  Error(SourcePos pos, std::string message, std::string hint = {});
  const Diagnostic& diagnostic() const { return diag_; }
  Diagnostic& diagnostic() { return diag_; }

 private:
  Diagnostic diag_;
};

/// Collects every diagnostic a stage reports, so that a user sees all problems at once.
class Diagnostics {
 public:
  void add(Diagnostic d);
  void error(SourcePos pos, std::string message, std::string hint = {});
  void warning(SourcePos pos, std::string message, std::string hint = {});
  /// Appends every diagnostic of `other`.
  void merge(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return items_.size() - errors_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  /// All diagnostics formatted, one after another, each ending with a newline.
  std::string format() const;
  /// All diagnostics as Diagnostic::format_json() lines, each ending with a newline
  /// (JSON Lines); empty when there are none.
  std::string format_json() const;
  /// format() for DiagnosticsFormat::kText, format_json() for kJson.
  std::string format(DiagnosticsFormat how) const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

/// The text of line `line` (1-based) of `text`, without its newline; empty if out of range.
std::string_view line_of(std::string_view text, std::uint32_t line);

/// The error for the first byte of `text` that is not well-formed UTF-8 (RFC 3629,
/// section 4; see text.h's validate_utf8) at its line and byte column in `file`, with
/// that line shown (its invalid bytes as '?'), or nullopt when `text` is well formed.
/// `line_offset` is added to the line, as for text that starts further down its file.
/// Every reader of input text calls it before anything else reads the text.
std::optional<Diagnostic> utf8_diagnostic(std::string_view text, const std::string& file, std::uint32_t line_offset = 0);

/// The candidate closest to `name` by edit distance (insertions, deletions,
/// substitutions and swapped neighbours each count 1; at most a third of its length,
/// at least 1), or an empty string. Used for "did you mean …?" hints, as ninja's
/// SpellcheckString does: the smallest distance wins, the first candidate on a tie.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

/// "did you mean `x`?" when `did_you_mean` finds one, else `fallback`.
std::string suggestion_hint(std::string_view name, const std::vector<std::string>& candidates,
                            std::string fallback = {});

}  // namespace reel
