// Sharing and routing: stores of one seller share their usage-plan buckets and the connection
// pool across worker threads; the proxy comes from the options; a TLS handshake that stalls (F2)
// times out as retryable without sending credentials.
#include "rig.hpp"
#include "spapi/sellers_api.hpp"

#include <doctest/doctest.h>
#include <thread>

using namespace amzconn;
using namespace amzconn::spapi;
using amzconn::test::http_reply;
using amzconn::test::RawRequest;
using amzconn::test::Reply;

namespace {
const std::string k_body =
    R"({"payload":[{"marketplace":{"id":"ATVPDKIKX0DER","name":"Amazon.com","countryCode":"US",)"
    R"("defaultCurrencyCode":"USD","defaultLanguageCode":"en_US","domainName":"www.amazon.com"},)"
    R"("participation":{"isParticipating":true,"hasSuspendedListings":false},)"
    R"("storeName":"S"}]})";

Reply route(const RawRequest& r) {
    if (r.target.find("/auth/o2/token") != std::string::npos) {
        return http_reply(200, R"({"access_token":"Atza|x","expires_in":3600})");
    }
    return http_reply(200, k_body);
}
} // namespace

TEST_CASE("spapi: two stores of one seller share the usage-plan bucket and other sellers do not") {
    test::TestServer server([](const RawRequest& r, int) { return route(r); });
    testing::MemoryHost host;
    ClientShared shared;
    auto opts = test::fast_options(server.base_url());
    auto make = [&](const std::string& alias, const std::string& seller) {
        auto id = test::canary_identity();
        id.store_alias = alias;
        id.auth.seller_key = seller;
        return std::make_unique<SpApiClient>(opts, shared, host, std::move(id));
    };
    auto us = make("us-store", "SELLER-1");
    auto us2 = make("us-store-2", "SELLER-1");
    auto other = make("other", "SELLER-2");
    // getMarketplaceParticipations: burst 15 per seller+region.
    for (int i = 0; i < 8; ++i) {
        REQUIRE(sellers::get_marketplace_participations(*us).ok());
        REQUIRE(sellers::get_marketplace_participations(*us2).ok());
    }
    CHECK(host.slept_ms() > 0); // the 16th call of SELLER-1 had to wait
    int64_t slept = host.slept_ms();
    for (int i = 0; i < 15; ++i) {
        REQUIRE(sellers::get_marketplace_participations(*other).ok());
    }
    CHECK(host.slept_ms() == slept);
}

TEST_CASE("spapi: worker threads share one connection pool and token cache safely") {
    test::TestServer server([](const RawRequest& r, int) { return route(r); });
    testing::MemoryHost host;
    ClientShared shared;
    auto opts = test::fast_options(server.base_url());
    std::atomic<int> ok{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w) {
        workers.emplace_back([&, w] {
            auto id = test::canary_identity();
            id.auth.seller_key = "SELLER-" + std::to_string(w % 2);
            SpApiClient client(opts, shared, host, std::move(id));
            for (int i = 0; i < 5; ++i) {
                if (sellers::get_marketplace_participations(client).ok()) {
                    ++ok;
                }
            }
        });
    }
    for (auto& t : workers) {
        t.join();
    }
    CHECK(ok == 20);
    CHECK(shared.tokens.grant_requests() == 2); // one per seller, not one per worker
}

TEST_CASE("spapi: the configured proxy is used for every request") {
    test::TestServer proxy([](const RawRequest& r, int) { return route(r); });
    testing::MemoryHost host;
    ClientShared shared;
    auto opts = test::fast_options("http://localhost:9");
    opts.proxy = proxy.base_url();
    SpApiClient client(opts, shared, host, test::canary_identity());
    auto r = sellers::get_marketplace_participations(client);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().describe()));
    auto reqs = proxy.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].target == "http://localhost:9/auth/o2/token");
    CHECK(reqs[1].target == "http://localhost:9/sellers/v1/marketplaceParticipations");
}

TEST_CASE("spapi: F2 a stalled TLS handshake times out as retryable with no credential sent") {
    test::TestServer silent([](const RawRequest&, int) { return Reply{""}; });
    testing::MemoryHost host;
    ClientShared shared;
    ClientOptions o;
    o.endpoint = "https://sellingpartnerapi-eu.amazon.com";
    o.lwa_token_url = "https://api.amazon.com/auth/o2/token";
    o.connect_to = {"api.amazon.com:443:127.0.0.1:" + std::to_string(silent.port()),
                    "sellingpartnerapi-eu.amazon.com:443:127.0.0.1:" +
                        std::to_string(silent.port())};
    o.connect_timeout_ms = 800;
    o.total_timeout_ms = 2000;
    o.retry.max_attempts = 2;
    o.retry.base_delay_ms = 10;
    SpApiClient client(o, shared, host, test::canary_identity());
    auto r = sellers::get_marketplace_participations(client);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::retryable);
    CHECK(r.error().curl_code == 28);
    std::string got = silent.received_bytes();
    CHECK(got.find("CANARY") == std::string::npos);
    CHECK(got.find("client_secret") == std::string::npos);
}
