// log: reads the connection log, filtered by store, level and age; sets the retention.
#include "cli_args.hpp"
#include "commands.hpp"
#include "time_text.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

std::string_view level_name(LogLevel level) {
    switch (level) {
    case LogLevel::error:
        return "ERROR";
    case LogLevel::info:
        return "INFO";
    case LogLevel::debug:
        return "DEBUG";
    }
    return "DEBUG";
}

Result<LogLevel> parse_level(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (text == "ERROR") {
        return LogLevel::error;
    }
    if (text == "INFO") {
        return LogLevel::info;
    }
    if (text == "DEBUG" || text == "ALL") {
        return LogLevel::debug;
    }
    return Error{Status::bad_input, "unknown level '" + text + "': use ERROR, INFO, DEBUG or ALL"};
}

int run_log(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{"--store", "--level", "--since", "--retention"}, {"--json"}});
    if (!parsed) {
        return context.fail("log", parsed.error());
    }
    if (!parsed->positionals.empty()) {
        return context.fail("log", Error{Status::bad_input,
                                         "unexpected argument '" + parsed->positionals[0] + "'"});
    }
    LogQuery query;
    query.store = parsed->value("--store");
    query.max_level = LogLevel::debug;
    if (auto level = parsed->value("--level")) {
        auto parsed_level = parse_level(*level);
        if (!parsed_level) {
            return context.fail("log", parsed_level.error());
        }
        query.max_level = *parsed_level;
    }
    std::optional<int64_t> since;
    if (auto text = parsed->value("--since")) {
        auto duration = parse_duration_ms(*text);
        if (!duration) {
            return context.fail("log --since", duration.error());
        }
        since = *duration;
    }
    std::optional<int64_t> retention;
    if (auto text = parsed->value("--retention")) {
        auto duration = parse_duration_ms(*text);
        if (!duration) {
            return context.fail("log --retention", duration.error());
        }
        retention = *duration;
    }
    auto services = context.host();
    if (!services) {
        return context.fail("log", services.error());
    }
    SqliteHost& host = **services;
    if (retention) {
        if (auto set = host.set_log_retention_ms(*retention); !set) {
            return context.fail("log --retention", set.error());
        }
        auto pruned = host.prune_log();
        if (!pruned) {
            return context.fail("log --retention", pruned.error());
        }
        context.err() << "log retention set to " << *parsed->value("--retention") << "; pruned "
                      << *pruned << " older entr" << (*pruned == 1 ? "y" : "ies") << "\n";
    }
    if (since) {
        query.since_ms = host.now_ms() - *since;
    }
    auto records = host.read_log(query);
    if (!records) {
        return context.fail("log", records.error());
    }
    if (parsed->flag("--json")) {
        json::array out;
        for (const auto& record : *records) {
            out.push_back(json::object{{"ts", format_rfc3339(record.ts_ms)},
                                       {"level", level_name(record.level)},
                                       {"store", record.store},
                                       {"reference", record.reference},
                                       {"message", record.message}});
        }
        context.out() << json::serialize(out) << "\n";
        return k_exit_ok;
    }
    for (const auto& record : *records) {
        context.out() << format_rfc3339(record.ts_ms) << " " << level_name(record.level) << " "
                      << (record.store.empty() ? "-" : record.store) << " "
                      << (record.reference.empty() ? "-" : record.reference) << " "
                      << record.message << "\n";
    }
    return k_exit_ok;
}

} // namespace

CommandInfo log_command() {
    return {"log", "read the connection log",
            "usage: amzconn-host [--db FILE] log [--store ALIAS] [--level ERROR|INFO|DEBUG|ALL]\n"
            "                    [--since DURATION] [--json] [--retention DURATION]\n"
            "\n"
            "Prints connection-log entries, oldest first, one per line:\n"
            "  TIME LEVEL STORE REFERENCE MESSAGE\n"
            "\n"
            "  --store ALIAS          only this store's entries\n"
            "  --level L              ERROR: errors only; INFO: errors and info; DEBUG or ALL:\n"
            "                         everything (default ALL)\n"
            "  --since DURATION       only entries newer than this, e.g. 90s, 30m, 2h, 7d\n"
            "  --json                 a JSON array of {ts, level, store, reference, message}\n"
            "  --retention DURATION   keep entries this long from now on (default 7d) and prune\n",
            run_log};
}

} // namespace amzconn::refhost
