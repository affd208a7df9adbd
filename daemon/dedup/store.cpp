// Store on SQLite. Why SQLite: it is embedded (no server to run), ACID, one file in the state
// directory, with WAL for readers beside the one writer, and sqlite3(1) to inspect it. The load is
// a few writes a minute, so RocksDB or LMDB would add a dependency and buy nothing.
//
// Durability, per kind of row. The connection runs with synchronous=FULL: a pending row must survive
// a power cut once add_pending() returns, or a matched item produced-but-unacknowledged would be
// lost; likewise published and dead marks (else a restart replays the item). Rejected rows do not
// need that: losing one only means the item is classified again. At 10,000 sources the fsync per
// rejected item was most of the store's cost, so rejections are committed in batches and with
// synchronous=NORMAL, switched for that commit only (the pragma is per connection and may not change
// inside a transaction). In WAL mode a NORMAL commit appends its frames to the WAL without an fsync:
// a power cut may roll it back but cannot corrupt the database (frames are checksummed and recovery
// stops at the first bad one), and checkpoints still sync. The next FULL commit fsyncs the WAL file,
// which makes every frame before it durable too, so add_pending() still returns only once its row
// is on disk. If switching back to FULL ever fails, the durable writes refuse to run until it works.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "dedup/deduper.h"
#include "dedup/header_codec.h"
#include "dedup/sqlite_db.h"

namespace dedup {
namespace {

constexpr const char* kSchema = R"sql(
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = FULL;
  CREATE TABLE IF NOT EXISTS items (
    seq        INTEGER PRIMARY KEY,  -- insertion order: pending items replay oldest first
    id         TEXT NOT NULL UNIQUE,
    source     TEXT NOT NULL,
    state      INTEGER NOT NULL,     -- 0 rejected, 1 pending, 2 published, 3 dead
    first_seen INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER)),
    payload    BLOB,                 -- message, kept only while pending
    headers    BLOB
  );
  CREATE INDEX IF NOT EXISTS items_state ON items(state);
)sql";

// States only move forward (rejected → pending → published), whatever order the calls come in.
constexpr const char* kSeen = "SELECT 1 FROM items WHERE id = ?1";
constexpr const char* kReject = "INSERT OR IGNORE INTO items(id, source, state) VALUES (?1, ?2, 0)";
constexpr const char* kAddPending = R"sql(
  INSERT INTO items(id, source, state, payload, headers) VALUES (?1, ?2, 1, ?3, ?4)
  ON CONFLICT(id) DO UPDATE SET state = 1, payload = excluded.payload, headers = excluded.headers
  WHERE state < 2)sql";
constexpr const char* kPublish =
    "UPDATE items SET state = 2, payload = NULL, headers = NULL WHERE id = ?1 AND state < 2";
constexpr const char* kDead = "UPDATE items SET state = 3 WHERE id = ?1 AND state = 1";
constexpr const char* kPending =
    "SELECT id, payload, headers, first_seen FROM items WHERE state = 1 ORDER BY seq";
constexpr const char* kPendingCount = "SELECT count(*) FROM items WHERE state = 1";
constexpr const char* kPendingOne = "SELECT payload FROM items WHERE id = ?1 AND state = 1";
constexpr const char* kPublishedCount = "SELECT count(*) FROM items WHERE state = 2";
constexpr const char* kBegin = "BEGIN";  // deferred: a read snapshot from the first SELECT on
constexpr const char* kBeginWrite = "BEGIN IMMEDIATE";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kRollback = "ROLLBACK";
// Not prepared statements: a synchronous pragma takes effect when it is compiled, not when it steps.
constexpr const char* kSyncNormal = "PRAGMA synchronous = NORMAL";
constexpr const char* kSyncFull = "PRAGMA synchronous = FULL";

// A JSON string literal for arbitrary bytes (control characters escaped; other bytes as they are).
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

struct Store::Impl {
  explicit Impl(DbPtr d)
      : db(std::move(d)),
        seen(db.get(), kSeen),
        reject(db.get(), kReject),
        add_pending(db.get(), kAddPending),
        publish(db.get(), kPublish),
        pending(db.get(), kPending),
        published_count(db.get(), kPublishedCount),
        dead(db.get(), kDead),
        pending_count(db.get(), kPendingCount),
        pending_one(db.get(), kPendingOne),
        begin(db.get(), kBegin),
        begin_write(db.get(), kBeginWrite),
        commit(db.get(), kCommit),
        rollback(db.get(), kRollback) {}

  bool prepared() const {
    return seen.ok() && reject.ok() && add_pending.ok() && publish.ok() && pending.ok() &&
           published_count.ok() && dead.ok() && pending_count.ok() && pending_one.ok() &&
           begin.ok() && begin_write.ok() && commit.ok() && rollback.ok();
  }
  // Records the outcome of the statement's last step and resets it, so that no read transaction
  // stays open (which would keep the WAL from being checkpointed). True when it completed.
  bool done(Statement& st, int rc) {
    last_error = rc == SQLITE_DONE || rc == SQLITE_ROW ? "" : sqlite3_errmsg(db.get());
    st.reset();
    return rc == SQLITE_DONE;
  }
  template <typename... Args>
  bool write(Statement& st, const Args&... args) {
    return done(st, st.run(args...));
  }
  // Looks one id up; false also on failure.
  bool lookup(const std::string& id) {
    int rc = seen.run(id);
    done(seen, rc);
    return rc == SQLITE_ROW;
  }
  // Records rejections in one transaction committed without an fsync (see the top of this file).
  bool reject_all(const std::vector<std::pair<std::string, std::string>>& rows) {
    if (rows.empty()) return true;
    if (!set_sync(kSyncNormal)) return false;
    bool ok = write(begin_write);
    for (std::size_t i = 0; ok && i < rows.size(); ++i) ok = write(reject, rows[i].first, rows[i].second);
    if (ok) ok = write(commit);
    const std::string why = last_error;
    if (!ok) write(rollback);  // also when BEGIN or COMMIT failed: nothing of the batch stays
    durable = set_sync(kSyncFull);
    if (durable) last_error = why;  // the batch's own error, if any
    return ok;
  }
  // The durable writes run only with synchronous=FULL restored.
  bool ensure_durable() { return durable || (durable = set_sync(kSyncFull)); }
  bool set_sync(const char* pragma) {
    last_error = exec(db.get(), pragma);
    return last_error.empty();
  }
  // Runs a `SELECT count(*)` statement; 0 when it fails (last_error says why).
  std::size_t count(Statement& q) {
    int rc = q.run();
    auto n = rc == SQLITE_ROW ? static_cast<std::size_t>(q.column_int(0)) : 0;
    done(q, rc);
    return n;
  }

  std::mutex mu;
  DbPtr db;  // declared before the statements: finalized after them
  Statement seen, reject, add_pending, publish, pending, published_count, dead, pending_count,
      pending_one, begin, begin_write, commit, rollback;
  bool durable = true;  // synchronous=FULL is in force
  std::string last_error;
  std::string dead_letter_path;
};

std::unique_ptr<Store> Store::open(const std::string& state_dir, std::string& error) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec || !std::filesystem::is_directory(state_dir)) {
    error = "dedup: state directory '" + state_dir +
            "' is not usable: " + (ec ? ec.message() : "not a directory");
    return nullptr;
  }
  const std::string path = (std::filesystem::path(state_dir) / "newswatch.db").string();
  std::string why;
  DbPtr db = open_db(path, why);
  if (db) {
    sqlite3_busy_timeout(db.get(), 5000);  // another process (sqlite3 CLI, backup) may hold a lock
    why = exec(db.get(), kSchema);
  }
  auto impl = why.empty() ? std::make_unique<Impl>(std::move(db)) : nullptr;
  if (impl && !impl->prepared()) why = sqlite3_errmsg(impl->db.get());
  if (!why.empty()) {
    error = "dedup: cannot open '" + path + "': " + why;
    return nullptr;
  }
  impl->dead_letter_path = (std::filesystem::path(state_dir) / "dead-letter.jsonl").string();
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

bool Store::seen(const std::string& id) {
  std::lock_guard lock(impl_->mu);
  return impl_->lookup(id);
}

// One snapshot for the whole batch: one WAL read mark instead of one per id.
std::vector<bool> Store::seen_many(const std::vector<std::string>& ids) {
  std::vector<bool> out(ids.size(), false);
  std::lock_guard lock(impl_->mu);
  const bool in_transaction = impl_->write(impl_->begin);  // without it, each lookup stands alone
  for (std::size_t i = 0; i < ids.size(); ++i) out[i] = impl_->lookup(ids[i]);
  if (in_transaction) impl_->write(impl_->commit);
  return out;
}

bool Store::mark_rejected(const std::string& id, const std::string& source) {
  std::lock_guard lock(impl_->mu);
  return impl_->reject_all({{id, source}});
}

bool Store::mark_rejected_many(const std::vector<std::pair<std::string, std::string>>& id_and_source) {
  std::lock_guard lock(impl_->mu);
  return impl_->reject_all(id_and_source);
}

bool Store::add_pending(const std::string& id, const std::string& source, const Pending& msg) {
  std::lock_guard lock(impl_->mu);
  if (!impl_->ensure_durable()) return false;
  return impl_->write(impl_->add_pending, id, source, msg.payload, encode_headers(msg.headers));
}

bool Store::mark_published(const std::string& id) {
  std::lock_guard lock(impl_->mu);
  if (!impl_->ensure_durable()) return false;
  return impl_->write(impl_->publish, id);
}

// One JSON line per dead letter: {"id","reason","time","message"} (the message as a string).
bool Store::mark_dead(const std::string& id, const std::string& reason) {
  std::lock_guard lock(impl_->mu);
  if (!impl_->ensure_durable()) return false;
  Statement& q = impl_->pending_one;
  int rc = q.run(id);
  std::string payload = rc == SQLITE_ROW ? q.column(0) : "";
  impl_->done(q, rc);
  if (rc != SQLITE_ROW) return false;  // not pending (already published or dead), or I/O error
  // The file first: if it cannot be written, the item stays pending rather than vanish.
  std::ofstream out(impl_->dead_letter_path, std::ios::app | std::ios::binary);
  out << "{\"id\":" << json_string(id) << ",\"reason\":" << json_string(reason)
      << ",\"time\":" << std::time(nullptr) << ",\"message\":" << json_string(payload) << "}\n";
  out.flush();
  if (!out) {
    impl_->last_error = "cannot append to " + impl_->dead_letter_path;
    return false;
  }
  return impl_->write(impl_->dead, id);
}

std::size_t Store::pending_count() {
  std::lock_guard lock(impl_->mu);
  return impl_->count(impl_->pending_count);
}

std::vector<Pending> Store::pending() {
  std::lock_guard lock(impl_->mu);
  std::vector<Pending> out;
  Statement& q = impl_->pending;
  int rc = q.run();
  for (; rc == SQLITE_ROW; rc = q.step()) {
    auto headers = decode_headers(q.column(2));
    out.push_back(Pending{q.column(0), q.column(1), headers.value_or(Headers{}), q.column_int(3)});
  }
  impl_->done(q, rc);
  return out;
}

std::size_t Store::published_count() {
  std::lock_guard lock(impl_->mu);
  return impl_->count(impl_->published_count);
}

std::string Store::last_error() {
  std::lock_guard lock(impl_->mu);
  return impl_->last_error;
}

}  // namespace dedup
