// The HTTP listener of `reel serve` on cpp-httplib (serve/listener.h): built as the
// module reel-httplib.so, which reel loads only when it serves.
#include <sys/socket.h>

#include <httplib.h>

#include "serve/listener.h"

namespace reel {
namespace {

/// cpp-httplib's server, with the listening socket reachable: Debian's build fixes the
/// listen backlog at 5, too short for a burst of connections (wrk's 200); serve raises it.
class Server : public httplib::Server {
 public:
  int socket_fd() const { return static_cast<int>(svr_sock_); }
};

class HttplibListener final : public Listener {
 public:
  explicit HttplibListener(const ListenerOptions& options) {
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    std::size_t threads = options.threads;
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_.set_read_timeout(options.read_timeout_s, 0);
    server_.set_write_timeout(options.write_timeout_s, 0);
    server_.set_keep_alive_max_count(options.keep_alive_max);
    server_.set_keep_alive_timeout(options.keep_alive_timeout_s);
    server_.set_payload_max_length(options.payload_max);
  }

  int bind(const std::string& host, int port) override {
    if (port == 0) {
      int bound = server_.bind_to_any_port(host);
      return bound > 0 ? bound : 0;
    }
    return server_.bind_to_port(host, port) ? port : 0;
  }

  int socket_fd() const override { return server_.socket_fd(); }

  bool listen(std::function<ListenerReply(const ListenerRequest&)> handler) override {
    server_.set_pre_routing_handler([handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
      ListenerRequest request;
      request.method = req.method;
      request.target = req.target;
      for (const auto& [k, v] : req.headers) request.headers.emplace_back(k, v);
      ListenerReply r = handler(request);
      res.status = r.status;
      for (const auto& [k, v] : r.headers) res.set_header(k, v);
      switch (r.kind) {
        case ListenerReply::Kind::kStream:
          res.set_chunked_content_provider(r.content_type, [stream = std::move(r.stream)](std::size_t, httplib::DataSink& sink) {
            return stream([&sink](std::string_view chunk) { return sink.write(chunk.data(), chunk.size()); });
          });
          break;
        case ListenerReply::Kind::kHead:
          if (r.head_length > 0) {
            res.set_content_provider(r.head_length, r.content_type,
                                     [](std::size_t, std::size_t, httplib::DataSink&) { return true; });
          } else if (!r.content_type.empty()) {
            res.set_header("Content-Type", r.content_type);
          }
          break;
        case ListenerReply::Kind::kBody:
          if (!r.body.empty() || !r.content_type.empty()) {
            res.body = std::move(r.body);
            if (!r.content_type.empty()) res.set_header("Content-Type", r.content_type);
          }
          break;
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    return server_.listen_after_bind();
  }

  bool is_running() const override { return server_.is_running(); }

  void stop() override { server_.stop(); }

 private:
  Server server_;
};

}  // namespace
}  // namespace reel

extern "C" __attribute__((visibility("default"))) reel::Listener* reel_http_listener(const reel::ListenerOptions* options) {
  return new reel::HttplibListener(*options);
}
