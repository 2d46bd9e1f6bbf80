#include "connector/amazon_connector.hpp"

#include "amzconn/config/config.hpp"
#include "cancellations/cancellation_event.hpp"
#include "cancellations/cancellation_jobs.hpp"
#include "connector/installed_stores.hpp"
#include "connector/job_catalogue.hpp"
#include "engine/api_usage.hpp"
#include "engine/failpoint.hpp"
#include "engine/job_names.hpp"
#include "engine/store_client.hpp"
#include "engine/store_registry.hpp"
#include "host/shipment_host_data.hpp"
#include "orders/order_host_checks.hpp"
#include "orders/order_import.hpp"
#include "shipments/shipment_event.hpp"
#include "shipments/shipment_jobs.hpp"
#include "spapi/sellers_api.hpp"
#include "stock/stock_jobs.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

// The installed config, typed, or an error that says to install one first.
Result<std::pair<InstalledConfig, config::Config>> installed(HostServices& host) {
    TRY_ASSIGN(auto stored, read_installed_config(host));
    if (!stored.has_value()) {
        return Error{Status::not_found,
                     "no config is installed: run `amzconn-host install CONFIG.yaml` first"};
    }
    TRY_ASSIGN(auto typed, typed_config(*stored));
    return std::pair{std::move(*stored), std::move(typed)};
}

Result<const config::StoreConfig*> require_store(const config::Config& config,
                                                 std::string_view alias) {
    if (const auto* store = find_store(config, alias)) {
        return store;
    }
    return Error{Status::not_found, "unknown store '" + std::string(alias) +
                                        "': installed stores are " + list_aliases(config)};
}

std::string diagnostics_text(const config::LoadResult& result) {
    std::string text;
    for (const auto& diagnostic : result.diagnostics) {
        text += config::format(diagnostic);
        text += '\n';
    }
    return text;
}

// The JSON object a job's arguments arrive in.
Result<json::object> parse_args_object(std::string_view args_json) {
    boost::system::error_code ec;
    auto args = json::parse(args_json.empty() ? std::string_view("{}") : args_json, ec);
    if (ec || !args.is_object()) {
        return Error{Status::bad_input, "job arguments must be a JSON object of strings"};
    }
    return std::move(args.as_object());
}

// The arguments as strings by name.
Result<JobArgs> to_job_args(const json::object& args) {
    JobArgs arguments;
    for (const auto& [key, value] : args) {
        if (!value.is_string()) {
            return Error{Status::bad_input,
                         "job argument '" + std::string(key) + "' must be a string"};
        }
        arguments.emplace(std::string(key), std::string(value.as_string()));
    }
    return arguments;
}

// The report of a job that did not run on a store, with why.
JobReport not_run(std::string_view job, std::string_view store, std::string status,
                  std::string message) {
    JobReport report;
    report.job = std::string(job);
    report.store = std::string(store);
    report.status = std::move(status);
    report.messages.push_back(std::move(message));
    return report;
}

json::array marketplace_ids(const config::StoreConfig& store) {
    json::array ids;
    for (const auto& id : store_marketplace_ids(store)) {
        ids.push_back(json::string(id));
    }
    return ids;
}

// What a host needs for the website authorization workflow (the admin console's Connect to
// Amazon): the credential references as written (never their values), the application, where
// the store's endpoint and LWA token service are (a loopback endpoint, the sandbox, serves both
// the consent page and the token exchange), and how this instance reaches Amazon (the proxy as
// written, plain or ${env:NAME}; the CA bundle; the connect timeout), so the host's code exchange
// goes the way the jobs' calls go.
json::object connect_of(const config::InstanceConfig& instance, const config::StoreConfig& store) {
    const auto& refs = store.credentials;
    json::object connect{{"lwa_client_id", config::to_string(refs.lwa_client_id)},
                         {"lwa_client_secret", config::to_string(refs.lwa_client_secret)},
                         {"refresh_token", config::to_string(refs.refresh_token)},
                         {"application_id", store.application_id.value_or("")},
                         {"application_draft", store.application_draft},
                         {"proxy", instance.proxy.value_or("")},
                         {"ca_file", instance.tls.ca_file.value_or("")},
                         {"connect_timeout_s", instance.timeouts.connect_s}};
    if (auto endpoint = store_endpoint(store)) {
        connect["lwa_token_url"] = lwa_token_url(*endpoint);
        connect["endpoint"] = std::move(*endpoint);
    } else {
        connect["endpoint_error"] = endpoint.error().message;
    }
    return connect;
}

// A host event as JSON, with its kind checked.
Result<std::pair<std::string, json::object>> parse_event(std::string_view event_json) {
    boost::system::error_code ec;
    auto event = json::parse(event_json, ec);
    if (ec || !event.is_object() || !event.as_object().contains("kind") ||
        !event.as_object().at("kind").is_string()) {
        return Error{Status::bad_input, "an event is a JSON object with a string field \"kind\""};
    }
    std::string kind(event.as_object().at("kind").as_string());
    if (kind != "stock_changed" && kind != "order_shipped" && kind != "order_cancelled") {
        return Error{Status::bad_input, "unknown event kind '" + kind +
                                            "': expected stock_changed, order_shipped or "
                                            "order_cancelled"};
    }
    return std::pair{std::move(kind), std::move(event.as_object())};
}

// The SKUs of a stock_changed event.
Result<std::vector<std::string>> stock_changed_skus(const json::object& event) {
    const auto* skus = event.if_contains("skus");
    if (!skus || !skus->is_array() || skus->as_array().empty()) {
        return Error{Status::bad_input, "a stock_changed event names its SKUs: "
                                        "{\"kind\":\"stock_changed\",\"skus\":[\"SKU\",...]}"};
    }
    std::vector<std::string> changed;
    for (const auto& sku : skus->as_array()) {
        if (!sku.is_string() || sku.as_string().empty()) {
            return Error{Status::bad_input, "stock_changed: every SKU is a non-empty string"};
        }
        changed.emplace_back(sku.as_string());
    }
    return changed;
}

// What only the host can tell at install: a single customer it lacks, a location no warehouse
// has, a stock.warehouses code it does not have. Errors refuse the config; warnings are returned,
// each as "FILE: warning: ...".
Result<std::vector<std::string>>
check_against_host(HostServices& host, const config::Config& config, std::string_view file_name) {
    const HostChecks host_checks = check_orders_against_host(host, config);
    auto stock_checked = check_stock_against_host(host, config);
    const std::string file(file_name);
    if (!host_checks.errors.empty() || !stock_checked) {
        std::string text;
        for (const auto& line : host_checks.errors) {
            text += file + ": error: " + line + "\n";
        }
        if (!stock_checked) {
            text += file + ": error: " + stock_checked.error().message + "\n";
        }
        return Error{Status::bad_input,
                     text + "the config was not installed: fix the errors above"};
    }
    std::vector<std::string> warnings;
    for (const auto& line : host_checks.warnings) {
        warnings.push_back(file + ": warning: " + line);
    }
    for (const auto& line : *stock_checked) {
        warnings.push_back(file + ": warning: " + line);
    }
    return warnings;
}

} // namespace

AmazonConnector::AmazonConnector(HostApi host) : m_host(std::move(host)) {}

Result<std::string> AmazonConnector::install(std::string_view file_name, std::string_view yaml) {
    std::lock_guard lock(m_admin_mutex);
    TRY_ASSIGN(auto current, read_installed_config(m_host));
    const auto result = config::load(file_name, yaml, install_context(current));
    if (!result.ok() || !result.config) {
        return Error{Status::bad_input, diagnostics_text(result) +
                                            "the config was not installed: fix the errors above"};
    }
    TRY_ASSIGN(const auto host_warnings, check_against_host(m_host, *result.config, file_name));
    const int64_t now = m_host.now_ms();
    InstalledConfig next;
    next.file_name = std::string(file_name);
    next.yaml = std::string(yaml);
    next.effective_json = config::to_json(*result.config);
    next.installed_at_ms = current.has_value() ? current->installed_at_ms : now;

    // One all-or-nothing write: the config and the status of every store seen for the first time.
    json::array ops;
    ops.push_back(json::object{
        {"op", "state_put"},
        {"ns", k_plugin_ns},
        {"key", k_config_key},
        {"value", encode(next)},
        {"expected_version", current.has_value() ? current->version : k_version_absent}});
    json::array report_stores;
    for (const auto& store : result.config->stores) {
        TRY_ASSIGN(auto status, read_store_status(m_host, store.alias));
        const bool is_new = !status.has_value();
        // A re-install never reopens a store an admin closed: status.open applies at first install.
        const bool open = is_new ? store.status.open && !store.retired : status->open;
        if (is_new) {
            const StoreStatus fresh{open, now, now, "install", 0};
            ops.push_back(json::object{{"op", "state_put"},
                                       {"ns", store_namespace(store.alias)},
                                       {"key", k_status_key},
                                       {"value", encode(fresh)},
                                       {"expected_version", k_version_absent}});
        }
        report_stores.push_back(json::object{{"alias", store.alias},
                                             {"created", is_new},
                                             {"open", open},
                                             {"retired", store.retired}});
    }
    auto written = m_host.transact(json::serialize(ops));
    if (!written) {
        if (written.status() == Status::conflict) {
            return Error{Status::conflict, "another install changed the config at the same time: "
                                           "run install again"};
        }
        return written.error();
    }
    for (const auto& entry : report_stores) {
        const auto& store = entry.as_object();
        const std::string alias(store.at("alias").as_string());
        std::string message = store.at("created").as_bool() ? "store installed" : "store updated";
        message += store.at("open").as_bool() ? " (open)" : " (closed)";
        m_host.log(LogLevel::info, alias, "", message + " from " + std::string(file_name));
    }
    json::array warnings;
    for (const auto& diagnostic : result.diagnostics) {
        warnings.push_back(json::string(config::format(diagnostic)));
    }
    for (const auto& line : host_warnings) {
        warnings.push_back(json::string(line));
    }
    return json::serialize(
        json::object{{"stores", std::move(report_stores)}, {"warnings", std::move(warnings)}});
}

Result<std::string> AmazonConnector::list_stores() {
    json::array out;
    auto current = installed(m_host);
    if (!current) {
        if (current.status() == Status::not_found) {
            return json::serialize(out);
        }
        return current.error();
    }
    for (const auto& store : current->second.stores) {
        TRY_ASSIGN(auto status, read_store_status(m_host, store.alias));
        // A retired store runs nothing, whatever its status said before it retired.
        const bool open = status.has_value() && status->open && !store.retired;
        out.push_back(json::object{
            {"alias", store.alias},
            {"display_name", store.display_name.value_or(store.alias)},
            {"open", open},
            {"retired", store.retired},
            {"sync_level", to_string(store.sync_level)},
            {"region", amazon::to_string(store.marketplaces.region)},
            {"marketplaces", marketplace_ids(store)},
            {"changed_at_ms", status.has_value() ? status->changed_at_ms : 0},
            {"schedules", open ? schedules_of(store) : json::object{}},
            {"seller_id", store.seller_id},
            {"connect", connect_of(current->second.instance, store)},
        });
    }
    return json::serialize(out);
}

Result<std::string> AmazonConnector::set_store_open(std::string_view alias, bool open) {
    std::lock_guard lock(m_admin_mutex);
    TRY_ASSIGN(auto current, installed(m_host));
    TRY_ASSIGN(auto store, require_store(current.second, alias));
    if (open && store->retired) {
        return Error{Status::bad_input, "store '" + std::string(alias) +
                                            "' is retired in the config: set retired: false and "
                                            "install the config before opening it"};
    }
    TRY_ASSIGN(auto status, read_store_status(m_host, alias));
    if (status.has_value() && status->open == open) {
        return json::serialize(json::object{{"alias", alias}, {"open", open}, {"changed", false}});
    }
    if (open && store->status.on_open == config::OnOpen::catch_up_from_install) {
        TRY(restart_order_cursor(m_host, alias)); // before the store opens: no import runs yet
    }
    const int64_t now = m_host.now_ms();
    StoreStatus next = status.value_or(StoreStatus{false, now, now, "admin", 0});
    next.open = open;
    next.changed_at_ms = now;
    next.changed_by = "admin";
    const int64_t expected = status.has_value() ? status->version : k_version_absent;
    auto written = m_host.state_put(store_namespace(alias), k_status_key, encode(next), expected);
    if (!written) {
        if (written.status() == Status::conflict) {
            return Error{Status::conflict, "store '" + std::string(alias) +
                                               "' was opened or closed by someone else at the same "
                                               "time: check `store list` and try again"};
        }
        return written.error();
    }
    m_host.log(LogLevel::info, alias, "",
               open ? (store->status.on_open == config::OnOpen::catch_up_from_install
                           ? "store opened by admin: the next order import walks again from "
                             "filters.start_date or install time (status.on_open "
                             "catch_up_from_install); orders already imported are not written "
                             "twice"
                           : "store opened by admin: the next order import catches up from the "
                             "last cursor, or from install time on a first run")
                    : "store closed by admin: no Amazon call is made for it until it is opened");
    return json::serialize(json::object{{"alias", alias}, {"open", open}, {"changed", true}});
}

Result<std::unique_ptr<spapi::SpApiClient>>
AmazonConnector::client_for(const config::InstanceConfig& instance,
                            const config::StoreConfig& store) {
    {
        std::lock_guard lock(m_shared_mutex);
        if (!m_shared) {
            TRY(spapi::global_init());
            m_shared = std::make_unique<spapi::ClientShared>();
            m_shared->tokens.set_on_grant([] { failpoint("cp7_lwa_granted_before_cache"); });
        }
    }
    return make_client(instance, store, *m_shared, m_host);
}

// Tests the store's connection with getMarketplaceParticipations. Allowed on a closed store: it is
// the admin's way to prove credentials before opening it, and it reads nothing of the seller's.
Result<std::string> AmazonConnector::check(std::string_view alias) {
    TRY_ASSIGN(auto current, installed(m_host));
    TRY_ASSIGN(auto store, require_store(current.second, alias));
    auto client = client_for(current.second.instance, *store);
    if (!client) {
        m_host.log(LogLevel::error, alias, "", "check: " + client.error().message);
        return client.error();
    }
    auto participations = spapi::sellers::get_marketplace_participations(**client);
    note_api_calls(**client, alias);
    if (!participations) {
        const auto& failure = participations.error();
        m_host.log(LogLevel::error, alias, failure.request_id, "check: " + failure.describe());
        return failure.to_error();
    }
    json::array marketplaces;
    std::vector<std::string> missing;
    for (const auto& p : *participations) {
        marketplaces.push_back(json::object{{"marketplace_id", p.marketplace_id},
                                            {"name", p.name},
                                            {"country_code", p.country_code},
                                            {"currency", p.default_currency_code},
                                            {"participating", p.is_participating},
                                            {"suspended_listings", p.has_suspended_listings}});
    }
    auto configured = marketplace_ids(*store);
    for (const auto& id : configured) {
        bool found = false;
        for (const auto& p : *participations) {
            found |= p.marketplace_id == id.as_string() && p.is_participating;
        }
        if (!found) {
            missing.emplace_back(id.as_string());
        }
    }
    std::string message = "connected: the seller sells in " +
                          std::to_string(participations->size()) + " marketplace(s)";
    if (!missing.empty()) {
        message += "; not participating in configured marketplace(s)";
        for (const auto& id : missing) {
            message += " " + id;
        }
        message += ": remove them from the config or enable them in Seller Central";
    }
    m_host.log(missing.empty() ? LogLevel::info : LogLevel::error, alias, "", "check: " + message);
    return json::serialize(json::object{{"store", alias},
                                        {"ok", missing.empty()},
                                        {"marketplaces", std::move(marketplaces)},
                                        {"message", message}});
}

Result<std::string> AmazonConnector::run_job(std::string_view job, std::string_view store_alias,
                                             std::string_view args_json) {
    const auto* info = find_job(job);
    if (!info) {
        return Error{Status::not_found,
                     "unknown job '" + std::string(job) + "': the jobs are " + job_list()};
    }
    TRY_ASSIGN(const auto args, parse_args_object(args_json));
    TRY_ASSIGN(auto current, installed(m_host));
    if (!store_alias.empty()) {
        TRY(require_store(current.second, store_alias));
    }
    if (!info->implemented()) {
        return Error{Status::not_implemented,
                     "job '" + std::string(job) + "' is not implemented in this build of amzconn"};
    }
    TRY_ASSIGN(const auto arguments, to_job_args(args));
    if (!store_alias.empty()) {
        TRY_ASSIGN(auto report, run_store_job(*info, current.second,
                                              *find_store(current.second, store_alias), arguments));
        return json::serialize(report.to_json());
    }
    // No store named: every store the job applies to, one report each.
    json::array reports;
    for (const auto& store : current.second.stores) {
        auto report = run_store_job(*info, current.second, store, arguments);
        reports.push_back(
            report ? report->to_json()
                   : not_run(job, store.alias, "failed", report.error().message).to_json());
    }
    return json::serialize(json::object{{"job", job}, {"reports", std::move(reports)}});
}

Result<JobReport> AmazonConnector::run_store_job(const JobInfo& job, const config::Config& config,
                                                 const config::StoreConfig& store,
                                                 const JobArgs& args) {
    TRY_ASSIGN(auto status, read_store_status(m_host, store.alias));
    // Not `ok`: nothing was done, and a host must be able to tell that from a run with no news.
    const auto idle = [&](const char* why, std::string message) {
        m_host.log(LogLevel::debug, store.alias, "", std::string(job.name) + ": " + message);
        return not_run(job.name, store.alias, why, std::move(message));
    };
    if (store.retired) {
        return idle("store_closed", "store '" + store.alias +
                                        "' is retired: it runs nothing and makes no Amazon call; "
                                        "its orders, products and log stay in the host");
    }
    if (!status || !status->open) {
        return idle("store_closed", "store '" + store.alias +
                                        "' is closed: no Amazon call was made; an admin "
                                        "opens it with `store open " +
                                        store.alias + "`");
    }
    if (job.needs_orders && store.sync_level == config::SyncLevel::stock_only) {
        return idle("not_applicable",
                    "store '" + store.alias + "' syncs stock only: orders are not imported");
    }
    auto client = client_for(config.instance, store);
    if (!client) {
        m_host.log(LogLevel::error, store.alias, "",
                   std::string(job.name) + ": " + client.error().message);
        return client.error();
    }
    m_cancelled.store(false);
    EngineContext context{m_host, **client, store, *status, m_cancelled};
    auto report = job.run(context, args);
    note_api_calls(**client, store.alias);
    return report;
}

void AmazonConnector::note_api_calls(const spapi::SpApiClient& client, std::string_view alias) {
    if (auto recorded = record_api_calls(m_host, alias, client.calls_sent()); !recorded) {
        m_host.log(LogLevel::error, alias, "",
                   "the SP-API call counts of this run were not recorded: " +
                       recorded.error().message);
    }
}

Result<std::string> AmazonConnector::handle_event(std::string_view event_json) {
    TRY_ASSIGN(const auto event, parse_event(event_json));
    if (event.first == "order_shipped") {
        return order_shipped(event.second);
    }
    if (event.first == "order_cancelled") {
        return order_cancelled(event.second);
    }
    TRY_ASSIGN(const auto changed, stock_changed_skus(event.second));
    TRY_ASSIGN(const auto current, installed(m_host));
    // Every open store that exports stock pushes the change now; a closed one makes no call and
    // catches up at its next full export.
    json::array reports;
    for (const auto& store : current.second.stores) {
        TRY_ASSIGN(const auto status, read_store_status(m_host, store.alias));
        if (store.retired || !store.stock.enabled || !status || !status->open) {
            continue;
        }
        auto client = client_for(current.second.instance, store);
        if (!client) {
            m_host.log(LogLevel::error, store.alias, "",
                       "stock_changed: " + client.error().message);
            reports.push_back(json::object{
                {"store", store.alias}, {"status", "failed"}, {"message", client.error().message}});
            continue;
        }
        EngineContext context{m_host, **client, store, *status, m_cancelled};
        auto pushed = push_stock_changed(context, changed);
        note_api_calls(**client, store.alias);
        if (!pushed) {
            m_host.log(LogLevel::error, store.alias, "",
                       "stock_changed: " + pushed.error().message);
            reports.push_back(json::object{
                {"store", store.alias}, {"status", "failed"}, {"message", pushed.error().message}});
            continue;
        }
        reports.push_back(std::move(*pushed));
    }
    return json::serialize(
        json::object{{"kind", "stock_changed"}, {"reports", std::move(reports)}});
}

// order_shipped: the shipment document from the event, written to the host and sent at once on
// an open store (a closed one keeps it for confirm_shipments once opened).
Result<std::string> AmazonConnector::order_shipped(const json::object& event) {
    TRY_ASSIGN(const auto current, installed(m_host));
    TRY_ASSIGN(const auto shipment, shipment_from_event(m_host, current.second, event));
    const std::string alias(shipment.at("store").as_string());
    TRY_ASSIGN(const auto* store, require_store(current.second, alias));
    TRY_ASSIGN(const auto status, read_store_status(m_host, alias));
    const bool held = store->retired || !status || !status->open ||
                      store->sync_level == config::SyncLevel::stock_only;
    if (!store->shipping.enabled || held) {
        // Recorded only: with shipping off for good, or until the store is open and syncs orders.
        const auto key =
            shipment_key(text_field(shipment, "order"), text_field(shipment, "tracking"));
        TRY(m_host.entity_upsert("shipment", key, json::serialize(shipment)));
        const std::string why =
            !store->shipping.enabled
                ? std::string(k_shipping_off)
                : "the store is closed or syncs stock only, so nothing was sent: " +
                      std::string(job_names::confirm_shipments) +
                      " sends it once the store is open";
        m_host.log(LogLevel::info, alias, "", "shipment " + key + " recorded; " + why);
        json::object answer{{"kind", "order_shipped"},
                            {"store", alias},
                            {"shipment", key},
                            {"status", store->shipping.enabled ? "queued" : "not_applicable"}};
        if (!store->shipping.enabled) {
            answer["message"] = why;
        }
        return json::serialize(answer);
    }
    TRY_ASSIGN(auto client, client_for(current.second.instance, *store));
    m_cancelled.store(false);
    EngineContext context{m_host, *client, *store, *status, m_cancelled};
    auto shipped = push_order_shipped(context, shipment);
    note_api_calls(*client, alias);
    TRY_ASSIGN(auto pushed, std::move(shipped));
    pushed["kind"] = "order_shipped";
    return json::serialize(pushed);
}

// order_cancelled: the cancellation document from the event, written to the host and planned at
// once on an open store (a closed one keeps it for send_cancellations once opened).
Result<std::string> AmazonConnector::order_cancelled(const json::object& event) {
    TRY_ASSIGN(const auto current, installed(m_host));
    TRY_ASSIGN(const auto cancellation, cancellation_from_event(m_host, current.second, event));
    const std::string alias(cancellation.at("store").as_string());
    TRY_ASSIGN(const auto* store, require_store(current.second, alias));
    TRY_ASSIGN(const auto status, read_store_status(m_host, alias));
    if (store->retired || !status || !status->open ||
        store->sync_level == config::SyncLevel::stock_only) {
        const auto key = recorded_cancellation_key(cancellation);
        TRY(m_host.entity_upsert("cancellation", key, json::serialize(cancellation)));
        m_host.log(LogLevel::info, alias, "",
                   "cancellation " + key +
                       " recorded; the store is closed or syncs stock only, so nothing was "
                       "sent: " +
                       std::string(job_names::send_cancellations) +
                       " sends it once the store is open");
        return json::serialize(json::object{{"kind", "order_cancelled"},
                                            {"store", alias},
                                            {"cancellation", key},
                                            {"status", "queued"}});
    }
    TRY_ASSIGN(auto client, client_for(current.second.instance, *store));
    m_cancelled.store(false);
    EngineContext context{m_host, *client, *store, *status, m_cancelled};
    auto planned = push_order_cancelled(context, cancellation);
    note_api_calls(*client, alias);
    TRY_ASSIGN(auto pushed, std::move(planned));
    pushed["kind"] = "order_cancelled";
    return json::serialize(pushed);
}

void AmazonConnector::cancel() {
    m_cancelled.store(true);
}

} // namespace amzconn::plugin
