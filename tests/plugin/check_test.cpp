// `check` end to end: the real plugin, loaded with Boost.DLL, talks HTTP to amzconn-sandbox.
#include "amzconn/loader.hpp"
#include "memory_host.hpp"
#include "sandbox_server.hpp"
#include "temp_dir.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace json = boost::json;
using amzconn::Status;
using amzconn::testing::MemoryHost;
using amzconn::testing::SandboxServer;
using amzconn::testing::TempDir;

namespace {

const std::string k_config = R"(stores:
  - alias: uk1
    marketplaces: {primary: UK, further: [DE]}
    seller_id: A2SANDBOXSELLER
    endpoint: ${env:AMZCONN_TEST_SANDBOX_URL}
    credentials:
      lwa_client_id: ${secret:client_id}
      lwa_client_secret: ${secret:client_secret}
      refresh_token: ${secret:uk1_token}
    status: {open: false}
)";

// The sandbox's options: a scenario file in dir whose seller sells in four marketplaces.
std::vector<std::string> sandbox_args(const TempDir& dir) {
    const auto scenario = dir / "scenario.yaml";
    std::ofstream(scenario) << "seller_id: A2SANDBOXSELLER\n"
                               "marketplaces: [US, UK, DE, JP]\n"
                               "revoked_refresh_tokens: [\"Atzr|revoked-canary\"]\n";
    return {"--scenario", scenario.string()};
}

struct CheckFixture {
    MemoryHost host;
    TempDir dir;
    SandboxServer sandbox;
    std::unique_ptr<amzconn::host::ConnectorHandle> connector;

    explicit CheckFixture(const std::string& refresh_token) : sandbox(sandbox_args(dir)) {
        ::setenv("AMZCONN_TEST_SANDBOX_URL", sandbox.url().c_str(), 1);

        host.set_secret("client_id", "amzn1.application-oa2-client.canary");
        host.set_secret("client_secret", "client-secret-canary-7f3a");
        host.set_secret("uk1_token", refresh_token);
        auto library = amzconn::host::load_plugin(AMZCONN_PLUGIN_PATH);
        REQUIRE(library.ok());
        auto created = amzconn::host::create_connector(*library, host);
        REQUIRE(created.ok());
        connector = std::move(*created);
        auto installed = connector->install("check.yaml", k_config);
        REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    }

    void require_no_secret_in_log() {
        for (const auto& line : host.log_lines()) {
            CHECK(line.message.find("canary") == std::string::npos);
            CHECK(line.reference.find("canary") == std::string::npos);
        }
    }
};

} // namespace

TEST_CASE("plugin: check reports the store's marketplaces from Amazon") {
    CheckFixture f("Atzr|refresh-canary-1");
    auto report = f.connector->check("uk1");
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
    const auto doc = json::parse(*report).as_object();
    CHECK(doc.at("ok").as_bool());
    std::vector<std::string> ids;
    for (const auto& m : doc.at("marketplaces").as_array()) {
        ids.emplace_back(m.at("marketplace_id").as_string());
    }
    CHECK(ids.size() == 4);
    CHECK(std::find(ids.begin(), ids.end(), "A1F83G8C2ARO7P") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "A1PA6795UKMFR9") != ids.end());
    f.require_no_secret_in_log();
}

TEST_CASE("plugin: check with a revoked refresh token says to re-authorize the store") {
    CheckFixture f("Atzr|revoked-canary");
    auto report = f.connector->check("uk1");
    REQUIRE_FALSE(report.ok());
    CHECK(report.status() == Status::auth_failed);
    CHECK(report.error().message.find("re-authorize the store") != std::string::npos);
    CHECK(report.error().message.find("canary") == std::string::npos);
    // A second check does not hammer LWA again with the refused token (no retry storm): it fails
    // the same way, and the log names the store and says what to do.
    auto again = f.connector->check("uk1");
    REQUIRE_FALSE(again.ok());
    CHECK(again.status() == Status::auth_failed);
    bool logged = false;
    for (const auto& line : f.host.log_lines()) {
        logged |= line.level == amzconn::LogLevel::error && line.store == "uk1" &&
                  line.message.find("re-authorize") != std::string::npos;
    }
    CHECK(logged);
    f.require_no_secret_in_log();
}

TEST_CASE("plugin: check refuses a store whose marketplace the seller does not sell in") {
    CheckFixture f("Atzr|refresh-canary-2");
    // Re-point the store at France, where the sandbox seller does not participate.
    std::string config = k_config;
    config.replace(config.find("further: [DE]"), 13, "further: [FR]");
    REQUIRE(f.connector->install("check.yaml", config).ok());
    auto report = f.connector->check("uk1");
    REQUIRE(report.ok());
    const auto doc = json::parse(*report).as_object();
    CHECK_FALSE(doc.at("ok").as_bool());
    CHECK(std::string(doc.at("message").as_string()).find("A13V1IB3VIYZZH") != std::string::npos);
}

TEST_CASE("plugin: check names every credential the host cannot supply, not only the first") {
    MemoryHost host;                                               // no secret set at all
    ::setenv("AMZCONN_TEST_SANDBOX_URL", "http://127.0.0.1:9", 1); // never reached
    auto library = amzconn::host::load_plugin(AMZCONN_PLUGIN_PATH);
    REQUIRE(library.ok());
    auto connector = amzconn::host::create_connector(*library, host);
    REQUIRE(connector.ok());
    REQUIRE((*connector)->install("check.yaml", k_config).ok());
    auto checked = (*connector)->check("uk1");
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.status() == Status::bad_input);
    const std::string& message = checked.error().message;
    CHECK(message.starts_with("stores.uk1.credentials: "));
    for (const std::string name : {"client_id", "client_secret", "uk1_token"}) {
        CHECK_MESSAGE(message.find("${secret:" + name + "}: the host secret store has no such") !=
                          std::string::npos,
                      message);
    }
}
