// The seen-before check: a durable record of which items were classified, matched and published.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dedup/item_id.h"

namespace dedup {

/// A matched item's message, kept until Kafka acknowledges it so a restart can replay it.
struct Pending {
  std::string id;       ///< item id (see item_id())
  std::string payload;  ///< message value as it will be produced (bytes)
  std::vector<std::pair<std::string, std::string>> headers;  ///< message headers (bytes)
  std::int64_t first_seen = 0;  ///< Unix seconds when the store first recorded the item (read only)
};

/// Durable record of what was seen and published, in <state_dir>/newswatch.db (SQLite, WAL).
/// Each item is in exactly one state: rejected (not a match), pending (matched, not yet
/// acknowledged), published, or dead (Kafka refused it for good: too large, not authorised…).
/// States only move forward: rejected → pending → published | dead. The pending rows are the
/// durable spool: they stay, in match order, until the broker acknowledges them.
/// Thread-safe: every call takes an internal mutex. Writes return false when SQLite failed (disk
/// full, I/O error…); the store stays usable and last_error() says why. Never throws.
class Store {
 public:
  /// Creates the directory, the database and its schema as needed; nullptr and `error` on failure.
  static std::unique_ptr<Store> open(const std::string& state_dir, std::string& error);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// True if the id is recorded in any state. False also when the lookup failed.
  bool seen(const std::string& id);
  /// For each id, whether it is recorded in any state, in one read transaction (false also when
  /// the lookup failed).
  std::vector<bool> seen_many(const std::vector<std::string>& ids);
  /// Records an item classified as not a match. Does not downgrade a pending/published item.
  /// Not synced to disk at once (a power cut may lose it: the item is then classified again).
  bool mark_rejected(const std::string& id, const std::string& source);
  /// Records many not-matching items in one transaction (one commit); same rules as
  /// mark_rejected. All or nothing: false (and none recorded) when a write failed.
  bool mark_rejected_many(const std::vector<std::pair<std::string, std::string>>& id_and_source);
  /// Durably queues a matched item's message before it is produced. No-op if already published.
  bool add_pending(const std::string& id, const std::string& source, const Pending& msg);
  /// Records a successful delivery report; drops the stored message.
  bool mark_published(const std::string& id);
  /// Records a permanent delivery failure: the item leaves the spool (never replayed) and is
  /// appended, with `reason` and its message, to <state_dir>/dead-letter.jsonl. False when
  /// either write failed (the item then stays pending).
  bool mark_dead(const std::string& id, const std::string& reason);
  /// Matched but not yet acknowledged items, oldest first (replayed at start).
  std::vector<Pending> pending();
  /// Number of pending items (cheap; for metrics and the shutdown report).
  std::size_t pending_count();
  /// Number of items ever published.
  std::size_t published_count();
  /// The last SQLite error, or "" if the last call succeeded.
  std::string last_error();

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dedup
