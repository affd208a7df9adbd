// A real HTTP server on 127.0.0.1 for tests: runs tests/support/http_server.py in a child process.
// See that script for the special paths (/__status/NNN, /__slow/N, /__stats, ...).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace testsupport {

/// Starts the server on construction and stops it (SIGTERM, then SIGKILL) on destruction.
/// The child also dies with the thread that started it (PR_SET_PDEATHSIG), so a crashed test
/// leaves no server behind; construct it on a thread that outlives its use (e.g. the test's). Files under `root_dir` are
/// read on every request, so tests may add or change them while the server runs.
/// Thread-safe after construction: the accessors are const and open their own connections.
class HttpServer {
 public:
  /// Forks python3 and waits (at most 10 s) until it reports its port; throws
  /// std::runtime_error when it does not come up.
  explicit HttpServer(std::string root_dir);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The ephemeral port the server listens on.
  int port() const { return port_; }
  /// "http://127.0.0.1:<port>" + path; `path` should start with '/'.
  std::string url(std::string_view path) const;
  /// The body of GET /__stats: {path: {"requests": n, "200": n, "304": n, ...}}.
  std::string stats_json() const;
  /// stats[path][key] (key "requests" or a status such as "304"); 0 when never seen.
  int count(std::string_view path, std::string_view key = "requests") const;
  /// GET `path` with a blocking client (2 s timeout); returns the body, or "" on failure.
  std::string get(std::string_view path) const;

 private:
  void wait_for_port();
  void stop();

  std::string root_dir_;
  std::string work_dir_;   // holds the port file
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace testsupport
