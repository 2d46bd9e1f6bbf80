// SqliteHost: state with compare-and-set, and transact (state and entity writes in one
// transaction).
#include "host_settings.hpp"
#include "sqlite_host.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

constexpr std::string_view k_state_seq = "state_version_seq";

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

// The key's current version (AMZC_VERSION_ABSENT when missing), refused when it is not the
// expected one.
Outcome check_current_version(Database& db, std::string_view ns, std::string_view key,
                              int64_t expected_version) {
    TRY(check_expected_version(expected_version));
    TRY_ASSIGN(auto query, db.prepare("SELECT version FROM state WHERE ns = ? AND key = ?"));
    query.bind(1, ns).bind(2, key);
    TRY_ASSIGN(const bool found, query.step());
    const int64_t current = found ? query.column_int(0) : AMZC_VERSION_ABSENT;
    if (expected_version != AMZC_VERSION_ANY && expected_version != current) {
        return Error{Status::conflict,
                     describe(ns, key) + " is at version " + std::to_string(current) + ", not " +
                         std::to_string(expected_version) + ": read it again and retry"};
    }
    return {};
}

// One sequence for the whole file: a key deleted and re-created never reuses a version, so a
// stale compare-and-set cannot succeed by accident (no ABA).
Result<int64_t> next_state_version(Database& db) {
    TRY_ASSIGN(const auto current, read_int_setting(db, k_state_seq));
    const int64_t next = current.value_or(0) + 1;
    TRY(write_setting(db, k_state_seq, std::to_string(next)));
    return next;
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

Result<StateValue> SqliteHost::state_get(std::string_view ns, std::string_view key) {
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(auto query,
               m_db.prepare("SELECT value, version FROM state WHERE ns = ? AND key = ?"));
    query.bind(1, ns).bind(2, key);
    TRY_ASSIGN(const bool found, query.step());
    if (!found) {
        return Error{Status::not_found, describe(ns, key) + " does not exist"};
    }
    return StateValue{query.column_text(0), query.column_int(1)};
}

Result<int64_t> SqliteHost::put_locked(std::string_view ns, std::string_view key,
                                       std::string_view value, int64_t expected_version) {
    TRY(check_current_version(m_db, ns, key, expected_version));
    TRY_ASSIGN(const int64_t version, next_state_version(m_db));
    TRY_ASSIGN(auto write,
               m_db.prepare("INSERT INTO state (ns, key, value, version) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, "
                            "version = excluded.version"));
    TRY(write.bind(1, ns).bind(2, key).bind(3, value).bind(4, version).run());
    return version;
}

Result<int64_t> SqliteHost::state_put(std::string_view ns, std::string_view key,
                                      std::string_view value, int64_t expected_version) {
    std::lock_guard lock(m_mutex);
    size_t logged = 0;
    TRY_ASSIGN(auto txn, begin_locked(logged));
    TRY_ASSIGN(const int64_t version, put_locked(ns, key, value, expected_version));
    TRY(commit_locked(txn, logged));
    return version;
}

Outcome SqliteHost::delete_locked(std::string_view ns, std::string_view key,
                                  int64_t expected_version) {
    TRY(check_current_version(m_db, ns, key, expected_version));
    TRY_ASSIGN(auto erase, m_db.prepare("DELETE FROM state WHERE ns = ? AND key = ?"));
    return erase.bind(1, ns).bind(2, key).run();
}

Outcome SqliteHost::state_delete(std::string_view ns, std::string_view key,
                                 int64_t expected_version) {
    std::lock_guard lock(m_mutex);
    size_t logged = 0;
    TRY_ASSIGN(auto txn, begin_locked(logged));
    TRY(delete_locked(ns, key, expected_version));
    return commit_locked(txn, logged);
}

Result<std::vector<StateEntry>> SqliteHost::state_list(std::string_view ns,
                                                       std::string_view prefix) {
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(auto query, m_db.prepare("SELECT key, value, version FROM state WHERE ns = ? AND "
                                        "substr(key, 1, length(?2)) = ?2 ORDER BY key"));
    query.bind(1, ns).bind(2, prefix);
    std::vector<StateEntry> entries;
    while (true) {
        TRY_ASSIGN(const bool row, query.step());
        if (!row) {
            return entries;
        }
        entries.push_back(
            StateEntry{query.column_text(0), query.column_text(1), query.column_int(2)});
    }
}

Result<json::object> SqliteHost::transact_op_locked(json::value& item, size_t index) {
    const std::string where = "transact op #" + std::to_string(index) + ": ";
    auto* op = item.if_object();
    const json::value* name = op ? op->if_contains("op") : nullptr;
    if (name == nullptr || !name->is_string()) {
        return Error{Status::bad_input, where + "each op must be an object with \"op\""};
    }
    const std::string_view kind_of_op = name->as_string();
    if (kind_of_op == "state_put") {
        TRY_ASSIGN(const auto ns, string_field(*op, "ns", index));
        TRY_ASSIGN(const auto key, string_field(*op, "key", index));
        TRY_ASSIGN(const auto expected, version_field(*op, index));
        TRY_ASSIGN(const auto value, string_field(*op, "value", index));
        auto version = put_locked(ns, key, value, expected);
        if (!version) {
            return prefixed(version.error(), where);
        }
        return json::object{{"version", *version}};
    }
    if (kind_of_op == "state_delete") {
        TRY_ASSIGN(const auto ns, string_field(*op, "ns", index));
        TRY_ASSIGN(const auto key, string_field(*op, "key", index));
        TRY_ASSIGN(const auto expected, version_field(*op, index));
        if (auto erased = delete_locked(ns, key, expected); !erased) {
            return prefixed(erased.error(), where);
        }
        return json::object{{"deleted", true}};
    }
    if (kind_of_op == "upsert") {
        TRY_ASSIGN(const auto kind, string_field(*op, "kind", index));
        TRY_ASSIGN(const auto key, string_field(*op, "key", index));
        auto* doc = op->if_contains("doc");
        if (doc == nullptr) {
            return Error{Status::bad_input, where + "\"doc\" is missing"};
        }
        // The document may come as an object (already parsed: validated as a tree and moved
        // into the row, never serialised but once) or as JSON text.
        const std::string doc_text = doc->is_string()   ? std::string(doc->as_string())
                                     : doc->is_object() ? std::string()
                                                        : json::serialize(*doc);
        auto upserted = upsert_locked(kind, key, doc_text, doc->is_object() ? doc : nullptr);
        if (!upserted) {
            return prefixed(upserted.error(), where);
        }
        return json::object{
            {"id", upserted->id}, {"created", upserted->created}, {"changed", upserted->changed}};
    }
    return Error{Status::bad_input, where + "unknown op \"" + std::string(kind_of_op) +
                                        "\": use state_put, state_delete or upsert"};
}

Result<std::string> SqliteHost::transact(std::string_view ops_json) {
    // The ops live only for this call: parsed into one arena (no malloc per value, no walk to
    // free them); each document is serialised into its row and the rest is dropped at once.
    json::monotonic_resource arena(ops_json.size() * 2 + 1024);
    boost::system::error_code ec;
    json::value parsed = json::parse(ops_json, ec, &arena);
    if (ec || !parsed.is_array()) {
        return Error{Status::bad_input, "transact: ops must be a JSON array of "
                                        "{\"op\":\"state_put\"|\"state_delete\"|\"upsert\",...}"};
    }
    std::lock_guard lock(m_mutex);
    size_t logged = 0;
    TRY_ASSIGN(auto txn, begin_locked(logged));
    json::array results;
    for (auto& item : parsed.as_array()) {
        TRY_ASSIGN(auto result, transact_op_locked(item, results.size()));
        results.push_back(std::move(result));
    }
    TRY(commit_locked(txn, logged));
    return json::serialize(results);
}

} // namespace amzconn::refhost
