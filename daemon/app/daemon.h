// `newswatchd run`: the long-running service.
#pragma once

#include "config/config.h"

namespace app {

/// Runs until SIGTERM or SIGINT; returns the process exit code (0 after a clean drain).
/// SIGHUP re-reads the config file and profiles; on error the running config stays.
int run_daemon(const config::Config& cfg);

}  // namespace app
