#include "schema.hpp"

#include <array>
#include <string>
#include <string_view>

namespace amzconn::refhost {

namespace {

// Append only: a shipped migration is never edited, a change is a new entry.
constexpr std::array<std::string_view, 6> k_migrations = {
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
    // 4: secret values are sealed with the key file (secret_store.hpp); rows an older host wrote
    // in clear text keep sealed = 0 until SqliteHost::open seals them.
    R"sql(
ALTER TABLE secrets ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
)sql",
    // 5: migration 3's indexes hold only the entities that have the field: a customer is not
    // in the idempotency-key index, nor an order in the email one. Each write touched all six
    // (a B-tree page each, written whole at every commit); the equalities entity_query pushes
    // imply IS NOT NULL, so SQLite still uses them.
    R"sql(
DROP INDEX entities_idempotency_key;
CREATE INDEX entities_idempotency_key ON entities (kind, json_extract(doc, '$.idempotency_key'))
    WHERE json_extract(doc, '$.idempotency_key') IS NOT NULL;
DROP INDEX entities_amazon_order_id;
CREATE INDEX entities_amazon_order_id ON entities (kind, json_extract(doc, '$.amazon_order_id'))
    WHERE json_extract(doc, '$.amazon_order_id') IS NOT NULL;
DROP INDEX entities_code;
CREATE INDEX entities_code ON entities (kind, json_extract(doc, '$.code'))
    WHERE json_extract(doc, '$.code') IS NOT NULL;
DROP INDEX entities_email;
CREATE INDEX entities_email ON entities (kind, json_extract(doc, '$.email'))
    WHERE json_extract(doc, '$.email') IS NOT NULL;
DROP INDEX entities_product;
CREATE INDEX entities_product ON entities (kind, json_extract(doc, '$.product'))
    WHERE json_extract(doc, '$.product') IS NOT NULL;
DROP INDEX entities_store;
CREATE INDEX entities_store ON entities (kind, json_extract(doc, '$.store'))
    WHERE json_extract(doc, '$.store') IS NOT NULL;
)sql",
    // 6: when a job's last report asked to run again (retry_after_s), serve runs it then rather
    // than on its schedule; NULL: on its schedule.
    R"sql(
ALTER TABLE schedules ADD COLUMN retry_at_ms INTEGER;
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
    TRY(ensure_version_table(db));
    TRY_ASSIGN(auto query, db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    TRY(query.step());
    return query.column_int(0);
}

namespace {

// Applies migration `version` unless another process did while we waited for the write lock.
Outcome apply_migration(Database& db, int64_t version) {
    TRY_ASSIGN(auto txn, Transaction::begin(db));
    TRY_ASSIGN(const int64_t again, schema_version(db));
    if (again >= version) {
        return {};
    }
    const auto index = static_cast<size_t>(version - 1);
    if (auto applied = db.exec(k_migrations.at(index)); !applied) {
        return Error{applied.error().status, "schema migration " + std::to_string(version) +
                                                 " failed: " + applied.error().message};
    }
    TRY_ASSIGN(auto record, db.prepare("INSERT INTO schema_version (version) VALUES (?)"));
    TRY(record.bind(1, version).run());
    return txn.commit();
}

} // namespace

Outcome migrate(Database& db) {
    TRY_ASSIGN(const int64_t found, schema_version(db));
    const int64_t current = current_schema_version();
    if (found > current) {
        return Error{Status::incompatible,
                     "database " + db.path().string() + " has schema version " +
                         std::to_string(found) + " but this amzconn-host knows only up to " +
                         std::to_string(current) + ": use a newer amzconn-host"};
    }
    for (int64_t version = found + 1; version <= current; ++version) {
        TRY(apply_migration(db, version));
    }
    return {};
}

} // namespace amzconn::refhost
