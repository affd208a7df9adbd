// The command line: `newswatchd run|check-config|classify|parse-feed|--version|--help`.
#pragma once

namespace app {

/// Dispatches to a subcommand and returns the process exit code:
/// 0 success, 1 runtime failure, 2 bad usage or invalid config.
int main(int argc, char** argv);

}  // namespace app
