#include <doctest/doctest.h>

#include "input/schema.h"
#include "input/yaml.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;

namespace {

const std::vector<std::string> kLangs{"en", "it"};

const char* kMinimal =
    "slug: f\n"
    "title: {en: Film, it: Il film}\n"
    "year: 2010\n"
    "identity_sources: [imdb]\n"
    "sources:\n"
    "  - {id: imdb, title: Film, publisher: IMDb, language: en}\n";

/// The flagship's schema, read from the minimal fixture's copy of it.
const Schema& site_schema() {
  static const Schema schema = [] {
    MemoryFileSystem fs = reel::test::fixture_site("minimal");
    return Schema::load(fs, "content/films/_schema.yaml");
  }();
  return schema;
}

struct Checked {
  Diagnostics diags;
  SchemaCheck check;
};

Checked check_with(const Schema& schema, const std::string& text) {
  Checked c;
  YAML::Node doc = parse_yaml(text, "content/films/f.yaml");
  c.check = schema.validate(doc, yaml_to_value(doc), text, "content/films/f.yaml", kLangs, c.diags);
  return c;
}

Checked check(const std::string& text) { return check_with(site_schema(), text); }

/// The paths of the translated maps a check found.
std::vector<std::string> translated_paths(const Checked& c) {
  std::vector<std::string> out;
  for (const auto& t : c.check.translated) out.push_back(t.path);
  return out;
}

/// The message of the Error that `load` throws, with its position in front.
template <typename Load>
std::string error_of(Load load) {
  try {
    load();
  } catch (const Error& e) {
    return e.diagnostic().pos.str() + ": " + e.diagnostic().message + " | " + e.diagnostic().hint + " | " +
           e.diagnostic().source_line;
  }
  return "(no error)";
}

const char* kBase =
    "root: book\n"
    "types:\n"
    "  book:\n"
    "    fields:\n"
    "      title: {type: text, localized: true, required: true}\n"
    "      year: int\n"
    "      author: person\n"
    "  person:\n"
    "    fields:\n"
    "      name: text\n";

}  // namespace

TEST_CASE("schema: a schema is a file of the site with its root type first") {
  const Schema& s = site_schema();
  CHECK(s.file() == "content/films/_schema.yaml");
  CHECK(s.root() == "film");
  CHECK(s.types().front().name == "film");
  CHECK(s.bibliography_field() == "sources");
  REQUIRE(s.type("cast_member") != nullptr);
  CHECK(s.type("cast_member")->field("character")->localized);
  CHECK(s.type("film")->sources_field == "identity_sources");
  CHECK_FALSE(s.type("film")->sources_cover_children);
  CHECK(s.type("credit")->sources_cover_children);
  CHECK(s.type("film")->field("year")->pos.str() == "content/films/_schema.yaml:" +
                                                       std::to_string(s.type("film")->field("year")->pos.line) + ":7");
}

TEST_CASE("schema: a minimal document is valid and fully sourced") {
  Checked c = check(kMinimal);
  INFO(c.diags.format());
  CHECK_FALSE(c.diags.has_errors());
  CHECK(c.check.unsourced.empty());
  CHECK(translated_paths(c) == std::vector<std::string>{"title"});
}

TEST_CASE("schema: a wrong type names the field and what was expected and found") {
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

TEST_CASE("schema: unknown source ids and bad dates and currencies and lists") {
  Checked c = check(std::string(kMinimal) +
                    "budget: {amount: 15000000, currency: usd, sources: [imbd]}\n"
                    "release_dates:\n  - {date: \"15/09/2010\", kind: theatrical, place: {en: US, it: USA}, sources: [imdb]}\n"
                    "genres: Drama\n");
  REQUIRE(c.diags.error_count() == 4);
  std::string all = c.diags.format();
  CHECK(contains(all, "expected an ISO 4217 currency code for `budget.currency`, got text `usd`"));
  CHECK(contains(all, "unknown source `imbd` in `budget.sources`"));
  CHECK(contains(all, "did you mean `imdb`?"));
  CHECK(contains(all, "expected an ISO 8601 date for `release_dates[0].date`"));
  CHECK(contains(all, "expected a list for `genres`"));
}

TEST_CASE("schema: a date must name a day of the calendar") {
  auto date_error = [](const std::string& date) {
    Checked c = check(std::string(kMinimal) + "production: {filming_start: \"" + date + "\", sources: [imdb]}\n");
    return c.diags.error_count() == 0 ? std::string("(no error)") : c.diags.items()[0].message;
  };
  CHECK(date_error("2012-02-29") == "(no error)");
  CHECK(date_error("2000-02-29") == "(no error)");
  CHECK(date_error("2010-01-31") == "(no error)");
  CHECK(date_error("2010-02") == "(no error)");
  CHECK(date_error("2010-02-30") ==
        "`2010-02-30` is not a day of the calendar, for `production.filming_start`: February 2010 has 28 days");
  CHECK(date_error("2011-02-29") ==
        "`2011-02-29` is not a day of the calendar, for `production.filming_start`: February 2011 has 28 days");
  CHECK(date_error("1900-02-29") ==
        "`1900-02-29` is not a day of the calendar, for `production.filming_start`: February 1900 has 28 days");
  CHECK(date_error("2010-06-31") ==
        "`2010-06-31` is not a day of the calendar, for `production.filming_start`: June 2010 has 30 days");
  CHECK(date_error("2010-06-32") == "expected an ISO 8601 date for `production.filming_start`, got text `2010-06-32`");
  CHECK(date_error("2010-13-01") == "expected an ISO 8601 date for `production.filming_start`, got text `2010-13-01`");
}

TEST_CASE("schema: localized fields give translated maps and unsourced maps are gaps") {
  Checked c = check(std::string(kMinimal) + "tagline: {en: One line}\nproducers:\n  - {name: Andrew Macdonald}\n"
                    "genres: [{en: Drama, it: Dramma}, Romance]\n");
  INFO(c.diags.format());
  CHECK_FALSE(c.diags.has_errors());
  CHECK(translated_paths(c) == std::vector<std::string>{"title", "tagline", "genres[0]"});
  CHECK(c.check.translated[1].pos.str() == "content/films/f.yaml:7:10");
  REQUIRE(c.check.unsourced.size() == 1);
  CHECK(c.check.unsourced[0].path == "producers[0]");
  CHECK(c.check.unsourced[0].field == "sources");
}

TEST_CASE("schema: an unknown language code in a localized map is an error with a position") {
  Checked c = check(std::string(kMinimal) + "tagline: {en: One line, itt: Una riga}\n");
  REQUIRE(c.diags.error_count() == 1);
  const Diagnostic& d = c.diags.items()[0];
  CHECK(d.pos.str() == "content/films/f.yaml:7:25");
  CHECK(d.message == "unknown language `itt` in `tagline`, a map with one value per language");
  CHECK(d.hint == "did you mean `it`?");
  Checked other = check(std::string(kMinimal) + "tagline: {text: One line}\n");
  REQUIRE(other.diags.error_count() == 1);
  CHECK(other.diags.items()[0].hint == "the site's languages are en, it");
}

TEST_CASE("schema: a map in a field that is not localized is never translated") {
  Checked c = check(std::string(kMinimal) + "aspect_ratio: {en: Wide, it: Largo}\n");
  REQUIRE(c.diags.error_count() == 1);
  CHECK(c.diags.items()[0].message == "expected text for `aspect_ratio`, got a map");
  Checked tagged = check(std::string(kMinimal) + "aspect_ratio: !translated {en: Wide, it: Largo}\n");
  REQUIRE(tagged.diags.error_count() >= 1);
  CHECK(tagged.diags.items()[0].message ==
        "`aspect_ratio` is not translated: its field has no `localized: true` in content/films/_schema.yaml");
}

TEST_CASE("schema: inside an any value only maps tagged translated are translated") {
  Schema s = Schema::parse("root: r\ntypes:\n  r:\n    fields: {extra: any, note: {type: any, localized: true}}\n", "s.yaml");
  Checked c = check_with(s, "extra:\n  plain: {en: A, it: B}\n  tagged: !translated {en: A, it: B}\n"
                            "note: {en: {a: 1}, it: [1]}\n");
  INFO(c.diags.format());
  CHECK_FALSE(c.diags.has_errors());
  CHECK(translated_paths(c) == std::vector<std::string>{"extra.tagged", "note"});
}

TEST_CASE("schema: extends adds fields and replaces fields and adds types") {
  MemoryFileSystem fs({{"schemas/book.yaml", kBase},
                       {"content/books/_schema.yaml",
                        "extends: ../../schemas/book.yaml\n"
                        "types:\n"
                        "  book:\n"
                        "    doc: A book of this site.\n"
                        "    fields:\n"
                        "      year: {type: text, doc: a year or a range}\n"
                        "      poster: url\n"
                        "      imdb_id: {type: text, required: true}\n"
                        "      prizes: {type: prize, list: true}\n"
                        "  prize:\n"
                        "    fields: {name: {type: text, localized: true}}\n"}});
  Schema s = Schema::load(fs, "content/books/_schema.yaml");
  CHECK(s.file() == "content/books/_schema.yaml");
  CHECK(s.root() == "book");
  const TypeSpec* book = s.type("book");
  REQUIRE(book != nullptr);
  std::vector<std::string> names;
  for (const auto& f : book->fields) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"title", "year", "author", "poster", "imdb_id", "prizes"});
  CHECK(book->doc == "A book of this site.");
  CHECK(book->field("year")->type == "text");
  CHECK(book->field("year")->pos.file == "content/books/_schema.yaml");
  CHECK(book->field("title")->pos.file == "schemas/book.yaml");
  CHECK(book->field("title")->localized);
  REQUIRE(s.type("prize") != nullptr);
  CHECK(s.type("person") != nullptr);
  CHECK(s.bibliography_field() == "");

  Checked ok = check_with(s, "title: {en: Emma, it: Emma}\nyear: 1815-16\nimdb_id: tt0116191\nposter: https://example.org/p.jpg\n");
  INFO(ok.diags.format());
  CHECK_FALSE(ok.diags.has_errors());
  Checked missing = check_with(s, "title: Emma\n");
  REQUIRE(missing.diags.error_count() == 1);
  CHECK(missing.diags.items()[0].message == "the facts file has no `imdb_id`");
}

TEST_CASE("schema: extends in a cycle is an error naming both files") {
  MemoryFileSystem fs({{"content/a/_schema.yaml", "extends: ../b/_schema.yaml\nroot: x\ntypes:\n  x: {fields: {a: text}}\n"},
                       {"content/b/_schema.yaml", "root: x\nextends: ../a/_schema.yaml\n"}});
  std::string e = error_of([&] { Schema::load(fs, "content/a/_schema.yaml"); });
  CHECK(e == "content/b/_schema.yaml:2:10: schemas extend each other in a cycle: content/a/_schema.yaml → "
             "content/b/_schema.yaml → content/a/_schema.yaml | one of these schemas must stop extending the other | "
             "extends: ../a/_schema.yaml");
  MemoryFileSystem self({{"s.yaml", "extends: s.yaml\n"}});
  CHECK(contains(error_of([&] { Schema::load(self, "s.yaml"); }), "cycle: s.yaml → s.yaml"));
}

TEST_CASE("schema: extends naming a missing file or leaving the site is an error at the key") {
  MemoryFileSystem fs({{"content/a/_schema.yaml", "extends: base.yaml\n"}, {"x.yaml", "extends: ../../up.yaml\n"}});
  CHECK(error_of([&] { Schema::load(fs, "content/a/_schema.yaml"); }) ==
        "content/a/_schema.yaml:1:10: `extends` names `content/a/base.yaml`, which does not exist | "
        "the path is relative to the folder of content/a/_schema.yaml | extends: base.yaml");
  CHECK(contains(error_of([&] { Schema::load(fs, "x.yaml"); }), "x.yaml:1:10: expected the path of a schema file for `extends`"));
  CHECK(error_of([&] { Schema::load(fs, "nope.yaml"); }) == "nope.yaml: the schema file `nope.yaml` does not exist |  | ");
}

TEST_CASE("schema: citations name the bibliography field and source ids need them") {
  const char* with =
      "root: r\ncitations: refs\ntypes:\n"
      "  r:\n    fields: {name: text, sources: source_ids, refs: {type: ref, list: true}}\n"
      "  ref:\n    fields: {id: text}\n";
  Schema s = Schema::parse(with, "s.yaml");
  CHECK(s.bibliography_field() == "refs");
  Checked c = check_with(s, "name: X\nsources: [a, b]\nrefs: [{id: a}]\n");
  REQUIRE(c.diags.error_count() == 1);
  CHECK(c.diags.items()[0].message == "unknown source `b` in `sources`");
  CHECK(c.diags.items()[0].hint == "did you mean `a`?");
  Checked unsourced = check_with(s, "name: X\nrefs: [{id: a}]\n");
  REQUIRE(unsourced.check.unsourced.size() == 1);
  CHECK(unsourced.check.unsourced[0].path == "(top level)");

  CHECK(error_of([] { Schema::parse("root: r\ntypes:\n  r:\n    fields: {name: text, sources: source_ids}\n", "s.yaml"); }) ==
        "s.yaml:4:26: field `r.sources` holds source ids, but the schema has no `citations:` | "
        "add `citations: <field>`, naming the root type's field that lists the sources | "
        "    fields: {name: text, sources: source_ids}");
  CHECK(contains(error_of([] { Schema::parse("root: r\ncitations: ref\ntypes:\n  r:\n    fields: {refs: text}\n", "s.yaml"); }),
                 "s.yaml:2:12: `citations` names `ref`, which is not a field of `r` | did you mean `refs`?"));
  CHECK(contains(error_of([] { Schema::parse("root: r\ncitations: refs\ntypes:\n  r:\n    fields: {refs: text}\n", "s.yaml"); }),
                 "the bibliography `r.refs` must be a list of a map type with an `id` field"));
  // Without citations, a `sources` field of another type is ordinary data, never a gap.
  Schema plain = Schema::parse("root: r\ntypes:\n  r:\n    fields: {sources: {type: text, list: true}}\n", "s.yaml");
  CHECK(check_with(plain, "sources: [a]\n").check.unsourced.empty());
  CHECK(check_with(plain, "{}\n").check.unsourced.empty());
}

TEST_CASE("schema: malformed schemas are positioned errors naming the schema file") {
  CHECK(contains(error_of([] { Schema::parse("root: x\ntypes:\n  y:\n    fields: {a: text}\n", "s.yaml"); }),
                 "s.yaml:1:7: the schema's root type `x` is not defined"));
  CHECK(contains(error_of([] { Schema::parse("root: x\ntypes:\n  x:\n    fields: {a: txet}\n", "s.yaml"); }),
                 "s.yaml:4:14: field `x.a` has unknown type `txet` | did you mean `text`?"));
  CHECK(contains(error_of([] { Schema::parse("root: x\ntypes:\n  x:\n    fields: {a: {type: text, localised: true}}\n", "s.yaml"); }),
                 "s.yaml:4:30: unknown key `localised` in field `a` | did you mean `localized`?"));
  CHECK(contains(error_of([] { Schema::parse("root: x\ntypes:\n  x:\n    fields: {a: {type: x, localized: true}}\n", "s.yaml"); }),
                 "field `x.a` is localized, but `x` is a map type | localize the fields of `x` instead"));
  CHECK(contains(error_of([] { Schema::parse("root: x\ntypes:\n  x:\n    fields: {a: {type: text, list: yes please}}\n", "s.yaml"); }),
                 "expected true or false for `list`"));
  CHECK(contains(error_of([] { Schema::parse("root: x\ntipes: {}\n", "s.yaml"); }), "s.yaml:2:1: unknown key `tipes` in the schema"));
}
