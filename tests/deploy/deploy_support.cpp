#include "deploy/deploy_support.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/daemon_harness.h"
#include "support/paths.h"

namespace deploy {

bool have(const std::string& tool) {
  return testsupport::run({"sh", "-c", "command -v " + tool}, "", std::chrono::seconds(5)).exit_code == 0;
}


void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }


std::vector<std::string> families(const std::string& scrape) {
  std::vector<std::string> out;
  std::istringstream lines(scrape);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) != 0) continue;
    std::string rest = line.substr(7);
    out.push_back(rest.substr(0, rest.find(' ')));
  }
  return out;
}

std::vector<std::string> metric_names_in(const std::string& text) {
  std::set<std::string> names;
  std::regex name(R"(newswatch_[a-z0-9_]+)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it) {
    names.insert(it->str());
  }
  return {names.begin(), names.end()};
}

std::string deploy_dir() { return testsupport::source_dir() + "/deploy"; }

NotifySocket::NotifySocket(const std::string& path) : path_(path) {
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  path.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind " + path);
}

NotifySocket::~NotifySocket() {
  close(fd_);
  unlink(path_.c_str());
}

const std::vector<std::string>& NotifySocket::messages() {
  char buf[4096];
  for (ssize_t n; (n = recv(fd_, buf, sizeof buf, 0)) > 0;) messages_.emplace_back(buf, static_cast<size_t>(n));
  return messages_;
}

bool NotifySocket::wait_for(const std::string& needle, int seconds) {
  return testsupport::eventually(
      [&] {
        for (const auto& m : messages()) {
          if (m.find(needle) != std::string::npos) return true;
        }
        return false;
      },
      std::chrono::seconds(seconds));
}

Daemon::Daemon(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& sources,
               const std::string& notify_socket)
    : dir_(dir), config_(dir + "/newswatch.yaml"), port_(testsupport::free_port()) {
  write_config(sources);
  // The child inherits the environment: NOTIFY_SOCKET only for this start.
  if (!notify_socket.empty()) setenv("NOTIFY_SOCKET", notify_socket.c_str(), 1);
  process_ = std::make_unique<testsupport::Process>(
      std::vector<std::string>{testsupport::daemon_path(), "run", "-c", config_},
      dir_ + "/daemon.log");
  unsetenv("NOTIFY_SOCKET");
}

Daemon::~Daemon() {
  if (process_) stop();
}

void Daemon::write_config(const std::vector<std::pair<std::string, std::string>>& sources) {
  std::ostringstream out;
  out << "sources:\n";
  for (const auto& [name, url] : sources) out << "  - {name: " << name << ", url: \"" << url << "\", interval: 1s}\n";
  out << "kafka:\n  brokers: embedded\n  topic: newswatch.matches\n  flush_timeout: 2s\n";
  out << "metrics:\n  listen: 127.0.0.1:" << port_ << "\n";
  out << "state_dir: " << dir_ << "/state\n";
  out << "profiles: [" << testsupport::source_dir() << "/config/profiles/iran-russia-treaty.yaml]\n";
  write_raw_config(out.str());
}

void Daemon::write_raw_config(const std::string& raw) {
  // Write then rename: a reload never reads a half-written file.
  write_file(config_ + ".tmp", raw);
  std::filesystem::rename(config_ + ".tmp", config_);
}

std::optional<int> Daemon::stop() {
  process_->signal(SIGTERM);
  auto code = process_->wait_for_exit(std::chrono::seconds(30));
  process_.reset();
  return code;
}

std::string Daemon::url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

std::string Daemon::log() const { return testsupport::read_file(dir_ + "/daemon.log"); }

bool Daemon::wait_ready(int seconds) const {
  return testsupport::eventually([&] { return http_get(url("/readyz")).status == 200; }, std::chrono::seconds(seconds));
}

}  // namespace deploy
