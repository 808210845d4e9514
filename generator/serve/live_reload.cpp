#include "serve/live_reload.h"

#include "base/text.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace reel {

namespace {

// The script every page served by `reel serve` loads. Plain ES2017, no external
// requests; errors are shown with DOM text nodes, never parsed as HTML.
constexpr std::string_view kScript = R"js(// reel serve: live reload. Served and injected by `reel serve` only, never part of a build.
(function () {
  "use strict";
  var me = document.currentScript;
  var generation = me ? me.getAttribute("data-reel-generation") : "";
  var file = me ? me.getAttribute("data-reel-file") : "";
  var scrollKey = "reel-scroll:" + location.pathname;
  var overlay = null;

  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved) {
      sessionStorage.removeItem(scrollKey);
      var xy = JSON.parse(saved);
      var restore = function () { window.scrollTo(xy[0], xy[1]); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be off: reload without keeping the position */ }

  function reload() {
    try { sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY])); } catch (e) { /* ignore */ }
    location.reload();
  }

  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function showOverlay(report) {
    hideOverlay();
    var errors = (report && report.errors) || [];
    var box = document.createElement("div");
    box.id = "reel-build-error";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-live", "assertive");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:80vh;overflow:auto;" +
      "margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#fff;text-align:left;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "border-bottom:4px solid #ff6b6b;box-shadow:0 4px 24px rgba(0,0,0,.5)";
    var head = document.createElement("div");
    head.style.cssText = "display:flex;gap:1rem;align-items:baseline;justify-content:space-between";
    var title = document.createElement("strong");
    title.textContent = "reel: the site did not build (" + errors.length + (errors.length === 1 ? " error" : " errors") +
      "). This page is the last good build; fix the file and save.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.setAttribute("aria-label", "Dismiss the build error");
    close.style.cssText = "font:inherit;color:#2b0b0b;background:#fff;border:0;border-radius:3px;padding:.2rem .6rem;cursor:pointer";
    close.addEventListener("click", hideOverlay);
    head.appendChild(title);
    head.appendChild(close);
    box.appendChild(head);
    errors.forEach(function (err) {
      var where = document.createElement("p");
      where.style.cssText = "margin:.9rem 0 .2rem;color:#ffb3b3;font-weight:bold";
      where.textContent = (err.file || "") + (err.line ? ":" + err.line + (err.column ? ":" + err.column : "") : "") +
        (err.file ? ": " : "") + err.message;
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap;color:#fff;background:none;font:inherit";
      pre.textContent = err.text;
      box.appendChild(where);
      box.appendChild(pre);
    });
    (document.body || document.documentElement).appendChild(box);
    overlay = box;
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && overlay) hideOverlay();
  });

  function swapStylesheets(urls) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var u = new URL(links[i].href, location.href);
      if (u.origin === location.origin && urls.indexOf(u.pathname) >= 0) {
        u.searchParams.set("reel", String(Date.now()));
        links[i].href = u.href;
      }
    }
  }

  function concerns(changed) {
    if (file === "") return true;
    for (var i = 0; i < changed.length; i++) {
      var c = changed[i];
      if (c === file) return true;
      if (!/\.(html|css)$/i.test(c)) return true;
    }
    return false;
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__reel/events");
  events.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    document.documentElement.setAttribute("data-reel-live", "connected");
    if (d.generation !== generation) { reload(); return; }
    if (d.error && file !== "") showOverlay(d.error); else hideOverlay();
  });
  events.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    hideOverlay();
    if (concerns(d.changed || [])) reload();
    else generation = d.generation;
  });
  events.addEventListener("css", function (e) {
    var d = JSON.parse(e.data);
    hideOverlay();
    swapStylesheets(d.urls || []);
    generation = d.generation;
  });
  events.addEventListener("build-error", function (e) {
    if (file === "") reload();  // the error page: show the new errors
    else showOverlay(JSON.parse(e.data));
  });
})();
)js";

/// A quoted strong entity tag (RFC 9110 §8.8.3) from the bytes' FNV-1a hash.
std::string etag_of(std::string_view bytes) {
  // Appended in place: GCC 12 wrongly warns (-Wrestrict) about `"\"" + s + "\""`.
  std::string tag = "\"";
  tag += fnv1a_hex(bytes);
  tag += '"';
  return tag;
}

// Whether `s` ends with the lowercase `suffix`, ignoring the case of ASCII letters in `s`
// (paths such as INDEX.HTML and tags such as </BODY> count).
bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view live_reload_script() { return kScript; }

std::string inject_live_reload(std::string_view html, std::string_view generation, std::string_view file) {
  std::string tag = "<script src=\"" + std::string(kScriptPath) + "\" data-reel-generation=\"" + escape_html(generation) +
                    "\" data-reel-file=\"" + escape_html(file) + "\" defer></script>\n";
  // The last "</body>", in any case.
  std::size_t at = std::string_view::npos;
  for (std::size_t i = html.size(); i >= 7; --i) {
    std::size_t p = i - 7;
    if (html[p] == '<' && html[p + 1] == '/' && ends_with_ci(html.substr(p, 7), "</body>")) {
      at = p;
      break;
    }
  }
  std::string out;
  out.reserve(html.size() + tag.size());
  if (at == std::string_view::npos) {
    out.append(html);
    out.append(tag);
  } else {
    out.append(html.substr(0, at));
    out.append(tag);
    out.append(html.substr(at));
  }
  return out;
}

std::string sse_message(std::string_view event, std::string_view data) {
  std::string out = "event: ";
  out.append(event);
  out += '\n';
  for (std::string_view line : split(data, '\n')) {
    out += "data: ";
    out.append(line);
    out += '\n';
  }
  out += '\n';
  return out;
}

std::string diagnostics_json(const Diagnostics& diags) {
  nlohmann::json errors = nlohmann::json::array();
  for (const Diagnostic& d : diags.items()) {
    if (d.severity != Severity::kError) continue;
    errors.push_back({{"file", d.pos.file},
                      {"line", d.pos.line},
                      {"column", d.pos.column},
                      {"message", d.message},
                      {"hint", d.hint},
                      {"text", d.format()}});
  }
  return nlohmann::json{{"errors", errors}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string changes_json(std::string_view generation, const std::vector<std::string>& changed, std::string_view base_path) {
  nlohmann::json urls = nlohmann::json::array();
  for (const std::string& c : changed) urls.push_back(std::string(base_path) + c);
  return nlohmann::json{{"generation", generation}, {"changed", changed}, {"urls", urls}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool only_stylesheets(const std::vector<std::string>& changed) {
  if (changed.empty()) return false;
  return std::all_of(changed.begin(), changed.end(), [](const std::string& c) { return ends_with_ci(c, ".css"); });
}

bool is_html_path(std::string_view path) { return ends_with_ci(path, ".html") || ends_with_ci(path, ".htm"); }

ServedSite make_served_site(const OutputSet& files, const Config& config, std::string_view generation, bool live_reload) {
  ServedSite site;
  site.base_path = config.base_path.empty() ? "/" : config.base_path;
  site.live_reload = live_reload;
  site.generation = generation;
  for (const LanguageConfig& l : config.languages) {
    if (!l.url_prefix.empty()) site.language_prefixes.push_back(l.url_prefix);
  }
  std::sort(site.language_prefixes.begin(), site.language_prefixes.end(),
            [](const std::string& a, const std::string& b) { return a.size() != b.size() ? a.size() > b.size() : a < b; });
  for (const auto& [path, bytes] : files) {
    site.files.emplace(path, std::make_shared<const ServedFile>(ServedFile{bytes, etag_of(bytes)}));
  }
  return site;
}

ServedSite update_served_site(const ServedSite& previous, const OutputSet& files, const std::vector<std::string>& changed,
                              const std::vector<std::string>& removed, std::string_view generation) {
  ServedSite site = previous;
  site.generation = generation;
  site.error_page.clear();
  for (const std::string& path : removed) site.files.erase(path);
  for (const std::string& path : changed) {
    auto it = files.find(path);
    if (it == files.end()) {
      site.files.erase(path);
      continue;
    }
    site.files.insert_or_assign(path, std::make_shared<const ServedFile>(ServedFile{it->second, etag_of(it->second)}));
  }
  return site;
}

std::string build_error_page(const Diagnostics& diags, std::string_view generation) {
  std::string text = diags.format();
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>reel: the site did not build</title>\n</head>\n"
      "<body style=\"margin:0;padding:1.5rem;background:#2b0b0b;color:#fff;font:15px/1.5 ui-monospace,monospace\">\n"
      "<main role=\"alert\">\n<h1 style=\"font-size:1.3rem\">reel: the site did not build</h1>\n"
      "<p>Fix the file named below and save: this page reloads by itself once the site builds.</p>\n"
      "<pre style=\"white-space:pre-wrap\">" +
      escape_html(text) + "</pre>\n</main>\n</body>\n</html>\n";
  return inject_live_reload(html, generation, "");
}

void EventHub::publish(std::string message, std::string hello) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.push_back(std::move(message));
    while (messages_.size() > 64) {
      messages_.pop_front();
      ++first_;
    }
    hello_ = std::move(hello);
  }
  changed_.notify_all();
}

void EventHub::set_hello(std::string hello) {
  std::lock_guard<std::mutex> lock(mutex_);
  hello_ = std::move(hello);
}

std::string EventHub::subscribe(std::uint64_t& cursor) const {
  std::lock_guard<std::mutex> lock(mutex_);
  cursor = first_ + messages_.size();
  return hello_;
}

bool EventHub::wait(std::uint64_t& cursor, std::vector<std::string>& out, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return closed_ || cursor < first_ + messages_.size(); });
  if (closed_) return false;
  if (cursor < first_) cursor = first_;
  for (; cursor < first_ + messages_.size(); ++cursor) out.push_back(messages_[cursor - first_]);
  return true;
}

void EventHub::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

bool EventHub::closed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

}  // namespace reel
