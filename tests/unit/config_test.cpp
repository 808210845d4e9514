#include <doctest/doctest.h>

#include "input/config.h"

using namespace reel;

namespace {

Config load(const std::string& yaml, Diagnostics& diags) {
  MemoryFileSystem fs({{"site.yaml", yaml}});
  return load_config(fs, diags);
}

const char* kSite = R"(title: {en: Film, it: Film}
base_url: https://user.github.io/film
default_language: en
languages:
  it: {name: Italiano, locale: it-IT, strings: {home: Inizio}}
  en: {name: English, locale: en-GB, strings: {home: Home}}
)";

}  // namespace

TEST_CASE("config: languages, root language first, URL prefixes and base path") {
  Diagnostics diags;
  Config c = load(kSite, diags);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(c.languages.size() == 2);
  CHECK(c.languages[0].code == "en");
  CHECK(c.languages[0].url_prefix == "");
  CHECK(c.languages[1].url_prefix == "it/");
  CHECK(c.base_url == "https://user.github.io/film/");
  CHECK(c.base_path == "/film/");
  CHECK(c.output_dir == "_site");
  CHECK(c.language("it")->strings.get("home") == Value("Inizio"));
}

TEST_CASE("config: every language in a subfolder when asked") {
  Diagnostics diags;
  Config c = load(std::string(kSite) + "default_language_in_subdir: true\n", diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(c.languages[0].url_prefix == "en/");
}

TEST_CASE("config: unknown keys are errors with position and a did-you-mean hint") {
  Diagnostics diags;
  load(std::string(kSite) + "deafult_language: it\n", diags);
  REQUIRE(diags.error_count() == 1);
  const Diagnostic& d = diags.items()[0];
  CHECK(d.pos.str() == "site.yaml:7:1");
  CHECK(d.message == "unknown key `deafult_language` in site.yaml");
  CHECK(d.hint == "did you mean `default_language`?");
  CHECK(d.format().find("    deafult_language: it\n    ^\n") != std::string::npos);
}

TEST_CASE("config: broken YAML gives file:line:column") {
  Diagnostics diags;
  load("title: x\nlanguages: [en\n", diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.items()[0].pos.file == "site.yaml");
  CHECK(diags.items()[0].pos.line >= 2);
  CHECK(diags.items()[0].message.rfind("invalid YAML", 0) == 0);
}

TEST_CASE("config: a default language that is not defined, and a relative base URL") {
  Diagnostics diags;
  load("title: x\nbase_url: /film/\ndefault_language: eng\nlanguages:\n  en: {name: English}\n", diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.items()[0].message.find("absolute http(s) URL") != std::string::npos);
  CHECK(diags.items()[0].pos.str() == "site.yaml:2:11");
  CHECK(diags.items()[1].hint == "did you mean `en`?");
}

TEST_CASE("config: a missing site.yaml says where to run reel") {
  MemoryFileSystem fs;
  Diagnostics diags;
  load_config(fs, diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.items()[0].hint.find("--source") != std::string::npos);
}
