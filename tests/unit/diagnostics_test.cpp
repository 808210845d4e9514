// diagnostics: the machine-readable form of a diagnostic (`--diagnostics json`).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"

using reel::Diagnostic;
using reel::Diagnostics;
using reel::Severity;
using reel::SourcePos;

namespace {

Diagnostic sample() {
  Diagnostic d;
  d.severity = Severity::kError;
  d.pos = SourcePos{"templates/layouts/page.html", 3, 7};
  d.message = "expected `endfor`, got end of file";
  d.hint = "close the loop with {% endfor %}";
  d.source_line = "{% for x in xs %}";
  d.notes = {"included from templates/base.html:2:4"};
  return d;
}

}  // namespace

TEST_CASE("diagnostics json: one line, every field present, in order, the span ending where it starts") {
  std::string line = sample().format_json();
  CHECK(line.find('\n') == std::string::npos);
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(line);
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"file", "line", "column", "end_line", "end_column", "severity", "message", "hint",
                                         "notes"});
  CHECK(j["file"] == "templates/layouts/page.html");
  CHECK(j["line"] == 3);
  CHECK(j["column"] == 7);
  CHECK(j["end_line"] == 3);
  CHECK(j["end_column"] == 7);
  CHECK(j["severity"] == "error");
  CHECK(j["message"] == "expected `endfor`, got end of file");
  CHECK(j["hint"] == "close the loop with {% endfor %}");
  CHECK(j["notes"] == nlohmann::json::array({"included from templates/base.html:2:4"}));
  // The human form is untouched by the JSON one.
  CHECK(sample().format().starts_with("templates/layouts/page.html:3:7: error: expected `endfor`"));
}

TEST_CASE("diagnostics json: a warning, unknown positions as null, an empty hint as an empty string") {
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.message = "page `about` has no Italiano translation";
  nlohmann::json j = nlohmann::json::parse(d.format_json());
  CHECK(j["severity"] == "warning");
  CHECK(j["file"].is_null());
  CHECK(j["line"].is_null());
  CHECK(j["column"].is_null());
  CHECK(j["end_line"].is_null());
  CHECK(j["end_column"].is_null());
  CHECK(j["hint"] == "");
  CHECK(j["notes"] == nlohmann::json::array());

  d.pos = SourcePos{"content/en/about.md", 4, 0};
  j = nlohmann::json::parse(d.format_json());
  CHECK(j["file"] == "content/en/about.md");
  CHECK(j["line"] == 4);
  CHECK(j["column"].is_null());
  CHECK(j["end_line"] == 4);
}

TEST_CASE("diagnostics json: quotes, backslashes, newlines, tabs and control characters are escaped") {
  Diagnostic d;
  d.pos = SourcePos{"content/en/\"odd\" name.md", 1, 1};
  d.message = "expected \"}}\"\nbut found \\ and\ta tab and \x01";
  d.hint = "line one\r\nline two";
  std::string line = d.format_json();
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find('\r') == std::string::npos);
  CHECK(line.find('\t') == std::string::npos);
  CHECK(line.find('\x01') == std::string::npos);
  CHECK(line.find(R"(\"}}\"\nbut found \\ and\ta tab and \u0001)") != std::string::npos);
  nlohmann::json j = nlohmann::json::parse(line);
  CHECK(j["file"] == "content/en/\"odd\" name.md");
  CHECK(j["message"] == d.message);
  CHECK(j["hint"] == d.hint);
}

TEST_CASE("diagnostics json: non-ASCII stays UTF-8, invalid bytes become U+FFFD instead of throwing") {
  Diagnostic d;
  d.pos = SourcePos{"content/it/città.md", 2, 5};
  d.message = "chiave sconosciuta «regìa» — 日本語";
  std::string line = d.format_json();
  CHECK(line.find("città.md") != std::string::npos);
  CHECK(line.find("«regìa» — 日本語") != std::string::npos);
  CHECK(nlohmann::json::parse(line)["message"] == d.message);

  d.message = std::string("bad byte \xFF here");
  std::string bad;
  CHECK_NOTHROW(bad = d.format_json());
  CHECK(nlohmann::json::parse(bad)["message"] == "bad byte \xEF\xBF\xBD here");
}

TEST_CASE("diagnostics json: a collection is JSON Lines, and format(kText) is format()") {
  Diagnostics diags;
  CHECK(diags.format_json().empty());
  diags.error(SourcePos{"site.yaml", 1, 1}, "first");
  diags.warning(SourcePos{"site.yaml", 2, 3}, "second", "a hint");
  std::string text = diags.format_json();
  REQUIRE(text.ends_with("\n"));
  std::size_t nl = text.find('\n');
  REQUIRE(nl + 1 < text.size());
  nlohmann::json first = nlohmann::json::parse(text.substr(0, nl));
  nlohmann::json second = nlohmann::json::parse(text.substr(nl + 1, text.size() - nl - 2));
  CHECK(first["severity"] == "error");
  CHECK(first["message"] == "first");
  CHECK(second["severity"] == "warning");
  CHECK(second["line"] == 2);
  CHECK(second["hint"] == "a hint");
  CHECK(diags.format(reel::DiagnosticsFormat::kText) == diags.format());
  CHECK(diags.format(reel::DiagnosticsFormat::kJson) == text);
}
