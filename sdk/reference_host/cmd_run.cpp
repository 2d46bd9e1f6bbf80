// check and run: test store connections, run one job now.
#include "cancel_watch.hpp"
#include "cli_args.hpp"
#include "commands.hpp"
#include "json_fields.hpp"
#include "report_summary.hpp"
#include "secret_refs.hpp"
#include "suggest.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

// The stores to check: the one asked for, else every installed store.
Result<std::vector<std::string>> stores_to_check(const ParsedArgs& parsed,
                                                 host::ConnectorHandle& connector) {
    if (auto store = parsed.value("--store")) {
        return std::vector<std::string>{*store};
    }
    TRY_ASSIGN(const auto stores, connector.list_stores());
    auto aliases = store_aliases(stores);
    if (aliases.empty()) {
        return Error{Status::bad_input,
                     "no stores are installed: run `amzconn-host install CONFIG.yaml` first"};
    }
    return aliases;
}

Result<int> check_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{"--store"}, {"--json"}}));
    if (!parsed.positionals.empty()) {
        return Error{Status::bad_input,
                     "unexpected argument '" + parsed.positionals[0] + "': use --store ALIAS"};
    }
    TRY_ASSIGN(auto* connector, context.connector());
    TRY_ASSIGN(const auto aliases, stores_to_check(parsed, *connector));
    int exit_code = k_exit_ok;
    json::array results;
    for (const auto& alias : aliases) {
        auto checked = connector->check(alias);
        if (!checked) {
            const Error& error = checked.error();
            const std::string message = error.message + secret_set_hint(error.message);
            exit_code =
                std::max(exit_code, context.fail("check " + alias, {error.status, message}));
            if (parsed.flag("--json")) { // every store has its entry, a failed one too
                results.push_back(json::object{{"store", alias},
                                               {"ok", false},
                                               {"status", to_string(error.status)},
                                               {"message", message}});
            }
            continue;
        }
        boost::system::error_code ec;
        json::value result = json::parse(*checked, ec);
        const auto* object = ec ? nullptr : result.if_object();
        const bool ok = object != nullptr && field_text(*object, "ok") == "true";
        if (!ok) {
            exit_code = std::max(exit_code, static_cast<int>(k_exit_user));
        }
        if (parsed.flag("--json")) {
            results.push_back(ec ? json::value(json::string(*checked)) : result);
            continue;
        }
        const std::string message = object ? field_text(*object, "message") : *checked;
        context.out() << alias << ": " << (ok ? "ok" : "FAILED")
                      << (message.empty() ? "" : ": " + message) << "\n";
    }
    if (parsed.flag("--json")) {
        context.out() << json::serialize(results) << "\n";
    }
    return exit_code;
}

int run_check(CliContext& context, const CommandArgs& args) {
    return context.finish("check", check_body(context, args));
}

Result<std::string> args_to_json(const std::vector<std::string>& pairs) {
    json::object object;
    for (const auto& pair : pairs) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) {
            return Error{Status::bad_input,
                         "--arg '" + pair +
                             "' must look like KEY=VALUE, e.g. --arg since=2026-01-01"};
        }
        object[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    return json::serialize(object);
}

// The job names in the plugin's manifest.
std::vector<std::string> manifest_jobs(CliContext& context) {
    std::vector<std::string> names;
    auto lib = context.library();
    auto manifest = lib ? (*lib)->manifest() : Result<std::string>(lib.error());
    boost::system::error_code ec;
    const json::value parsed = manifest ? json::parse(*manifest, ec) : json::value();
    const auto* object = ec ? nullptr : parsed.if_object();
    const auto* jobs = object ? object->if_contains("jobs") : nullptr;
    if (jobs == nullptr || !jobs->is_array()) {
        return names;
    }
    for (const auto& job : jobs->as_array()) {
        if (const auto* entry = job.if_object(); entry && entry->contains("name")) {
            names.push_back(field_text(*entry, "name"));
        }
    }
    return names;
}

Result<int> run_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{"--store", "--arg"}, {"--json"}}));
    if (parsed.positionals.size() != 1) {
        return Error{Status::bad_input, "give one JOB (see `amzconn-host manifest` for the jobs)"};
    }
    const std::string& job = parsed.positionals[0];
    TRY_ASSIGN(const auto args_json, args_to_json(parsed.all("--arg")));
    TRY_ASSIGN(auto* connector, context.connector());
    TRY_ASSIGN(auto* host, context.host());
    Result<std::string> report = Error{Status::internal, "not run"};
    {
        CancelWatch watch(*connector);
        report = connector->run_job(job, parsed.value("--store").value_or(""), args_json);
    }
    host->end_job();
    if (!report) {
        const auto jobs = manifest_jobs(context);
        if (std::find(jobs.begin(), jobs.end(), job) == jobs.end()) {
            return Error{report.status(), report.error().message + did_you_mean(job, jobs)};
        }
        return Error{report.status(),
                     report.error().message + secret_set_hint(report.error().message)};
    }
    context.out() << (parsed.flag("--json") ? *report + "\n" : summarize_report(*report));
    return k_exit_ok;
}

int run_run(CliContext& context, const CommandArgs& args) {
    const std::string job = args.empty() || args[0].starts_with("-") ? "" : " " + args[0];
    return context.finish("run" + job, run_body(context, args));
}

} // namespace

CommandInfo check_command() {
    return {"check", "test the connection of one store or of every store",
            "usage: amzconn-host [--db FILE] [--plugin FILE] check [--store ALIAS] [--json]\n"
            "\n"
            "Asks the plugin to test each store's connection (credentials, marketplaces) and\n"
            "prints one line per store. Exit 1 when any store fails.\n"
            "\n"
            "  --store ALIAS   only this store (default: every installed store)\n"
            "  --json          the check results as a JSON array instead, one entry per store\n"
            "                  (a store the plugin could not check: {store, ok: false, status,\n"
            "                  message})\n",
            run_check};
}

CommandInfo run_command() {
    return {"run", "run one job now and print its report",
            "usage: amzconn-host [--db FILE] [--plugin FILE] run JOB [--store ALIAS]\n"
            "                    [--arg KEY=VALUE]... [--json]\n"
            "\n"
            "Runs JOB (a job name from the manifest) for one store, or for every store it\n"
            "applies to, and prints a summary of its report: one line per store,\n"
            "  JOB STORE: STATUS, COUNT=N ...\n"
            "then the report's messages, indented, and the job's own fields (explain_stock's\n"
            "explanation, say); a report of another shape is printed as indented JSON.\n"
            "Progress lines go to stderr. SIGTERM or Ctrl-C asks the job to stop at its next\n"
            "safe point; a closed stdout or stderr never stops it. Exit 1 when the plugin\n"
            "refuses (bad input, unknown store or job, not implemented), with its message.\n"
            "\n"
            "  --store ALIAS     the store (default: every store the job applies to)\n"
            "  --arg KEY=VALUE   a job argument (repeatable)\n"
            "  --json            the job report as JSON on one line instead\n",
            run_run};
}

} // namespace amzconn::refhost
