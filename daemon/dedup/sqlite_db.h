// Internal: the little of SQLite's C API the store needs, with ownership in the types.
// Not thread-safe; Store serialises access.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace dedup {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

/// Opens (creating if needed) the database file; nullptr and `error` on failure.
DbPtr open_db(const std::string& path, std::string& error);
/// Runs SQL without results; "" or SQLite's message.
std::string exec(sqlite3* db, const char* sql);

/// A prepared statement, reused: run() resets it, binds the arguments in order and steps once.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// False if preparing failed (the message is in sqlite3_errmsg of the db).
  bool ok() const { return stmt_ != nullptr; }
  /// Resets, binds `args` as blobs/text in order and steps once: SQLITE_ROW, SQLITE_DONE or an
  /// error.
  template <typename... Args>
  int run(const Args&... args) {
    reset();
    int i = 0;
    (bind(++i, std::string_view(args)), ...);
    return step();
  }
  /// Steps again (after SQLITE_ROW).
  int step();
  /// Column `i` of the current row as bytes.
  std::string column(int i) const;
  std::int64_t column_int(int i) const;
  /// Ends the current use: releases the statement's read snapshot and its bindings.
  void reset();

 private:
  void bind(int i, std::string_view bytes);
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace dedup
