// Store on SQLite. Why SQLite: it is embedded (no server to run), ACID, one file in the state
// directory, with WAL for readers beside the one writer, and sqlite3(1) to inspect it. The load is
// a few writes a minute, so RocksDB or LMDB would add a dependency and buy nothing.
// synchronous=FULL: a pending row must survive a power cut once add_pending() returns, or a
// matched item produced-but-unacknowledged would be lost; the fsync per write is cheap at our rate.
#include <filesystem>
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
    state      INTEGER NOT NULL,     -- 0 rejected, 1 pending, 2 published
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
    "UPDATE items SET state = 2, payload = NULL, headers = NULL WHERE id = ?1";
constexpr const char* kPending =
    "SELECT id, payload, headers FROM items WHERE state = 1 ORDER BY seq";
constexpr const char* kPublishedCount = "SELECT count(*) FROM items WHERE state = 2";

}  // namespace

struct Store::Impl {
  explicit Impl(DbPtr d)
      : db(std::move(d)),
        seen(db.get(), kSeen),
        reject(db.get(), kReject),
        add_pending(db.get(), kAddPending),
        publish(db.get(), kPublish),
        pending(db.get(), kPending),
        published_count(db.get(), kPublishedCount) {}

  bool prepared() const {
    return seen.ok() && reject.ok() && add_pending.ok() && publish.ok() && pending.ok() &&
           published_count.ok();
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

  std::mutex mu;
  DbPtr db;  // declared before the statements: finalized after them
  Statement seen, reject, add_pending, publish, pending, published_count;
  std::string last_error;
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
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

bool Store::seen(const std::string& id) {
  std::lock_guard lock(impl_->mu);
  int rc = impl_->seen.run(id);
  impl_->done(impl_->seen, rc);
  return rc == SQLITE_ROW;
}

bool Store::mark_rejected(const std::string& id, const std::string& source) {
  std::lock_guard lock(impl_->mu);
  return impl_->write(impl_->reject, id, source);
}

bool Store::add_pending(const std::string& id, const std::string& source, const Pending& msg) {
  std::lock_guard lock(impl_->mu);
  return impl_->write(impl_->add_pending, id, source, msg.payload, encode_headers(msg.headers));
}

bool Store::mark_published(const std::string& id) {
  std::lock_guard lock(impl_->mu);
  return impl_->write(impl_->publish, id);
}

std::vector<Pending> Store::pending() {
  std::lock_guard lock(impl_->mu);
  std::vector<Pending> out;
  Statement& q = impl_->pending;
  int rc = q.run();
  for (; rc == SQLITE_ROW; rc = q.step()) {
    auto headers = decode_headers(q.column(2));
    out.push_back(Pending{q.column(0), q.column(1), headers.value_or(Headers{})});
  }
  impl_->done(q, rc);
  return out;
}

std::size_t Store::published_count() {
  std::lock_guard lock(impl_->mu);
  Statement& q = impl_->published_count;
  int rc = q.run();
  auto count = rc == SQLITE_ROW ? static_cast<std::size_t>(q.column_int(0)) : 0;
  impl_->done(q, rc);
  return count;
}

std::string Store::last_error() {
  std::lock_guard lock(impl_->mu);
  return impl_->last_error;
}

}  // namespace dedup
