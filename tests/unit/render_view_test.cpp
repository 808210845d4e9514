// SiteView and rendering: the shared per-language values, menus, the site's functions
// and filters, declared outputs, `@/` links and the link check; sites built in memory.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "build/build.h"
#include "input/config.h"
#include "input/facts.h"
#include "input/prose.h"
#include "render/view.h"
#include "site/site.h"

using namespace reel;

namespace {

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

/// A bilingual site under the base path /base/: home and about pages in both languages,
/// one film, and whatever `extra` adds to site.yaml.
MemoryFileSystem make_site(const std::string& extra = "") {
  MemoryFileSystem fs;
  fs.write("site.yaml",
           "title: {en: Films, it: Film}\n"
           "base_url: https://example.org/base/\n"
           "languages:\n"
           "  en: {name: English, locale: en-GB, strings: {home: Home}}\n"
           "  it: {name: Italiano, locale: it-IT, strings: {home: Inizio}}\n"
           "collections:\n"
           "  films: {as: film, permalink: '/films/{slug}/', layout: film}\n" +
               extra);
  fs.write("content/films/a.yaml", "title: !translated {en: Alpha, it: Alfa}\nruntime: 103\n");
  fs.write("content/en/index.md", "---\ntitle: Home\n---\nWelcome.\n");
  fs.write("content/it/index.md", "---\ntitle: Inizio\n---\nBenvenuti.\n");
  fs.write("content/en/about.md", "---\ntitle: About\norder: 1\n---\n## Team\n\nUs.\n");
  fs.write("content/it/about.md", "---\ntitle: Chi siamo\norder: 1\n---\n## Team\n\nNoi.\n");
  fs.write("templates/layouts/page.html", "<h1>{{ page.title }}</h1>{{ page.content }}");
  fs.write("templates/layouts/film.html", "<h1>{{ film.title }}</h1>{{ page.content }}");
  return fs;
}

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
  out->site = assemble_site(config, facts, prose, out->diags);
  REQUIRE_MESSAGE(!out->diags.has_errors(), out->diags.format());
  return out;
}

std::size_t index_of(const Site& site, const std::string& id, const std::string& lang) {
  const Page* p = site.find(id, lang);
  REQUIRE_MESSAGE(p, std::string(id + " in " + lang));
  return static_cast<std::size_t>(p - site.pages.data());
}

}  // namespace

TEST_CASE("view: pages is one shared list per language") {
  MemoryFileSystem fs = make_site();
  auto a = assemble(fs);
  SiteView view(a->site);
  Value home = view.page_context(index_of(a->site, "index", "en"));
  Value about = view.page_context(index_of(a->site, "about", "en"));
  Value film = view.page_context(index_of(a->site, "films/a", "en"));
  Value it_home = view.page_context(index_of(a->site, "index", "it"));
  const ValueList* shared = &home.get("pages").as_list();
  CHECK(&about.get("pages").as_list() == shared);
  CHECK(&film.get("pages").as_list() == shared);
  CHECK(&view.language_context(0).find("pages")->as_list() == shared);
  CHECK(&it_home.get("pages").as_list() != shared);
  CHECK(&it_home.get("pages").as_list() == &view.language_context(1).find("pages")->as_list());
  // data and menus are shared too.
  CHECK(&home.get("data").as_map() == &about.get("data").as_map());
  // The list: content pages by order then id, with their summaries.
  const ValueList& pages = *shared;
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].get("id") == Value("films/a"));
  CHECK(pages[1].get("id") == Value("index"));
  CHECK(pages[2].get("id") == Value("about"));
  CHECK(pages[0].get("facts").get("title") == Value("Alpha"));
  CHECK(pages[0].get("url") == Value("/base/films/a/"));
  CHECK(it_home.get("pages").as_list()[0].get("title") == Value("Alfa"));
  // The page's own summary is the same item as in `pages`.
  CHECK(&view.summary(index_of(a->site, "about", "en")).as_map() == &pages[2].as_map());
}

TEST_CASE("view: menus resolve page titles and URLs per language with ids to mark the current page") {
  MemoryFileSystem fs = make_site(
      "menus:\n  main:\n    - page: about\n    - {page: films/a, name: {en: The film, it: Il film}}\n"
      "    - {url: /feed.xml, name: {en: Feed, it: Flusso}}\n    - {url: 'https://example.com/', name: Elsewhere}\n");
  fs.write("content/en/only-en.md", "---\ntitle: Only English\n---\n");
  fs.write("site.yaml", *fs.read("site.yaml") + "    - page: only-en\n");
  auto a = assemble(fs);
  SiteView view(a->site);
  const ValueList& en = view.language_context(0).find("menus")->get("main").as_list();
  const ValueList& it = view.language_context(1).find("menus")->get("main").as_list();
  REQUIRE(en.size() == 5);
  CHECK(en[0].get("name") == Value("About"));
  CHECK(en[0].get("url") == Value("/base/about/"));
  CHECK(en[0].get("id") == Value("about"));
  CHECK(en[1].get("name") == Value("The film"));
  CHECK(en[1].get("url") == Value("/base/films/a/"));
  CHECK(en[1].get("id") == Value("films/a"));
  CHECK(en[2].get("name") == Value("Feed"));
  CHECK(en[2].get("url") == Value("/base/feed.xml"));
  CHECK(en[2].get("id").is_none());
  CHECK(en[3].get("url") == Value("https://example.com/"));
  CHECK(en[4].get("name") == Value("Only English"));
  // A page missing in a language is left out of that language's menu.
  REQUIRE(it.size() == 4);
  CHECK(it[0].get("name") == Value("Chi siamo"));
  CHECK(it[0].get("url") == Value("/base/it/about/"));
  CHECK(it[1].get("name") == Value("Il film"));
  CHECK(it[2].get("name") == Value("Flusso"));
  CHECK(it[3].get("name") == Value("Elsewhere"));
}

TEST_CASE("view: a menu marks the current page with aria-current in every language") {
  MemoryFileSystem fs = make_site("menus:\n  main:\n    - page: index\n    - page: about\n");
  fs.write("templates/layouts/page.html",
           "<nav>{% for item in menus.main %}<a href=\"{{ item.url }}\"{% if item.id == page.id %} aria-current=\"page\"{% endif %}>"
           "{{ item.name }}</a>{% endfor %}</nav>");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.files["about/index.html"] ==
        "<nav><a href=\"/base/\">Home</a><a href=\"/base/about/\" aria-current=\"page\">About</a></nav>");
  CHECK(r.files["it/index.html"] ==
        "<nav><a href=\"/base/it/\" aria-current=\"page\">Inizio</a><a href=\"/base/it/about/\">Chi siamo</a></nav>");
}

TEST_CASE("view: a menu item naming a page that exists in no language is reported") {
  MemoryFileSystem fs = make_site("menus:\n  main:\n    - page: abuot\n");
  BuildResult r = build_site(fs);
  std::string all = r.diags.format() + r.gaps.format();
  INFO(all);
  CHECK(has(all, "abuot"));
  CHECK(has(all, "did you mean `about`?"));
}

TEST_CASE("view: get_page and url_for find pages by id in any language") {
  MemoryFileSystem fs = make_site();
  fs.write("templates/layouts/page.html",
           "{{ get_page('about').title }}|{{ get_page('about.md').url }}|{{ url_for('about', lang='it') }}|"
           "{{ url_for('films/a') }}|{{ get_page('films/a', lang='it').title }}|{{ get_page('index').kind }}");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.files["index.html"] == "About|/base/about/|/base/it/about/|/base/films/a/|Alfa|page");
  CHECK(r.files["it/index.html"] == "Chi siamo|/base/it/about/|/base/it/about/|/base/it/films/a/|Alfa|page");
}

TEST_CASE("view: get_page and url_for with an unknown id are errors with a did-you-mean") {
  for (const char* call : {"url_for('abuot')", "get_page('abuot').title"}) {
    CAPTURE(call);
    MemoryFileSystem fs = make_site();
    fs.write("templates/layouts/page.html", std::string("<p>\n{{ ") + call + " }}</p>");
    BuildResult r = build_site(fs);
    REQUIRE(r.diags.has_errors());
    CHECK_FALSE(r.ok);
    const Diagnostic& d = r.diags.items()[0];
    CHECK(has(d.message, "no page `abuot`"));
    CHECK(d.hint == "did you mean `about`?");
    CHECK(d.pos.file == "templates/layouts/page.html");
    CHECK(d.pos.line == 2);
  }
}

TEST_CASE("view: money without a currency is an error at the template line") {
  MemoryFileSystem fs = make_site();
  fs.write("templates/layouts/film.html", "<p>\n{{ film.runtime | money }}</p>");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  const Diagnostic& d = r.diags.items()[0];
  CHECK(has(d.message, "currency"));
  CHECK(d.pos.file == "templates/layouts/film.html");
  CHECK(d.pos.line == 2);
  CHECK(r.files.empty());
}

TEST_CASE("view: money with a currency follows the locale") {
  MemoryFileSystem fs = make_site();
  fs.write("templates/layouts/film.html", "{{ 1500 | money('EUR') }}");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(has(r.files["films/a/index.html"], "€1,500"));
  CHECK(has(r.files["it/films/a/index.html"], "1.500"));
  CHECK(has(r.files["it/films/a/index.html"], "€"));
}

TEST_CASE("view: absolute_url and relative_url of page.url under a base path do not double it") {
  MemoryFileSystem fs = make_site();
  fs.write("templates/layouts/page.html",
           "{{ page.url | absolute_url }}|{{ page.url | relative_url }}|{{ 'style.css' | absolute_url }}|"
           "{{ '/style.css' | relative_url }}|{{ page.permalink }}");
  BuildResult r = build_site(fs, {.check_links = false});
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.files["about/index.html"] ==
        "https://example.org/base/about/|/base/about/|https://example.org/base/style.css|/base/style.css|"
        "https://example.org/base/about/");
  CHECK(r.files["it/about/index.html"] ==
        "https://example.org/base/it/about/|/base/it/about/|https://example.org/base/style.css|/base/style.css|"
        "https://example.org/base/it/about/");
}

TEST_CASE("view: declared outputs render per language under the prefix or once at the root") {
  MemoryFileSystem fs = make_site(
      "outputs:\n  feed.xml: {}\n  search.json: {path: search/index.json}\n  404.html: {per_language: false}\n");
  fs.write("templates/feed.xml",
           "{{ lang }}|{{ output.path }}|{{ output.url }}|{{ output.permalink }}|{% for p in pages %}{{ p.title }};{% endfor %}");
  fs.write("templates/search.json", "{{ lang }} {{ site.title }}");
  fs.write("templates/404.html", "{{ lang }} {{ data_by_lang.it.films.a.title }} {{ data_by_lang.en.films.a.title }}");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.files["feed.xml"] == "en|feed.xml|/base/feed.xml|https://example.org/base/feed.xml|Alpha;Home;About;");
  CHECK(r.files["it/feed.xml"] ==
        "it|it/feed.xml|/base/it/feed.xml|https://example.org/base/it/feed.xml|Alfa;Inizio;Chi siamo;");
  CHECK(r.files["search/index.json"] == "en Films");
  CHECK(r.files["it/search/index.json"] == "it Film");
  CHECK(r.files["404.html"] == "en Alfa Alpha");
  CHECK_FALSE(r.files.count("it/404.html"));
  // The built-in sitemap is still written.
  CHECK(has(r.files["sitemap.xml"], "<loc>https://example.org/base/it/films/a/</loc>"));
}

TEST_CASE("view: an output called sitemap.xml replaces the built-in sitemap") {
  SUBCASE("once at the root") {
    MemoryFileSystem fs = make_site("outputs:\n  sitemap.xml: {per_language: false}\n");
    fs.write("templates/sitemap.xml", "mine");
    BuildResult r = build_site(fs);
    INFO(r.diags.format());
    REQUIRE(r.ok);
    CHECK(r.files["sitemap.xml"] == "mine");
  }
  SUBCASE("per language: the root language's is at sitemap.xml") {
    MemoryFileSystem fs = make_site("outputs:\n  sitemap.xml: {}\n");
    fs.write("templates/sitemap.xml", "mine {{ lang }}");
    BuildResult r = build_site(fs);
    INFO(r.diags.format());
    REQUIRE(r.ok);
    CHECK(r.files["it/sitemap.xml"] == "mine it");
    CHECK(r.files["sitemap.xml"] == "mine en");
  }
}

TEST_CASE("view: a declared output with no template is an error at site.yaml") {
  MemoryFileSystem fs = make_site("outputs:\n  atom.xml: {}\n");
  fs.write("templates/atom.xlm", "x");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.error_count() == 1);
  const Diagnostic& d = r.diags.items()[0];
  CHECK(d.pos.str() == "site.yaml:9:3");
  CHECK(has(d.message, "`atom.xml`"));
  CHECK(d.hint == "did you mean `atom.xlm`?");
  CHECK(r.files.empty());
}

TEST_CASE("view: @/ links resolve to the page's URL with the fragment in each language") {
  MemoryFileSystem fs = make_site();
  fs.write("content/en/index.md", "---\ntitle: Home\n---\nSee [the team](@/about.md#team) and [a film](@/films/a.md).\n");
  fs.write("content/it/index.md", "---\ntitle: Inizio\n---\nVedi [la squadra](@/about.md#team) e [un film](@/films/a.md).\n");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(has(r.files["index.html"], "<a href=\"/base/about/#team\">the team</a>"));
  CHECK(has(r.files["index.html"], "<a href=\"/base/films/a/\">a film</a>"));
  CHECK(has(r.files["it/index.html"], "<a href=\"/base/it/about/#team\">la squadra</a>"));
  CHECK(has(r.files["it/index.html"], "<a href=\"/base/it/films/a/\">un film</a>"));
}

TEST_CASE("view: an @/ link to no page is an error naming the prose file") {
  MemoryFileSystem fs = make_site();
  fs.write("content/it/index.md", "---\ntitle: Inizio\n---\nVedi [niente](@/nope.md) e [chi](@/abuot.md).\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.error_count() == 1);
  const Diagnostic& d = r.diags.items()[0];
  CHECK(d.pos.file == "content/it/index.md");
  CHECK(has(d.message, "@/nope.md"));
  CHECK(has(d.message, "it"));
  CHECK(r.files.empty());
}

TEST_CASE("view: an @/ link to a page missing in this language is an error") {
  MemoryFileSystem fs = make_site();
  fs.write("content/en/only-en.md", "---\ntitle: Only English\n---\n");
  fs.write("content/it/index.md", "---\ntitle: Inizio\n---\n[x](@/only-en.md)\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.error_count() == 1);
  CHECK(r.diags.items()[0].pos.file == "content/it/index.md");
}

TEST_CASE("view: a broken internal link in a layout fails the build naming the page") {
  MemoryFileSystem fs = make_site();
  fs.write("templates/layouts/film.html", "<h1>{{ film.title }}</h1><a href=\"{{ site.base_path }}films/b/\">b</a>");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  CHECK_FALSE(r.ok);
  CHECK(r.files.empty());
  std::string all = r.diags.format();
  INFO(all);
  CHECK(has(all, "broken link `/base/films/b/`"));
  CHECK(r.diags.items()[0].pos.file == "content/films/a.yaml");
  CHECK(has(r.diags.items()[0].message, "films/a/index.html"));
}

TEST_CASE("view: a link to a missing fragment of another page fails the build") {
  MemoryFileSystem fs = make_site();
  fs.write("content/en/index.md", "---\ntitle: Home\n---\n[x](@/about.md#nobody)\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items()[0].pos.file == "content/en/index.md");
}

namespace {

/// A film whose schema has a bibliography; `film` cites nothing itself (its type names
/// no source_ids field), `money` does.
const char* kCitingSchema = R"(root: film
citations: sources
types:
  film:
    fields:
      title: {type: text, localized: true}
      runtime: int
      budget: money
      sources: {type: source, list: true}
  money:
    fields:
      amount: number
      currency: currency
      sources: source_ids
  source:
    fields: {id: text, title: text, publisher: text}
)";

}  // namespace

TEST_CASE("view: fact() shows a value without citation where the type names no sources field") {
  MemoryFileSystem fs = make_site();
  fs.write("content/films/_schema.yaml", kCitingSchema);
  fs.write("content/films/a.yaml",
           "title: {en: Alpha, it: Alfa}\nruntime: 103\nbudget: {amount: 1500000, currency: USD, sources: [ledger]}\n"
           "sources:\n  - {id: ledger, title: Budgets, publisher: Ledger}\n");
  fs.write("content/en/films/a.md", "---\ntitle: Alpha\n---\nIt runs {{ fact('runtime', 'minutes') }}; it is {{ fact('title') }}.\n\n"
                                    "It cost {{ fact('budget.amount', 'money') }}.\n");
  fs.write("templates/layouts/film.html", "{{ page.content }}<ol>{% for s in film.sources %}<li id=\"source-{{ s.id }}\">{{ s.title }}</li>{% endfor %}</ol>");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  const std::string& html = r.files["films/a/index.html"];
  INFO(html);
  CHECK(has(html, "It runs <data value=\"103\">103 minutes</data>;"));
  CHECK(has(html, "it is Alpha."));
  // money's type names its sources: that one is cited.
  CHECK(has(html, "US$1,500,000</data><sup class=\"cite\">[<a href=\"#source-ledger\""));
  CHECK(html.find("<sup") == html.rfind("<sup"));
}

TEST_CASE("view: ordinal takes the gender of its noun, and the language's default where it has none") {
  MemoryFileSystem fs = make_site();
  fs.write("templates/layouts/film.html",
           "<p>{{ 63 | ordinal }}|{{ 63 | ordinal('feminine') }}|{{ 63 | ordinal(gender='masculine') }}</p>");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(has(r.files["films/a/index.html"], "<p>63rd|63rd|63rd</p>"));
  CHECK(has(r.files["it/films/a/index.html"], "<p>63º|63ª|63º</p>"));
}

TEST_CASE("view: ordinal with an unknown gender is an error at the template line listing the genders") {
  MemoryFileSystem fs = make_site();
  fs.write("templates/layouts/film.html", "<p>\n{{ 63 | ordinal('femminile') }}</p>");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.has_errors());
  const Diagnostic& d = r.diags.items()[0];
  CHECK(has(d.message, "unknown grammatical gender `femminile`"));
  CHECK(has(d.hint, "masculine, feminine, neuter"));
  CHECK(d.pos.file == "templates/layouts/film.html");
  CHECK(d.pos.line == 2);
}

TEST_CASE("view: fact() formats an ordinal with a gender") {
  MemoryFileSystem fs = make_site();
  fs.write("content/films/a.yaml", "title: !translated {en: Alpha, it: Alfa}\nruntime: 103\nedition: 63\n");
  fs.write("content/en/films/a.md", "---\ntitle: Alpha\n---\nThe {{ fact('edition', 'ordinal', 'feminine') }} festival.\n");
  fs.write("content/it/films/a.md", "---\ntitle: Alfa\n---\nLa {{ fact('edition', 'ordinal', gender='feminine') }} Mostra, il {{ fact('edition', 'ordinal') }} festival.\n");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(has(r.files["films/a/index.html"], "The <data value=\"63\">63rd</data> festival."));
  CHECK(has(r.files["it/films/a/index.html"], "La <data value=\"63\">63ª</data> Mostra, il <data value=\"63\">63º</data> festival."));
  fs.write("content/en/films/a.md", "---\ntitle: Alpha\n---\n{{ fact('edition', 'number', 'feminine') }}\n");
  BuildResult wrong = build_site(fs);
  REQUIRE(wrong.diags.has_errors());
  CHECK(has(wrong.diags.format(), "a gender goes with the `ordinal` format only"));
}

TEST_CASE("view: currency_name and tr's ordinal styles come from ICU, the first of the month from i18n") {
  MemoryFileSystem fs = make_site();
  std::string yaml = *fs.read("site.yaml");
  yaml.replace(yaml.find("strings: {home: Home}"), 21, "strings: {home: Home, edition: '{n, ordinal} edition', in: 'in {c}'}");
  yaml.replace(yaml.find("strings: {home: Inizio}"), 23,
               "strings: {home: Inizio, edition: '{n, ordinal, feminine} edizione', in: 'in {c}'}");
  fs.write("site.yaml", yaml);
  fs.write("templates/layouts/film.html",
           "<p>{{ 'USD' | currency_name }}|{{ 'USD' | currency_name(1) }}|{{ tr('in', c=('GBP' | currency_name)) }}|"
           "{{ tr('edition', n=63) }}|{{ '2009-03-01' | date }}|{{ '2009-03-02' | date }}</p>");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(has(r.files["films/a/index.html"], "<p>US dollars|US dollar|in British pounds|63rd edition|1 March 2009|2 March 2009</p>"));
  CHECK(has(r.files["it/films/a/index.html"],
            "<p>dollari statunitensi|dollaro statunitense|in sterline britanniche|63ª edizione|1º marzo 2009|2 marzo 2009</p>"));
}
