#include "serve/http.h"

#include <algorithm>
#include <array>

#include "serve/live_reload.h"

namespace reel {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

HttpResponse text_response(int status, std::string text) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"Cache-Control", "no-store"},
               {"X-Content-Type-Options", "nosniff"}};
  r.body = std::move(text);
  r.content_length = r.body.size();
  return r;
}

HttpResponse redirect(std::string location) {
  HttpResponse r;
  r.status = 302;
  r.headers = {{"Location", std::move(location)}, {"Cache-Control", "no-store"}};
  return r;
}

/// True when a decoded path holds something no site path has and that could be used
/// to leave the site: control characters (NUL included), backslashes, "." or ".."
/// segments, empty segments.
bool refused_path(std::string_view path) {
  for (char c : path) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') return true;
  }
  // path starts with '/'; check each segment between slashes, the last may be "".
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view seg = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (seg == "." || seg == "..") return true;
    if (seg.empty() && slash != std::string_view::npos) return true;  // "//"
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

const ServedFile* find_file(const ServedSite& site, std::string_view rel) {
  auto it = site.files.find(rel);
  return it == site.files.end() ? nullptr : it->second.get();
}

HttpResponse not_found(const ServedSite& site, std::string_view rel) {
  const ServedFile* page = nullptr;
  for (const std::string& prefix : site.language_prefixes) {
    if (rel.size() >= prefix.size() && rel.compare(0, prefix.size(), prefix) == 0) {
      page = find_file(site, prefix + "404.html");
      if (page) break;
    }
  }
  if (!page) page = find_file(site, "404.html");
  if (!page) return text_response(404, "404 not found: this site has no page at this address\n");
  HttpResponse r;
  r.status = 404;
  r.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-store"},
               {"X-Content-Type-Options", "nosniff"}};
  r.body = page->bytes;
  r.content_length = r.body.size();
  return r;
}

/// True when `etag` is among the entity tags of an If-None-Match value ("*" matches any).
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  std::size_t start = 0;
  while (start < if_none_match.size()) {
    std::size_t comma = if_none_match.find(',', start);
    std::string_view tag = if_none_match.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);  // weak comparison (RFC 9110 §13.1.2)
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace

std::string HttpRequest::header(std::string_view name) const { return find_header(headers, name); }
std::string HttpResponse::header(std::string_view name) const { return find_header(headers, name); }

std::string content_type_for(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 33> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},  // RFC 9239
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".xml", "application/xml; charset=utf-8"},  // RFC 7303
      {".rss", "application/rss+xml; charset=utf-8"},
      {".atom", "application/atom+xml; charset=utf-8"},
      {".svg", "image/svg+xml; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".md", "text/markdown; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".vtt", "text/vtt; charset=utf-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/vnd.microsoft.icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".pdf", "application/pdf"},
      {".mp4", "video/mp4"},
      {".webm", "video/webm"},
      {".mp3", "audio/mpeg"},
      {".ogg", "audio/ogg"},
      {".wasm", "application/wasm"},
  }};
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    std::string_view ext = name.substr(dot);
    for (const auto& [e, type] : kTypes) {
      if (iequals(e, ext)) return std::string(type);
    }
  }
  return "application/octet-stream";
}

bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

HttpResponse handle(const HttpRequest& request, const ServedSite& site, const HttpLimits& limits) {
  if (request.target.size() > limits.max_target) {
    return text_response(414, "414 URI too long: at most " + std::to_string(limits.max_target) + " bytes\n");
  }
  std::size_t header_bytes = 0;
  for (const auto& [k, v] : request.headers) header_bytes += k.size() + v.size();
  if (request.headers.size() > limits.max_header_count || header_bytes > limits.max_header_bytes) {
    return text_response(431, "431 request header fields too large\n");
  }
  bool head = request.method == "HEAD";
  if (!head && request.method != "GET") {
    HttpResponse r = text_response(405, "405 method not allowed: this server only reads\n");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  auto finish = [head](HttpResponse r) {
    r.content_length = r.body.size();
    if (head) r.body.clear();
    return r;
  };

  std::string_view target = request.target;
  if (target.empty() || target.front() != '/') return finish(text_response(400, "400 bad request: expected a path\n"));
  std::size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q);
  std::string path;
  if (!percent_decode(raw_path, path)) return finish(text_response(400, "400 bad request: malformed %-escape\n"));

  if (site.live_reload && path == kScriptPath) {
    HttpResponse r;
    r.headers = {{"Content-Type", "text/javascript; charset=utf-8"}, {"Cache-Control", "no-cache"},
                 {"X-Content-Type-Options", "nosniff"}};
    r.body = std::string(live_reload_script());
    return finish(std::move(r));
  }
  if (site.live_reload && path == kEventsPath) {
    HttpResponse r;
    r.headers = {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-store"}, {"X-Accel-Buffering", "no"}};
    r.event_stream = !head;
    return finish(std::move(r));
  }
  if (refused_path(path)) return finish(not_found(site, ""));

  const std::string& base = site.base_path;
  if (path.compare(0, base.size(), base) != 0) {
    if (path == "/" || path + "/" == base) return finish(redirect(base + std::string(query)));
    return finish(not_found(site, ""));
  }
  std::string rel = path.substr(base.size());

  if (!site.error_page.empty()) {
    HttpResponse r;
    r.status = 500;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-store"}};
    r.body = site.error_page;
    return finish(std::move(r));
  }

  std::string file = rel.empty() || rel.back() == '/' ? rel + "index.html" : rel;
  const ServedFile* found = find_file(site, file);
  if (!found) {
    if (!rel.empty() && rel.back() != '/' && find_file(site, rel + "/index.html")) {
      return finish(redirect(std::string(raw_path) + "/" + std::string(query)));
    }
    return finish(not_found(site, rel));
  }
  // Live reload's script goes into each HTML page as it is served, with the generation,
  // which the entity tag then carries too.
  const bool inject = site.live_reload && is_html_path(file);
  std::string etag = found->etag;
  if (inject) etag.insert(etag.size() - 1, "." + site.generation);
  HttpResponse r;
  r.headers = {{"Content-Type", content_type_for(file)},
               {"ETag", etag},
               {"Cache-Control", "no-cache"},
               {"X-Content-Type-Options", "nosniff"}};
  std::string inm = request.header("If-None-Match");
  if (!inm.empty() && etag_matches(inm, etag)) {
    r.status = 304;
    return finish(std::move(r));
  }
  r.body = inject ? inject_live_reload(found->bytes, site.generation, file) : found->bytes;
  return finish(std::move(r));
}

}  // namespace reel
