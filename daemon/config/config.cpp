#include "config/config.h"

#include "config/diagnostics.h"
#include "config/sections.h"
#include "core/version.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace config {
namespace {

// Relative profile paths name files beside the config file, wherever the daemon was started.
void resolve_profiles(Config& config) {
  const std::filesystem::path base = std::filesystem::path(config.path).parent_path();
  for (std::string& profile : config.profiles) {
    const std::filesystem::path p(profile);
    if (p.is_relative()) profile = (base / p).lexically_normal().string();
  }
}

// Values that depend on something other than the file itself.
void apply_derived_defaults(Config& config) {
  resolve_profiles(config);
  if (config.fetch.user_agent.empty()) config.fetch.user_agent = default_user_agent();
}

std::optional<std::string> read_whole_file(const std::string& path, int& error) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) return error = errno, std::nullopt;
  std::string text;
  char buffer[16384];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) text.append(buffer, n);
  if (std::ferror(file.get())) return error = errno, std::nullopt;
  return text;
}

}  // namespace

bool Kafka::embedded() const { return brokers == "embedded"; }

std::string_view to_string(Priority priority) {
  switch (priority) {
    case Priority::high: return "high";
    case Priority::low: return "low";
    case Priority::normal: break;
  }
  return "normal";
}

std::string_view to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::rss: return "rss";
    case SourceKind::atom: return "atom";
    case SourceKind::html: return "html";
    case SourceKind::auto_detect: break;
  }
  return "auto";
}

std::string default_user_agent() { return std::string(core::kDaemonName) + '/' + core::kVersion; }

LoadResult load_text(std::string_view yaml, const std::string& origin_path) {
  detail::Diagnostics diagnostics(origin_path);
  Config config;
  config.path = origin_path;
  // Parse, then read every section, collecting problems instead of stopping at the first.
  try {
    const detail::Scope document(diagnostics, "", YAML::Mark::null_mark());
    detail::read_document(YAML::Load(std::string(yaml)), document, config);
  } catch (const YAML::Exception& e) {  // a syntax error leaves nothing to read: one message
    diagnostics.report(e.mark, "invalid YAML: " + e.msg + ", expected well-formed YAML");
  }
  // Stop once, with everything found.
  if (!diagnostics.empty()) return {std::nullopt, diagnostics.take(), config.profiles};
  apply_derived_defaults(config);
  std::vector<std::string> profiles = config.profiles;
  return {std::move(config), {}, std::move(profiles)};
}

LoadResult load_file(const std::string& path) {
  int error = 0;
  const auto text = read_whole_file(path, error);
  if (!text) return {std::nullopt, {path + ": cannot read: " + std::strerror(error)}, {}};
  return load_text(*text, path);
}

}  // namespace config
