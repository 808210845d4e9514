#include <doctest/doctest.h>

#include "build/build.h"
#include "input/config.h"
#include "support/sites.h"

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

TEST_CASE("config: template whitespace and strict_conditions, their defaults and values") {
  Diagnostics diags;
  Config d = load(kSite, diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK_FALSE(d.trim_blocks);
  CHECK_FALSE(d.lstrip_blocks);
  CHECK_FALSE(d.keep_trailing_newline);
  CHECK_FALSE(d.strict_conditions);
  CHECK(d.autoescape);
  Config c = load(std::string(kSite) +
                      "trim_blocks: true\nlstrip_blocks: true\nkeep_trailing_newline: true\nstrict_conditions: true\n",
                  diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(c.trim_blocks);
  CHECK(c.lstrip_blocks);
  CHECK(c.keep_trailing_newline);
  CHECK(c.strict_conditions);
}

TEST_CASE("config: template options of the wrong type, or misspelt, are positioned errors") {
  Diagnostics diags;
  load(std::string(kSite) + "trim_blocks: 1\nstrict_conditions: [true]\nlstrip_blocks: \"yes\"\n", diags);
  REQUIRE(diags.error_count() == 3);
  CHECK(diags.items()[0].pos.str() == "site.yaml:7:14");
  CHECK(diags.items()[0].message == "expected true or false for `trim_blocks`, got `1`");
  CHECK(diags.items()[1].pos.str() == "site.yaml:9:16");
  CHECK(diags.items()[1].message == "expected true or false for `lstrip_blocks`, got `yes`");
  CHECK(diags.items()[2].pos.str() == "site.yaml:8:20");
  CHECK(diags.items()[2].message == "expected true or false for `strict_conditions`, got `a list`");
  Diagnostics typo;
  load(std::string(kSite) + "trim_block: true\n", typo);
  REQUIRE(typo.error_count() == 1);
  CHECK(typo.items()[0].pos.str() == "site.yaml:7:1");
  CHECK(typo.items()[0].message == "unknown key `trim_block` in site.yaml");
  CHECK(typo.items()[0].hint == "did you mean `trim_blocks`?");
}

namespace {

// The minimal fixture site with a page layout that loops and tests a chain through an
// undefined value, and `extra` appended to its site.yaml.
BuildResult build_with(const std::string& extra) {
  MemoryFileSystem fs = reel::test::fixture_site("minimal");
  fs.write("site.yaml", *fs.read("site.yaml") + extra);
  fs.write("templates/layouts/page.html",
           "<!DOCTYPE html>\n"
           "<html lang=\"{{ lang }}\"><head><title>{{ page.title }}</title></head>\n"
           "<body>\n"
           "<ul>\n"
           "  {% for l in site.languages %}\n"
           "  <li>{{ l.code }}</li>\n"
           "  {% endfor %}\n"
           "</ul>\n"
           "{% if page.nothing.deeper %}budget{% else %}no budget{% endif %}\n"
           "{{ page.content }}<a href=\"{{ 'style.css' | relative_url }}\">css</a></body></html>\n");
  return build_site(fs);
}

}  // namespace

TEST_CASE("config: a site's templates get trim_blocks, lstrip_blocks and forgiving conditions from site.yaml") {
  BuildResult plain = build_with("");
  INFO(plain.diags.format());
  REQUIRE_FALSE(plain.diags.has_errors());
  const std::string& before = plain.files["about/index.html"];
  CHECK(reel::test::contains(before, "<ul>\n  \n  <li>en</li>\n  \n  <li>it</li>\n  \n</ul>\n"));
  // An undefined value in a condition is false in a site build by default.
  CHECK(reel::test::contains(before, "</ul>\nno budget\n"));

  BuildResult trimmed = build_with("trim_blocks: true\nlstrip_blocks: true\n");
  INFO(trimmed.diags.format());
  REQUIRE_FALSE(trimmed.diags.has_errors());
  const std::string& after = trimmed.files["about/index.html"];
  CHECK(reel::test::contains(after, "<body>\n<ul>\n  <li>en</li>\n  <li>it</li>\n</ul>\nno budget<p>About.</p>"));
  CHECK_FALSE(reel::test::contains(after, "\n\n"));
  CHECK_FALSE(reel::test::contains(after, "\n  \n"));

  BuildResult strict = build_with("strict_conditions: true\n");
  REQUIRE(strict.diags.has_errors());
  const std::string text = strict.diags.format();
  CHECK(reel::test::contains(text, "templates/layouts/page.html:9:7: error: `page.nothing` is undefined\n"));
}
