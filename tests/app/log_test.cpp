// Logging as journald receives it: this test plays journald's part with a datagram socket at the
// journal's address and reads the entry the daemon's logger sends. Skips where a real journald
// runs (the address is taken) or where the test may not create it.
#include "app/log.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace {

constexpr const char* kJournalSocket = "/run/systemd/journal/socket";

class FakeJournal {
 public:
  bool open() {
    std::error_code ec;
    if (std::filesystem::exists(kJournalSocket)) return false;
    std::filesystem::create_directories(std::filesystem::path(kJournalSocket).parent_path(), ec);
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, kJournalSocket, sizeof addr.sun_path - 1);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return false;
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return bound_ = true;
  }
  std::string receive() {
    char buf[65536];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }
  ~FakeJournal() {
    if (fd_ >= 0) close(fd_);
    if (bound_) std::filesystem::remove(kJournalSocket);
  }

 private:
  int fd_ = -1;
  bool bound_ = false;
};

// Given the daemon runs under systemd, we should send each entry to the journal with its
// priority and the source and item id as structured fields.
TEST(Log, JournalEntriesCarryPriorityAndStructuredFields) {
#ifndef NEWSWATCH_HAVE_SYSTEMD
  GTEST_SKIP() << "built without libsystemd";
#endif
  FakeJournal journal;
  if (!journal.open()) GTEST_SKIP() << "cannot stand in for journald at " << kJournalSocket;
  setenv("JOURNAL_STREAM", "8:12345", 1);  // what systemd sets for a service whose stderr is the journal
  app::log::warning("fetch source=wire outcome=timeout", {.source = "wire", .item_id = "urn:x:1"});
  std::string entry = journal.receive();
  EXPECT_NE(entry.find("MESSAGE=fetch source=wire outcome=timeout\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("PRIORITY=4\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("NEWSWATCH_SOURCE=wire\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("NEWSWATCH_ITEM_ID=urn:x:1"), std::string::npos) << entry;
  EXPECT_NE(entry.find("SYSLOG_IDENTIFIER=newswatchd\n"), std::string::npos) << entry;
}

}  // namespace
