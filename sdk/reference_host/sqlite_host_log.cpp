// SqliteHost: the connection log, its retention and reading it back; the installed config's YAML
// (kept beside the retention, in host_settings).
#include "escape_text.hpp"
#include "host_settings.hpp"
#include "sqlite_host.hpp"

#include <iostream>

namespace amzconn::refhost {

namespace {

constexpr std::string_view k_log_retention = "log_retention_ms";
constexpr std::string_view k_installed_config = "installed_config";
constexpr size_t k_max_pending_log = 64;
constexpr auto k_max_pending_age = std::chrono::seconds(1);

} // namespace

// A line is held back and written inside the next write transaction (an order's import, a
// lease renewal), so an order costs one commit rather than one per line. Error lines, a full
// buffer, a line held for a second, a sleep, the job's end, reading the log and closing the host
// write what is held in a transaction of its own. A killed process loses the lines held back:
// the last order's info lines at most, never an error.
void SqliteHost::log(LogLevel level, std::string_view store, std::string_view reference,
                     std::string_view message) {
    std::lock_guard lock(m_mutex);
    if (m_pending_log.empty()) {
        m_pending_since = std::chrono::steady_clock::now();
    }
    // Stored escaped: a CR/LF in an order id or message can never forge a line later.
    m_pending_log.push_back(PendingLog{now_locked(), level, escape_controls(store),
                                       escape_controls(reference), escape_controls(message)});
    if (level == LogLevel::error || m_pending_log.size() >= k_max_pending_log ||
        std::chrono::steady_clock::now() - m_pending_since > k_max_pending_age) {
        flush_log_locked();
    }
}

size_t SqliteHost::write_pending_log_locked() {
    if (m_pending_log.empty()) {
        return 0;
    }
    auto written = [&]() -> Outcome {
        for (const auto& line : m_pending_log) {
            TRY_ASSIGN(auto insert,
                       m_db.prepare("INSERT INTO connection_log (ts, level, store, reference, "
                                    "message) VALUES (?, ?, ?, ?, ?)"));
            TRY(insert.bind(1, line.ts_ms)
                    .bind(2, static_cast<int64_t>(line.level))
                    .bind_unowned(3, line.store)
                    .bind_unowned(4, line.reference)
                    .bind_unowned(5, line.message)
                    .run());
        }
        return {};
    }();
    if (!written) {
        // The messages themselves are not repeated: the log is the only place they may be kept.
        std::cerr << "amzconn-host: could not write the connection log: " << written.error().message
                  << "\n";
    }
    // Written or reported: either way they are done with once the transaction commits.
    return m_pending_log.size();
}

Result<Transaction> SqliteHost::begin_locked(size_t& logged) {
    TRY_ASSIGN(auto txn, Transaction::begin(m_db));
    logged = write_pending_log_locked();
    return txn;
}

Outcome SqliteHost::commit_locked(Transaction& txn, size_t logged) {
    TRY(txn.commit());
    m_pending_log.erase(m_pending_log.begin(),
                        m_pending_log.begin() + static_cast<std::ptrdiff_t>(logged));
    return {};
}

void SqliteHost::flush_log_locked() {
    if (m_pending_log.empty()) {
        return;
    }
    size_t logged = 0;
    auto txn = begin_locked(logged);
    auto committed = txn ? commit_locked(*txn, logged) : Outcome(txn.error());
    if (!committed) {
        std::cerr << "amzconn-host: could not write the connection log: "
                  << committed.error().message << "\n";
        m_pending_log.clear(); // as a failed write always did: reported, not retried forever
    }
}

void SqliteHost::end_job() {
    std::lock_guard lock(m_mutex);
    flush_log_locked();
    if (auto pruned = prune_log_locked(); !pruned) {
        std::cerr << "amzconn-host: could not prune the connection log: " << pruned.error().message
                  << "\n";
    }
}

Result<int64_t> SqliteHost::log_retention_locked() {
    TRY_ASSIGN(const auto retention, read_int_setting(m_db, k_log_retention));
    return retention.value_or(k_default_log_retention_ms);
}

Result<int64_t> SqliteHost::log_retention_ms() {
    std::lock_guard lock(m_mutex);
    return log_retention_locked();
}

Outcome SqliteHost::set_log_retention_ms(int64_t retention_ms) {
    if (retention_ms <= 0) {
        return Error{Status::bad_input, "log retention must be positive, e.g. 7d"};
    }
    std::lock_guard lock(m_mutex);
    return write_setting(m_db, k_log_retention, std::to_string(retention_ms));
}

Result<std::optional<std::string>> SqliteHost::installed_config() {
    std::lock_guard lock(m_mutex);
    return read_setting(m_db, k_installed_config);
}

Outcome SqliteHost::set_installed_config(std::string_view yaml) {
    std::lock_guard lock(m_mutex);
    return write_setting(m_db, k_installed_config, yaml);
}

Result<int64_t> SqliteHost::prune_log_locked() {
    TRY_ASSIGN(const int64_t retention, log_retention_locked());
    TRY_ASSIGN(auto erase, m_db.prepare("DELETE FROM connection_log WHERE ts < ?"));
    TRY(erase.bind(1, now_locked() - retention).run());
    return static_cast<int64_t>(m_db.changes());
}

Result<int64_t> SqliteHost::prune_log() {
    std::lock_guard lock(m_mutex);
    flush_log_locked();
    return prune_log_locked();
}

Result<std::vector<LogRecord>> SqliteHost::read_log(const LogQuery& spec) {
    std::lock_guard lock(m_mutex);
    flush_log_locked();
    std::string sql = "SELECT id, ts, level, store, reference, message FROM connection_log "
                      "WHERE level <= ?1 AND ts >= ?2 AND ts <= ?3 AND id > ?4";
    if (spec.store) {
        sql += " AND store = ?5";
    }
    if (spec.reference) {
        sql += " AND reference = ?6";
    }
    sql += " ORDER BY id";
    if (spec.limit > 0) {
        sql += " LIMIT " + std::to_string(spec.limit);
    }
    TRY_ASSIGN(auto query, m_db.prepare(sql));
    query.bind(1, static_cast<int64_t>(spec.max_level))
        .bind(2, spec.since_ms.value_or(INT64_MIN))
        .bind(3, spec.until_ms.value_or(INT64_MAX))
        .bind(4, spec.after_id);
    if (spec.store) {
        query.bind(5, *spec.store);
    }
    if (spec.reference) {
        query.bind(6, *spec.reference);
    }
    std::vector<LogRecord> records;
    while (true) {
        TRY_ASSIGN(const bool row, query.step());
        if (!row) {
            return records;
        }
        records.push_back(LogRecord{
            query.column_int(0), query.column_int(1), static_cast<LogLevel>(query.column_int(2)),
            query.column_text(3), query.column_text(4), query.column_text(5)});
    }
}

Result<std::vector<std::string>> SqliteHost::log_stores() {
    std::lock_guard lock(m_mutex);
    flush_log_locked();
    TRY_ASSIGN(auto query, m_db.prepare("SELECT DISTINCT store FROM connection_log WHERE store "
                                        "<> '' ORDER BY store"));
    std::vector<std::string> stores;
    while (true) {
        TRY_ASSIGN(const bool row, query.step());
        if (!row) {
            return stores;
        }
        stores.push_back(query.column_text(0));
    }
}

} // namespace amzconn::refhost
