#include "console/job_runner.hpp"

#include "json_fields.hpp"

#include <boost/json/parse.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

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
    std::lock_guard lock(m_mutex);
    if (m_state.running) {
        return false;
    }
    if (m_thread.joinable()) {
        m_thread.join(); // the last job's thread has ended (it is not running)
    }
    m_state = JobSnapshot{true, false, job, store, "", "", ""};
    m_thread =
        std::thread(&JobRunner::run, this, std::move(job), std::move(store), std::move(args_json));
    return true;
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
    if (report) {
        // As serve's scheduler does: the store tile shows it, and the schedule counts from it.
        // A closed store ran nothing.
        boost::system::error_code ec;
        const json::value parsed = json::parse(*report, ec);
        if (!ec && parsed.is_object() &&
            field_text(parsed.as_object(), "status") != "store_closed") {
            (void)m_host.set_last_run(store, job, started);
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

} // namespace amzconn::refhost::console
