// The catalogue test site (tests/sites/catalogue): a synthetic film catalogue written by
// generate.py, built by the real `reel` binary. It exercises collections, lists,
// pagination, taxonomies, menus, outputs, get_page/url_for, `@/` links and the link checker.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <vector>

#include "support/process.h"

using namespace reel::test;
namespace fs = std::filesystem;

namespace {

const fs::path kCatalogue = fs::path(REEL_SOURCE_DIR) / "tests/sites/catalogue";
const std::string kBase = "/catalogue/";                          // base_url's path
const std::string kPermalinkBase = "https://example.org/catalogue/";  // base_url

int sh(const std::string& cmd) {
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Runs generate.py into `dest` (its default arguments otherwise).
int generate(const fs::path& dest) {
  return sh("python3 '" + (kCatalogue / "generate.py").string() + "' --out '" + dest.string() + "' >/dev/null");
}

/// The generated site, built once into out/ and shared by the tests below.
struct Built {
  TempDir dir;
  RunResult build;
  int generated = -1;
  Built() {
    generated = generate(dir.path() / "site");
    if (generated == 0) build = run_reel("build --allow-outside --output ../out", dir.path() / "site");
  }
  fs::path site() const { return dir.path() / "site"; }
  fs::path out() const { return dir.path() / "out"; }
  std::string page(const std::string& rel) const { return slurp(out() / rel); }
};

const Built& built() {
  static std::unique_ptr<Built> b = std::make_unique<Built>();
  INFO("generate.py exit code " << b->generated << "\n" << b->build.err);
  REQUIRE(b->generated == 0);
  REQUIRE(b->build.exit_code == 0);
  return *b;
}

/// The slugs of the films (file names under content/films/ but the schema).
std::vector<std::string> film_slugs(const fs::path& site) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(site / "content/films")) {
    std::string name = e.path().filename().string();
    if (name.size() > 5 && name.ends_with(".yaml") && name[0] != '_') out.push_back(name.substr(0, name.size() - 5));
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The films a page lists: (href, text) of every link of its `film-list`.
std::vector<std::pair<std::string, std::string>> listed(const std::string& html) {
  std::vector<std::pair<std::string, std::string>> out;
  auto start = html.find("<ul class=\"film-list\">");
  if (start == std::string::npos) return out;
  auto end = html.find("</ul>", start);
  std::string list = html.substr(start, end - start);
  std::regex link(R"re(<a href="([^"]+)">([^<]*)</a>)re");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), link); it != std::sregex_iterator(); ++it) {
    out.emplace_back((*it)[1].str(), (*it)[2].str());
  }
  return out;
}

/// A key that orders these titles as ICU's root collation does at the primary level:
/// case and the few accents the generator uses folded away ('&#39;' is an apostrophe).
std::string fold(std::string s) {
  static const std::vector<std::pair<std::string, std::string>> map = {
      {"É", "e"}, {"é", "e"}, {"È", "e"}, {"è", "e"}, {"Á", "a"}, {"á", "a"}, {"À", "a"}, {"à", "a"},
      {"Ò", "o"}, {"ò", "o"}, {"Ó", "o"}, {"ó", "o"}, {"ì", "i"}, {"ù", "u"}, {"&#39;", "'"}, {"&#x27;", "'"}};
  for (const auto& [from, to] : map) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  }
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Films of a paginated list, following its pagers /page/2/, /page/3/…
std::vector<std::pair<std::string, std::string>> listed_all(const Built& b, const std::string& dir) {
  auto out = listed(b.page(dir + "index.html"));
  for (int n = 2; fs::exists(b.out() / (dir + "page/" + std::to_string(n) + "/index.html")); ++n) {
    auto more = listed(b.page(dir + "page/" + std::to_string(n) + "/index.html"));
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

std::string lang_prefix(const std::string& lang) { return lang == "en" ? "" : lang + "/"; }

}  // namespace

TEST_CASE("catalogue: generate.py is deterministic and matches the committed site") {
  TempDir a, b;
  REQUIRE(generate(a.path()) == 0);
  REQUIRE(generate(b.path()) == 0);
  auto first = snapshot(a.path());
  CHECK(first.size() > 40);
  CHECK(first == snapshot(b.path()));
  // The committed site/ is generate.py's output with its defaults.
  CHECK(first == snapshot(kCatalogue / "site"));
}

TEST_CASE("catalogue: one page per film per language from facts alone") {
  const Built& b = built();
  auto slugs = film_slugs(b.site());
  REQUIRE(slugs.size() == 24);
  for (const auto& slug : slugs) {
    CAPTURE(slug);
    std::string en = b.page("films/" + slug + "/index.html");
    std::string it = b.page("it/films/" + slug + "/index.html");
    REQUIRE_FALSE(en.empty());
    REQUIRE_FALSE(it.empty());
    CHECK(contains(en, "<html lang=\"en\""));
    CHECK(contains(it, "<html lang=\"it\""));
    CHECK(contains(en, "<link rel=\"canonical\" href=\"" + kPermalinkBase + "films/" + slug + "/\">"));
    CHECK(contains(it, "<link rel=\"canonical\" href=\"" + kPermalinkBase + "it/films/" + slug + "/\">"));
    for (const std::string* page : {&en, &it}) {
      CHECK(contains(*page, "<link rel=\"alternate\" hreflang=\"en\" href=\"" + kPermalinkBase + "films/" + slug + "/\">"));
      CHECK(contains(*page, "<link rel=\"alternate\" hreflang=\"it\" href=\"" + kPermalinkBase + "it/films/" + slug + "/\">"));
    }
    bool has_prose = fs::exists(b.site() / ("content/en/films/" + slug + ".md"));
    CHECK(has_prose == contains(en, "is one of the invented films of this catalogue"));
    CHECK(has_prose == contains(it, "uno dei film inventati di questo catalogo"));
    if (has_prose) {
      // fact() in prose, formatted per language.
      CHECK(std::regex_search(en, std::regex(R"re(It runs for <data value="\d+">\d+ minutes</data>)re")));
      // Its citation points at the film's list of sources.
      CHECK(contains(en, "href=\"#source-almanac\""));
      CHECK(contains(en, "<li id=\"source-almanac\">"));
      CHECK(std::regex_search(it, std::regex(R"re(Dura <data value="\d+">\d+ minuti</data>)re")));
    }
  }
}

TEST_CASE("catalogue: @/ links in prose resolve to the target's URL in each language") {
  const Built& b = built();
  int links = 0;
  for (const auto& slug : film_slugs(b.site())) {
    std::string md = slurp(b.site() / ("content/en/films/" + slug + ".md"));
    std::smatch m;
    if (!std::regex_search(md, m, std::regex(R"(\(@/films/([a-z0-9-]+)\.md\))"))) continue;
    ++links;
    std::string target = m[1].str();
    CAPTURE(slug);
    CHECK(contains(b.page("films/" + slug + "/index.html"), "<a href=\"" + kBase + "films/" + target + "/\">see also</a>"));
    CHECK(contains(b.page("it/films/" + slug + "/index.html"), "<a href=\"" + kBase + "it/films/" + target + "/\">vedi anche</a>"));
  }
  CHECK(links >= 3);
  CHECK(contains(b.page("about/index.html"), "href=\"" + kBase + "films/\""));
  CHECK(contains(b.page("it/about/index.html"), "href=\"" + kBase + "it/films/\""));
}

TEST_CASE("catalogue: the film list is sorted by title per language and paginated") {
  const Built& b = built();
  for (const std::string lang : {"en", "it"}) {
    CAPTURE(lang);
    const std::string dir = lang_prefix(lang) + "films/";
    const std::string url = kBase + dir;
    REQUIRE(fs::exists(b.out() / (dir + "page/2/index.html")));
    REQUIRE(fs::exists(b.out() / (dir + "page/3/index.html")));
    CHECK_FALSE(fs::exists(b.out() / (dir + "page/4/index.html")));
    std::string p1 = b.page(dir + "index.html");
    std::string p2 = b.page(dir + "page/2/index.html");
    std::string p3 = b.page(dir + "page/3/index.html");
    CHECK(listed(p1).size() == 10);
    CHECK(listed(p2).size() == 10);
    CHECK(listed(p3).size() == 4);
    // rel prev/next in <head>, numbered links in the pager.
    CHECK_FALSE(contains(p1, "<link rel=\"prev\""));
    CHECK(contains(p1, "<link rel=\"next\" href=\"" + url + "page/2/\">"));
    CHECK(contains(p2, "<link rel=\"prev\" href=\"" + url + "\">"));
    CHECK(contains(p2, "<link rel=\"next\" href=\"" + url + "page/3/\">"));
    CHECK(contains(p3, "<link rel=\"prev\" href=\"" + url + "page/2/\">"));
    CHECK_FALSE(contains(p3, "<link rel=\"next\""));
    CHECK(contains(p1, "<a href=\"" + url + "\" aria-current=\"page\">1</a>"));
    CHECK(contains(p1, ">2</a>"));
    CHECK(contains(p1, ">3</a>"));
    CHECK(contains(p2, "<a href=\"" + url + "page/2/\" aria-current=\"page\">2</a>"));

    auto all = listed_all(b, dir);
    REQUIRE(all.size() == 24);
    std::set<std::string> hrefs;
    for (const auto& [href, title] : all) hrefs.insert(href);
    CHECK(hrefs.size() == 24);
    for (std::size_t i = 1; i < all.size(); ++i) {
      CAPTURE(all[i - 1].second);
      CAPTURE(all[i].second);
      CHECK(fold(all[i - 1].second) <= fold(all[i].second));
    }
  }
  // Byte order would put "ángel…" and "Òrbita" last: collation puts them with a and o.
  auto en = listed_all(b, "films/");
  auto at = [&](const std::string& title) {
    auto it = std::find_if(en.begin(), en.end(), [&](const auto& p) { return p.second == title; });
    return it - en.begin();
  };
  CHECK(at("Amber Aviary") < at("ángel of the Dunes"));
  CHECK(at("ángel of the Dunes") < at("Borrowed Aviary"));
  CHECK(at("Crooked Staircase") < at("Étude for Two Clocks"));
  CHECK(at("Étude for Two Clocks") < at("Hollow Greenhouse"));
  CHECK(at("Northern Tramline") < at("Òrbita"));
  CHECK(at("Òrbita") < at("Paper Aviary"));
}

TEST_CASE("catalogue: taxonomy index and term pages per language") {
  const Built& b = built();
  for (const std::string lang : {"en", "it"}) {
    CAPTURE(lang);
    for (const char* tax : {"genres", "directors", "years"}) {
      CAPTURE(tax);
      std::string index = b.page(lang_prefix(lang) + tax + "/index.html");
      REQUIRE_FALSE(index.empty());
      CHECK(contains(index, "<html lang=\"" + lang + "\""));
    }
  }
  // The accented Italian term gets an ASCII slug.
  std::string it_genres = b.page("it/genres/index.html");
  CHECK(contains(it_genres, ">Sinfonia di città</a>"));
  CHECK(contains(it_genres, "href=\"" + kBase + "it/genres/sinfonia-di-citta/\""));
  CHECK(contains(b.page("genres/index.html"), "href=\"" + kBase + "genres/city-symphony/\""));
  CHECK(contains(b.page("it/genres/fantascienza/index.html"), "<h1>Fantascienza</h1>"));

  // Term pages list exactly the films carrying the term, across their pagers.
  struct Term {
    std::string dir, needle;
  };
  const std::vector<Term> terms = {
      {"genres/city-symphony/", "{en: \"City symphony\", it: \"Sinfonia di città\"}"},
      {"it/genres/sinfonia-di-citta/", "{en: \"City symphony\", it: \"Sinfonia di città\"}"},
      {"genres/drama/", "{en: \"Drama\", it: \"Dramma\"}"},
      {"it/genres/dramma/", "{en: \"Drama\", it: \"Dramma\"}"},
      {"directors/ilse-marrow/", "{name: \"Ilse Marrow\""},
      {"it/directors/ilse-marrow/", "{name: \"Ilse Marrow\""},
  };
  for (const auto& term : terms) {
    CAPTURE(term.dir);
    REQUIRE(fs::exists(b.out() / (term.dir + "index.html")));
    std::set<std::string> expected;
    const std::string prefix = kBase + (term.dir.starts_with("it/") ? "it/" : "") + "films/";
    for (const auto& slug : film_slugs(b.site())) {
      if (contains(slurp(b.site() / ("content/films/" + slug + ".yaml")), term.needle)) expected.insert(prefix + slug + "/");
    }
    CHECK_FALSE(expected.empty());
    std::set<std::string> got;
    for (const auto& [href, title] : listed_all(b, term.dir)) got.insert(href);
    CHECK(got == expected);
  }
  // A year term.
  std::set<std::string> years;
  for (const auto& slug : film_slugs(b.site())) {
    std::smatch m;
    std::string facts = slurp(b.site() / ("content/films/" + slug + ".yaml"));
    if (std::regex_search(facts, m, std::regex(R"(\nyear: (\d+)\n)"))) years.insert(m[1].str());
  }
  REQUIRE_FALSE(years.empty());
  CHECK(fs::exists(b.out() / ("years/" + *years.begin() + "/index.html")));
  CHECK(fs::exists(b.out() / ("it/years/" + *years.begin() + "/index.html")));
}

TEST_CASE("catalogue: atom.xml per language is a well-formed Atom feed") {
  const Built& b = built();
  TempDir tmp;
  spit(tmp / "check.py", R"py(
import sys, xml.dom.minidom
NS = "http://www.w3.org/2005/Atom"
doc = xml.dom.minidom.parse(sys.argv[1])
feed = doc.documentElement
assert feed.namespaceURI == NS and feed.localName == "feed", "not an Atom feed"
def kids(el, name):
    return [c for c in el.childNodes if c.nodeType == c.ELEMENT_NODE and c.namespaceURI == NS and c.localName == name]
def text(el, name):
    k = kids(el, name)
    assert len(k) == 1, "expected one <%s>" % name
    return "".join(t.data for t in k[0].childNodes if t.nodeType == t.TEXT_NODE).strip()
assert text(feed, "id") and text(feed, "title")
updated = text(feed, "updated")
rels = {l.getAttribute("rel") for l in kids(feed, "link")}
assert {"self", "alternate"} <= rels, rels
entries = kids(feed, "entry")
newest = ""
for e in entries:
    assert text(e, "id").startswith("https://"), "entry id"
    assert text(e, "title"), "entry title"
    u = text(e, "updated")
    newest = max(newest, u)
    assert kids(e, "link") and kids(e, "link")[0].getAttribute("href"), "entry link"
assert updated == newest, "feed updated %s is not the newest entry %s" % (updated, newest)
# A real feed parser (Debian's python3-feedparser): no errors, every entry complete.
import feedparser
d = feedparser.parse(sys.argv[1])
assert not d.bozo, d.bozo_exception
assert d.version == "atom10", d.version
assert len(d.entries) == len(entries)
for e in d.entries:
    assert e.get("id") and e.get("title") and e.get("updated") and e.get("link"), e
print(len(entries))
)py");
  for (const std::string lang : {"en", "it"}) {
    CAPTURE(lang);
    fs::path feed = b.out() / (lang_prefix(lang) + "atom.xml");
    REQUIRE(fs::exists(feed));
    fs::path result = tmp / ("result-" + lang);
    int rc = sh("/usr/bin/python3 '" + (tmp / "check.py").string() + "' '" + feed.string() + "' >'" + result.string() + "' 2>&1");
    INFO(slurp(result));
    CHECK(rc == 0);
    CHECK(std::stoi("0" + slurp(result)) >= 24);
    std::string xml = slurp(feed);
    CHECK(contains(xml, "<id>" + kPermalinkBase + lang_prefix(lang) + "atom.xml</id>"));
    CHECK(contains(xml, "xml:lang=\"" + lang + "\""));
  }
}

TEST_CASE("catalogue: search.json per language lists every film") {
  const Built& b = built();
  auto slugs = film_slugs(b.site());
  for (const std::string lang : {"en", "it"}) {
    CAPTURE(lang);
    std::string text = b.page(lang_prefix(lang) + "search.json");
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(text));
    REQUIRE(j.is_array());
    std::set<std::string> films;
    for (const auto& e : j) {
      REQUIRE(e.contains("title"));
      REQUIRE(e.contains("url"));
      REQUIRE(e.contains("description"));
      std::string url = e["url"].get<std::string>();
      if (std::regex_match(url, std::regex(kBase + lang_prefix(lang) + "films/([a-z0-9-]+)/")) && !contains(url, "/page/")) {
        CHECK(films.insert(url).second);
        CHECK_FALSE(e["title"].get<std::string>().empty());
      }
    }
    CHECK(films.size() == slugs.size());
  }
  // The search page: labelled input, live status, its language's index, every film without JS.
  for (const std::string lang : {"en", "it"}) {
    std::string html = b.page(lang_prefix(lang) + "search/index.html");
    CHECK(contains(html, "<label for=\"q\">"));
    CHECK(contains(html, "<input type=\"search\" id=\"q\""));
    CHECK(contains(html, "role=\"status\" aria-live=\"polite\""));
    CHECK(contains(html, "data-index=\"" + kBase + lang_prefix(lang) + "search.json\""));
    CHECK(listed(html).size() == slugs.size());
  }
}

TEST_CASE("catalogue: the main menu marks the current page with aria-current") {
  const Built& b = built();
  CHECK(contains(b.page("films/index.html"), "<a href=\"" + kBase + "films/\" aria-current=\"page\">Films</a>"));
  CHECK(contains(b.page("it/films/index.html"), "<a href=\"" + kBase + "it/films/\" aria-current=\"page\">Film</a>"));
  CHECK(contains(b.page("genres/index.html"), "<a href=\"" + kBase + "genres/\" aria-current=\"page\">Genres</a>"));
  CHECK(contains(b.page("it/genres/index.html"), "<a href=\"" + kBase + "it/genres/\" aria-current=\"page\">Generi</a>"));
  CHECK(contains(b.page("it/search/index.html"), "<a href=\"" + kBase + "it/search/\" aria-current=\"page\">Cerca</a>"));
  std::string home = b.page("index.html");
  CHECK(contains(home, "<a href=\"" + kBase + "films/\">Films</a>"));
  CHECK_FALSE(contains(home, "aria-current=\"page\">Films"));
  CHECK(contains(home, "<a class=\"skip-link\" href=\"#content\">"));
  CHECK(contains(home, "<main id=\"content\""));
}

TEST_CASE("catalogue: broken internal links fail the build and name their source") {
  SUBCASE("an @/ link to a missing page in prose") {
    TempDir dir;
    REQUIRE(generate(dir.path()) == 0);
    std::string slug;
    for (const auto& s : film_slugs(dir.path())) {
      if (fs::exists(dir / ("content/en/films/" + s + ".md"))) {
        slug = s;
        break;
      }
    }
    REQUIRE_FALSE(slug.empty());
    fs::path md = dir / ("content/en/films/" + slug + ".md");
    spit(md, slurp(md) + "\n[x](@/films/nope.md)\n");
    RunResult r = run_reel("build --output out", dir.path());
    INFO(r.err);
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "content/en/films/" + slug + ".md"));
    CHECK(contains(r.err, "films/nope.md"));
  }
  SUBCASE("a template linking to a missing page") {
    TempDir dir;
    REQUIRE(generate(dir.path()) == 0);
    fs::path layout = dir / "templates/layouts/page.html";
    std::string text = slurp(layout);
    text.replace(text.find("<article>"), 9, "<article><a href=\"/catalogue/missing/\">missing</a>");
    spit(layout, text);
    RunResult r = run_reel("build --output out", dir.path());
    INFO(r.err);
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "/catalogue/missing/"));
  }
}

TEST_CASE("catalogue: reel check lists the films without an Italian tagline") {
  TempDir dir;
  REQUIRE(generate(dir.path()) == 0);
  RunResult r = run_reel("check", dir.path());
  INFO(r.out);
  INFO(r.err);
  std::string all = r.out + r.err;
  int missing = 0;
  for (const auto& slug : film_slugs(dir.path())) {
    std::string facts = slurp(dir / ("content/films/" + slug + ".yaml"));
    auto p = facts.find("tagline:\n  en: ");
    REQUIRE(p != std::string::npos);
    auto next = facts.find('\n', facts.find("  en: ", p)) + 1;
    if (facts.compare(next, 6, "  it: ") == 0) continue;
    ++missing;
    CAPTURE(slug);
    CHECK(contains(all, slug));
  }
  CHECK(missing >= 4);
  CHECK(contains(all, "tagline"));
}
