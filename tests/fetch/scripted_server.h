// A tiny HTTP server on 127.0.0.1 that answers its connections with a script of responses, one per
// request, in order (the last repeats): for "503 now, 200 on the retry", which the file-serving test
// server cannot do. Every response closes its connection. Thread-safe accessors.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace fetchtest {

class ScriptedServer {
 public:
  /// Raw responses without Content-Length and Connection (added here), e.g.
  /// "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n" plus a body after "\r\n".
  struct Reply {
    std::string head;  ///< status line and header lines, each ending in \r\n
    std::string body;
  };

  explicit ScriptedServer(std::vector<Reply> script) : script_(std::move(script)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedServer() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  /// Requests answered so far.
  int requests() const { return requests_; }

 private:
  // Accepts until stopped (checking every 50 ms); at most 1,000 connections.
  void serve() {
    for (int served = 0; !stop_ && served < 1000;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int conn = accept(fd_, nullptr, nullptr);
      if (conn < 0) continue;
      if (read_request(conn)) answer(conn, script_[std::min<std::size_t>(served, script_.size() - 1)]);
      close(conn);
      ++served;
    }
  }
  // Reads up to the blank line that ends the headers (GET has no body); 2 s at most.
  static bool read_request(int conn) {
    std::string got;
    char buf[4096];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{2};
    while (got.find("\r\n\r\n") == std::string::npos && got.size() < 65536 &&
           std::chrono::steady_clock::now() < deadline) {
      pollfd p{conn, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const ssize_t n = recv(conn, buf, sizeof buf, 0);
      if (n <= 0) return false;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return got.find("\r\n\r\n") != std::string::npos;
  }
  void answer(int conn, const Reply& reply) {
    ++requests_;
    const std::string out = reply.head + "Content-Length: " + std::to_string(reply.body.size()) +
                            "\r\nConnection: close\r\n\r\n" + reply.body;
    send(conn, out.data(), out.size(), MSG_NOSIGNAL);
  }

  std::vector<Reply> script_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace fetchtest
