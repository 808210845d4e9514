// share cards (render/share_card.h): site.yaml `share_cards`, the card's path and
// `page.share_card`, cards in each page's language, XML escaping, the image cache, the
// same bytes whatever the thread count, and the errors; sites built in memory, cards
// drawn by the real libvips module (reel-vips.so beside the test binary).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

#include "build/build.h"
#include "images/cache.h"
#include "images/processor.h"
#include "input/config.h"
#include "input/facts.h"
#include "input/prose.h"
#include "render/functions.h"
#include "render/render.h"
#include "render/share_card.h"
#include "render/view.h"
#include "site/site.h"
#include "support/sites.h"
#include "template/environment.h"

using namespace reel;
using reel::test::contains;

namespace {

const char* kSiteYaml = R"(title: {en: Films, it: Film}
base_url: https://example.org/base/
languages:
  en: {name: English, locale: en-GB, strings: {card: "A card of {title}"}}
  it: {name: Italiano, locale: it-IT, strings: {card: "La scheda di {title}"}}
collections:
  films: {as: film, permalink: '/films/{slug}/', layout: film}
)";

/// The card template of the tests: its <title> and its text in the page's language.
const char* kCardTemplate =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\">"
    "<title>{{ tr('card', title=page.title) }}</title>"
    "<rect width=\"1200\" height=\"630\" fill=\"#1d3557\"/>"
    "<rect x=\"100\" y=\"100\" width=\"400\" height=\"200\" fill=\"#f1faee\"/>"
    "<text x=\"80\" y=\"500\" font-family=\"sans-serif\" font-size=\"60\" fill=\"#ffffff\">{{ page.title }}</text></svg>";

/// A bilingual site under the base path /base/ with share cards: home and about pages in
/// both languages and one film; `cards` is the `share_cards` block.
MemoryFileSystem card_site(const std::string& cards = "share_cards: {}\n") {
  MemoryFileSystem fs;
  fs.write("site.yaml", std::string(kSiteYaml) + cards);
  fs.write("content/films/a.yaml", "title: !translated {en: Alpha & Omega, it: Alfa <e> Omega}\n");
  fs.write("content/en/index.md", "---\ntitle: Home\n---\nWelcome.\n");
  fs.write("content/it/index.md", "---\ntitle: Inizio\n---\nBenvenuti.\n");
  fs.write("content/en/about.md", "---\ntitle: About\n---\nUs.\n");
  fs.write("content/it/about.md", "---\ntitle: Chi siamo\n---\nNoi.\n");
  const char* head =
      "<meta property=\"og:image\" content=\"{{ page.share_card.permalink }}\">"
      "<meta property=\"og:image:width\" content=\"{{ page.share_card.width }}\">"
      "<meta property=\"og:image:height\" content=\"{{ page.share_card.height }}\">"
      "<meta property=\"og:image:type\" content=\"{{ page.share_card.type }}\">"
      "<meta property=\"og:image:alt\" content=\"{{ page.share_card.alt }}\">"
      "<img src=\"{{ page.share_card.url }}\" alt=\"\" data-path=\"{{ page.share_card.path }}\">";
  fs.write("templates/layouts/page.html", std::string(head) + "<h1>{{ page.title }}</h1>");
  fs.write("templates/layouts/film.html", std::string(head) + "<h1>{{ film.title }}</h1>");
  fs.write("templates/share_card.svg", kCardTemplate);
  return fs;
}

const std::string& file(const BuildResult& r, const std::string& path) {
  auto it = r.files.find(path);
  REQUIRE_MESSAGE(it != r.files.end(), path);
  return it->second;
}

/// A site assembled in memory, with the template Environment a Build would make.
struct Assembled {
  Diagnostics diags;
  Config config;
  Site site;
  std::unique_ptr<tpl::Environment> env;
};

std::unique_ptr<Assembled> assemble(const MemoryFileSystem& fs) {
  auto out = std::make_unique<Assembled>();
  out->config = load_config(fs, out->diags);
  REQUIRE_MESSAGE(!out->diags.has_errors(), out->diags.format());
  auto facts = std::make_shared<const FactsSet>(load_facts(fs, out->config, out->diags, false));
  auto prose = std::make_shared<const ProseSet>(read_prose_files(fs, out->config, list_prose_files(fs, out->config), out->diags));
  out->site = assemble_site(out->config, facts, prose, out->diags);
  out->env = std::make_unique<tpl::Environment>(fs, "templates");
  register_site_functions(*out->env);
  out->diags.merge(out->env->load_all());
  REQUIRE_MESSAGE(!out->diags.has_errors(), out->diags.format());
  return out;
}

/// Sets REEL_THREADS while it lives.
struct Threads {
  explicit Threads(const char* n) { ::setenv("REEL_THREADS", n, 1); }
  ~Threads() { ::unsetenv("REEL_THREADS"); }
};

}  // namespace

TEST_CASE("share cards: site.yaml `share_cards`, its defaults, and none when absent") {
  Diagnostics diags;
  MemoryFileSystem absent({{"site.yaml", kSiteYaml}});
  CHECK_FALSE(load_config(absent, diags).share_cards);

  MemoryFileSystem defaults({{"site.yaml", std::string(kSiteYaml) + "share_cards:\n"}});
  Config c = load_config(defaults, diags);
  REQUIRE(c.share_cards);
  CHECK(c.share_cards->template_name == "share_card.svg");
  CHECK(c.share_cards->width == 1200);
  CHECK(c.share_cards->height == 630);

  MemoryFileSystem set({{"site.yaml", std::string(kSiteYaml) + "share_cards:\n  template: cards/og.svg\n  width: 800\n  height: 418\n"}});
  c = load_config(set, diags);
  REQUIRE(c.share_cards);
  CHECK(c.share_cards->template_name == "cards/og.svg");
  CHECK(c.share_cards->template_pos.str() == "site.yaml:9:13");
  CHECK(c.share_cards->width == 800);
  CHECK(c.share_cards->height == 418);
  CHECK_MESSAGE(!diags.has_errors(), diags.format());
}

TEST_CASE("share cards: wrong settings are errors at their site.yaml position, with a hint") {
  auto errors = [](const std::string& block) {
    Diagnostics diags;
    MemoryFileSystem fs({{"site.yaml", std::string(kSiteYaml) + block}});
    load_config(fs, diags);
    return diags;
  };
  Diagnostics d = errors("share_cards:\n  widht: 1200\n");
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].pos.str() == "site.yaml:9:3");
  CHECK(d.items()[0].message == "unknown key `widht` in `share_cards`");
  CHECK(d.items()[0].hint == "did you mean `width`?");

  d = errors("share_cards: {width: 0, height: 5000}\n");
  REQUIRE(d.error_count() == 2);
  CHECK(d.items()[0].pos.str() == "site.yaml:8:22");
  CHECK(d.items()[0].message == "expected a whole number of pixels from 1 to 4096 for `share_cards.width`, got `0`");
  CHECK(contains(d.items()[0].hint, "1200 × 630"));
  CHECK(d.items()[1].message == "expected a whole number of pixels from 1 to 4096 for `share_cards.height`, got `5000`");

  d = errors("share_cards: {height: big}\n");
  REQUIRE(d.error_count() == 1);
  CHECK(contains(d.items()[0].message, "got `big`"));

  d = errors("share_cards: {template: card.png}\n");
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].pos.str() == "site.yaml:8:25");
  CHECK(d.items()[0].message == "expected an SVG template below templates/ for `share_cards.template`, got `card.png`");

  d = errors("share_cards: {template: ../card.svg}\n");
  CHECK(d.error_count() == 1);

  d = errors("share_cards: [share_card.svg]\n");
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].message == "expected a map for `share_cards`");
}

TEST_CASE("share cards: the card's alternative text is the SVG's <title>, decoded") {
  CHECK(svg_title("<svg><title>Plain</title></svg>") == "Plain");
  CHECK(svg_title("<svg>\n  <title lang=\"en\">\n  Tom &amp; Jerry &lt;3\n  &#8212; &#x41;&quot;&apos;</title></svg>") ==
        "Tom & Jerry <3 \xE2\x80\x94 A\"'");
  CHECK(svg_title("<svg><title>A <tspan>b</tspan>c</title></svg>") == "A b c");
  CHECK(svg_title("<svg><title>&bogus; &#0; &#xZZ;</title></svg>") == "&bogus; &#0; &#xZZ;");
  CHECK(svg_title("<svg><titles>no</titles></svg>") == std::nullopt);
  CHECK(svg_title("<svg><title/></svg>") == std::nullopt);
  CHECK(svg_title("<svg><title>  \n </title></svg>") == std::nullopt);
  CHECK(svg_title("<svg><title>never closed") == std::nullopt);
  CHECK(svg_title("<svg/>") == std::nullopt);
}

TEST_CASE("share cards: every page gets a PNG beside it, in its language, and templates see page.share_card") {
  MemoryFileSystem fs = card_site();
  BuildResult r = build_site(fs);
  REQUIRE_MESSAGE(r.ok, r.diags.format());
  CHECK(r.diags.items().empty());

  // One card per page, beside it.
  for (const char* path : {"share.png", "it/share.png", "about/share.png", "it/about/share.png", "films/a/share.png",
                           "it/films/a/share.png"}) {
    CAPTURE(path);
    const std::string& png = file(r, path);
    REQUIRE(png.size() > 8);
    CHECK(png.compare(0, 8, "\x89PNG\r\n\x1A\n") == 0);
    images::ImageInfo info = images::processor().inspect(png);
    CHECK(info.format == "png");
    CHECK(info.width == 1200);
    CHECK(info.height == 630);
  }
  // page.share_card, with the base path and absolute for og:image.
  const std::string& about_it = file(r, "it/about/index.html");
  CHECK(contains(about_it, "content=\"https://example.org/base/it/about/share.png\""));
  CHECK(contains(about_it, "<img src=\"/base/it/about/share.png\" alt=\"\" data-path=\"it/about/share.png\">"));
  CHECK(contains(about_it, "og:image:width\" content=\"1200\""));
  CHECK(contains(about_it, "og:image:height\" content=\"630\""));
  CHECK(contains(about_it, "og:image:type\" content=\"image/png\""));
  // The alternative text comes from the card's <title>, rendered in the page's language.
  CHECK(contains(about_it, "og:image:alt\" content=\"La scheda di Chi siamo\""));
  CHECK(contains(file(r, "about/index.html"), "og:image:alt\" content=\"A card of About\""));
  // Values printed into the SVG are escaped for XML, so the card draws; the alt text is
  // the text again, escaped once for HTML.
  CHECK(contains(file(r, "films/a/index.html"), "og:image:alt\" content=\"A card of Alpha &amp; Omega\""));
  CHECK(contains(file(r, "it/films/a/index.html"), "og:image:alt\" content=\"La scheda di Alfa &lt;e&gt; Omega\""));
  // Cards of different pages differ; a card is not blank.
  CHECK(file(r, "share.png") != file(r, "it/share.png"));
  std::string tiny = images::processor().resize(file(r, "share.png"), 40, "png", 100);
  CHECK(images::processor().inspect(tiny).width == 40);
}

TEST_CASE("share cards: the card template renders with the page's context, in the page's language") {
  MemoryFileSystem fs = card_site();
  fs.write("templates/share_card.svg",
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><title>{{ lang }}: {{ page.title }}"
           "{% if film is defined %} ({{ film.title }}){% endif %}</title></svg>");
  auto a = assemble(fs);
  SiteView view(a->site);
  auto card_of = [&](const std::string& id, const std::string& lang) {
    const Page* p = a->site.find(id, lang);
    REQUIRE(p);
    std::size_t i = static_cast<std::size_t>(p - a->site.pages.data());
    return make_share_card(view, *a->env, *a->config.share_cards, i, view.page_context(i));
  };
  ShareCard it_film = card_of("films/a", "it");
  CHECK(it_film.path == "it/films/a/share.png");
  CHECK(it_film.value.get("alt") == Value("it: Alfa <e> Omega (Alfa <e> Omega)"));
  CHECK(it_film.value.get("url") == Value("/base/it/films/a/share.png"));
  CHECK(it_film.value.get("permalink") == Value("https://example.org/base/it/films/a/share.png"));
  CHECK(it_film.value.get("width") == Value(std::int64_t{1200}));
  CHECK(images::processor().inspect(it_film.png).width == 1200);
  CHECK(card_of("index", "en").value.get("alt") == Value("en: Home"));
  CHECK(card_of("index", "en").path == "share.png");
}

TEST_CASE("share cards: drawn once per distinct SVG and size, through the image cache") {
  MemoryFileSystem fs = card_site("share_cards: {width: 600, height: 315}\n");
  auto a = assemble(fs);
  auto dir = std::filesystem::temp_directory_path() / ("reel-share-card-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    images::ImageCache cache(dir);
    SiteView view(a->site, &cache);
    Diagnostics diags;
    OutputSet out = render_site(view, *a->env, diags);
    REQUIRE_MESSAGE(!diags.has_errors(), diags.format());
    CHECK(cache.made() == 6);  // six pages, six different cards
    CHECK(images::processor().inspect(out.at("it/share.png")).width == 600);
    CHECK(images::processor().inspect(out.at("it/share.png")).height == 315);
    // Rendering again draws nothing.
    OutputSet again = render_site(view, *a->env, diags);
    CHECK(cache.made() == 6);
    CHECK(again == out);
  }
  {
    // The next build reads every card from the disk cache.
    images::ImageCache cache(dir);
    SiteView view(a->site, &cache);
    Diagnostics diags;
    render_site(view, *a->env, diags);
    CHECK(cache.made() == 0);
    CHECK(cache.read_from_disk() == 6);
  }
  std::filesystem::remove_all(dir);

  // Pages whose cards are the same SVG share one drawing.
  fs.write("templates/share_card.svg",
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"315\"><title>{{ site.title }}</title>"
           "<rect width=\"600\" height=\"315\" fill=\"#123456\"/></svg>");
  auto b = assemble(fs);
  images::ImageCache memory;
  SiteView view(b->site, &memory);
  Diagnostics diags;
  OutputSet out = render_site(view, *b->env, diags);
  REQUIRE_MESSAGE(!diags.has_errors(), diags.format());
  CHECK(memory.made() == 2);  // "Films" and "Film"
  CHECK(out.at("share.png") == out.at("about/share.png"));
}

TEST_CASE("share cards: the same bytes whatever the thread count, and after an incremental update") {
  MemoryFileSystem fs = card_site();
  BuildResult one, seven;
  {
    Threads t("1");
    one = build_site(fs);
  }
  {
    Threads t("7");
    seven = build_site(fs);
  }
  REQUIRE_MESSAGE(one.ok, one.diags.format());
  CHECK(one.files == seven.files);

  // A changed card template draws every card again, as a fresh build would.
  Build inc(fs);
  REQUIRE(inc.run().ok);
  fs.write("templates/share_card.svg", std::string(kCardTemplate).replace(std::string(kCardTemplate).find("#1d3557"), 7, "#7a3b12"));
  BuildResult r = inc.update({{"templates/share_card.svg", false}});
  REQUIRE_MESSAGE(r.ok, r.diags.format());
  BuildResult fresh = build_site(fs);
  CHECK(inc.files() == fresh.files);
  CHECK(inc.files().at("it/share.png") != one.files.at("it/share.png"));
  CHECK(std::find(r.changed.begin(), r.changed.end(), "it/about/share.png") != r.changed.end());

  // A partial that the card template and one layout both include: a change to it reaches
  // every page's card, not only the pages of that layout.
  fs.write("templates/partials/name.svg", "{{ page.title }}");
  fs.write("templates/layouts/film.html", "<h1>{% include 'partials/name.svg' %}</h1><img src=\"{{ page.share_card.url }}\" alt=\"\">");
  fs.write("templates/share_card.svg",
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"><title>{% include 'partials/name.svg' %}"
           "</title><rect width=\"1200\" height=\"630\" fill=\"#336699\"/></svg>");
  Build partial(fs);
  BuildResult first = partial.run();
  REQUIRE_MESSAGE(first.ok, first.diags.format());
  fs.write("templates/partials/name.svg", "{{ page.title | upper }}");
  r = partial.update({{"templates/partials/name.svg", false}});
  REQUIRE_MESSAGE(r.ok, r.diags.format());
  CHECK(partial.files() == build_site(fs).files);
  CHECK(contains(partial.files().at("it/about/index.html"), "content=\"CHI SIAMO\""));
}

TEST_CASE("share cards: a missing template, a card without <title>, a template error and an SVG libvips cannot draw") {
  MemoryFileSystem fs = card_site("share_cards:\n  template: shar_card.svg\n");
  BuildResult r = build_site(fs);
  REQUIRE(r.diags.error_count() == 1);
  const Diagnostic& missing = r.diags.items()[0];
  CHECK(missing.pos.str() == "site.yaml:9:13");
  CHECK(missing.message ==
        "site.yaml's `share_cards` draws every page's card from templates/shar_card.svg, but there is no such template");
  CHECK(missing.hint == "did you mean `share_card.svg`?");

  fs = card_site();
  fs.write("templates/share_card.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");
  r = build_site(fs);
  REQUIRE(r.diags.error_count() == 6);  // every page
  const Diagnostic& untitled = r.diags.items()[0];
  CHECK(untitled.pos.str() == "templates/share_card.svg");
  CHECK(contains(untitled.message, "has no <title>"));
  CHECK(contains(untitled.hint, "og:image:alt"));
  REQUIRE(untitled.notes.size() == 1);
  CHECK(contains(untitled.notes[0], "while drawing the share card of content/"));

  fs.write("templates/share_card.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<title>{{ page.titel }}</title></svg>");
  r = build_site(fs);
  REQUIRE(r.diags.error_count() == 6);
  const Diagnostic& undefined = r.diags.items()[0];
  CHECK(undefined.pos.str().starts_with("templates/share_card.svg:2:"));
  CHECK(contains(undefined.message + undefined.hint, "titel"));
  CHECK(contains(undefined.notes.back(), "while drawing the share card of content/"));

  fs.write("templates/share_card.svg", "<title>{{ page.title }}</title> not an SVG document");
  r = build_site(fs);
  REQUIRE(r.diags.error_count() == 6);
  CHECK(r.diags.items()[0].pos.str() == "templates/share_card.svg");
  CHECK(contains(r.diags.items()[0].message, "libvips cannot draw the share card of content/"));
}
