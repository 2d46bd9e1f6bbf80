// HostServices: what a host implements (C++ side of amzc_host_v1). A host derives from it, and
// make_host_table() (host_table.hpp) turns an instance into the C table handed to the plugin.
// Every method may be called from any plugin thread; implementations must not throw (the thunks
// catch anyway and turn an escaped exception into AMZC_INTERNAL).
#pragma once

#include "amzconn/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn {

enum class LogLevel : int32_t { error = AMZC_LOG_ERROR, info = AMZC_LOG_INFO, debug = AMZC_LOG_DEBUG };

// A value in durable state with its compare-and-set version (> 0).
struct StateValue {
    std::string value;
    int64_t version = 0;
};

struct StateEntry {
    std::string key;
    std::string value;
    int64_t version = 0;
};

// Result of an idempotent upsert.
struct UpsertResult {
    std::string id;       // the host's id of the entity
    bool created = false; // first time this key was seen
    bool changed = false; // the stored document differs from before
};

constexpr int64_t k_version_any = AMZC_VERSION_ANY;
constexpr int64_t k_version_absent = AMZC_VERSION_ABSENT;

class HostServices {
public:
    virtual ~HostServices() = default;

    // Durable state (not_found when absent; conflict on a CAS mismatch).
    virtual Result<StateValue> state_get(std::string_view ns, std::string_view key) = 0;
    virtual Result<int64_t> state_put(std::string_view ns, std::string_view key,
                                      std::string_view value, int64_t expected_version) = 0;
    virtual Result<std::vector<StateEntry>> state_list(std::string_view ns,
                                                       std::string_view prefix) = 0;
    virtual Outcome state_delete(std::string_view ns, std::string_view key,
                                 int64_t expected_version) = 0;

    // Entities as JSON text (sdk/docs/entities.md).
    virtual Result<std::string> entity_query(std::string_view kind, std::string_view filter_json) = 0;
    virtual Result<UpsertResult> entity_upsert(std::string_view kind, std::string_view key,
                                               std::string_view doc_json) = 0;
    // All-or-nothing batch; returns the per-op results as a JSON array.
    virtual Result<std::string> transact(std::string_view ops_json) = 0;

    virtual void log(LogLevel level, std::string_view store, std::string_view reference,
                     std::string_view message) = 0;
    virtual Result<std::string> secret_get(std::string_view name) = 0;

    virtual int64_t now_ms() = 0;
    virtual Outcome sleep_ms(int64_t ms) = 0;
    virtual void progress(std::string_view job, std::string_view store, uint64_t done,
                          uint64_t total, std::string_view message) = 0;
};

} // namespace amzconn
