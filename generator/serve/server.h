// serve: `reel serve`, the live preview. Builds the site in memory (it never writes
// _site/ or any other file), serves it over HTTP with cpp-httplib (serve/http.h decides
// every answer), watches site.yaml, content/, templates/ and static/ (serve/watch.h),
// rebuilds what each change touches (commands/incremental.h), swaps the whole served
// site at once after a successful rebuild and only then tells open pages to reload
// (serve/live_reload.h). A failed rebuild keeps the last good site and shows its errors
// in every open page and in the terminal.
#pragma once

#include "base/diagnostics.h"

#include <functional>
#include <string>
#include <string_view>

namespace reel {

struct ServeOptions {
  std::string source = ".";        ///< the site folder
  std::string bind = "127.0.0.1";  ///< address to listen on; loopback unless told otherwise
  int port = 8000;                 ///< TCP port; 0 picks a free one (the printed URL says which)
  bool open = false;               ///< open the URL with xdg-open once serving
  bool poll = false;               ///< watch by scanning modification times instead of inotify
  /// How errors and warnings reach ServeConsole::err: text for people, or one JSON
  /// object a line (Diagnostic::format_json) for editors.
  DiagnosticsFormat diagnostics = DiagnosticsFormat::kText;
};

/// Where serve reports, line by line (main.cpp supplies these: it is the only code that
/// prints). Each string ends with a newline.
struct ServeConsole {
  std::function<void(std::string_view)> out;  ///< progress: the URL, each rebuild
  std::function<void(std::string_view)> err;  ///< errors and warnings
};

/// Runs `reel serve` until SIGINT or SIGTERM (both are blocked in every thread it starts
/// and taken by one of them). Prints "reel: serving SITE at URL …" once it listens.
/// Returns 0 after a clean stop, 1 when it cannot start: the site folder is missing,
/// or the port is busy (the message names the next free port: "port 8000 is busy; try
/// `reel serve --port 8001`"; serve does not pick another port by itself, so the URL is
/// always the one asked for), or the address cannot be bound.
int run_serve(const ServeOptions& options, const ServeConsole& console);

/// True for a loopback address or name: 127.0.0.0/8, ::1, ::ffff:127.x.y.z, "localhost".
bool is_loopback_address(std::string_view host);

/// The first port in [from, from + tries) that `host` can bind now, or 0.
int find_free_port(const std::string& host, int from, int tries);

}  // namespace reel
