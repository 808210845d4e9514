// assemble_site: collection pages, prose bodies, list pages and their pagers, taxonomy
// and term pages, translations, and the errors it reports; sites built in memory.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "input/config.h"
#include "input/facts.h"
#include "input/prose.h"
#include "render/view.h"
#include "site/site.h"
#include "site/slug.h"

using namespace reel;

namespace {

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

const char* kSchema = R"(root: film
types:
  film:
    fields:
      title: {type: text, localized: true}
      year: int
      tagline: {type: text, localized: true}
      genres: {type: text, list: true, localized: true}
      released: date
)";

/// site.yaml with English (root) and Italian, a `films` collection and `extra` appended.
std::string site_yaml(const std::string& films = "{as: film, permalink: '/films/{slug}/', layout: film}",
                      const std::string& extra = "", const std::string& it_extra = "") {
  return "title: {en: Films, it: Film}\n"
         "base_url: https://example.org/base/\n"
         "languages:\n"
         "  en: {name: English, locale: en-GB}\n"
         "  it: {name: Italiano, locale: it-IT" + it_extra + "}\n"
         "collections:\n"
         "  films: " + films + "\n" + extra;
}

MemoryFileSystem make_site(const std::string& yaml) {
  MemoryFileSystem fs;
  fs.write("site.yaml", yaml);
  fs.write("content/films/_schema.yaml", kSchema);
  return fs;
}

/// Every stage up to assemble_site, on this thread.
struct Assembled {
  Diagnostics diags;
  Site site;
};

std::unique_ptr<Assembled> assemble(const MemoryFileSystem& fs) {
  auto out = std::make_unique<Assembled>();
  Config config = load_config(fs, out->diags);
  REQUIRE_MESSAGE(!out->diags.has_errors(), out->diags.format());
  auto facts = std::make_shared<const FactsSet>(load_facts(fs, config, out->diags, false));
  auto prose = std::make_shared<const ProseSet>(read_prose_files(fs, config, list_prose_files(fs, config), out->diags));
  REQUIRE_MESSAGE(!out->diags.has_errors(), out->diags.format());
  out->site = assemble_site(config, facts, prose, out->diags);
  return out;
}

/// The page `id` in `lang` at pager `pager`, or nullptr.
const Page* pager_of(const Site& site, const std::string& id, const std::string& lang, std::int64_t pager) {
  for (const Page& p : site.pages) {
    if (p.id == id && p.lang == lang && p.pager == pager) return &p;
  }
  return nullptr;
}

std::size_t index_of(const Site& site, const Page* p) { return static_cast<std::size_t>(p - site.pages.data()); }

/// The ids of the pages at `indices`.
std::vector<std::string> ids(const Site& site, const std::vector<std::size_t>& indices) {
  std::vector<std::string> out;
  for (std::size_t i : indices) out.push_back(site.pages[i].id);
  return out;
}

std::vector<std::string> titles(const Site& site, const std::vector<std::size_t>& indices) {
  std::vector<std::string> out;
  for (std::size_t i : indices) out.push_back(site.pages[i].title);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("site: a collection makes one page per facts file per language at its permalink") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/films/open-city.yaml", "title: {en: Open City, it: Roma città aperta}\nyear: 1945\n");
  fs.write("content/films/umberto-d.yaml", "title: Umberto D.\nyear: 1952\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  const Site& s = a->site;
  CHECK(s.pages.size() == 4);
  const Page* en = s.find("films/open-city", "en");
  const Page* it = s.find("films/open-city", "it");
  REQUIRE(en);
  REQUIRE(it);
  CHECK(en->kind == PageKind::kPage);
  CHECK(en->rel_url == "films/open-city/");
  CHECK(en->url == "/base/films/open-city/");
  CHECK(en->permalink == "https://example.org/base/films/open-city/");
  CHECK(en->output_path == "films/open-city/index.html");
  CHECK(it->rel_url == "it/films/open-city/");
  CHECK(it->url == "/base/it/films/open-city/");
  CHECK(en->title == "Open City");
  CHECK(it->title == "Roma città aperta");
  CHECK(en->layout == "film");
  CHECK(en->source == "content/films/open-city.yaml");
  CHECK(en->prose_path == "");
  REQUIRE(en->facts.size() == 1);
  CHECK(en->facts[0] == std::pair<std::string, std::string>("film", "films/open-city"));
  CHECK(en->translations == std::vector<std::size_t>{index_of(s, it)});
  CHECK(it->translations == std::vector<std::size_t>{index_of(s, en)});
  // A collection page is a content page of its language.
  CHECK(ids(s, s.pages_by_lang[1]) == Strings{"films/open-city", "films/umberto-d"});
}

TEST_CASE("site: a permalink's fields are slugified in each language") {
  MemoryFileSystem fs = make_site(site_yaml("{permalink: '/films/{year}/{title}/'}"));
  fs.write("content/films/open-city.yaml", "title: {en: Open City, it: Roma città aperta}\nyear: 1945\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  REQUIRE(a->site.find("films/open-city", "en"));
  REQUIRE(a->site.find("films/open-city", "it"));
  CHECK(a->site.find("films/open-city", "en")->rel_url == "films/1945/open-city/");
  CHECK(a->site.find("films/open-city", "it")->rel_url == "it/films/1945/roma-citta-aperta/");
  // The facts are seen under the collection's name when it has no `as`.
  CHECK(a->site.find("films/open-city", "en")->facts[0].first == "films");
}

TEST_CASE("site: a permalink field a file does not give is an error naming the file") {
  MemoryFileSystem fs = make_site(site_yaml("{permalink: '/films/{year}/'}"));
  fs.write("content/films/open-city.yaml", "title: Open City\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.has_errors());
  CHECK(a->diags.items()[0].pos.file == "content/films/open-city.yaml");
  CHECK(has(a->diags.items()[0].message, "`year`"));
}

TEST_CASE("site: the slugs of names are ASCII") {
  CHECK(ascii_slug("città") == "citta");
  CHECK(ascii_slug("Science fiction") == "science-fiction");
  CHECK(ascii_slug("  Èra -- Nuova!  ") == "era-nuova");
  CHECK(ascii_slug("Ёлки") == "elki");
  CHECK(ascii_slug("!!!") == "");
}

TEST_CASE("site: a prose file with a collection page's id gives its body and may set its title") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/films/open-city.yaml", "title: {en: Open City, it: Roma città aperta}\nyear: 1945\ntagline: Rome, 1944\n");
  fs.write("content/en/films/open-city.md",
           "---\ntitle: Rome, Open City\ndescription: Neorealism\nlayout: feature\ndate: '1945-09-27'\norder: 3\n---\nBody.\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  const Site& s = a->site;
  CHECK(s.pages.size() == 2);  // no separate prose page
  const Page* en = s.find("films/open-city", "en");
  const Page* it = s.find("films/open-city", "it");
  REQUIRE(en);
  REQUIRE(it);
  CHECK(en->title == "Rome, Open City");
  CHECK(en->description == "Neorealism");
  CHECK(en->layout == "feature");
  CHECK(en->date == "1945-09-27");
  CHECK(en->order == 3);
  CHECK(en->prose_path == "content/en/films/open-city.md");
  CHECK(en->source == "content/films/open-city.yaml");
  CHECK(en->rel_url == "films/open-city/");
  REQUIRE(s.prose_of(*en));
  CHECK(has(s.prose_of(*en)->prose.html, "Body."));
  // Italian has no prose: the facts' title, no body.
  CHECK(it->title == "Roma città aperta");
  CHECK(it->prose_path == "");
  CHECK(it->layout == "film");
}

TEST_CASE("site: a collection's description and date fields describe its pages") {
  MemoryFileSystem fs = make_site(site_yaml("{permalink: '/films/{slug}/', description: tagline, date: released}"));
  fs.write("content/films/open-city.yaml",
           "title: Open City\ntagline: {en: Rome 1944, it: Roma 1944}\nreleased: '1945-09-27'\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  CHECK(a->site.find("films/open-city", "en")->description == "Rome 1944");
  CHECK(a->site.find("films/open-city", "it")->description == "Roma 1944");
  CHECK(a->site.find("films/open-city", "it")->date == "1945-09-27");
}

TEST_CASE("site: a collection page whose title field is missing is an error naming the facts file") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/films/open-city.yaml", "year: 1945\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 2);  // once per language
  const Diagnostic& d = a->diags.items()[0];
  CHECK(d.pos.file == "content/films/open-city.yaml");
  CHECK(has(d.message, "`title`"));
  CHECK(has(d.message, "English"));
  CHECK(has(a->diags.items()[1].message, "Italiano"));
}

TEST_CASE("site: a title missing in one language without a fallback is an error for that language only") {
  MemoryFileSystem fs = make_site(site_yaml("{permalink: '/films/{slug}/'}", "", ", fallback: none"));
  fs.write("content/films/open-city.yaml", "title: {en: Open City}\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 1);
  CHECK(a->diags.items()[0].pos.file == "content/films/open-city.yaml");
  CHECK(has(a->diags.items()[0].message, "Italiano"));
}

TEST_CASE("site: with the default fallback a missing translated title shows the default language's") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/films/open-city.yaml", "title: {en: Open City}\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  CHECK(a->site.find("films/open-city", "it")->title == "Open City");
}

namespace {

/// A list page of films in both languages with this `list:` map.
MemoryFileSystem list_site(const std::string& list) {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/en/films/index.md", "---\ntitle: Films\nlist: " + list + "\n---\n");
  fs.write("content/it/films/index.md", "---\ntitle: Film\nlist: " + list + "\n---\n");
  return fs;
}

}  // namespace

TEST_CASE("site: a list page sorts titles with the language's collator") {
  MemoryFileSystem fs = list_site("{collection: films}");
  fs.write("content/films/a.yaml", "title: zeta\n");
  fs.write("content/films/b.yaml", "title: Èra\n");
  fs.write("content/films/c.yaml", "title: alfa\n");
  fs.write("content/films/d.yaml", "title: era\n");
  fs.write("content/films/e.yaml", "title: Zucca\n");
  fs.write("content/films/f.yaml", "title: Ebe\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  for (std::string lang : {"en", "it"}) {
    CAPTURE(lang);
    const Page* list = a->site.find("films/index", lang);
    REQUIRE(list);
    CHECK(list->kind == PageKind::kList);
    REQUIRE(list->list);
    // "Èra" sorts with "era" (accents second, case third), not after "z" as bytes would.
    CHECK(titles(a->site, list->list->pages) == Strings{"alfa", "Ebe", "era", "Èra", "zeta", "Zucca"});
  }
  CHECK(a->site.find("films/index", "it")->rel_url == "it/films/");
}

TEST_CASE("site: a list page sorts by a facts number numerically with missing values last") {
  MemoryFileSystem fs = list_site("{collection: films, sort_by: facts.year}");
  fs.write("content/films/a.yaml", "title: A\nyear: 2001\n");
  fs.write("content/films/b.yaml", "title: B\n");
  fs.write("content/films/c.yaml", "title: C\nyear: 999\n");
  fs.write("content/films/d.yaml", "title: D\nyear: 1980\n");
  SUBCASE("ascending") {
    auto a = assemble(fs);
    INFO(a->diags.format());
    REQUIRE_FALSE(a->diags.has_errors());
    CHECK(titles(a->site, a->site.find("films/index", "en")->list->pages) == Strings{"C", "D", "A", "B"});
    CHECK(titles(a->site, a->site.find("films/index", "it")->list->pages) == Strings{"C", "D", "A", "B"});
  }
  SUBCASE("reversed, missing still last") {
    fs.write("content/en/films/index.md", "---\ntitle: Films\nlist: {collection: films, sort_by: facts.year, reverse: true}\n---\n");
    auto a = assemble(fs);
    INFO(a->diags.format());
    REQUIRE_FALSE(a->diags.has_errors());
    CHECK(titles(a->site, a->site.find("films/index", "en")->list->pages) == Strings{"A", "D", "C", "B"});
  }
}

TEST_CASE("site: a list page sorts by order date and id and lists only its collection") {
  MemoryFileSystem fs = list_site("{collection: films, sort_by: id, reverse: true}");
  fs.write("content/films/a.yaml", "title: A\n");
  fs.write("content/films/b.yaml", "title: B\n");
  fs.write("content/films/c.yaml", "title: C\n");
  fs.write("content/en/about.md", "---\ntitle: About\n---\n");
  fs.write("content/en/bound.md", "---\ntitle: Bound\nfacts: films/a\n---\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  // A prose page that binds a film's facts is not one of the collection's pages.
  CHECK(ids(a->site, a->site.find("films/index", "en")->list->pages) == Strings{"films/c", "films/b", "films/a"});
}

TEST_CASE("site: a list page without a collection lists the pages below its folder") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/en/notes/index.md", "---\ntitle: Notes\nlist: {sort_by: order}\n---\n");
  fs.write("content/en/notes/b.md", "---\ntitle: B\norder: 1\n---\n");
  fs.write("content/en/notes/a.md", "---\ntitle: A\norder: 2\n---\n");
  fs.write("content/en/other.md", "---\ntitle: Other\n---\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  CHECK(ids(a->site, a->site.find("notes/index", "en")->list->pages) == Strings{"notes/b", "notes/a"});
}

TEST_CASE("site: 25 pages at 10 a page make 3 pagers with the right slices and translations") {
  MemoryFileSystem fs = list_site("{collection: films, sort_by: id, paginate_by: 10}");
  for (int i = 1; i <= 25; ++i) {
    std::string n = (i < 10 ? "0" : "") + std::to_string(i);
    fs.write("content/films/f" + n + ".yaml", "title: Film " + n + "\n");
  }
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  const Site& s = a->site;
  const Page* p1 = pager_of(s, "films/index", "en", 1);
  const Page* p2 = pager_of(s, "films/index", "en", 2);
  const Page* p3 = pager_of(s, "films/index", "en", 3);
  const Page* it2 = pager_of(s, "films/index", "it", 2);
  REQUIRE(p1);
  REQUIRE(p2);
  REQUIRE(p3);
  REQUIRE(it2);
  CHECK_FALSE(pager_of(s, "films/index", "en", 4));
  CHECK(p1->rel_url == "films/");
  CHECK(p2->rel_url == "films/page/2/");
  CHECK(p3->rel_url == "films/page/3/");
  CHECK(p3->output_path == "films/page/3/index.html");
  CHECK(it2->rel_url == "it/films/page/2/");
  CHECK(p2->pager_count == 3);
  CHECK(*p2->pager_urls == Strings{"/base/films/", "/base/films/page/2/", "/base/films/page/3/"});
  CHECK(p1->list == p3->list);  // one list, shared by the pagers
  CHECK(p1->list->pages.size() == 25);
  // The find index and `pages` know the first pager only.
  CHECK(s.find("films/index", "en") == p1);
  CHECK(std::count(s.pages_by_lang[0].begin(), s.pages_by_lang[0].end(), index_of(s, p1)) == 1);
  CHECK(std::count(s.pages_by_lang[0].begin(), s.pages_by_lang[0].end(), index_of(s, p2)) == 0);
  // Pager 2 in English is pager 2 in Italian, and nothing else.
  CHECK(p2->translations == std::vector<std::size_t>{index_of(s, it2)});
  CHECK(it2->translations == std::vector<std::size_t>{index_of(s, p2)});
  CHECK(p1->translations == std::vector<std::size_t>{index_of(s, pager_of(s, "films/index", "it", 1))});

  SiteView view(s);
  auto slice = [&](const Page* p) {
    Value ctx = view.page_context(index_of(s, p));
    Strings out;
    for (const Value& item : ctx.get("paginator").get("pages").as_list()) out.push_back(item.get("id").as_string());
    return out;
  };
  CHECK(slice(p1).size() == 10);
  CHECK(slice(p1).front() == "films/f01");
  CHECK(slice(p2) == Strings{"films/f11", "films/f12", "films/f13", "films/f14", "films/f15", "films/f16", "films/f17",
                             "films/f18", "films/f19", "films/f20"});
  CHECK(slice(p3) == Strings{"films/f21", "films/f22", "films/f23", "films/f24", "films/f25"});
  Value pg = view.page_context(index_of(s, p2)).get("paginator");
  CHECK(pg.get("current_index") == Value(2));
  CHECK(pg.get("number_pagers") == Value(3));
  CHECK(pg.get("total_pages") == Value(25));
  CHECK(pg.get("previous") == Value("/base/films/"));
  CHECK(pg.get("next") == Value("/base/films/page/3/"));
  CHECK(pg.get("first") == Value("/base/films/"));
  CHECK(pg.get("last") == Value("/base/films/page/3/"));
  CHECK(view.page_context(index_of(s, p3)).get("paginator").get("next").is_none());
  CHECK(view.page_context(index_of(s, p1)).get("paginator").get("previous").is_none());
  // The Italian pager 2 lists the Italian pages.
  Value itpg = view.page_context(index_of(s, it2)).get("paginator");
  CHECK(itpg.get("pages").as_list()[0].get("url") == Value("/base/it/films/f11/"));
  CHECK(itpg.get("previous") == Value("/base/it/films/"));
  // The alternates of pager 2 are the pagers 2.
  Value alternates = view.page_context(index_of(s, p2)).get("page").get("alternates");
  REQUIRE(alternates.as_list().size() == 2);
  CHECK(alternates.as_list()[1].get("url") == Value("/base/it/films/page/2/"));
}

TEST_CASE("site: a list of exactly one page's worth makes no second pager") {
  MemoryFileSystem fs = list_site("{collection: films, paginate_by: 2}");
  fs.write("content/films/a.yaml", "title: A\n");
  fs.write("content/films/b.yaml", "title: B\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  CHECK(a->site.find("films/index", "en")->pager_count == 1);
  CHECK_FALSE(pager_of(a->site, "films/index", "en", 2));
}

namespace {

MemoryFileSystem genre_site(const std::string& taxonomy = "{collection: films, permalink: /genres/, title: {en: Genres, it: Generi}}") {
  return make_site(site_yaml("{as: film, permalink: '/films/{slug}/'}", "taxonomies:\n  genres: " + taxonomy + "\n"));
}

}  // namespace

TEST_CASE("site: taxonomies make an index and a term page per language with translated names and ASCII slugs") {
  MemoryFileSystem fs = genre_site();
  fs.write("content/films/a.yaml", "title: A\ngenres: [{en: City, it: Città}, {en: Drama, it: Dramma}]\n");
  fs.write("content/films/b.yaml", "title: B\ngenres: [{en: Drama, it: Dramma}]\n");
  fs.write("content/films/c.yaml", "title: C\ngenres: [{en: Comedy, it: Commedia}]\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  const Site& s = a->site;
  const Page* en_index = s.find("genres", "en");
  const Page* it_index = s.find("genres", "it");
  REQUIRE(en_index);
  REQUIRE(it_index);
  CHECK(en_index->kind == PageKind::kTaxonomy);
  CHECK(en_index->title == "Genres");
  CHECK(it_index->title == "Generi");
  CHECK(en_index->rel_url == "genres/");
  CHECK(it_index->rel_url == "it/genres/");
  CHECK(en_index->layout == "taxonomy");
  CHECK(en_index->translations == std::vector<std::size_t>{index_of(s, it_index)});
  // Terms pair up by the default language's slug; their pages are named per language.
  const Page* en_city = s.find("genres/city", "en");
  const Page* it_city = s.find("genres/city", "it");
  REQUIRE(en_city);
  REQUIRE(it_city);
  CHECK(en_city->kind == PageKind::kTerm);
  CHECK(en_city->layout == "term");
  CHECK(en_city->term == "City");
  CHECK(it_city->term == "Città");
  CHECK(it_city->title == "Città");
  CHECK(it_city->term_slug == "citta");
  CHECK(en_city->rel_url == "genres/city/");
  CHECK(it_city->rel_url == "it/genres/citta/");
  CHECK(it_city->url == "/base/it/genres/citta/");
  CHECK(en_city->translations == std::vector<std::size_t>{index_of(s, it_city)});
  // Each term page lists the pages that carry it, in its language.
  REQUIRE(s.find("genres/drama", "it"));
  CHECK(s.find("genres/drama", "it")->rel_url == "it/genres/dramma/");
  REQUIRE(s.find("genres/drama", "it")->list);
  CHECK(ids(s, s.find("genres/drama", "it")->list->pages) == Strings{"films/a", "films/b"});
  CHECK(s.pages[s.find("genres/drama", "it")->list->pages[0]].lang == "it");
  CHECK(ids(s, s.find("genres/comedy", "en")->list->pages) == Strings{"films/c"});
  // The index knows its terms, sorted by name in its language.
  CHECK(titles(s, en_index->terms) == Strings{"City", "Comedy", "Drama"});
  CHECK(titles(s, it_index->terms) == Strings{"Città", "Commedia", "Dramma"});
  // Term and taxonomy pages are not content pages.
  for (std::size_t i : s.pages_by_lang[0]) CHECK(s.pages[i].kind != PageKind::kTerm);

  SiteView view(s);
  Value tax = view.language_context(1).find("taxonomies")->get("genres");
  CHECK(tax.get("title") == Value("Generi"));
  CHECK(tax.get("url") == Value("/base/it/genres/"));
  REQUIRE(tax.get("terms").as_list().size() == 3);
  CHECK(tax.get("terms").as_list()[0].get("slug") == Value("citta"));
  CHECK(tax.get("terms").as_list()[2].get("count") == Value(2));
  Value term_ctx = view.page_context(index_of(s, it_city));
  CHECK(term_ctx.get("term").get("name") == Value("Città"));
  CHECK(term_ctx.get("taxonomy").get("title") == Value("Generi"));
}

TEST_CASE("site: a taxonomy over a dotted field walks lists and numbers make terms") {
  MemoryFileSystem fs = make_site(
      site_yaml("{permalink: '/films/{slug}/'}", "taxonomies:\n  years: {collection: films, field: year}\n"));
  fs.write("content/films/a.yaml", "title: A\nyear: 1945\n");
  fs.write("content/films/b.yaml", "title: B\nyear: 1945\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  REQUIRE(a->site.find("years/1945", "en"));
  CHECK(a->site.find("years/1945", "en")->rel_url == "years/1945/");
  CHECK(a->site.find("years/1945", "en")->list->pages.size() == 2);
}

TEST_CASE("site: two terms whose slugs collide in one language are an error naming both") {
  MemoryFileSystem fs = genre_site();
  fs.write("content/films/a.yaml", "title: A\ngenres: [{en: Town, it: Città}]\n");
  fs.write("content/films/b.yaml", "title: B\ngenres: [{en: City, it: Citta}]\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 1);
  const Diagnostic& d = a->diags.items()[0];
  CHECK(d.pos.file == "site.yaml");
  CHECK(d.pos.line == 9);
  CHECK(has(d.message, "`citta`"));
  CHECK(has(d.message, "Italiano"));
  CHECK(has(d.message, "`Città`"));
  CHECK(has(d.message, "`Citta`"));
}

TEST_CASE("site: two terms whose slugs collide in the default language are an error naming both") {
  // The default language's slug is also the key that pairs terms across languages;
  // two differently written terms must not be merged silently under it.
  MemoryFileSystem fs = genre_site();
  fs.write("content/films/a.yaml", "title: A\ngenres: [{en: Città, it: Città}]\n");
  fs.write("content/films/b.yaml", "title: B\ngenres: [{en: Citta, it: Paese}]\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.has_errors());
  std::string all = a->diags.format();
  CHECK(has(all, "`Città`"));
  CHECK(has(all, "`Citta`"));
}

TEST_CASE("site: a taxonomy over a collection without pages is an error") {
  MemoryFileSystem fs = make_site(site_yaml("{as: film}", "taxonomies:\n  genres: {collection: films}\n"));
  fs.write("content/films/a.yaml", "title: A\ngenres: [Drama]\n");
  fs.write("content/en/index.md", "---\ntitle: Home\n---\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 1);
  CHECK(a->diags.items()[0].pos.str() == "site.yaml:9:3");
  CHECK(has(a->diags.items()[0].message, "makes no pages"));
}

TEST_CASE("site: two pages with one URL are an error naming both sources") {
  MemoryFileSystem fs = make_site(site_yaml("{permalink: '/films/{year}/'}"));
  fs.write("content/films/a.yaml", "title: A\nyear: 1945\n");
  fs.write("content/films/b.yaml", "title: B\nyear: 1945\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 2);  // in each language
  const Diagnostic& d = a->diags.items()[0];
  CHECK(has(d.message, "same URL /films/1945/"));
  CHECK(d.pos.file == "content/films/b.yaml");
  CHECK(has(d.message, "content/films/a.yaml"));
  CHECK(has(a->diags.items()[1].message, "same URL /it/films/1945/"));
}

TEST_CASE("site: a prose page at a collection page's URL is a duplicate URL") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/films/a.yaml", "title: A\n");
  fs.write("content/en/films/a/index.md", "---\ntitle: Not the film\n---\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 1);
  CHECK(has(a->diags.format(), "same URL /films/a/"));
}

TEST_CASE("site: a page id made twice is an error naming both sources") {
  MemoryFileSystem fs = genre_site();
  fs.write("content/films/a.yaml", "title: A\ngenres: [Drama]\n");
  // A prose page with the taxonomy's id, at another URL.
  fs.write("content/en/genres.md", "---\ntitle: About genres\nslug: about-genres\n---\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 1);
  const Diagnostic& d = a->diags.items()[0];
  CHECK(has(d.message, "page `genres` in en is made twice"));
  std::string both = d.pos.file + " " + d.message;
  CHECK(has(both, "content/en/genres.md"));
  CHECK(has(both, "site.yaml"));
}

TEST_CASE("site: an unknown list collection is an error with a did-you-mean") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/en/films/index.md", "---\ntitle: Films\nlist: {collection: flims}\n---\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 1);
  const Diagnostic& d = a->diags.items()[0];
  CHECK(d.pos.file == "content/en/films/index.md");
  CHECK(has(d.message, "`flims`"));
  CHECK(d.hint == "did you mean `films`?");
}

TEST_CASE("site: an unknown sort key is an error with a did-you-mean") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/en/films/index.md", "---\ntitle: Films\nlist: {collection: films, sort_by: tilte}\n---\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 1);
  CHECK(a->diags.items()[0].pos.file == "content/en/films/index.md");
  CHECK(a->diags.items()[0].hint == "did you mean `title`?");
}

TEST_CASE("site: facts as a map give each binding its name and a bare id the collection's") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/films/a.yaml", "title: {en: Alpha, it: Alfa}\n");
  fs.write("content/films/b.yaml", "title: Beta\n");
  fs.write("content/en/pair.md", "---\ntitle: Pair\nfacts: {first: films/a, second: films/b}\n---\n");
  fs.write("content/it/pair.md", "---\ntitle: Coppia\nfacts: {first: films/a, second: films/b}\n---\n");
  fs.write("content/en/one.md", "---\ntitle: One\nfacts: films/a\n---\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  const Site& s = a->site;
  const Page* pair = s.find("pair", "it");
  REQUIRE(pair);
  CHECK(pair->facts == std::vector<std::pair<std::string, std::string>>{{"first", "films/a"}, {"second", "films/b"}});
  CHECK(s.find("one", "en")->facts == std::vector<std::pair<std::string, std::string>>{{"film", "films/a"}});
  SiteView view(s);
  Value ctx = view.page_context(index_of(s, pair));
  CHECK(ctx.get("first").get("title") == Value("Alfa"));
  CHECK(ctx.get("second").get("title") == Value("Beta"));
  CHECK(ctx.get("page").get("facts").get("title") == Value("Alfa"));
  CHECK(ctx.get("page").get("facts_by_lang").get("en").get("title") == Value("Alpha"));
  CHECK(view.page_context(index_of(s, s.find("one", "en"))).get("film").get("title") == Value("Alpha"));
}

TEST_CASE("site: a facts id that does not exist is an error with a did-you-mean") {
  MemoryFileSystem fs = make_site(site_yaml());
  fs.write("content/films/alpha.yaml", "title: Alpha\n");
  fs.write("content/en/pair.md", "---\ntitle: Pair\nfacts: {first: films/aplha}\n---\n");
  auto a = assemble(fs);
  REQUIRE(a->diags.error_count() == 1);
  CHECK(a->diags.items()[0].pos.file == "content/en/pair.md");
  CHECK(a->diags.items()[0].hint == "did you mean `films/alpha`?");
}

TEST_CASE("site: drafts make no pages and give no bodies") {
  MemoryFileSystem fs = list_site("{collection: films}");
  fs.write("content/films/a.yaml", "title: A\n");
  fs.write("content/en/films/a.md", "---\ntitle: Draft title\ndraft: true\n---\nSecret.\n");
  fs.write("content/en/secret.md", "---\ntitle: Secret\ndraft: true\n---\n");
  fs.write("content/en/notes/index.md", "---\ntitle: Notes\ndraft: true\nlist: {}\n---\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  const Site& s = a->site;
  CHECK_FALSE(s.find("secret", "en"));
  CHECK_FALSE(s.find("notes/index", "en"));
  REQUIRE(s.find("films/a", "en"));
  CHECK(s.find("films/a", "en")->title == "A");
  CHECK(s.find("films/a", "en")->prose_path == "");
  for (const Page& p : s.pages) CHECK(p.source != "content/en/secret.md");
}

TEST_CASE("site: pages are ordered by language then kind then order then id") {
  MemoryFileSystem fs = genre_site();
  fs.write("content/films/a.yaml", "title: A\ngenres: [Drama]\n");
  fs.write("content/en/zz.md", "---\ntitle: Z\norder: -1\n---\n");
  fs.write("content/en/index.md", "---\ntitle: Home\n---\n");
  fs.write("content/it/index.md", "---\ntitle: Inizio\n---\n");
  fs.write("content/en/films/index.md", "---\ntitle: Films\nlist: {collection: films}\n---\n");
  auto a = assemble(fs);
  INFO(a->diags.format());
  REQUIRE_FALSE(a->diags.has_errors());
  Strings en;
  for (const Page& p : a->site.pages) {
    if (p.lang == "en") en.push_back(p.id);
  }
  CHECK(en == Strings{"zz", "films/a", "index", "films/index", "genres", "genres/drama"});
  CHECK(a->site.pages.back().lang == "it");
  CHECK(ids(a->site, a->site.pages_by_lang[0]) == Strings{"zz", "films/a", "index", "films/index"});
}

TEST_CASE("site: a site with no pages is an error naming the file to add") {
  MemoryFileSystem fs = make_site(site_yaml());
  auto a = assemble(fs);
  REQUIRE(a->diags.has_errors());
  CHECK(has(a->diags.format(), "site.yaml: error: the site has no pages"));
  CHECK(has(a->diags.format(), "hint: add content/en/index.md with a `title:` in its front matter"));

  fs.write("content/en/index.md", "---\ntitle: Home\ndraft: true\n---\n");
  a = assemble(fs);
  CHECK(has(a->diags.format(), "the site has no pages (every prose file is a draft)"));
  CHECK(has(a->diags.format(), "remove `draft: true`"));

  fs.write("content/en/index.md", "---\ntitle: Home\n---\n");
  a = assemble(fs);
  CHECK_FALSE(a->diags.has_errors());
}
