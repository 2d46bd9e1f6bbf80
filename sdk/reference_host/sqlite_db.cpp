#include "sqlite_db.hpp"

#include "wal_frame_vfs.hpp"

#include <fcntl.h>
#include <map>
#include <mutex>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace amzconn::refhost {

// The connection's compiled statements by SQL text. Slots never move (std::map nodes), so a
// borrowed Statement can hold its slot's in-use flag.
class StatementCache {
  public:
    struct Slot {
        sqlite3_stmt* stmt = nullptr;
        std::atomic<bool> busy{false};
    };
    // The slot for sql, compiled now when new; nullptr when the cache is full.
    Slot* find(std::string_view sql) {
        std::lock_guard lock(m_mutex);
        if (auto it = m_slots.find(sql); it != m_slots.end()) {
            return &it->second;
        }
        return nullptr;
    }
    Slot* add(std::string_view sql, sqlite3_stmt* stmt) {
        std::lock_guard lock(m_mutex);
        if (m_slots.size() >= k_capacity) {
            return nullptr;
        }
        auto [it, added] = m_slots.try_emplace(std::string(sql));
        if (!added) {
            return nullptr; // another thread cached the same text first
        }
        it->second.stmt = stmt;
        return &it->second;
    }
    void finalize_all() {
        std::lock_guard lock(m_mutex);
        for (auto& [sql, slot] : m_slots) {
            sqlite3_finalize(slot.stmt);
        }
        m_slots.clear();
    }

  private:
    // The host's fixed SQL is a few dozen texts; filters and log queries add a handful more.
    static constexpr size_t k_capacity = 128;
    std::mutex m_mutex;
    std::map<std::string, Slot, std::less<>> m_slots;
};

namespace {
constexpr int k_busy_timeout_ms = 10000;
constexpr int64_t k_wal_bytes = 32 * 1024 * 1024;

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
// The WAL is copied into the file once it holds 32 MiB, whatever this file's page size. Each
// commit appends the B-tree pages it touched to the WAL; a checkpoint writes each page once however
// often it changed since the last one, so a longer WAL writes the file's hot pages (the index
// leaves every order touches) fewer times: an import of 10,000 orders wrote 12.1x the database's
// growth at SQLite's default of 4 MiB, 8.6x at 32 MiB. Durability is the same (a commit is
// durable when its frames are in the WAL); the WAL file takes up to 32 MiB while a job runs and is
// checkpointed and removed when the last connection closes.
Outcome set_checkpoint_interval(Database& db) {
    TRY_ASSIGN(auto query, db.prepare("PRAGMA page_size"));
    TRY_ASSIGN(const bool row, query.step());
    const int64_t page = row ? query.column_int(0) : 0;
    if (page <= 0) {
        return {};
    }
    return db.exec("PRAGMA wal_autocheckpoint=" + std::to_string(k_wal_bytes / page));
}

// Process-wide, before SQLite's first use: no memory statistics (each allocation took a global
// mutex to count them; the host never reads them). Refused, harmlessly, if SQLite is already
// initialised.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

} // namespace

Result<Database> Database::open(const std::filesystem::path& file) {
    make_private(file);
    sqlite3* raw = nullptr;
    configure_sqlite_once();
    // No connection mutex: the owner serialises every use (SqliteHost holds its own mutex around
    // each call), and SQLite's lock on every bind, step and column was 3% of the host's CPU.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    // Each WAL frame in one write call rather than two (wal_frame_vfs.hpp): the same bytes.
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, wal_frame_vfs_name());
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
    // A new file gets 1 KiB pages (before WAL mode fixes its size): every commit writes each
    // B-tree page it touches whole, and an order touches ~20 (the entity, its unique and
    // expression indexes, the log): 4 KiB pages wrote ~40x the bytes the database grew by.
    // An existing file keeps its page size.
    TRY(db.exec("PRAGMA page_size=1024"));
    // journal_mode returns a row; run it as a query so a read-only or broken file is reported.
    auto wal = db.prepare("PRAGMA journal_mode=WAL");
    auto stepped = wal ? wal->step() : Result<bool>(wal.error());
    if (!stepped) {
        return Error{Status::bad_input, stepped.error().message};
    }
    // secure_delete: what is deleted or overwritten (a secret sealed again, say) is zeroed.
    // synchronous=NORMAL in WAL mode: a commit is durable against a crash of the process (the
    // WAL is in the OS's hands at COMMIT); a power cut may lose the last commits, never
    // corrupt the file.
    TRY(db.exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"));
    TRY(set_checkpoint_interval(db));
    return db;
}

Database::Database(sqlite3* db, std::filesystem::path path)
    : m_db(db), m_path(std::move(path)), m_cache(std::make_unique<StatementCache>()) {}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)),
      m_cache(std::move(other.m_cache)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_cache = std::move(other.m_cache);
    }
    return *this;
}

Database::~Database() {
    close();
}

void Database::close() {
    if (m_cache) {
        m_cache->finalize_all();
    }
    sqlite3_close_v2(m_db);
    m_db = nullptr;
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
    StatementCache::Slot* slot = m_cache ? m_cache->find(sql) : nullptr;
    if (slot != nullptr && !slot->busy.exchange(true)) {
        return Statement(slot->stmt, m_db, &slot->busy);
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), to_int_size(sql),
                                      slot ? 0 : SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return error("preparing SQL failed");
    }
    if (slot == nullptr && m_cache) {
        if (StatementCache::Slot* added = m_cache->add(sql, stmt); added != nullptr) {
            added->busy = true;
            return Statement(stmt, m_db, &added->busy);
        }
    }
    return Statement(stmt, m_db);
}

Outcome Database::run(std::string_view sql) {
    TRY_ASSIGN(auto statement, prepare(sql));
    if (auto done = statement.run(); !done) {
        return error("SQL failed");
    }
    return {};
}

Result<int64_t> Database::data_version() {
    TRY_ASSIGN(auto query, prepare("PRAGMA data_version"));
    TRY_ASSIGN(const bool row, query.step());
    if (!row) {
        return error("PRAGMA data_version returned nothing");
    }
    return query.column_int(0);
}

int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const {
    return sqlite3_changes(m_db);
}

Statement::Statement(Statement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(other.m_db),
      m_busy(std::exchange(other.m_busy, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        release();
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
        m_busy = std::exchange(other.m_busy, nullptr);
    }
    return *this;
}

Statement::~Statement() {
    release();
}

// A cached statement goes back reset (its read of the database ends, as finalize would end it)
// and unbound; an owned one is finalized.
void Statement::release() {
    if (m_busy != nullptr) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        m_busy->store(false);
        m_busy = nullptr;
    } else {
        sqlite3_finalize(m_stmt);
    }
    m_stmt = nullptr;
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(m_stmt, index, text.data(), to_int_size(text), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_unowned(int index, std::string_view text) {
    sqlite3_bind_text(m_stmt, index, text.data(), to_int_size(text), SQLITE_STATIC);
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
    TRY(db.run("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Transaction::~Transaction() {
    if (m_db != nullptr) {
        (void)m_db->run("ROLLBACK");
    }
}

Outcome Transaction::commit() {
    if (m_db == nullptr) {
        return Error{Status::internal, "commit on a finished transaction"};
    }
    auto committed = m_db->run("COMMIT");
    if (committed) {
        m_db = nullptr;
    }
    return committed;
}

} // namespace amzconn::refhost
