// MemoryHost: an in-memory HostServices for unit tests: state with compare-and-set, all-or-nothing
// transact, entities by key (validated like a real host would; queries add each document's "id",
// ordered and paged by it as sdk/docs/host-guide.md says), captured log and progress lines,
// secrets, a virtual clock (sleep_ms advances now_ms at once, then calls an optional hook), and
// one-shot fault injection. The one fake host of the test suites.
#pragma once

#include "amzconn/host_services.hpp"
#include "amzconn/result.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::testing {

struct LogLine {
    LogLevel level = LogLevel::info;
    std::string store;
    std::string reference;
    std::string message;
    int64_t at_ms = 0;
};

struct ProgressLine {
    std::string job;
    std::string store;
    uint64_t done = 0;
    uint64_t total = 0;
    std::string message;
};

class MemoryHost final : public HostServices {
  public:
    // 2026-01-01T00:00:00Z: the virtual clock's default start.
    static constexpr int64_t k_default_start_ms = 1767225600000;

    MemoryHost() = default;

    Result<StateValue> state_get(std::string_view ns, std::string_view key) override;
    Result<int64_t> state_put(std::string_view ns, std::string_view key, std::string_view value,
                              int64_t expected_version) override;
    Result<std::vector<StateEntry>> state_list(std::string_view ns,
                                               std::string_view prefix) override;
    Outcome state_delete(std::string_view ns, std::string_view key,
                         int64_t expected_version) override;
    Result<std::string> entity_query(std::string_view kind, std::string_view filter_json) override;
    Result<UpsertResult> entity_upsert(std::string_view kind, std::string_view key,
                                       std::string_view doc_json) override;
    Result<std::string> transact(std::string_view ops_json) override;
    void log(LogLevel level, std::string_view store, std::string_view reference,
             std::string_view message) override;
    Result<std::string> secret_get(std::string_view name) override;
    int64_t now_ms() override;
    Outcome sleep_ms(int64_t ms) override;
    void progress(std::string_view job, std::string_view store, uint64_t done, uint64_t total,
                  std::string_view message) override;

    // --- test controls and inspection (thread-safe) ---
    void set_secret(std::string name, std::string value);
    void set_now_ms(int64_t now);
    void advance_ms(int64_t ms);
    // Off: entity documents are stored without sdk validation (to test a plugin's own checks).
    void set_validate_entities(bool on);
    // While set, sleep_ms answers Status::cancelled (the host is shutting down).
    void set_shutting_down(bool on);
    // Called after every successful sleep_ms with the milliseconds slept (outside the host's lock,
    // so the hook may call the host), e.g. to move a sandbox's clock along with the host's.
    void set_on_sleep(std::function<void(int64_t ms)> hook);
    // The next call of `operation` (a HostServices method name, e.g. "transact") fails with error.
    void fail_next(std::string operation, Error error);

    std::vector<LogLine> log_lines() const;
    // Every log line's store, reference and message as one text (for searches such as canaries).
    std::string log_text() const;
    std::vector<ProgressLine> progress_lines() const;
    // The stored document of kind/key, if any.
    std::optional<std::string> entity(std::string_view kind, std::string_view key) const;
    size_t entity_count(std::string_view kind) const;
    // Total milliseconds requested through sleep_ms.
    int64_t slept_ms() const;

  private:
    struct Stored {
        std::string value;
        int64_t version = 0;
    };
    struct Entity {
        std::string id;
        std::string doc;
    };
    // Everything a transaction may change, so a failed one can be thrown away whole.
    struct Data {
        std::map<std::string, std::map<std::string, Stored, std::less<>>, std::less<>> state;
        std::map<std::string, std::map<std::string, Entity, std::less<>>, std::less<>> entities;
        // kind -> id number -> key: the order queries return documents in, and page by.
        std::map<std::string, std::map<int64_t, std::string>, std::less<>> by_id;
        int64_t next_version = 1;
        int64_t next_id = 1;
    };

    std::optional<Error> take_fault(std::string_view operation);
    Result<int64_t> put_locked(Data& data, std::string_view ns, std::string_view key,
                               std::string_view value, int64_t expected_version) const;
    Outcome delete_locked(Data& data, std::string_view ns, std::string_view key,
                          int64_t expected_version) const;
    Result<UpsertResult> upsert_locked(Data& data, std::string_view kind, std::string_view key,
                                       std::string_view doc_json) const;

    mutable std::mutex m_mutex;
    Data m_data;
    std::map<std::string, std::string, std::less<>> m_secrets;
    std::vector<LogLine> m_log;
    std::vector<ProgressLine> m_progress;
    std::map<std::string, Error, std::less<>> m_faults;
    std::function<void(int64_t)> m_on_sleep;
    int64_t m_now_ms = k_default_start_ms;
    int64_t m_slept_ms = 0;
    bool m_validate = true;
    bool m_shutting_down = false;
};

} // namespace amzconn::testing
