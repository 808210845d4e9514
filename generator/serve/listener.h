// listener: the HTTP server under `reel serve`, behind one small interface. The
// implementation (serve/httplib/, on cpp-httplib) is a module that reel loads when
// `reel serve` starts, so that every other command never pays for loading cpp-httplib
// and what it links (OpenSSL's libssl, zlib, brotli) nor for the OpenSSL set-up its
// library runs as it loads (about 1.5 ms of every process start-up).
//
// The interface holds standard types only: the module sees nothing of reel (no
// reel::Error), as the image module (images/processor.h) does not.
#pragma once

#include <cstddef>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reel {

/// One request as the listener received it.
struct ListenerRequest {
  std::string method;  ///< "GET", "HEAD", …
  std::string target;  ///< the request-target as sent, still percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;  ///< in the order received
};

/// The answer to a request, in one of three shapes (`kind`).
struct ListenerReply {
  enum class Kind {
    kBody,    ///< `body` as the content (none when empty), with `content_type` when not empty
    kHead,    ///< no content; Content-Length says `head_length` (a HEAD request, RFC 9110 §9.3.2)
    kStream,  ///< `stream` writes the content in chunks (Transfer-Encoding: chunked)
  };
  /// Writes one chunk to the client; false when the client is gone.
  using Write = std::function<bool(std::string_view)>;

  int status = 200;
  Kind kind = Kind::kBody;
  /// Header fields other than Content-Type and Content-Length, in order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;     ///< empty: no Content-Type field
  std::string body;             ///< kBody only
  std::size_t head_length = 0;  ///< kHead only: bytes; 0 sends no Content-Length either
  /// kStream only: called again and again, each call writing what is ready (it may
  /// block while nothing is), until it returns false, which ends the connection.
  std::function<bool(const Write& write)> stream;
};

/// How the listener treats connections.
struct ListenerOptions {
  std::size_t threads = 8;            ///< connections served at once (one thread each)
  std::time_t read_timeout_s = 5;     ///< seconds a connection may stay silent while reading
  std::time_t write_timeout_s = 5;    ///< seconds a write may wait on the client
  std::size_t keep_alive_max = 100;   ///< requests per keep-alive connection
  std::time_t keep_alive_timeout_s = 2;  ///< seconds an idle keep-alive connection stays open
  std::size_t payload_max = 64 * 1024;  ///< bytes of request content accepted
};

/// An HTTP/1.1 server on one listening socket. Sockets are made with SO_REUSEADDR only
/// (never SO_REUSEPORT, which would let a second server share a busy port).
class Listener {
 public:
  virtual ~Listener() = default;

  /// Binds `host` (an address or name) at `port`, or at a free port the system picks
  /// when `port` is 0. Returns the port bound, or 0 when it cannot bind (errno says why).
  virtual int bind(const std::string& host, int port) = 0;

  /// The listening socket's file descriptor, once bound (for listen(2)'s backlog).
  virtual int socket_fd() const = 0;

  /// Serves every request with `handler` (called on the connection's thread, several at
  /// once) until stop(). Returns false when the socket was not bound.
  virtual bool listen(std::function<ListenerReply(const ListenerRequest&)> handler) = 0;

  /// True while listen() serves.
  virtual bool is_running() const = 0;

  /// Makes listen() return; safe from any thread.
  virtual void stop() = 0;
};

/// A new listener from the module `reel-httplib.so`, loaded on the first call
/// (thread-safe) from beside the running executable, or from `REEL_HTTP_MODULE` (a file
/// path) when set. Throws reel::Error when the module cannot be loaded.
std::unique_ptr<Listener> make_listener(const ListenerOptions& options);

/// The name of the module's entry point: `extern "C" reel::Listener*
/// reel_http_listener(const reel::ListenerOptions*)`, which returns a new listener the
/// caller owns (deleted through the virtual destructor).
inline constexpr const char* kListenerEntryPoint = "reel_http_listener";

}  // namespace reel
