// manifest, validate and install: the commands about the plugin and its configuration.
#include "cli_args.hpp"
#include "commands.hpp"
#include "diagnostics.hpp"
#include "json_print.hpp"
#include "read_file.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

int run_manifest(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{}, {"--json"}});
    if (!parsed) {
        return context.fail("manifest", parsed.error());
    }
    if (!parsed->positionals.empty()) {
        return context.fail("manifest", Error{Status::bad_input, "takes no arguments"});
    }
    auto lib = context.library();
    if (!lib) {
        return context.fail("manifest", lib.error());
    }
    auto manifest = (*lib)->manifest();
    if (!manifest) {
        return context.fail("manifest", manifest.error());
    }
    context.out() << (parsed->flag("--json") ? *manifest : pretty_json_text(*manifest)) << "\n";
    return k_exit_ok;
}

int run_validate(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{}, {"--json"}});
    if (!parsed) {
        return context.fail("validate", parsed.error());
    }
    if (parsed->positionals.size() != 1) {
        return context.fail("validate", Error{Status::bad_input, "give one CONFIG.yaml"});
    }
    const std::string& file = parsed->positionals[0];
    auto yaml = read_text_file(file);
    if (!yaml) {
        return context.fail("validate", yaml.error());
    }
    auto lib = context.library();
    if (!lib) {
        return context.fail("validate", lib.error());
    }
    auto report = (*lib)->validate_config(file, *yaml, "");
    if (!report) {
        return context.fail("validate " + file, report.error());
    }
    if (parsed->flag("--json")) {
        context.out() << report->json << "\n";
        return report->ok ? k_exit_ok : k_exit_user;
    }
    const auto counts = print_diagnostics(report->json, context.out());
    if (!report->ok || counts.errors > 0) {
        context.err() << file << ": " << counts.errors << " error(s), " << counts.warnings
                      << " warning(s): fix the errors above and validate again\n";
        return k_exit_user;
    }
    context.out() << file << ": valid (" << counts.warnings << " warning(s))\n";
    return k_exit_ok;
}

int run_install(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{}, {"--json"}});
    if (!parsed) {
        return context.fail("install", parsed.error());
    }
    if (parsed->positionals.size() != 1) {
        return context.fail("install", Error{Status::bad_input, "give one CONFIG.yaml"});
    }
    const std::string& file = parsed->positionals[0];
    auto yaml = read_text_file(file);
    if (!yaml) {
        return context.fail("install", yaml.error());
    }
    auto lib = context.library();
    if (!lib) {
        return context.fail("install", lib.error());
    }
    // Validate first so every diagnostic is shown with its position, not just the first error.
    auto report = (*lib)->validate_config(file, *yaml, "");
    if (!report) {
        return context.fail("install " + file, report.error());
    }
    if (!report->ok) {
        print_diagnostics(report->json, context.out());
        context.err() << "amzconn-host: install " << file
                      << ": the config has errors; nothing was installed\n";
        return k_exit_user;
    }
    auto connector = context.connector();
    if (!connector) {
        return context.fail("install", connector.error());
    }
    auto installed = (*connector)->install(file, *yaml);
    if (!installed) {
        // Install-time checks (against what is already installed) may answer with a report.
        const auto& message = installed.error().message;
        if (installed.status() == Status::bad_input && message.starts_with("{")) {
            print_diagnostics(message, context.out());
            context.err() << "amzconn-host: install " << file
                          << ": the config has errors; nothing was installed\n";
            return k_exit_user;
        }
        return context.fail("install " + file, installed.error());
    }
    if (parsed->flag("--json")) {
        context.out() << *installed << "\n";
        return k_exit_ok;
    }
    print_diagnostics(*installed, context.out());
    boost::system::error_code ec;
    const json::value result = json::parse(*installed, ec);
    std::string stores;
    if (!ec && result.is_object()) {
        if (const auto* list = result.as_object().if_contains("stores");
            list != nullptr && list->is_array()) {
            for (const auto& store : list->as_array()) {
                const json::value* alias =
                    store.is_object() ? store.as_object().if_contains("alias") : &store;
                if (alias != nullptr && alias->is_string()) {
                    stores += (stores.empty() ? "" : ", ") + std::string(alias->as_string());
                }
            }
        }
    }
    context.out() << "installed " << file << (stores.empty() ? "" : ": stores " + stores) << "\n";
    return k_exit_ok;
}

} // namespace

CommandInfo manifest_command() {
    return {"manifest", "print the plugin's manifest (id, version, ABI, jobs, settings schema)",
            "usage: amzconn-host [--plugin FILE] manifest [--json]\n"
            "\n"
            "Prints the plugin's manifest: id, version, ABI, jobs with their default schedules,\n"
            "actions and the settings JSON Schema a host UI renders.\n"
            "\n"
            "  --json   compact JSON on one line (default: indented)\n",
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
            "Validates CONFIG.yaml (printing every diagnostic), then stores it in the database\n"
            "and creates or updates its stores. Nothing is stored when there is any error.\n"
            "New stores start closed: open them with `amzconn-host store open ALIAS`.\n"
            "\n"
            "  --json   print the plugin's install report\n",
            run_install};
}

} // namespace amzconn::refhost
