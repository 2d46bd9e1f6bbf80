#include "sqlite_db.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace amzconn::refhost {

namespace {
constexpr int k_busy_timeout_ms = 10000;

int to_int_size(std::string_view text) {
    return static_cast<int>(text.size());
}

// The database holds buyer data and sealed secrets: only its owner may read it. It is created
// 0600 here, before SQLite, because SQLite gives the -wal and -shm files the database file's
// mode whatever the umask; files an older host left readable by others are tightened.
void make_private(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
    }
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const std::string path = file.string() + suffix;
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0 && info.st_uid == ::geteuid() &&
            (info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
            ::chmod(path.c_str(), info.st_mode & S_IRWXU);
        }
    }
}
} // namespace

Result<Database> Database::open(const std::filesystem::path& file) {
    make_private(file);
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message =
            "cannot open database " + file.string() + ": " +
            (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)) +
            " (check that the directory exists and is writable, or pass --db FILE)";
        sqlite3_close(raw);
        return Error{Status::bad_input, std::move(message)};
    }
    Database db(raw, file);
    sqlite3_busy_timeout(raw, k_busy_timeout_ms);
    sqlite3_extended_result_codes(raw, 1);
    // journal_mode returns a row; run it as a query so a read-only or broken file is reported.
    auto wal = db.prepare("PRAGMA journal_mode=WAL");
    auto stepped = wal ? wal->step() : Result<bool>(wal.error());
    if (!stepped) {
        return Error{Status::bad_input, stepped.error().message};
    }
    // secure_delete: what is deleted or overwritten (a secret sealed again, say) is zeroed.
    TRY(db.exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"));
    return db;
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

Database::~Database() {
    sqlite3_close_v2(m_db);
}

Error Database::error(std::string_view what) const {
    std::string message(what);
    message += " in ";
    message += m_path.string();
    message += ": ";
    message += m_db ? sqlite3_errmsg(m_db) : "no connection";
    const int code = m_db ? sqlite3_errcode(m_db) : SQLITE_ERROR;
    const int primary = code & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        message += " (another process holds the database: retry)";
        return Error{Status::retry_later, std::move(message)};
    }
    return Error{Status::internal, std::move(message)};
}

Outcome Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* raw_error = nullptr;
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &raw_error);
    sqlite3_free(raw_error);
    if (rc != SQLITE_OK) {
        return error("SQL failed");
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.data(), to_int_size(sql), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        return error("preparing SQL failed");
    }
    return Statement(stmt, m_db);
}

int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const {
    return sqlite3_changes(m_db);
}

Statement::Statement(Statement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(other.m_db) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
    }
    return *this;
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(m_stmt, index, text.data(), to_int_size(text), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, int64_t number) {
    sqlite3_bind_int64(m_stmt, index, number);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    std::string message = std::string("SQL step failed: ") + sqlite3_errmsg(m_db);
    const int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        return Error{Status::retry_later, message + " (another process holds the database: retry)"};
    }
    if (primary == SQLITE_CONSTRAINT) {
        return Error{Status::conflict, std::move(message)};
    }
    return Error{Status::internal, std::move(message)};
}

Outcome Statement::run() {
    while (true) {
        TRY_ASSIGN(const bool more, step());
        if (!more) {
            return {};
        }
    }
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(m_stmt, index);
}

std::string Statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(m_stmt, index);
    const int size = sqlite3_column_bytes(m_stmt, index);
    if (text == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(m_stmt, index) == SQLITE_NULL;
}

Result<Transaction> Transaction::begin(Database& db) {
    TRY(db.exec("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Transaction::~Transaction() {
    if (m_db != nullptr) {
        (void)m_db->exec("ROLLBACK");
    }
}

Outcome Transaction::commit() {
    if (m_db == nullptr) {
        return Error{Status::internal, "commit on a finished transaction"};
    }
    auto committed = m_db->exec("COMMIT");
    if (committed) {
        m_db = nullptr;
    }
    return committed;
}

} // namespace amzconn::refhost
