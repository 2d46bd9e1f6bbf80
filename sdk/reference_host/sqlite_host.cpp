// SqliteHost: opening the file, the clock, secrets, events, progress and schedules. State and
// transact are in sqlite_host_state.cpp, entities in sqlite_host_entities.cpp, the connection
// log in sqlite_host_log.cpp.
#include "sqlite_host.hpp"

#include "escape_text.hpp"
#include "host_settings.hpp"
#include "schema.hpp"
#include "shutdown.hpp"

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <iostream>

namespace amzconn::refhost {

namespace {

constexpr std::string_view k_clock_mode = "clock_mode";
constexpr std::string_view k_virtual_now = "virtual_now_ms";

int64_t real_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string secret_env_name(std::string_view name) {
    std::string env = "AMZCONN_SECRET_";
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        env += std::isalnum(byte) ? static_cast<char>(std::toupper(byte)) : '_';
    }
    return env;
}

std::filesystem::path key_file_for(const std::filesystem::path& db_file,
                                   const std::filesystem::path& chosen) {
    if (!chosen.empty()) {
        return chosen;
    }
    std::filesystem::path beside = db_file;
    beside += ".key";
    return beside;
}

Error shutting_down() {
    return Error{Status::cancelled, "amzconn-host is shutting down: stop at a safe point"};
}

} // namespace

SqliteHost::SqliteHost(Database db, SqliteHostOptions options, SecretStore secrets)
    : m_db(std::move(db)), m_options(std::move(options)), m_secrets(std::move(secrets)) {}

SqliteHost::~SqliteHost() {
    std::lock_guard lock(m_mutex);
    flush_log_locked();
}

Result<std::unique_ptr<SqliteHost>> SqliteHost::open(const std::filesystem::path& file,
                                                     SqliteHostOptions options) {
    TRY_ASSIGN(auto db, Database::open(file));
    TRY(migrate(db));
    SecretStore secrets(key_file_for(file, options.key_file));
    // Secrets an older amzconn-host kept in clear text are sealed before anything else runs.
    TRY(secrets.seal_clear_text(db));
    return std::unique_ptr<SqliteHost>(
        new SqliteHost(std::move(db), std::move(options), std::move(secrets)));
}

Result<int64_t> SqliteHost::schema_version() {
    std::lock_guard lock(m_mutex);
    return refhost::schema_version(m_db);
}

// --- clock ------------------------------------------------------------------------------------

// The clock is read on every log line and entity write: its two settings are kept in memory and
// read again only when another connection (`amzconn-host clock advance` in another process, say)
// has committed since, which PRAGMA data_version tells without reading the table.
Outcome SqliteHost::load_clock_locked() {
    TRY_ASSIGN(const int64_t version, m_db.data_version());
    if (m_clock.valid && m_clock.data_version == version) {
        return {};
    }
    TRY_ASSIGN(const auto mode, read_setting(m_db, k_clock_mode));
    TRY_ASSIGN(const auto now, read_int_setting(m_db, k_virtual_now));
    m_clock = ClockSettings{true, version, mode == "virtual", now};
    return {};
}

int64_t SqliteHost::now_locked() {
    if (!load_clock_locked()) {
        m_clock.valid = false;
        return real_now_ms();
    }
    return m_clock.is_virtual && m_clock.virtual_now ? *m_clock.virtual_now : real_now_ms();
}

int64_t SqliteHost::now_ms() {
    std::lock_guard lock(m_mutex);
    return now_locked();
}

Result<bool> SqliteHost::clock_is_virtual() {
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(const auto mode, read_setting(m_db, k_clock_mode));
    return mode == "virtual";
}

Outcome SqliteHost::set_virtual_clock(int64_t epoch_ms) {
    std::lock_guard lock(m_mutex);
    m_clock.valid = false; // this connection's own writes do not move data_version
    TRY_ASSIGN(auto txn, Transaction::begin(m_db));
    TRY(write_setting(m_db, k_clock_mode, "virtual"));
    TRY(write_setting(m_db, k_virtual_now, std::to_string(epoch_ms)));
    return txn.commit();
}

Outcome SqliteHost::advance_clock(int64_t delta_ms) {
    std::lock_guard lock(m_mutex);
    if (delta_ms < 0) {
        return Error{Status::bad_input, "the clock only moves forward: give a positive duration"};
    }
    TRY_ASSIGN(auto txn, Transaction::begin(m_db));
    m_clock.valid = false;
    TRY_ASSIGN(const auto mode, read_setting(m_db, k_clock_mode));
    if (mode != "virtual") {
        return Error{Status::bad_input, "the clock is real: run `amzconn-host clock set "
                                        "2026-01-01T00:00:00Z` first to use a virtual clock"};
    }
    const int64_t now = now_locked() + delta_ms;
    m_clock.valid = false;
    TRY(write_setting(m_db, k_virtual_now, std::to_string(now)));
    return txn.commit();
}

Outcome SqliteHost::use_real_clock() {
    std::lock_guard lock(m_mutex);
    m_clock.valid = false;
    return write_setting(m_db, k_clock_mode, "real");
}

Outcome SqliteHost::sleep_ms(int64_t ms) {
    if (shutdown_requested()) {
        return shutting_down();
    }
    if (ms <= 0) {
        return {};
    }
    {
        std::lock_guard lock(m_mutex);
        flush_log_locked(); // nothing held back waits through a sleep
    }
    auto is_virtual = clock_is_virtual();
    if (is_virtual && *is_virtual) {
        return advance_clock(ms);
    }
    if (!wait_unless_shutdown(ms)) {
        return shutting_down();
    }
    return {};
}

// --- secrets ----------------------------------------------------------------------------------

Result<std::string> SqliteHost::secret_get(std::string_view name) {
    if (name.empty()) {
        return Error{Status::bad_input, "secret name is empty"};
    }
    {
        std::lock_guard lock(m_mutex);
        TRY_ASSIGN(auto stored, m_secrets.get(m_db, name));
        if (stored) {
            return std::move(*stored);
        }
    }
    const std::string env = secret_env_name(name);
    if (const char* value = std::getenv(env.c_str()); value != nullptr) {
        return std::string(value);
    }
    return Error{Status::not_found, "secret '" + std::string(name) +
                                        "' is not set: run `amzconn-host secret set " +
                                        std::string(name) + "` or set " + env};
}

Outcome SqliteHost::secret_set(std::string_view name, std::string_view value) {
    if (name.empty()) {
        return Error{Status::bad_input, "secret name is empty"};
    }
    std::lock_guard lock(m_mutex);
    return m_secrets.set(m_db, name, value);
}

Result<std::vector<std::string>> SqliteHost::secret_names() {
    std::lock_guard lock(m_mutex);
    return m_secrets.names(m_db);
}

Result<size_t> SqliteHost::rotate_secret_key() {
    std::lock_guard lock(m_mutex);
    return m_secrets.rotate_key(m_db);
}

Result<size_t> SqliteHost::reset_secrets() {
    std::lock_guard lock(m_mutex);
    return m_secrets.reset(m_db);
}

// --- events, progress, schedules ----------------------------------------------------------------

Result<int64_t> SqliteHost::record_event(std::string_view kind, std::string_view event_json) {
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(auto insert, m_db.prepare("INSERT INTO events (ts, kind, doc) VALUES (?, ?, ?)"));
    TRY(insert.bind(1, now_locked()).bind(2, kind).bind(3, event_json).run());
    return m_db.last_insert_rowid();
}

void SqliteHost::progress(std::string_view job, std::string_view store, uint64_t done,
                          uint64_t total, std::string_view message) {
    // Escaped like the log: an order id in the message cannot forge a line or drive a terminal.
    std::string line = escape_controls(job);
    if (!store.empty()) {
        line += ' ' + escape_controls(store);
    }
    line += ": " + std::to_string(done);
    if (total > 0) {
        line += '/' + std::to_string(total);
    }
    if (!message.empty()) {
        line += ' ' + escape_controls(message);
    }
    std::lock_guard lock(m_progress_mutex);
    std::ostream& out = m_options.progress_out ? *m_options.progress_out : std::cerr;
    out << line << '\n' << std::flush;
    if (m_progress_listener) {
        m_progress_listener(line);
    }
}

void SqliteHost::set_progress_listener(std::function<void(const std::string& line)> listener) {
    std::lock_guard lock(m_progress_mutex);
    m_progress_listener = std::move(listener);
}

Result<std::optional<SqliteHost::ScheduleEntry>> SqliteHost::last_run(std::string_view store,
                                                                      std::string_view job) {
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(auto query, m_db.prepare("SELECT last_run_ms, retry_at_ms FROM schedules "
                                        "WHERE store = ? AND job = ?"));
    query.bind(1, store).bind(2, job);
    TRY_ASSIGN(const bool found, query.step());
    if (!found) {
        return std::optional<ScheduleEntry>{};
    }
    ScheduleEntry entry{query.column_int(0), std::nullopt};
    if (!query.column_is_null(1)) {
        entry.retry_at_ms = query.column_int(1);
    }
    return std::optional<ScheduleEntry>{entry};
}

Outcome SqliteHost::set_last_run(std::string_view store, std::string_view job,
                                 const ScheduleEntry& entry) {
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(auto upsert, m_db.prepare("INSERT INTO schedules (store, job, last_run_ms, "
                                         "retry_at_ms) VALUES (?, ?, ?, ?) "
                                         "ON CONFLICT (store, job) DO UPDATE SET "
                                         "last_run_ms = excluded.last_run_ms, "
                                         "retry_at_ms = excluded.retry_at_ms"));
    upsert.bind(1, store).bind(2, job).bind(3, entry.last_run_ms);
    if (entry.retry_at_ms) {
        upsert.bind(4, *entry.retry_at_ms);
    } else {
        upsert.bind_null(4);
    }
    return upsert.run();
}

} // namespace amzconn::refhost
