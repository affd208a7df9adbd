// Child processes for tests that run the real binaries (newswatchd, kcat, python3).
// Every child is stopped by its own PID; nothing else is ever signalled.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace testsupport {

/// A running child whose stdout and stderr go to `log_path`. The destructor SIGKILLs it if it is
/// still running.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& log_path);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig);
  /// Waits up to `timeout` for the child to exit; its exit code, or nullopt if still running.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

struct RunResult {
  int exit_code = -1;  ///< -1 when the command timed out or could not start
  std::string out;     ///< stdout
  std::string err;     ///< stderr
};

/// Runs a command to completion with `input` on its stdin, bounded by `timeout` (then SIGKILL).
RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
              std::chrono::milliseconds timeout = std::chrono::seconds(60));

/// Waits until `condition()` holds, checking every 50 ms, for at most `timeout`.
template <typename F>
bool eventually(F condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    struct timespec ts{0, 50'000'000};
    nanosleep(&ts, nullptr);
  }
  return condition();
}

/// A TCP port that was free a moment ago on 127.0.0.1.
int free_port();

}  // namespace testsupport
