// The subcommands over HTML pages: `extract FILE` and `discover URL` (see cli.cpp's table).
#pragma once

#include <string>
#include <vector>

namespace app {

/// `newswatchd extract [--url U] [--content-type CT] [--json] FILE`: the main text of a saved page.
int cmd_extract(const std::vector<std::string>& args);
/// `newswatchd discover URL`: fetches a home page and prints the feeds it advertises, one a line.
int cmd_discover(const std::vector<std::string>& args);

}  // namespace app
