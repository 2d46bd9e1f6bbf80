// import_products end to end: the real plugin over the in-memory host against the real sandbox;
// each rule is proven against what the sandbox (Amazon) lists and what the host then holds.
#include "amzconn/loader.hpp"
#include "memory_host.hpp"
#include "sandbox_server.hpp"
#include "temp_dir.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <thread>

using namespace amzconn;
namespace json = boost::json;

namespace {

constexpr const char* k_uk = "A1F83G8C2ARO7P";
constexpr const char* k_de = "A1PA6795UKMFR9";

// UK: four listings (one FBA, EAN and UPC identifiers); DE: MUG again under its German title and
// one listing of its own.
const char* const k_listings =
    "  - {sku: MUG, asin: B0MUG00001, marketplace_id: A1F83G8C2ARO7P, quantity: 5, title: Blue "
    "mug, identifiers: [{type: EAN, value: \"5012345678900\"}]}\n"
    "  - {sku: COASTER, asin: B0COAST001, marketplace_id: A1F83G8C2ARO7P, quantity: 50, title: "
    "Cork coaster, identifiers: [{type: UPC, value: \"012345678905\"}]}\n"
    "  - {sku: FBA-MUG, asin: B0MUG00001, marketplace_id: A1F83G8C2ARO7P, channel: AMAZON_EU, "
    "quantity: 17, title: Blue mug}\n"
    "  - {sku: TEA, asin: B0TEA00001, marketplace_id: A1F83G8C2ARO7P, quantity: 3, title: Earl "
    "grey}\n"
    "  - {sku: MUG, asin: B0MUG00001, marketplace_id: A1PA6795UKMFR9, quantity: 5, title: Becher "
    "blau}\n"
    "  - {sku: DE-ONLY, asin: B0DEONLY01, marketplace_id: A1PA6795UKMFR9, quantity: 1, title: "
    "Nur in Deutschland}\n";

std::vector<std::string> sandbox_args(const testing::TempDir& dir, const std::string& listings) {
    const auto scenario = dir / "scenario.yaml";
    std::ofstream(scenario) << "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\nlistings:\n"
                            << listings;
    return {"--scenario", scenario.string(), "--clock", "virtual", "--time-scale", "400"};
}

std::string config(const std::string& products_yaml) {
    return R"(stores:
  - alias: uk1
    marketplaces: {primary: UK, further: [DE]}
    seller_id: A2SANDBOXSELLER
    endpoint: ${env:AMZCONN_TEST_SANDBOX_URL}
    credentials:
      lwa_client_id: ${secret:client_id}
      lwa_client_secret: ${secret:client_secret}
      refresh_token: ${secret:uk1_token}
    status: {open: true}
)" + products_yaml;
}

struct Rig {
    testing::MemoryHost host;
    testing::TempDir dir;
    testing::SandboxServer sandbox;
    std::unique_ptr<host::ConnectorHandle> connector;

    explicit Rig(const std::string& products_yaml = "", const std::string& listings = k_listings)
        : sandbox(sandbox_args(dir, listings)) {
        ::setenv("AMZCONN_TEST_SANDBOX_URL", sandbox.url().c_str(), 1);
        host.set_secret("client_id", "amzn1.application-oa2-client.products");
        host.set_secret("client_secret", "client-secret-products");
        host.set_secret("uk1_token", "Atzr|products-refresh");
        auto library = host::load_plugin(AMZCONN_PLUGIN_PATH);
        REQUIRE_MESSAGE(library.ok(), (library.ok() ? "" : library.error().message));
        auto created = host::create_connector(*library, host);
        REQUIRE(created.ok());
        connector = std::move(*created);
        auto installed = connector->install("products.yaml", config(products_yaml));
        REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    }

    // Runs the job until Amazon's listings reports are ready (bounded, real time).
    json::object job(const std::string& name) {
        for (int attempt = 0;; ++attempt) {
            auto report = connector->run_job(name, "uk1", "{}");
            REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
            auto doc = json::parse(*report).as_object();
            if (doc.at("status").as_string() != "retry_later" || attempt >= 100) {
                return doc;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    void product(const json::object& doc) {
        auto up = host.entity_upsert("product", json::value_to<std::string>(doc.at("code")),
                                     json::serialize(doc));
        REQUIRE_MESSAGE(up.ok(), (up.ok() ? "" : up.error().message));
    }

    // Every host product by code (the host's paging id left out).
    std::map<std::string, json::object> products() {
        std::map<std::string, json::object> out;
        auto got = host.entity_query("product", "{}");
        REQUIRE(got.ok());
        const auto parsed = json::parse(*got);
        for (const auto& p : parsed.as_array()) {
            auto doc = p.as_object();
            doc.erase("id");
            out.emplace(json::value_to<std::string>(doc.at("code")), std::move(doc));
        }
        return out;
    }

    // Amazon's listing of sku in a marketplace, from the sandbox's state.
    json::object listing(const std::string& sku, const std::string& marketplace = k_uk) {
        const auto state = sandbox.state();
        for (const auto& l : state.at("listings").as_array()) {
            const auto& o = l.as_object();
            if (o.at("sku").as_string() == sku &&
                o.at("marketplace_id").as_string() == marketplace) {
                return o;
            }
        }
        FAIL("no listing " << sku);
        return {};
    }
};

std::string str(const json::value& v) {
    return json::value_to<std::string>(v);
}

int64_t count(const json::object& report, const char* name) {
    return report.at("counts").at(name).as_int64();
}

} // namespace

TEST_CASE("products: an empty host imports Amazon's catalogue, and a second run changes nothing") {
    Rig rig;
    const auto first = rig.job("import_products");
    CHECK(str(first.at("status")) == "ok");
    CHECK(count(first, "created") == 5); // MUG, COASTER, FBA-MUG, TEA (UK), DE-ONLY (DE)
    CHECK(count(first, "conflicts") == 0);
    CHECK(count(first, "bad_rows") == 0);
    const auto products = rig.products();
    REQUIRE(products.size() == 5);
    // Each new product is Amazon's listing: title as description, ASIN and barcode Amazon has.
    for (const auto& [code, market] :
         {std::pair{"MUG", k_uk}, std::pair{"COASTER", k_uk}, std::pair{"FBA-MUG", k_uk},
          std::pair{"TEA", k_uk}, std::pair{"DE-ONLY", k_de}}) {
        CAPTURE(code);
        const auto amazon = rig.listing(code, market);
        const auto& host = products.at(code);
        CHECK(host.at("description") == amazon.at("title"));
        CHECK(host.at("attributes").at("amazon_asin") == amazon.at("asin"));
        const auto& ids = amazon.at("identifiers").as_array();
        if (ids.empty()) {
            CHECK_FALSE(host.contains("barcode"));
        } else {
            CHECK(host.at("barcode") == ids.front().at("value"));
        }
        CHECK(host.at("is_assembly") == false);
    }
    CHECK(str(products.at("MUG").at("description")) == "Blue mug"); // the primary's title
    const auto before = rig.host.entity_query("product", "{}");
    const auto second = rig.job("import_products");
    CHECK(str(second.at("status")) == "ok");
    CHECK(count(second, "created") == 0);
    CHECK(count(second, "updated") == 0);
    CHECK(count(second, "unchanged") == 5);
    CHECK(rig.host.entity_query("product", "{}").value() == before.value());
}

TEST_CASE("products: without sync_from_amazon an existing product keeps the host's details") {
    Rig rig;
    rig.product({{"code", "MUG"},
                 {"description", "Our mug"},
                 {"barcode", "111"},
                 {"is_assembly", false},
                 {"tracking", "none"}});
    const auto report = rig.job("import_products");
    CHECK(count(report, "created") == 4);
    CHECK(count(report, "unchanged") == 1);
    const auto mug = rig.products().at("MUG");
    CHECK(str(mug.at("description")) == "Our mug");
    CHECK(str(mug.at("barcode")) == "111");
    CHECK_FALSE(mug.contains("attributes"));
}

TEST_CASE("products: sync_from_amazon overwrites description, barcode and ASIN and keeps the "
          "rest of the product") {
    Rig rig("    products: {sync_from_amazon: true}\n");
    rig.product({{"code", "MUG"},
                 {"description", "Our mug"},
                 {"barcode", "111"},
                 {"attributes", {{"colour", "blue"}}},
                 {"is_assembly", false},
                 {"tracking", "batch"}});
    const auto report = rig.job("import_products");
    CHECK(str(report.at("status")) == "ok");
    CHECK(count(report, "updated") == 1);
    const auto mug = rig.products().at("MUG");
    const auto amazon = rig.listing("MUG");
    CHECK(mug.at("description") == amazon.at("title"));
    CHECK(mug.at("barcode") == amazon.at("identifiers").at(0).at("value"));
    CHECK(mug.at("attributes").at("amazon_asin") == amazon.at("asin"));
    CHECK(str(mug.at("attributes").at("colour")) == "blue");
    CHECK(str(mug.at("tracking")) == "batch");
    const auto again = rig.job("import_products");
    CHECK(count(again, "updated") == 0);
    CHECK(count(again, "unchanged") == 5);
}

TEST_CASE("products: two listings cropping to one host SKU are a listed conflict and only they "
          "are left out") {
    Rig rig("    products: {sku_crop: {prefix: FBA-}}\n");
    const auto report = rig.job("import_products");
    CHECK(str(report.at("status")) == "partial");
    CHECK(count(report, "conflicts") == 1);
    CHECK(count(report, "created") == 3); // COASTER, TEA, DE-ONLY
    const auto& conflict = report.at("conflicts").at(0).as_object();
    CHECK(str(conflict.at("key")) == "MUG");
    CHECK(conflict.at("skus") == json::array{"MUG", "FBA-MUG"});
    CHECK_FALSE(rig.products().contains("MUG"));
}

TEST_CASE("products: one listing matching two host products is a listed conflict naming both") {
    Rig rig("    products: {sku_attribute: amazon_sku}\n");
    for (const auto* code : {"MUG-1", "MUG-2"}) {
        rig.product({{"code", code},
                     {"description", code},
                     {"attributes", {{"amazon_sku", "MUG"}}},
                     {"is_assembly", false},
                     {"tracking", "none"}});
    }
    const auto report = rig.job("import_products");
    CHECK(count(report, "conflicts") == 1);
    const auto& conflict = report.at("conflicts").at(0).as_object();
    CHECK(conflict.at("products") == json::array{"MUG-1", "MUG-2"});
    CHECK(str(conflict.at("reason")).find("attribute amazon_sku") != std::string::npos);
    const auto products = rig.products();
    CHECK(products.size() == 6); // MUG-1, MUG-2 and the four other listings; no third MUG
    CHECK(str(products.at("TEA").at("attributes").at("amazon_sku")) == "TEA");
}
