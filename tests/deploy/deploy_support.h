// What the operations tests share: HTTP on loopback, a running newswatchd with its own config,
// the tools they drive (promtool, prometheus, chromium, systemd-analyze) and a systemd notify
// socket that records what the daemon tells systemd.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/daemon_harness.h"
#include "support/http_server.h"
#include "support/process.h"

namespace deploy {

using testsupport::HttpReply;
/// GET with a 5 s timeout.
inline HttpReply http_get(const std::string& url) { return testsupport::http_fetch(url); }

/// True when `tool` is on PATH.
bool have(const std::string& tool);
/// A fresh empty directory under the system temp dir.
inline std::string make_temp_dir() { return testsupport::make_temp_dir("newswatch-deploy"); }
/// Writes `text` to `path`.
void write_file(const std::string& path, const std::string& text);
/// Sum of every sample of `name` whose line contains all `labels`; -1 when there is none.
inline double metric(const std::string& scrape, const std::string& name, const std::vector<std::string>& labels = {}) {
  return testsupport::metric_value(scrape, name, labels).value_or(-1);
}
/// Metric family names in a scrape (`# TYPE` lines).
std::vector<std::string> families(const std::string& scrape);
/// newswatch_* names used in PromQL expressions found in `text` (histogram suffixes kept).
std::vector<std::string> metric_names_in(const std::string& text);
/// deploy/ in the source tree.
std::string deploy_dir();

/// A datagram socket standing in for systemd's NOTIFY_SOCKET.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path);
  ~NotifySocket();
  const std::string& path() const { return path_; }
  /// Every message received so far (reads what is waiting, without blocking).
  const std::vector<std::string>& messages();
  /// True once a message containing `needle` arrived, waiting at most `seconds`.
  bool wait_for(const std::string& needle, int seconds);

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

/// A newswatchd run with the embedded broker and the given sources (name, url), polled every second.
class Daemon {
 public:
  Daemon(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& sources,
         const std::string& notify_socket = "");
  ~Daemon();
  /// Rewrites the config file with other sources (for a reload), or with `raw` text.
  void write_config(const std::vector<std::pair<std::string, std::string>>& sources);
  void write_raw_config(const std::string& raw);
  void signal(int sig) { process_->signal(sig); }
  /// SIGTERM, then the exit code (nullopt if it did not exit within 30 s).
  std::optional<int> stop();
  std::string url(const std::string& path) const;
  std::string scrape() const { return http_get(url("/metrics")).body; }
  std::string log() const;
  /// Waits until /readyz answers 200.
  bool wait_ready(int seconds) const;
  const std::string& config_path() const { return config_; }

 private:
  std::string dir_, config_;
  int port_ = 0;
  std::unique_ptr<testsupport::Process> process_;
};

}  // namespace deploy
