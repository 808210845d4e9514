// live_reload: the browser side of `reel serve`. The script that every served HTML page
// loads (injected by serve only, never into a build), the Server-Sent Events it listens
// to, the hub that broadcasts them to every open page, and the making of a ServedSite
// from a build's output.
//
// Events (HTML Living Standard, "Server-sent events", text/event-stream), each with a
// JSON `data` line:
//   hello        on connect: {"generation", "error"}; a page built by an older
//                generation reloads, and a pending build error shows at once; the page's
//                <html> gets data-reel-live="connected" (for tests and tools)
//   reload       after a successful rebuild, once the new site is in place:
//                {"generation", "changed": [output paths]}; a page reloads when its own
//                file, or a file that is neither HTML nor CSS, changed, keeping its
//                scroll position (sessionStorage)
//   css          when only stylesheets changed: {"generation", "changed", "urls"};
//                the page swaps each matching <link rel=stylesheet> without reloading
//   build-error  a failed rebuild: {"errors": [{file, line, column, message, hint,
//                text}]}; every page shows an overlay (role=alert, dismissible) until
//                the next successful rebuild
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "input/config.h"
#include "output/output.h"
#include "serve/http.h"

namespace reel {

/// The live-reload script served at kScriptPath (JavaScript, no external requests).
std::string_view live_reload_script();

/// `html` with `<script src="/__reel/live.js" data-reel-generation="G"
/// data-reel-file="F" defer></script>` inserted before its last `</body>` (any case),
/// or appended when it has none. `file` is the page's output path ("it/index.html"),
/// "" for a page that stands for no file (the error page: it reloads on any rebuild).
std::string inject_live_reload(std::string_view html, std::string_view generation, std::string_view file);

/// One Server-Sent Events message: "event: NAME\n", one "data: " line per line of
/// `data`, then a blank line.
std::string sse_message(std::string_view event, std::string_view data);

/// The JSON of a build's errors ({"errors": [{file, line, column, message, hint,
/// text}]}): errors only, warnings left out; `text` is the formatted diagnostic with
/// its source line and caret.
std::string diagnostics_json(const Diagnostics& diags);

/// The `data` of a `reload` (or `css`) event for these changed output paths; `urls`
/// lists each path's URL under `base_path` ("/never-let-me-go/style.css").
std::string changes_json(std::string_view generation, const std::vector<std::string>& changed, std::string_view base_path);

/// True when every path in `changed` is a stylesheet (.css) and there is at least one.
bool only_stylesheets(const std::vector<std::string>& changed);

/// A ServedSite from a build's output: every file with a strong ETag (a hash of its
/// bytes, computed once here); with `live_reload`, each .html file is served with the
/// script (inject_live_reload, with `generation`; handle() does it). `config` gives the
/// base path and the languages' URL prefixes.
ServedSite make_served_site(const OutputSet& files, const Config& config, std::string_view generation, bool live_reload);

/// `previous` after a rebuild that changed the output paths `changed` (their bytes now
/// in `files`; a path not in `files` is dropped) and removed `removed`, at `generation`.
/// Every other file is shared with `previous`, unread: the cost follows the change.
ServedSite update_served_site(const ServedSite& previous, const OutputSet& files, const std::vector<std::string>& changed,
                              const std::vector<std::string>& removed, std::string_view generation);

/// Whether live reload's script goes into the file at `path`: `.html` and `.htm`, in any case.
bool is_html_path(std::string_view path);

/// The page served for every URL while the site has never built: the errors, as text,
/// and the live-reload script, so that it reloads by itself once a build succeeds.
std::string build_error_page(const Diagnostics& diags, std::string_view generation);

/// Broadcasts live-reload events to every open page. Thread-safe: one thread publishes,
/// any number of connections wait. Keeps the last 64 messages, enough for a page that
/// is writing its previous message to catch up.
class EventHub {
 public:
  /// Sends `message` (an sse_message) to every subscriber and makes `hello` (an
  /// sse_message "hello" describing the state after it) what new subscribers get first;
  /// both at once, so a page never misses an event nor gets a stale hello.
  void publish(std::string message, std::string hello);
  /// Sets the hello message without sending anything (before the first subscriber).
  void set_hello(std::string hello);
  /// Subscribes: returns the hello message and sets `cursor` to the next message.
  std::string subscribe(std::uint64_t& cursor) const;
  /// Waits until a message after `cursor` exists, `timeout` passes or the hub closes;
  /// appends the messages to `out` and moves `cursor` past them (skipping those already
  /// dropped). Returns false once the hub is closed.
  bool wait(std::uint64_t& cursor, std::vector<std::string>& out, std::chrono::milliseconds timeout);
  /// Wakes every waiter; wait() returns false from now on.
  void close();
  bool closed() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> messages_;
  std::uint64_t first_ = 0;  ///< position of messages_.front()
  std::string hello_;
  bool closed_ = false;
};

}  // namespace reel
