// systemd notifications (sd_notify): READY, STATUS, WATCHDOG, RELOADING, STOPPING.
// Harmless when not started by systemd (NOTIFY_SOCKET unset): every call is then a no-op.
#pragma once

#include <string_view>

namespace app::notify {

void ready(std::string_view status);
void status(std::string_view status);
void watchdog();
void reloading();
void stopping(std::string_view status);

}  // namespace app::notify
