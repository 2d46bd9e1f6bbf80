// log: reads the connection log, filtered by store, reference, level and time, and follows it.
#include "cli_args.hpp"
#include "commands.hpp"
#include "escape_text.hpp"
#include "shutdown.hpp"
#include "suggest.hpp"
#include "time_text.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

constexpr int64_t k_follow_poll_ms = 500;

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

// "2h" (that long ago) or an RFC 3339 time.
Result<int64_t> parse_instant(const std::string& option, const std::string& text, int64_t now_ms) {
    if (auto ago = parse_duration_ms(text)) {
        return now_ms - *ago;
    }
    if (auto at = parse_rfc3339_ms(text)) {
        return *at;
    }
    return Error{Status::bad_input, option + " '" + text +
                                        "': give a duration ago (90s, 30m, 2h, 7d) or a time "
                                        "(2026-01-01T00:00:00Z)"};
}

// The filters given on the command line.
Result<LogQuery> build_query(const ParsedArgs& parsed, SqliteHost& host) {
    LogQuery query;
    query.store = parsed.value("--store");
    query.reference = parsed.value("--reference");
    if (auto level = parsed.value("--level")) {
        TRY_ASSIGN(query.max_level, parse_level(*level));
    }
    const int64_t now = host.now_ms();
    if (auto since = parsed.value("--since")) {
        TRY_ASSIGN(query.since_ms, parse_instant("--since", *since, now));
    }
    if (auto until = parsed.value("--until")) {
        TRY_ASSIGN(query.until_ms, parse_instant("--until", *until, now));
    }
    if (query.store) {
        TRY_ASSIGN(const auto stores, host.log_stores());
        if (std::find(stores.begin(), stores.end(), *query.store) == stores.end()) {
            std::string known;
            for (const auto& store : stores) {
                known += (known.empty() ? "" : ", ") + store;
            }
            return Error{Status::not_found, "no entries for store '" + *query.store + "'" +
                                                did_you_mean(*query.store, stores) +
                                                ": the log has entries for " +
                                                (known.empty() ? "no store yet" : known)};
        }
    }
    return query;
}

// One entry per line; every field escaped, so a value can never start a forged line.
void print_record(std::ostream& out, const LogRecord& record, bool as_json) {
    if (as_json) {
        out << json::serialize(json::object{{"id", record.id},
                                            {"ts", format_rfc3339(record.ts_ms)},
                                            {"level", level_name(record.level)},
                                            {"store", record.store},
                                            {"reference", record.reference},
                                            {"message", record.message}})
            << "\n";
        return;
    }
    const auto field = [](const std::string& text) {
        return text.empty() ? std::string("-") : escape_controls(text);
    };
    out << format_rfc3339(record.ts_ms) << " " << level_name(record.level) << " "
        << field(record.store) << " " << field(record.reference) << " "
        << escape_controls(record.message) << "\n";
}

Result<int> log_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed,
               parse_args(args, {{"--store", "--reference", "--level", "--since", "--until"},
                                 {"--json", "--follow"}}));
    if (!parsed.positionals.empty()) {
        return Error{Status::bad_input, "unexpected argument '" + parsed.positionals[0] + "'"};
    }
    if (parsed.flag("--follow") && parsed.value("--until")) {
        return Error{Status::bad_input, "--follow and --until do not go together"};
    }
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(auto query, build_query(parsed, *host));
    const bool as_json = parsed.flag("--json");
    while (true) {
        TRY_ASSIGN(const auto records, host->read_log(query));
        for (const auto& record : records) {
            print_record(context.out(), record, as_json);
            query.after_id = record.id;
        }
        context.out().flush();
        // Following stops when the reader has gone (a closed pipe) or on SIGTERM/Ctrl-C.
        if (!parsed.flag("--follow") || !context.out() || !wait_unless_shutdown(k_follow_poll_ms)) {
            return k_exit_ok;
        }
    }
}

int run_log(CliContext& context, const CommandArgs& args) {
    return context.finish("log", log_body(context, args));
}

} // namespace

CommandInfo log_command() {
    return {"log", "read the connection log",
            "usage: amzconn-host [--db FILE] log [--store ALIAS] [--reference REF]\n"
            "                    [--level ERROR|INFO|DEBUG|ALL] [--since WHEN] [--until WHEN]\n"
            "                    [--follow] [--json]\n"
            "\n"
            "Prints connection-log entries, oldest first, one per line:\n"
            "  TIME LEVEL STORE REFERENCE MESSAGE\n"
            "Control characters in any field (CR, LF, ESC, ...) are shown escaped (\\r, \\n,\n"
            "\\x1b), so no entry can forge another line. Entries older than\n"
            "instance.log_retention_days of the installed config (default 7) are pruned.\n"
            "\n"
            "  --store ALIAS      only this store's entries (exit 1 when the log has none)\n"
            "  --reference REF    only entries about this reference, e.g. an Amazon order id\n"
            "  --level L          ERROR: errors only; INFO: errors and info; DEBUG or ALL:\n"
            "                     everything (default ALL)\n"
            "  --since WHEN       only entries at or after WHEN: a duration ago (90s, 30m, 2h,\n"
            "                     7d) or a time (2026-01-01T00:00:00Z)\n"
            "  --until WHEN       only entries at or before WHEN (same forms)\n"
            "  --follow           keep printing new entries until SIGTERM or Ctrl-C\n"
            "  --json             one JSON object per line: {id, ts, level, store, reference,\n"
            "                     message}\n",
            run_log};
}

} // namespace amzconn::refhost
