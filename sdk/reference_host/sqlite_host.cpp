#include "sqlite_host.hpp"

#include "entity_filter.hpp"
#include "schema.hpp"
#include "shutdown.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <iostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

constexpr std::string_view k_clock_mode = "clock_mode";
constexpr std::string_view k_virtual_now = "virtual_now_ms";
constexpr std::string_view k_log_retention = "log_retention_ms";
constexpr std::string_view k_state_seq = "state_version_seq";

int64_t real_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<int64_t> to_int64(std::string_view text) {
    int64_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return number;
}

std::string describe(std::string_view ns, std::string_view key) {
    return "state " + std::string(ns) + "/" + std::string(key);
}

Outcome check_expected_version(int64_t expected_version) {
    if (expected_version < AMZC_VERSION_ANY) {
        return Error{Status::bad_input,
                     "expected_version " + std::to_string(expected_version) +
                         " is invalid: use -1 (any), 0 (absent) or a version read before"};
    }
    return {};
}

std::string secret_env_name(std::string_view name) {
    std::string env = "AMZCONN_SECRET_";
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        env += std::isalnum(byte) ? static_cast<char>(std::toupper(byte)) : '_';
    }
    return env;
}

Result<std::string> string_field(const json::object& op, std::string_view field, size_t index) {
    const auto* value = op.if_contains(field);
    if (value == nullptr || !value->is_string()) {
        return Error{Status::bad_input, "transact op #" + std::to_string(index) + ": \"" +
                                            std::string(field) + "\" must be a string"};
    }
    return std::string(value->as_string());
}

Result<int64_t> version_field(const json::object& op, size_t index) {
    const auto* value = op.if_contains("expected_version");
    if (value == nullptr || value->is_null()) {
        return AMZC_VERSION_ANY;
    }
    if (value->is_int64()) {
        return value->as_int64();
    }
    if (value->is_uint64() && value->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
        return static_cast<int64_t>(value->as_uint64());
    }
    return Error{Status::bad_input, "transact op #" + std::to_string(index) +
                                        ": \"expected_version\" must be an integer"};
}

Error prefixed(const Error& error, const std::string& prefix) {
    return Error{error.status, prefix + error.message};
}

} // namespace

SqliteHost::SqliteHost(Database db, SqliteHostOptions options)
    : m_db(std::move(db)), m_options(std::move(options)) {}

Result<std::unique_ptr<SqliteHost>> SqliteHost::open(const std::filesystem::path& file,
                                                     SqliteHostOptions options) {
    auto db = Database::open(file);
    if (!db) {
        return db.error();
    }
    if (auto migrated = migrate(*db); !migrated) {
        return migrated.error();
    }
    return std::unique_ptr<SqliteHost>(new SqliteHost(std::move(*db), std::move(options)));
}

Result<int64_t> SqliteHost::schema_version() {
    std::lock_guard lock(m_mutex);
    return refhost::schema_version(m_db);
}

// --- settings and clock ---------------------------------------------------------------------

Result<std::optional<std::string>> SqliteHost::setting_locked(std::string_view name) {
    auto query = m_db.prepare("SELECT value FROM host_settings WHERE name = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, name);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<std::string>{};
    }
    return std::optional<std::string>{query->column_text(0)};
}

Outcome SqliteHost::set_setting_locked(std::string_view name, std::string_view value) {
    auto upsert = m_db.prepare("INSERT INTO host_settings (name, value) VALUES (?, ?) "
                               "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    if (!upsert) {
        return upsert.error();
    }
    return upsert->bind(1, name).bind(2, value).run();
}

int64_t SqliteHost::now_locked() {
    auto mode = setting_locked(k_clock_mode);
    if (!mode || !mode->has_value() || **mode != "virtual") {
        return real_now_ms();
    }
    auto now = setting_locked(k_virtual_now);
    if (now && now->has_value()) {
        if (auto parsed = to_int64(**now)) {
            return *parsed;
        }
    }
    return real_now_ms();
}

int64_t SqliteHost::now_ms() {
    std::lock_guard lock(m_mutex);
    return now_locked();
}

Result<bool> SqliteHost::clock_is_virtual() {
    std::lock_guard lock(m_mutex);
    auto mode = setting_locked(k_clock_mode);
    if (!mode) {
        return mode.error();
    }
    return mode->has_value() && **mode == "virtual";
}

Outcome SqliteHost::set_virtual_clock(int64_t epoch_ms) {
    std::lock_guard lock(m_mutex);
    auto txn = Transaction::begin(m_db);
    if (!txn) {
        return txn.error();
    }
    if (auto set = set_setting_locked(k_clock_mode, "virtual"); !set) {
        return set;
    }
    if (auto set = set_setting_locked(k_virtual_now, std::to_string(epoch_ms)); !set) {
        return set;
    }
    return txn->commit();
}

Outcome SqliteHost::advance_clock(int64_t delta_ms) {
    std::lock_guard lock(m_mutex);
    if (delta_ms < 0) {
        return Error{Status::bad_input, "the clock only moves forward: give a positive duration"};
    }
    auto txn = Transaction::begin(m_db);
    if (!txn) {
        return txn.error();
    }
    auto mode = setting_locked(k_clock_mode);
    if (!mode) {
        return mode.error();
    }
    if (!mode->has_value() || **mode != "virtual") {
        return Error{Status::bad_input, "the clock is real: run `amzconn-host clock set "
                                        "2026-01-01T00:00:00Z` first to use a virtual clock"};
    }
    const int64_t now = now_locked();
    if (auto set = set_setting_locked(k_virtual_now, std::to_string(now + delta_ms)); !set) {
        return set;
    }
    return txn->commit();
}

Outcome SqliteHost::use_real_clock() {
    std::lock_guard lock(m_mutex);
    return set_setting_locked(k_clock_mode, "real");
}

Outcome SqliteHost::sleep_ms(int64_t ms) {
    if (shutdown_requested()) {
        return Error{Status::cancelled, "amzconn-host is shutting down: stop at a safe point"};
    }
    if (ms <= 0) {
        return {};
    }
    auto is_virtual = clock_is_virtual();
    if (is_virtual && *is_virtual) {
        return advance_clock(ms);
    }
    if (!wait_unless_shutdown(ms)) {
        return Error{Status::cancelled, "amzconn-host is shutting down: stop at a safe point"};
    }
    return {};
}

// --- state --------------------------------------------------------------------------------------

Result<StateValue> SqliteHost::state_get(std::string_view ns, std::string_view key) {
    std::lock_guard lock(m_mutex);
    auto query = m_db.prepare("SELECT value, version FROM state WHERE ns = ? AND key = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, ns).bind(2, key);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return Error{Status::not_found, describe(ns, key) + " does not exist"};
    }
    return StateValue{query->column_text(0), query->column_int(1)};
}

Result<int64_t> SqliteHost::next_state_version_locked() {
    // One sequence for the whole file: a key deleted and re-created never reuses a version, so a
    // stale compare-and-set cannot succeed by accident (no ABA).
    auto current = setting_locked(k_state_seq);
    if (!current) {
        return current.error();
    }
    int64_t next = 1;
    if (current->has_value()) {
        next = to_int64(**current).value_or(0) + 1;
    }
    if (auto set = set_setting_locked(k_state_seq, std::to_string(next)); !set) {
        return set.error();
    }
    return next;
}

Result<int64_t> SqliteHost::put_locked(std::string_view ns, std::string_view key,
                                       std::string_view value, int64_t expected_version) {
    if (auto checked = check_expected_version(expected_version); !checked) {
        return checked.error();
    }
    auto query = m_db.prepare("SELECT version FROM state WHERE ns = ? AND key = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, ns).bind(2, key);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    const int64_t current = *row ? query->column_int(0) : AMZC_VERSION_ABSENT;
    if (expected_version != AMZC_VERSION_ANY && expected_version != current) {
        return Error{Status::conflict,
                     describe(ns, key) + " is at version " + std::to_string(current) + ", not " +
                         std::to_string(expected_version) + ": read it again and retry"};
    }
    auto version = next_state_version_locked();
    if (!version) {
        return version.error();
    }
    auto write = m_db.prepare("INSERT INTO state (ns, key, value, version) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, "
                              "version = excluded.version");
    if (!write) {
        return write.error();
    }
    if (auto ran = write->bind(1, ns).bind(2, key).bind(3, value).bind(4, *version).run(); !ran) {
        return ran.error();
    }
    return *version;
}

Result<int64_t> SqliteHost::state_put(std::string_view ns, std::string_view key,
                                      std::string_view value, int64_t expected_version) {
    std::lock_guard lock(m_mutex);
    auto txn = Transaction::begin(m_db);
    if (!txn) {
        return txn.error();
    }
    auto version = put_locked(ns, key, value, expected_version);
    if (!version) {
        return version;
    }
    if (auto committed = txn->commit(); !committed) {
        return committed.error();
    }
    return version;
}

Outcome SqliteHost::delete_locked(std::string_view ns, std::string_view key,
                                  int64_t expected_version) {
    if (auto checked = check_expected_version(expected_version); !checked) {
        return checked;
    }
    auto query = m_db.prepare("SELECT version FROM state WHERE ns = ? AND key = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, ns).bind(2, key);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    const int64_t current = *row ? query->column_int(0) : AMZC_VERSION_ABSENT;
    if (expected_version != AMZC_VERSION_ANY && expected_version != current) {
        return Error{Status::conflict,
                     describe(ns, key) + " is at version " + std::to_string(current) + ", not " +
                         std::to_string(expected_version) + ": read it again and retry"};
    }
    auto erase = m_db.prepare("DELETE FROM state WHERE ns = ? AND key = ?");
    if (!erase) {
        return erase.error();
    }
    return erase->bind(1, ns).bind(2, key).run();
}

Outcome SqliteHost::state_delete(std::string_view ns, std::string_view key,
                                 int64_t expected_version) {
    std::lock_guard lock(m_mutex);
    auto txn = Transaction::begin(m_db);
    if (!txn) {
        return txn.error();
    }
    if (auto erased = delete_locked(ns, key, expected_version); !erased) {
        return erased;
    }
    return txn->commit();
}

Result<std::vector<StateEntry>> SqliteHost::state_list(std::string_view ns,
                                                       std::string_view prefix) {
    std::lock_guard lock(m_mutex);
    auto query = m_db.prepare("SELECT key, value, version FROM state WHERE ns = ? AND "
                              "substr(key, 1, length(?2)) = ?2 ORDER BY key");
    if (!query) {
        return query.error();
    }
    query->bind(1, ns).bind(2, prefix);
    std::vector<StateEntry> entries;
    while (true) {
        auto row = query->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        entries.push_back(
            StateEntry{query->column_text(0), query->column_text(1), query->column_int(2)});
    }
    return entries;
}

// --- entities -----------------------------------------------------------------------------------

Result<UpsertResult> SqliteHost::upsert_locked(std::string_view kind, std::string_view key,
                                               std::string_view doc_json) {
    const std::string what = std::string(kind) + " '" + std::string(key) + "'";
    if (kind.empty() || key.empty()) {
        return Error{Status::bad_input, "entity upsert needs a kind and a non-empty key"};
    }
    if (m_options.validate_entity) {
        if (auto valid = m_options.validate_entity(kind, doc_json); !valid) {
            return Error{Status::bad_input, what + ": " + valid.error().message};
        }
    }
    boost::system::error_code ec;
    json::value doc = json::parse(doc_json, ec);
    if (ec || !doc.is_object()) {
        return Error{Status::bad_input, what + ": the document must be a JSON object"};
    }
    // "id" is the host's, added on query; a document read back and written again stays the same.
    doc.as_object().erase("id");
    const std::string stored = json::serialize(doc);
    const int64_t now = now_locked();

    auto query = m_db.prepare("SELECT id, doc FROM entities WHERE kind = ? AND key = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, kind).bind(2, key);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        auto insert = m_db.prepare("INSERT INTO entities (kind, key, doc, created_at, updated_at) "
                                   "VALUES (?, ?, ?, ?, ?)");
        if (!insert) {
            return insert.error();
        }
        if (auto ran =
                insert->bind(1, kind).bind(2, key).bind(3, stored).bind(4, now).bind(5, now).run();
            !ran) {
            return ran.error();
        }
        return UpsertResult{std::to_string(m_db.last_insert_rowid()), true, true};
    }
    const int64_t id = query->column_int(0);
    json::value previous = json::parse(query->column_text(1), ec);
    if (!ec && previous == doc) {
        return UpsertResult{std::to_string(id), false, false};
    }
    auto update = m_db.prepare("UPDATE entities SET doc = ?, updated_at = ? WHERE id = ?");
    if (!update) {
        return update.error();
    }
    if (auto ran = update->bind(1, stored).bind(2, now).bind(3, id).run(); !ran) {
        return ran.error();
    }
    return UpsertResult{std::to_string(id), false, true};
}

Result<UpsertResult> SqliteHost::entity_upsert(std::string_view kind, std::string_view key,
                                               std::string_view doc_json) {
    std::lock_guard lock(m_mutex);
    auto txn = Transaction::begin(m_db);
    if (!txn) {
        return txn.error();
    }
    auto result = upsert_locked(kind, key, doc_json);
    if (!result) {
        return result;
    }
    if (auto committed = txn->commit(); !committed) {
        return committed.error();
    }
    return result;
}

Result<std::string> SqliteHost::entity_query(std::string_view kind, std::string_view filter_json) {
    auto filter = parse_entity_filter(filter_json);
    if (!filter) {
        return filter.error();
    }
    // Equalities on plain top-level fields narrow the scan in SQL (and can use the expression
    // indexes of schema migration 3); `matches` below still decides, so results are unchanged.
    std::string sql = "SELECT id, doc FROM entities WHERE kind = ? AND id > ?";
    std::vector<const json::value*> pushed;
    for (const auto& [path, value] : filter->equalities) {
        const bool plain = !path.empty() && std::all_of(path.begin(), path.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
        if (plain && (value.is_string() || value.is_int64())) {
            sql += " AND json_extract(doc, '$." + path + "') = ?";
            pushed.push_back(&value);
        }
    }
    sql += " ORDER BY id";
    std::lock_guard lock(m_mutex);
    auto query = m_db.prepare(sql);
    if (!query) {
        return query.error();
    }
    query->bind(1, kind).bind(2, filter->after);
    int index = 3;
    for (const auto* value : pushed) {
        if (value->is_string()) {
            query->bind(index++, std::string_view(value->as_string()));
        } else {
            query->bind(index++, value->as_int64());
        }
    }
    json::array out;
    while (filter->limit == 0 || static_cast<int64_t>(out.size()) < filter->limit) {
        auto row = query->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        boost::system::error_code ec;
        json::value doc = json::parse(query->column_text(1), ec);
        if (ec || !doc.is_object()) {
            continue; // written by this host, so unreachable short of manual edits
        }
        if (!matches(*filter, doc)) {
            continue;
        }
        doc.as_object()["id"] = std::to_string(query->column_int(0));
        out.push_back(std::move(doc));
    }
    return json::serialize(out);
}

Result<std::string> SqliteHost::transact(std::string_view ops_json) {
    boost::system::error_code ec;
    json::value parsed = json::parse(ops_json, ec);
    if (ec || !parsed.is_array()) {
        return Error{Status::bad_input, "transact: ops must be a JSON array of "
                                        "{\"op\":\"state_put\"|\"state_delete\"|\"upsert\",...}"};
    }
    std::lock_guard lock(m_mutex);
    auto txn = Transaction::begin(m_db);
    if (!txn) {
        return txn.error();
    }
    json::array results;
    size_t index = 0;
    for (const auto& item : parsed.as_array()) {
        const std::string where = "transact op #" + std::to_string(index) + ": ";
        const auto* op = item.if_object();
        const json::value* name = op ? op->if_contains("op") : nullptr;
        if (name == nullptr || !name->is_string()) {
            return Error{Status::bad_input, where + "each op must be an object with \"op\""};
        }
        const std::string_view kind_of_op = name->as_string();
        if (kind_of_op == "state_put" || kind_of_op == "state_delete") {
            auto ns = string_field(*op, "ns", index);
            auto key = string_field(*op, "key", index);
            auto expected = version_field(*op, index);
            if (!ns || !key || !expected) {
                return !ns ? ns.error() : !key ? key.error() : expected.error();
            }
            if (kind_of_op == "state_put") {
                auto value = string_field(*op, "value", index);
                if (!value) {
                    return value.error();
                }
                auto version = put_locked(*ns, *key, *value, *expected);
                if (!version) {
                    return prefixed(version.error(), where);
                }
                results.push_back(json::object{{"version", *version}});
            } else {
                if (auto erased = delete_locked(*ns, *key, *expected); !erased) {
                    return prefixed(erased.error(), where);
                }
                results.push_back(json::object{{"deleted", true}});
            }
        } else if (kind_of_op == "upsert") {
            auto kind = string_field(*op, "kind", index);
            auto key = string_field(*op, "key", index);
            if (!kind || !key) {
                return !kind ? kind.error() : key.error();
            }
            const auto* doc = op->if_contains("doc");
            if (doc == nullptr) {
                return Error{Status::bad_input, where + "\"doc\" is missing"};
            }
            // The document may come as an object or as JSON text.
            const std::string doc_text =
                doc->is_string() ? std::string(doc->as_string()) : json::serialize(*doc);
            auto upserted = upsert_locked(*kind, *key, doc_text);
            if (!upserted) {
                return prefixed(upserted.error(), where);
            }
            results.push_back(json::object{{"id", upserted->id},
                                           {"created", upserted->created},
                                           {"changed", upserted->changed}});
        } else {
            return Error{Status::bad_input, where + "unknown op \"" + std::string(kind_of_op) +
                                                "\": use state_put, state_delete or upsert"};
        }
        ++index;
    }
    if (auto committed = txn->commit(); !committed) {
        return committed.error();
    }
    return json::serialize(results);
}

// --- log ---------------------------------------------------------------------------------------

void SqliteHost::log(LogLevel level, std::string_view store, std::string_view reference,
                     std::string_view message) {
    std::lock_guard lock(m_mutex);
    auto insert = m_db.prepare("INSERT INTO connection_log (ts, level, store, reference, message) "
                               "VALUES (?, ?, ?, ?, ?)");
    Outcome written = insert ? insert->bind(1, now_locked())
                                   .bind(2, static_cast<int64_t>(level))
                                   .bind(3, store)
                                   .bind(4, reference)
                                   .bind(5, message)
                                   .run()
                             : Outcome(insert.error());
    if (!written) {
        // The message itself is not repeated: the log is the only place it may be kept.
        std::cerr << "amzconn-host: could not write the connection log: " << written.error().message
                  << "\n";
        return;
    }
    // Pruning on every write keeps the table bounded; the ts index makes it cheap.
    (void)prune_log_locked();
}

Result<int64_t> SqliteHost::log_retention_ms() {
    std::lock_guard lock(m_mutex);
    auto value = setting_locked(k_log_retention);
    if (!value) {
        return value.error();
    }
    if (!value->has_value()) {
        return k_default_log_retention_ms;
    }
    return to_int64(**value).value_or(k_default_log_retention_ms);
}

Outcome SqliteHost::set_log_retention_ms(int64_t retention_ms) {
    if (retention_ms <= 0) {
        return Error{Status::bad_input, "log retention must be positive, e.g. 7d"};
    }
    std::lock_guard lock(m_mutex);
    return set_setting_locked(k_log_retention, std::to_string(retention_ms));
}

Result<int64_t> SqliteHost::prune_log_locked() {
    auto retention = log_retention_ms();
    if (!retention) {
        return retention.error();
    }
    auto erase = m_db.prepare("DELETE FROM connection_log WHERE ts < ?");
    if (!erase) {
        return erase.error();
    }
    if (auto ran = erase->bind(1, now_locked() - *retention).run(); !ran) {
        return ran.error();
    }
    return static_cast<int64_t>(m_db.changes());
}

Result<int64_t> SqliteHost::prune_log() {
    std::lock_guard lock(m_mutex);
    return prune_log_locked();
}

Result<std::vector<LogRecord>> SqliteHost::read_log(const LogQuery& query_spec) {
    std::lock_guard lock(m_mutex);
    std::string sql = "SELECT id, ts, level, store, reference, message FROM connection_log "
                      "WHERE level <= ?1 AND ts >= ?2";
    if (query_spec.store) {
        sql += " AND store = ?3";
    }
    sql += " ORDER BY id";
    if (query_spec.limit > 0) {
        sql += " LIMIT " + std::to_string(query_spec.limit);
    }
    auto query = m_db.prepare(sql);
    if (!query) {
        return query.error();
    }
    query->bind(1, static_cast<int64_t>(query_spec.max_level));
    query->bind(2, query_spec.since_ms.value_or(INT64_MIN));
    if (query_spec.store) {
        query->bind(3, *query_spec.store);
    }
    std::vector<LogRecord> records;
    while (true) {
        auto row = query->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        records.push_back(LogRecord{
            query->column_int(0), query->column_int(1), static_cast<LogLevel>(query->column_int(2)),
            query->column_text(3), query->column_text(4), query->column_text(5)});
    }
    return records;
}

// --- secrets, events, progress, schedules ----------------------------------------------------

Result<std::string> SqliteHost::secret_get(std::string_view name) {
    if (name.empty()) {
        return Error{Status::bad_input, "secret name is empty"};
    }
    {
        std::lock_guard lock(m_mutex);
        auto query = m_db.prepare("SELECT value FROM secrets WHERE name = ?");
        if (!query) {
            return query.error();
        }
        query->bind(1, name);
        auto row = query->step();
        if (!row) {
            return row.error();
        }
        if (*row) {
            return query->column_text(0);
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
    auto upsert = m_db.prepare("INSERT INTO secrets (name, value) VALUES (?, ?) "
                               "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    if (!upsert) {
        return upsert.error();
    }
    return upsert->bind(1, name).bind(2, value).run();
}

Result<int64_t> SqliteHost::record_event(std::string_view kind, std::string_view event_json) {
    std::lock_guard lock(m_mutex);
    auto insert = m_db.prepare("INSERT INTO events (ts, kind, doc) VALUES (?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    if (auto ran = insert->bind(1, now_locked()).bind(2, kind).bind(3, event_json).run(); !ran) {
        return ran.error();
    }
    return m_db.last_insert_rowid();
}

void SqliteHost::progress(std::string_view job, std::string_view store, uint64_t done,
                          uint64_t total, std::string_view message) {
    std::lock_guard lock(m_progress_mutex);
    std::ostream& out = m_options.progress_out ? *m_options.progress_out : std::cerr;
    out << job;
    if (!store.empty()) {
        out << ' ' << store;
    }
    out << ": " << done;
    if (total > 0) {
        out << '/' << total;
    }
    if (!message.empty()) {
        out << ' ' << message;
    }
    out << '\n' << std::flush;
}

Result<std::optional<int64_t>> SqliteHost::last_run(std::string_view store, std::string_view job) {
    std::lock_guard lock(m_mutex);
    auto query = m_db.prepare("SELECT last_run_ms FROM schedules WHERE store = ? AND job = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, store).bind(2, job);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<int64_t>{};
    }
    return std::optional<int64_t>{query->column_int(0)};
}

Outcome SqliteHost::set_last_run(std::string_view store, std::string_view job, int64_t epoch_ms) {
    std::lock_guard lock(m_mutex);
    auto upsert = m_db.prepare("INSERT INTO schedules (store, job, last_run_ms) VALUES (?, ?, ?) "
                               "ON CONFLICT (store, job) DO UPDATE SET "
                               "last_run_ms = excluded.last_run_ms");
    if (!upsert) {
        return upsert.error();
    }
    return upsert->bind(1, store).bind(2, job).bind(3, epoch_ms).run();
}

} // namespace amzconn::refhost
