#include "support/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/paths.h"

namespace testsupport {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "newswatch-http-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// In the child: exec the script; never returns. Only async-signal-safe calls between fork and
// exec (the test process may have other threads), so every string is prepared by the parent.
[[noreturn]] void exec_server(const char* script, const char* root, const char* port_file,
                              pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGTERM);  // do not outlive a crashed test
  if (getppid() != parent) _exit(1);  // the parent died before prctl took effect
  execlp("python3", "python3", script, "--root", root, "--port-file", port_file,
         static_cast<char*>(nullptr));
  _exit(127);
}

// Waits up to `limit` for the child to exit; true when it did (and was reaped).
bool reap_within(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(5ms);  // polling a condition with a deadline, not a guess
  }
  return false;
}

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// One HTTP/1.0 GET over a fresh socket; returns the body or "".
std::string blocking_get(int port, std::string_view path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  timeval timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET " + std::string(path) + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, n);
    }
  }
  close(fd);
  const auto body = response.find("\r\n\r\n");
  return body == std::string::npos ? std::string{} : response.substr(body + 4);
}

}  // namespace

HttpServer::HttpServer(std::string root_dir)
    : root_dir_(std::move(root_dir)), work_dir_(make_temp_dir()) {
  const std::string script = source_dir() + "/tests/support/http_server.py";
  const std::string port_file = work_dir_ + "/port";
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) {
    stop();
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) exec_server(script.c_str(), root_dir_.c_str(), port_file.c_str(), parent);
  try {
    wait_for_port();
  } catch (...) {
    stop();
    throw;
  }
}

HttpServer::~HttpServer() { stop(); }

// Stops our child by its PID (never anything else) and removes the port file's directory.
void HttpServer::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    if (!reap_within(pid_, 5000ms)) {
      kill(pid_, SIGKILL);
      reap_within(pid_, 5000ms);
    }
    pid_ = -1;
  }
  std::error_code ignored;
  std::filesystem::remove_all(work_dir_, ignored);
}

// The script writes the port file atomically once it listens.
void HttpServer::wait_for_port() {
  const auto deadline = Clock::now() + 10s;
  const std::string port_file = work_dir_ + "/port";
  while (Clock::now() < deadline) {
    if (std::ifstream in(port_file); in >> port_ && port_ > 0) return;
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;  // already reaped: stop() must not signal a recycled PID
      throw std::runtime_error("http_server.py exited before listening");
    }
    std::this_thread::sleep_for(10ms);
  }
  throw std::runtime_error("http_server.py did not report a port within 10 s");
}

std::string HttpServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::string HttpServer::stats_json() const { return blocking_get(port_, "/__stats"); }

int HttpServer::count(std::string_view path, std::string_view key) const {
  const std::string body =
      blocking_get(port_, "/__count?path=" + percent_encode(path) + "&key=" + percent_encode(key));
  return body.empty() ? 0 : std::atoi(body.c_str());
}

std::string HttpServer::get(std::string_view path) const { return blocking_get(port_, path); }

}  // namespace testsupport
