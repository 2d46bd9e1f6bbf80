// make_host_table: turns a host's HostServices object into the amzc_host_v1 C table it hands to
// the plugin. Each thunk catches everything, so no exception ever unwinds into plugin code.
#pragma once

#include "amzconn/abi.h"
#include "amzconn/detail/json_lite.hpp"
#include "amzconn/host_services.hpp"
#include "amzconn/result.hpp"
#include "amzconn/sink.hpp"

#include <chrono>
#include <exception>
#include <string>

namespace amzconn {

namespace detail {

inline HostServices& services(void* ctx) noexcept {
    return *static_cast<HostServices*>(ctx);
}

// Writes why an escaped exception stopped the call; nothing here may throw either.
inline amzc_status internal_failure(amzc_sink err, const char* what, const char* fn) noexcept {
    try {
        write_to(err, std::string("host service ") + fn + " failed unexpectedly: " + what +
                          " (a bug in the host; see its log)");
    } catch (...) {
        write_to(err, "host service failed unexpectedly (out of memory?)");
    }
    return AMZC_INTERNAL;
}

// Runs `body` (returning amzc_status) and maps any exception to AMZC_INTERNAL + message.
template <typename Body>
amzc_status guarded(amzc_sink err, const char* fn, Body&& body) noexcept {
    try {
        return body();
    } catch (const std::exception& e) {
        return internal_failure(err, e.what(), fn);
    } catch (...) {
        return internal_failure(err, "unknown exception", fn);
    }
}

inline amzc_status report(const Error& error, amzc_sink err) {
    write_to(err, error.message);
    // A host answering "ok" inside an Error is a bug; never let it read as success.
    return error.status == Status::ok ? AMZC_INTERNAL : to_c(error.status);
}

inline amzc_status host_state_get(void* ctx, amzc_str ns, amzc_str key, amzc_sink out,
                                  amzc_sink err) noexcept {
    return guarded(err, "state_get", [&] {
        auto r = services(ctx).state_get(to_view(ns), to_view(key));
        if (!r) {
            return report(r.error(), err);
        }
        std::string doc = "{\"value\":";
        append_json_string(doc, r->value);
        doc += ",\"version\":" + std::to_string(r->version) + "}";
        write_to(out, doc);
        return AMZC_OK;
    });
}

inline amzc_status host_state_put(void* ctx, amzc_str ns, amzc_str key, amzc_str value,
                                  int64_t expected_version, int64_t* new_version,
                                  amzc_sink err) noexcept {
    return guarded(err, "state_put", [&] {
        auto r =
            services(ctx).state_put(to_view(ns), to_view(key), to_view(value), expected_version);
        if (!r) {
            return report(r.error(), err);
        }
        if (new_version != nullptr) {
            *new_version = *r;
        }
        return AMZC_OK;
    });
}

inline amzc_status host_state_list(void* ctx, amzc_str ns, amzc_str prefix, amzc_sink out,
                                   amzc_sink err) noexcept {
    return guarded(err, "state_list", [&] {
        auto r = services(ctx).state_list(to_view(ns), to_view(prefix));
        if (!r) {
            return report(r.error(), err);
        }
        std::string doc = "[";
        bool first = true;
        for (const auto& entry : *r) {
            doc += first ? "{\"key\":" : ",{\"key\":";
            first = false;
            append_json_string(doc, entry.key);
            doc += ",\"value\":";
            append_json_string(doc, entry.value);
            doc += ",\"version\":" + std::to_string(entry.version) + "}";
        }
        doc += "]";
        write_to(out, doc);
        return AMZC_OK;
    });
}

inline amzc_status host_state_delete(void* ctx, amzc_str ns, amzc_str key, int64_t expected_version,
                                     amzc_sink err) noexcept {
    return guarded(err, "state_delete", [&] {
        auto r = services(ctx).state_delete(to_view(ns), to_view(key), expected_version);
        return r ? AMZC_OK : report(r.error(), err);
    });
}

inline amzc_status host_entity_query(void* ctx, amzc_str kind, amzc_str filter_json, amzc_sink out,
                                     amzc_sink err) noexcept {
    return guarded(err, "entity_query", [&] {
        auto r = services(ctx).entity_query(to_view(kind), to_view(filter_json));
        if (!r) {
            return report(r.error(), err);
        }
        write_to(out, *r);
        return AMZC_OK;
    });
}

inline amzc_status host_entity_upsert(void* ctx, amzc_str kind, amzc_str key, amzc_str doc_json,
                                      amzc_sink out, amzc_sink err) noexcept {
    return guarded(err, "entity_upsert", [&] {
        auto r = services(ctx).entity_upsert(to_view(kind), to_view(key), to_view(doc_json));
        if (!r) {
            return report(r.error(), err);
        }
        std::string doc = "{\"id\":";
        append_json_string(doc, r->id);
        doc += std::string(",\"created\":") + (r->created ? "true" : "false") +
               ",\"changed\":" + (r->changed ? "true" : "false") + "}";
        write_to(out, doc);
        return AMZC_OK;
    });
}

inline amzc_status host_transact(void* ctx, amzc_str ops_json, amzc_sink out,
                                 amzc_sink err) noexcept {
    return guarded(err, "transact", [&] {
        auto r = services(ctx).transact(to_view(ops_json));
        if (!r) {
            return report(r.error(), err);
        }
        write_to(out, *r);
        return AMZC_OK;
    });
}

inline void host_log(void* ctx, int32_t level, amzc_str store, amzc_str reference,
                     amzc_str message) noexcept {
    // A log line that cannot be written is dropped: logging must never fail the caller.
    try {
        const LogLevel lvl = level <= AMZC_LOG_ERROR  ? LogLevel::error
                             : level == AMZC_LOG_INFO ? LogLevel::info
                                                      : LogLevel::debug;
        services(ctx).log(lvl, to_view(store), to_view(reference), to_view(message));
    } catch (...) {
    }
}

inline amzc_status host_secret_get(void* ctx, amzc_str name, amzc_sink out,
                                   amzc_sink err) noexcept {
    return guarded(err, "secret_get", [&] {
        auto r = services(ctx).secret_get(to_view(name));
        if (!r) {
            return report(r.error(), err);
        }
        write_to(out, *r);
        return AMZC_OK;
    });
}

inline int64_t host_now_ms(void* ctx) noexcept {
    try {
        return services(ctx).now_ms();
    } catch (...) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
}

inline amzc_status host_sleep_ms(void* ctx, int64_t ms) noexcept {
    try {
        const auto r = services(ctx).sleep_ms(ms);
        return r ? AMZC_OK : (r.status() == Status::ok ? AMZC_INTERNAL : to_c(r.status()));
    } catch (...) {
        return AMZC_INTERNAL;
    }
}

inline void host_progress(void* ctx, amzc_str job, amzc_str store, uint64_t done, uint64_t total,
                          amzc_str message) noexcept {
    try {
        services(ctx).progress(to_view(job), to_view(store), done, total, to_view(message));
    } catch (...) {
    }
}

} // namespace detail

// The C table over `services`, which must outlive every plugin instance given this table (the
// loader's ConnectorHandle keeps the table beside the instance for exactly that long).
inline amzc_host_v1 make_host_table(HostServices& services) noexcept {
    amzc_host_v1 table{};
    table.struct_size = sizeof(amzc_host_v1);
    table.abi_major = AMZC_ABI_MAJOR;
    table.abi_minor = AMZC_ABI_MINOR;
    table.ctx = &services;
    table.state_get = &detail::host_state_get;
    table.state_put = &detail::host_state_put;
    table.state_list = &detail::host_state_list;
    table.state_delete = &detail::host_state_delete;
    table.entity_query = &detail::host_entity_query;
    table.entity_upsert = &detail::host_entity_upsert;
    table.transact = &detail::host_transact;
    table.log = &detail::host_log;
    table.secret_get = &detail::host_secret_get;
    table.now_ms = &detail::host_now_ms;
    table.sleep_ms = &detail::host_sleep_ms;
    table.progress = &detail::host_progress;
    return table;
}

} // namespace amzconn
