#include "dedup/sqlite_db.h"

namespace dedup {

DbPtr open_db(const std::string& path, std::string& error) {
  sqlite3* raw = nullptr;
  // NOMUTEX: Store holds its own mutex around every use of the connection.
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);  // sqlite3_open_v2 may hand out a handle even on failure; it must be closed
  if (rc != SQLITE_OK) {
    error = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return nullptr;
  }
  return db;
}

std::string exec(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) == SQLITE_OK) return {};
  std::string error = msg ? msg : sqlite3_errmsg(db);
  sqlite3_free(msg);
  return error;
}

Statement::Statement(sqlite3* db, const char* sql) {
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
    stmt_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

int Statement::step() { return sqlite3_step(stmt_); }

std::string Statement::column(int i) const {
  const void* data = sqlite3_column_blob(stmt_, i);
  int size = sqlite3_column_bytes(stmt_, i);
  return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size)) : "";
}

std::int64_t Statement::column_int(int i) const { return sqlite3_column_int64(stmt_, i); }

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Statement::bind(int i, std::string_view bytes) {
  // Blobs: ids and payloads are compared and returned byte for byte, whatever their encoding.
  // An empty blob rather than NULL for "", which a null data() pointer would bind.
  if (bytes.empty())
    sqlite3_bind_zeroblob(stmt_, i, 0);
  else
    sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

}  // namespace dedup
