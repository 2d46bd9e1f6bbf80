// serve: runs each open store's jobs on their schedules until SIGTERM/SIGINT.
#include "cancel_watch.hpp"
#include "cli_args.hpp"
#include "commands.hpp"
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

int run_serve(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{"--poll"}, {"--once"}});
    if (!parsed) {
        return context.fail("serve", parsed.error());
    }
    if (!parsed->positionals.empty()) {
        return context.fail("serve", Error{Status::bad_input, "takes no arguments"});
    }
    int64_t poll_ms = k_default_poll_ms;
    if (auto poll = parsed->value("--poll")) {
        auto parsed_poll = parse_duration_ms(*poll);
        if (!parsed_poll || *parsed_poll <= 0) {
            return context.fail("serve --poll", parsed_poll
                                                    ? Error{Status::bad_input, "must be positive"}
                                                    : parsed_poll.error());
        }
        poll_ms = *parsed_poll;
    }
    auto services = context.host();
    if (!services) {
        return context.fail("serve", services.error());
    }
    SqliteHost& host = **services;
    auto connector = context.connector();
    if (!connector) {
        return context.fail("serve", connector.error());
    }
    CancelWatch watch(**connector);
    context.err() << "serve: running scheduled jobs (db " << host.path().string()
                  << "); stop with SIGTERM or Ctrl-C\n";
    while (!shutdown_requested()) {
        auto listed = (*connector)->list_stores();
        if (!listed) {
            host.log(LogLevel::error, "", "",
                     "serve: listing stores failed: " + listed.error().message);
            context.err() << "serve: listing stores failed: " << listed.error().message << "\n";
        } else {
            boost::system::error_code ec;
            const json::value stores = json::parse(*listed, ec);
            for (const auto& scheduled : scheduled_jobs(ec ? json::value() : stores)) {
                if (shutdown_requested()) {
                    break;
                }
                auto last = host.last_run(scheduled.store, scheduled.job);
                if (!last) {
                    return context.fail("serve", last.error());
                }
                const int64_t started = host.now_ms();
                if (last->has_value() && started - **last < scheduled.interval_ms) {
                    continue;
                }
                auto report = (*connector)->run_job(scheduled.job, scheduled.store, "{}");
                if (!report && report.status() == Status::cancelled) {
                    break; // stopped at a safe point; the job runs again next time
                }
                if (auto recorded = host.set_last_run(scheduled.store, scheduled.job, started);
                    !recorded) {
                    return context.fail("serve", recorded.error());
                }
                context.err() << format_rfc3339(started) << " " << scheduled.job << " "
                              << scheduled.store << ": "
                              << (report ? std::string("ok")
                                         : std::string(to_string(report.status())) + ": " +
                                               report.error().message)
                              << "\n";
                if (!report) {
                    host.log(LogLevel::error, scheduled.store, "",
                             "scheduled job " + scheduled.job +
                                 " failed: " + report.error().message);
                }
            }
        }
        if (parsed->flag("--once")) {
            break;
        }
        wait_unless_shutdown(poll_ms);
    }
    context.err() << "serve: stopped cleanly\n";
    return k_exit_ok;
}

} // namespace

CommandInfo serve_command() {
    return {"serve", "run every open store's jobs on their schedules until SIGTERM",
            "usage: amzconn-host [--db FILE] [--plugin FILE] serve [--poll DURATION] [--once]\n"
            "\n"
            "Runs each open store's jobs when they are due. Schedules come from the plugin's\n"
            "store list (\"schedules\": {\"job\": seconds}); last-run times are kept in the\n"
            "database, so a restart does not rerun what just ran. On SIGTERM or Ctrl-C the\n"
            "running job is asked to stop at its next safe point and serve exits 0. Works with\n"
            "a virtual clock: advance it with `amzconn-host clock advance`.\n"
            "\n"
            "  --poll DURATION   how often to look for due jobs (default 1s)\n"
            "  --once            run what is due once, then exit\n",
            run_serve};
}

} // namespace amzconn::refhost
