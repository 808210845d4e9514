// Fuzz target: what `reel serve` answers (serve/http.h handle()) to a request made from
// the bytes, read as a raw HTTP/1.1 request head: `METHOD TARGET VERSION`, then
// `Name: value` lines (CRLF or LF). Each request goes to three in-memory sites: at the
// root with live reload, under a base path, and a site that never built. handle() never
// throws and must answer every request.
#include "fuzz_util.h"
#include "input/config.h"
#include "serve/http.h"
#include "serve/live_reload.h"
#include "support/serve_config.h"

using namespace reel;

namespace {

using reel::test::config_with;

OutputSet files() {
  return {
      {"index.html", "<!DOCTYPE html><html><body><h1>Home</h1></body></html>"},
      {"about/index.html", "<html><body>About</body></html>"},
      {"it/index.html", "<html><body>Inizio</body></html>"},
      {"it/about/index.html", "<html><body>Informazioni</body></html>"},
      {"404.html", "<html><body>Page not found</body></html>"},
      {"it/404.html", "<html><body>Pagina non trovata</body></html>"},
      {"style.css", "body { color: black }"},
      {"sitemap.xml", "<?xml version=\"1.0\"?><urlset/>"},
      {"caf\xc3\xa9 menu.txt", "menu"},
      {"photo.png", "\x89PNG"},
  };
}

HttpRequest parse_request(std::string_view in) {
  HttpRequest r;
  auto take_line = [&in]() {
    std::size_t nl = in.find('\n');
    std::string_view line = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  std::string_view first = take_line();
  std::size_t sp = first.find(' ');
  r.method = std::string(first.substr(0, sp));
  if (sp != std::string_view::npos) {
    std::string_view rest = first.substr(sp + 1);
    std::size_t sp2 = rest.rfind(" HTTP/");
    r.target = std::string(rest.substr(0, sp2));
  }
  while (!in.empty()) {
    std::string_view line = take_line();
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    r.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ServedSite sites[] = {
      make_served_site(files(), config_with("/"), "g-1", true),
      make_served_site(files(), config_with("/never-let-me-go/"), "g-2", false),
      [] {
        ServedSite s = make_served_site({}, config_with("/"), "g-3", true);
        s.error_page = "<html><body>The build failed</body></html>";
        return s;
      }(),
  };
  HttpRequest request = parse_request(fuzz::bytes(data, size));
  for (const ServedSite& site : sites) {
    HttpResponse response = handle(request, site);
    if (response.status < 100 || response.status > 599) __builtin_trap();
    // A redirect always says where to.
    if ((response.status == 301 || response.status == 302) && response.header("Location").empty()) __builtin_trap();
  }
  return 0;
}
