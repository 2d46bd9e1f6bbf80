// SqliteHost: entities, (kind, key) -> document, validated before every write.
#include "entity_filter.hpp"
#include "sqlite_host.hpp"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

Result<json::value> document_of(std::string_view what, json::value doc) {
    if (!doc.is_object()) {
        return Error{Status::bad_input, std::string(what) + ": the document must be a JSON object"};
    }
    // "id" is the host's, added on query; a document read back and written again stays the same.
    doc.as_object().erase("id");
    return doc;
}

Result<json::value> parse_document(std::string_view what, std::string_view doc_json) {
    boost::system::error_code ec;
    json::value doc = json::parse(doc_json, ec);
    if (ec) {
        return Error{Status::bad_input, std::string(what) + ": the document must be a JSON object"};
    }
    return document_of(what, std::move(doc));
}

// Equalities on plain top-level fields narrow the scan in SQL (and can use the expression
// indexes of schema migration 3); `matches` still decides, so results are unchanged.
struct PushedFilter {
    std::string sql;
    std::vector<const json::value*> values;
};

PushedFilter pushed_filter(const EntityFilter& filter) {
    PushedFilter pushed{"SELECT id, doc FROM entities WHERE kind = ? AND id > ?", {}};
    for (const auto& [path, value] : filter.equalities) {
        const bool plain = !path.empty() && std::all_of(path.begin(), path.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
        if (plain && (value.is_string() || value.is_int64())) {
            pushed.sql += " AND json_extract(doc, '$." + path + "') = ?";
            pushed.values.push_back(&value);
        }
    }
    pushed.sql += " ORDER BY id";
    return pushed;
}

// The document with the host's "id" last, as serialising it with doc["id"] set would give. The
// stored text is the host's own serialisation of the object (upsert writes nothing else), so it
// is copied rather than serialised again; a document holding an "id" of its own is serialised.
void append_with_id(std::string& out, std::string_view text, json::object& doc, int64_t id) {
    const std::string number = std::to_string(id);
    if (doc.contains("id") || text.size() < 2 || text.back() != '}') {
        doc["id"] = number;
        out += json::serialize(doc);
        return;
    }
    out.append(text.substr(0, text.size() - 1));
    out += doc.empty() ? "\"id\":\"" : ",\"id\":\"";
    out += number;
    out += "\"}";
}

} // namespace

// The shared rules check a tree the caller already parsed (a transact op's document) as they
// would its text (validate_entity parses, then checks the tree); another validator gets the text.
Outcome SqliteHost::validate(std::string_view kind, std::string_view doc_json,
                             const json::value* parsed) const {
    using TextValidator = Outcome (*)(std::string_view, std::string_view);
    const auto* function = m_options.validate_entity.target<TextValidator>();
    if (parsed != nullptr && function != nullptr && *function == &amzconn::validate_entity) {
        return validate_entity_tree(kind, *parsed);
    }
    if (parsed != nullptr && doc_json.empty()) {
        return m_options.validate_entity(kind, json::serialize(*parsed));
    }
    return m_options.validate_entity(kind, doc_json);
}

Result<UpsertResult> SqliteHost::upsert_locked(std::string_view kind, std::string_view key,
                                               std::string_view doc_json, json::value* parsed) {
    const std::string what = std::string(kind) + " '" + std::string(key) + "'";
    if (kind.empty() || key.empty()) {
        return Error{Status::bad_input, "entity upsert needs a kind and a non-empty key"};
    }
    if (m_options.validate_entity) {
        if (auto valid = validate(kind, doc_json, parsed); !valid) {
            return Error{Status::bad_input, what + ": " + valid.error().message};
        }
    }
    TRY_ASSIGN(const json::value doc,
               parsed ? document_of(what, std::move(*parsed)) : parse_document(what, doc_json));
    const std::string stored = json::serialize(doc);
    const int64_t now = now_locked();

    TRY_ASSIGN(auto query, m_db.prepare("SELECT id, doc FROM entities WHERE kind = ? AND key = ?"));
    query.bind_unowned(1, kind).bind_unowned(2, key);
    TRY_ASSIGN(const bool found, query.step());
    if (!found) {
        TRY_ASSIGN(auto insert,
                   m_db.prepare("INSERT INTO entities (kind, key, doc, created_at, updated_at) "
                                "VALUES (?, ?, ?, ?, ?)"));
        TRY(insert.bind_unowned(1, kind)
                .bind_unowned(2, key)
                .bind_unowned(3, stored)
                .bind(4, now)
                .bind(5, now)
                .run());
        return UpsertResult{std::to_string(m_db.last_insert_rowid()), true, true};
    }
    const int64_t id = query.column_int(0);
    boost::system::error_code ec;
    const json::value previous = json::parse(query.column_text(1), ec);
    if (!ec && previous == doc) {
        return UpsertResult{std::to_string(id), false, false};
    }
    TRY_ASSIGN(auto update,
               m_db.prepare("UPDATE entities SET doc = ?, updated_at = ? WHERE id = ?"));
    TRY(update.bind_unowned(1, stored).bind(2, now).bind(3, id).run());
    return UpsertResult{std::to_string(id), false, true};
}

Result<UpsertResult> SqliteHost::entity_upsert(std::string_view kind, std::string_view key,
                                               std::string_view doc_json) {
    std::lock_guard lock(m_mutex);
    size_t logged = 0;
    TRY_ASSIGN(auto txn, begin_locked(logged));
    TRY_ASSIGN(auto result, upsert_locked(kind, key, doc_json));
    TRY(commit_locked(txn, logged));
    return result;
}

Result<std::vector<int64_t>> SqliteHost::entity_created_times(std::string_view kind,
                                                              int64_t since_ms) {
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(auto query, m_db.prepare("SELECT created_at FROM entities WHERE kind = ? AND "
                                        "created_at >= ? ORDER BY created_at"));
    query.bind(1, kind).bind(2, since_ms);
    std::vector<int64_t> times;
    for (;;) {
        TRY_ASSIGN(const bool row, query.step());
        if (!row) {
            return times;
        }
        times.push_back(query.column_int(0));
    }
}

Result<std::vector<std::string>> SqliteHost::newest_entities(std::string_view kind,
                                                             std::string_view store, int64_t limit,
                                                             std::string_view omit) {
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(
        auto query,
        m_db.prepare("SELECT json_remove(doc, ?) FROM entities WHERE kind = ? AND "
                     "(? = '' OR json_extract(doc, '$.store') = ?) ORDER BY id DESC LIMIT ?"));
    const std::string path = "$." + std::string(omit);
    query.bind(1, path).bind(2, kind).bind(3, store).bind(4, store).bind(5, limit);
    std::vector<std::string> docs;
    for (;;) {
        TRY_ASSIGN(const bool row, query.step());
        if (!row) {
            return docs;
        }
        docs.push_back(query.column_text(0));
    }
}

Result<std::string> SqliteHost::entity_query(std::string_view kind, std::string_view filter_json) {
    TRY_ASSIGN(const auto filter, parse_entity_filter(filter_json));
    const PushedFilter pushed = pushed_filter(filter);
    std::lock_guard lock(m_mutex);
    TRY_ASSIGN(auto query, m_db.prepare(pushed.sql));
    query.bind_unowned(1, kind).bind(2, filter.after);
    int index = 3;
    for (const auto* value : pushed.values) {
        if (value->is_string()) {
            query.bind_unowned(index++, std::string_view(value->as_string()));
        } else {
            query.bind(index++, value->as_int64());
        }
    }
    std::string out = "[";
    int64_t count = 0;
    while (filter.limit == 0 || count < filter.limit) {
        TRY_ASSIGN(const bool row, query.step());
        if (!row) {
            break;
        }
        const std::string text = query.column_text(1);
        // Each candidate is parsed on the stack: it is only matched and then copied as text.
        unsigned char buffer[8192];
        json::monotonic_resource arena(buffer, sizeof buffer);
        boost::system::error_code ec;
        json::value doc = json::parse(text, ec, &arena);
        if (ec || !doc.is_object() || !matches(filter, doc)) {
            continue; // a document that does not parse was not written by this host
        }
        out += count++ == 0 ? "" : ",";
        append_with_id(out, text, doc.as_object(), query.column_int(0));
    }
    out += ']';
    return out;
}

} // namespace amzconn::refhost
