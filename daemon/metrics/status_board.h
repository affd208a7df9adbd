// What the status page at / shows: each source's last fetch and next poll, and the latest matches.
// The fetch loop and the pipeline write to it; the HTTP server renders snapshots of it.
//
// Thread-safe: every method may be called from any thread.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace metrics {

/// The state of one source after its latest fetch. Times are Unix seconds (0 = never / unknown).
struct SourceStatus {
  std::string name;
  std::string url;
  double last_fetch = 0;
  std::string outcome;       ///< fetch::to_string(outcome), empty before the first fetch
  long http_status = 0;
  std::string error;         ///< empty on success
  double next_poll = 0;
  int consecutive_failures = 0;
};

/// One item handed to the publisher.
struct MatchStatus {
  double time = 0;  ///< Unix seconds when it matched
  std::string source, title, url, profile, stage;
  double score = 0;
};

class StatusBoard {
 public:
  /// Keeps at most this many matches, newest first.
  static constexpr std::size_t kLatestMatches = 20;

  /// The configured sources (name → url): new ones appear unfetched, missing ones are dropped.
  void set_sources(const std::vector<std::pair<std::string, std::string>>& sources);
  /// Records a finished fetch of a known source (unknown names, e.g. removed by a reload, are ignored).
  void fetched(const SourceStatus& status);
  void matched(const MatchStatus& match);

  std::vector<SourceStatus> sources() const;  ///< sorted by name
  std::vector<MatchStatus> matches() const;   ///< newest first

 private:
  mutable std::mutex mu_;
  std::map<std::string, SourceStatus> sources_;
  std::deque<MatchStatus> matches_;
};

/// The status page: plain HTML, no scripts, no external assets. `now` is Unix seconds.
std::string render_status_page(const StatusBoard& board, bool ready, double now);

}  // namespace metrics
