#include "config_install.hpp"

#include "diagnostics.hpp"
#include "escape_text.hpp"
#include "secret_refs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <ostream>
#include <yaml-cpp/yaml.h>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

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
Outcome apply_log_retention(SqliteHost& host, const std::string& yaml, std::ostream& err) {
    const int64_t days = configured_retention_days(yaml);
    TRY(host.set_log_retention_ms(days * 24 * 3600 * 1000));
    TRY_ASSIGN(const int64_t pruned, host.prune_log());
    err << "connection log kept " << days << " day(s) (instance.log_retention_days)";
    if (pruned > 0) {
        err << "; pruned " << pruned << " older entr" << (pruned == 1 ? "y" : "ies");
    }
    err << "\n";
    return {};
}

// Every ${secret:NAME} the config names must be in the host's secret store (or its
// $AMZCONN_SECRET_<NAME> fallback); each missing one is printed with its place. Returns how many.
// A refresh token Connect to Amazon can set is only a warning.
Result<size_t> report_missing_secrets(SqliteHost& host, const std::string& file,
                                      const std::string& yaml, std::ostream& out) {
    size_t missing = 0;
    for (const auto& reference : secret_references(yaml)) {
        auto value = host.secret_get(reference.name);
        if (!value && value.status() != Status::not_found) {
            return value.error(); // a missing or wrong key file, say
        }
        if (!value && reference.connectable) {
            out << file << ":" << reference.line << ":" << reference.column << ": warning: secret '"
                << reference.name
                << "' is not set yet: the store's jobs need it; use Connect to Amazon on the "
                   "store's tile in the admin console (`amzconn-host serve --http "
                   "127.0.0.1:8080`), or run `amzconn-host secret set "
                << reference.name << "`\n";
        } else if (!value) {
            ++missing;
            out << file << ":" << reference.line << ":" << reference.column << ": error: secret '"
                << reference.name << "' is not set: run `amzconn-host secret set " << reference.name
                << "` (the value is read from stdin)\n";
        }
    }
    return missing;
}

} // namespace

Result<InstallOutcome> install_config(CliContext& context, const std::string& file,
                                      const std::string& yaml, std::ostream& out,
                                      std::ostream& err) {
    TRY_ASSIGN(auto lib, context.library());
    // Validate first so every diagnostic is shown with its position, not just the first error.
    TRY_ASSIGN(const auto report, lib->validate_config(file, yaml, ""));
    if (!report.ok) {
        print_diagnostics(report.json, out);
        return InstallOutcome{};
    }
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(const size_t missing, report_missing_secrets(*host, file, yaml, out));
    if (missing > 0) {
        return InstallOutcome{};
    }
    TRY_ASSIGN(auto* connector, context.connector());
    auto installed = connector->install(file, yaml);
    // Install-time checks (against what is already installed) may answer with a report.
    if (!installed && installed.status() == Status::bad_input &&
        installed.error().message.starts_with("{")) {
        print_diagnostics(installed.error().message, out);
        return InstallOutcome{};
    }
    TRY(installed);
    TRY(host->set_installed_config(yaml));
    TRY(apply_log_retention(*host, yaml, err));
    return InstallOutcome{true, *installed};
}

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

// The install report's "warnings": lines the plugin wrote whole (config warnings and what it
// checked against this host, e.g. an inventory location no warehouse has).
void print_install_warnings(std::string_view report_json, std::ostream& out) {
    boost::system::error_code ec;
    const auto report = json::parse(report_json, ec);
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

} // namespace amzconn::refhost
