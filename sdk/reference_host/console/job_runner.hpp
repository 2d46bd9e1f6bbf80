// The one job the console runs at a time, on its own thread, so pages can show its progress (the
// host's progress lines) while it works and its report when it is done. serve's scheduled jobs run
// here too while the console is on, so pages keep answering. While a job runs, serve starts no
// other and the pages that call the connector show its status instead.
#pragma once

#include "amzconn/loader.hpp"
#include "sqlite_host.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace amzconn::refhost::console {

struct JobSnapshot {
    bool running = false;
    bool finished = false;  // a job ran since serve started: report_json or error hold its end
    bool scheduled = false; // serve's scheduler started it, not an admin
    std::string job;
    std::string store;
    std::string progress; // the latest progress line of the job
    std::string report_json;
    std::string error;
};

class JobRunner {
  public:
    JobRunner(SqliteHost& host, host::ConnectorHandle& connector);
    ~JobRunner(); // waits for the running job (serve's shutdown asks it to stop first)
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // Starts JOB for STORE; false when a job is running already.
    bool start(std::string job, std::string store, std::string args_json);
    // Starts a job serve's scheduler found due; its end is taken with take_scheduled_end (serve
    // records its last run), and the status pages go back to the last admin's job afterwards.
    bool start_scheduled(std::string job, std::string store);
    // The end of the scheduled job (its report, or the error run_job returned) once it has ended;
    // the job counts as running until then, so serve records its run before any page sees it end.
    std::optional<Result<std::string>> take_scheduled_end();
    bool busy() const;
    JobSnapshot snapshot() const;

  private:
    bool begin(JobSnapshot state, std::string args_json);
    void run(std::string job, std::string store, std::string args_json);
    bool scheduled() const; // the running job is serve's

    SqliteHost& m_host;
    host::ConnectorHandle& m_connector;
    mutable std::mutex m_mutex;
    JobSnapshot m_state;
    JobSnapshot m_admin_state; // the last admin's job, shown again once a scheduled one ends
    std::optional<Result<std::string>> m_scheduled_end;
    std::thread m_thread;
};

} // namespace amzconn::refhost::console
