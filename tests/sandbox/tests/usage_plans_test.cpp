// Usage plans: per-operation token buckets at the documented rate and burst, on the virtual clock.
#include "test_support.hpp"

using namespace amzconn::testing;

TEST_CASE(
    "sandbox: usage plans allow the burst then answer 429 QuotaExceeded until the bucket refills") {
    auto sandbox = start_sandbox(virtual_args({"--rate-limits", "documented"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    // getInventorySummaries: rate 2/s, burst 2.
    const std::string path = "/fba/inventory/v1/summaries?granularityType=Marketplace&"
                             "granularityId=ATVPDKIKX0DER&marketplaceIds=ATVPDKIKX0DER";
    CHECK(http.get(path).status == 200);
    CHECK(http.get(path).status == 200);
    const auto r = http.get(path);
    CHECK(r.status == 429);
    CHECK(r.json().at("errors").at(0).at("code").as_string() == "QuotaExceeded");
    CHECK(r.json().at("errors").at(0).at("message").as_string() ==
          "You exceeded your quota for the requested resource.");
    CHECK(r.header("x-amzn-ratelimit-limit").empty());
    CHECK(!r.header("x-amzn-requestid").empty());
    // Other operations have their own bucket.
    CHECK(http.get("/sellers/v1/marketplaceParticipations").status == 200);
    http.control("clock", R"({"advance_s": 0.5})");
    CHECK(http.get(path).status == 200);
    CHECK(http.get(path).status == 429);
    const auto state = http.state();
    CHECK(state.at("throttled").at("getInventorySummaries").as_int64() == 2);
    CHECK(state.at("calls").at("getInventorySummaries").as_int64() == 5);
}

TEST_CASE("sandbox: searchOrders allows a burst of 20 and refills one call per 1/0.0056 s") {
    auto sandbox = start_sandbox(virtual_args({"--rate-limits", "documented"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto path = search_path("createdAfter=2025-12-01T00:00:00Z");
    for (int i = 0; i < 20; ++i) {
        REQUIRE(http.get(path).status == 200);
    }
    CHECK(http.get(path).status == 429);
    http.control("clock", R"({"advance_s": 100})");
    CHECK(http.get(path).status == 429);
    http.control("clock", R"({"advance_s": 80})");
    CHECK(http.get(path).status == 200);
}

TEST_CASE("sandbox: a rate-limit file overrides one operation's plan") {
    const auto file =
        write_temp("limits.json", R"({"getMarketplaceParticipations": {"rate": 1, "burst": 1}})");
    auto sandbox = start_sandbox(virtual_args({"--rate-limits", file}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto r = http.get("/sellers/v1/marketplaceParticipations");
    CHECK(r.status == 200);
    CHECK(r.header("x-amzn-ratelimit-limit") == "1");
    CHECK(http.get("/sellers/v1/marketplaceParticipations").status == 429);
}

TEST_CASE("sandbox: with rate limits off nothing is throttled") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    for (int i = 0; i < 40; ++i) {
        REQUIRE(http.get(search_path("createdAfter=2025-12-01T00:00:00Z")).status == 200);
    }
    CHECK(http.state().at("throttled").as_object().empty());
}

TEST_CASE("sandbox: JSON_LISTINGS_FEED allows 5 submissions per 5 minutes") {
    auto sandbox = start_sandbox(virtual_args({"--rate-limits", "documented"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto doc =
        http.post_json("/feeds/2021-06-30/documents", R"({"contentType":"application/json"})")
            .json();
    REQUIRE(http.request("PUT", std::string(doc.at("url").as_string()), "{}",
                         {"Content-Type: application/json"})
                .status == 200);
    const std::string body =
        R"({"feedType":"JSON_LISTINGS_FEED","marketplaceIds":["ATVPDKIKX0DER"],"inputFeedDocumentId":")" +
        std::string(doc.at("feedDocumentId").as_string()) + R"("})";
    for (int i = 0; i < 5; ++i) {
        REQUIRE(http.post_json("/feeds/2021-06-30/feeds", body).status == 202);
    }
    const auto r = http.post_json("/feeds/2021-06-30/feeds", body);
    CHECK(r.status == 429);
    CHECK(r.json().at("errors").at(0).at("code").as_string() == "QuotaExceeded");
    http.control("clock", R"({"advance_s": 60})");
    CHECK(http.post_json("/feeds/2021-06-30/feeds", body).status == 202);
}
