// serve: runs each open store's jobs on their schedules until SIGTERM/SIGINT.
#include "cancel_watch.hpp"
#include "cli_args.hpp"
#include "commands.hpp"
#include "console/console_server.hpp"
#include "job_schedule.hpp"
#include "json_fields.hpp"
#include "shutdown.hpp"
#include "time_text.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

constexpr int64_t k_default_poll_ms = 1000;

struct ScheduledJob {
    std::string store;
    std::string job;
    int64_t interval_ms = 0;
};

// Open stores' schedules from list_stores: [{"alias","open","schedules":{"job":seconds}}].
std::vector<ScheduledJob> scheduled_jobs(const json::value& stores) {
    std::vector<ScheduledJob> jobs;
    if (!stores.is_array()) {
        return jobs;
    }
    for (const auto& item : stores.as_array()) {
        const auto* store = item.if_object();
        if (store == nullptr) {
            continue;
        }
        const auto* alias = store->if_contains("alias");
        const auto* open = store->if_contains("open");
        const auto* schedules = store->if_contains("schedules");
        if (alias == nullptr || !alias->is_string() || open == nullptr || !open->is_bool() ||
            !open->as_bool() || schedules == nullptr || !schedules->is_object()) {
            continue;
        }
        for (const auto& [job, seconds] : schedules->as_object()) {
            const auto interval = seconds.is_int64()    ? seconds.as_int64()
                                  : seconds.is_uint64() ? static_cast<int64_t>(seconds.as_uint64())
                                                        : int64_t{0};
            if (interval > 0) {
                jobs.push_back(
                    {std::string(alias->as_string()), std::string(job), interval * 1000});
            }
        }
    }
    return jobs;
}

Result<int64_t> poll_interval(const ParsedArgs& parsed) {
    const auto poll = parsed.value("--poll");
    if (!poll) {
        return k_default_poll_ms;
    }
    TRY_ASSIGN(const int64_t poll_ms, parse_duration_ms(*poll));
    if (poll_ms <= 0) {
        return Error{Status::bad_input, "--poll must be positive"};
    }
    return poll_ms;
}

// What serve runs jobs with: the connector, and the console when it is on (its job runner runs
// a scheduled job while the pages keep answering).
struct Runner {
    SqliteHost& host;
    host::ConnectorHandle& connector;
    console::ConsoleServer* web = nullptr;

    Result<std::string> run(const ScheduledJob& scheduled) const {
        if (web != nullptr) {
            return web->run_scheduled(scheduled.job, scheduled.store);
        }
        auto report = connector.run_job(scheduled.job, scheduled.store, "{}");
        host.end_job();
        return report;
    }
};

// Runs one job if it is due; returns false when serve should stop (shutdown).
Result<bool> run_if_due(CliContext& context, const Runner& runner, const ScheduledJob& scheduled) {
    SqliteHost& host = runner.host;
    TRY_ASSIGN(const auto last, host.last_run(scheduled.store, scheduled.job));
    const int64_t started = host.now_ms();
    if (!is_due(last, started, scheduled.interval_ms)) {
        return true;
    }
    auto report = runner.run(scheduled);
    if (!report && report.status() == Status::cancelled) {
        return false; // stopped at a safe point; the job runs again next time
    }
    const auto outcome = report ? report_outcome(*report) : ReportOutcome{};
    TRY(host.set_last_run(scheduled.store, scheduled.job, entry_after_run(started, outcome)));
    context.err() << format_rfc3339(started) << " " << scheduled.job << " " << scheduled.store
                  << ": "
                  << (report
                          ? outcome.status
                          : std::string(to_string(report.status())) + ": " + report.error().message)
                  << (outcome.retry_after_s > 0
                          ? ", runs again in " + std::to_string(outcome.retry_after_s) + " s"
                          : std::string())
                  << "\n";
    if (!report) {
        host.log(LogLevel::error, scheduled.store, "",
                 "scheduled job " + scheduled.job + " failed: " + report.error().message);
    }
    return true;
}

// One pass over the open stores' schedules.
Outcome serve_once(CliContext& context, const Runner& runner) {
    SqliteHost& host = runner.host;
    auto listed = runner.connector.list_stores();
    if (!listed) {
        host.log(LogLevel::error, "", "",
                 "serve: listing stores failed: " + listed.error().message);
        context.err() << "serve: listing stores failed: " << listed.error().message << "\n";
        return {};
    }
    boost::system::error_code ec;
    const json::value stores = json::parse(*listed, ec);
    for (const auto& scheduled : scheduled_jobs(ec ? json::value() : stores)) {
        if (shutdown_requested()) {
            return {};
        }
        TRY_ASSIGN(const bool go_on, run_if_due(context, runner, scheduled));
        if (!go_on) {
            return {};
        }
    }
    return {};
}

Result<int> serve_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{"--poll", "--http", "--http-token-secret"},
                                                    {"--once", "--http-allow-remote"}}));
    if (!parsed.positionals.empty()) {
        return Error{Status::bad_input, "takes no arguments"};
    }
    TRY_ASSIGN(const int64_t poll_ms, poll_interval(parsed));
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(auto* connector, context.connector());
    for (const auto* option : {"--http-allow-remote", "--http-token-secret"}) {
        if ((parsed.flag(option) || parsed.value(option)) && !parsed.value("--http")) {
            return Error{Status::bad_input, std::string(option) + " goes with --http ADDRESS:PORT"};
        }
    }
    std::unique_ptr<console::ConsoleServer> web;
    if (auto listen = parsed.value("--http")) {
        TRY_ASSIGN(
            web, console::ConsoleServer::start(context, *host, *connector,
                                               {*listen, parsed.flag("--http-allow-remote"),
                                                parsed.value("--http-token-secret").value_or("")}));
    }
    CancelWatch watch(*connector);
    context.err() << "serve: running scheduled jobs (db " << host->path().string()
                  << "); stop with SIGTERM or Ctrl-C\n";
    const Runner runner{*host, *connector, web.get()};
    while (!shutdown_requested()) {
        if (!web || !web->job_running()) { // one connector call at a time
            TRY(serve_once(context, runner));
        }
        if (parsed.flag("--once")) {
            break;
        }
        if (web) {
            web->serve_for(poll_ms);
        } else {
            wait_unless_shutdown(poll_ms);
        }
    }
    context.err() << "serve: stopped cleanly\n";
    return k_exit_ok;
}

int run_serve(CliContext& context, const CommandArgs& args) {
    return context.finish("serve", serve_body(context, args));
}

} // namespace

CommandInfo serve_command() {
    return {"serve", "run every open store's jobs on their schedules until SIGTERM",
            "usage: amzconn-host [--db FILE] [--plugin FILE] serve [--poll DURATION] [--once]\n"
            "                    [--http ADDRESS:PORT [--http-allow-remote]\n"
            "                     [--http-token-secret NAME]]\n"
            "\n"
            "Runs each open store's jobs when they are due. Schedules come from the plugin's\n"
            "store list (\"schedules\": {\"job\": seconds}); a job whose report asks to run\n"
            "again later (retry_after_s, e.g. Amazon's report not ready or a throttle) runs\n"
            "again after that many seconds instead, sooner or later than its schedule.\n"
            "Last-run times are kept in the database, so a restart does not rerun what just\n"
            "ran. On SIGTERM or Ctrl-C the running job is asked to stop at its next safe point\n"
            "and serve exits 0. Works with a virtual clock: advance it with\n"
            "`amzconn-host clock advance`.\n"
            "\n"
            "  --poll DURATION   how often to look for due jobs (default 1s)\n"
            "  --once            run what is due once, then exit\n"
            "  --http ADDRESS:PORT\n"
            "                    also serve the admin console (web pages: stores, manage data,\n"
            "                    products, orders, logs, charts, configuration) on\n"
            "                    ADDRESS:PORT, e.g. 127.0.0.1:8080\n"
            "                    (port 0: any free one). Prints its URL and a new admin token\n"
            "                    on stdout, once; sign in with the token. While a job runs\n"
            "                    (scheduled or started in the console) the pages that call\n"
            "                    the plugin show its progress instead\n"
            "  --http-token-secret NAME\n"
            "                    sign in with the admin token kept in the host's secret store\n"
            "                    (`amzconn-host secret set NAME`, at least 16 characters)\n"
            "                    instead of a new one; none is printed\n"
            "  --http-allow-remote  let --http listen on a non-loopback address (the console\n"
            "                    speaks plain HTTP: put a TLS proxy in front)\n",
            run_serve};
}

} // namespace amzconn::refhost
