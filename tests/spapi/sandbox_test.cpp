// The client against amzconn-sandbox (a separate process on loopback): the `check` connection
// test, a revoked refresh token, a full searchOrders walk over generated orders, official static
// examples in static mode, the sandbox's fault kinds, and 24 virtual hours of polling under the
// documented usage plans with no self-inflicted 429 after the first.
#ifdef AMZCONN_HAVE_SANDBOX

#include "memory_host.hpp"
#include "rig.hpp"
#include "sandbox_server.hpp"
#include "spapi/documents_api.hpp"
#include "spapi/orders_api.hpp"
#include "spapi/sellers_api.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace amzconn;
using namespace amzconn::spapi;
namespace bj = boost::json;

namespace {

// The shared sandbox starter; its control API called through the client's own HttpClient.
struct Sandbox {
    explicit Sandbox(const std::vector<std::string>& args) : server(args) {}

    bj::value control(const std::string& method, const std::string& path,
                      const std::string& body = "") {
        HttpClient http(test::fast_options(server.url()), nullptr);
        HttpRequest req;
        req.method = method;
        req.url = server.url() + path;
        req.body = body;
        if (!body.empty()) {
            req.headers = {{"Content-Type", "application/json"}};
        }
        auto r = http.perform(req);
        REQUIRE(r.ok());
        CHECK(r->status == 200);
        boost::system::error_code ec;
        auto v = bj::parse(r->body, ec);
        return ec ? bj::value() : v;
    }

    void faults(const std::string& faults_json) {
        control("POST", "/_sandbox/faults", R"({"faults":)" + faults_json + "}");
    }

    int64_t count(const char* what, const char* op) {
        auto state = control("GET", "/_sandbox/state");
        const auto* group = state.as_object().if_contains(what);
        if (group == nullptr || !group->is_object()) {
            return 0;
        }
        const auto* n = group->as_object().if_contains(op);
        return n == nullptr ? 0 : n->to_number<int64_t>();
    }

    testing::SandboxServer server;
};

struct SandboxClient {
    SandboxClient(Sandbox& sb, std::function<void(ClientOptions&)> tweak = {},
                  std::string refresh_token = test::k_canary_refresh_token) {
        auto o = test::fast_options(sb.server.url());
        if (tweak) {
            tweak(o);
        }
        auto id = test::canary_identity();
        id.auth.refresh_token = SecretString(std::string_view(refresh_token));
        client = std::make_unique<SpApiClient>(o, shared, host, std::move(id));
    }
    bool leaked(const std::string& extra = "") const {
        std::string text = host.log_text() + extra;
        return text.find("CANARY") != std::string::npos;
    }
    testing::MemoryHost host;
    ClientShared shared;
    std::unique_ptr<SpApiClient> client;
};

orders::SearchOrdersQuery all_since_2025() {
    orders::SearchOrdersQuery q;
    q.last_updated_after = time::Timestamp{1'735'689'600'000};
    return q;
}

} // namespace

TEST_CASE("spapi: sandbox check reports the store's marketplaces") {
    Sandbox sb({});
    SandboxClient c(sb);
    auto r = sellers::get_marketplace_participations(*c.client);
    REQUIRE(r.ok());
    std::set<std::string> countries;
    for (const auto& p : *r) {
        countries.insert(p.country_code);
    }
    CHECK(countries.count("US") == 1);
    CHECK(countries.count("DE") == 1);
    CHECK_FALSE(c.leaked());
}

TEST_CASE("spapi: sandbox a revoked refresh token says re-authorize and stops") {
    char path[] = "/tmp/amzconn_scenario_XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ::close(fd);
    std::ofstream(path) << R"({"revoked_refresh_tokens":["Atzr|revoked-CANARY"]})";
    Sandbox sb({"--scenario", path});
    SandboxClient c(sb, {}, "Atzr|revoked-CANARY");
    for (int i = 0; i < 3; ++i) {
        auto r = sellers::get_marketplace_participations(*c.client);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::auth);
        CHECK(r.error().message.find(std::string(k_reauthorize_message)) != std::string::npos);
        CHECK_FALSE(c.leaked(r.error().describe()));
    }
    CHECK(c.shared.tokens.grant_requests() == 1);
    CHECK(sb.count("calls", "getMarketplaceParticipations") == 0);
    ::unlink(path);
}

TEST_CASE("spapi: sandbox searchOrders walks every generated order exactly once") {
    Sandbox sb({"--generate", "250", "--seed", "3"});
    SandboxClient c(sb);
    std::set<std::string> ids;
    size_t delivered = 0;
    auto r = orders::search_orders(*c.client, all_since_2025(),
                                   [&](const orders::SearchOrdersPage& page) {
                                       for (const auto& o : page.orders) {
                                           ids.insert(o.order_id);
                                           ++delivered;
                                       }
                                       CHECK(page.rejected.empty());
                                       return true;
                                   });
    REQUIRE(r.ok());
    CHECK(r->end == orders::WalkEnd::complete);
    CHECK(r->pages == 3);
    CHECK(ids.size() == 250);
    CHECK(delivered == 250);
    CHECK(r->last_updated_before.has_value());
    CHECK_FALSE(c.leaked());
}

TEST_CASE("spapi: sandbox static mode answers the official examples and they parse") {
    Sandbox sb({"--static-examples", AMZCONN_MODELS_DIR});
    SandboxClient c(sb);
    auto parts = sellers::get_marketplace_participations(*c.client);
    REQUIRE(parts.ok());
    CHECK_FALSE(parts->empty());
    auto report = documents::get_report(*c.client, "ID323");
    REQUIRE(report.ok());
    CHECK_FALSE(report->report_id.empty());
    struct GetOrderExample {
        const char* id;
        std::vector<std::string> included;
    };
    for (const auto& ex : std::vector<GetOrderExample>{
             {"171-9876543-2109876",
              {"BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION",
               "FULFILLMENT", "PACKAGES"}},
             {"028-1234567-8901234", {"BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT", "TAX"}},
             {"114-9876543-1234567", {"RECIPIENT", "PROCEEDS", "FULFILLMENT"}}}) {
        CAPTURE(ex.id);
        auto order = orders::get_order(*c.client, ex.id, ex.included);
        REQUIRE(order.ok());
        CHECK_FALSE(order->order_items.empty());
    }
    orders::SearchOrdersQuery q;
    q.created_after = time::parse_rfc3339("2024-12-20T00:00:00Z").value();
    q.marketplace_ids = {"A2Q3Y263D00KWC"};
    q.included_data = {"BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT", "TAX", "PAYMENT"};
    auto params = orders::search_orders_params(q);
    REQUIRE(params.ok());
    auto page = orders::search_orders_page(*c.client, *params, std::nullopt);
    REQUIRE(page.ok());
    CHECK_FALSE(page->orders.empty());
    CHECK(page->rejected.empty());
    auto doc = documents::get_report_document(*c.client, "0356cf79-b8b0-4226-b4b9-0ee058ea5760");
    REQUIRE(doc.ok());
    CHECK_FALSE(doc->url.empty());
}

TEST_CASE("spapi: sandbox faults end in the expected classification") {
    Sandbox sb({"--generate", "30"});
    SUBCASE("throttle with Retry-After is waited out") {
        SandboxClient c(sb);
        sb.faults(R"([{"operation":"getMarketplaceParticipations","kind":"throttle",)"
                  R"("retry_after":"2","count":1}])");
        int64_t start = c.host.now_ms();
        REQUIRE(sellers::get_marketplace_participations(*c.client).ok());
        CHECK(c.host.now_ms() - start >= 2000);
    }
    SUBCASE("503 bodies are retried and recover") {
        SandboxClient c(sb);
        sb.faults(R"([{"operation":"getMarketplaceParticipations","kind":"status","status":503,)"
                  R"("body":"html","count":2}])");
        CHECK(sellers::get_marketplace_participations(*c.client).ok());
    }
    SUBCASE("expired token renews once") {
        SandboxClient c(sb);
        sb.faults(R"([{"operation":"getMarketplaceParticipations","kind":"expired_token",)"
                  R"("count":1}])");
        CHECK(sellers::get_marketplace_participations(*c.client).ok());
        CHECK(c.shared.tokens.grant_requests() == 2);
    }
    SUBCASE("transport faults on reads are retried") {
        for (const char* kind : {"reset_mid_body", "short_body", "empty_reply", "truncated_json"}) {
            CAPTURE(kind);
            SandboxClient c(sb);
            sb.faults(std::string(R"([{"operation":"getMarketplaceParticipations","kind":")") +
                      kind + R"(","count":1}])");
            CHECK(sellers::get_marketplace_participations(*c.client).ok());
        }
    }
    SUBCASE("wrong schema is a data error") {
        SandboxClient c(sb);
        sb.faults(R"([{"operation":"searchOrders","kind":"wrong_schema","count":5}])");
        auto r =
            orders::search_orders(*c.client, all_since_2025(), [](const auto&) { return true; });
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::data);
    }
    SUBCASE("oversized body is cut") {
        SandboxClient c(sb, [](ClientOptions& o) {
            o.max_body_bytes = 1 << 20;
            o.retry.max_attempts = 1;
        });
        sb.faults(R"([{"operation":"getMarketplaceParticipations","kind":"oversized",)"
                  R"("bytes":5000000,"count":1}])");
        auto r = sellers::get_marketplace_participations(*c.client);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::data);
    }
    SUBCASE("redirects are refused") {
        SandboxClient c(sb);
        sb.faults(R"([{"operation":"getMarketplaceParticipations","kind":"redirect",)"
                  R"("location":"http://127.0.0.1:1/","count":1}])");
        auto r = sellers::get_marketplace_participations(*c.client);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::permanent);
    }
    SUBCASE("garbage is refused") {
        SandboxClient c(sb, [](ClientOptions& o) { o.retry.max_attempts = 1; });
        sb.faults(R"([{"operation":"getMarketplaceParticipations","kind":"garbage","count":1}])");
        CHECK_FALSE(sellers::get_marketplace_participations(*c.client).ok());
    }
    SUBCASE("a repeated token stops the walk") {
        SandboxClient c(sb);
        sb.faults(R"([{"operation":"searchOrders","kind":"repeat_token","count":1,"after":1}])");
        auto q = all_since_2025();
        q.max_results_per_page = 10;
        auto r = orders::search_orders(*c.client, q, [](const auto&) { return true; });
        REQUIRE(r.ok());
        CHECK(r->end == orders::WalkEnd::repeated_token);
    }
    SUBCASE("a duplicated page or a mutation mid-walk still ends the walk") {
        for (const char* kind : {"duplicate_page", "mutate_during_pagination"}) {
            CAPTURE(kind);
            SandboxClient c(sb);
            sb.faults(std::string(R"([{"operation":"searchOrders","kind":")") + kind +
                      R"(","count":1,"after":1}])");
            auto q = all_since_2025();
            q.max_results_per_page = 10;
            std::set<std::string> ids;
            auto r = orders::search_orders(*c.client, q, [&](const orders::SearchOrdersPage& p) {
                for (const auto& o : p.orders) {
                    ids.insert(o.order_id);
                }
                return true;
            });
            REQUIRE(r.ok());
            CHECK(r->end == orders::WalkEnd::complete);
            CHECK(ids.size() >= 29);
        }
    }
    SUBCASE("a stalled or trickling answer is cut by the low-speed limit") {
        for (const char* kind : {"stall", "trickle"}) {
            CAPTURE(kind);
            SandboxClient c(sb, [](ClientOptions& o) { o.retry.max_attempts = 1; });
            sb.faults(std::string(R"([{"operation":"getMarketplaceParticipations","kind":")") +
                      kind + R"(","count":1}])");
            auto r = sellers::get_marketplace_participations(*c.client);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::retryable);
            CHECK(r.error().curl_code == 28);
        }
    }
    SUBCASE("a rejected token ends the walk with a permanent error") {
        SandboxClient c(sb);
        sb.faults(R"([{"operation":"searchOrders","kind":"reject_token","count":1,"after":1}])");
        auto q = all_since_2025();
        q.max_results_per_page = 10;
        auto r = orders::search_orders(*c.client, q, [](const auto&) { return true; });
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::permanent);
    }
    SUBCASE("confirmShipment without a response is ambiguous and sent once") {
        SandboxClient c(sb);
        std::string order_id;
        auto with_fulfillment = all_since_2025();
        with_fulfillment.included_data = {"FULFILLMENT"};
        auto walk = orders::search_orders(*c.client, with_fulfillment, [&](const auto& page) {
            for (const auto& o : page.orders) {
                if (order_id.empty() && o.fulfillment &&
                    o.fulfillment->fulfillment_status == orders::FulfillmentStatus::unshipped &&
                    o.fulfillment->fulfilled_by == "MERCHANT") {
                    order_id = o.order_id;
                }
            }
            return true;
        });
        REQUIRE(walk.ok());
        REQUIRE_FALSE(order_id.empty()); // the generator always makes unshipped MFN orders
        {
            auto order = orders::get_order(*c.client, order_id, {});
            REQUIRE(order.ok());
            orders::ConfirmShipmentRequest req;
            req.order_id = order_id;
            req.marketplace_id = order->sales_channel.marketplace_id;
            req.package_reference_id = "1";
            req.carrier_code = "UPS";
            req.tracking_number = "1Z999";
            req.ship_date = time::Timestamp{c.host.now_ms() - 3'600'000};
            for (const auto& it : order->order_items) {
                req.items.push_back({it.order_item_id, it.quantity_ordered, {}});
            }
            sb.faults(R"([{"operation":"confirmShipment","kind":"no_response","count":1}])");
            auto r = orders::confirm_shipment(*c.client, req);
            REQUIRE(r.ok());
            CHECK(r->outcome == orders::ConfirmOutcome::ambiguous);
            CHECK(sb.count("calls", "confirmShipment") == 1);
        }
    }
}

TEST_CASE("spapi: sandbox 24 virtual hours of polling cause no self-inflicted 429") {
    Sandbox sb({"--clock", "virtual", "--rate-limits", "documented", "--generate", "20"});
    SandboxClient c(sb);
    // The host clock drives the sandbox clock: every wait the client makes moves both.
    c.host.set_on_sleep([&](int64_t) {
        sb.control("POST", "/_sandbox/clock",
                   R"({"set":")" + time::format_rfc3339(time::Timestamp{c.host.now_ms()}) +
                       R"("})");
    });
    int64_t start = c.host.now_ms();
    int walks = 0;
    while (c.host.now_ms() - start < 24LL * 3600 * 1000) {
        auto q = all_since_2025();
        auto r = orders::search_orders(*c.client, q, [](const auto&) { return true; });
        REQUIRE(r.ok());
        ++walks;
    }
    CHECK(walks > 400); // 0.0056/s after a burst of 20: ~500 calls a day
    CHECK(sb.count("throttled", "searchOrders") <= 1);
    CHECK(sb.count("throttled", "getMarketplaceParticipations") == 0);
}

#endif
