// Connect to Amazon's rules without a browser: what a store's config must say, the consent URL,
// the single-use state bound to the browser, and which missing secret install lets pass.
// tests/console/stores_test.py drives the whole flow through the sandbox in Chromium.
#include "console/connect_flow.hpp"
#include "refhost_test_support.hpp"
#include "sandbox_server.hpp"
#include "secret_refs.hpp"
#include "temp_dir.hpp"

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <doctest/doctest.h>

using namespace amzconn::refhost;
using namespace amzconn::refhost::console;

namespace {

boost::json::object listed_store(std::string_view refresh_token, std::string_view app_id,
                                 std::string_view endpoint) {
    auto store = boost::json::parse(R"({"alias":"uk1","seller_id":"A2SELLER",
        "marketplaces":["A1F83G8C2ARO7P"],"connect":{"lwa_client_id":"${env:ID}",
        "lwa_client_secret":"${secret:lwa-secret}","application_draft":false,
        "lwa_token_url":"https://api.amazon.com/auth/o2/token"}})")
                     .as_object();
    auto& connect = store["connect"].as_object();
    connect["refresh_token"] = refresh_token;
    connect["application_id"] = app_id;
    connect["endpoint"] = endpoint;
    return store;
}

constexpr std::string_view k_app = "amzn1.sp.solution.abc";

} // namespace

TEST_CASE("reference_host: connect needs an application id and the refresh token by secret") {
    auto target = connect_target(
        listed_store("${secret:uk1-refresh}", k_app, "https://sellingpartnerapi-eu.amazon.com"));
    REQUIRE(target.ok());
    CHECK(target->secret_name == "uk1-refresh");
    CHECK(target->marketplace == "A1F83G8C2ARO7P");
    CHECK(target->client_secret_ref == "${secret:lwa-secret}");
    auto by_env = connect_target(listed_store("${env:TOKEN}", k_app, "https://x.example"));
    REQUIRE_FALSE(by_env.ok());
    CHECK(by_env.error().message.find("refresh_token: ${secret:uk1-refresh}") != std::string::npos);
    auto no_app = connect_target(listed_store("${secret:t}", "", "https://x.example"));
    REQUIRE_FALSE(no_app.ok());
    CHECK(no_app.error().message.find("stores[].application_id") != std::string::npos);
}

TEST_CASE("reference_host: connect sends the admin to Seller Central's consent page, or the "
          "sandbox's for a loopback endpoint") {
    auto target = *connect_target(
        listed_store("${secret:t}", k_app, "https://sellingpartnerapi-eu.amazon.com"));
    CHECK(*consent_url(target, "s1", "https://admin.example/stores/connect/callback") ==
          "https://sellercentral-europe.amazon.com/apps/authorize/consent?application_id=" +
              std::string(k_app) +
              "&state=s1&redirect_uri=https%3A%2F%2Fadmin.example%2Fstores%2Fconnect%2Fcallback");
    target.application_draft = true;
    CHECK(consent_url(target, "s1", "https://a.example/cb")->find("&version=beta") !=
          std::string::npos);
    target.endpoint = "http://127.0.0.1:9000";
    CHECK(consent_url(target, "s1", "http://127.0.0.1:8080/cb")
              ->starts_with("http://127.0.0.1:9000/apps/authorize/consent?application_id="));
}

TEST_CASE("reference_host: a connect's state works once, only in the browser that began it, "
          "and expires") {
    const auto target = *connect_target(listed_store("${secret:t}", k_app, "http://127.0.0.1:9"));
    ConnectFlow flow("http");
    auto begun = flow.begin(target, "127.0.0.1:8080", 1000);
    REQUIRE(begun.ok());
    const auto url = begun->consent_url;
    const auto at = url.find("&state=") + 7;
    const std::string state = url.substr(at, url.find('&', at) - at);
    CHECK(state.size() == 64);
    CHECK(url.find("redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fstores%2Fconnect%2Fcallback") !=
          std::string::npos);
    CHECK(begun->cookie.find("SameSite=Lax") != std::string::npos);
    CHECK(begun->cookie.find("Path=/stores/connect/callback") != std::string::npos);
    CHECK(begun->cookie.find("Secure") == std::string::npos); // plain http on loopback
    ConnectFlow proxied("https");
    auto behind_tls = proxied.begin(target, "admin.example", 1000);
    CHECK(behind_tls->cookie.ends_with("; Secure"));
    CHECK(behind_tls->consent_url.find(
              "redirect_uri=https%3A%2F%2Fadmin.example%2Fstores%2Fconnect%2Fcallback") !=
          std::string::npos);
    const std::string key =
        begun->cookie.substr(begun->cookie.find('=') + 1, 64); // amzconn_connect=KEY; ...
    CHECK_FALSE(flow.take(state, "another-browser", 2000).ok());
    // Another state: its first character changed (a "0" prefix alone matched 1 state in 16).
    CHECK_FALSE(flow.take((state[0] == '0' ? "1" : "0") + state.substr(1), key, 2000).ok());
    auto taken = flow.take(state, key, 2000);
    REQUIRE(taken.ok());
    CHECK(taken->target.alias == "uk1");
    CHECK(taken->redirect_uri == "http://127.0.0.1:8080/stores/connect/callback");
    CHECK_FALSE(flow.take(state, key, 2000).ok()); // a replay
    auto late = flow.begin(target, "127.0.0.1:8080", 1000);
    const auto late_url = late->consent_url;
    const auto late_at = late_url.find("&state=") + 7;
    const std::string late_state = late_url.substr(late_at, late_url.find('&', late_at) - late_at);
    const std::string late_key = late->cookie.substr(late->cookie.find('=') + 1, 64);
    CHECK_FALSE(flow.take(late_state, late_key, 1000 + 11 * 60 * 1000).ok());
}

TEST_CASE("reference_host: install lets only a connectable store's refresh token be missing") {
    const auto refs = secret_references(R"(stores:
  - alias: a
    application_id: amzn1.sp.solution.x
    credentials: {lwa_client_id: "${secret:id}", refresh_token: "${secret:a-refresh}"}
  - alias: b
    credentials: {refresh_token: "${secret:b-refresh}"}
)");
    REQUIRE(refs.size() == 3);
    CHECK_FALSE(refs[0].connectable); // the client id: install wants it
    CHECK(refs[1].name == "a-refresh");
    CHECK(refs[1].connectable);
    CHECK(refs[2].name == "b-refresh");
    CHECK_FALSE(refs[2].connectable); // no application: nothing can connect it
}

TEST_CASE("reference_host: connect's code exchange goes through the instance's proxy, a "
          "${env:NAME} one too") {
    amzconn::testing::SandboxServer sandbox({"--clock", "virtual"});
    amzconn::testing::TempDir dir;
    auto host = refhost_test::open_host(dir / "host.db");
    REQUIRE(host->secret_set("lwa-secret", "demo-client-secret").ok());
    ::setenv("ID", "amzn1.application-oa2-client.demo", 1);
    auto store = listed_store("${secret:t}", k_app, sandbox.url());
    auto& connect = store["connect"].as_object();
    connect["lwa_token_url"] = sandbox.url() + "/auth/o2/token";
    const auto redeem = [&](const boost::json::object& listed) {
        PendingConnect pending{*connect_target(listed), "key", "http://127.0.0.1:8080/cb", 0};
        auto done = redeem_code(*host, pending, "not-a-code-amazon-issued");
        REQUIRE_FALSE(done.ok());
        return done.error().message;
    };
    // Straight to Login with Amazon (the sandbox): it answers and refuses the made-up code.
    CHECK(refhost_test::contains(redeem(store), "invalid_grant"));
    // Through a proxy nobody listens on: the exchange never reaches Amazon.
    connect["proxy"] = "http://127.0.0.1:9";
    CHECK_FALSE(refhost_test::contains(redeem(store), "invalid_grant"));
    ::setenv("AMZCONN_TEST_CONNECT_PROXY", "http://127.0.0.1:9", 1);
    connect["proxy"] = "${env:AMZCONN_TEST_CONNECT_PROXY}";
    CHECK_FALSE(refhost_test::contains(redeem(store), "invalid_grant"));
    ::unsetenv("AMZCONN_TEST_CONNECT_PROXY");
    CHECK(refhost_test::contains(redeem(store), "AMZCONN_TEST_CONNECT_PROXY"));
    CHECK_FALSE(host->secret_get("t").ok()); // no refresh token was saved by any of them
}
