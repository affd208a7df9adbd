// A small HTTP server for the daemon's own endpoints (/metrics, /healthz, /readyz, /), built on
// civetweb. Internal to metrics/: the rest of the daemon sees only Metrics::listen()/port().
//
// Handlers run on the server's worker threads; they must be thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

struct mg_context;
struct mg_connection;

namespace metrics {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse()>;

  /// Serves GET/HEAD for each exact path in `routes` (anything else is 404) on `listen`
  /// ("host:port", port 0 = any free port). Returns nullptr with `error` set when it cannot bind.
  static std::unique_ptr<HttpServer> start(const std::string& listen, std::map<std::string, Handler> routes,
                                           std::string& error);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }

 private:
  HttpServer() = default;
  static int dispatch(::mg_connection* conn, void* self);

  mg_context* ctx_ = nullptr;
  std::map<std::string, Handler> routes_;
  int port_ = 0;
};

}  // namespace metrics
