// The one job the console runs at a time, on its own thread, so pages can show its progress (the
// host's progress lines) while it works and its report when it is done. While it runs, serve runs
// no scheduled job and the pages that call the connector wait for it (they redirect to its status).
#pragma once

#include "amzconn/loader.hpp"
#include "sqlite_host.hpp"

#include <mutex>
#include <string>
#include <thread>

namespace amzconn::refhost::console {

struct JobSnapshot {
    bool running = false;
    bool finished = false; // a job ran since serve started: report_json or error hold its end
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
    bool busy() const;
    JobSnapshot snapshot() const;

  private:
    void run(std::string job, std::string store, std::string args_json);

    SqliteHost& m_host;
    host::ConnectorHandle& m_connector;
    mutable std::mutex m_mutex;
    JobSnapshot m_state;
    std::thread m_thread;
};

} // namespace amzconn::refhost::console
