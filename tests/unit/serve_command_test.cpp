// commands/serve: the helpers of the command itself (the server runs in the
// integration and browser tests).
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/server.h"

using namespace reel;

TEST_CASE("serve command: loopback addresses, which need no warning") {
  for (const char* a : {"127.0.0.1", "127.0.0.2", "127.1.2.3", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"}) {
    CAPTURE(a);
    CHECK(is_loopback_address(a));
  }
  for (const char* a : {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.org", "128.0.0.1", ""}) {
    CAPTURE(a);
    CHECK_FALSE(is_loopback_address(a));
  }
}

TEST_CASE("serve command: the next free port skips a busy one") {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int busy = ntohs(addr.sin_port);
  CHECK(find_free_port("127.0.0.1", busy, 1) == 0);
  int next = find_free_port("127.0.0.1", busy, 20);
  CHECK(next > busy);
  ::close(fd);
}
