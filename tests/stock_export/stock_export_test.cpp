// The stock export engine end to end: the real plugin over the in-memory host against the real
// sandbox, whose listings are Amazon's side of the truth.
#include "amzconn/loader.hpp"
#include "memory_host.hpp"
#include "sandbox_process.hpp"
#include "stock/feed_pacing.hpp"
#include "stock/listings_feed.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <curl/curl.h>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace json = boost::json;
using amzconn::testing::MemoryHost;
using amzconn::testing::SandboxProcess;

namespace {

constexpr const char* k_uk = "A1F83G8C2ARO7P";

size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

std::string http(const std::string& method, const std::string& url, const std::string& body = "") {
    CURL* curl = curl_easy_init();
    REQUIRE(curl != nullptr);
    std::string out;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    const auto rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    REQUIRE(rc == CURLE_OK);
    return out;
}

std::string config(bool stock_enabled) {
    return std::string(R"(stores:
  - alias: uk1
    marketplaces: {primary: UK}
    seller_id: A2SANDBOXSELLER
    endpoint: ${env:AMZCONN_TEST_SANDBOX_URL}
    credentials:
      lwa_client_id: ${secret:client_id}
      lwa_client_secret: ${secret:client_secret}
      refresh_token: ${secret:uk1_token}
    status: {open: true}
    stock:
      enabled: )") +
           (stock_enabled ? "true" : "false") + R"(
      warehouses: [MAIN]
      fba_warehouses: [FBA]
      include_assembly: true
)";
}

struct Fixture {
    MemoryHost host;
    std::unique_ptr<SandboxProcess> sandbox;
    std::unique_ptr<amzconn::host::ConnectorHandle> connector;
    std::filesystem::path scenario;

    explicit Fixture(bool stock_enabled = true, const std::string& extra_listings = "") {
        scenario = std::filesystem::temp_directory_path() /
                   ("amzconn-stockexp-" + std::to_string(::getpid()) + ".yaml");
        std::ofstream(scenario)
            << "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK]\nlistings:\n"
               "  - {sku: MUG, marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, quantity: 0}\n"
               "  - {sku: COASTER, marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, quantity: "
               "50}\n"
               "  - {sku: GIFT-SET, marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, quantity: "
               "9}\n"
               "  - {sku: FBA-MUG, marketplace_id: A1F83G8C2ARO7P, channel: AMAZON_EU, quantity: "
               "17}\n"
            << extra_listings;
        // A virtual clock running fast, so reports and feeds finish within milliseconds.
        auto started = SandboxProcess::start(
            {"--scenario", scenario.string(), "--clock", "virtual", "--time-scale", "400"});
        REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error().message));
        sandbox = std::move(*started);
        ::setenv("AMZCONN_TEST_SANDBOX_URL", sandbox->base_url().c_str(), 1);
        host.set_secret("client_id", "amzn1.application-oa2-client.stock");
        host.set_secret("client_secret", "client-secret-stock");
        host.set_secret("uk1_token", "Atzr|stock-refresh");
        seed();
        auto library = amzconn::host::load_plugin(AMZCONN_PLUGIN_PATH);
        REQUIRE_MESSAGE(library.ok(), (library.ok() ? "" : library.error().message));
        auto created = amzconn::host::create_connector(*library, host);
        REQUIRE(created.ok());
        connector = std::move(*created);
        auto installed = connector->install("stock.yaml", config(stock_enabled));
        REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    }

    ~Fixture() { std::filesystem::remove(scenario); }

    void upsert(const std::string& kind, const std::string& key, const json::object& doc) {
        auto up = host.entity_upsert(kind, key, json::serialize(doc));
        REQUIRE_MESSAGE(up.ok(), (up.ok() ? "" : up.error().message));
    }

    void level(const std::string& product, const std::string& warehouse, int64_t on_hand,
               int64_t allocated) {
        upsert("stock_level", product + "@" + warehouse,
               {{"product", product},
                {"warehouse", warehouse},
                {"on_hand", on_hand},
                {"allocated", allocated}});
    }

    void product(const std::string& code, json::array bom = {}) {
        json::object doc{{"code", code},
                         {"description", code},
                         {"is_assembly", !bom.empty()},
                         {"tracking", "none"}};
        if (!bom.empty()) {
            doc["bom"] = std::move(bom);
        }
        upsert("product", code, doc);
    }

    void seed() {
        upsert("warehouse", "MAIN", {{"code", "MAIN"}, {"name", "Main"}, {"is_fba", false}});
        upsert("warehouse", "BACK", {{"code", "BACK"}, {"name", "Back room"}, {"is_fba", false}});
        upsert("warehouse", "FBA", {{"code", "FBA"}, {"name", "Amazon"}, {"is_fba", true}});
        product("MUG");
        product("COASTER");
        product("GIFT-SET", json::array{json::object{{"component", "MUG"}, {"quantity", 1}},
                                        json::object{{"component", "COASTER"}, {"quantity", 2}}});
        product("FBA-MUG");
        level("MUG", "MAIN", 10, 3);  // 7 free
        level("MUG", "BACK", 100, 0); // not a mapped warehouse
        level("COASTER", "MAIN", 6, 0);
        level("FBA-MUG", "MAIN", 4, 0);
        level("FBA-MUG", "FBA", 30, 0);
    }

    json::object job(const std::string& name, const json::object& args = {}) {
        auto report = connector->run_job(name, "uk1", json::serialize(args));
        REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
        return json::parse(*report).as_object();
    }

    json::object state() {
        return json::parse(http("GET", sandbox->base_url() + "/_sandbox/state")).as_object();
    }

    // Amazon's quantity of a listing (nullopt when absent).
    json::object listing(const std::string& sku) {
        const auto now = state();
        for (const auto& l : now.at("listings").as_array()) {
            const auto& o = l.as_object();
            if (o.at("sku").as_string() == sku && o.at("marketplace_id").as_string() == k_uk) {
                return o;
            }
        }
        FAIL("no listing " << sku);
        return {};
    }

    int64_t calls() {
        int64_t total = 0;
        const auto now = state();
        for (const auto& [op, n] : now.at("calls").as_object()) {
            if (op != "token") {
                total += n.as_int64();
            }
        }
        return total;
    }

    // Waits (real time, bounded) for the fast sandbox clock to finish the feeds, then polls.
    json::object poll_until_done() {
        for (int i = 0; i < 100; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            auto report = job("poll_feeds");
            if (report.at("counts").at("feeds_pending").as_int64() == 0) {
                return report;
            }
        }
        FAIL("feeds never finished");
        return {};
    }

    bool logged(amzconn::LogLevel level, const std::string& needle) {
        for (const auto& line : host.log_lines()) {
            if (line.level == level && line.message.find(needle) != std::string::npos) {
                return true;
            }
        }
        return false;
    }
};

} // namespace

TEST_CASE("stockexp: after export and poll every FBM listing shows the host's available and FBA "
          "listings are untouched") {
    Fixture f;
    const auto report = f.job("export_stock");
    CHECK(report.at("status").as_string() == "ok");
    CHECK(report.at("counts").at("feeds").as_int64() == 1);
    CHECK(report.at("counts").at("fba").as_int64() == 1);
    const auto polled = f.poll_until_done();
    CHECK(polled.at("counts").at("feeds_done").as_int64() == 1);
    CHECK(polled.at("counts").at("rejected").as_int64() == 0);

    // MUG: 7 free, COASTER: 6; the gift set (1 mug + 2 coasters) shares them without promising
    // a unit twice: every unit shown is backed by one real unit.
    const auto mug = f.listing("MUG").at("quantity").as_int64();
    const auto coaster = f.listing("COASTER").at("quantity").as_int64();
    const auto gift = f.listing("GIFT-SET").at("quantity").as_int64();
    CHECK(mug + gift <= 7);
    CHECK(coaster + 2 * gift <= 6);
    CHECK(mug + gift + coaster + 2 * gift >= 12); // no more than a remainder is left unshown
    CHECK(f.listing("FBA-MUG").at("quantity").as_int64() == 17);
    CHECK(f.listing("FBA-MUG").at("channel").as_string() == "AMAZON_EU");

    // The feed log entity and an INFO line with Amazon's feed id.
    CHECK(f.host.entity_count("feed") == 1);
    CHECK(f.logged(amzconn::LogLevel::info, "JSON_LISTINGS_FEED"));
}

TEST_CASE("stockexp: a second export with unchanged stock sends nothing") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    const auto before = f.calls();
    const auto second = f.job("export_stock");
    CHECK(second.at("counts").at("sent").as_int64() == 0);
    CHECK(second.at("counts").at("feeds").as_int64() == 0);
    CHECK(second.at("counts").at("unchanged").as_int64() == 3);
    CHECK(f.calls() == before); // the listings cache is fresh: not even a report
}

TEST_CASE("stockexp: a changed stock level is sent as an absolute value on the next export") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    f.level("COASTER", "MAIN", 0, 0);
    f.level("MUG", "MAIN", 25, 5);
    const auto report = f.job("export_stock");
    CHECK(report.at("counts").at("sent").as_int64() >= 2);
    f.poll_until_done();
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 0);
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 0);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 20);
}

TEST_CASE("stockexp: a stock_changed event reaches the sandbox at once through patchListingsItem") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    f.level("COASTER", "MAIN", 40, 0);
    f.level("MUG", "MAIN", 0, 0);
    auto answer = f.connector->handle_event(R"({"kind":"stock_changed","skus":["COASTER"]})");
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
    const auto doc = json::parse(*answer).as_object();
    const auto& store = doc.at("reports").at(0).as_object();
    CHECK(store.at("counts").at("patches").as_int64() >= 1);
    // No poll: the patches are applied when Amazon accepts them. MUG is BOM-connected to the
    // coaster through the gift set, so it is recomputed too.
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 40);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 0);
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 0);
    CHECK(f.listing("FBA-MUG").at("quantity").as_int64() == 17);
}

TEST_CASE("stockexp: a SKU Amazon refuses in a feed becomes an ERROR log line with Amazon's "
          "message") {
    Fixture f;
    f.job("export_stock"); // learns MUG as merchant-fulfilled
    f.poll_until_done();
    // Amazon moved MUG to FBA after the channel was learnt: the next quantity is refused.
    http(
        "POST", f.sandbox->base_url() + "/_sandbox/listings",
        R"({"listings":[{"sku":"MUG","marketplace_id":"A1F83G8C2ARO7P","channel":"AMAZON_EU","quantity":3}]})");
    f.level("MUG", "MAIN", 30, 0);
    f.job("export_stock");
    const auto polled = f.poll_until_done();
    CHECK(polled.at("counts").at("rejected").as_int64() >= 1);
    bool found = false;
    for (const auto& line : f.host.log_lines()) {
        if (line.level == amzconn::LogLevel::error && line.reference == "MUG" &&
            line.message.find("8026") != std::string::npos) {
            found = true;
        }
    }
    CHECK(found);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 3);
}

TEST_CASE("stockexp: explain_stock accounts for every unit and shows the value last sent") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    const auto report = f.job("explain_stock", {{"sku", "MUG"}});
    const std::string text(report.at("explanation").as_string());
    CHECK(text.find("MAIN") != std::string::npos);
    CHECK(text.find("BACK") != std::string::npos); // listed, not counted
    const auto& terms = report.at("terms").as_object();
    REQUIRE(terms.contains("quantity"));
    CHECK(report.at("accounted").as_int64() == terms.at("quantity").as_int64());
    CHECK(terms.at("quantity").as_int64() == f.listing("MUG").at("quantity").as_int64());
    CHECK(text.find(k_uk) != std::string::npos);
}

TEST_CASE("stockexp: stock disabled makes no Amazon call") {
    Fixture f(false);
    const auto before = f.calls();
    const auto report = f.job("export_stock");
    CHECK(report.at("status").as_string() == "ok");
    CHECK(f.calls() == before);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 0);
}

TEST_CASE("stockexp: 60,000 updates split into 3 feeds submitted within 5 per 5 minutes") {
    std::vector<amzconn::stock::ListingUpdate> updates;
    for (int i = 0; i < 60'000; ++i) {
        amzconn::stock::ListingUpdate u;
        u.sku = "SKU-" + std::to_string(i);
        u.marketplace_id = k_uk;
        u.send_availability = true;
        u.values.channel_code = "DEFAULT";
        u.values.quantity = i % 50;
        u.values.lead_time_days = 2;
        updates.push_back(std::move(u));
    }
    auto feeds = amzconn::stock::build_listings_feeds({"A2SANDBOXSELLER"}, updates);
    REQUIRE(feeds.ok());
    REQUIRE(feeds->size() == 3);
    size_t total = 0;
    for (const auto& feed : *feeds) {
        CHECK(feed.messages.size() <= 25'000);
        CHECK(feed.document.size() <= 10U * 1024U * 1024U);
        total += feed.messages.size();
    }
    CHECK(total == 60'000);
    // With 4 feeds already sent this window, one goes now and the other two wait 5 minutes.
    const std::vector<int64_t> earlier{0, 1000, 2000, 3000};
    const auto plan = amzconn::stock::plan_feed_submissions(earlier, 3, 10'000);
    CHECK(plan.submit_now == 1);
    const auto times = amzconn::stock::schedule_feed_submissions(earlier, 3, 10'000);
    REQUIRE(times.size() == 3);
    CHECK(times[1] >= 300'000);
    CHECK(times[2] >= 301'000);
}

TEST_CASE("stockexp: feeds beyond the region's 5 per 5 minutes wait in host state and go later") {
    Fixture f;
    // Five feeds of this seller in EU were just submitted (by other runs or stores).
    json::array recent;
    for (int i = 0; i < 5; ++i) {
        recent.push_back(f.host.now_ms() - 1000);
    }
    REQUIRE(f.host
                .state_put("amzconn", "feed_pacing:EU:A2SANDBOXSELLER",
                           json::serialize(json::object{{"submitted_at_ms", recent}}),
                           amzconn::k_version_absent)
                .ok());
    const auto report = f.job("export_stock");
    CHECK(report.at("status").as_string() == "retry_later");
    CHECK(report.at("counts").at("feeds").as_int64() == 0);
    CHECK(report.at("counts").at("queued").as_int64() == 3);
    CHECK(report.at("retry_after_s").as_int64() > 0);
    CHECK(f.state().at("feeds").as_array().empty());

    f.host.advance_ms(5 * 60 * 1000);
    auto first = f.job("poll_feeds"); // a slot is open: the queued listings go
    CHECK(first.at("counts").at("queued_sent").as_int64() == 3);
    f.poll_until_done();
    CHECK(f.listing("COASTER").at("quantity").as_int64() +
              2 * f.listing("GIFT-SET").at("quantity").as_int64() <=
          6);
    CHECK(f.listing("MUG").at("quantity").as_int64() > 0);
}

TEST_CASE("stockexp: a new plugin instance resumes polling the feeds the last one submitted") {
    Fixture f;
    const auto report = f.job("export_stock");
    REQUIRE(report.at("counts").at("feeds").as_int64() == 1);
    // The first instance goes away before polling; a new one over the same host state polls.
    f.connector.reset();
    auto library = amzconn::host::load_plugin(AMZCONN_PLUGIN_PATH);
    REQUIRE(library.ok());
    auto created = amzconn::host::create_connector(*library, f.host);
    REQUIRE(created.ok());
    f.connector = std::move(*created);
    const auto polled = f.poll_until_done();
    CHECK(polled.at("counts").at("feeds_done").as_int64() == 1);
    CHECK(polled.at("counts").at("accepted").as_int64() == 3);
    const auto feed = f.host.entity(
        "feed",
        "uk1:" + std::string(f.state().at("feeds").as_array().at(0).at("feedId").as_string()));
    REQUIRE(feed.has_value());
    const auto doc = json::parse(*feed).as_object();
    CHECK(doc.at("status").as_string() == "DONE");
    CHECK(doc.at("result").at("accepted").as_int64() == 3);
    // The sent state now holds what Amazon acknowledged: nothing is pending any more.
    auto sent = f.host.state_list("store:uk1", "stock/sent/");
    REQUIRE(sent.ok());
    CHECK(sent->size() == 3);
    for (const auto& entry : *sent) {
        CHECK(entry.value.find("\"pending\"") == std::string::npos);
    }
}
