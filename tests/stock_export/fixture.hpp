// The shared fixture of the stock and price export tests: the real plugin (SDK loader) over the
// in-memory host, against a real sandbox on a fast virtual clock.
#pragma once

#include "amzconn/loader.hpp"
#include "loopback_http.hpp"
#include "memory_host.hpp"
#include "sandbox_server.hpp"
#include "temp_dir.hpp"

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace amzconn::stock_tests {

inline constexpr const char* k_uk = "A1F83G8C2ARO7P";

// The store config "uk1" against the sandbox named by AMZCONN_TEST_SANDBOX_URL.
std::string config(bool stock_enabled);

struct Fixture {
    testing::MemoryHost host;
    testing::TempDir dir; // holds the sandbox's scenario file
    testing::SandboxServer sandbox;
    std::unique_ptr<host::ConnectorHandle> connector;

    // extra_listings: further scenario lines under `listings:`; config_yaml: the config to
    // install instead of config(stock_enabled); time_scale: sandbox seconds per real second
    // (an access token lives one sandbox hour, a feed takes two sandbox seconds).
    explicit Fixture(bool stock_enabled = true, const std::string& extra_listings = "",
                     const std::string& config_yaml = "", const std::string& time_scale = "400");
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;

    void upsert(const std::string& kind, const std::string& key, const boost::json::object& doc);
    void level(const std::string& product, const std::string& warehouse, int64_t on_hand,
               int64_t allocated);
    void product(const std::string& code, boost::json::array bom = {});
    void seed();
    // A new plugin instance over the same host state (as after a host restart).
    void reload();

    boost::json::object job(const std::string& name, const boost::json::object& args = {});
    // Amazon's listing of sku in the UK marketplace (the test fails when it is absent).
    boost::json::object listing(const std::string& sku);
    // Waits (real time, bounded) for the fast sandbox clock to finish the feeds, then polls.
    boost::json::object poll_until_done();
    bool logged(LogLevel level, const std::string& needle);
};

} // namespace amzconn::stock_tests
