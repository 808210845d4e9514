#include <doctest/doctest.h>

#include "input/schema.h"
#include "input/yaml.h"

using namespace reel;

namespace {

const std::vector<std::string> kLangs{"en", "it"};

const char* kMinimal =
    "slug: f\n"
    "title: {en: Film, it: Il film}\n"
    "year: 2010\n"
    "identity_sources: [imdb]\n"
    "sources:\n"
    "  - {id: imdb, title: Film, publisher: IMDb, language: en}\n";

struct Checked {
  Diagnostics diags;
  FactsGaps gaps;
};

Checked check(const std::string& text) {
  Checked c;
  YAML::Node doc = parse_yaml(text, "content/films/f.yaml");
  c.gaps = Schema::film().validate(doc, text, "content/films/f.yaml", kLangs, c.diags);
  return c;
}

}  // namespace

TEST_CASE("schema: a minimal film is valid and fully sourced") {
  Checked c = check(kMinimal);
  INFO(c.diags.format());
  CHECK_FALSE(c.diags.has_errors());
  CHECK(c.gaps.unsourced.empty());
  CHECK(c.gaps.missing_translations.empty());
}

TEST_CASE("schema: a wrong type names the field, what was expected and what was found") {
  Checked c = check(std::string(kMinimal) + "runtime_minutes: 103 min\n");
  REQUIRE(c.diags.error_count() == 1);
  const Diagnostic& d = c.diags.items()[0];
  CHECK(d.pos.str() == "content/films/f.yaml:7:18");
  CHECK(d.message == "expected a whole number for `runtime_minutes`, got text `103 min`");
  CHECK(d.source_line == "runtime_minutes: 103 min");
}

TEST_CASE("schema: an unknown key gets the likely intended name") {
  Checked c = check(std::string(kMinimal) + "directers:\n  - {name: Mark Romanek, sources: [imdb]}\n");
  REQUIRE(c.diags.error_count() == 1);
  CHECK(c.diags.items()[0].message == "unknown key `directers` in the facts file (film)");
  CHECK(c.diags.items()[0].hint == "did you mean `directors`?");
  CHECK(c.diags.items()[0].pos.str() == "content/films/f.yaml:7:1");
}

TEST_CASE("schema: a missing required field is reported at its map") {
  Checked c = check(std::string(kMinimal) + "cast:\n  - {actor: Carey Mulligan, sources: [imdb]}\n");
  REQUIRE(c.diags.error_count() == 1);
  CHECK(c.diags.items()[0].message == "`cast[0]` has no `character`");
  CHECK(c.diags.items()[0].pos.line == 8);
}

TEST_CASE("schema: unknown source ids, bad dates, currencies and lists") {
  Checked c = check(std::string(kMinimal) +
                    "budget: {amount: 15000000, currency: usd, sources: [imbd]}\n"
                    "release_dates:\n  - {date: \"15/09/2010\", kind: theatrical, place: {en: US, it: USA}, sources: [imdb]}\n"
                    "genres: Drama\n");
  REQUIRE(c.diags.error_count() == 4);
  std::string all = c.diags.format();
  CHECK(all.find("expected an ISO 4217 currency code for `budget.currency`, got text `usd`") != std::string::npos);
  CHECK(all.find("unknown source `imbd` in `budget.sources`") != std::string::npos);
  CHECK(all.find("did you mean `imdb`?") != std::string::npos);
  CHECK(all.find("expected an ISO 8601 date for `release_dates[0].date`") != std::string::npos);
  CHECK(all.find("expected a list for `genres`") != std::string::npos);
}

TEST_CASE("schema: missing translations and unsourced facts are gaps, not errors") {
  Checked c = check(std::string(kMinimal) + "tagline: {en: One line}\nproducers:\n  - {name: Andrew Macdonald}\n");
  CHECK_FALSE(c.diags.has_errors());
  REQUIRE(c.gaps.missing_translations.size() == 1);
  CHECK(c.gaps.missing_translations[0].path == "tagline");
  CHECK(c.gaps.missing_translations[0].languages == std::vector<std::string>{"it"});
  CHECK(c.gaps.missing_translations[0].pos.line == 7);
  REQUIRE(c.gaps.unsourced.size() == 1);
  CHECK(c.gaps.unsourced[0].path == "producers[0]");
}

TEST_CASE("schema: a group's sources cover the items inside it") {
  Checked c = check(std::string(kMinimal) + "awards_summary:\n  wins: 8\n  sources: [imdb]\n  items:\n"
                    "    - {name: {en: A prize, it: Un premio}, result: won}\n");
  CHECK_FALSE(c.diags.has_errors());
  CHECK(c.gaps.unsourced.empty());
}

TEST_CASE("schema: the film schema parses, with the film type first") {
  const Schema& s = Schema::film();
  CHECK(s.root() == "film");
  CHECK(s.types().front().name == "film");
  REQUIRE(s.type("cast_member") != nullptr);
  CHECK(s.type("cast_member")->field("character")->localized);
  CHECK_THROWS_AS(Schema::parse("root: x\ntypes:\n  y:\n    fields: {a: text}\n", "s.yaml"), Error);
  CHECK_THROWS_AS(Schema::parse("root: x\ntypes:\n  x:\n    fields: {a: nosuch}\n", "s.yaml"), Error);
}
