// The plugin as a host sees it: loaded from its .so with the SDK loader, over the in-memory host.
#include "amzconn/config/config.hpp"
#include "amzconn/entities.hpp"
#include "amzconn/loader.hpp"
#include "memory_host.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <set>
#include <sstream>

namespace json = boost::json;
using amzconn::Status;
using amzconn::testing::MemoryHost;

namespace {

std::shared_ptr<amzconn::host::PluginLibrary> plugin() {
    auto library = amzconn::host::load_plugin(AMZCONN_PLUGIN_PATH);
    REQUIRE_MESSAGE(library.ok(), (library.ok() ? "" : library.error().message));
    return *library;
}

std::string example(const std::string& name) {
    std::ifstream in(std::string(AMZCONN_EXAMPLES_DIR) + "/" + name);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

const std::string k_two_stores = R"(stores:
  - alias: uk1
    marketplaces: {primary: UK}
    seller_id: A2EXAMPLE1UK
    credentials:
      lwa_client_id: ${secret:id}
      lwa_client_secret: ${secret:secret}
      refresh_token: ${secret:uk1_token}
    status: {open: true}
  - alias: de1
    marketplaces: {primary: DE}
    seller_id: A2EXAMPLE1DE
    credentials:
      lwa_client_id: ${secret:id}
      lwa_client_secret: ${secret:secret}
      refresh_token: ${secret:de1_token}
)";

struct Fixture {
    MemoryHost host;
    std::unique_ptr<amzconn::host::ConnectorHandle> connector;

    Fixture() {
        auto created = amzconn::host::create_connector(plugin(), host);
        REQUIRE_MESSAGE(created.ok(), (created.ok() ? "" : created.error().message));
        connector = std::move(*created);
    }

    json::array stores() {
        auto listed = connector->list_stores();
        REQUIRE(listed.ok());
        return json::parse(*listed).as_array();
    }

    json::object store(std::string_view alias) {
        for (const auto& entry : stores()) {
            if (entry.as_object().at("alias").as_string() == alias) {
                return entry.as_object();
            }
        }
        FAIL("store not listed: " << alias);
        return {};
    }
};

} // namespace

TEST_CASE("plugin: the manifest carries the settings schema and every job with its schedule") {
    auto library = plugin();
    auto manifest = library->manifest();
    REQUIRE(manifest.ok());
    const auto doc = json::parse(*manifest).as_object();
    CHECK(doc.at("id").as_string() == "io.amzconn.amazon-seller");
    CHECK(doc.at("abi").at("major").as_int64() == AMZC_ABI_MAJOR);
    CHECK(doc.at("abi").at("minor").as_int64() == AMZC_ABI_MINOR);
    const auto& schema = doc.at("settings_schema").as_object();
    CHECK(schema.contains("properties"));
    CHECK(json::serialize(schema).find("\"x-secret\":true") != std::string::npos);
    bool saw_import = false;
    for (const auto& job : doc.at("jobs").as_array()) {
        const auto& entry = job.as_object();
        CHECK(entry.contains("default_interval_s"));
        CHECK(entry.contains("implemented"));
        if (entry.at("name").as_string() == "import_orders") {
            saw_import = true;
            CHECK(entry.at("default_interval_s").as_int64() == 3600);
        }
    }
    CHECK(saw_import);
}

TEST_CASE("plugin: validate_config returns every diagnostic as JSON with its location") {
    auto library = plugin();
    const std::string bad = "stores:\n  - alias: UK_1\n    colour: red\n";
    auto report = library->validate_config("bad.yaml", bad, "");
    REQUIRE(report.ok());
    CHECK_FALSE(report->ok);
    const auto doc = json::parse(report->json).as_object();
    const auto& diagnostics = doc.at("diagnostics").as_array();
    REQUIRE(diagnostics.size() >= 2);
    bool saw_unknown_key = false;
    for (const auto& d : diagnostics) {
        CHECK(d.at("file").as_string() == "bad.yaml");
        CHECK(d.at("line").as_int64() >= 2);
        if (d.at("path").as_string() == "stores[0].colour") {
            saw_unknown_key = true;
            CHECK(d.at("line").as_int64() == 3);
            CHECK(d.at("column").as_int64() == 5);
        }
    }
    CHECK(saw_unknown_key);

    auto good = library->validate_config("minimal.yaml", example("minimal.yaml"), "");
    REQUIRE(good.ok());
    CHECK(good->ok);
}

TEST_CASE("plugin: install stores the config and opens only the stores that say open") {
    Fixture f;
    auto report = f.connector->install("two.yaml", k_two_stores);
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
    const auto doc = json::parse(*report).as_object();
    CHECK(doc.at("stores").as_array().size() == 2);
    CHECK(f.store("uk1").at("open").as_bool());
    CHECK_FALSE(f.store("de1").at("open").as_bool());
    CHECK(f.store("de1").at("region").as_string() == "EU");
    CHECK(f.store("uk1").at("marketplaces").as_array().at(0).as_string() == "A1F83G8C2ARO7P");
    CHECK(f.host.state_get("amzconn", "config").ok());
    // The connection log says what happened to each store.
    size_t installed_lines = 0;
    for (const auto& line : f.host.log_lines()) {
        if (line.message.find("store installed") != std::string::npos) {
            ++installed_lines;
        }
    }
    CHECK(installed_lines == 2);
}

TEST_CASE("plugin: a config with errors is refused and nothing is written") {
    Fixture f;
    auto report = f.connector->install("bad.yaml", "stores:\n  - alias: uk1\n");
    REQUIRE_FALSE(report.ok());
    CHECK(report.status() == Status::bad_input);
    CHECK(report.error().message.find("bad.yaml:2:") != std::string::npos);
    CHECK(f.host.state_get("amzconn", "config").status() == Status::not_found);
    CHECK(f.host.state_get("store:uk1", "status").status() == Status::not_found);
    CHECK(f.stores().empty());
}

TEST_CASE("plugin: closing a store is persisted, logged, and survives a re-install") {
    Fixture f;
    REQUIRE(f.connector->install("two.yaml", k_two_stores).ok());
    auto closed = f.connector->set_store_open("uk1", false);
    REQUIRE(closed.ok());
    CHECK(json::parse(*closed).at("changed").as_bool());
    CHECK_FALSE(f.store("uk1").at("open").as_bool());
    bool logged = false;
    for (const auto& line : f.host.log_lines()) {
        logged |= line.store == "uk1" && line.message.find("store closed by admin") == 0;
    }
    CHECK(logged);

    // Re-installing the same config must not reopen what an admin closed.
    REQUIRE(f.connector->install("two.yaml", k_two_stores).ok());
    CHECK_FALSE(f.store("uk1").at("open").as_bool());

    // Closing again changes nothing.
    auto again = f.connector->set_store_open("uk1", false);
    REQUIRE(again.ok());
    CHECK_FALSE(json::parse(*again).at("changed").as_bool());

    REQUIRE(f.connector->set_store_open("de1", true).ok());
    CHECK(f.store("de1").at("open").as_bool());
}

TEST_CASE("plugin: store status is durable host state, read again by a new instance") {
    MemoryHost host;
    {
        auto created = amzconn::host::create_connector(plugin(), host);
        REQUIRE(created.ok());
        REQUIRE((*created)->install("two.yaml", k_two_stores).ok());
        REQUIRE((*created)->set_store_open("de1", true).ok());
    }
    auto created = amzconn::host::create_connector(plugin(), host);
    REQUIRE(created.ok());
    auto listed = (*created)->list_stores();
    REQUIRE(listed.ok());
    const auto stores = json::parse(*listed);
    REQUIRE(stores.as_array().size() == 2);
    for (const auto& entry : stores.as_array()) {
        CHECK(entry.at("open").as_bool()); // both open now
    }
}

TEST_CASE("plugin: an unknown store is refused naming the installed stores") {
    Fixture f;
    REQUIRE(f.connector->install("two.yaml", k_two_stores).ok());
    auto result = f.connector->set_store_open("fr1", true);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status() == Status::not_found);
    CHECK(result.error().message == "unknown store 'fr1': installed stores are uk1, de1");
}

TEST_CASE("plugin: commands before any install say to install a config first") {
    Fixture f;
    auto result = f.connector->set_store_open("uk1", true);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status() == Status::not_found);
    CHECK(result.error().message.find("amzconn-host install") != std::string::npos);
    CHECK(f.stores().empty());
}

TEST_CASE("plugin: an alias renamed after install is refused") {
    Fixture f;
    REQUIRE(f.connector->install("two.yaml", k_two_stores).ok());
    std::string renamed = k_two_stores;
    renamed.replace(renamed.find("alias: de1"), 10, "alias: de2");
    auto result = f.connector->install("two.yaml", renamed);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status() == Status::bad_input);
    CHECK(result.error().message.find("de1") != std::string::npos);
    CHECK(f.store("de1").at("alias").as_string() == "de1"); // the old config stays installed
}

TEST_CASE("plugin: a job this build lacks answers not_implemented and is never reported done") {
    Fixture f;
    REQUIRE(f.connector->install("two.yaml", k_two_stores).ok());
    // Every job the manifest marks unimplemented (whichever they are in this build).
    const auto manifest = json::parse(*plugin()->manifest()).as_object();
    for (const auto& job : manifest.at("jobs").as_array()) {
        if (job.at("implemented").as_bool()) {
            continue;
        }
        const auto name = std::string(job.at("name").as_string());
        CAPTURE(name);
        auto result = f.connector->run_job(name, "uk1", "{}");
        REQUIRE_FALSE(result.ok());
        CHECK(result.status() == Status::not_implemented);
        CHECK(result.error().message.find("not implemented") != std::string::npos);
    }

    auto unknown = f.connector->run_job("import_everything", "uk1", "{}");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.status() == Status::not_found);
    CHECK(unknown.error().message.find("import_orders") != std::string::npos);
}

TEST_CASE("plugin: schedules are offered only for jobs this build implements and the store uses") {
    Fixture f;
    REQUIRE(f.connector->install("two.yaml", k_two_stores).ok());
    const auto store = f.store("uk1");
    const auto& schedules = store.at("schedules").as_object();
    // uk1 runs on the defaults: orders and stock every hour, prices off. The import, the retry of
    // parked orders, the daily reconcile, shipment confirmation, sending cancellations, the stock
    // export and feed polling and the daily returns import are offered.
    CHECK(schedules.size() == 8);
    CHECK(schedules.at("import_returns").as_int64() == 86400);
    CHECK(schedules.at("confirm_shipments").as_int64() == 300);
    CHECK(schedules.at("send_cancellations").as_int64() == 300);
    CHECK(schedules.at("import_orders").as_int64() == 3600);
    CHECK(schedules.at("retry_failed_orders").as_int64() == 3600);
    CHECK(schedules.at("reconcile_orders").as_int64() == 86400);
    CHECK(schedules.at("export_stock").as_int64() == 3600);
    CHECK(schedules.at("poll_feeds").as_int64() == 30);
    CHECK_FALSE(schedules.contains("export_prices"));
    // A closed store offers nothing to schedule.
    CHECK(f.store("de1").at("schedules").as_object().empty());
}

TEST_CASE(
    "plugin: a store exporting stock and prices is offered their schedules and feed polling") {
    Fixture f;
    std::string config = k_two_stores;
    config.insert(config.find("  - alias: de1"), R"(    sync_level: stock_only
    stock: {enabled: true}
    prices: {enabled: true, default_tier: retail}
    schedules: {stock: 30m, prices: 12h}
)");
    auto installed = f.connector->install("two.yaml", config);
    REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    const auto store = f.store("uk1");
    const auto& schedules = store.at("schedules").as_object();
    // stock_only: no order job at all.
    CHECK(schedules.size() == 3);
    CHECK(schedules.at("export_stock").as_int64() == 1800);
    CHECK(schedules.at("export_prices").as_int64() == 43200);
    CHECK(schedules.at("poll_feeds").as_int64() == 30);
    CHECK_FALSE(schedules.contains("import_orders"));
    CHECK_FALSE(schedules.contains("import_prices")); // no products.price_tier
}

TEST_CASE("plugin: a store naming products.price_tier is offered a daily import_prices, unless it "
          "exports that tier") {
    Fixture f;
    std::string config = k_two_stores;
    config.insert(config.find("  - alias: de1"), R"(    products: {price_tier: amazon-prices}
)");
    auto installed = f.connector->install("two.yaml", config);
    REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    CHECK(f.store("uk1").at("schedules").at("import_prices").as_int64() == 86400);

    // The tier it exports from: importing would loop, so nothing is scheduled.
    config = k_two_stores;
    config.insert(config.find("  - alias: de1"), R"(    products: {price_tier: retail}
    prices: {enabled: true, default_tier: retail}
)");
    installed = f.connector->install("two.yaml", config);
    REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    CHECK_FALSE(f.store("uk1").at("schedules").as_object().contains("import_prices"));
}

TEST_CASE("plugin: a closed store's job makes no Amazon call, answers store_closed and says how "
          "to open it") {
    Fixture f;
    REQUIRE(f.connector->install("two.yaml", k_two_stores).ok());
    // de1 is closed, and its endpoint (production Amazon) is unreachable here: any call would fail.
    auto report = f.connector->run_job("import_orders", "de1", "{}");
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
    const auto doc = json::parse(*report).as_object();
    CHECK(doc.at("status").as_string() == "store_closed");
    CHECK(doc.at("counts").as_object().empty());
    CHECK(amzconn::validate_entity("job_report", *report).ok());
    CHECK(std::string(doc.at("messages").at(0).as_string()).find("store open de1") !=
          std::string::npos);
}

TEST_CASE("plugin: an event of an unknown kind is refused with the kinds it accepts") {
    Fixture f;
    auto result = f.connector->handle_event(R"({"kind":"stock_moved"})");
    REQUIRE_FALSE(result.ok());
    CHECK(result.status() == Status::bad_input);
    CHECK(result.error().message.find("stock_changed") != std::string::npos);
}

TEST_CASE("plugin: unlock_store releases a lease a worker on another machine left, naming it") {
    Fixture f;
    f.host.set_secret("id", "amzn1.application-oa2-client.test");
    f.host.set_secret("secret", "client-secret");
    f.host.set_secret("uk1_token", "Atzr|uk1");
    REQUIRE(f.connector->install("two.yaml", k_two_stores).ok());
    // A worker on another machine died holding uk1's import lease: it is not taken over here.
    const int64_t until = f.host.now_ms() + 15 * 60 * 1000;
    const json::object lease{{"owner", "4242-00000000deadbeef"},
                             {"expires_at_ms", until},
                             {"machine", "another-machine"},
                             {"pid", 4242}};
    REQUIRE(f.host.state_put("store:uk1", "lease.import_orders", json::serialize(lease), -1).ok());
    auto refused = f.connector->run_job("import_orders", "uk1", "{}");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().status == Status::conflict);
    CHECK(refused.error().message.find("already running in another worker") != std::string::npos);

    auto unlocked = f.connector->run_job("unlock_store", "uk1", "{}");
    REQUIRE_MESSAGE(unlocked.ok(), (unlocked.ok() ? "" : unlocked.error().message));
    const auto doc = json::parse(*unlocked).as_object();
    CHECK(doc.at("status").as_string() == "ok");
    CHECK(doc.at("counts").at("released").as_int64() == 1);
    const std::string line(doc.at("messages").at(0).as_string());
    CHECK(line.find("import_orders") != std::string::npos);
    CHECK(line.find("4242-00000000deadbeef on another-machine") != std::string::npos);
    CHECK(f.host.state_get("store:uk1", "lease.import_orders").status() == Status::not_found);

    auto again = f.connector->run_job("unlock_store", "uk1", "{}");
    REQUIRE(again.ok());
    CHECK(json::parse(*again).at("counts").at("released").as_int64() == 0);
}

TEST_CASE("plugin: a bad ${env:} endpoint at run time is the user's input, not an internal error") {
    Fixture f;
    std::string config = k_two_stores;
    config.insert(config.find("    status: {open: true}"),
                  "    endpoint: ${env:AMZCONN_TEST_RUN_ENDPOINT}\n");
    ::setenv("AMZCONN_TEST_RUN_ENDPOINT", "http://127.0.0.1:9", 1);
    auto installed = f.connector->install("two.yaml", config);
    REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    SUBCASE("the variable now holds plain http to a remote host") {
        ::setenv("AMZCONN_TEST_RUN_ENDPOINT", "http://sellingpartnerapi-eu.amazon.com", 1);
        auto report = f.connector->run_job("import_orders", "uk1", "{}");
        REQUIRE_FALSE(report.ok());
        CAPTURE(report.error().message);
        CHECK(report.error().status == Status::bad_input);
        CHECK(report.error().message.find("endpoint") != std::string::npos);
    }
    SUBCASE("the variable names a host that only starts with 127.") {
        ::setenv("AMZCONN_TEST_RUN_ENDPOINT", "http://127.0.0.1.evil.example", 1);
        auto report = f.connector->run_job("import_orders", "uk1", "{}");
        REQUIRE_FALSE(report.ok());
        CHECK(report.error().status == Status::bad_input);
    }
    SUBCASE("the variable is no longer set") {
        ::unsetenv("AMZCONN_TEST_RUN_ENDPOINT");
        auto report = f.connector->run_job("import_orders", "uk1", "{}");
        REQUIRE_FALSE(report.ok());
        CAPTURE(report.error().message);
        CHECK(report.error().status == Status::bad_input);
        CHECK(report.error().message.find("AMZCONN_TEST_RUN_ENDPOINT") != std::string::npos);
    }
    ::unsetenv("AMZCONN_TEST_RUN_ENDPOINT");
}

TEST_CASE("plugin: every job config/README's option index names is a job of the manifest") {
    auto library = amzconn::host::load_plugin(AMZCONN_PLUGIN_PATH);
    REQUIRE(library.ok());
    const auto manifest = json::parse((*library)->manifest().value()).as_object();
    std::set<std::string> jobs;
    for (const auto& job : manifest.at("jobs").as_array()) {
        jobs.emplace(job.at("name").as_string());
    }
    size_t named = 0;
    for (const auto& entry : amzconn::config::option_index()) {
        if (!entry.job.empty()) {
            ++named;
            CHECK_MESSAGE(jobs.contains(std::string(entry.job)), entry.option << ": " << entry.job);
        }
    }
    CHECK(named > 5);
}
