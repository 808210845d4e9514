// `reel serve`, the real binary, on a temporary copy of the flagship site, over
// loopback. Every wait is bounded; the server is always stopped with SIGTERM.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>
#include <regex>

#include "support/process.h"
#include "support/server.h"

using namespace reel::test;
namespace stdfs = std::filesystem;

namespace {

/// Replaces the first `from` in the file with `to`; false when `from` is not there.
bool edit(const stdfs::path& file, const std::string& from, const std::string& to) {
  std::string text = slurp(file);
  std::size_t at = text.find(from);
  if (at == std::string::npos) return false;
  text.replace(at, from.size(), to);
  // As editors do: write a temporary file beside it, then rename it over the original.
  stdfs::path tmp = file.parent_path() / ("." + file.filename().string() + ".reel-test-tmp");
  spit(tmp, text);
  stdfs::rename(tmp, file);
  return true;
}

/// The first `<p>…</p>` of a prose file's body (after the front matter), for edits.
std::string first_words(const stdfs::path& md) {
  std::string text = slurp(md);
  std::size_t body = text.find("\n---", 3);
  std::size_t start = text.find_first_not_of("\n", text.find('\n', body + 1));
  return text.substr(start, 24);
}

}  // namespace

TEST_CASE("serve: serves the flagship site from memory, with the right types, redirects and 404 page") {
  TempDir site;
  copy_flagship(site.path());
  auto before = snapshot(site.path());
  BackgroundReel reel({"serve", "--port", "0", "--source", site.path().string()}, site.path());
  std::string url = reel.url();
  INFO(reel.out() << reel.err());
  REQUIRE_FALSE(url.empty());
  CHECK(std::regex_match(url, std::regex(R"(http://127\.0\.0\.1:\d+/)")));
  int port = port_of(url);

  RawResponse home = raw_request(port, "/");
  CHECK(home.status == 200);
  CHECK(home.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(contains(home.body, "<html lang=\"en\""));
  CHECK(contains(home.body, "Never Let Me Go"));
  CHECK(contains(home.body, "<script src=\"/__reel/live.js\""));
  // Links point at the local server, under the site's own path.
  CHECK(contains(home.body, "href=\"" + url + "\""));

  RawResponse it = raw_request(port, "/it");
  CHECK(it.status == 302);
  CHECK(it.header("Location") == "/it/");
  RawResponse it_home = raw_request(port, "/it/");
  CHECK(it_home.status == 200);
  CHECK(contains(it_home.body, "<html lang=\"it\""));

  CHECK(raw_request(port, "/style.css").header("Content-Type") == "text/css; charset=utf-8");
  CHECK(raw_request(port, "/favicon.svg").header("Content-Type") == "image/svg+xml; charset=utf-8");
  CHECK(raw_request(port, "/sitemap.xml").header("Content-Type") == "application/xml; charset=utf-8");
  CHECK(raw_request(port, "/robots.txt").header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(raw_request(port, "/__reel/live.js").header("Content-Type") == "text/javascript; charset=utf-8");

  RawResponse missing = raw_request(port, "/no/such/page/");
  CHECK(missing.status == 404);
  CHECK(contains(missing.body, "Page not found"));
  CHECK(contains(missing.body, "Pagina non trovata"));

  RawResponse head = raw_request(port, "/", "HEAD");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("Content-Length") == std::to_string(home.body.size()));
  CHECK(head.header("ETag") == home.header("ETag"));
  CHECK(raw_request(port, "/", "GET", "If-None-Match: " + home.header("ETag") + "\r\n").status == 304);
  CHECK(raw_request(port, "/", "POST").status == 405);

  CHECK(reel.stop() == 0);
  CHECK(contains(reel.out(), "reel: stopped"));
  // Nothing written: no _site/, no temporary files.
  CHECK(snapshot(site.path()) == before);
  CHECK_FALSE(stdfs::exists(site / "_site"));
}

TEST_CASE("serve: no request reads outside the site, whatever its path says") {
  TempDir site;
  copy_flagship(site.path());
  // A secret beside the site.
  TempDir outside;
  spit(outside / "secret.txt", "top secret\n");
  BackgroundReel reel({"serve", "--port", "0", "--source", site.path().string()}, site.path());
  std::string url = reel.url();
  INFO(reel.out() << reel.err());
  REQUIRE_FALSE(url.empty());
  int port = port_of(url);
  std::string rel_secret = stdfs::relative(outside / "secret.txt", site.path()).string();
  const std::string targets[] = {
      "/../../../../etc/passwd",
      "/" + rel_secret,
      "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
      "/..%2f..%2f..%2fetc%2fpasswd",
      "/%252e%252e/%252e%252e/etc/passwd",
      "/..\\..\\..\\etc\\passwd",
      "/%5c..%5c..%5cetc%5cpasswd",
      "/index.html%00.css",
      "/%00",
      "/it/../../site.yaml",
      "/site.yaml",
      "/content/en/index.md",
      "/templates/404.html",
  };
  for (const std::string& t : targets) {
    CAPTURE(t);
    RawResponse r = raw_request(port, t);
    CHECK(r.status == 404);
    CHECK_FALSE(contains(r.body, "top secret"));
    CHECK_FALSE(contains(r.body, "root:"));
  }
  // Over the limits: refused.
  CHECK(raw_request(port, "/" + std::string(3000, 'a')).status == 414);
  std::string big = std::string(6000, 'c') + "\r\n";
  CHECK(raw_request(port, "/", "GET", "X-A: " + big + "X-B: " + big + "X-C: " + big).status == 431);
  // One header line over cpp-httplib's own limit (8 KB) is refused before reel sees it.
  CHECK(raw_request(port, "/", "GET", "Cookie: " + std::string(17000, 'c') + "\r\n").status == 400);
  CHECK(reel.stop() == 0);
}

TEST_CASE("serve: a static file that links out of the site is refused, never served") {
  TempDir site;
  copy_flagship(site.path());
  TempDir outside;
  spit(outside / "secret.txt", "top secret\n");
  stdfs::create_symlink(outside / "secret.txt", site / "static/linked.txt");
  BackgroundReel reel({"serve", "--port", "0", "--source", site.path().string()}, site.path());
  std::string url = reel.url();
  INFO(reel.out() << reel.err());
  REQUIRE_FALSE(url.empty());
  int port = port_of(url);
  // The build refuses the link (as `reel build` does): the error is what is served.
  RawResponse r = raw_request(port, "/linked.txt");
  CHECK(r.status != 200);
  CHECK_FALSE(contains(r.body, "top secret"));
  CHECK(contains(reel.err(), "refusing a path outside the site folder"));
  // Remove the link: the site comes back by itself, without it.
  stdfs::remove(site / "static/linked.txt");
  RawResponse home = poll_until([&] { return raw_request(port, "/"); }, [](const RawResponse& x) { return x.status == 200; });
  CHECK(home.status == 200);
  CHECK(raw_request(port, "/linked.txt").status == 404);
  CHECK(reel.stop() == 0);
}

TEST_CASE("serve: an edit shows within a bounded wait, a broken template shows its error, and recovers") {
  TempDir site;
  copy_flagship(site.path());
  BackgroundReel reel({"serve", "--port", "0", "--source", site.path().string()}, site.path());
  std::string url = reel.url();
  INFO(reel.out() << reel.err());
  REQUIRE_FALSE(url.empty());
  int port = port_of(url);
  EventStream events(port);
  REQUIRE(events.wait_for("event: hello"));

  // A prose edit: the page has the new text, then the event says so.
  stdfs::path about = site / "content/en/about.md";
  std::string words = first_words(about);
  REQUIRE(edit(about, words, "Freshly edited sentence. " + words));
  CHECK(events.wait_for("event: reload"));
  CHECK(events.wait_for("about/index.html"));
  RawResponse page = poll_until([&] { return raw_request(port, "/about/"); },
                                [](const RawResponse& r) { return contains(r.body, "Freshly edited sentence."); });
  CHECK(contains(page.body, "Freshly edited sentence."));

  // A stylesheet: a css event, no reload.
  std::ofstream(site / "static/style.css", std::ios::app) << "\n/* edited */\n";
  CHECK(events.wait_for("event: css"));
  CHECK(events.wait_for("\"urls\":[\"/style.css\"]"));

  // A broken template: the error, with its position, in the event stream and the
  // terminal; the last good pages are still served.
  stdfs::path footer = site / "templates/partials/footer.html";
  std::string good_footer = slurp(footer);
  spit(footer, good_footer + "{% if %}\n");
  CHECK(events.wait_for("event: build-error"));
  CHECK(events.wait_for("templates/partials/footer.html"));
  CHECK(contains(events.received(), "\"line\":"));
  CHECK(poll_until([&] { return reel.err(); }, [](const std::string& e) { return contains(e, "still serving the last good site"); }) != "");
  CHECK(contains(reel.err(), "templates/partials/footer.html:"));
  RawResponse still = raw_request(port, "/about/");
  CHECK(still.status == 200);
  CHECK(contains(still.body, "Freshly edited sentence."));
  // A page opened now learns of the error at once.
  EventStream late(port);
  CHECK(late.wait_for("event: hello"));
  CHECK(late.wait_for("templates/partials/footer.html"));

  // Mended: a reload, and the pages are whole again.
  spit(footer, good_footer);
  CHECK(events.wait_for("event: reload"));
  EventStream after(port);
  CHECK(after.wait_for("\"error\":null"));
  CHECK(raw_request(port, "/").status == 200);
  CHECK(reel.stop() == 0);
}

TEST_CASE("serve: a site that does not build shows its errors on every page, then the site once mended") {
  TempDir site;
  copy_flagship(site.path());
  stdfs::path layout = site / "templates/layouts/page.html";
  std::string good = slurp(layout);
  spit(layout, "{% block main %}\n");
  BackgroundReel reel({"serve", "--port", "0", "--source", site.path().string()}, site.path());
  std::string url = reel.url();
  INFO(reel.out() << reel.err());
  REQUIRE_FALSE(url.empty());
  int port = port_of(url);
  RawResponse broken = raw_request(port, "/about/");
  CHECK(broken.status == 500);
  CHECK(contains(broken.body, "templates/layouts/page.html:"));
  CHECK(contains(broken.body, "/__reel/live.js"));
  spit(layout, good);
  RawResponse mended = poll_until([&] { return raw_request(port, "/about/"); },
                                  [](const RawResponse& r) { return r.status == 200; });
  CHECK(mended.status == 200);
  CHECK(reel.stop() == 0);
}

TEST_CASE("serve: a base URL with a path is served under that path") {
  TempDir site;
  copy_flagship(site.path());
  REQUIRE(edit(site / "site.yaml", "base_url: https://reel-films.github.io/",
               "base_url: https://reel-films.github.io/never-let-me-go/"));
  BackgroundReel reel({"serve", "--port", "0", "--source", site.path().string()}, site.path());
  std::string url = reel.url();
  INFO(reel.out() << reel.err());
  REQUIRE_FALSE(url.empty());
  CHECK(std::regex_match(url, std::regex(R"(http://127\.0\.0\.1:\d+/never-let-me-go/)")));
  int port = port_of(url);
  RawResponse home = raw_request(port, "/never-let-me-go/");
  CHECK(home.status == 200);
  CHECK(contains(home.body, "/never-let-me-go/style.css"));
  CHECK(raw_request(port, "/").header("Location") == "/never-let-me-go/");
  CHECK(raw_request(port, "/never-let-me-go/it").header("Location") == "/never-let-me-go/it/");
  CHECK(raw_request(port, "/never-let-me-go/style.css").status == 200);
  CHECK(raw_request(port, "/style.css").status == 404);
  CHECK(reel.stop() == 0);
}

TEST_CASE("serve: a busy port is named, with the next free one") {
  TempDir site;
  copy_flagship(site.path());
  // Hold a port.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  RunResult r = run_reel("serve --port " + std::to_string(port), site.path());
  ::close(fd);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "port " + std::to_string(port) + " is busy on 127.0.0.1; try `reel serve --port "));
  CHECK_FALSE(stdfs::exists(site / "_site"));
}

TEST_CASE("serve: SIGINT stops it cleanly too") {
  TempDir site;
  copy_flagship(site.path());
  BackgroundReel reel({"serve", "--port", "0"}, site.path());
  REQUIRE_FALSE(reel.url().empty());
  EventStream events(port_of(reel.url()));
  REQUIRE(events.wait_for("event: hello"));
  // An open event stream must not hold the stop up.
  auto start = std::chrono::steady_clock::now();
  CHECK(reel.stop(std::chrono::milliseconds(5000), SIGINT) == 0);
  CHECK(contains(reel.out(), "reel: stopped"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("serve: 300 slow clients do not delay a normal request past a second") {
  TempDir site;
  copy_flagship(site.path());
  BackgroundReel reel({"serve", "--port", "0", "--source", site.path().string()}, site.path());
  std::string url = reel.url();
  INFO(reel.out() << reel.err());
  REQUIRE_FALSE(url.empty());
  int port = port_of(url);
  // Each slow client sends its request line, then one header byte at a time, never
  // finishing its headers (a "slowloris").
  std::vector<int> slow;
  for (int i = 0; i < 300; ++i) {
    int fd = connect_loopback(port);
    if (fd < 0) continue;
    std::string start = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    (void)::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  CHECK(slow.size() == 300);
  auto drip = [&] {
    for (int fd : slow) (void)::send(fd, "X", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
  };
  for (int round = 0; round < 3; ++round) {
    drip();
    std::this_thread::sleep_for(milliseconds(300));
  }
  auto start = std::chrono::steady_clock::now();
  RawResponse home = raw_request(port, "/");
  auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start).count();
  CHECK(home.status == 200);
  CHECK(took < 1000);
  drip();
  for (int fd : slow) ::close(fd);
  CHECK(reel.stop() == 0);
}

TEST_CASE("serve --diagnostics json: a build error reaches stderr as one JSON object a line, and nothing else") {
  TempDir site;
  copy_flagship(site.path());
  spit(site / "templates/layouts/page.html", "{% block main %}\n");
  BackgroundReel reel({"serve", "--port", "0", "--diagnostics", "json", "--source", site.path().string()}, site.path());
  std::string url = reel.url();
  REQUIRE_FALSE(url.empty());
  std::string err = reel.err();
  INFO(err);
  CHECK(contains(err, "\"file\":\"templates/layouts/page.html\""));
  CHECK(contains(err, "\"severity\":\"error\""));
  CHECK_FALSE(contains(err, "build failed"));
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) CHECK(line.rfind("{\"file\":", 0) == 0);
  CHECK(reel.stop() == 0);
}
