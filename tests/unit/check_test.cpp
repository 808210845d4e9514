#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>

#include "build/build.h"
#include "input/config.h"
#include "input/facts.h"
#include "input/prose.h"
#include "render/functions.h"
#include "site/check.h"
#include "site/site.h"
#include "support/sites.h"
#include "template/environment.h"

using namespace reel;
using reel::test::contains;
using reel::test::fixture_site;

namespace {

/// The hash a translation records of its original: of what a reader sees of it (see
/// ProseFile::hash).
std::string reader_hash(const std::string& title, const std::string& description, const std::string& body) {
  return content_hash(title + "\n" + description + "\n" + body);
}

/// The minimal fixture made complete: an Italian about page and up-to-date hashes.
MemoryFileSystem complete_site() {
  MemoryFileSystem fs = fixture_site("minimal");
  std::string index = reader_hash("The Test (2010)", "A small bilingual test site for reel.",
                                  "A *short* lead.\n\n## Plot\nSomething happens.\n");
  std::string it = *fs.read("content/it/index.md");
  it.replace(it.find("facts: films/test\n"), 18, "facts: films/test\noriginal_hash: " + index + "\n");
  fs.write("content/it/index.md", it);
  std::string about = reader_hash("About", "About the test site.", "About.\n");
  fs.write("content/it/about.md", "---\ntitle: Informazioni\noriginal_hash: " + about + "\n---\nInfo.\n");
  return fs;
}

std::string gaps_of(const MemoryFileSystem& fs) {
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE_FALSE(r.diags.has_errors());
  return r.gaps.format();
}

}  // namespace

TEST_CASE("check: a complete site has no gaps") {
  MemoryFileSystem fs = complete_site();
  CHECK(gaps_of(fs) == "");
}

TEST_CASE("check: content hashes ignore carriage returns") {
  CHECK(content_hash("a\r\nb\n") == content_hash("a\nb\n"));
  CHECK(content_hash("a") != content_hash("b"));
  CHECK(content_hash("").size() == 16);
}

TEST_CASE("check: a UI string missing in one language names where it is in the other") {
  MemoryFileSystem fs = complete_site();
  std::string yaml = *fs.read("site.yaml");
  yaml.replace(yaml.find("home: Inizio, "), 14, "");
  fs.write("site.yaml", yaml);
  // The lines of the Italian language and of the English strings, wherever they are.
  auto line_of_text = [&](const std::string& needle) {
    auto at = yaml.begin() + static_cast<std::ptrdiff_t>(yaml.find(needle));
    return std::to_string(1 + std::count(yaml.begin(), at, '\n'));
  };
  std::string gaps = gaps_of(fs);
  CHECK(contains(gaps, "site.yaml:" + line_of_text("  it:\n") + ":3: warning: UI string `home` is missing in Italiano"));
  CHECK(contains(gaps, "(it is at site.yaml:" + line_of_text("strings: {home: Home") + ":"));
}

TEST_CASE("check: a translation older than its original, and one that does not say") {
  MemoryFileSystem fs = complete_site();
  fs.write("content/en/about.md", "---\ntitle: About\n---\nAbout, revised.\n");
  std::string gaps = gaps_of(fs);
  CHECK(contains(gaps, "content/it/about.md:1:1: warning: translation is older than its original: content/en/about.md"));
  CHECK(contains(gaps, "set `original_hash: \"" + reader_hash("About", "", "About, revised.\n") + "\"`"));
  fs.write("content/it/about.md", "---\ntitle: Informazioni\n---\nInfo.\n");
  CHECK(contains(gaps_of(fs), "translation does not say which version of content/en/about.md it was made from"));
}

TEST_CASE("check: fact labels missing in a language and unsourced facts in a film") {
  MemoryFileSystem fs = complete_site();
  fs.write("content/films/f.yaml",
           "slug: f\ntitle: {en: F}\nyear: 2010\nidentity_sources: [imdb]\n"
           "producers:\n  - {name: A}\n"
           "sources:\n  - {id: imdb, title: F, publisher: IMDb, language: en}\n");
  std::string gaps = gaps_of(fs);
  CHECK(contains(gaps, "content/films/f.yaml:2:8: warning: fact `title` has no Italiano version "
                       "(Italiano pages show the English one)"));
  CHECK(contains(gaps, "content/films/f.yaml:6:5: warning: fact `producers[0]` names no source"));
}

TEST_CASE("check: missing translations say which language shows instead or that none does") {
  Site site;
  for (const auto& [code, name, fallback] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"en", "English", ""}, {"it", "Italiano", "en"}, {"fr", "Français", "it"}, {"de", "Deutsch", ""}}) {
    LanguageConfig l;
    l.code = code;
    l.name = name;
    l.fallback = fallback;
    site.config.languages.push_back(l);
  }
  site.config.default_language = "en";
  MemoryFileSystem fs({{"content/books/_schema.yaml",
                        "root: book\ncitations: refs\ntypes:\n"
                        "  book:\n    sources_field: cites\n"
                        "    fields: {title: {type: text, localized: true}, cites: source_ids, refs: {type: ref, list: true}}\n"
                        "  ref: {fields: {id: text}}\n"},
                       {"content/books/emma.yaml", "title: {en: Emma}\nrefs: [{id: a}]\n"},
                       {"content/notes/n.yaml", "t: !translated {de: Hallo}\n"}});
  Diagnostics diags;
  site.facts = std::make_shared<const FactsSet>(load_facts(fs, site.config, diags));
  REQUIRE_FALSE(diags.has_errors());
  Diagnostics gaps = check_site(site);
  REQUIRE(gaps.items().size() == 3);
  CHECK(gaps.items()[0].format() ==
        "content/books/emma.yaml:1:8: warning: fact `title` has no Italiano, Français and Deutsch version (Italiano pages "
        "show the English one, Français pages show the English one and Deutsch pages show nothing)\n"
        "  hint: add `it: …` beside the other languages\n");
  CHECK(gaps.items()[1].message == "fact `(top level)` names no source");
  CHECK(gaps.items()[1].hint == "add `cites: [id, …]` with ids from the file's `refs` list");
  CHECK(gaps.items()[2].message ==
        "fact `t` has no English, Italiano and Français version (English pages show nothing, Italiano pages show "
        "nothing and Français pages show nothing)");
}

namespace {

/// A site of `fs` assembled as the build does, with its templates parsed and the site's
/// functions registered, for check_site(site, &templates).
struct Checked {
  Diagnostics diags;
  Site site;
  std::unique_ptr<tpl::Environment> templates;
};

std::unique_ptr<Checked> assemble_with_templates(const MemoryFileSystem& fs) {
  auto out = std::make_unique<Checked>();
  Config config = load_config(fs, out->diags);
  REQUIRE_MESSAGE(!out->diags.has_errors(), out->diags.format());
  auto facts = std::make_shared<const FactsSet>(load_facts(fs, config, out->diags));
  auto prose = std::make_shared<const ProseSet>(read_prose_files(fs, config, list_prose_files(fs, config), out->diags));
  out->templates = std::make_unique<tpl::Environment>(fs, config.templates_dir);
  register_site_functions(*out->templates);
  out->diags.merge(out->templates->load_all());
  out->site = assemble_site(config, facts, prose, out->diags);
  REQUIRE_MESSAGE(!out->diags.has_errors(), out->diags.format());
  return out;
}

}  // namespace

TEST_CASE("check: a UI string a template reads and no language defines is reported at the read") {
  MemoryFileSystem fs = complete_site();
  fs.write("templates/layouts/page.html",
           "<h1>{{ page.title }}</h1>\n"
           "<nav>{{ t.home }} {{ t.hoem }}</nav>\n"
           "<p>{{ tr('awards_summary', wins=1) }}</p>\n"
           "{% if t.tagline is defined %}{{ t.tagline }}{% endif %}{{ t.motto | default('') }}\n"
           "{% for l in site.languages %}{{ l.strings.other_language }}{% endfor %}{{ t['credits'] }}\n");
  auto a = assemble_with_templates(fs);
  Diagnostics gaps = check_site(a->site, a->templates.get());
  std::string all = gaps.format();
  INFO(all);
  // In template order, one warning per read with a key no language has.
  std::vector<std::string> keys;
  for (const Diagnostic& d : gaps.items()) {
    if (d.message.starts_with("UI string `") && contains(d.message, "defined in no language")) keys.push_back(d.message);
  }
  REQUIRE(keys.size() == 5);
  CHECK(contains(all, "templates/layouts/page.html:2:"));
  CHECK(contains(all, "warning: UI string `hoem` is defined in no language (English and Italiano have no `hoem`)"));
  CHECK(contains(all, "hint: did you mean `home`? Or add it under languages.en.strings and languages.it.strings in site.yaml"));
  CHECK(contains(all, "<nav>{{ t.home }} {{ t.hoem }}</nav>"));  // the line, with a caret
  CHECK(contains(all, "templates/layouts/page.html:3:"));
  CHECK(contains(all, "UI string `awards_summary` is defined in no language"));
  CHECK(contains(all, "UI string `tagline` is defined in no language"));  // printed, not only tested
  CHECK(contains(all, "UI string `other_language` is defined in no language"));
  CHECK(contains(all, "UI string `credits` is defined in no language"));
  // `default` and `is defined` guard a read; `home` exists.
  CHECK_FALSE(contains(all, "`motto`"));
  CHECK_FALSE(contains(all, "UI string `home` is defined in no language"));
  // Without the templates, only the prose is read.
  CHECK_FALSE(contains(check_site(a->site).format(), "hoem"));
}

TEST_CASE("check: a UI string read by a shortcode in prose and by no language is reported at the shortcode") {
  MemoryFileSystem fs = complete_site();
  std::string about = *fs.read("content/en/about.md");
  fs.write("content/en/about.md", about + "\nSee {{ tr('see_also') }} and {{ t.home }}.\n");
  auto a = assemble_with_templates(fs);
  std::string all = check_site(a->site, a->templates.get()).format();
  INFO(all);
  std::uint32_t line = static_cast<std::uint32_t>(std::count(about.begin(), about.end(), '\n')) + 2;
  CHECK(contains(all, "content/en/about.md:" + std::to_string(line) + ":8: warning: UI string `see_also` is defined in no language"));
  CHECK_FALSE(contains(all, "`home` is defined in no language"));
}

TEST_CASE("check: a UI string that one language lacks is reported at site.yaml, not at the template") {
  MemoryFileSystem fs = complete_site();
  std::string yaml = *fs.read("site.yaml");
  yaml.replace(yaml.find("home: Inizio, "), 14, "");
  fs.write("site.yaml", yaml);
  fs.write("templates/layouts/page.html", "<h1>{{ page.title }}</h1>{{ t.home }}");
  auto a = assemble_with_templates(fs);
  std::string all = check_site(a->site, a->templates.get()).format();
  INFO(all);
  CHECK(contains(all, "warning: UI string `home` is missing in Italiano"));
  CHECK_FALSE(contains(all, "defined in no language"));
}

TEST_CASE("check: the site's templates read only UI strings some language defines in a complete site") {
  MemoryFileSystem fs = complete_site();
  auto a = assemble_with_templates(fs);
  CHECK(check_site(a->site, a->templates.get()).format() == "");
}

TEST_CASE("check: a translation that is still a draft is named as one, not as missing") {
  MemoryFileSystem fs = complete_site();
  fs.write("content/it/about.md", "---\ntitle: Informazioni\ndraft: true\n---\nInfo.\n");
  std::string gaps = gaps_of(fs);
  CHECK(gaps.find("has no Italiano translation yet: content/it/about.md is a draft") != std::string::npos);
  CHECK(gaps.find("hint: remove `draft: true` from content/it/about.md when it is ready") != std::string::npos);
  CHECK(gaps.find("add content/it/about.md") == std::string::npos);
}

TEST_CASE("check: an original_hash that YAML would read as a number is taken as written") {
  // All digits, and digits with one `e`: YAML 1.2 reads both as numbers.
  for (std::string hash : {"1234567890123456", "12e4", "0012"}) {
    MemoryFileSystem fs = complete_site();
    std::string about = *fs.read("content/it/about.md");
    std::size_t at = about.find("original_hash: ");
    std::size_t end = about.find('\n', at);
    about.replace(at, end - at, "original_hash: " + hash);
    fs.write("content/it/about.md", about);
    std::string gaps = gaps_of(fs);
    INFO(hash);
    CHECK(gaps.find("translation is older than its original") != std::string::npos);  // compared as text, no error
  }
}
