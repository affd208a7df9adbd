#include "app/notify.h"

#include <string>
#include <ctime>

#ifdef NEWSWATCH_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace app::notify {
namespace {

void send(const std::string& state) {
#ifdef NEWSWATCH_HAVE_SYSTEMD
  sd_notify(0, state.c_str());
#else
  (void)state;
#endif
}

std::string monotonic_usec() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::to_string(static_cast<long long>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000);
}

}  // namespace

void ready(std::string_view s) { send("READY=1\nSTATUS=" + std::string(s)); }
void status(std::string_view s) { send("STATUS=" + std::string(s)); }
void watchdog() { send("WATCHDOG=1"); }
void reloading() { send("RELOADING=1\nMONOTONIC_USEC=" + monotonic_usec()); }
void stopping(std::string_view s) { send("STOPPING=1\nSTATUS=" + std::string(s)); }

}  // namespace app::notify
