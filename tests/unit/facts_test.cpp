#include <doctest/doctest.h>

#include "input/facts.h"
#include "input/yaml.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;

namespace {

/// A Config with these languages (code, fallback), the first the default.
Config config_of(const std::vector<std::pair<std::string, std::string>>& languages) {
  Config c;
  for (const auto& [code, fallback] : languages) {
    LanguageConfig l;
    l.code = code;
    l.name = code;
    l.fallback = fallback;
    c.languages.push_back(l);
  }
  c.default_language = languages.front().first;
  return c;
}

/// English and Italian, Italian falling back to English (site.yaml's default).
Config en_it() { return config_of({{"en", ""}, {"it", "en"}}); }

const char* kBookSchema =
    "root: book\n"
    "types:\n"
    "  book:\n"
    "    fields:\n"
    "      title: {type: text, localized: true, required: true}\n"
    "      year: int\n"
    "      tags: {type: text, list: true, localized: true}\n"
    "      extra: any\n"
    "      people: {type: person, list: true}\n"
    "  person:\n"
    "    fields: {name: text, role: {type: text, localized: true}}\n";

/// The keys of a map Value, in order.
std::vector<std::string> keys_of(const Value& v) {
  std::vector<std::string> out;
  for (const auto& [k, x] : v.as_map()) out.push_back(k);
  return out;
}

}  // namespace

TEST_CASE("yaml: plain scalars are typed and quoted ones stay text and maps keep their order") {
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

TEST_CASE("yaml: a translated tag is seen and its map converts as a plain map") {
  YAML::Node n = parse_yaml("t: !translated {en: A, it: B}\nu: {en: A}\ns: !translated 12\n", "f.yaml");
  CHECK(has_translated_tag(n["t"]));
  CHECK_FALSE(has_translated_tag(n["u"]));
  CHECK_FALSE(has_translated_tag(n["missing"]));
  Value v = yaml_to_value(n);
  CHECK(v.get("t") == Value(ValueMap{{"en", "A"}, {"it", "B"}}));
  CHECK(v.get("s") == Value("12"));
}

TEST_CASE("facts: files below content load by id and language folders and underscore names are skipped") {
  MemoryFileSystem fs({{"content/notes/a.yaml", "title: A\nyear: 2010\n"},
                       {"content/notes/b.yml", "title: B\n"},
                       {"content/notes/_draft.yaml", "title: C\n"},
                       {"content/_shared/x.yaml", "title: D\n"},
                       {"content/notes/_schema.yaml", "root: note\ntypes:\n  note: {fields: {title: text, year: int}}\n"},
                       {"content/en/x.yaml", "not: facts\n"},
                       {"content/en/index.md", "---\ntitle: x\n---\n"}});
  Config config = en_it();
  Diagnostics diags;
  FactsSet facts = load_facts(fs, config, diags);
  INFO(diags.format());
  CHECK_FALSE(diags.has_errors());
  std::vector<std::string> ids;
  for (const auto& [id, f] : facts) ids.push_back(id);
  CHECK(ids == std::vector<std::string>{"notes/a", "notes/b"});
  const FactsFile& a = facts.at("notes/a");
  CHECK(a.file == "content/notes/a.yaml");
  CHECK(a.data.get("year") == Value(2010));
  REQUIRE(a.schema != nullptr);
  CHECK(a.schema->file() == "content/notes/_schema.yaml");
  CHECK(a.schema == facts.at("notes/b").schema);  // parsed once, shared
  CHECK(a.collection == "");
  CHECK(is_facts_file(config, "content/notes/a.yaml"));
  CHECK_FALSE(is_facts_file(config, "content/notes/_schema.yaml"));
  CHECK_FALSE(is_facts_file(config, "content/it/a.yaml"));
  CHECK_FALSE(is_facts_file(config, "content/notes/a.md"));
  CHECK_FALSE(is_facts_file(config, "templates/a.yaml"));
  CHECK(is_facts_file(config, "content/it.yaml"));
}

TEST_CASE("facts: files of a folder with a schema are checked against it") {
  MemoryFileSystem fs = reel::test::fixture_site("minimal");
  fs.write("content/films/a.yaml", "title: {en: A, it: Ah}\nyear: 2010\n");
  Diagnostics diags;
  FactsSet facts = load_facts(fs, en_it(), diags);
  CHECK(contains(diags.format(), "content/films/a.yaml:1:1: error: the facts file has no `slug`"));
  REQUIRE(facts.count("films/test"));
  CHECK(facts.at("films/test").schema->bibliography_field() == "sources");
}

TEST_CASE("facts: a collection names its schema and facts files know their collection") {
  MemoryFileSystem fs({{"content/books/emma.yaml", "title: Emma\nyear: 18x5\n"},
                       {"content/books/_schema.yaml", "root: ignored\n"},
                       {"schemas/book.yaml", kBookSchema}});
  Config config = en_it();
  CollectionConfig books;
  books.name = "novels";
  books.folder = "books";
  books.schema = "schemas/book.yaml";
  config.collections.push_back(books);
  CHECK(schema_file_for(fs, config, "books") == "schemas/book.yaml");
  CHECK(schema_file_for(fs, config, "other") == "");
  Diagnostics diags;
  FactsSet facts = load_facts(fs, config, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].pos.str() == "content/books/emma.yaml:2:7");
  CHECK(facts.at("books/emma").collection == "novels");
  CHECK(facts.at("books/emma").schema->file() == "schemas/book.yaml");

  config.collections[0].schema = "schemas/nope.yaml";
  config.collections[0].pos = SourcePos{"site.yaml", 12, 3};
  Diagnostics missing;
  load_facts(fs, config, missing);
  REQUIRE(missing.error_count() == 1);
  CHECK(missing.items()[0].pos.str() == "site.yaml:12:3");
  CHECK(missing.items()[0].message == "collection `novels` names the schema `schemas/nope.yaml`, which does not exist");
}

TEST_CASE("facts: a broken schema is one positioned error naming the schema file") {
  MemoryFileSystem fs({{"content/books/emma.yaml", "title: Emma\n"},
                       {"content/books/_schema.yaml", "root: book\ntypes:\n  book: {fields: {title: txt}}\n"},
                       {"content/empty/_schema.yaml", "root: [\n"}});
  Diagnostics diags;
  FactsSet facts = load_facts(fs, en_it(), diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.items()[0].pos.str() == "content/books/_schema.yaml:3:19");
  CHECK(diags.items()[0].message == "field `book.title` has unknown type `txt`");
  CHECK(diags.items()[1].pos.file == "content/empty/_schema.yaml");
  CHECK(facts.at("books/emma").schema == nullptr);
}

TEST_CASE("facts: free-form facts load without validation and only tagged maps are translated") {
  MemoryFileSystem fs({{"content/notes/n.yaml",
                        "title: !translated {en: Never Let Me Go, it: Non lasciarmi}\n"
                        "codes: {en: English, it: Italian}\n"
                        "anything: [1, {deep: !translated {it: solo italiano}}]\n"
                        "untouched: {a: [1, 2]}\n"}});
  Diagnostics diags;
  FactsSet facts = load_facts(fs, en_it(), diags);
  INFO(diags.format());
  CHECK_FALSE(diags.has_errors());
  const FactsFile& n = facts.at("notes/n");
  CHECK(n.schema == nullptr);
  REQUIRE(n.by_lang.size() == 2);
  const Value& en = n.by_lang[0];
  const Value& it = n.by_lang[1];
  CHECK(en.get("title") == Value("Never Let Me Go"));
  CHECK(it.get("title") == Value("Non lasciarmi"));
  CHECK(en.get("codes") == Value(ValueMap{{"en", "English"}, {"it", "Italian"}}));
  CHECK(it.get("codes") == en.get("codes"));
  CHECK(it.get("anything").as_list()[1].get("deep") == Value("solo italiano"));
  // English has no value and no fallback: the key is left out.
  CHECK(keys_of(en.get("anything").as_list()[1]).empty());
  // The data as written keeps every map.
  CHECK(n.data.get("title").is_map());
  // Unchanged subtrees are shared, not copied.
  CHECK(&en.get("untouched").as_map() == &n.data.get("untouched").as_map());
  CHECK(&it.get("codes").as_map() == &n.data.get("codes").as_map());
  REQUIRE(n.gaps.missing_translations.size() == 1);
  CHECK(n.gaps.missing_translations[0].path == "anything[1].deep");
  CHECK(n.gaps.missing_translations[0].languages == std::vector<std::string>{"en"});
  CHECK(n.gaps.missing_translations[0].shown == std::vector<std::string>{""});
  CHECK(n.gaps.unsourced.empty());
}

TEST_CASE("facts: a translated tag with an unknown language or on a scalar is an error") {
  MemoryFileSystem fs({{"content/notes/n.yaml", "title: !translated {en: A, itt: B}\nyear: !translated 2010\n"}});
  Diagnostics diags;
  load_facts(fs, en_it(), diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.items()[0].pos.str() == "content/notes/n.yaml:1:28");
  CHECK(diags.items()[0].message == "unknown language `itt` in `title`, a map with one value per language");
  CHECK(diags.items()[0].hint == "did you mean `it`?");
  CHECK(diags.items()[1].pos.str() == "content/notes/n.yaml:2:7");
  CHECK(contains(diags.items()[1].message, "`!translated` marks a map with one value per language, got text `2010`"));
}

TEST_CASE("facts: localized fields are resolved per language and other maps are not") {
  MemoryFileSystem fs({{"content/books/_schema.yaml", kBookSchema},
                       {"content/books/emma.yaml",
                        "title: {en: Emma, it: Emma (romanzo)}\n"
                        "year: 1815\n"
                        "tags: [{en: Novel, it: Romanzo}, Regency]\n"
                        "extra: {en: not a translation}\n"
                        "people:\n  - {name: Jane Austen, role: {en: Author, it: Autrice}}\n  - {name: X}\n"}});
  Diagnostics diags;
  FactsSet facts = load_facts(fs, en_it(), diags);
  INFO(diags.format());
  CHECK_FALSE(diags.has_errors());
  const FactsFile& e = facts.at("books/emma");
  const Value& it = e.by_lang[1];
  CHECK(it.get("title") == Value("Emma (romanzo)"));
  CHECK(it.get("tags") == Value(ValueList{"Romanzo", "Regency"}));
  CHECK(e.by_lang[0].get("tags") == Value(ValueList{"Novel", "Regency"}));
  CHECK(it.get("extra") == Value(ValueMap{{"en", "not a translation"}}));
  CHECK(it.get("people").as_list()[0].get("role") == Value("Autrice"));
  CHECK(&it.get("people").as_list()[1].as_map() == &e.data.get("people").as_list()[1].as_map());
  CHECK(e.gaps.missing_translations.empty());
}

TEST_CASE("facts: a missing translation falls back to the default language and is listed") {
  MemoryFileSystem fs({{"content/books/_schema.yaml", kBookSchema},
                       {"content/books/emma.yaml", "title: {en: Emma}\ntags: [{en: Novel}]\n"}});
  Diagnostics diags;
  FactsSet facts = load_facts(fs, en_it(), diags);
  CHECK_FALSE(diags.has_errors());
  const FactsFile& e = facts.at("books/emma");
  CHECK(e.by_lang[1].get("title") == Value("Emma"));
  CHECK(e.by_lang[1].get("tags") == Value(ValueList{"Novel"}));
  REQUIRE(e.gaps.missing_translations.size() == 2);
  const auto& m = e.gaps.missing_translations[0];
  CHECK(m.path == "title");
  CHECK(m.pos.str() == "content/books/emma.yaml:1:8");
  CHECK(m.languages == std::vector<std::string>{"it"});
  CHECK(m.shown == std::vector<std::string>{"en"});
  CHECK(e.gaps.missing_translations[1].path == "tags[0]");
}

TEST_CASE("facts: fallbacks follow a chain and an empty fallback leaves the value undefined") {
  // fr falls back to it, it to en; de has none; en (the default) has none.
  Config config = config_of({{"en", ""}, {"it", "en"}, {"fr", "it"}, {"de", ""}});
  MemoryFileSystem fs({{"content/books/_schema.yaml", kBookSchema},
                       {"content/books/emma.yaml", "title: {en: Emma}\ntags: [{it: Romanzo}, Regency]\n"}});
  Diagnostics diags;
  FactsSet facts = load_facts(fs, config, diags);
  INFO(diags.format());
  CHECK_FALSE(diags.has_errors());
  const FactsFile& e = facts.at("books/emma");
  REQUIRE(e.by_lang.size() == 4);
  CHECK(e.by_lang[2].get("title") == Value("Emma"));  // fr → it → en
  CHECK(e.by_lang[2].get("tags") == Value(ValueList{"Romanzo", "Regency"}));  // fr → it
  CHECK(e.by_lang[3].get("title").is_undefined());  // de: none
  CHECK(keys_of(e.by_lang[3]) == std::vector<std::string>{"tags"});
  CHECK(e.by_lang[3].get("tags") == Value(ValueList{"Regency"}));  // an item with nothing to show is left out
  CHECK(e.by_lang[0].get("tags") == Value(ValueList{"Regency"}));  // en has no fallback
  REQUIRE(e.gaps.missing_translations.size() == 2);
  const auto& title = e.gaps.missing_translations[0];
  CHECK(title.languages == std::vector<std::string>{"it", "fr", "de"});
  CHECK(title.shown == std::vector<std::string>{"en", "en", ""});
  const auto& tag = e.gaps.missing_translations[1];
  CHECK(tag.languages == std::vector<std::string>{"en", "fr", "de"});
  CHECK(tag.shown == std::vector<std::string>{"", "it", ""});
}

TEST_CASE("facts: a fallback cycle stops after each language once") {
  Config config = config_of({{"en", "it"}, {"it", "en"}, {"fr", "it"}});
  ValueMap only_fr{{"fr", "Bonjour"}};
  std::string shown = "x";
  CHECK(translation_of(only_fr, config, 0, &shown) == nullptr);
  CHECK(shown == "");
  CHECK(*translation_of(only_fr, config, 2, &shown) == Value("Bonjour"));
  CHECK(shown == "fr");
  ValueMap only_en{{"en", "Hello"}};
  CHECK(*translation_of(only_en, config, 2, &shown) == Value("Hello"));
  CHECK(shown == "en");
}

TEST_CASE("facts: helpers resolve one translated value and free-form YAML per language") {
  Config config = en_it();
  CHECK(translation_for(Value(ValueMap{{"en", "Film"}, {"it", "Il film"}}), config, "it") == Value("Il film"));
  CHECK(translation_for(Value(ValueMap{{"en", "Film"}}), config, "it") == Value("Film"));
  CHECK(translation_for(Value(ValueMap{{"it", "Il film"}}), config, "en").is_undefined());
  CHECK(translation_for(Value("Same"), config, "it") == Value("Same"));

  std::string front = "title: x\nparams:\n  tagline: !translated {en: Hi, it: Ciao}\n  langs: {en: a}\n  bad: !translated {de: x}\n";
  YAML::Node fm = parse_yaml(front, "content/en/a.md", 1);
  Diagnostics diags;
  FactsGaps gaps;
  std::vector<Value> views = values_by_language(fm["params"], front, "content/en/a.md", config, diags, 1, &gaps);
  REQUIRE(views.size() == 2);
  CHECK(views[0].get("tagline") == Value("Hi"));
  CHECK(views[1].get("tagline") == Value("Ciao"));
  CHECK(views[1].get("langs") == Value(ValueMap{{"en", "a"}}));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].pos.str() == "content/en/a.md:6:21");
  CHECK(diags.items()[0].source_line == "  bad: !translated {de: x}");
  REQUIRE(gaps.missing_translations.size() == 1);
  CHECK(gaps.missing_translations[0].path == "bad");
  CHECK(gaps.missing_translations[0].languages == std::vector<std::string>{"en", "it"});
}

TEST_CASE("facts: a YAML error names file and line and column and shows the line") {
  MemoryFileSystem fs({{"content/films/a.yaml", "title: A\ncast:\n  - actor: X\n   character: Y\n"}});
  Diagnostics diags;
  FactsSet facts = load_facts(fs, en_it(), diags);
  REQUIRE(diags.error_count() == 1);
  const Diagnostic& d = diags.items()[0];
  CHECK(d.pos.file == "content/films/a.yaml");
  CHECK(d.pos.line == 4);
  CHECK(d.pos.column > 0);
  CHECK(d.source_line == "   character: Y");
  CHECK(facts.empty());
}

TEST_CASE("facts: loading in parallel gives the same facts and diagnostics in the same order") {
  MemoryFileSystem fs({{"content/books/_schema.yaml", kBookSchema}});
  for (int i = 0; i < 60; ++i) {
    std::string n = std::to_string(100 + i);
    std::string body = i % 7 == 0   ? "title: {en: T" + n + "}\nyear: bad\n"
                       : i % 5 == 0 ? "title: [\n"
                                    : "title: {en: T" + n + ", it: I" + n + "}\nyear: " + n + "\n";
    fs.write("content/books/b" + n + ".yaml", body);
    fs.write("content/notes/n" + n + ".yaml", "t: !translated {en: " + n + (i % 3 ? ", it: x" : "") + "}\n");
  }
  Config config = en_it();
  Diagnostics sequential_diags;
  FactsSet sequential = load_facts(fs, config, sequential_diags, false);
  for (int run = 0; run < 3; ++run) {
    Diagnostics parallel_diags;
    FactsSet parallel = load_facts(fs, config, parallel_diags, true);
    CHECK(parallel_diags.format() == sequential_diags.format());
    REQUIRE(parallel.size() == sequential.size());
    for (const auto& [id, f] : sequential) {
      const FactsFile& p = parallel.at(id);
      CHECK(p.by_lang == f.by_lang);
      CHECK(p.data == f.data);
      CHECK(p.gaps.missing_translations.size() == f.gaps.missing_translations.size());
    }
  }
  CHECK(sequential_diags.error_count() == 9 + 10);  // bad years, YAML errors
  CHECK(sequential.size() == 120 - 10);
  // Sorted by file: every diagnostic's file comes at or after the one before it.
  for (std::size_t i = 1; i < sequential_diags.items().size(); ++i) {
    CHECK(sequential_diags.items()[i - 1].pos.file <= sequential_diags.items()[i].pos.file);
  }
}
