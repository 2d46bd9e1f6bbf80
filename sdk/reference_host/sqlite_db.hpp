// Thin RAII wrapper over one SQLite connection and its prepared statements, turning SQLite result
// codes into amzconn::Error values (no exceptions; SQLite is a C library).
#pragma once

#include "amzconn/result.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace amzconn::refhost {

class Statement;

class Database {
  public:
    // Opens (creating if needed) the file in WAL mode with a busy timeout.
    static Result<Database> open(const std::filesystem::path& file);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs one or more statements without results.
    Outcome exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    int64_t last_insert_rowid() const;
    int changes() const;
    const std::filesystem::path& path() const { return m_path; }

    // An Error for the connection's last failure, prefixed with what we were doing.
    Error error(std::string_view what) const;

  private:
    Database(sqlite3* db, std::filesystem::path path) : m_db(db), m_path(std::move(path)) {}
    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
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
    Statement(sqlite3_stmt* stmt, sqlite3* db) : m_stmt(stmt), m_db(db) {}
    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
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
