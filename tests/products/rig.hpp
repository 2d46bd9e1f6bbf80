// The product engine tests' rig: the real plugin (SDK loader) over the in-memory host, installed
// as store uk1 (UK, further DE), against a real sandbox on a fast virtual clock.
#pragma once

#include "amzconn/loader.hpp"
#include "memory_host.hpp"
#include "sandbox_server.hpp"
#include "temp_dir.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace amzconn::product_tests {
namespace json = boost::json;

constexpr const char* k_uk = "A1F83G8C2ARO7P";
constexpr const char* k_de = "A1PA6795UKMFR9";

inline std::vector<std::string> sandbox_args(const testing::TempDir& dir,
                                             const std::string& listings) {
    const auto scenario = dir / "scenario.yaml";
    std::ofstream(scenario) << "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\nlistings:\n"
                            << listings;
    return {"--scenario", scenario.string(), "--clock", "virtual", "--time-scale", "400"};
}

inline std::string config(const std::string& products_yaml) {
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

    explicit Rig(const std::string& products_yaml, const std::string& listings)
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
    json::object job(const std::string& name, const json::object& args = {}) {
        for (int attempt = 0;; ++attempt) {
            auto report = connector->run_job(name, "uk1", json::serialize(args));
            REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
            auto doc = json::parse(*report).as_object();
            if (doc.at("status").as_string() != "retry_later" || attempt >= 100) {
                return doc;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    void upsert(const std::string& kind, const std::string& key, const json::object& doc) {
        auto up = host.entity_upsert(kind, key, json::serialize(doc));
        REQUIRE_MESSAGE(up.ok(), (up.ok() ? "" : up.error().message));
    }

    void product(const json::object& doc) {
        upsert("product", json::value_to<std::string>(doc.at("code")), doc);
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

inline std::string text_of(const json::value& v) {
    return json::value_to<std::string>(v);
}

inline int64_t count(const json::object& report, const char* name) {
    return report.at("counts").at(name).as_int64();
}

} // namespace amzconn::product_tests
