#include "connector/amazon_connector.hpp"

#include "amzconn/config/config.hpp"
#include "connector/installed_stores.hpp"
#include "connector/job_catalogue.hpp"
#include "orders/order_import.hpp"
#include "spapi/sellers_api.hpp"
#include "stock/stock_debounce.hpp"
#include "stock/stock_export.hpp"
#include "engine/store_client.hpp"
#include "engine/store_registry.hpp"

#include <array>
#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

// The installed config, typed, or an error that says to install one first.
Result<std::pair<InstalledConfig, config::Config>> installed(HostServices& host) {
    auto stored = read_installed_config(host);
    if (!stored) {
        return stored.error();
    }
    if (!stored->has_value()) {
        return Error{Status::not_found,
                     "no config is installed: run `amzconn-host install CONFIG.yaml` first"};
    }
    auto typed = typed_config(**stored);
    if (!typed) {
        return typed.error();
    }
    return std::pair{std::move(**stored), std::move(*typed)};
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

// Scheduled jobs of a store: only jobs this build implements and the store uses are offered to the
// host's scheduler. Configured intervals drive the import and the exports (on_change and never
// offer none); the jobs that follow them (retrying parked orders, the daily reconcile, polling
// feeds) take the catalogue's default interval while what they follow is in use.
json::object schedules_of(const config::StoreConfig& store) {
    using Kind = config::Schedule::Kind;
    const bool orders = store.sync_level != config::SyncLevel::stock_only &&
                        store.schedules.orders.kind == Kind::every;
    const bool stock = store.stock.enabled && store.schedules.stock.kind != Kind::never;
    const bool prices = store.prices.enabled && store.schedules.prices.kind != Kind::never;
    struct Offer {
        std::string_view job;
        bool applies;
        const config::Schedule* configured; // nullptr: the catalogue's default interval
    };
    const std::array offers{
        Offer{"import_orders", orders, &store.schedules.orders},
        Offer{"retry_failed_orders", orders, nullptr},
        Offer{"reconcile_orders", orders, nullptr},
        Offer{"export_stock", stock, &store.schedules.stock},
        Offer{"export_prices", prices, &store.schedules.prices},
        Offer{"poll_feeds", stock || prices, nullptr},
    };
    json::object schedules;
    for (const auto& offer : offers) {
        const auto* info = find_job(offer.job);
        if (!offer.applies || !info || !info->implemented) {
            continue;
        }
        if (offer.configured && offer.configured->kind == Kind::every) {
            schedules[offer.job] = offer.configured->every.count();
        } else if (!offer.configured && info->default_interval_s) {
            schedules[offer.job] = static_cast<int64_t>(*info->default_interval_s);
        }
    }
    return schedules;
}

json::array marketplace_ids(const config::StoreConfig& store) {
    json::array ids;
    if (store.marketplaces.primary) {
        ids.push_back(json::string(store.marketplaces.primary->id));
    }
    for (const auto* marketplace : store.marketplaces.further) {
        ids.push_back(json::string(marketplace->id));
    }
    return ids;
}

} // namespace

AmazonConnector::AmazonConnector(HostApi host) : m_host(std::move(host)) {}

Result<std::string> AmazonConnector::install(std::string_view file_name, std::string_view yaml) {
    std::lock_guard lock(m_admin_mutex);
    auto current = read_installed_config(m_host);
    if (!current) {
        return current.error();
    }
    const auto result = config::load(file_name, yaml, install_context(*current));
    if (!result.ok() || !result.config) {
        return Error{Status::bad_input, diagnostics_text(result) +
                                            "the config was not installed: fix the errors above"};
    }
    const int64_t now = m_host.now_ms();
    InstalledConfig next;
    next.file_name = std::string(file_name);
    next.yaml = std::string(yaml);
    next.effective_json = config::to_json(*result.config);
    next.installed_at_ms = current->has_value() ? (*current)->installed_at_ms : now;

    // One all-or-nothing write: the config and the status of every store seen for the first time.
    json::array ops;
    ops.push_back(json::object{
        {"op", "state_put"},
        {"ns", k_plugin_ns},
        {"key", k_config_key},
        {"value", encode(next)},
        {"expected_version", current->has_value() ? (*current)->version : k_version_absent}});
    json::array report_stores;
    for (const auto& store : result.config->stores) {
        auto status = read_store_status(m_host, store.alias);
        if (!status) {
            return status.error();
        }
        const bool is_new = !status->has_value();
        // A re-install never reopens a store an admin closed: status.open applies at first install.
        const bool open = is_new ? store.status.open && !store.retired : (*status)->open;
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
        auto status = read_store_status(m_host, store.alias);
        if (!status) {
            return status.error();
        }
        const bool open = status->has_value() && (*status)->open;
        out.push_back(json::object{
            {"alias", store.alias},
            {"display_name", store.display_name.value_or(store.alias)},
            {"open", open},
            {"retired", store.retired},
            {"sync_level", to_string(store.sync_level)},
            {"region", amazon::to_string(store.marketplaces.region)},
            {"marketplaces", marketplace_ids(store)},
            {"changed_at_ms", status->has_value() ? (*status)->changed_at_ms : 0},
            {"schedules", open ? schedules_of(store) : json::object{}},
        });
    }
    return json::serialize(out);
}

Result<std::string> AmazonConnector::set_store_open(std::string_view alias, bool open) {
    std::lock_guard lock(m_admin_mutex);
    auto current = installed(m_host);
    if (!current) {
        return current.error();
    }
    auto store = require_store(current->second, alias);
    if (!store) {
        return store.error();
    }
    if (open && (*store)->retired) {
        return Error{Status::bad_input, "store '" + std::string(alias) +
                                            "' is retired in the config: set retired: false and "
                                            "install the config before opening it"};
    }
    auto status = read_store_status(m_host, alias);
    if (!status) {
        return status.error();
    }
    if (status->has_value() && (*status)->open == open) {
        return json::serialize(json::object{{"alias", alias}, {"open", open}, {"changed", false}});
    }
    const int64_t now = m_host.now_ms();
    StoreStatus next = status->value_or(StoreStatus{false, now, now, "admin", 0});
    next.open = open;
    next.changed_at_ms = now;
    next.changed_by = "admin";
    const int64_t expected = status->has_value() ? (*status)->version : k_version_absent;
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
               open ? "store opened by admin: the next order import catches up from the last "
                      "cursor, or from install time on a first run"
                    : "store closed by admin: no Amazon call is made for it until it is opened");
    return json::serialize(json::object{{"alias", alias}, {"open", open}, {"changed", true}});
}

Result<std::unique_ptr<spapi::SpApiClient>>
AmazonConnector::client_for(const config::InstanceConfig& instance,
                            const config::StoreConfig& store) {
    {
        std::lock_guard lock(m_shared_mutex);
        if (!m_shared) {
            if (auto init = spapi::global_init(); !init) {
                return init.error();
            }
            m_shared = std::make_unique<spapi::ClientShared>();
        }
    }
    return make_client(instance, store, *m_shared, m_host);
}

// Tests the store's connection with getMarketplaceParticipations. Allowed on a closed store: it is
// the admin's way to prove credentials before opening it, and it reads nothing of the seller's.
Result<std::string> AmazonConnector::check(std::string_view alias) {
    auto current = installed(m_host);
    if (!current) {
        return current.error();
    }
    auto store = require_store(current->second, alias);
    if (!store) {
        return store.error();
    }
    auto client = client_for(current->second.instance, **store);
    if (!client) {
        m_host.log(LogLevel::error, alias, "", "check: " + client.error().message);
        return client.error();
    }
    auto participations = spapi::sellers::get_marketplace_participations(**client);
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
    auto configured = marketplace_ids(**store);
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
        std::string names;
        for (const auto& known : all_jobs()) {
            names += names.empty() ? "" : ", ";
            names += known.name;
        }
        return Error{Status::not_found,
                     "unknown job '" + std::string(job) + "': the jobs are " + names};
    }
    boost::system::error_code ec;
    auto args = json::parse(args_json.empty() ? std::string_view("{}") : args_json, ec);
    if (ec || !args.is_object()) {
        return Error{Status::bad_input, "job arguments must be a JSON object of strings"};
    }
    auto current = installed(m_host);
    if (!current) {
        return current.error();
    }
    if (!store_alias.empty()) {
        auto store = require_store(current->second, store_alias);
        if (!store) {
            return store.error();
        }
    }
    if (!info->implemented) {
        return Error{Status::not_implemented,
                     "job '" + std::string(job) + "' is not implemented in this build of amzconn"};
    }
    std::map<std::string, std::string> arguments;
    for (const auto& [key, value] : args.as_object()) {
        if (!value.is_string()) {
            return Error{Status::bad_input,
                         "job argument '" + std::string(key) + "' must be a string"};
        }
        arguments.emplace(std::string(key), std::string(value.as_string()));
    }
    if (!store_alias.empty()) {
        return run_store_job(*info, current->second, *find_store(current->second, store_alias),
                             arguments);
    }
    // No store named: every store the job applies to, one report each.
    json::array reports;
    for (const auto& store : current->second.stores) {
        auto report = run_store_job(*info, current->second, store, arguments);
        if (!report) {
            reports.push_back(
                json::object{{"job", job},
                             {"store", store.alias},
                             {"status", "failed"},
                             {"counts", json::object{}},
                             {"messages", json::array{json::string(report.error().message)}}});
            continue;
        }
        reports.push_back(json::parse(*report));
    }
    return json::serialize(json::object{{"job", job}, {"reports", std::move(reports)}});
}

Result<std::string> AmazonConnector::run_store_job(const JobInfo& job, const config::Config& config,
                                                   const config::StoreConfig& store,
                                                   const std::map<std::string, std::string>& args) {
    auto status = read_store_status(m_host, store.alias);
    if (!status) {
        return status.error();
    }
    const auto idle = [&](std::string message) -> Result<std::string> {
        m_host.log(LogLevel::debug, store.alias, "", std::string(job.name) + ": " + message);
        return json::serialize(json::object{{"job", job.name},
                                            {"store", store.alias},
                                            {"status", "ok"},
                                            {"counts", json::object{}},
                                            {"messages", json::array{json::string(message)}}});
    };
    if (store.retired || !status->has_value() || !(*status)->open) {
        return idle("store '" + store.alias +
                    "' is closed: no Amazon call was made; an admin "
                    "opens it with `store open " +
                    store.alias + "`");
    }
    const bool order_job = job.name == "import_orders" || job.name == "import_missing_orders" ||
                           job.name == "retry_failed_orders" || job.name == "reconcile_orders";
    if (order_job && store.sync_level == config::SyncLevel::stock_only) {
        return idle("store '" + store.alias + "' syncs stock only: orders are not imported");
    }
    auto client = client_for(config.instance, store);
    if (!client) {
        m_host.log(LogLevel::error, store.alias, "",
                   std::string(job.name) + ": " + client.error().message);
        return client.error();
    }
    m_cancelled.store(false);
    const bool stock_job = job.name == "export_stock" || job.name == "explain_stock" ||
                           job.name == "poll_feeds" || job.name == "export_prices" ||
                           job.name == "import_prices";
    if (stock_job) {
        StockExport exporter(m_host, **client, store, m_cancelled);
        if (job.name == "export_stock") {
            return exporter.export_stock(args);
        }
        if (job.name == "explain_stock") {
            return exporter.explain_stock(args);
        }
        if (job.name == "export_prices") {
            return exporter.export_prices(args);
        }
        if (job.name == "import_prices") {
            return exporter.import_prices(args);
        }
        auto polled = exporter.poll_feeds();
        if (!polled || !store.stock.enabled) {
            return polled;
        }
        // stock_changed SKUs a dead flusher left behind go now, not only at the next event.
        StockDebounce debounce(m_host, store.alias);
        auto left = debounce.flush_left_over(
            [&](const std::vector<std::string>& skus) { return exporter.on_stock_changed(skus); });
        if (!left) {
            m_host.log(LogLevel::error, store.alias, "",
                       "poll_feeds: the stock changes waiting since an interrupted push were not "
                       "sent: " +
                           left.error().message + "; the next stock_changed event sends them");
            return polled;
        }
        if (!*left) {
            return polled;
        }
        auto doc = json::parse(*polled).as_object();
        doc["left_over_push"] = json::parse(**left);
        return json::serialize(doc);
    }
    OrderImport import(m_host, **client, store, **status, m_cancelled);
    if (job.name == "import_orders") {
        return import.import_orders();
    }
    if (job.name == "import_missing_orders") {
        return import.import_missing(args);
    }
    if (job.name == "retry_failed_orders") {
        return import.retry_failed();
    }
    if (job.name == "reconcile_orders") {
        return import.reconcile(args);
    }
    return Error{Status::internal, "job '" + std::string(job.name) + "' has no engine"};
}

Result<std::string> AmazonConnector::handle_event(std::string_view event_json) {
    boost::system::error_code ec;
    auto event = json::parse(event_json, ec);
    if (ec || !event.is_object() || !event.as_object().contains("kind") ||
        !event.as_object().at("kind").is_string()) {
        return Error{Status::bad_input, "an event is a JSON object with a string field \"kind\""};
    }
    const std::string kind(event.as_object().at("kind").as_string());
    if (kind != "stock_changed" && kind != "order_shipped" && kind != "order_cancelled") {
        return Error{Status::bad_input, "unknown event kind '" + kind +
                                            "': expected stock_changed, order_shipped or "
                                            "order_cancelled"};
    }
    if (kind != "stock_changed") {
        return Error{Status::not_implemented, "event '" + kind +
                                                  "' is not handled in this build of amzconn: "
                                                  "nothing was recorded"};
    }
    const auto* skus = event.as_object().if_contains("skus");
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
    auto current = installed(m_host);
    if (!current) {
        return current.error();
    }
    // Every open store that exports stock pushes the change now; a closed one makes no call and
    // catches up at its next full export.
    json::array reports;
    for (const auto& store : current->second.stores) {
        auto status = read_store_status(m_host, store.alias);
        if (!status) {
            return status.error();
        }
        if (store.retired || !store.stock.enabled || !status->has_value() || !(*status)->open) {
            continue;
        }
        auto client = client_for(current->second.instance, store);
        if (!client) {
            m_host.log(LogLevel::error, store.alias, "",
                       "stock_changed: " + client.error().message);
            reports.push_back(json::object{
                {"store", store.alias}, {"status", "failed"}, {"message", client.error().message}});
            continue;
        }
        // Debounced: the SKUs are recorded in host state; one caller per store pushes what
        // accumulated over the window, the others answer "coalesced" at once.
        StockExport exporter(m_host, **client, store, m_cancelled);
        StockDebounce debounce(m_host, store.alias);
        auto pushed = debounce.on_event(changed, [&](const std::vector<std::string>& batch) {
            return exporter.on_stock_changed(batch);
        });
        if (!pushed) {
            m_host.log(LogLevel::error, store.alias, "",
                       "stock_changed: " + pushed.error().message);
            reports.push_back(json::object{
                {"store", store.alias}, {"status", "failed"}, {"message", pushed.error().message}});
            continue;
        }
        reports.push_back(json::parse(*pushed));
    }
    return json::serialize(json::object{{"kind", kind}, {"reports", std::move(reports)}});
}

void AmazonConnector::cancel() {
    m_cancelled.store(true);
}

} // namespace amzconn::plugin
