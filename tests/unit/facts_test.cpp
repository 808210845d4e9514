#include <doctest/doctest.h>

#include "input/facts.h"
#include "input/yaml.h"

using namespace reel;

TEST_CASE("yaml: plain scalars are typed, quoted ones stay text, maps keep their order") {
  Value v = yaml_to_value(parse_yaml("b: 2010\na: \"2010\"\nc: 6.8\nd: true\ne: ~\nf: 2010-09-15\ng: x\n", "f.yaml"));
  REQUIRE(v.is_map());
  CHECK(v.as_map().entries()[0].first == "b");
  CHECK(v.get("b").is_int());
  CHECK(v.get("a").is_string());
  CHECK(v.get("c").is_double());
  CHECK(v.get("d") == Value(true));
  CHECK(v.get("e").is_none());
  CHECK(v.get("f") == Value("2010-09-15"));
  CHECK(v.get("g") == Value("x"));
}

TEST_CASE("facts: files below content/ load by id, language folders are skipped") {
  MemoryFileSystem fs({{"content/notes/a.yaml", "title: {en: A, it: Ah}\nyear: 2010\n"},
                       {"content/en/x.yaml", "not: facts\n"},
                       {"content/en/index.md", "---\ntitle: x\n---\n"}});
  Diagnostics diags;
  FactsSet facts = load_facts(fs, "content", {"en", "it"}, diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(facts.size() == 1);
  CHECK(facts.begin()->first == "notes/a");
  CHECK(facts.begin()->second.data.get("year") == Value(2010));
}

TEST_CASE("facts: files under films/ are checked against the film schema") {
  MemoryFileSystem fs({{"content/films/a.yaml", "title: {en: A, it: Ah}\nyear: 2010\n"}});
  Diagnostics diags;
  load_facts(fs, "content", {"en", "it"}, diags);
  CHECK(diags.format().find("content/films/a.yaml:1:1: error: the facts file has no `slug`") != std::string::npos);
}

TEST_CASE("facts: a YAML error names file:line:column and shows the line") {
  MemoryFileSystem fs({{"content/films/a.yaml", "title: A\ncast:\n  - actor: X\n   character: Y\n"}});
  Diagnostics diags;
  FactsSet facts = load_facts(fs, "content", {"en", "it"}, diags);
  REQUIRE(diags.error_count() == 1);
  const Diagnostic& d = diags.items()[0];
  CHECK(d.pos.file == "content/films/a.yaml");
  CHECK(d.pos.line == 4);
  CHECK(d.pos.column > 0);
  CHECK(d.source_line == "   character: Y");
  CHECK(facts.empty());
}

TEST_CASE("facts: localize resolves per-language maps at any depth and shares the rest") {
  std::vector<std::string> langs{"en", "it"};
  Value v = yaml_to_value(parse_yaml(
      "title: {en: Never Let Me Go, it: Non lasciarmi}\n"
      "cast:\n  - {actor: A, character: {en: Young Kathy, it: Kathy da bambina}}\n"
      "countries: [{code: GB}]\n"
      "only_en: {en: English only}\n", "f.yaml"));
  Value it = localize(v, "it", "en", langs);
  CHECK(it.get("title") == Value("Non lasciarmi"));
  CHECK(it.get("cast").as_list()[0].get("character") == Value("Kathy da bambina"));
  CHECK(it.get("only_en") == Value("English only"));
  CHECK(&it.get("countries").as_list() == &v.get("countries").as_list());
  CHECK(localize(v, "en", "en", langs).get("title") == Value("Never Let Me Go"));
  CHECK_FALSE(is_localized_map(v.get("countries").as_list()[0], langs));
}
