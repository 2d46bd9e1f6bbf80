// Process contract, authentication, headers and the control API.
#include "test_support.hpp"

#include <cstdio>
#include <sys/wait.h>

using namespace amzconn::testing;

TEST_CASE("sandbox: prints its listening URL first and exits 0 on SIGTERM") {
    auto sandbox = start_sandbox({});
    CHECK(sandbox->base_url().rfind("http://127.0.0.1:", 0) == 0);
    HttpClient http(sandbox->base_url());
    CHECK(http.request("GET", "/_sandbox/state").status == 200);
    const int status = sandbox->stop();
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("sandbox: POST /_sandbox/shutdown stops the process") {
    auto sandbox = start_sandbox({});
    HttpClient http(sandbox->base_url());
    http.control("shutdown");
    bool stopped = false;
    for (int i = 0; i < 500 && !stopped; ++i) {
        stopped = !sandbox->running();
        if (!stopped) {
            ::usleep(10000);
        }
    }
    CHECK(stopped);
}

TEST_CASE("sandbox: --help describes the options and bad options exit 2") {
    const std::string bin = SandboxProcess::default_binary();
    FILE* pipe = ::popen((bin + " --help").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
        out += buf;
    }
    CHECK(WEXITSTATUS(::pclose(pipe)) == 0);
    CHECK(out.find("--rate-limits") != std::string::npos);
    CHECK(out.find("--exit-on-stdin-eof") != std::string::npos);
    const int rc = std::system((bin + " --bogus 2>/dev/null").c_str());
    CHECK(WEXITSTATUS(rc) == 2);
}

TEST_CASE(
    "sandbox: the default scenario is A2SANDBOXSELLER in US UK DE JP with listings and no orders") {
    auto sandbox = start_sandbox({});
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto state = http.state();
    CHECK(state.at("seller_id").as_string() == "A2SANDBOXSELLER");
    CHECK(state.at("orders").as_array().empty());
    bool fbm = false;
    bool fba_na = false;
    bool fba_eu = false;
    for (const auto& l : state.at("listings").as_array()) {
        const auto channel = l.at("channel").as_string();
        fbm = fbm || channel == "DEFAULT";
        fba_na = fba_na || channel == "AMAZON_NA";
        fba_eu = fba_eu || channel == "AMAZON_EU";
    }
    CHECK((fbm && fba_na && fba_eu));
    const auto r = http.get("/sellers/v1/marketplaceParticipations");
    REQUIRE(r.status == 200);
    std::vector<std::string> ids;
    const auto doc = r.json();
    for (const auto& p : doc.at("payload").as_array()) {
        ids.emplace_back(p.at("marketplace").at("id").as_string());
    }
    CHECK(ids == std::vector<std::string>{"ATVPDKIKX0DER", "A1F83G8C2ARO7P", "A1PA6795UKMFR9",
                                          "A1VC38T7YXB528"});
}

TEST_CASE("sandbox: SP-API calls need a live access token which expires after one hour") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    auto r = http.get("/sellers/v1/marketplaceParticipations");
    CHECK(r.status == 403);
    CHECK(r.json().at("errors").at(0).at("code").as_string() == "Unauthorized");
    http.set_token("Atza|forged");
    CHECK(http.get("/sellers/v1/marketplaceParticipations").status == 403);
    http.authenticate();
    CHECK(http.get("/sellers/v1/marketplaceParticipations").status == 200);
    http.control("clock", R"({"advance_s": 3599})");
    CHECK(http.get("/sellers/v1/marketplaceParticipations").status == 200);
    http.control("clock", R"({"advance_s": 2})");
    r = http.get("/sellers/v1/marketplaceParticipations");
    CHECK(r.status == 403);
    CHECK(r.json().at("errors").at(0).at("details").as_string() ==
          "The access token you provided has expired.");
}

TEST_CASE("sandbox: LWA answers invalid_grant for a revoked refresh token and invalid_client for a "
          "wrong secret") {
    const auto scenario = write_temp("lwa.yaml", R"(seller_id: A1TESTSELLER
lwa:
  client_id: app-id
  client_secret: right-secret
revoked_refresh_tokens: ["Atzr|revoked"]
)");
    auto sandbox = start_sandbox({"--scenario", scenario});
    HttpClient http(sandbox->base_url());
    const std::vector<std::string> form = {"Content-Type: application/x-www-form-urlencoded"};
    auto r = http.request("POST", "/auth/o2/token",
                          "grant_type=refresh_token&refresh_token=Atzr%7Crevoked&client_id=app-id&"
                          "client_secret=right-secret",
                          form);
    CHECK(r.status == 400);
    CHECK(r.json().at("error").as_string() == "invalid_grant");
    r = http.request("POST", "/auth/o2/token",
                     "grant_type=refresh_token&refresh_token=Atzr%7Cgood&client_id=app-id&"
                     "client_secret=s3cr3t-value",
                     form);
    CHECK(r.status == 401);
    CHECK(r.json().at("error").as_string() == "invalid_client");
    CHECK(r.body.find("s3cr3t") == std::string::npos); // the secret is never echoed
    r = http.request("POST", "/auth/o2/token",
                     "grant_type=refresh_token&refresh_token=Atzr%7Cgood&client_id=app-id&"
                     "client_secret=right-secret",
                     form);
    CHECK(r.status == 200);
    CHECK(r.json().at("token_type").as_string() == "bearer");
    CHECK(r.json().at("expires_in").as_int64() == 3600);
    CHECK(r.json().at("access_token").as_string().starts_with("Atza|"));
    // An authorization code must come from the consent page (tests/consent in conformance_test).
    r = http.request(
        "POST", "/auth/o2/token",
        "grant_type=authorization_code&code=abc&client_id=app-id&client_secret=right-secret", form);
    CHECK(r.status == 400);
    CHECK(r.json().at("error").as_string() == "invalid_grant");
}

TEST_CASE(
    "sandbox: every response has x-amzn-RequestId and 2xx/400/404 have x-amzn-RateLimit-Limit") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    auto r = http.get("/sellers/v1/marketplaceParticipations");
    CHECK(r.status == 403);
    CHECK(!r.header("x-amzn-requestid").empty());
    CHECK(r.header("x-amzn-ratelimit-limit").empty());
    http.authenticate();
    r = http.get("/sellers/v1/marketplaceParticipations");
    CHECK(r.header("x-amzn-ratelimit-limit") == "0.016");
    const auto first_id = r.header("x-amzn-requestid");
    r = http.get(search_path("createdAfter=nonsense"));
    CHECK(r.status == 400);
    CHECK(r.header("x-amzn-ratelimit-limit") == "0.0056");
    CHECK(r.header("x-amzn-requestid") != first_id);
    r = http.get("/orders/2026-01-01/orders/111-0000000-0000000");
    CHECK(r.status == 404);
    CHECK(r.header("x-amzn-ratelimit-limit") == "0.5");
}

TEST_CASE("sandbox: the control API adds orders and listings and moves the clock and resets") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    http.control("orders", R"({"orders":[{"orderId":"111-1111111-1111111",
        "createdTime":"2025-12-31T10:00:00Z","lastUpdatedTime":"2025-12-31T10:00:00Z",
        "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
        "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
        "orderItems":[{"orderItemId":"1","quantityOrdered":2,"product":{"sellerSku":"SKU-FBM-1"}}]}]})");
    http.control("listings", R"({"listings":[{"sku":"NEW-1","marketplace_id":"ATVPDKIKX0DER",
        "channel":"DEFAULT","quantity":4,"price":{"amount":"9.99","currency":"USD"}}]})");
    auto state = http.state();
    REQUIRE(state.at("orders").as_array().size() == 1);
    CHECK(state.at("orders").at(0).at("status").as_string() == "UNSHIPPED");
    CHECK(state.at("listings").as_array().size() == 8);
    CHECK(http.get("/orders/2026-01-01/orders/111-1111111-1111111").status == 200);
    const auto now = http.control("clock", R"({"set":"2026-02-01T00:00:00Z"})");
    CHECK(now.at("now").as_string() == "2026-02-01T00:00:00Z");
    http.control("reset");
    state = http.state();
    CHECK(state.at("orders").as_array().empty());
    CHECK(state.at("listings").as_array().size() == 7);
    CHECK(state.at("now").as_string() == "2026-01-01T00:00:00Z");
    const auto bad = http.request("POST", "/_sandbox/faults", R"({"faults":[{"kind":"nope"}]})",
                                  {"Content-Type: application/json"});
    CHECK(bad.status == 400);
    CHECK(bad.body.find("nope") != std::string::npos);
}

TEST_CASE("sandbox: --max-lifetime stops a forgotten sandbox by itself") {
    auto sandbox = start_sandbox({"--max-lifetime", "1"});
    bool stopped = false;
    for (int i = 0; i < 1000 && !stopped; ++i) {
        stopped = !sandbox->running();
        if (!stopped) {
            ::usleep(10000);
        }
    }
    CHECK(stopped);
}
