// manifest, validate and install: the commands about the plugin and its configuration.
#include "cli_args.hpp"
#include "commands.hpp"
#include "diagnostics.hpp"
#include "escape_text.hpp"
#include "manifest_text.hpp"
#include "read_file.hpp"
#include "secret_refs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <ostream>
#include <yaml-cpp/yaml.h>

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
    context.out() << file << ": valid (" << counts.warnings << " warning(s))\n";
    return k_exit_ok;
}

int run_validate(CliContext& context, const CommandArgs& args) {
    return context.finish("validate", validate_body(context, args));
}

int refused(CliContext& context, const std::string& file, std::string_view report_json) {
    print_diagnostics(report_json, context.out());
    context.err() << "amzconn-host: install " << file
                  << ": the config has errors; nothing was installed\n";
    return k_exit_user;
}

// The aliases in an install report, "uk1, de1".
std::string installed_aliases(std::string_view report_json) {
    boost::system::error_code ec;
    const json::value result = json::parse(report_json, ec);
    const json::value* list =
        !ec && result.is_object() ? result.as_object().if_contains("stores") : nullptr;
    std::string stores;
    if (list == nullptr || !list->is_array()) {
        return stores;
    }
    for (const auto& store : list->as_array()) {
        const json::value* alias =
            store.is_object() ? store.as_object().if_contains("alias") : &store;
        if (alias != nullptr && alias->is_string()) {
            stores += (stores.empty() ? "" : ", ") + std::string(alias->as_string());
        }
    }
    return stores;
}

// instance.log_retention_days of an installed config (the plugin validated it: 1 to 365), or
// the default 7 when it is absent.
int64_t configured_retention_days(const std::string& yaml) {
    constexpr int64_t k_default_days = 7;
    try {
        const YAML::Node root = YAML::Load(yaml);
        if (!root.IsMap() || !root["instance"].IsMap()) {
            return k_default_days;
        }
        const YAML::Node days = root["instance"]["log_retention_days"];
        return days.IsScalar() ? days.as<int64_t>() : k_default_days;
    } catch (const YAML::Exception&) {
        return k_default_days;
    }
}

// The host keeps the connection log as long as the installed config says.
Outcome apply_log_retention(CliContext& context, const std::string& yaml) {
    const int64_t days = configured_retention_days(yaml);
    TRY_ASSIGN(auto* host, context.host());
    TRY(host->set_log_retention_ms(days * 24 * 3600 * 1000));
    TRY_ASSIGN(const int64_t pruned, host->prune_log());
    context.err() << "connection log kept " << days << " day(s) (instance.log_retention_days)";
    if (pruned > 0) {
        context.err() << "; pruned " << pruned << " older entr" << (pruned == 1 ? "y" : "ies");
    }
    context.err() << "\n";
    return {};
}

// Every ${secret:NAME} the config names must be in the host's secret store (or its
// $AMZCONN_SECRET_<NAME> fallback); each missing one is printed with its place. Returns how many.
// A refresh token Connect to Amazon can set is only a warning.
Result<size_t> report_missing_secrets(CliContext& context, const std::string& file,
                                      const std::string& yaml) {
    size_t missing = 0;
    for (const auto& reference : secret_references(yaml)) {
        TRY_ASSIGN(auto* host, context.host());
        auto value = host->secret_get(reference.name);
        if (!value && value.status() != Status::not_found) {
            return value.error(); // a missing or wrong key file, say
        }
        if (!value && reference.connectable) {
            context.out() << file << ":" << reference.line << ":" << reference.column
                          << ": warning: secret '" << reference.name
                          << "' is not set yet: the store's jobs need it; use Connect to Amazon "
                             "on the store's tile in the admin console (`amzconn-host serve "
                             "--http 127.0.0.1:8080`), or run `amzconn-host secret set "
                          << reference.name << "`\n";
        } else if (!value) {
            ++missing;
            context.out() << file << ":" << reference.line << ":" << reference.column
                          << ": error: secret '" << reference.name
                          << "' is not set: run `amzconn-host secret set " << reference.name
                          << "` (the value is read from stdin)\n";
        }
    }
    return missing;
}

// The install report's "warnings": lines the plugin wrote whole (config warnings and what it
// checked against this host, e.g. an inventory location no warehouse has).
void print_install_warnings(std::string_view report_json, std::ostream& out) {
    boost::system::error_code ec;
    const auto report = boost::json::parse(report_json, ec);
    const auto* warnings =
        !ec && report.is_object() ? report.as_object().if_contains("warnings") : nullptr;
    if (warnings == nullptr || !warnings->is_array()) {
        return;
    }
    for (const auto& warning : warnings->as_array()) {
        if (warning.is_string()) {
            out << escape_controls(warning.as_string()) << '\n';
        }
    }
}

Result<int> install_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--json"}}));
    TRY_ASSIGN(const auto config, config_argument(parsed));
    const auto& [file, yaml] = config;
    TRY_ASSIGN(auto lib, context.library());
    // Validate first so every diagnostic is shown with its position, not just the first error.
    TRY_ASSIGN(const auto report, lib->validate_config(file, yaml, ""));
    if (!report.ok) {
        return refused(context, file, report.json);
    }
    TRY_ASSIGN(const size_t missing, report_missing_secrets(context, file, yaml));
    if (missing > 0) {
        return refused(context, file, "");
    }
    TRY_ASSIGN(auto* connector, context.connector());
    auto installed = connector->install(file, yaml);
    // Install-time checks (against what is already installed) may answer with a report.
    if (!installed && installed.status() == Status::bad_input &&
        installed.error().message.starts_with("{")) {
        return refused(context, file, installed.error().message);
    }
    TRY(installed);
    TRY(apply_log_retention(context, yaml));
    if (parsed.flag("--json")) {
        context.out() << *installed << "\n";
        return k_exit_ok;
    }
    print_diagnostics(*installed, context.out());
    print_install_warnings(*installed, context.out());
    const std::string stores = installed_aliases(*installed);
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
            "Exit 0 when there is no error (warnings allowed), 1 when there is any.\n"
            "\n"
            "  --json   print the plugin's report {\"ok\",\"diagnostics\":[...]} instead\n",
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
