// SqliteHost: the reference implementation of amzconn::HostServices over one SQLite file (state
// with compare-and-set, entities, connection log, secrets, events, clock, progress), plus the
// host-side operations the amzconn-host commands need (secret set, clock control, log reading,
// schedules).
#pragma once

#include "amzconn/entities.hpp"
#include "amzconn/host_services.hpp"
#include "secret_store.hpp"
#include "sqlite_db.hpp"

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>

namespace amzconn::refhost {

// Checks an entity document before it is written.
using EntityValidator = std::function<Outcome(std::string_view kind, std::string_view doc_json)>;

struct SqliteHostOptions {
    // The shared rules of sdk/docs/entities.md by default; tests may swap them. Empty: documents
    // are only checked to be JSON objects.
    EntityValidator validate_entity = &amzconn::validate_entity;
    std::ostream* progress_out = nullptr; // where progress lines go (nullptr: std::cerr)
    // The key file secrets are sealed with (empty: the database file's name + ".key").
    std::filesystem::path key_file;
};

struct LogRecord {
    int64_t id = 0;
    int64_t ts_ms = 0;
    LogLevel level = LogLevel::info;
    std::string store;
    std::string reference;
    std::string message;
};

struct LogQuery {
    std::optional<std::string> store;
    std::optional<std::string> reference;
    LogLevel max_level = LogLevel::debug; // ERROR shows errors only, INFO errors and info, ...
    std::optional<int64_t> since_ms;      // entries at or after
    std::optional<int64_t> until_ms;      // entries at or before
    int64_t after_id = 0;                 // only entries with a larger id (for following)
    int64_t limit = 0;                    // 0: all
};

constexpr int64_t k_default_log_retention_ms = 7LL * 24 * 3600 * 1000;

class SqliteHost final : public HostServices {
  public:
    // Opens (creating and migrating) the database file.
    static Result<std::unique_ptr<SqliteHost>> open(const std::filesystem::path& file,
                                                    SqliteHostOptions options = {});

    // HostServices
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

    // Host side.
    Outcome secret_set(std::string_view name, std::string_view value);
    Result<std::vector<std::string>> secret_names();
    // Seals every secret with a new key and replaces the key file; returns how many.
    Result<size_t> rotate_secret_key();
    // Deletes every secret (the way out when the key file is lost); returns how many.
    Result<size_t> reset_secrets();
    const std::filesystem::path& key_file() const { return m_secrets.key_file(); }
    Result<int64_t> record_event(std::string_view kind, std::string_view event_json);
    // When each entity of `kind` was first written (host clock, ms), those at or after `since_ms`,
    // oldest first: the console counts orders imported per day from it.
    Result<std::vector<int64_t>> entity_created_times(std::string_view kind, int64_t since_ms);
    // The newest `limit` entities of `kind` (by when first stored, newest first), of `store` when
    // not empty, each without its top-level field `omit`: a list page reads only the summaries
    // of big documents (a feed's per-message results).
    Result<std::vector<std::string>> newest_entities(std::string_view kind, std::string_view store,
                                                     int64_t limit, std::string_view omit);
    Result<std::vector<LogRecord>> read_log(const LogQuery& query);
    // Every store that has entries in the log.
    Result<std::vector<std::string>> log_stores();
    Result<int64_t> log_retention_ms();
    Outcome set_log_retention_ms(int64_t retention_ms);
    // The YAML this host last installed (the console's form loads it; `store retire` edits it);
    // nullopt before the first install through this host.
    Result<std::optional<std::string>> installed_config();
    Outcome set_installed_config(std::string_view yaml);
    // Deletes log entries older than the retention; returns how many went.
    Result<int64_t> prune_log();
    // After a job: writes the log lines still held back and prunes the log (once per job, not
    // once per line).
    void end_job();

    Outcome set_virtual_clock(int64_t epoch_ms);
    Outcome advance_clock(int64_t delta_ms); // refuses a real clock
    Outcome use_real_clock();
    Result<bool> clock_is_virtual();

    // Also hands every progress line (as printed, without the newline) to `listener`, from the
    // thread that reports it (the admin console shows the latest); empty: none.
    void set_progress_listener(std::function<void(const std::string& line)> listener);

    // serve's bookkeeping of a scheduled job: when it last started, and when its report asked to
    // run it again (retry_after_s), if it did.
    struct ScheduleEntry {
        int64_t last_run_ms = 0;
        std::optional<int64_t> retry_at_ms;
    };
    Result<std::optional<ScheduleEntry>> last_run(std::string_view store, std::string_view job);
    Outcome set_last_run(std::string_view store, std::string_view job, const ScheduleEntry& entry);

    Result<int64_t> schema_version();
    const std::filesystem::path& path() const { return m_db.path(); }

    ~SqliteHost() override;
    SqliteHost(const SqliteHost&) = delete;
    SqliteHost& operator=(const SqliteHost&) = delete;

  private:
    SqliteHost(Database db, SqliteHostOptions options, SecretStore secrets);

    // The clock settings as last read, valid while the connection's data_version is unchanged
    // (no other connection committed since) and this connection has not written them.
    struct ClockSettings {
        bool valid = false;
        int64_t data_version = 0;
        bool is_virtual = false;
        std::optional<int64_t> virtual_now;
    };
    // A log line waiting for the next write transaction (or a flush).
    struct PendingLog {
        int64_t ts_ms;
        LogLevel level;
        std::string store;
        std::string reference;
        std::string message;
    };

    int64_t now_locked();
    Outcome load_clock_locked();
    // Begins a write transaction and writes the held-back log lines in it; commit_locked
    // commits and forgets the lines it wrote (a rolled-back transaction keeps them pending).
    Result<Transaction> begin_locked(size_t& logged);
    Outcome commit_locked(Transaction& txn, size_t logged);
    size_t write_pending_log_locked();
    // Writes the held-back lines in their own transaction.
    void flush_log_locked();
    Result<int64_t> next_state_version_locked();
    Result<int64_t> put_locked(std::string_view ns, std::string_view key, std::string_view value,
                               int64_t expected_version);
    Outcome delete_locked(std::string_view ns, std::string_view key, int64_t expected_version);
    Outcome validate(std::string_view kind, std::string_view doc_json,
                     const boost::json::value* parsed) const;
    // parsed: the document already parsed by the caller (a transact op's object), or nullptr;
    // it is moved from. With parsed, doc_json may be empty: it is serialised only for a
    // validator that needs the text.
    Result<UpsertResult> upsert_locked(std::string_view kind, std::string_view key,
                                       std::string_view doc_json,
                                       boost::json::value* parsed = nullptr);
    // One transact op, already parsed (its document is moved from); returns its result object.
    Result<boost::json::object> transact_op_locked(boost::json::value& item, size_t index);
    Result<int64_t> log_retention_locked();
    Result<int64_t> prune_log_locked();

    std::recursive_mutex m_mutex;
    Database m_db;
    SqliteHostOptions m_options;
    SecretStore m_secrets;
    std::mutex m_progress_mutex;
    std::function<void(const std::string& line)> m_progress_listener;
    ClockSettings m_clock;
    std::vector<PendingLog> m_pending_log;
    std::chrono::steady_clock::time_point m_pending_since;
};

} // namespace amzconn::refhost
