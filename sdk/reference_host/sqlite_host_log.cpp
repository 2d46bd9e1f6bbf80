// SqliteHost: the connection log, its retention and reading it back.
#include "escape_text.hpp"
#include "host_settings.hpp"
#include "sqlite_host.hpp"

#include <iostream>

namespace amzconn::refhost {

namespace {

constexpr std::string_view k_log_retention = "log_retention_ms";

} // namespace

void SqliteHost::log(LogLevel level, std::string_view store, std::string_view reference,
                     std::string_view message) {
    std::lock_guard lock(m_mutex);
    auto written = [&]() -> Outcome {
        TRY_ASSIGN(auto insert,
                   m_db.prepare("INSERT INTO connection_log (ts, level, store, reference, "
                                "message) VALUES (?, ?, ?, ?, ?)"));
        // Stored escaped: a CR/LF in an order id or message can never forge a line later.
        return insert.bind(1, now_locked())
            .bind(2, static_cast<int64_t>(level))
            .bind(3, escape_controls(store))
            .bind(4, escape_controls(reference))
            .bind(5, escape_controls(message))
            .run();
    }();
    if (!written) {
        // The message itself is not repeated: the log is the only place it may be kept.
        std::cerr << "amzconn-host: could not write the connection log: " << written.error().message
                  << "\n";
        return;
    }
    // Pruning on every write keeps the table bounded; the ts index makes it cheap.
    (void)prune_log_locked();
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

Result<int64_t> SqliteHost::prune_log_locked() {
    TRY_ASSIGN(const int64_t retention, log_retention_locked());
    TRY_ASSIGN(auto erase, m_db.prepare("DELETE FROM connection_log WHERE ts < ?"));
    TRY(erase.bind(1, now_locked() - retention).run());
    return static_cast<int64_t>(m_db.changes());
}

Result<int64_t> SqliteHost::prune_log() {
    std::lock_guard lock(m_mutex);
    return prune_log_locked();
}

Result<std::vector<LogRecord>> SqliteHost::read_log(const LogQuery& spec) {
    std::lock_guard lock(m_mutex);
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
