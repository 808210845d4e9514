#include "serve/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/fs.h"
#include "build/build.h"
#include "serve/http.h"
#include "serve/listener.h"
#include "serve/live_reload.h"
#include "serve/watch.h"

extern char** environ;

namespace reel {

namespace {
/// Threads for open connections: each open connection holds one (see run_server).
constexpr std::size_t kConnectionThreads = 1024;
/// Seconds a connection may stay silent while reel waits to read or write.
constexpr time_t kReadTimeoutS = 5;
}  // namespace

namespace {

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string url_host(const std::string& bind) {
  if (bind == "0.0.0.0" || bind.empty()) return "127.0.0.1";
  if (bind == "::" || bind == "[::]") return "[::1]";
  if (bind.find(':') != std::string::npos && bind.front() != '[') return "[" + bind + "]";
  return bind;
}

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string hello_json(const std::string& generation, const std::string& error_json) {
  nlohmann::json j{{"generation", generation}, {"error", nullptr}};
  if (!error_json.empty()) j["error"] = nlohmann::json::parse(error_json);
  return j.dump();
}

/// Output paths of static files that are symbolic links leading outside the site folder:
/// a build copies them, but serve never shows what lies outside the site.
std::vector<std::string> escaping_statics(const std::string& root, const std::string& static_dir, const StaticFiles& statics) {
  std::vector<std::string> out;
  std::error_code ec;
  stdfs::path site = stdfs::weakly_canonical(stdfs::absolute(root, ec), ec);
  std::string prefix = site.string() + "/";
  for (const auto& [rel, bytes] : statics) {
    stdfs::path p = stdfs::path(root) / static_dir / rel;
    bool linked = false;
    for (stdfs::path part = p; !part.empty() && part != part.parent_path(); part = part.parent_path()) {
      if (stdfs::is_symlink(part, ec)) linked = true;
      if (part == stdfs::path(root)) break;
    }
    if (!linked) continue;
    std::string real = stdfs::weakly_canonical(stdfs::absolute(p, ec), ec).string();
    if (real.compare(0, prefix.size(), prefix) != 0) out.push_back(rel);
  }
  return out;
}

void open_browser(const std::string& url, const ServeConsole& console) {
  pid_t pid = 0;
  std::string prog = "xdg-open";
  char* argv[] = {prog.data(), const_cast<char*>(url.c_str()), nullptr};
  if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv, environ) != 0) {
    console.err(fmt::format("reel: warning: --open: cannot run xdg-open; open {} in your browser\n", url));
    return;
  }
  std::thread([pid] { waitpid(pid, nullptr, 0); }).detach();
}

bool port_in_use(const std::string& host, int port) {
  return find_free_port(host, port, 1) == 0;
}

}  // namespace

bool is_loopback_address(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.rfind("127.", 0) == 0) return true;
  if (host.rfind("::ffff:127.", 0) == 0) return true;
  return false;
}

int find_free_port(const std::string& host, int from, int tries) {
  for (int port = from; port < from + tries && port < 65536; ++port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* res = nullptr;
    std::string service = std::to_string(port);
    if (getaddrinfo(host.c_str(), service.c_str(), &hints, &res) != 0) return 0;
    bool ok = false;
    for (addrinfo* ai = res; ai && !ok; ai = ai->ai_next) {
      int fd = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
      if (fd < 0) continue;
      int yes = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      ok = ::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0;
      ::close(fd);
    }
    freeaddrinfo(res);
    if (ok) return port;
  }
  return 0;
}

int run_serve(const ServeOptions& options, const ServeConsole& console) {
  std::error_code ec;
  if (!stdfs::is_directory(options.source, ec)) {
    console.err(fmt::format("reel: error: the site folder `{}` does not exist\n  hint: pass --source DIR with a folder that holds site.yaml\n",
                            options.source));
    return 1;
  }

  // Every thread started from here on inherits the blocked signals; one thread takes them.
  sigset_t stop_signals, old_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_pipe {};
  sigaction(SIGPIPE, &ignore, &old_pipe);
  auto restore_signals = [&] {
    sigaction(SIGPIPE, &old_pipe, nullptr);
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  };

  // cpp-httplib (the module behind make_listener) gives each open connection a thread
  // for as long as it stays open (keep-alive, event streams, and clients that send their
  // request slowly): enough threads that many tabs, a load test and hundreds of slow or
  // stalled clients are all served at once rather than queued ahead of a normal request
  // (an idle thread costs only address space). A client that sends nothing for
  // kReadTimeoutS is dropped; an idle connection is closed after 2 s, so a stop waits for
  // idle connections that long at most.
  ListenerOptions listener_options;
  listener_options.threads = kConnectionThreads;
  listener_options.read_timeout_s = kReadTimeoutS;
  listener_options.write_timeout_s = kReadTimeoutS;
  listener_options.keep_alive_max = 100;
  listener_options.keep_alive_timeout_s = 2;
  listener_options.payload_max = 64 * 1024;
  std::unique_ptr<Listener> listener;
  try {
    listener = make_listener(listener_options);
  } catch (const Error& e) {
    console.err(options.diagnostics == DiagnosticsFormat::kJson ? e.diagnostic().format_json() + "\n"
                                                                : e.diagnostic().format());
    restore_signals();
    return 1;
  }
  Listener& server = *listener;
  int port = server.bind(options.bind, options.port);
  if (port == 0) {
    if (options.port != 0 && port_in_use(options.bind, options.port)) {
      int next = find_free_port(options.bind, options.port + 1, 100);
      std::string hint = next ? fmt::format("; try `reel serve --port {}`", next) : std::string("; pass --port with a free port");
      console.err(fmt::format("reel: error: port {} is busy on {}{}\n", options.port, options.bind, hint));
    } else {
      console.err(fmt::format("reel: error: cannot listen on {} port {}: {}\n  hint: --bind takes an address of this machine, such as 127.0.0.1\n",
                              options.bind, options.port, std::strerror(errno)));
    }
    restore_signals();
    return 1;
  }
  // Debian's cpp-httplib fixes the listen backlog at 5, too short for a burst of
  // connections (wrk's 200): raised here, on the bound socket.
  ::listen(server.socket_fd(), SOMAXCONN);
  if (!is_loopback_address(options.bind)) {
    console.err(fmt::format("reel: warning: listening on {}: every machine that can reach this one can read the preview; "
                            "use --bind 127.0.0.1 to keep it to this machine\n", options.bind));
  }
  std::string origin = fmt::format("http://{}:{}", url_host(options.bind), port);

  // The first build.
  DiskFileSystem source(options.source);
  BuildOptions build_options;
  build_options.origin = origin;
  Build build(source, build_options);
  const std::string instance = fmt::format("{:x}", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                       std::chrono::system_clock::now().time_since_epoch()).count());
  std::size_t built = 0;  // successful builds so far
  auto generation = [&] { return fmt::format("{}-{}", instance, built); };

  std::mutex site_mutex;
  std::shared_ptr<const ServedSite> site;
  auto current_site = [&] {
    std::lock_guard<std::mutex> lock(site_mutex);
    return site;
  };
  auto swap_site = [&](ServedSite next) {
    auto p = std::make_shared<const ServedSite>(std::move(next));
    std::lock_guard<std::mutex> lock(site_mutex);
    site = std::move(p);
  };
  EventHub hub;
  std::string source_root = options.source;

  // A ServedSite from the build's output, without static files that lead outside the site.
  auto served_from_build = [&] {
    OutputSet files = build.files();
    for (const std::string& rel : escaping_statics(source_root, build.config().static_dir, build.static_files())) {
      console.err(fmt::format("reel: warning: {}/{} is a link to a file outside the site; serve leaves it out\n",
                              build.config().static_dir, rel));
      files.erase(rel);
    }
    return make_served_site(files, build.config(), generation(), true);
  };
  // The served site after an update: only the changed files are made again.
  auto served_after = [&](const BuildResult& r) {
    std::shared_ptr<const ServedSite> previous = current_site();
    if (r.full || !previous || !previous->error_page.empty()) return served_from_build();
    std::vector<std::string> changed = r.changed, removed = r.removed;
    for (const std::string& rel : escaping_statics(source_root, build.config().static_dir, build.static_files())) {
      console.err(fmt::format("reel: warning: {}/{} is a link to a file outside the site; serve leaves it out\n",
                              build.config().static_dir, rel));
      changed.erase(std::remove(changed.begin(), changed.end(), rel), changed.end());
      removed.push_back(rel);
    }
    return update_served_site(*previous, build.files(), changed, removed, generation());
  };
  bool failing = false;  // the last build failed; touched only by the building thread
  auto report_failure = [&](const BuildResult& r) {
    failing = true;
    console.err(r.diags.format(options.diagnostics));
    std::size_t n = r.diags.error_count();
    if (options.diagnostics == DiagnosticsFormat::kText)  // json: stderr holds JSON objects only
      console.err(fmt::format("reel: build failed with {}; {}\n", plural(n, "error"),
                            built ? "still serving the last good site" : "serving a page that shows the errors"));
    std::string errors = diagnostics_json(r.diags);
    if (!built) {
      ServedSite error_site;
      error_site.live_reload = true;
      error_site.base_path = build.config().base_path.empty() ? "/" : build.config().base_path;
      error_site.error_page = build_error_page(r.diags, generation());
      swap_site(std::move(error_site));
    }
    hub.publish(sse_message("build-error", errors), sse_message("hello", hello_json(generation(), errors)));
  };

  auto start = Clock::now();
  BuildResult first = build.run();
  if (first.ok) {
    ++built;
    swap_site(served_from_build());
    hub.set_hello(sse_message("hello", hello_json(generation(), "")));
    console.err(first.diags.format(options.diagnostics));
    console.err(first.gaps.format(options.diagnostics));
    console.out(fmt::format("reel: built {} in {:.1f} ms (in memory: serve writes no files)\n", plural(first.pages, "page"),
                            ms_since(start)));
  } else {
    report_failure(first);
  }

  std::unique_ptr<Watcher> watcher;
  try {
    WatchOptions wopts;
    wopts.force_polling = options.poll;
    watcher = Watcher::create(options.source, {"site.yaml", "content", "templates", "static"}, wopts);
  } catch (const Error& e) {
    console.err(options.diagnostics == DiagnosticsFormat::kJson ? e.diagnostic().format_json() + "\n"
                                                                : e.diagnostic().format());
    restore_signals();
    return 1;
  }

  HttpLimits limits;
  auto answer = [&](const ListenerRequest& req) {
    HttpRequest request;
    request.method = req.method;
    request.target = req.target;
    request.headers = req.headers;
    std::shared_ptr<const ServedSite> served = current_site();
    HttpResponse r = handle(request, *served, limits);
    ListenerReply res;
    res.status = r.status;
    for (auto& [k, v] : r.headers) {
      if (k == "Content-Type") res.content_type = v;
      else res.headers.emplace_back(k, v);
    }
    if (r.event_stream) {
      res.kind = ListenerReply::Kind::kStream;
      auto cursor = std::make_shared<std::uint64_t>(0);
      // "retry" makes pages reconnect within a second when serve restarts.
      auto pending = std::make_shared<std::string>("retry: 1000\n\n" + hub.subscribe(*cursor));
      res.stream = [&hub, cursor, pending](const ListenerReply::Write& write) {
        if (!pending->empty()) {
          bool ok = write(*pending);
          pending->clear();
          return ok;
        }
        std::vector<std::string> messages;
        // Closed: serve is stopping; drop the connection at once (false) rather than
        // end the stream and wait for the connection's next request.
        if (!hub.wait(*cursor, messages, std::chrono::seconds(15))) return false;
        if (messages.empty()) messages.emplace_back(": keep-alive\n\n");
        for (const std::string& m : messages) {
          if (!write(m)) return false;
        }
        return true;
      };
    } else if (req.method == "HEAD") {
      // No content, but the Content-Length a GET would get (RFC 9110 §9.3.2).
      res.kind = ListenerReply::Kind::kHead;
      res.head_length = r.content_length;
    } else {
      res.body = std::move(r.body);
    }
    return res;
  };

  std::string served_base = site ? site->base_path : std::string("/");
  std::string url = origin + served_base;
  console.out(fmt::format("reel: serving {} at {} (watching with {}; Ctrl-C to stop)\n", options.source, url, watcher->kind()));
  if (options.open) open_browser(url, console);

  std::atomic<bool> stopping{false};
  std::atomic<bool> listen_done{false};

  std::thread rebuilder([&] {
    while (!stopping) {
      std::vector<FileChange> changes = watcher->wait(std::chrono::milliseconds(500));
      if (changes.empty() || stopping) continue;
      auto t = Clock::now();
      // What the writer changed, for the terminal (editors' temporary files left out).
      std::vector<std::string> relevant;
      for (const FileChange& c : changes) {
        if (c.is_dir || classify_change(build.config(), c.path) != ChangeKind::kIgnored) relevant.push_back(c.path);
      }
      BuildResult r = build.update(changes);
      std::string what = relevant.size() == 1 ? (relevant[0].empty() ? std::string("the site") : relevant[0])
                                              : plural(relevant.size(), "file");
      if (!r.ok) {
        report_failure(r);
        continue;
      }
      bool recovered = failing;
      failing = false;
      // Nothing a reader sees changed (a file saved as it was): no reload, unless pages
      // show an error that is now gone.
      if (r.changed.empty() && r.removed.empty() && !recovered) continue;
      ++built;
      swap_site(served_after(r));
      std::vector<std::string> touched = r.changed;
      touched.insert(touched.end(), r.removed.begin(), r.removed.end());
      std::string data = changes_json(generation(), touched, build.config().base_path);
      bool css = only_stylesheets(touched) && r.removed.empty();
      hub.publish(sse_message(css ? "css" : "reload", data), sse_message("hello", hello_json(generation(), "")));
      console.err(r.diags.format(options.diagnostics));
      console.out(fmt::format("reel: {} changed: rebuilt in {:.1f} ms{}, {} changed\n", what, ms_since(t),
                              r.full ? " (everything)" : "", plural(touched.size(), "file")));
      std::string base = current_site()->base_path;
      if (base != served_base) {
        served_base = base;
        console.out(fmt::format("reel: site.yaml moved the site: it is now at {}{}\n", origin, base));
      }
    }
  });

  std::thread signal_taker([&] {
    while (!listen_done) {
      timespec wait{0, 200 * 1000 * 1000};
      int sig = sigtimedwait(&stop_signals, nullptr, &wait);
      if (sig != SIGINT && sig != SIGTERM) continue;
      stopping = true;
      break;
    }
    stopping = true;
    hub.close();
    watcher->stop();
    // Stop the server once it runs (it may be about to start).
    auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!listen_done && !server.is_running() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (server.is_running()) server.stop();
  });

  if (!stopping) server.listen(answer);
  listen_done = true;
  stopping = true;
  signal_taker.join();
  rebuilder.join();
  restore_signals();
  console.out("reel: stopped\n");
  return 0;
}

}  // namespace reel
