// serve/live_reload: injection, Server-Sent Events messages, the event hub.
#include <doctest/doctest.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "serve/live_reload.h"
#include "support/sites.h"

using namespace reel;
using reel::test::contains;

TEST_CASE("live reload: the script goes before the last </body>, in any case, or at the end") {
  std::string tag = "<script src=\"/__reel/live.js\" data-reel-generation=\"g-1\" data-reel-file=\"a.html\" defer></script>\n";
  CHECK(inject_live_reload("<p>x</p></body></html>", "g-1", "a.html") == "<p>x</p>" + tag + "</body></html>");
  CHECK(inject_live_reload("<p>x</BODY></html>", "g-1", "a.html") == "<p>x" + tag + "</BODY></html>");
  CHECK(inject_live_reload("<p>a</body> <p>b</body>", "g-1", "a.html") == "<p>a</body> <p>b" + tag + "</body>");
  CHECK(inject_live_reload("<p>no body", "g-1", "a.html") == "<p>no body" + tag);
  CHECK(contains(inject_live_reload("</body>", "g\"1", "a&b.html"), "data-reel-generation=\"g&#34;1\" data-reel-file=\"a&amp;b.html\""));
}

TEST_CASE("live reload: Server-Sent Events messages, one data line per line") {
  CHECK(sse_message("reload", "{}") == "event: reload\ndata: {}\n\n");
  CHECK(sse_message("x", "a\nb") == "event: x\ndata: a\ndata: b\n\n");
}

TEST_CASE("live reload: errors as JSON with file, line, column, message, hint and the formatted text") {
  Diagnostics d;
  d.warning(SourcePos{"content/en/a.md"}, "only a warning");
  Diagnostic e;
  e.pos = SourcePos{"templates/partials/footer.html", 12, 7};
  e.message = "expected an expression";
  e.hint = "write `{% if x %}`";
  e.source_line = "{% if %}";
  d.add(e);
  nlohmann::json j = nlohmann::json::parse(diagnostics_json(d));
  REQUIRE(j["errors"].size() == 1);
  CHECK(j["errors"][0]["file"] == "templates/partials/footer.html");
  CHECK(j["errors"][0]["line"] == 12);
  CHECK(j["errors"][0]["column"] == 7);
  CHECK(j["errors"][0]["message"] == "expected an expression");
  CHECK(j["errors"][0]["hint"] == "write `{% if x %}`");
  CHECK(j["errors"][0]["text"] == e.format());
}

TEST_CASE("live reload: stylesheet-only changes swap CSS, anything else reloads") {
  CHECK(only_stylesheets({"style.css", "css/print.CSS"}));
  CHECK_FALSE(only_stylesheets({"style.css", "index.html"}));
  CHECK_FALSE(only_stylesheets({}));
  nlohmann::json j = nlohmann::json::parse(changes_json("g-2", {"style.css"}, "/film/"));
  CHECK(j["generation"] == "g-2");
  CHECK(j["changed"][0] == "style.css");
  CHECK(j["urls"][0] == "/film/style.css");
}

TEST_CASE("live reload: the script listens for every event and keeps the scroll position") {
  std::string_view js = live_reload_script();
  for (const char* s : {"\"hello\"", "\"reload\"", "\"css\"", "\"build-error\"", "sessionStorage", "role", "alert",
                        "Dismiss", "/__reel/events"}) {
    CAPTURE(s);
    CHECK(js.find(s) != std::string_view::npos);
  }
  // No external requests: the only URL is its own event stream.
  CHECK(js.find("http") == std::string_view::npos);
}

TEST_CASE("live reload: the hub gives each subscriber the hello, then every later message") {
  EventHub hub;
  hub.set_hello("hello-0");
  std::uint64_t a = 0;
  CHECK(hub.subscribe(a) == "hello-0");
  hub.publish("m1", "hello-1");
  std::uint64_t b = 0;
  CHECK(hub.subscribe(b) == "hello-1");
  hub.publish("m2", "hello-2");
  std::vector<std::string> got_a, got_b;
  CHECK(hub.wait(a, got_a, std::chrono::milliseconds(0)));
  CHECK(hub.wait(b, got_b, std::chrono::milliseconds(0)));
  CHECK(got_a == std::vector<std::string>{"m1", "m2"});
  CHECK(got_b == std::vector<std::string>{"m2"});
  // Nothing new: a timeout, with nothing added.
  got_a.clear();
  CHECK(hub.wait(a, got_a, std::chrono::milliseconds(5)));
  CHECK(got_a.empty());
  // A waiter wakes when a message comes, and when the hub closes.
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    hub.publish("m3", "hello-3");
  });
  CHECK(hub.wait(a, got_a, std::chrono::seconds(5)));
  t.join();
  CHECK(got_a == std::vector<std::string>{"m3"});
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    hub.close();
  });
  CHECK_FALSE(hub.wait(a, got_a, std::chrono::seconds(5)));
  closer.join();
  CHECK(hub.closed());
}

TEST_CASE("live reload: a slow subscriber skips what the hub no longer keeps") {
  EventHub hub;
  std::uint64_t slow = 0;
  hub.subscribe(slow);
  for (int i = 0; i < 100; ++i) hub.publish("m" + std::to_string(i), "h");
  std::vector<std::string> got;
  CHECK(hub.wait(slow, got, std::chrono::milliseconds(0)));
  CHECK(got.size() == 64);
  CHECK(got.front() == "m36");
  CHECK(got.back() == "m99");
}
