// HostApi: the plugin's view of the host services, a HostServices over a borrowed amzc_host_v1.
// Checks struct_size before touching any field, and turns status + err text into Result/Error.
#pragma once

#include "amzconn/abi.h"
#include "amzconn/detail/json_lite.hpp"
#include "amzconn/host_services.hpp"
#include "amzconn/log_text.hpp"
#include "amzconn/result.hpp"
#include "amzconn/sink.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace amzconn {

// Copyable handle; the table (and the host behind it) must outlive every copy. A field the host's
// table does not reach (older minor, smaller struct_size) or leaves NULL answers not_implemented;
// log/progress are then dropped, and now_ms/sleep_ms fall back to the real clock.
class HostApi final : public HostServices {
public:
    HostApi() = default;
    explicit HostApi(const amzc_host_v1* table) noexcept : m_table(table) {}

    const amzc_host_v1* table() const noexcept { return m_table; }
    // True when the host's table is large enough for every v1 field.
    bool complete() const noexcept {
        return m_table != nullptr && m_table->struct_size >= sizeof(amzc_host_v1);
    }

    Result<StateValue> state_get(std::string_view ns, std::string_view key) override {
        const auto fn = field(&amzc_host_v1::state_get, offsetof(amzc_host_v1, state_get));
        if (fn == nullptr) {
            return missing("state_get");
        }
        std::string out;
        std::string err;
        const amzc_status status =
            fn(m_table->ctx, to_c_str(ns), to_c_str(key), string_sink(out), string_sink(err));
        if (status != AMZC_OK) {
            return failure(status, err, "state_get");
        }
        const auto doc = detail::parse_json(out);
        const detail::JsonValue* value = doc ? doc->find("value") : nullptr;
        const detail::JsonValue* version = doc ? doc->find("version") : nullptr;
        if (value == nullptr || value->kind != detail::JsonValue::Kind::string ||
            version == nullptr || !version->as_int()) {
            return malformed("state_get", R"({"value": "...", "version": N})");
        }
        return StateValue{value->text, *version->as_int()};
    }

    Result<int64_t> state_put(std::string_view ns, std::string_view key, std::string_view value,
                              int64_t expected_version) override {
        const auto fn = field(&amzc_host_v1::state_put, offsetof(amzc_host_v1, state_put));
        if (fn == nullptr) {
            return missing("state_put");
        }
        std::string err;
        int64_t new_version = 0;
        const amzc_status status = fn(m_table->ctx, to_c_str(ns), to_c_str(key), to_c_str(value),
                                      expected_version, &new_version, string_sink(err));
        if (status != AMZC_OK) {
            return failure(status, err, "state_put");
        }
        return new_version;
    }

    Result<std::vector<StateEntry>> state_list(std::string_view ns,
                                               std::string_view prefix) override {
        const auto fn = field(&amzc_host_v1::state_list, offsetof(amzc_host_v1, state_list));
        if (fn == nullptr) {
            return missing("state_list");
        }
        std::string out;
        std::string err;
        const amzc_status status =
            fn(m_table->ctx, to_c_str(ns), to_c_str(prefix), string_sink(out), string_sink(err));
        if (status != AMZC_OK) {
            return failure(status, err, "state_list");
        }
        const auto doc = detail::parse_json(out);
        if (!doc || doc->kind != detail::JsonValue::Kind::array) {
            return malformed("state_list", R"([{"key", "value", "version"}...])");
        }
        std::vector<StateEntry> entries;
        entries.reserve(doc->items.size());
        for (const auto& item : doc->items) {
            const detail::JsonValue* k = item.find("key");
            const detail::JsonValue* v = item.find("value");
            const detail::JsonValue* ver = item.find("version");
            if (k == nullptr || k->kind != detail::JsonValue::Kind::string || v == nullptr ||
                v->kind != detail::JsonValue::Kind::string || ver == nullptr || !ver->as_int()) {
                return malformed("state_list", R"([{"key", "value", "version"}...])");
            }
            entries.push_back(StateEntry{k->text, v->text, *ver->as_int()});
        }
        return entries;
    }

    Outcome state_delete(std::string_view ns, std::string_view key,
                         int64_t expected_version) override {
        const auto fn = field(&amzc_host_v1::state_delete, offsetof(amzc_host_v1, state_delete));
        if (fn == nullptr) {
            return missing("state_delete");
        }
        std::string err;
        const amzc_status status =
            fn(m_table->ctx, to_c_str(ns), to_c_str(key), expected_version, string_sink(err));
        if (status != AMZC_OK) {
            return failure(status, err, "state_delete");
        }
        return {};
    }

    Result<std::string> entity_query(std::string_view kind, std::string_view filter_json) override {
        const auto fn = field(&amzc_host_v1::entity_query, offsetof(amzc_host_v1, entity_query));
        if (fn == nullptr) {
            return missing("entity_query");
        }
        std::string out;
        std::string err;
        const amzc_status status = fn(m_table->ctx, to_c_str(kind), to_c_str(filter_json),
                                      string_sink(out), string_sink(err));
        if (status != AMZC_OK) {
            return failure(status, err, "entity_query");
        }
        return out;
    }

    Result<UpsertResult> entity_upsert(std::string_view kind, std::string_view key,
                                       std::string_view doc_json) override {
        const auto fn = field(&amzc_host_v1::entity_upsert, offsetof(amzc_host_v1, entity_upsert));
        if (fn == nullptr) {
            return missing("entity_upsert");
        }
        std::string out;
        std::string err;
        const amzc_status status = fn(m_table->ctx, to_c_str(kind), to_c_str(key),
                                      to_c_str(doc_json), string_sink(out), string_sink(err));
        if (status != AMZC_OK) {
            return failure(status, err, "entity_upsert");
        }
        const auto doc = detail::parse_json(out);
        const detail::JsonValue* id = doc ? doc->find("id") : nullptr;
        const detail::JsonValue* created = doc ? doc->find("created") : nullptr;
        const detail::JsonValue* changed = doc ? doc->find("changed") : nullptr;
        if (id == nullptr || id->kind != detail::JsonValue::Kind::string || created == nullptr ||
            created->kind != detail::JsonValue::Kind::boolean || changed == nullptr ||
            changed->kind != detail::JsonValue::Kind::boolean) {
            return malformed("entity_upsert", R"({"id": "...", "created": bool, "changed": bool})");
        }
        return UpsertResult{id->text, created->boolean, changed->boolean};
    }

    Result<std::string> transact(std::string_view ops_json) override {
        const auto fn = field(&amzc_host_v1::transact, offsetof(amzc_host_v1, transact));
        if (fn == nullptr) {
            return missing("transact");
        }
        std::string out;
        std::string err;
        const amzc_status status =
            fn(m_table->ctx, to_c_str(ops_json), string_sink(out), string_sink(err));
        if (status != AMZC_OK) {
            return failure(status, err, "transact");
        }
        return out;
    }

    void log(LogLevel level, std::string_view store, std::string_view reference,
             std::string_view message) override {
        const auto fn = field(&amzc_host_v1::log, offsetof(amzc_host_v1, log));
        if (fn != nullptr) {
            // Every field escaped here, the one place a log line leaves the plugin: an order id
            // with CR/LF from Amazon can never start a forged line in the host's log.
            const std::string safe_store = log_field(store);
            const std::string safe_reference = log_field(reference);
            const std::string safe_message = log_field(message);
            fn(m_table->ctx, static_cast<int32_t>(level), to_c_str(safe_store),
               to_c_str(safe_reference), to_c_str(safe_message));
        }
    }

    Result<std::string> secret_get(std::string_view name) override {
        const auto fn = field(&amzc_host_v1::secret_get, offsetof(amzc_host_v1, secret_get));
        if (fn == nullptr) {
            return missing("secret_get");
        }
        std::string out;
        std::string err;
        const amzc_status status =
            fn(m_table->ctx, to_c_str(name), string_sink(out), string_sink(err));
        if (status != AMZC_OK) {
            return failure(status, err, "secret_get");
        }
        return out;
    }

    int64_t now_ms() override {
        const auto fn = field(&amzc_host_v1::now_ms, offsetof(amzc_host_v1, now_ms));
        if (fn != nullptr) {
            return fn(m_table->ctx);
        }
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    Outcome sleep_ms(int64_t ms) override {
        const auto fn = field(&amzc_host_v1::sleep_ms, offsetof(amzc_host_v1, sleep_ms));
        if (fn == nullptr) {
            std::this_thread::sleep_for(std::chrono::milliseconds(ms > 0 ? ms : 0));
            return {};
        }
        const amzc_status status = fn(m_table->ctx, ms);
        if (status != AMZC_OK) {
            return Error{from_c(status), status == AMZC_CANCELLED
                                             ? "the host is shutting down: stop at a safe point"
                                             : "host sleep_ms failed"};
        }
        return {};
    }

    void progress(std::string_view job, std::string_view store, uint64_t done, uint64_t total,
                  std::string_view message) override {
        const auto fn = field(&amzc_host_v1::progress, offsetof(amzc_host_v1, progress));
        if (fn != nullptr) {
            const std::string safe_message = log_field(message); // shown beside the log
            fn(m_table->ctx, to_c_str(job), to_c_str(store), done, total, to_c_str(safe_message));
        }
    }

private:
    // One field of a log line with its control bytes escaped, at full length.
    static std::string log_field(std::string_view text) {
        return log_safe(text, std::string::npos);
    }

    // The field's function pointer when the host's table reaches it, else nullptr.
    template <typename Fn>
    Fn field(Fn amzc_host_v1::*member, size_t offset) const noexcept {
        if (m_table == nullptr || m_table->struct_size < offset + sizeof(Fn)) {
            return nullptr;
        }
        return m_table->*member;
    }

    static Error missing(std::string_view name) {
        return Error{Status::not_implemented,
                     "the host does not provide " + std::string(name) +
                         " (its services table is too small or the entry is empty): "
                         "upgrade the host to amzconn ABI " +
                         std::to_string(AMZC_ABI_MAJOR) + "." + std::to_string(AMZC_ABI_MINOR)};
    }

    static Error failure(amzc_status status, std::string err, std::string_view name) {
        if (err.empty()) {
            err = "host " + std::string(name) + " failed with status " +
                  std::string(to_string(from_c(status))) + " and no message";
        }
        return Error{from_c(status), std::move(err)};
    }

    static Error malformed(std::string_view name, std::string_view expected) {
        return Error{Status::internal, "host " + std::string(name) +
                                           " returned a malformed document; expected " +
                                           std::string(expected) + " (a bug in the host)"};
    }

    const amzc_host_v1* m_table = nullptr;
};

} // namespace amzconn
