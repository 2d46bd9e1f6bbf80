// Conformance details clients depend on: LWA's JSON body, the Date header on every response and
// the expired token's 403 explained in `details`.
#include "test_support.hpp"

using namespace amzconn::testing;
namespace json = boost::json;

TEST_CASE("sandbox: the LWA token endpoint accepts a JSON body as well as a form") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    auto r = http.request(
        "POST", "/auth/o2/token",
        R"({"grant_type":"refresh_token","refresh_token":"Atzr|json","client_id":"amzn1.application-oa2-client.test","client_secret":"secret"})",
        {"Content-Type: application/json"});
    REQUIRE(r.status == 200);
    const auto token = std::string(r.json().at("access_token").as_string());
    CHECK(token.rfind("Atza|", 0) == 0);
    CHECK(r.json().at("token_type").as_string() == "bearer");
    http.set_token(token);
    CHECK(http.get("/sellers/v1/marketplaceParticipations").status == 200);
    r = http.request("POST", "/auth/o2/token", R"({"grant_type":"refresh_token"})",
                     {"Content-Type: application/json"});
    CHECK(r.status == 400);
    CHECK(r.json().at("error").as_string() == "invalid_request");
    r = http.request("POST", "/auth/o2/token", "{not json", {"Content-Type: application/json"});
    CHECK(r.status == 400);
    CHECK(r.json().at("error").as_string() == "invalid_request");
}

TEST_CASE("sandbox: every response carries a Date header on the sandbox clock") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    const std::string start = "Thu, 01 Jan 2026 00:00:00 GMT";
    CHECK(http.get("/sellers/v1/marketplaceParticipations").header("date") == start); // 403
    http.authenticate();
    CHECK(http.get("/sellers/v1/marketplaceParticipations").header("date") == start); // 200
    CHECK(http.get(search_path("createdAfter=bad")).header("date") == start);         // 400
    CHECK(http.get("/orders/2026-01-01/orders/000-0000000-0000000").header("date") == start);
    CHECK(http.get("/nowhere").header("date") == start);
    CHECK(http.request("GET", "/_sandbox/state").header("date") == start);
    http.control("faults", R"({"faults":[{"operation":"*","kind":"throttle"},
                                         {"operation":"*","kind":"status","status":503,"after":1}]})");
    CHECK(http.get("/sellers/v1/marketplaceParticipations").header("date") == start); // 429
    CHECK(http.get("/sellers/v1/marketplaceParticipations").header("date") == start); // 503
    http.control("clock", R"({"advance_s": 86461})");
    CHECK(http.get("/sellers/v1/marketplaceParticipations").header("date") ==
          "Fri, 02 Jan 2026 00:01:01 GMT");
}

TEST_CASE("sandbox: an expired token's 403 explains itself in details like the invalid-token "
          "case") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.set_token("Atza|forged");
    const auto invalid = http.get("/sellers/v1/marketplaceParticipations").json();
    http.authenticate();
    http.control("clock", R"({"advance_s": 3601})");
    const auto expired = http.get("/sellers/v1/marketplaceParticipations").json();
    for (const auto* doc : {&invalid, &expired}) {
        CHECK(doc->at("errors").at(0).at("code").as_string() == "Unauthorized");
        CHECK(doc->at("errors").at(0).at("message").as_string() ==
              "Access to requested resource is denied.");
    }
    CHECK(expired.at("errors").at(0).at("details").as_string() ==
          "The access token you provided has expired.");
    CHECK(invalid.at("errors").at(0).at("details").as_string() ==
          "The access token you provided is revoked, malformed or invalid.");
    http.authenticate();
    http.control("faults", R"({"faults":[{"operation":"searchOrders","kind":"expired_token"}]})");
    const auto fault = http.get(search_path("createdAfter=2025-12-01T00:00:00Z"));
    CHECK(fault.status == 403);
    CHECK(fault.json() == expired);
}

TEST_CASE("sandbox: the consent page redirects back with spapi_oauth_code, state and "
          "selling_partner_id, and the code buys one refresh token") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    const std::string redirect = "https://app.example/amazon/callback";
    auto r = http.request("GET", "/apps/authorize/consent?application_id=amzn1.sp.solution.x&"
                                 "state=s%201&version=beta&redirect_uri=" +
                                     escape(redirect));
    REQUIRE(r.status == 302);
    const auto location = r.header("location");
    CHECK(location.rfind(redirect + "?state=s%201&selling_partner_id=A2SANDBOXSELLER&"
                                    "spapi_oauth_code=",
                         0) == 0);
    const auto code = location.substr(location.find("spapi_oauth_code=") + 17);
    CHECK(!code.empty());
    const auto exchange = [&](const std::string& c, const std::string& uri) {
        return http.request("POST", "/auth/o2/token",
                            "grant_type=authorization_code&code=" + escape(c) +
                                "&redirect_uri=" + escape(uri) +
                                "&client_id=amzn1.application-oa2-client.test&client_secret=s",
                            {"Content-Type: application/x-www-form-urlencoded"});
    };
    CHECK(exchange(code, "https://elsewhere.example/").status == 400); // not the consent's URI
    r = exchange(code, redirect);
    REQUIRE(r.status == 200);
    const auto refresh = std::string(r.json().at("refresh_token").as_string());
    CHECK(refresh.rfind("Atzr|", 0) == 0);
    CHECK(exchange(code, redirect).json().at("error").as_string() == "invalid_grant"); // used
    CHECK(!http.authenticate(refresh).empty()); // the new refresh token works
    // Codes expire after 5 minutes; the consent page refuses a bad request.
    r = http.request("GET", "/apps/authorize/consent?application_id=a&state=s&redirect_uri=" +
                                escape(redirect));
    const auto late = r.header("location").substr(r.header("location").find("code=") + 5);
    http.control("clock", R"({"advance_s": 301})");
    CHECK(exchange(late, redirect).status == 400);
    CHECK(http.request("GET", "/apps/authorize/consent?application_id=a&state=s&redirect_uri=" +
                                  escape("http://plain.example/cb"))
              .status == 400);
    CHECK(http.request("GET",
                       "/apps/authorize/consent?application_id=a&redirect_uri=" + escape(redirect))
              .status == 400);
}
