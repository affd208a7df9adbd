#include "app/cli.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli_extract.h"
#include "app/daemon.h"
#include "app/profiles.h"
#include "config/config.h"
#include "core/version.h"
#include "parse/parser.h"

namespace app {
namespace {

constexpr int kUsageError = 2;

const char* const kHelp = R"(newswatchd — finds news about Iran–Russia treaties and agreements and publishes each item once to Kafka

Usage:
  newswatchd run -c FILE            run the daemon with the config FILE
  newswatchd check-config -c FILE   report every problem in FILE (and its profiles); exit 2 if any
  newswatchd classify [-p PROFILE]  JSON Lines {"id","title","text"} on stdin → one verdict per line on stdout
                                    (-p may repeat; default: the built-in iran-russia-treaty profile)
  newswatchd parse-feed [--url URL] [--content-type CT] [--content-location CL] [--content-language LANG] FILE
                                    parse one feed file and print it as JSON
  newswatchd extract [--url URL] [--content-type CT] [--json] FILE
                                    print the main text of a saved HTML page (FILE '-': stdin); --json adds metadata
  newswatchd discover URL           fetch a home page and print the feeds it advertises, one URL a line
  newswatchd --version              print the version
  newswatchd --help                 print this help

Exit codes: 0 success, 1 runtime failure, 2 bad usage or invalid configuration.
Docs: README.md and config/newswatch.example.yaml.
)";

int usage(const std::string& problem) {
  std::cerr << "newswatchd: " << problem << "\nTry 'newswatchd --help'.\n";
  return kUsageError;
}

// Parses "--name VALUE" / "-n VALUE" options; the rest are positional. Returns false on a bad option.
bool parse_options(const std::vector<std::string>& args, const std::map<std::string, std::string>& names,
                   std::multimap<std::string, std::string>& options, std::vector<std::string>& positional,
                   std::string& problem) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 1 && a[0] == '-') {
      auto it = names.find(a);
      if (it == names.end()) return problem = "unknown option '" + a + "'", false;
      if (i + 1 >= args.size()) return problem = "option '" + a + "' needs a value", false;
      options.emplace(it->second, args[++i]);
    } else {
      positional.push_back(a);
    }
  }
  return true;
}

// Loads the config and its profiles, printing every problem; nullopt when anything is wrong.
std::optional<config::Config> load_checked(const std::string& path) {
  config::LoadResult r = config::load_file(path);
  std::vector<std::string> errors = r.errors;
  load_filters(r.profiles, errors);
  if (r.config) check_selectors(*r.config, errors);
  for (const auto& e : errors) std::cerr << e << "\n";
  if (!errors.empty()) return std::nullopt;
  return r.config;
}

std::optional<std::string> config_path(const std::vector<std::string>& args, std::string& problem) {
  std::multimap<std::string, std::string> opts;
  std::vector<std::string> rest;
  if (!parse_options(args, {{"-c", "config"}, {"--config", "config"}}, opts, rest, problem)) return std::nullopt;
  if (!rest.empty()) return problem = "unexpected argument '" + rest.front() + "'", std::nullopt;
  if (opts.count("config") != 1) return problem = "exactly one -c FILE is required", std::nullopt;
  return opts.find("config")->second;
}

int cmd_run(const std::vector<std::string>& args) {
  std::string problem;
  auto path = config_path(args, problem);
  if (!path) return usage(problem);
  auto cfg = load_checked(*path);
  if (!cfg) return kUsageError;
  return run_daemon(*cfg);
}

int cmd_check_config(const std::vector<std::string>& args) {
  std::string problem;
  auto path = config_path(args, problem);
  if (!path) return usage(problem);
  auto cfg = load_checked(*path);
  if (!cfg) return kUsageError;
  std::cout << *path << ": OK (" << cfg->sources.size() << " sources, " << cfg->profiles.size() << " profiles)\n";
  return 0;
}

nlohmann::json verdict_json(const std::string& id, const classify::Verdict& v) {
  auto evidence = nlohmann::json::array();
  for (const auto& e : v.evidence)
    evidence.push_back({{"term", e.term}, {"role", e.role}, {"field", e.field}, {"sentence", e.sentence}});
  return {{"id", id},          {"match", v.match},       {"score", v.score},
          {"evidence", evidence}, {"language", v.language}, {"stage", v.stage.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.stage)},
          {"profile", v.profile}};
}

// One line of classify input → one line of output; a bad line gets an {"error"} line, not a crash.
nlohmann::json classify_line(const FilterSet& filters, const std::string& line) {
  auto in = nlohmann::json::parse(line, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return {{"error", "not a JSON object"}};
  auto field = [&](const char* k) { return in.contains(k) && in[k].is_string() ? in[k].get<std::string>() : std::string(); };
  classify::Document doc{field("id"), field("title"), field("text"), field("language")};
  classify::Verdict best;
  for (const auto& f : filters) {
    classify::Verdict v = f->classify(doc);
    if ((v.match && !best.match) || (v.match == best.match && v.score > best.score) || best.profile.empty()) best = v;
  }
  return verdict_json(doc.id, best);
}

int cmd_classify(const std::vector<std::string>& args) {
  std::multimap<std::string, std::string> opts;
  std::vector<std::string> rest;
  std::string problem;
  if (!parse_options(args, {{"-p", "profile"}, {"--profile", "profile"}}, opts, rest, problem)) return usage(problem);
  if (!rest.empty()) return usage("unexpected argument '" + rest.front() + "'");
  std::vector<std::string> paths;
  for (auto [it, end] = opts.equal_range("profile"); it != end; ++it) paths.push_back(it->second);
  std::vector<std::string> errors;
  auto filters = paths.empty() ? default_filters(errors) : load_filters(paths, errors);
  for (const auto& e : errors) std::cerr << e << "\n";
  if (!errors.empty()) return kUsageError;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::cout << classify_line(*filters, line).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

int cmd_parse_feed(const std::vector<std::string>& args) {
  std::multimap<std::string, std::string> opts;
  std::vector<std::string> rest;
  std::string problem;
  const std::map<std::string, std::string> names{{"--url", "url"},
                                                 {"--content-type", "content_type"},
                                                 {"--content-location", "content_location"},
                                                 {"--content-language", "content_language"}};
  if (!parse_options(args, names, opts, rest, problem)) return usage(problem);
  if (rest.size() != 1) return usage("parse-feed needs exactly one FILE");
  std::ifstream in(rest[0], std::ios::binary);
  if (!in) return std::cerr << "newswatchd: cannot read " << rest[0] << "\n", 1;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto opt = [&](const char* k) { auto it = opts.find(k); return it == opts.end() ? std::string() : it->second; };
  parse::HttpContext http{opt("url"), opt("content_type"), opt("content_location"), opt("content_language")};
  std::cout << parse::to_conformance_json(parse::parse_feed(bytes.str(), http)) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage("a subcommand is required");
  const std::string cmd = args.front();
  args.erase(args.begin());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") return std::cout << kHelp, 0;
  if (cmd == "--version" || cmd == "-V") return std::cout << core::kDaemonName << " " << core::kVersion << "\n", 0;
  // One row per subcommand; each takes the arguments after its name and returns the exit code.
  using Command = int (*)(const std::vector<std::string>&);
  static const std::map<std::string, Command> commands{
      {"run", cmd_run},
      {"check-config", cmd_check_config},
      {"classify", cmd_classify},
      {"parse-feed", cmd_parse_feed},
      {"extract", cmd_extract},
      {"discover", cmd_discover},
  };
  auto it = commands.find(cmd);
  if (it == commands.end()) return usage("unknown subcommand '" + cmd + "'");
  return it->second(args);
}

}  // namespace app
