#include "support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace testsupport {
namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> v;
  for (const auto& a : argv) v.push_back(const_cast<char*>(a.c_str()));
  v.push_back(nullptr);
  return v;
}

std::optional<int> exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return std::nullopt;
}

// Reads what is available from `fd` into `out`; false at EOF.
bool drain(int fd, std::string& out) {
  char buf[65536];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n > 0) out.append(buf, static_cast<std::size_t>(n));
  return n > 0 || (n < 0 && errno == EINTR);
}

}  // namespace

Process::Process(const std::vector<std::string>& argv, const std::string& log_path) {
  auto args = c_argv(argv);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execvp(args[0], args.data());
    _exit(127);
  }
}

Process::~Process() {
  if (pid_ > 0 && !status_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void Process::signal(int sig) {
  if (pid_ > 0 && !status_) kill(pid_, sig);
}

std::optional<int> Process::wait_for_exit(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  bool exited = eventually([&] {
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) != pid_) return false;
    status_ = exit_code_of(st);
    return true;
  }, timeout);
  return exited ? status_ : std::nullopt;
}

RunResult run(const std::vector<std::string>& argv, const std::string& input, std::chrono::milliseconds timeout) {
  ::signal(SIGPIPE, SIG_IGN);  // a child that exits early must not kill the test with SIGPIPE
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) return {};
  auto args = c_argv(argv);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // Small inputs fit the pipe buffer; larger ones are written while we read (below).
  std::size_t written = 0;
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  RunResult r;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool out_open = true, err_open = true;
  if (input.empty()) close(in[1]), written = std::string::npos;
  while ((out_open || err_open) && std::chrono::steady_clock::now() < deadline) {
    if (written != std::string::npos) {
      ssize_t n = write(in[1], input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (written == input.size()) close(in[1]), written = std::string::npos;
    }
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    if (poll(fds, 2, 20) <= 0) continue;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP))) out_open = drain(out[0], r.out);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP))) err_open = drain(err[0], r.err);
  }
  if (written != std::string::npos) close(in[1]);
  close(out[0]);
  close(err[0]);
  int st = 0;
  if (out_open || err_open) kill(pid, SIGKILL);  // timed out
  waitpid(pid, &st, 0);
  r.exit_code = (out_open || err_open) ? -1 : exit_code_of(st).value_or(-1);
  return r;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

}  // namespace testsupport
