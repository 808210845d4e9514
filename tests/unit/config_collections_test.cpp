// site.yaml's site structure: collections, taxonomies, outputs, menus and the
// languages' `fallback`, with their defaults and their errors (position and hint).
#include <doctest/doctest.h>

#include "input/config.h"

using namespace reel;

namespace {

// Five lines; whatever a test appends starts at line 6.
const char* kBase = R"(title: T
base_url: https://example.org/
languages:
  en: {name: English, locale: en-GB}
  it: {name: Italiano, locale: it-IT}
)";

Config load(const std::string& extra, Diagnostics& diags) {
  MemoryFileSystem fs({{"site.yaml", std::string(kBase) + extra}});
  return load_config(fs, diags);
}

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("config: a collection with only a permalink takes every default") {
  Diagnostics diags;
  Config c = load("collections:\n  films: {permalink: '/films/{slug}/'}\n  notes: {}\n", diags);
  INFO(diags.format());
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(c.collections.size() == 2);
  const CollectionConfig& f = c.collections[0];
  CHECK(f.name == "films");
  CHECK(f.folder == "films");
  CHECK(f.schema == "");
  CHECK(f.as == "films");
  CHECK(f.permalink == "/films/{slug}/");
  CHECK(f.layout == "page");
  CHECK(f.title_field == "title");
  CHECK(f.description_field == "");
  CHECK(f.date_field == "");
  CHECK(f.pos.str() == "site.yaml:7:3");
  // Written order is kept; no permalink makes no pages.
  CHECK(c.collections[1].name == "notes");
  CHECK(c.collections[1].permalink == "");
  CHECK(c.collection("notes") == &c.collections[1]);
  CHECK(c.collection("nope") == nullptr);
  CHECK(c.collection_of("films/x") == &c.collections[0]);
  CHECK(c.collection_of("other/x") == nullptr);
}

TEST_CASE("config: a collection's every key is read") {
  Diagnostics diags;
  Config c = load(
      "collections:\n"
      "  books:\n"
      "    folder: library/books\n"
      "    schema: schemas/book.yaml\n"
      "    as: book\n"
      "    permalink: /books/{year}/{slug}/\n"
      "    layout: book\n"
      "    title: name\n"
      "    description: blurb\n"
      "    date: published\n",
      diags);
  INFO(diags.format());
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(c.collections.size() == 1);
  const CollectionConfig& b = c.collections[0];
  CHECK(b.folder == "library/books");
  CHECK(b.schema == "schemas/book.yaml");
  CHECK(b.as == "book");
  CHECK(b.permalink == "/books/{year}/{slug}/");
  CHECK(b.layout == "book");
  CHECK(b.title_field == "name");
  CHECK(b.description_field == "blurb");
  CHECK(b.date_field == "published");
  CHECK(c.collection_of("library/books/emma") == &b);
}

TEST_CASE("config: an unknown key in a collection is an error at the key with a did-you-mean") {
  Diagnostics diags;
  load("collections:\n  films: {permalnk: '/films/{slug}/'}\n", diags);
  REQUIRE(diags.error_count() == 1);
  const Diagnostic& d = diags.items()[0];
  CHECK(d.pos.str() == "site.yaml:7:11");
  CHECK(d.message == "unknown key `permalnk` in collection `films`");
  CHECK(d.hint == "did you mean `permalink`?");
  CHECK(d.source_line == "  films: {permalnk: '/films/{slug}/'}");
}

TEST_CASE("config: a collection folder must stay below content") {
  Diagnostics diags;
  load("collections:\n  films: {folder: ../secrets}\n", diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].pos.line == 7);
  CHECK(has(diags.items()[0].message, "`../secrets`"));
}

TEST_CASE("config: a permalink must start and end with a slash") {
  for (const char* bad : {"films/{slug}/", "/films/{slug}", "/films/../{slug}/", "/films/{slug}?x/"}) {
    CAPTURE(bad);
    Diagnostics diags;
    load(std::string("collections:\n  films:\n    permalink: ") + bad + "\n", diags);
    REQUIRE(diags.error_count() == 1);
    const Diagnostic& d = diags.items()[0];
    CHECK(d.pos.str() == "site.yaml:8:16");
    CHECK(has(d.message, "starts and ends with `/`"));
    CHECK(has(d.message, std::string("`") + bad + "`"));
    CHECK(has(d.hint, "permalink: /"));
  }
}

TEST_CASE("config: a permalink whose brace is never closed is an error") {
  // site/site.cpp's pattern_url() reads `{` up to the next `}`; with none it would
  // not stop, so site.yaml must refuse the pattern.
  Diagnostics diags;
  load("collections:\n  films: {permalink: '/films/{slug/'}\n", diags);
  CHECK(diags.error_count() == 1);
}

TEST_CASE("config: a taxonomy takes its defaults from its name") {
  Diagnostics diags;
  Config c = load(
      "collections:\n  films: {permalink: '/films/{slug}/'}\n"
      "taxonomies:\n  genres: {collection: films}\n"
      "  years: {collection: films, field: year, permalink: /by-year/, layout: years, term_layout: year,"
      " title: {en: Years, it: Anni}, paginate_by: 20, sort_by: facts.year}\n",
      diags);
  INFO(diags.format());
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(c.taxonomies.size() == 2);
  const TaxonomyConfig& g = c.taxonomies[0];
  CHECK(g.name == "genres");
  CHECK(g.collection == "films");
  CHECK(g.field == "genres");
  CHECK(g.permalink == "/genres/");
  CHECK(g.layout == "taxonomy");
  CHECK(g.term_layout == "term");
  CHECK(g.title == Value("genres"));
  CHECK(g.paginate_by == 0);
  CHECK(g.sort_by == "title");
  CHECK(g.pos.str() == "site.yaml:9:3");
  const TaxonomyConfig& y = c.taxonomies[1];
  CHECK(y.field == "year");
  CHECK(y.permalink == "/by-year/");
  CHECK(y.layout == "years");
  CHECK(y.term_layout == "year");
  CHECK(y.title.get("it") == Value("Anni"));
  CHECK(y.paginate_by == 20);
  CHECK(y.sort_by == "facts.year");
}

TEST_CASE("config: a taxonomy naming an unknown collection is an error with a did-you-mean") {
  Diagnostics diags;
  load("collections:\n  films: {permalink: '/films/{slug}/'}\ntaxonomies:\n  genres: {collection: flims}\n", diags);
  REQUIRE(diags.error_count() == 1);
  const Diagnostic& d = diags.items()[0];
  CHECK(d.pos.str() == "site.yaml:9:24");
  CHECK(has(d.message, "taxonomy `genres`"));
  CHECK(has(d.message, "`flims`"));
  CHECK(d.hint == "did you mean `films`?");
}

TEST_CASE("config: a taxonomy without a collection is an error at its name") {
  Diagnostics diags;
  load("taxonomies:\n  genres: {field: genres}\n", diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].pos.str() == "site.yaml:7:3");
  CHECK(has(diags.items()[0].message, "needs a `collection`"));
}

TEST_CASE("config: a taxonomy's unknown key and bad permalink and bad paginate_by are errors") {
  Diagnostics diags;
  load("collections:\n  films: {permalink: '/films/{slug}/'}\n"
       "taxonomies:\n  genres: {collection: films, feild: genres, permalink: genres, paginate_by: -1}\n",
       diags);
  std::string all = diags.format();
  INFO(all);
  CHECK(diags.error_count() == 3);
  CHECK(has(all, "unknown key `feild` in taxonomy `genres`"));
  CHECK(has(all, "did you mean `field`?"));
  CHECK(has(all, "got `genres`"));
  CHECK(has(all, "`paginate_by`"));
}

TEST_CASE("config: outputs default to their key and to every language") {
  Diagnostics diags;
  Config c = load("outputs:\n  atom.xml: {}\n  feed.xml:\n  search.json: {path: search/index.json}\n"
                  "  404.html: {per_language: false}\n",
                  diags);
  INFO(diags.format());
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(c.outputs.size() == 4);
  CHECK(c.outputs[0].template_name == "atom.xml");
  CHECK(c.outputs[0].path == "atom.xml");
  CHECK(c.outputs[0].per_language);
  CHECK(c.outputs[1].template_name == "feed.xml");
  CHECK(c.outputs[1].path == "feed.xml");
  CHECK(c.outputs[1].per_language);
  CHECK(c.outputs[2].path == "search/index.json");
  CHECK(c.outputs[2].per_language);
  CHECK(c.outputs[3].path == "404.html");
  CHECK_FALSE(c.outputs[3].per_language);
  CHECK(c.outputs[3].pos.str() == "site.yaml:10:3");
}

TEST_CASE("config: an output path that is a folder is an error") {
  for (const char* path : {"search/", "../up.json"}) {
    CAPTURE(path);
    Diagnostics diags;
    Config c = load(std::string("outputs:\n  search.json: {path: ") + path + "}\n", diags);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].pos.str() == "site.yaml:7:3");
    CHECK(has(diags.items()[0].message, "expected a file path"));
    CHECK(c.outputs.empty());
  }
}

TEST_CASE("config: an output's unknown key and non-boolean per_language are errors") {
  Diagnostics diags;
  load("outputs:\n  atom.xml: {pth: feed.xml, per_language: sometimes}\n", diags);
  std::string all = diags.format();
  INFO(all);
  CHECK(diags.error_count() == 2);
  CHECK(has(all, "unknown key `pth` in output `atom.xml`"));
  CHECK(has(all, "did you mean `path`?"));
  CHECK(has(all, "expected true or false for `per_language`"));
}

TEST_CASE("config: menus keep their order and their items") {
  Diagnostics diags;
  Config c = load("menus:\n  main:\n    - page: about\n    - {url: https://example.com/, name: {en: Elsewhere, it: Altrove}}\n"
                  "  footer:\n    - {page: films/index, name: All films}\n",
                  diags);
  INFO(diags.format());
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(c.menus.size() == 2);
  CHECK(c.menus[0].first == "main");
  CHECK(c.menus[1].first == "footer");
  REQUIRE(c.menus[0].second.size() == 2);
  CHECK(c.menus[0].second[0].page == "about");
  CHECK(c.menus[0].second[0].url == "");
  CHECK(c.menus[0].second[0].name.is_none());
  CHECK(c.menus[0].second[0].pos.line == 8);
  CHECK(c.menus[0].second[1].url == "https://example.com/");
  CHECK(c.menus[0].second[1].name.get("it") == Value("Altrove"));
  REQUIRE(c.menus[1].second.size() == 1);
  CHECK(c.menus[1].second[0].name == Value("All films"));
}

TEST_CASE("config: a menu item with both page and url or with neither is an error at the item") {
  Diagnostics diags;
  Config c = load("menus:\n  main:\n    - {page: about, url: /about/, name: About}\n    - {name: Nothing}\n    - page: about\n",
                  diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.items()[0].pos.str() == "site.yaml:8:7");
  CHECK(diags.items()[1].pos.str() == "site.yaml:9:7");
  for (const Diagnostic& d : diags.items()) CHECK(has(d.message, "either `page`"));
  // The good item is kept.
  REQUIRE(c.menus.size() == 1);
  REQUIRE(c.menus[0].second.size() == 1);
  CHECK(c.menus[0].second[0].page == "about");
}

TEST_CASE("config: a menu item with a url and no name is an error and an unknown key has a hint") {
  Diagnostics diags;
  load("menus:\n  main:\n    - {url: https://example.com/}\n    - {page: about, nmae: About}\n", diags);
  std::string all = diags.format();
  INFO(all);
  CHECK(diags.error_count() == 2);
  CHECK(has(all, "needs a `name`"));
  CHECK(has(all, "unknown key `nmae`"));
  CHECK(has(all, "did you mean `name`?"));
}

TEST_CASE("config: a language falls back to the default language unless told") {
  Diagnostics diags;
  Config c = load("", diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(c.language("en")->fallback == "");
  CHECK(c.language("it")->fallback == "en");
}

TEST_CASE("config: fallback none and an explicit fallback") {
  MemoryFileSystem fs({{"site.yaml", "title: T\nbase_url: https://example.org/\nlanguages:\n"
                                      "  en: {name: English}\n"
                                      "  it: {name: Italiano, fallback: none}\n"
                                      "  fr: {name: Français, fallback: it}\n"
                                      "  de: {name: Deutsch, fallback: ~}\n"}});
  Diagnostics diags;
  Config c = load_config(fs, diags);
  INFO(diags.format());
  REQUIRE_FALSE(diags.has_errors());
  CHECK(c.language("en")->fallback == "");
  CHECK(c.language("it")->fallback == "");
  CHECK(c.language("fr")->fallback == "it");
  CHECK(c.language("de")->fallback == "");
}

TEST_CASE("config: a fallback to an unknown language is an error at the language with a did-you-mean") {
  Diagnostics diags;
  Config c = load_config(MemoryFileSystem({{"site.yaml", "title: T\nbase_url: https://example.org/\nlanguages:\n"
                                                         "  en: {name: English}\n"
                                                         "  it: {name: Italiano, fallback: eb}\n"}}),
                         diags);
  REQUIRE(diags.error_count() == 1);
  const Diagnostic& d = diags.items()[0];
  CHECK(d.pos.str() == "site.yaml:5:3");
  CHECK(has(d.message, "`it` falls back to `eb`"));
  CHECK(d.hint == "did you mean `en`?");
}

TEST_CASE("config: a language cannot fall back to itself") {
  Diagnostics diags;
  load_config(MemoryFileSystem({{"site.yaml", "title: T\nbase_url: https://example.org/\nlanguages:\n"
                                               "  en: {name: English}\n"
                                               "  it: {name: Italiano, fallback: it}\n"}}),
              diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].pos.line == 5);
  CHECK(has(diags.items()[0].message, "not another site language"));
}

TEST_CASE("config: collections taxonomies outputs and menus of the wrong shape are errors") {
  Diagnostics diags;
  load("collections: [films]\ntaxonomies: genres\noutputs: [atom.xml]\nmenus: {main: about}\n", diags);
  std::string all = diags.format();
  INFO(all);
  CHECK(diags.error_count() == 4);
  CHECK(has(all, "site.yaml:6:"));
  CHECK(has(all, "site.yaml:7:"));
  CHECK(has(all, "site.yaml:8:"));
  CHECK(has(all, "site.yaml:9:"));
}
