// The bad-input corpus: every tests/errors/<family>/<name>.txt is a site that must fail
// with exactly the diagnostics it ends with. tests/errors/README.md describes the format.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "build/build.h"
#include "support/sites.h"

using namespace reel;

namespace {

/// One case: the files it writes over the minimal fixture, and the expected output.
struct ErrorCase {
  std::string name;  ///< "<family>/<name>"
  std::vector<std::pair<std::string, std::string>> files;
  std::string expected;
  std::string header;  ///< everything before the expected section, as written
  bool well_formed = false;
};

constexpr std::string_view kHeader = "=== ";
constexpr std::string_view kExpected = "=== errors";

ErrorCase parse_case(const std::string& name, const std::string& text) {
  ErrorCase c;
  c.name = name;
  std::string* section = nullptr;
  std::size_t pos = 0;
  bool in_expected = false;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    std::string_view line(text.data() + pos, end - pos);
    std::string_view bare = line.substr(0, line.find_last_not_of("\r\n") + 1);
    if (!in_expected && bare == kExpected) {
      c.header = text.substr(0, pos);
      in_expected = true;
      section = &c.expected;
    } else if (!in_expected && bare.starts_with(kHeader)) {
      c.files.emplace_back(std::string(bare.substr(kHeader.size())), std::string());
      section = &c.files.back().second;
    } else if (section) {
      section->append(line);
    }  // else: a comment line before the first file
    pos = end;
  }
  c.well_formed = in_expected && !c.files.empty();
  return c;
}

std::vector<std::filesystem::path> case_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(REEL_TEST_DATA) + "/errors")) {
    if (e.is_regular_file() && e.path().extension() == ".txt") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("error corpus: every bad input fails with exactly its expected diagnostics") {
  // REEL_UPDATE_ERRORS=1 rewrites each case's expected section with what reel says now
  // (review the diff: the corpus is only as good as its expectations).
  const bool update = std::getenv("REEL_UPDATE_ERRORS") != nullptr;
  std::vector<std::filesystem::path> files = case_files();
  std::set<std::string> families;
  for (const auto& path : files) {
    std::string name = path.parent_path().filename().string() + "/" + path.stem().string();
    families.insert(path.parent_path().filename().string());
    ErrorCase c = parse_case(name, read_bytes(path));
    INFO("case tests/errors/" << name << ".txt");
    REQUIRE_MESSAGE(c.well_formed, "a case needs at least one `=== <path>` section and a `=== errors` section");
    MemoryFileSystem fs = reel::test::fixture_site("minimal");
    for (const auto& [file, content] : c.files) fs.write(file, content);
    BuildResult r = build_site(fs);
    std::string got = r.diags.format();
    if (update) {
      std::ofstream(path, std::ios::binary) << c.header << kExpected << "\n" << got;
      continue;
    }
    CHECK_FALSE(r.ok);
    CHECK(got == c.expected);
  }
  // The families the corpus promises to cover (tests/errors/README.md).
  for (const char* family : {"aliases", "depth", "duplicate-keys", "utf8", "dates", "unknown-keys", "types",
                             "required", "layouts", "facts-ids", "shortcodes"}) {
    INFO("family " << family);
    CHECK(families.count(family) == 1);
  }
}
