// Both languages state the same facts: on every pair of translated pages of the
// flagship site, the same figures and dates, once normalised for locale.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "support/process.h"

using namespace reel::test;
namespace fs = std::filesystem;

namespace {

/// The page's <main>, without citation superscripts (their numbers are not facts).
std::string main_of(const std::string& html) {
  std::size_t start = html.find("<main");
  std::size_t end = html.find("</main>");
  std::string m = start == std::string::npos ? html : html.substr(start, end - start);
  return std::regex_replace(m, std::regex(R"(<sup class="cite">.*?</sup>)"), "");
}

std::set<std::string> attribute_values(const std::string& html, const std::string& pattern) {
  std::set<std::string> out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

/// Numbers written in the visible text (outside <data>/<time>, tags and attributes
/// removed), with the language's grouping removed and a '.' as decimal mark.
std::set<std::string> bare_numbers(std::string html, bool comma_decimal) {
  html = std::regex_replace(html, std::regex(R"(<(data|time)\b[^>]*>.*?</\1>)"), " ");
  html = std::regex_replace(html, std::regex(R"(<[^>]*>)"), " ");
  std::set<std::string> out;
  std::regex number(R"(\d+(?:[.,]\d+)*)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), number); it != std::sregex_iterator(); ++it) {
    std::string n = it->str();
    std::string norm;
    for (std::size_t i = 0; i < n.size(); ++i) {
      char c = n[i];
      bool grouping = comma_decimal ? c == '.' : c == ',';
      bool decimal = comma_decimal ? c == ',' : c == '.';
      // A separator followed by exactly three digits is grouping; anything else decimal.
      bool three = i + 4 == n.size() || (i + 4 < n.size() && !std::isdigit(static_cast<unsigned char>(n[i + 4])));
      if ((grouping || decimal) && three && grouping) continue;
      norm += decimal ? '.' : c;
    }
    out.insert(norm);
  }
  return out;
}

std::string show(const std::set<std::string>& s) {
  std::string out;
  for (const auto& v : s) out += v + " ";
  return out;
}

}  // namespace

TEST_CASE("parity: English and Italian pages state the same figures and dates") {
  TempDir dir;
  copy_flagship(dir.path());
  RunResult r = run_reel("build --output out", dir.path());
  REQUIRE(r.exit_code == 0);
  int pairs = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "out/it")) {
    if (e.path().filename() != "index.html") continue;
    std::string rel = fs::relative(e.path(), dir / "out/it").string();
    fs::path en_path = dir / "out" / rel;
    INFO("no English page for it/" << rel);
    REQUIRE(fs::exists(en_path));
    std::string en = main_of(slurp(en_path));
    std::string it = main_of(slurp(e.path()));
    ++pairs;
    INFO("page: " << rel);
    auto en_data = attribute_values(en, R"re(<data value="([^"]*)")re");
    auto it_data = attribute_values(it, R"re(<data value="([^"]*)")re");
    INFO("en data: " << show(en_data));
    INFO("it data: " << show(it_data));
    CHECK(en_data == it_data);
    auto en_time = attribute_values(en, R"re(<time datetime="([^"]*)")re");
    auto it_time = attribute_values(it, R"re(<time datetime="([^"]*)")re");
    INFO("en dates: " << show(en_time));
    INFO("it dates: " << show(it_time));
    CHECK(en_time == it_time);
    auto en_numbers = bare_numbers(en, false);
    auto it_numbers = bare_numbers(it, true);
    INFO("en numbers: " << show(en_numbers));
    INFO("it numbers: " << show(it_numbers));
    CHECK(en_numbers == it_numbers);
  }
  CHECK(pairs >= 2);
}
