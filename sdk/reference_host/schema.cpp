#include "schema.hpp"

#include <array>
#include <string>
#include <string_view>

namespace amzconn::refhost {

namespace {

// Append only: a shipped migration is never edited, a change is a new entry.
constexpr std::array<std::string_view, 3> k_migrations = {
    // 1: the host services.
    R"sql(
CREATE TABLE state (
    ns TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    PRIMARY KEY (ns, key)
) WITHOUT ROWID;
CREATE TABLE entities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    doc TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, key)
);
CREATE TABLE connection_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts INTEGER NOT NULL,
    level INTEGER NOT NULL,
    store TEXT NOT NULL,
    reference TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX connection_log_ts ON connection_log (ts);
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts INTEGER NOT NULL,
    kind TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE host_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 2: serve's per-store schedule bookkeeping.
    R"sql(
CREATE TABLE schedules (
    store TEXT NOT NULL,
    job TEXT NOT NULL,
    last_run_ms INTEGER NOT NULL,
    PRIMARY KEY (store, job)
) WITHOUT ROWID;
)sql",
    // 3: indexes for the top-level fields connectors look entities up by (entity_query pushes
    // equalities on these into SQL as json_extract(doc, '$.<field>') = ?).
    R"sql(
CREATE INDEX entities_idempotency_key ON entities (kind, json_extract(doc, '$.idempotency_key'));
CREATE INDEX entities_amazon_order_id ON entities (kind, json_extract(doc, '$.amazon_order_id'));
CREATE INDEX entities_code ON entities (kind, json_extract(doc, '$.code'));
CREATE INDEX entities_email ON entities (kind, json_extract(doc, '$.email'));
CREATE INDEX entities_product ON entities (kind, json_extract(doc, '$.product'));
CREATE INDEX entities_store ON entities (kind, json_extract(doc, '$.store'));
)sql",
};

Outcome ensure_version_table(Database& db) {
    return db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
}

} // namespace

int64_t current_schema_version() {
    return static_cast<int64_t>(k_migrations.size());
}

Result<int64_t> schema_version(Database& db) {
    if (auto ensured = ensure_version_table(db); !ensured) {
        return ensured.error();
    }
    auto query = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!query) {
        return query.error();
    }
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    return query->column_int(0);
}

Outcome migrate(Database& db) {
    auto found = schema_version(db);
    if (!found) {
        return found.error();
    }
    const int64_t current = current_schema_version();
    if (*found > current) {
        return Error{Status::incompatible,
                     "database " + db.path().string() + " has schema version " +
                         std::to_string(*found) + " but this amzconn-host knows only up to " +
                         std::to_string(current) + ": use a newer amzconn-host"};
    }
    for (int64_t version = *found + 1; version <= current; ++version) {
        auto txn = Transaction::begin(db);
        if (!txn) {
            return txn.error();
        }
        // Another process may have migrated while we waited for the write lock.
        auto again = schema_version(db);
        if (!again) {
            return again.error();
        }
        if (*again >= version) {
            continue;
        }
        const auto index = static_cast<size_t>(version - 1);
        if (auto applied = db.exec(k_migrations.at(index)); !applied) {
            return Error{applied.error().status, "schema migration " + std::to_string(version) +
                                                     " failed: " + applied.error().message};
        }
        auto record = db.prepare("INSERT INTO schema_version (version) VALUES (?)");
        if (!record) {
            return record.error();
        }
        if (auto ran = record->bind(1, version).run(); !ran) {
            return ran.error();
        }
        if (auto committed = txn->commit(); !committed) {
            return committed.error();
        }
    }
    return {};
}

} // namespace amzconn::refhost
