// manifest, validate and install: the commands about the plugin and its configuration.
#include "cli_args.hpp"
#include "commands.hpp"
#include "config_install.hpp"
#include "diagnostics.hpp"
#include "escape_text.hpp"
#include "manifest_text.hpp"
#include "read_file.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

Result<int> manifest_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--json"}}));
    if (!parsed.positionals.empty()) {
        return Error{Status::bad_input, "takes no arguments"};
    }
    TRY_ASSIGN(auto lib, context.library());
    TRY_ASSIGN(const auto manifest, lib->manifest());
    context.out() << (parsed.flag("--json") ? manifest + "\n" : manifest_text(manifest));
    return k_exit_ok;
}

int run_manifest(CliContext& context, const CommandArgs& args) {
    return context.finish("manifest", manifest_body(context, args));
}

// The one CONFIG.yaml a command takes, and its text.
Result<std::pair<std::string, std::string>> config_argument(const ParsedArgs& parsed) {
    if (parsed.positionals.size() != 1) {
        return Error{Status::bad_input, "give one CONFIG.yaml"};
    }
    const std::string& file = parsed.positionals[0];
    TRY_ASSIGN(auto yaml, read_text_file(file));
    return std::pair{file, std::move(yaml)};
}

Result<int> validate_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--json"}}));
    TRY_ASSIGN(const auto config, config_argument(parsed));
    const auto& [file, yaml] = config;
    TRY_ASSIGN(auto lib, context.library());
    TRY_ASSIGN(const auto report, lib->validate_config(file, yaml, ""));
    if (parsed.flag("--json")) {
        context.out() << report.json << "\n";
        return report.ok ? k_exit_ok : k_exit_user;
    }
    const auto counts = print_diagnostics(report.json, context.out());
    if (!report.ok || counts.errors > 0) {
        context.err() << file << ": " << counts.errors << " error(s), " << counts.warnings
                      << " warning(s): fix the errors above and validate again\n";
        return k_exit_user;
    }
    context.out() << file << ": valid (" << counts.warnings
                  << " warning(s)); what it will do once installed:\n";
    print_plan(report.json, context.out());
    return k_exit_ok;
}

int run_validate(CliContext& context, const CommandArgs& args) {
    return context.finish("validate", validate_body(context, args));
}

Result<int> install_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--json"}}));
    TRY_ASSIGN(const auto config, config_argument(parsed));
    const auto& [file, yaml] = config;
    TRY_ASSIGN(const auto outcome,
               install_config(context, file, yaml, context.out(), context.err()));
    if (!outcome.installed) {
        context.err() << "amzconn-host: install " << file
                      << ": the config has errors; nothing was installed\n";
        return k_exit_user;
    }
    if (parsed.flag("--json")) {
        context.out() << outcome.report_json << "\n";
        return k_exit_ok;
    }
    print_diagnostics(outcome.report_json, context.out());
    print_install_warnings(outcome.report_json, context.out());
    const std::string stores = installed_aliases(outcome.report_json);
    context.out() << "installed " << file << (stores.empty() ? "" : ": stores " + stores) << "\n";
    return k_exit_ok;
}

int run_install(CliContext& context, const CommandArgs& args) {
    return context.finish("install", install_body(context, args));
}

} // namespace

CommandInfo manifest_command() {
    return {"manifest", "print the plugin's manifest (id, version, ABI, jobs, settings schema)",
            "usage: amzconn-host [--plugin FILE] manifest [--json]\n"
            "\n"
            "Prints the plugin's id, version and ABI, its jobs (default schedule, description)\n"
            "and the events it takes.\n"
            "\n"
            "  --json   the whole manifest as JSON on one line instead: also the actions and the\n"
            "           settings JSON Schema a host UI renders\n",
            run_manifest};
}

CommandInfo validate_command() {
    return {"validate", "check a connector config and print every problem",
            "usage: amzconn-host [--plugin FILE] validate CONFIG.yaml [--json]\n"
            "\n"
            "Checks CONFIG.yaml without installing it and prints every diagnostic as\n"
            "  file:line:column: error|warning: key.path: message\n"
            "A valid config is followed by what it will do per store once installed (the\n"
            "plugin's plan: orders imported, warehouses counted, what goes to Amazon, the\n"
            "scheduled jobs). Exit 0 when there is no error (warnings allowed), 1 when there\n"
            "is any.\n"
            "\n"
            "  --json   print the plugin's report {\"ok\",\"diagnostics\":[...],\"plan\":[...]}\n"
            "           instead\n",
            run_validate};
}

CommandInfo install_command() {
    return {"install", "validate and store a connector config, creating or updating its stores",
            "usage: amzconn-host [--db FILE] [--plugin FILE] install CONFIG.yaml [--json]\n"
            "\n"
            "Validates CONFIG.yaml (printing every diagnostic) and checks that every\n"
            "${secret:NAME} it names is set (`amzconn-host secret set NAME`), then stores it in\n"
            "the database and creates or updates its stores. Nothing is stored when there is\n"
            "any error. The refresh token of a store with an application_id may be missing\n"
            "(a warning): Connect to Amazon in the admin console (`serve --http`) sets it.\n"
            "A new store starts open when its config says `status: {open: true}`, else closed\n"
            "(open it with `amzconn-host store open ALIAS`). Installing again never reopens a\n"
            "store an admin closed, nor closes an open one. The connection log is then kept\n"
            "for instance.log_retention_days (default 7).\n"
            "\n"
            "  --json   print the plugin's install report\n",
            run_install};
}

} // namespace amzconn::refhost
