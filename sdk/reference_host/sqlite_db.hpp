// Thin RAII wrapper over one SQLite connection and its prepared statements, turning SQLite result
// codes into amzconn::Error values (no exceptions; SQLite is a C library). Statements are compiled
// once per connection and kept (StatementCache): compiling was a third of the host's CPU.
#pragma once

#include "amzconn/result.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace amzconn::refhost {

class Statement;
class StatementCache;

// Not thread-safe: the connection is opened without SQLite's per-connection mutex, so its owner
// serialises every use (SqliteHost does, with its own mutex).
class Database {
  public:
    // Opens (creating if needed) the file in WAL mode with a busy timeout.
    static Result<Database> open(const std::filesystem::path& file);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs one or more statements without results (compiled every time: for migrations and
    // other one-off scripts).
    Outcome exec(std::string_view sql);
    // One statement, compiled on its first use on this connection and kept for the next: the
    // returned Statement is reset and unbound when it goes. A statement still in use (the same
    // SQL stepped twice at once) gets a fresh, uncached compile; so does SQL past the cache's
    // size, so text built at run time cannot grow it without bound.
    Result<Statement> prepare(std::string_view sql);
    // Runs one statement through the cache (BEGIN, COMMIT, ROLLBACK).
    Outcome run(std::string_view sql);
    // PRAGMA data_version: changes when another connection commits (never for this one's own).
    Result<int64_t> data_version();
    int64_t last_insert_rowid() const;
    int changes() const;
    const std::filesystem::path& path() const { return m_path; }

    // An Error for the connection's last failure, prefixed with what we were doing.
    Error error(std::string_view what) const;

  private:
    Database(sqlite3* db, std::filesystem::path path);
    void close();
    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
    std::unique_ptr<StatementCache> m_cache;
};

// One prepared statement. bind() indexes start at 1, column() indexes at 0.
class Statement {
  public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    // Binds text without SQLite's copy: the caller keeps it alive until the statement has run
    // (a large document, a log line held for its transaction).
    Statement& bind_unowned(int index, std::string_view text);
    Statement& bind(int index, int64_t number);
    Statement& bind_null(int index);

    // Advances: true when a row is available, false when done, an Error on failure.
    Result<bool> step();
    // Steps to completion, ignoring rows.
    Outcome run();
    void reset();

    int64_t column_int(int index) const;
    std::string column_text(int index) const;
    bool column_is_null(int index) const;

  private:
    friend class Database;
    // busy: the cache's in-use flag when the statement is borrowed from it (cleared, with a
    // reset, on release), nullptr when this object owns and finalizes the statement.
    Statement(sqlite3_stmt* stmt, sqlite3* db, std::atomic<bool>* busy = nullptr)
        : m_stmt(stmt), m_db(db), m_busy(busy) {}
    void release();
    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
    std::atomic<bool>* m_busy = nullptr;
};

// Rolls back on destruction unless commit() succeeded. BEGIN IMMEDIATE takes the write lock up
// front so concurrent processes wait on the busy timeout instead of failing at commit.
class Transaction {
  public:
    static Result<Transaction> begin(Database& db);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    Outcome commit();

  private:
    explicit Transaction(Database* db) : m_db(db) {}
    Database* m_db = nullptr;
};

} // namespace amzconn::refhost
