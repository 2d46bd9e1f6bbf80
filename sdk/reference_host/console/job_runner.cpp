#include "console/job_runner.hpp"

#include "job_schedule.hpp"

namespace amzconn::refhost::console {

JobRunner::JobRunner(SqliteHost& host, host::ConnectorHandle& connector)
    : m_host(host), m_connector(connector) {
    m_host.set_progress_listener([this](const std::string& line) {
        std::lock_guard lock(m_mutex);
        if (m_state.running) {
            m_state.progress = line;
        }
    });
}

JobRunner::~JobRunner() {
    if (m_thread.joinable()) {
        m_thread.join();
    }
    m_host.set_progress_listener(nullptr);
}

bool JobRunner::start(std::string job, std::string store, std::string args_json) {
    return begin(JobSnapshot{true, false, false, std::move(job), std::move(store), "", "", ""},
                 std::move(args_json));
}

bool JobRunner::start_scheduled(std::string job, std::string store) {
    return begin(JobSnapshot{true, false, true, std::move(job), std::move(store), "", "", ""},
                 "{}");
}

bool JobRunner::begin(JobSnapshot state, std::string args_json) {
    std::lock_guard lock(m_mutex);
    if (m_state.running) {
        return false;
    }
    if (m_thread.joinable()) {
        m_thread.join(); // the last job's thread has ended (it is not running)
    }
    if (!m_state.scheduled) {
        m_admin_state = m_state;
    }
    m_scheduled_end.reset();
    m_state = std::move(state);
    m_thread = std::thread(&JobRunner::run, this, m_state.job, m_state.store, std::move(args_json));
    return true;
}

std::optional<Result<std::string>> JobRunner::take_scheduled_end() {
    std::lock_guard lock(m_mutex);
    if (!m_scheduled_end) {
        return std::nullopt;
    }
    m_state = m_admin_state; // the pages show the last admin's job again
    return std::exchange(m_scheduled_end, std::nullopt);
}

bool JobRunner::busy() const {
    std::lock_guard lock(m_mutex);
    return m_state.running;
}

JobSnapshot JobRunner::snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_state;
}

void JobRunner::run(std::string job, std::string store, std::string args_json) {
    const int64_t started = m_host.now_ms();
    auto report = m_connector.run_job(job, store, args_json);
    m_host.end_job(); // as `run` and serve's scheduler: the log written and pruned once per job
    if (scheduled()) {
        // Still "running" until serve takes the end (take_scheduled_end) and records the run, so
        // no page shows the stores before their last run is written.
        std::lock_guard lock(m_mutex);
        m_scheduled_end = std::move(report);
        return;
    }
    if (report) {
        // As serve's scheduler does: the store tile shows it, and the schedule counts from it.
        // A closed store ran nothing.
        if (const auto outcome = report_outcome(*report); outcome.status != "store_closed") {
            (void)m_host.set_last_run(store, job, entry_after_run(started, outcome));
        }
    }
    std::lock_guard lock(m_mutex);
    m_state.running = false;
    m_state.finished = true;
    if (report) {
        m_state.report_json = std::move(*report);
    } else {
        m_state.error = job + " " + store + ": " + std::string(to_string(report.status())) + ": " +
                        report.error().message;
    }
}

bool JobRunner::scheduled() const {
    std::lock_guard lock(m_mutex);
    return m_state.scheduled;
}

} // namespace amzconn::refhost::console
