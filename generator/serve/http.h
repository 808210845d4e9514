// http: what `reel serve` answers to one HTTP request, as a pure function of the request
// and the site being served, with no sockets: path decoding and the refusal of every
// way out of the site, base paths, index.html for folders, the redirect from /it to
// /it/, the site's own 404 page, HEAD, content types, ETags and the limits on request
// sizes. commands/serve.cpp puts it behind cpp-httplib; the unit tests call it directly.
//
// The site is served from memory (an OutputSet): nothing is read from disk per request,
// so no request can reach a file outside the site, whatever its path says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "output/output.h"

namespace reel {

/// Header fields in the order received or sent; names compare case-insensitively
/// (RFC 9110 §5.1).
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  ///< "GET", "HEAD", …
  /// The request-target exactly as sent, still percent-encoded: "/it/about/?q=1"
  /// (RFC 9112 §3.2, origin-form).
  std::string target;
  HttpHeaders headers;

  /// The first value of header `name` (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;  ///< Content-Type, ETag, Cache-Control, Location, … (no Content-Length)
  std::string body;     ///< empty for HEAD, 304 and redirects without a page
  /// The length of the content a GET would get, in bytes; for HEAD (RFC 9110 §9.3.2:
  /// the same header fields as GET, no content) it is what Content-Length must say.
  std::size_t content_length = 0;
  /// True for the live-reload event stream: the caller streams events instead of `body`.
  bool event_stream = false;

  /// The first value of header `name` (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

/// One served file: its bytes as built and their entity tag.
struct ServedFile {
  std::string bytes;
  std::string etag;  ///< a strong entity tag, quotes included: "\"1f3a…\"" (RFC 9110 §8.8.3)
};

/// One version of the site as served: immutable once made, swapped whole by the server
/// after each successful rebuild, so that a request sees either the old site or the new
/// one, never a mix and never a missing page.
struct ServedSite {
  /// Path below the base path → file: "index.html", "it/about/index.html", "style.css".
  /// Shared between versions: a rebuild makes only the files that changed.
  std::map<std::string, std::shared_ptr<const ServedFile>, std::less<>> files;
  /// The build generation, which live reload writes into each HTML page as it is served
  /// (inject_live_reload), and into its entity tag.
  std::string generation;
  /// The base URL's path, starting and ending with '/': "/" or "/never-let-me-go/".
  std::string base_path = "/";
  /// The URL prefixes of the site's languages below the base path ("it/"), longest
  /// first: a missing page under one is answered with `<prefix>404.html` when the site
  /// has one, else the root 404.html.
  std::vector<std::string> language_prefixes;
  /// Whether `/__reel/events` and `/__reel/live.js` are served.
  bool live_reload = false;
  /// When the site has never built: an HTML page showing why, served with status 500
  /// for every page URL until a build succeeds.
  std::string error_page;
};

/// Limits on requests; over them a request is refused before anything else is looked at.
struct HttpLimits {
  std::size_t max_target = 2048;         ///< bytes in the request-target, else 414 URI Too Long (RFC 9110 §15.5.15)
  std::size_t max_header_count = 64;     ///< header fields, else 431 (RFC 6585 §5)
  std::size_t max_header_bytes = 16384;  ///< bytes in all names and values, else 431
};

/// The live-reload endpoints, outside any base path.
inline constexpr std::string_view kEventsPath = "/__reel/events";
inline constexpr std::string_view kScriptPath = "/__reel/live.js";

/// The Content-Type for a file name, by its extension (case-insensitive): text types
/// carry "; charset=utf-8" (reel writes UTF-8); unknown ones are
/// "application/octet-stream".
std::string content_type_for(std::string_view path);

/// Decodes %XX escapes once (RFC 3986 §2.1). Returns false on a malformed escape
/// ("%", "%2", "%zz"). '+' is left as it is (it means a space only in query strings).
bool percent_decode(std::string_view in, std::string& out);

/// The answer to `request` from `site`:
///  - over `limits`: 414 or 431; a method other than GET or HEAD: 405 with Allow;
///  - a target that is not origin-form ("/…") or has a malformed escape: 400;
///  - a path that, once decoded, has a "." or ".." segment, an empty segment, a
///    backslash, a NUL or another control character: 404 (double encoding needs no rule:
///    "%252e" decodes once, to the file name "%2e", which no site has);
///  - outside the base path: "/" and the base path without its final '/' redirect to it,
///    anything else is 404;
///  - a folder URL ("/it/") serves its index.html; "/it" redirects (302, query kept) to
///    "/it/" when it/index.html exists (302 and not 301, so browsers do not remember it
///    while the site changes);
///  - a file: 200 with Content-Type, ETag, `Cache-Control: no-cache` (every use
///    revalidates, so a changed file is never shown stale), X-Content-Type-Options:
///    nosniff; 304 Not Modified when If-None-Match names its ETag (RFC 9110 §13.1.2);
///  - missing: 404 with the site's 404.html (see ServedSite::language_prefixes), or a
///    short built-in page when the site has none;
///  - HEAD: as GET, with an empty body and content_length set.
HttpResponse handle(const HttpRequest& request, const ServedSite& site, const HttpLimits& limits = {});

}  // namespace reel
