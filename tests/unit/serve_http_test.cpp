// serve/http: handle() answered without sockets.
#include <doctest/doctest.h>

#include "build/build.h"
#include "serve/http.h"
#include "serve/live_reload.h"
#include "support/sites.h"
#include "support/serve_config.h"

using namespace reel;

namespace {

using reel::test::config_with;

OutputSet sample_files() {
  return {
      {"index.html", "<!DOCTYPE html><html><body><h1>Home</h1></body></html>"},
      {"about/index.html", "<html><body>About</body></html>"},
      {"it/index.html", "<html><body>Inizio</body></html>"},
      {"it/about/index.html", "<html><body>Informazioni</body></html>"},
      {"404.html", "<html><body>Page not found</body></html>"},
      {"style.css", "body { color: black }"},
      {"favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"},
      {"sitemap.xml", "<?xml version=\"1.0\"?><urlset/>"},
      {"robots.txt", "User-agent: *\n"},
      {"app.js", "console.log(1)"},
      {"data.json", "{}"},
      {"photo.png", "\x89PNG"},
      {"font.woff2", "wOF2"},
      {"notes.unknownext", "?"},
  };
}

HttpResponse get(const ServedSite& site, std::string target, std::string method = "GET", HttpHeaders headers = {}) {
  return handle(HttpRequest{std::move(method), std::move(target), std::move(headers)}, site);
}

}  // namespace

TEST_CASE("serve http: pages, folders, index.html and the redirect from /it to /it/") {
  ServedSite site = make_served_site(sample_files(), config_with("/"), "g-1", false);
  HttpResponse home = get(site, "/");
  CHECK(home.status == 200);
  CHECK(home.header("content-type") == "text/html; charset=utf-8");
  CHECK(reel::test::contains(home.body, "<h1>Home</h1>"));
  CHECK(home.header("Cache-Control") == "no-cache");
  CHECK(home.header("X-Content-Type-Options") == "nosniff");
  CHECK(home.header("ETag").size() == 18);

  CHECK(get(site, "/index.html").body == home.body);
  CHECK(get(site, "/it/").body == "<html><body>Inizio</body></html>");
  CHECK(get(site, "/it/about/").status == 200);

  HttpResponse it = get(site, "/it");
  CHECK(it.status == 302);
  CHECK(it.header("Location") == "/it/");
  CHECK(it.body.empty());
  HttpResponse about = get(site, "/it/about?x=1");
  CHECK(about.status == 302);
  CHECK(about.header("Location") == "/it/about/?x=1");
  // A query string never changes which file is served.
  CHECK(get(site, "/style.css?v=3").body == "body { color: black }");
  // Percent-encoded letters are decoded once.
  CHECK(get(site, "/%61bout/").status == 200);
}

TEST_CASE("serve http: a Content-Type for every kind of file the site uses, charset=utf-8 for text") {
  ServedSite site = make_served_site(sample_files(), config_with("/"), "g-1", false);
  CHECK(get(site, "/style.css").header("Content-Type") == "text/css; charset=utf-8");
  CHECK(get(site, "/favicon.svg").header("Content-Type") == "image/svg+xml; charset=utf-8");
  CHECK(get(site, "/sitemap.xml").header("Content-Type") == "application/xml; charset=utf-8");
  CHECK(get(site, "/robots.txt").header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(get(site, "/app.js").header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(get(site, "/data.json").header("Content-Type") == "application/json; charset=utf-8");
  CHECK(get(site, "/photo.png").header("Content-Type") == "image/png");
  CHECK(get(site, "/font.woff2").header("Content-Type") == "font/woff2");
  CHECK(get(site, "/notes.unknownext").header("Content-Type") == "application/octet-stream");
  CHECK(content_type_for("a/B.HTML") == "text/html; charset=utf-8");
  CHECK(content_type_for("x.jpeg") == "image/jpeg");
  CHECK(content_type_for("Makefile") == "application/octet-stream");
}

TEST_CASE("serve http: the site's own 404 page with status 404, per language when the site has one") {
  OutputSet files = sample_files();
  ServedSite site = make_served_site(files, config_with("/"), "g-1", false);
  HttpResponse missing = get(site, "/no/such/page/");
  CHECK(missing.status == 404);
  CHECK(missing.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(missing.body == "<html><body>Page not found</body></html>");
  CHECK(get(site, "/it/nessuna/").body == "<html><body>Page not found</body></html>");

  files["it/404.html"] = "<html><body>Pagina non trovata</body></html>";
  ServedSite with_it = make_served_site(files, config_with("/"), "g-1", false);
  CHECK(get(with_it, "/it/nessuna/").status == 404);
  CHECK(get(with_it, "/it/nessuna/").body == "<html><body>Pagina non trovata</body></html>");
  CHECK(get(with_it, "/nope").body == "<html><body>Page not found</body></html>");

  files.erase("404.html");
  files.erase("it/404.html");
  ServedSite bare = make_served_site(files, config_with("/"), "g-1", false);
  HttpResponse plain = get(bare, "/nope");
  CHECK(plain.status == 404);
  CHECK(plain.header("Content-Type") == "text/plain; charset=utf-8");
}

TEST_CASE("serve http: no request reads outside the site: every traversal form is a 404") {
  ServedSite site = make_served_site(sample_files(), config_with("/"), "g-1", false);
  const char* targets[] = {
      "/../etc/passwd",
      "/../../../../etc/passwd",
      "/it/../../etc/passwd",
      "/./index.html",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/%2E%2E/%2E%2E/etc/passwd",
      "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "/..%2f..%2fetc%2fpasswd",
      "/.%2e/etc/passwd",
      "/%252e%252e/%252e%252e/etc/passwd",
      "/%252e%252e",
      "/..\\..\\etc\\passwd",
      "/%5c..%5c..%5cetc%5cpasswd",
      "/it%5c..%5cindex.html",
      "/index.html%00",
      "/index.html%00.css",
      "/%00",
      "/%0aindex.html",
      "//etc/passwd",
      "//evil.example/it",
      "/it//index.html",
      "/about/..",
  };
  for (const char* t : targets) {
    CAPTURE(t);
    HttpResponse r = get(site, t);
    CHECK(r.status == 404);
    CHECK(r.body == "<html><body>Page not found</body></html>");
  }
  // Malformed escapes are bad requests, not files.
  CHECK(get(site, "/%zz").status == 400);
  CHECK(get(site, "/%2").status == 400);
  CHECK(get(site, "/index.html%").status == 400);
  // Only origin-form targets (RFC 9112 §3.2.1).
  CHECK(get(site, "http://example.org/").status == 400);
  CHECK(get(site, "*").status == 400);
}

TEST_CASE("serve http: HEAD has GET's status and headers, no content, and GET's Content-Length") {
  ServedSite site = make_served_site(sample_files(), config_with("/"), "g-1", false);
  for (const char* t : {"/", "/style.css", "/nope", "/it"}) {
    CAPTURE(t);
    HttpResponse g = get(site, t);
    HttpResponse h = get(site, t, "HEAD");
    CHECK(h.status == g.status);
    CHECK(h.headers == g.headers);
    CHECK(h.body.empty());
    CHECK(h.content_length == g.body.size());
  }
}

TEST_CASE("serve http: ETags and 304, other methods refused, limits on requests") {
  ServedSite site = make_served_site(sample_files(), config_with("/"), "g-1", false);
  std::string etag = get(site, "/style.css").header("ETag");
  HttpResponse again = get(site, "/style.css", "GET", {{"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(get(site, "/style.css", "GET", {{"if-none-match", "\"other\", W/" + etag}}).status == 304);
  CHECK(get(site, "/style.css", "GET", {{"If-None-Match", "\"other\""}}).status == 200);
  // A changed file has another ETag.
  OutputSet changed = sample_files();
  changed["style.css"] = "body { color: red }";
  CHECK(get(make_served_site(changed, config_with("/"), "g-2", false), "/style.css").header("ETag") != etag);

  for (const char* m : {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"}) {
    HttpResponse r = get(site, "/", m);
    CHECK(r.status == 405);
    CHECK(r.header("Allow") == "GET, HEAD");
  }

  CHECK(get(site, "/" + std::string(2047, 'a')).status == 404);
  CHECK(get(site, "/" + std::string(2048, 'a')).status == 414);
  HttpHeaders many;
  for (int i = 0; i < 65; ++i) many.emplace_back("X-H" + std::to_string(i), "v");
  CHECK(get(site, "/", "GET", many).status == 431);
  CHECK(get(site, "/", "GET", {{"Cookie", std::string(16385, 'c')}}).status == 431);
  CHECK(get(site, "/", "GET", {{"Cookie", std::string(1000, 'c')}}).status == 200);
}

TEST_CASE("serve http: a base URL with a path (GitHub project pages) is served under that path") {
  ServedSite site = make_served_site(sample_files(), config_with("/never-let-me-go/"), "g-1", false);
  CHECK(get(site, "/never-let-me-go/").status == 200);
  CHECK(get(site, "/never-let-me-go/style.css").status == 200);
  CHECK(get(site, "/never-let-me-go/it/").body == "<html><body>Inizio</body></html>");
  HttpResponse bare = get(site, "/never-let-me-go");
  CHECK(bare.status == 302);
  CHECK(bare.header("Location") == "/never-let-me-go/");
  HttpResponse root = get(site, "/");
  CHECK(root.status == 302);
  CHECK(root.header("Location") == "/never-let-me-go/");
  CHECK(get(site, "/never-let-me-go/it").header("Location") == "/never-let-me-go/it/");
  CHECK(get(site, "/style.css").status == 404);
  CHECK(get(site, "/never-let-me-go/../never-let-me-go/").status == 404);
  CHECK(get(site, "/never-let-me-go/nope").body == "<html><body>Page not found</body></html>");
}

TEST_CASE("serve http: the live-reload script and event stream, only when serving with live reload") {
  ServedSite live = make_served_site(sample_files(), config_with("/film/"), "g-7", true);
  HttpResponse script = get(live, "/__reel/live.js");
  CHECK(script.status == 200);
  CHECK(script.header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(reel::test::contains(script.body, "EventSource"));
  HttpResponse events = get(live, "/__reel/events");
  CHECK(events.event_stream);
  CHECK(events.header("Content-Type") == "text/event-stream");
  CHECK(events.header("Cache-Control") == "no-store");

  // Pages carry the script, just before </body>, with their generation and file.
  std::string page = get(live, "/film/it/").body;
  CHECK(page == "<html><body>Inizio<script src=\"/__reel/live.js\" data-reel-generation=\"g-7\" "
                "data-reel-file=\"it/index.html\" defer></script>\n</body></html>");
  CHECK(get(live, "/film/style.css").body == "body { color: black }");

  ServedSite quiet = make_served_site(sample_files(), config_with("/"), "g-7", false);
  CHECK(get(quiet, "/__reel/live.js").status == 404);
  CHECK_FALSE(get(quiet, "/__reel/events").event_stream);
  CHECK_FALSE(reel::test::contains(get(quiet, "/").body, "__reel"));
}

TEST_CASE("serve http: the script is injected by serve only, never into a build") {
  MemoryFileSystem fs = reel::test::fixture_site("minimal");
  BuildResult built = build_site(fs);
  REQUIRE_FALSE(built.diags.has_errors());
  for (const auto& [path, bytes] : built.files) {
    CAPTURE(path);
    CHECK_FALSE(reel::test::contains(bytes, "__reel"));
  }
}

TEST_CASE("serve http: while the site has never built, every page shows the errors with status 500") {
  ServedSite site;
  site.live_reload = true;
  Diagnostics d;
  d.error(SourcePos{"site.yaml", 3, 5}, "expected a map, got a list");
  site.error_page = build_error_page(d, "g-0");
  HttpResponse r = get(site, "/about/");
  CHECK(r.status == 500);
  CHECK(reel::test::contains(r.body, "site.yaml:3:5: error: expected a map, got a list"));
  CHECK(reel::test::contains(r.body, "data-reel-file=\"\""));
  CHECK(get(site, "/__reel/live.js").status == 200);
}

TEST_CASE("serve http: percent_decode") {
  std::string out;
  CHECK(percent_decode("/a%20b%2Fc+d", out));
  CHECK(out == "/a b/c+d");
  CHECK(percent_decode("%252e", out));
  CHECK(out == "%2e");
  CHECK_FALSE(percent_decode("%g0", out));
  CHECK_FALSE(percent_decode("abc%", out));
  CHECK_FALSE(percent_decode("abc%4", out));
}

TEST_CASE("serve http: an update makes only the changed files again, and live reload's script goes in as a page is served") {
  OutputSet files = sample_files();
  ServedSite first = make_served_site(files, config_with("/"), "g-1", true);
  HttpResponse home = get(first, "/");
  CHECK(reel::test::contains(home.body, "data-reel-generation=\"g-1\""));
  CHECK(reel::test::contains(home.header("ETag"), ".g-1\""));
  CHECK_FALSE(reel::test::contains(get(first, "/style.css").header("ETag"), "g-1"));  // not HTML: as built

  files["style.css"] = "body { color: red }";
  files.erase("it/about/index.html");
  ServedSite second = update_served_site(first, files, {"style.css"}, {"it/about/index.html"}, "g-2");
  CHECK(second.files.at("index.html") == first.files.at("index.html"));  // shared, not made again
  CHECK(second.files.at("style.css") != first.files.at("style.css"));
  CHECK(get(second, "/style.css").body == "body { color: red }");
  CHECK(get(second, "/it/about/").status == 404);
  CHECK(get(first, "/it/about/").status == 200);  // the old version is untouched
  HttpResponse home2 = get(second, "/");
  CHECK(reel::test::contains(home2.body, "data-reel-generation=\"g-2\""));
  CHECK(home2.header("ETag") != home.header("ETag"));  // the page served differs: so does its tag
  CHECK(get(second, "/", "GET", {{"If-None-Match", home.header("ETag")}}).status == 200);
  CHECK(get(second, "/", "GET", {{"If-None-Match", home2.header("ETag")}}).status == 304);
}
