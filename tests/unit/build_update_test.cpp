// build: Build::update(): after any sequence of edits, the incremental output equals a
// fresh build_site of the same files, byte for byte.
#include <doctest/doctest.h>

#include <algorithm>

#include "build/build.h"
#include "site/site.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;

namespace {

/// The minimal fixture with a few more templates, so that includes, imports, extends
/// and root templates are all exercised.
MemoryFileSystem rich_site() {
  MemoryFileSystem fs = reel::test::fixture_site("minimal");
  fs.write("templates/layouts/base.html",
           "<!DOCTYPE html>\n<html lang=\"{{ lang }}\"><head><title>{{ page.title }}</title></head>\n"
           "<body>{% include \"partials/nav.html\" %}{% block main %}{% endblock %}</body></html>\n");
  fs.write("templates/layouts/page.html",
           "{% extends \"layouts/base.html\" %}{% import \"partials/macros.html\" as m %}"
           "{% block main %}<h1>{{ m.loud(page.title) }}</h1>{{ page.content }}"
           "<a href=\"{{ 'style.css' | relative_url }}\">css</a>{% endblock %}\n");
  fs.write("templates/partials/nav.html",
           "<nav>{% for p in pages %}<a href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}</nav>\n");
  fs.write("templates/partials/macros.html", "{% macro loud(s) %}{{ s | upper }}{% endmacro %}\n");
  fs.write("templates/404.html", "<html><body>{{ t.home }}: not found</body></html>\n");
  fs.write("static/img/dot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
  std::string yaml = *fs.read("site.yaml");
  fs.write("site.yaml", yaml + "outputs:\n  404.html: {per_language: false}\n");
  return fs;
}

/// Applies `changes` to `inc` and checks the result against a fresh build of `fs`.
BuildResult check_same(Build& inc, const MemoryFileSystem& fs, std::vector<FileChange> changes) {
  BuildResult r = inc.update(changes);
  BuildResult fresh = build_site(fs);
  INFO(r.diags.format());
  INFO(fresh.diags.format());
  CHECK(r.ok == !fresh.diags.has_errors());
  CHECK(r.diags.error_count() == fresh.diags.error_count());
  if (r.ok) {
    CHECK(inc.files() == fresh.files);
    CHECK(r.pages == fresh.pages);
    CHECK(r.gaps.format() == fresh.gaps.format());
    // Each file listed as changed did change, and the unlisted ones did not.
    for (const std::string& p : r.changed) CHECK(fresh.files.count(p));
  }
  return r;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("incremental: classify_change") {
  MemoryFileSystem fs = rich_site();
  Build inc(fs);
  REQUIRE(inc.run().ok);
  const Config& c = inc.config();
  CHECK(classify_change(c, "site.yaml") == ChangeKind::kConfig);
  CHECK(classify_change(c, "content/en/about.md") == ChangeKind::kProse);
  CHECK(classify_change(c, "content/it/deep/x.md") == ChangeKind::kProse);
  CHECK(classify_change(c, "content/en/notes.txt") == ChangeKind::kIgnored);
  CHECK(classify_change(c, "content/en/data.yaml") == ChangeKind::kIgnored);
  CHECK(classify_change(c, "content/films/test.yaml") == ChangeKind::kFacts);
  CHECK(classify_change(c, "content/people.yml") == ChangeKind::kFacts);
  CHECK(classify_change(c, "content/films/readme.txt") == ChangeKind::kIgnored);
  CHECK(classify_change(c, "templates/partials/nav.html") == ChangeKind::kTemplate);
  CHECK(classify_change(c, "static/style.css") == ChangeKind::kStatic);
  CHECK(classify_change(c, "static/.style.css.swp") == ChangeKind::kIgnored);
  CHECK(classify_change(c, ".git/index") == ChangeKind::kIgnored);
  CHECK(classify_change(c, "README.md") == ChangeKind::kIgnored);
  CHECK(classify_change(c, "templatesx/a.html") == ChangeKind::kIgnored);
}

TEST_CASE("incremental: every kind of edit gives exactly what a fresh build gives") {
  MemoryFileSystem fs = rich_site();
  Build inc(fs);
  BuildResult first = inc.run();
  INFO(first.diags.format());
  REQUIRE(first.ok);
  CHECK(first.full);
  CHECK(inc.files() == build_site(fs).files);
  CHECK(first.changed.size() == inc.files().size());

  SUBCASE("a prose body: its page changes, the others do not") {
    const Site* site = inc.site();
    fs.write("content/en/about.md", "---\ntitle: About\ndescription: About the test site.\norder: 2\n---\nA new sentence about the site.\n");
    BuildResult r = check_same(inc, fs, {{"content/en/about.md"}});
    CHECK_FALSE(r.full);
    CHECK(r.changed == std::vector<std::string>{"about/index.html"});
    CHECK(r.rendered == 1);  // the page alone: it has no translation
    CHECK(contains(inc.files().at("about/index.html"), "A new sentence"));
    CHECK(inc.site() == site);  // only the body changed: the site was not assembled again
  }
  SUBCASE("a prose body with a translation: the page and its translation render, nothing else") {
    const Site* site = inc.site();
    std::string it = *fs.read("content/it/index.md");
    it.replace(it.find("Succede qualcosa."), 17, "Succede altro.");
    fs.write("content/it/index.md", it);
    BuildResult r = check_same(inc, fs, {{"content/it/index.md"}});
    CHECK(r.rendered == 2);
    CHECK(r.changed == std::vector<std::string>{"it/index.html"});
    CHECK(inc.site() == site);
  }
  SUBCASE("an original's body: its translation's gap follows the new hash, the site stays") {
    // The translation is marked up to date with its original, then the original changes.
    const Page* original = inc.site()->find("index", "en");
    REQUIRE(original);
    std::string it = *fs.read("content/it/index.md");
    fs.write("content/it/index.md", with_original_hash(it, original->body_hash, "content/it/index.md"));
    BuildResult marked = check_same(inc, fs, {{"content/it/index.md"}});
    CHECK_FALSE(contains(marked.gaps.format(), "older than its original"));
    const Site* site = inc.site();
    std::string en = *fs.read("content/en/index.md");
    fs.write("content/en/index.md", en + "\nOne more line.\n");
    BuildResult r = check_same(inc, fs, {{"content/en/index.md"}});  // gaps compared with a fresh build's
    CHECK(inc.site() == site);
    CHECK(contains(r.gaps.format(), "older than its original"));
    fs.write("content/en/index.md", en);
    BuildResult back = check_same(inc, fs, {{"content/en/index.md"}});
    CHECK_FALSE(contains(back.gaps.format(), "older than its original"));
    CHECK(inc.site() == site);
  }
  SUBCASE("front matter that reads the same to Python but not to a template: the site is assembled again") {
    // 1 == 1.0 in Jinja, but `{{ page.params.rank }}` prints `1` and `1.0`.
    fs.write("templates/layouts/page.html",
             "<!DOCTYPE html>\n<html lang=\"{{ lang }}\"><body>{{ page.content }}<p>rank {{ page.params.rank }}</p></body></html>\n");
    fs.write("content/en/about.md", "---\ntitle: About\nrank: 1\n---\nText.\n");
    check_same(inc, fs, {{"templates/layouts/page.html"}, {"content/en/about.md"}});
    const Site* site = inc.site();
    fs.write("content/en/about.md", "---\ntitle: About\nrank: 1.0\n---\nText.\n");
    check_same(inc, fs, {{"content/en/about.md"}});
    CHECK(inc.site() != site);
    CHECK(contains(inc.files().at("about/index.html"), "rank 1.0"));
  }
  SUBCASE("a line added to the front matter moves what messages point at: the site is assembled again") {
    const Site* site = inc.site();
    fs.write("content/en/about.md", "---\n# a note\ntitle: About\ndescription: About the test site.\norder: 2\n---\nAbout.\n");
    check_same(inc, fs, {{"content/en/about.md"}});
    CHECK(inc.site() != site);
  }
  SUBCASE("a partial renders only the pages whose layout uses it") {
    fs.write("templates/partials/nav.html", "<nav class=\"menu\">{% for p in pages %}<a href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}</nav>\n");
    BuildResult r = check_same(inc, fs, {{"templates/partials/nav.html"}});
    CHECK(r.rendered == 1);  // about uses layouts/page.html → base.html → nav.html; the film pages do not
    CHECK(r.changed == std::vector<std::string>{"about/index.html"});
  }
  SUBCASE("a prose title and order: the menus that show it, the sitemap's order") {
    fs.write("content/en/about.md", "---\ntitle: All about it\n---\nText.\n");
    BuildResult r = check_same(inc, fs, {{"content/en/about.md"}});
    CHECK(has(r.changed, "about/index.html"));
    CHECK(has(r.changed, "sitemap.xml"));
    CHECK_FALSE(has(r.changed, "it/index.html"));
  }
  SUBCASE("a new translation, then its removal") {
    fs.write("content/it/about.md", "---\ntitle: Informazioni\n---\nTesto.\n");
    BuildResult added = check_same(inc, fs, {{"content/it/about.md"}});
    CHECK(has(added.changed, "it/about/index.html"));
    CHECK(has(added.changed, "sitemap.xml"));
    fs.remove("content/it/about.md");
    BuildResult removed = check_same(inc, fs, {{"content/it/about.md"}});
    CHECK(removed.removed == std::vector<std::string>{"it/about/index.html"});
  }
  SUBCASE("a facts file") {
    std::string facts = *fs.read("content/films/test.yaml");
    std::size_t at = facts.find("103");
    REQUIRE(at != std::string::npos);
    facts.replace(at, 3, "140");
    fs.write("content/films/test.yaml", facts);
    BuildResult r = check_same(inc, fs, {{"content/films/test.yaml"}});
    CHECK_FALSE(r.full);
    CHECK(r.rendered == r.pages);  // any template may read it through `data`: every page
    CHECK(contains(inc.files().at("index.html"), "140 minutes"));
    CHECK(contains(inc.files().at("it/index.html"), "140 minuti"));
  }
  SUBCASE("a new facts file, then a page that uses it, then its removal (an error)") {
    fs.write("content/films/other.yaml", *fs.read("content/films/test.yaml"));
    check_same(inc, fs, {{"content/films/other.yaml"}});
    fs.write("content/en/other.md", "---\ntitle: Other\nlayout: film\nfacts: films/other\n---\nOther film.\n");
    check_same(inc, fs, {{"content/en/other.md"}});
    fs.remove("content/films/other.yaml");
    BuildResult broken = check_same(inc, fs, {{"content/films/other.yaml"}});
    CHECK_FALSE(broken.ok);
    fs.remove("content/en/other.md");
    BuildResult mended = check_same(inc, fs, {{"content/en/other.md"}});
    CHECK(mended.ok);
  }
  SUBCASE("a partial included by a layout, a macro imported, a layout extended") {
    fs.write("templates/partials/nav.html", "<nav class=\"new\">{% for p in pages %}{{ p.title }} {% endfor %}</nav>\n");
    BuildResult nav = check_same(inc, fs, {{"templates/partials/nav.html"}});
    CHECK_FALSE(nav.full);
    CHECK(has(nav.changed, "about/index.html"));
    CHECK_FALSE(has(nav.changed, "index.html"));  // the film layout does not include nav
    fs.write("templates/partials/macros.html", "{% macro loud(s) %}{{ s | upper }}!{% endmacro %}\n");
    check_same(inc, fs, {{"templates/partials/macros.html"}});
    fs.write("templates/layouts/base.html", "<html><body class=\"b\">{% block main %}{% endblock %}</body></html>\n");
    check_same(inc, fs, {{"templates/layouts/base.html"}});
    CHECK(contains(inc.files().at("about/index.html"), "class=\"b\""));
  }
  SUBCASE("a root template, a new template, a deleted one") {
    fs.write("templates/404.html", "<html><body>gone</body></html>\n");
    BuildResult r = check_same(inc, fs, {{"templates/404.html"}});
    CHECK(r.changed == std::vector<std::string>{"404.html"});
    fs.write("templates/partials/unused.html", "never included\n");
    BuildResult unused = check_same(inc, fs, {{"templates/partials/unused.html"}});
    CHECK(unused.changed.empty());
    fs.remove("templates/partials/unused.html");
    CHECK(check_same(inc, fs, {{"templates/partials/unused.html"}}).ok);
    // A layout that goes away while pages use it is an error, in both builds.
    fs.remove("templates/layouts/page.html");
    CHECK_FALSE(check_same(inc, fs, {{"templates/layouts/page.html"}}).ok);
  }
  SUBCASE("a template with a syntax error, then mended") {
    std::string nav = *fs.read("templates/partials/nav.html");
    OutputSet good = inc.files();
    fs.write("templates/partials/nav.html", "{% for p in pages %}oops\n");
    BuildResult broken = check_same(inc, fs, {{"templates/partials/nav.html"}});
    CHECK_FALSE(broken.ok);
    REQUIRE(broken.diags.error_count() >= 1);
    CHECK(broken.diags.items()[0].pos.file == "templates/partials/nav.html");
    // The last good output is kept.
    CHECK(inc.files() == good);
    fs.write("templates/partials/nav.html", nav);
    BuildResult mended = check_same(inc, fs, {{"templates/partials/nav.html"}});
    CHECK(mended.ok);
    CHECK(mended.full);  // after an error everything is rebuilt
    CHECK(mended.changed.empty());
  }
  SUBCASE("facts with a YAML error, then mended") {
    std::string facts = *fs.read("content/films/test.yaml");
    fs.write("content/films/test.yaml", "title: [unclosed\n");
    CHECK_FALSE(check_same(inc, fs, {{"content/films/test.yaml"}}).ok);
    fs.write("content/films/test.yaml", facts);
    CHECK(check_same(inc, fs, {{"content/films/test.yaml"}}).ok);
  }
  SUBCASE("links: an update checks the changed pages' links, and every page's when a changed page's ids change") {
    // about links to a heading of the home page; the home page is its own prose file.
    fs.write("content/en/about.md",
             "---\ntitle: About\ndescription: About the test site.\norder: 2\n---\nSee [the plot](@/index.md#plot).\n");
    BuildResult linked = check_same(inc, fs, {{"content/en/about.md"}});
    REQUIRE(linked.ok);
    std::string home = *fs.read("content/en/index.md");
    REQUIRE(contains(home, "## Plot"));
    // A body edit that keeps the ids: only the home page (and its translation) render and are checked.
    std::string edited = home;
    edited.replace(edited.find("## Plot"), 7, "## Plot\n\nA line added above the plot.\n");
    fs.write("content/en/index.md", edited);
    BuildResult same_ids = check_same(inc, fs, {{"content/en/index.md"}});
    CHECK(same_ids.ok);
    CHECK(same_ids.changed == std::vector<std::string>{"index.html"});
    // The heading goes: about, which was not rendered again, now points at nothing.
    std::string no_plot = home;
    no_plot.replace(no_plot.find("## Plot"), 7, "## Story");
    fs.write("content/en/index.md", no_plot);
    BuildResult broken = check_same(inc, fs, {{"content/en/index.md"}});
    CHECK_FALSE(broken.ok);
    CHECK(contains(broken.diags.format(), "no id \"plot\" in index.html"));
    CHECK(contains(broken.diags.format(), "content/en/about.md"));
    CHECK(contains(inc.files().at("index.html"), "id=\"plot\""));  // the last good output stays
    // A page whose own new link is broken fails the update the same way.
    fs.write("content/en/index.md", home);
    fs.write("content/en/about.md",
             "---\ntitle: About\ndescription: About the test site.\norder: 2\n---\nSee [the cast](@/index.md#cast).\n");
    BuildResult own = check_same(inc, fs, {{"content/en/index.md"}, {"content/en/about.md"}});
    CHECK_FALSE(own.ok);
    CHECK(contains(own.diags.format(), "no id \"cast\" in index.html"));
  }
  SUBCASE("static files: changed, added, removed, and one that collides with a page") {
    fs.write("static/style.css", "body { color: red }\n");
    BuildResult css = check_same(inc, fs, {{"static/style.css"}});
    CHECK(css.changed == std::vector<std::string>{"style.css"});
    fs.write("static/img/new.svg", "<svg/>");
    BuildResult added = check_same(inc, fs, {{"static/img/new.svg"}});
    CHECK(added.changed == std::vector<std::string>{"img/new.svg"});
    fs.remove("static/img/dot.svg");
    BuildResult removed = check_same(inc, fs, {{"static/img/dot.svg"}});
    CHECK(removed.removed == std::vector<std::string>{"img/dot.svg"});
    fs.write("static/about/index.html", "clash");
    CHECK_FALSE(check_same(inc, fs, {{"static/about/index.html"}}).ok);
    fs.remove("static/about/index.html");
    CHECK(check_same(inc, fs, {{"static/about/index.html"}}).ok);
  }
  SUBCASE("site.yaml: everything again") {
    std::string yaml = *fs.read("site.yaml");
    yaml.replace(yaml.find("Test film"), 9, "Film test");
    fs.write("site.yaml", yaml);
    BuildResult r = check_same(inc, fs, {{"site.yaml"}});
    CHECK(r.full);
    fs.write("site.yaml", "title: [broken\n");
    CHECK_FALSE(check_same(inc, fs, {{"site.yaml"}}).ok);
    fs.write("site.yaml", yaml);
    CHECK(check_same(inc, fs, {{"site.yaml"}}).ok);
  }
  SUBCASE("several kinds at once, a folder, and files the build does not read") {
    fs.write("content/en/about.md", "---\ntitle: About\n---\nBatch.\n");
    fs.write("templates/partials/nav.html", "<nav>batch</nav>\n");
    fs.write("static/style.css", "p {}\n");
    check_same(inc, fs, {{"content/en/about.md"}, {"static/style.css"}, {"templates/partials/nav.html"}});
    fs.write("content/en/guide/index.md", "---\ntitle: Guide\n---\nA guide.\n");
    BuildResult dir = check_same(inc, fs, {{"content/en/guide", true}});
    CHECK(dir.full);
    BuildResult ignored = inc.update({{"content/en/.about.md.swp"}, {"README.md"}, {"content/en/notes.txt"}});
    CHECK(ignored.ok);
    CHECK(ignored.changed.empty());
    CHECK_FALSE(ignored.full);
  }
}

TEST_CASE("incremental: an origin keeps site.yaml's base path (serve previews under the site's own path)") {
  MemoryFileSystem fs = rich_site();
  BuildOptions o;
  o.origin = "http://127.0.0.1:8123";
  Build inc(fs, o);
  REQUIRE(inc.run().ok);
  CHECK(inc.config().base_url == "http://127.0.0.1:8123/films/");
  CHECK(inc.config().base_path == "/films/");
  CHECK(contains(inc.files().at("it/index.html"), "href=\"http://127.0.0.1:8123/films/\""));
}

TEST_CASE("incremental: a schema edit checks every facts file again") {
  MemoryFileSystem fs = rich_site();
  Build inc(fs);
  REQUIRE(inc.run().ok);
  std::string schema = *fs.read("content/films/_schema.yaml");
  std::size_t at = schema.find("runtime_minutes: {type: int");
  REQUIRE(at != std::string::npos);
  schema.replace(at, 27, "runtime_minutes: {type: url");
  fs.write("content/films/_schema.yaml", schema);
  BuildResult broken = check_same(inc, fs, {{"content/films/_schema.yaml"}});
  CHECK(broken.full);
  CHECK_FALSE(broken.ok);
  CHECK(contains(broken.diags.format(), "runtime_minutes"));
}
