#include "metrics/http_server.h"

#include <civetweb.h>

#include <cstring>
#include <mutex>

namespace metrics {
namespace {

// civetweb keeps global state that must be initialised once per process.
void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mg_init_library(0); });
}

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

void respond(mg_connection* conn, const HttpResponse& r, bool head) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nCache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            r.status, reason(r.status), r.content_type.c_str(), r.body.size());
  if (!head) mg_write(conn, r.body.data(), r.body.size());
}

}  // namespace

std::unique_ptr<HttpServer> HttpServer::start(const std::string& listen, std::map<std::string, Handler> routes,
                                              std::string& error) {
  init_library();
  std::unique_ptr<HttpServer> server(new HttpServer());
  server->routes_ = std::move(routes);
  // Two workers are plenty for a scrape every few seconds and a person looking at the page.
  const char* options[] = {"listening_ports", listen.c_str(), "num_threads", "2", "request_timeout_ms", "10000",
                           "enable_keep_alive", "no", nullptr};
  mg_callbacks callbacks{};
  callbacks.log_message = [](const mg_connection*, const char*) { return 1; };  // we report errors ourselves
  server->ctx_ = mg_start(&callbacks, nullptr, options);
  if (!server->ctx_) {
    error = "cannot serve HTTP on " + listen + " (address in use or invalid)";
    return nullptr;
  }
  mg_set_request_handler(server->ctx_, "/", &HttpServer::dispatch, server.get());
  mg_server_port ports[4];
  int n = mg_get_server_ports(server->ctx_, 4, ports);
  server->port_ = n > 0 ? ports[0].port : 0;
  return server;
}

HttpServer::~HttpServer() {
  if (ctx_) mg_stop(ctx_);
}

int HttpServer::dispatch(mg_connection* conn, void* self) {
  const auto* server = static_cast<const HttpServer*>(self);
  const mg_request_info* info = mg_get_request_info(conn);
  bool head = std::strcmp(info->request_method, "HEAD") == 0;
  if (!head && std::strcmp(info->request_method, "GET") != 0) {
    respond(conn, {405, "text/plain; charset=utf-8", "method not allowed\n"}, false);
    return 405;
  }
  auto it = server->routes_.find(info->local_uri ? info->local_uri : "");
  if (it == server->routes_.end()) {
    respond(conn, {404, "text/plain; charset=utf-8", "not found\n"}, head);
    return 404;
  }
  HttpResponse r = it->second();
  respond(conn, r, head);
  return r.status;
}

}  // namespace metrics
