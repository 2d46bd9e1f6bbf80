// Fault suite F1-F22 (reliability plan §2.2) against a scripted loopback server: each fault ends
// in the expected classification and outcome, retries are bounded, non-idempotent calls are not
// blindly re-posted, and no canary secret reaches a log line.
#include "rig.hpp"
#include "spapi/documents_api.hpp"
#include "spapi/gzip.hpp"
#include "spapi/listings_api.hpp"
#include "spapi/orders_api.hpp"
#include "spapi/sellers_api.hpp"

#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::spapi;
using amzconn::test::http_reply;
using amzconn::test::RawRequest;
using amzconn::test::Reply;
using amzconn::test::Rig;

namespace {

const std::string k_participations =
    R"({"payload":[{"marketplace":{"id":"ATVPDKIKX0DER","name":"Amazon.com","countryCode":"US",)"
    R"("defaultCurrencyCode":"USD","defaultLanguageCode":"en_US","domainName":"www.amazon.com"},)"
    R"("participation":{"isParticipating":true,"hasSuspendedListings":false},)"
    R"("storeName":"Test Store"}]})";

std::string order_json(const std::string& id) {
    return R"({"orderId":")" + id +
           R"(","createdTime":"2026-01-01T00:00:00Z","lastUpdatedTime":"2026-01-01T00:00:00Z",)"
           R"("salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},)"
           R"("orderItems":[{"orderItemId":"1","quantityOrdered":1,"product":{"sellerSku":"S"}}]})";
}

std::string orders_page(const std::vector<std::string>& ids, const std::string& next = "") {
    std::string out = R"({"orders":[)";
    for (size_t i = 0; i < ids.size(); ++i) {
        out += (i ? "," : "") + order_json(ids[i]);
    }
    out += "]";
    if (!next.empty()) {
        out += R"(,"pagination":{"nextToken":")" + next + R"("})";
    }
    out += R"(,"lastUpdatedBefore":"2026-01-01T00:00:00Z"})";
    return out;
}

Reply ok_participations() {
    return http_reply(200, k_participations);
}

orders::SearchOrdersQuery since_2025() {
    orders::SearchOrdersQuery q;
    q.last_updated_after = time::Timestamp{1'735'689'600'000}; // 2025-01-01
    q.marketplace_ids = {"ATVPDKIKX0DER"};
    q.included_data = {"BUYER", "RECIPIENT"};
    return q;
}

} // namespace

TEST_CASE("spapi: a call carries the access token, user agent and date and keeps the request id") {
    Rig rig([](const RawRequest&, int) { return ok_participations(); });
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].default_currency_code == "USD");
    auto reqs = rig.server.requests();
    REQUIRE(reqs.size() == 2); // token + call
    const auto& call = reqs[1];
    CHECK(call.target == "/sellers/v1/marketplaceParticipations");
    CHECK(call.headers.at("x-amz-access-token") == std::string(test::k_canary_access_prefix) + "1");
    CHECK(call.headers.at("user-agent").rfind("amzconn/", 0) == 0);
    CHECK(call.headers.at("user-agent").find("(Language=C++; Platform=Linux)") !=
          std::string::npos);
    CHECK(call.headers.at("x-amz-date").size() == 16);
    CHECK(reqs[0].body.find("client_secret=CANARY") != std::string::npos);
    CHECK_FALSE(rig.leaked());
}

TEST_CASE("spapi: F9 the access token is cached and renewed before it expires") {
    Rig rig([](const RawRequest&, int) { return ok_participations(); });
    REQUIRE(sellers::get_marketplace_participations(*rig.client).ok());
    REQUIRE(sellers::get_marketplace_participations(*rig.client).ok());
    CHECK(rig.lwa.grants == 1);
    rig.host.advance_ms(54 * 60 * 1000); // 54 min: still more than 5 min left
    REQUIRE(sellers::get_marketplace_participations(*rig.client).ok());
    CHECK(rig.lwa.grants == 1);
    rig.host.advance_ms(2 * 60 * 1000); // 56 min: inside the renewal margin
    REQUIRE(sellers::get_marketplace_participations(*rig.client).ok());
    CHECK(rig.lwa.grants == 2);
    CHECK(rig.server.requests().back().headers.at("x-amz-access-token").back() == '2');
}

TEST_CASE("spapi: F1 connection refused is retried with backoff, then reported retryable") {
    int port = test::closed_port();
    Rig rig([](const RawRequest&, int) { return ok_participations(); },
            [port](ClientOptions& o) { o.endpoint = "http://127.0.0.1:" + std::to_string(port); });
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::retryable);
    CHECK(r.error().curl_code == 7);
    CHECK_FALSE(r.error().ambiguous);
    CHECK(r.error().message.find("could not connect") != std::string::npos);
    CHECK(rig.host.slept_ms() > 0);
    CHECK(rig.host.slept_ms() <= 100 + 200); // two bounded full-jitter waits
    CHECK_FALSE(rig.leaked(r.error().describe()));
}

TEST_CASE("spapi: F3 a 429 without Retry-After backs off, drains the bucket and then succeeds") {
    Rig rig([](const RawRequest&, int i) {
        return i == 0 ? http_reply(429, R"({"errors":[{"code":"QuotaExceeded","message":"x"}]})")
                      : ok_participations();
    });
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE(r.ok());
    CHECK(rig.api_calls == 2);
    // After the drain, the getMarketplaceParticipations bucket (0.016/s) needs ~62 s per token.
    CHECK(rig.host.slept_ms() >= 60000);
}

TEST_CASE("spapi: F4 a 429 with Retry-After waits at least that long (seconds and HTTP-date)") {
    for (std::string after : {"7", "Thu, 01 Jan 2026 00:00:07 GMT"}) {
        CAPTURE(after);
        Rig rig([after](const RawRequest&, int i) {
            return i == 0 ? http_reply(429, "{}", {{"Retry-After", after}}) : ok_participations();
        });
        int64_t start = rig.host.now_ms();
        REQUIRE(sellers::get_marketplace_participations(*rig.client).ok());
        CHECK(rig.host.now_ms() - start >= 7000);
    }
}

TEST_CASE("spapi: F4 a Retry-After beyond the limit is returned to the caller, not slept") {
    Rig rig([](const RawRequest&, int) {
        return http_reply(429, "{}", {{"Retry-After", "3600"}});
    });
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::retryable);
    CHECK(r.error().retry_after_ms == 3'600'000);
    CHECK(rig.api_calls == 1);
}

TEST_CASE("spapi: F5 x-amzn-RateLimit-Limit adapts the bucket and its absence keeps the plan") {
    Rig rig([](const RawRequest&, int i) {
        if (i == 0) {
            return http_reply(200, k_participations, {{"x-amzn-RateLimit-Limit", "0.5"}});
        }
        return ok_participations();
    });
    auto key = rig.client->bucket_key("getMarketplaceParticipations");
    CHECK(rig.shared.limits.plan(key, rig.host.now_ms()).rate_per_s == doctest::Approx(0.016));
    REQUIRE(sellers::get_marketplace_participations(*rig.client).ok());
    CHECK(rig.shared.limits.plan(key, rig.host.now_ms()).rate_per_s == doctest::Approx(0.5));
    REQUIRE(sellers::get_marketplace_participations(*rig.client).ok());
    CHECK(rig.shared.limits.plan(key, rig.host.now_ms()).rate_per_s == doctest::Approx(0.5));
}

TEST_CASE("spapi: F6 5xx with JSON, HTML or empty bodies is retried for reads, then retryable") {
    for (auto [status, body, type] :
         {std::tuple{500, std::string(R"({"errors":[{"code":"InternalFailure","message":"m"}]})"),
                     std::string("application/json")},
          std::tuple{502, std::string("<html>Bad Gateway</html>"), std::string("text/html")},
          std::tuple{503, std::string(), std::string()}}) {
        CAPTURE(status);
        Rig rig([=](const RawRequest&, int) { return http_reply(status, body, {}, type); });
        auto r = sellers::get_marketplace_participations(*rig.client);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::retryable);
        CHECK(r.error().http_status == status);
        CHECK_FALSE(r.error().request_id.empty());
        CHECK(rig.api_calls == 3); // max_attempts
    }
    Rig recovering(
        [](const RawRequest&, int i) { return i < 2 ? http_reply(503, "") : ok_participations(); });
    CHECK(sellers::get_marketplace_participations(*recovering.client).ok());
}

TEST_CASE("spapi: F7 a 403 token error renews the token once and retries once, no loop") {
    Rig rig([](const RawRequest&, int) {
        return http_reply(403, R"({"errors":[{"code":"Unauthorized","message":"The access )"
                               R"(token you provided has expired."}]})");
    });
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::auth);
    CHECK(rig.api_calls == 2);
    CHECK(rig.lwa.grants == 2);
    Rig recovers([](const RawRequest& req, int) {
        if (req.headers.at("x-amz-access-token").back() == '1') {
            return http_reply(403, R"({"errors":[{"code":"Unauthorized","message":"The access )"
                                   R"(token you provided has expired."}]})");
        }
        return ok_participations();
    });
    CHECK(sellers::get_marketplace_participations(*recovers.client).ok());
    CHECK(recovers.lwa.grants == 2);
}

TEST_CASE("spapi: F8 invalid_grant or invalid_client says re-authorize and is not asked again") {
    for (std::string refusal : {"invalid_grant", "invalid_client"}) {
        CAPTURE(refusal);
        Rig rig([](const RawRequest&, int) { return ok_participations(); });
        rig.lwa.refuse_with = refusal;
        for (int i = 0; i < 3; ++i) {
            auto r = sellers::get_marketplace_participations(*rig.client);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::auth);
            CHECK(r.error().message.find(std::string(k_reauthorize_message)) != std::string::npos);
            CHECK_FALSE(rig.leaked(r.error().describe()));
        }
        CHECK(rig.lwa.requests == 1);
        CHECK(rig.api_calls == 0);
    }
}

TEST_CASE("spapi: F10 F11 F13 a reset, short or empty reply is retried for reads") {
    for (int mode = 0; mode < 3; ++mode) {
        CAPTURE(mode);
        Rig rig([mode](const RawRequest&, int i) {
            if (i > 0) {
                return ok_participations();
            }
            Reply full = ok_participations();
            if (mode == 0) { // reset mid-body
                return Reply{full.bytes.substr(0, full.bytes.size() - 40), Reply::End::reset};
            }
            if (mode == 1) { // Content-Length larger than what is sent
                return Reply{full.bytes.substr(0, full.bytes.size() - 40)};
            }
            return Reply{""}; // empty reply
        });
        auto r = sellers::get_marketplace_participations(*rig.client);
        REQUIRE(r.ok());
        CHECK(rig.api_calls == 2);
    }
}

TEST_CASE("spapi: F13 non-HTTP garbage is a permanent error") {
    Rig rig([](const RawRequest&, int) { return Reply{"\x16\x03garbage-not-http\r\n\r\n"}; });
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE_FALSE(r.ok());
    CHECK((r.error().kind == ErrorKind::permanent || r.error().kind == ErrorKind::retryable));
    CHECK(r.error().curl_code != 0);
}

TEST_CASE("spapi: F12 F17 a stalled or trickling body is aborted by the low-speed limit") {
    for (auto end : {Reply::End::stall, Reply::End::trickle}) {
        Rig rig(
            [end](const RawRequest&, int) {
                std::string head = end == Reply::End::stall
                                       ? "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"pay"
                                       : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
                return Reply{head, end, 4000};
            },
            [](ClientOptions& o) { o.retry.max_attempts = 1; });
        auto r = sellers::get_marketplace_participations(*rig.client);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::retryable);
        CHECK(r.error().curl_code == 28);
    }
}

TEST_CASE("spapi: F14 truncated JSON is fetched again once, then reported as a data error") {
    Rig rig([](const RawRequest&, int) {
        return http_reply(200, k_participations.substr(0, k_participations.size() / 2));
    });
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::data);
    CHECK(r.error().message.find("incomplete JSON") != std::string::npos);
    CHECK_FALSE(r.error().request_id.empty());
    CHECK(r.error().operation == "getMarketplaceParticipations");
    CHECK(rig.api_calls == 2);
    Rig once([](const RawRequest&, int i) {
        return i == 0 ? http_reply(200, k_participations.substr(0, 30)) : ok_participations();
    });
    CHECK(sellers::get_marketplace_participations(*once.client).ok());
}

TEST_CASE("spapi: F15 a wrong schema is a data error naming the field") {
    Rig rig([](const RawRequest&, int) { return http_reply(200, R"({"orders":null})"); });
    auto r = orders::search_orders(*rig.client, since_2025(),
                                   [](const orders::SearchOrdersPage&) { return true; });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::data);
    CHECK(r.error().message.find("field orders") != std::string::npos);
}

TEST_CASE("spapi: F16 an endless chunked body is cut at max_body_bytes") {
    Rig rig(
        [](const RawRequest&, int) {
            return Reply{"", Reply::End::endless_chunked};
        },
        [](ClientOptions& o) {
            o.max_body_bytes = 1024 * 1024;
            o.retry.max_attempts = 1;
        });
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::data);
    CHECK(r.error().message.find("larger than 1048576") != std::string::npos);
    CHECK(r.error().too_large);
    // The limit is built in: the message names no config key (there is none for it).
    CHECK(r.error().message.find("max_body_bytes") == std::string::npos);
    CHECK(r.error().message.find("http.") == std::string::npos);
}

TEST_CASE("spapi: F18 redirects are never followed") {
    for (std::string location :
         {"http://127.0.0.1:1/x", "file:///etc/passwd", "https://evil.example/"}) {
        CAPTURE(location);
        Rig rig([location](const RawRequest&, int) {
            return http_reply(302, "", {{"Location", location}});
        });
        auto r = sellers::get_marketplace_participations(*rig.client);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::permanent);
        CHECK(r.error().message.find("redirect") != std::string::npos);
        CHECK(rig.api_calls == 1);
    }
}

TEST_CASE("spapi: F21 tokens are URL-encoded and every other parameter repeats exactly") {
    Rig rig([](const RawRequest& req, int i) {
        if (i == 0) {
            return http_reply(200, orders_page({"111-0000000-0000001"}, "ab+/c=="));
        }
        if (i == 1) {
            return http_reply(200, orders_page({"111-0000000-0000002"}, ""));
        }
        (void)req;
        return http_reply(500, "");
    });
    std::vector<std::string> ids;
    auto r =
        orders::search_orders(*rig.client, since_2025(), [&](const orders::SearchOrdersPage& p) {
            for (const auto& o : p.orders) {
                ids.push_back(o.order_id);
            }
            return true;
        });
    REQUIRE(r.ok());
    CHECK(r->end == orders::WalkEnd::complete);
    CHECK(r->pages == 2);
    CHECK(ids == std::vector<std::string>{"111-0000000-0000001", "111-0000000-0000002"});
    auto reqs = rig.server.requests();
    std::string first = reqs[1].target;
    std::string second = reqs[2].target;
    CHECK(second == first + "&paginationToken=ab%2B%2Fc%3D%3D");
    CHECK(first.find("lastUpdatedAfter=2025-01-01T00%3A00%3A00Z") != std::string::npos);
    CHECK(first.find("includedData=BUYER%2CRECIPIENT") != std::string::npos);
    REQUIRE(r->last_updated_before.has_value());
}

TEST_CASE("spapi: F20 a token loop or an endless walk stops instead of looping") {
    Rig loop([](const RawRequest&, int i) {
        const char* tokens[] = {"A", "B", "A", "B"};
        return http_reply(200,
                          orders_page({"111-0000000-000000" + std::to_string(i)}, tokens[i % 4]));
    });
    auto r = orders::search_orders(*loop.client, since_2025(),
                                   [](const orders::SearchOrdersPage&) { return true; });
    REQUIRE(r.ok());
    CHECK(r->end == orders::WalkEnd::repeated_token);
    CHECK(r->pages == 3);

    Rig endless(
        [](const RawRequest&, int i) {
            return http_reply(200, orders_page({"111-0000000-0000001"}, "T" + std::to_string(i)));
        },
        [](ClientOptions& o) { o.max_pages = 5; });
    auto e = orders::search_orders(*endless.client, since_2025(),
                                   [](const orders::SearchOrdersPage&) { return true; });
    REQUIRE(e.ok());
    CHECK(e->end == orders::WalkEnd::page_limit);
    CHECK(e->pages == 5);
}

TEST_CASE("spapi: a page handler that fails stops the walk before the next page") {
    Rig rig([](const RawRequest&, int) {
        return http_reply(200, orders_page({"111-0000000-0000001"}, "more"));
    });
    auto r = orders::search_orders(*rig.client, since_2025(),
                                   [](const orders::SearchOrdersPage&) { return false; });
    REQUIRE(r.ok());
    CHECK(r->end == orders::WalkEnd::stopped);
    CHECK(rig.api_calls == 1);
}

TEST_CASE("spapi: F22 a rejected pagination token ends the walk with a permanent error") {
    Rig rig([](const RawRequest&, int i) {
        if (i == 0) {
            return http_reply(200, orders_page({"111-0000000-0000001"}, "stale"));
        }
        return http_reply(400, R"({"errors":[{"code":"InvalidInput","message":"could not )"
                               R"(decode your NextToken"}]})");
    });
    int pages = 0;
    auto r = orders::search_orders(*rig.client, since_2025(), [&](const orders::SearchOrdersPage&) {
        ++pages;
        return true;
    });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::permanent);
    CHECK(r.error().code == "InvalidInput");
    CHECK(pages == 1);
    CHECK(rig.api_calls == 2);
}

TEST_CASE("spapi: searchOrders refuses a query Amazon would reject, before any call") {
    Rig rig([](const RawRequest&, int) { return http_reply(500, ""); });
    orders::SearchOrdersQuery none;
    auto r = orders::search_orders(*rig.client, none, [](const auto&) { return true; });
    REQUIRE_FALSE(r.ok());
    orders::SearchOrdersQuery both = since_2025();
    both.created_after = time::Timestamp{0};
    CHECK_FALSE(orders::search_orders(*rig.client, both, [](const auto&) { return true; }).ok());
    CHECK(rig.api_calls == 0);
}

TEST_CASE("spapi: confirmShipment is not re-posted after an ambiguous failure") {
    orders::ConfirmShipmentRequest req;
    req.order_id = "902-1106328-1059050";
    req.marketplace_id = "ATVPDKIKX0DER";
    req.package_reference_id = "1";
    req.carrier_code = "FedEx";
    req.tracking_number = "112345678";
    req.ship_date = *time::parse_rfc3339("2022-02-11T01:00:00Z");
    req.items = {{"1", 2, {}}};
    SUBCASE("500 -> ambiguous, one POST") {
        Rig rig([](const RawRequest&, int) { return http_reply(500, ""); });
        auto r = orders::confirm_shipment(*rig.client, req);
        REQUIRE(r.ok());
        CHECK(r->outcome == orders::ConfirmOutcome::ambiguous);
        CHECK(rig.api_calls == 1);
    }
    SUBCASE("no response after the request -> ambiguous, one POST") {
        Rig rig([](const RawRequest&, int) { return Reply{""}; });
        auto r = orders::confirm_shipment(*rig.client, req);
        REQUIRE(r.ok());
        CHECK(r->outcome == orders::ConfirmOutcome::ambiguous);
        CHECK(rig.api_calls == 1);
    }
    SUBCASE("429 -> Amazon did not apply it, so it is retried") {
        Rig rig([](const RawRequest&, int i) {
            return i == 0 ? http_reply(429, "", {{"Retry-After", "1"}}) : http_reply(204, "");
        });
        auto r = orders::confirm_shipment(*rig.client, req);
        REQUIRE(r.ok());
        CHECK(r->outcome == orders::ConfirmOutcome::confirmed);
        CHECK(rig.api_calls == 2);
    }
    SUBCASE("204 -> confirmed with the documented body") {
        Rig rig([](const RawRequest&, int) { return http_reply(204, ""); });
        auto r = orders::confirm_shipment(*rig.client, req);
        REQUIRE(r.ok());
        CHECK(r->outcome == orders::ConfirmOutcome::confirmed);
        auto sent = rig.server.requests().back();
        CHECK(sent.method == "POST");
        CHECK(sent.target == "/orders/v0/orders/902-1106328-1059050/shipmentConfirmation");
        CHECK(sent.body.find(R"("shipDate":"2022-02-11T01:00:00Z")") != std::string::npos);
        CHECK(sent.body.find(R"("orderItems":[{"orderItemId":"1","quantity":2}])") !=
              std::string::npos);
    }
    SUBCASE("400 -> a definite refusal, not ambiguous") {
        Rig rig([](const RawRequest&, int) {
            return http_reply(400, R"({"errors":[{"code":"InvalidInput","message":"bad date"}]})");
        });
        auto r = orders::confirm_shipment(*rig.client, req);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::permanent);
        CHECK(r.error().message.find("bad date") != std::string::npos);
    }
}

TEST_CASE("spapi: createFeed after a 503 is flagged ambiguous and not re-posted") {
    Rig rig([](const RawRequest&, int) { return http_reply(503, ""); });
    auto r = documents::create_feed(*rig.client, "JSON_LISTINGS_FEED", {"ATVPDKIKX0DER"}, "doc-1");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().ambiguous);
    CHECK(rig.api_calls == 1);
}

TEST_CASE("spapi: the feed flow uploads with the same content type and reads a gzip result") {
    std::string result_plain = R"({"header":{"sellerId":"S","version":"2.0","feedId":"F1"}})";
    std::string result_gz = *gzip_compress(result_plain);
    std::string base;
    Rig rig([&](const RawRequest& req, int) {
        if (req.target == "/feeds/2021-06-30/documents" && req.method == "POST") {
            return http_reply(201, R"({"feedDocumentId":"D1","url":")" + base + R"(/_up/D1"})");
        }
        if (req.target == "/_up/D1") {
            bool same = req.headers.count("content-type") &&
                        req.headers.at("content-type") == "application/json; charset=UTF-8" &&
                        req.headers.count("x-amz-access-token") == 0;
            return http_reply(same ? 200 : 403, "", {}, "");
        }
        if (req.target == "/feeds/2021-06-30/feeds" && req.method == "POST") {
            return http_reply(202, R"({"feedId":"F1"})");
        }
        if (req.target == "/feeds/2021-06-30/feeds/F1") {
            return http_reply(200, R"({"feedId":"F1","feedType":"JSON_LISTINGS_FEED",)"
                                   R"("createdTime":"2026-01-01T00:00:00Z","processingStatus":)"
                                   R"("DONE","resultFeedDocumentId":"R1"})");
        }
        if (req.target == "/feeds/2021-06-30/documents/R1") {
            return http_reply(200, R"({"feedDocumentId":"R1","url":")" + base +
                                       R"(/_down/R1","compressionAlgorithm":"GZIP"})");
        }
        if (req.target == "/_down/R1") {
            return http_reply(200, result_gz, {}, "application/octet-stream");
        }
        return http_reply(404, "");
    });
    base = rig.server.base_url();
    const std::string type = "application/json; charset=UTF-8";
    auto doc = documents::create_feed_document(*rig.client, type);
    REQUIRE(doc.ok());
    REQUIRE(documents::upload_feed_document(*rig.client, *doc, type, R"({"messages":[]})").ok());
    auto feed_id = documents::create_feed(*rig.client, "JSON_LISTINGS_FEED", {"ATVPDKIKX0DER"},
                                          doc->feed_document_id);
    REQUIRE(feed_id.ok());
    auto feed = documents::get_feed(*rig.client, *feed_id);
    REQUIRE(feed.ok());
    CHECK(feed->terminal());
    auto loc = documents::get_feed_document(*rig.client, *feed->result_feed_document_id);
    REQUIRE(loc.ok());
    auto text = documents::download_document(*rig.client, *loc);
    REQUIRE(text.ok());
    CHECK(*text == result_plain);
    CHECK_FALSE(rig.leaked());
}

TEST_CASE("spapi: the report flow downloads gzip and parses tab-separated rows") {
    std::string tsv = "sku\tasin\tquantity\nA-1\tB01\t5\nB/2\tB02\t0\n";
    std::string gz = *gzip_compress(tsv);
    std::string base;
    Rig rig([&](const RawRequest& req, int) {
        if (req.target == "/reports/2021-06-30/reports" && req.method == "POST") {
            return http_reply(202, R"({"reportId":"ID323"})");
        }
        if (req.target == "/reports/2021-06-30/reports/ID323") {
            return http_reply(200, R"({"reportId":"ID323","reportType":)"
                                   R"("GET_MERCHANT_LISTINGS_ALL_DATA","createdTime":)"
                                   R"("2026-01-01T00:00:00Z","processingStatus":"DONE",)"
                                   R"("reportDocumentId":"DOC"})");
        }
        if (req.target == "/reports/2021-06-30/documents/DOC") {
            return http_reply(200, R"({"reportDocumentId":"DOC","url":")" + base +
                                       R"(/_down/DOC","compressionAlgorithm":"GZIP"})");
        }
        if (req.target == "/_down/DOC") {
            return http_reply(200, gz, {}, "application/octet-stream");
        }
        return http_reply(404, "");
    });
    base = rig.server.base_url();
    documents::CreateReportRequest cr;
    cr.report_type = "GET_MERCHANT_LISTINGS_ALL_DATA";
    cr.marketplace_ids = {"ATVPDKIKX0DER"};
    auto id = documents::create_report(*rig.client, cr);
    REQUIRE(id.ok());
    auto rep = documents::get_report(*rig.client, *id);
    REQUIRE(rep.ok());
    auto loc = documents::get_report_document(*rig.client, *rep->report_document_id);
    REQUIRE(loc.ok());
    auto table = documents::download_tsv_report(*rig.client, *loc);
    REQUIRE(table.ok());
    REQUIRE(table->rows.size() == 2);
    CHECK(table->rows[1][*table->column("sku")] == "B/2");
}

TEST_CASE("spapi: listings calls encode the SKU in the path and send JSON Patch") {
    Rig rig([](const RawRequest& req, int) {
        if (req.method == "GET") {
            return http_reply(200,
                              R"({"sku":"A/B 1","fulfillmentAvailability":[{)"
                              R"("fulfillmentChannelCode":"DEFAULT","quantity":4}],)"
                              R"("offers":[{"marketplaceId":"ATVPDKIKX0DER","offerType":"B2C",)"
                              R"("price":{"currencyCode":"USD","amount":"19.99"}}]})");
        }
        return http_reply(200, R"({"sku":"A/B 1","status":"ACCEPTED","submissionId":"s1",)"
                               R"("issues":[]})");
    });
    auto item = listings::get_listings_item(*rig.client, "SELLER", "A/B 1", {"ATVPDKIKX0DER"},
                                            {"offers", "fulfillmentAvailability"});
    REQUIRE(item.ok());
    CHECK(item->fulfillment_availability[0].quantity == 4);
    CHECK(*item->offers[0].price.minor_units() == 1999);
    auto sub = listings::patch_listings_item(
        *rig.client, "SELLER", "A/B 1", {"ATVPDKIKX0DER"}, "PRODUCT",
        {{"replace", "/attributes/fulfillment_availability",
          R"([{"fulfillment_channel_code":"DEFAULT","quantity":3}])"}});
    REQUIRE(sub.ok());
    CHECK(sub->status == "ACCEPTED");
    auto reqs = rig.server.requests();
    CHECK(reqs[1].target.rfind("/listings/2021-08-01/items/SELLER/A%2FB%201?", 0) == 0);
    CHECK(reqs[2].method == "PATCH");
    CHECK(reqs[2].body.find(R"("op":"replace")") != std::string::npos);
}

TEST_CASE("spapi: a header value with CR or LF is refused before anything is sent") {
    Rig rig([](const RawRequest&, int) { return ok_participations(); });
    HttpClient http(test::fast_options(rig.server.base_url()), nullptr);
    HttpRequest req;
    req.url = rig.server.base_url() + "/x";
    req.headers = {{"x-test", "a\r\nInjected: 1"}};
    auto r = http.perform(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::permanent);
    CHECK(rig.server.requests().empty());
}

TEST_CASE("spapi: plain http to a non-loopback host is refused by policy") {
    HttpClient http(ClientOptions{}, nullptr);
    HttpRequest req;
    req.url = "http://example.com/";
    auto r = http.perform(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "PolicyRefused");
}

TEST_CASE("spapi: canary secrets never appear in any log line across failing and passing calls") {
    Rig rig([](const RawRequest& req, int i) {
        if (i % 4 == 0) {
            return http_reply(403, R"({"errors":[{"code":"Unauthorized","message":"token )" +
                                       req.headers.at("x-amz-access-token") + R"("}]})");
        }
        if (i % 4 == 1) {
            return http_reply(500, "<html>error</html>", {}, "text/html");
        }
        return ok_participations();
    });
    for (int i = 0; i < 6; ++i) {
        auto r = sellers::get_marketplace_participations(*rig.client);
        CHECK_FALSE(rig.leaked(r.ok() ? "" : r.error().describe()));
    }
    Rig echo([](const RawRequest& req, int) {
        return http_reply(403, R"({"errors":[{"code":"Unauthorized","message":"token )" +
                                   req.headers.at("x-amz-access-token") + R"( refused"}]})");
    });
    auto echoed = sellers::get_marketplace_participations(*echo.client);
    REQUIRE_FALSE(echoed.ok());
    CHECK(echoed.error().message.find("[redacted]") != std::string::npos);
    CHECK_FALSE(echo.leaked(echoed.error().describe()));
    rig.lwa.refuse_with = "invalid_grant";
    rig.shared.tokens.invalidate(rig.client->identity().auth);
    auto r = sellers::get_marketplace_participations(*rig.client);
    REQUIRE_FALSE(r.ok());
    CHECK_FALSE(rig.leaked(r.error().describe()));
    CHECK_FALSE(rig.host.log_lines().empty());
}
