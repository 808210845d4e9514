// Test support for `reel serve`: run the real binary in the background (stopped with
// SIGTERM, always, when the test ends), wait for the URL it prints, and talk HTTP to it
// over loopback with raw sockets, so that a test sends exactly the bytes it means
// (traversal forms, NULs) and reads an event stream. Every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "support/process.h"

namespace reel::test {

using std::chrono::milliseconds;

/// `reel ARGS…` running in the background, its output captured into files.
class BackgroundReel {
 public:
  /// Starts REEL_BINARY with `args` in `cwd`; stdin is /dev/null.
  BackgroundReel(std::vector<std::string> args, const std::filesystem::path& cwd) {
    out_path_ = io_ / "out";
    err_path_ = io_ / "err";
    pid_ = fork();
    if (pid_ == 0) {
      int in = ::open("/dev/null", O_RDONLY);
      int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(in, 0);
      dup2(out, 1);
      dup2(err, 2);
      if (chdir(cwd.c_str()) != 0) _exit(127);
      std::vector<char*> argv;
      std::string bin = REEL_BINARY;
      argv.push_back(bin.data());
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(127);
    }
  }
  ~BackgroundReel() { stop(); }
  BackgroundReel(const BackgroundReel&) = delete;
  BackgroundReel& operator=(const BackgroundReel&) = delete;

  std::string out() const { return slurp(out_path_); }
  std::string err() const { return slurp(err_path_); }

  /// Waits (at most `timeout`) until standard output holds `needle`.
  bool wait_for_output(const std::string& needle, milliseconds timeout = milliseconds(10000)) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (out().find(needle) != std::string::npos) return true;
      if (exited()) return out().find(needle) != std::string::npos;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return false;
  }

  /// The URL of the line "reel: serving … at URL (…", once printed (at most 10 s), else "".
  std::string url() const {
    if (!wait_for_output(" (watching with ")) return {};
    std::string o = out();
    std::size_t at = o.find(" at http://");
    if (at == std::string::npos) return {};
    std::size_t end = o.find(' ', at + 4);
    return o.substr(at + 4, end - at - 4);
  }

  /// True once the process has ended; its exit code is then exit_code().
  bool exited() const {
    if (status_ >= 0) return true;
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      return true;
    }
    return false;
  }
  int exit_code() const { return status_; }

  /// Sends `sig` (SIGTERM) and waits (at most `timeout`) for the exit; SIGKILL after
  /// that. Returns the exit code (128 + signal when killed).
  int stop(milliseconds timeout = milliseconds(5000), int sig = SIGTERM) {
    if (pid_ <= 0 || exited()) return status_;
    kill(pid_, sig);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!exited() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(milliseconds(10));
    if (!exited()) {
      kill(pid_, SIGKILL);
      int st = 0;
      waitpid(pid_, &st, 0);
      status_ = 128 + SIGKILL;
    }
    return status_;
  }

 private:
  TempDir io_;
  std::filesystem::path out_path_, err_path_;
  pid_t pid_ = -1;
  mutable int status_ = -1;
};

/// "http://127.0.0.1:PORT/base/" → its port (0 if none).
inline int port_of(const std::string& url) {
  std::size_t colon = url.find(':', 7);
  return colon == std::string::npos ? 0 : std::atoi(url.c_str() + colon + 1);
}

/// A connected loopback socket to `port`, or -1.
inline int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// Reads from `fd` until `done(received)` or the peer closes or `timeout` passes.
template <typename Done>
inline std::string read_until(int fd, milliseconds timeout, Done done) {
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[8192];
  while (!done(got)) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

struct RawResponse {
  int status = 0;
  std::string head;  ///< status line and header fields
  std::string body;

  /// The value of header `name` (exact case as reel sends it), or "".
  std::string header(const std::string& name) const {
    std::size_t at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    std::size_t start = at + name.size() + 4;
    return head.substr(start, head.find("\r\n", start) - start);
  }
};

/// Sends `METHOD TARGET HTTP/1.1` with `extra` header lines (each ending "\r\n"), with
/// "Connection: close", and reads the whole answer (at most 5 s).
inline RawResponse raw_request(int port, const std::string& target, const std::string& method = "GET",
                               const std::string& extra = {}) {
  RawResponse r;
  int fd = connect_loopback(port);
  if (fd < 0) return r;
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" + extra +
                    "Connection: close\r\n\r\n";
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string got = read_until(fd, milliseconds(5000), [](const std::string&) { return false; });
  ::close(fd);
  std::size_t end = got.find("\r\n\r\n");
  if (got.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return r;
  r.status = std::atoi(got.c_str() + 9);
  r.head = got.substr(0, end + 2);
  r.body = got.substr(end + 4);
  return r;
}

/// An open connection to the live-reload event stream.
class EventStream {
 public:
  explicit EventStream(int port) : fd_(connect_loopback(port)) {
    std::string req = "GET /__reel/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    if (fd_ >= 0) ::send(fd_, req.data(), req.size(), MSG_NOSIGNAL);
  }
  ~EventStream() {
    if (fd_ >= 0) ::close(fd_);
  }
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  /// Reads until everything received so far holds `needle` (at most `timeout`); true if found.
  bool wait_for(const std::string& needle, milliseconds timeout = milliseconds(10000)) {
    if (received_.find(needle, seen_) != std::string::npos) return mark(needle);
    received_ += read_until(fd_, timeout, [&](const std::string& more) {
      return (received_ + more).find(needle, seen_) != std::string::npos;
    });
    return received_.find(needle, seen_) != std::string::npos && mark(needle);
  }
  /// Everything received so far.
  const std::string& received() const { return received_; }

 private:
  bool mark(const std::string& needle) {
    seen_ = received_.find(needle, seen_) + needle.size();
    return true;
  }
  int fd_;
  std::string received_;
  std::size_t seen_ = 0;  ///< wait_for looks only after what an earlier wait_for found
};

/// Polls `fetch()` (at most `timeout`) until `ok(result)`; returns the last result.
template <typename Fetch, typename Ok>
inline auto poll_until(Fetch fetch, Ok ok, milliseconds timeout = milliseconds(10000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto r = fetch();
  while (!ok(r) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(25));
    r = fetch();
  }
  return r;
}

}  // namespace reel::test
