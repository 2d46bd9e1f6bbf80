// What the engine keeps for the host to show (issue 15 items 7 and 8): the SP-API calls of each
// run added to the store's hourly record with their usage plans, and each feed message's result
// with Amazon's issues for the feed log.
#include "amzconn/entities.hpp"
#include "cancellations/cancellation_feed_log.hpp"
#include "engine/api_usage.hpp"
#include "memory_host.hpp"
#include "stock/feed_log.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

namespace json = boost::json;
using amzconn::plugin::k_api_usage_ns;
using amzconn::plugin::record_api_calls;
using amzconn::testing::MemoryHost;

namespace {

constexpr int64_t k_hour = 3600LL * 1000;

json::object record_at(MemoryHost& host, std::string_view key) {
    auto stored = host.state_get(k_api_usage_ns, key);
    REQUIRE(stored.ok());
    return json::parse(stored->value).as_object();
}

amzconn::stock::MessageOutcome outcome(int64_t id, std::string sku, bool accepted) {
    return {{id, std::move(sku), "A1F83G8C2ARO7P"}, accepted, accepted ? "" : "refused"};
}

} // namespace

TEST_CASE("plugin: the SP-API calls of each run add up in the store's record of the hour, with "
          "the documented usage plan of each operation") {
    MemoryHost host;
    host.set_now_ms(100 * k_hour + 5 * 60 * 1000);
    REQUIRE(record_api_calls(host, "uk1", {{"searchOrders", 2}, {"getOrder", 3}}).ok());
    host.advance_ms(10 * 60 * 1000);
    REQUIRE(record_api_calls(host, "uk1", {{"searchOrders", 1}}).ok());
    REQUIRE(record_api_calls(host, "de1", {}).ok()); // no calls: nothing written
    const auto key = "uk1/" + std::to_string(100 * k_hour);
    const auto record = record_at(host, key);
    CHECK(record.at("store").as_string() == "uk1");
    CHECK(record.at("hour_ms").as_int64() == 100 * k_hour);
    CHECK(record.at("calls").at("searchOrders").as_int64() == 3);
    CHECK(record.at("calls").at("getOrder").as_int64() == 3);
    CHECK(record.at("plans").at("searchOrders").at("burst").to_number<double>() == 20);
    CHECK(record.at("plans").at("getOrder").at("rate_per_s").to_number<double>() == 0.5);
    auto all = host.state_list(k_api_usage_ns, "");
    REQUIRE(all.ok());
    CHECK(all->size() == 1);
}

TEST_CASE("plugin: a store's API call records older than 7 days go when its new hour begins") {
    MemoryHost host;
    host.set_now_ms(1000 * k_hour);
    REQUIRE(record_api_calls(host, "uk1", {{"getFeed", 1}}).ok());
    REQUIRE(record_api_calls(host, "de1", {{"getFeed", 1}}).ok());
    host.advance_ms(7 * 24 * k_hour + k_hour);
    REQUIRE(record_api_calls(host, "uk1", {{"getFeed", 4}}).ok());
    auto uk = host.state_list(k_api_usage_ns, "uk1/");
    REQUIRE(uk.ok());
    REQUIRE(uk->size() == 1);
    CHECK(record_at(host, uk->front().key).at("calls").at("getFeed").as_int64() == 4);
    auto de = host.state_list(k_api_usage_ns, "de1/");
    REQUIRE(de.ok());
    CHECK(de->size() == 1); // another store's records are its own
}

TEST_CASE("plugin: the feed log gives each message its result and Amazon's issues, and keeps the "
          "issues that name no message") {
    const std::vector outcomes{outcome(1, "SKU-A", true), outcome(2, "SKU-B", false)};
    std::vector<amzconn::stock::ReportIssue> issues(3);
    issues[0] = {2, "SKU-B", "A1F83G8C2ARO7P", "8026", "ERROR", "Quantity cannot be set", ""};
    issues[1] = {2, "SKU-B", "A1F83G8C2ARO7P", "", "WARNING", "Check the price", ""};
    issues[2] = {std::nullopt, "", "", "90000", "WARNING", "The feed is old", ""};
    json::object entity{{"store", "uk1"}};
    amzconn::plugin::FeedAnswer answer;
    answer.counts = {1, 2, 2, 1, 1};
    answer.outcomes = outcomes;
    answer.issues = issues;
    answer.processed = true;
    amzconn::plugin::add_feed_answer(entity, answer);
    const auto& results = entity.at("results").as_array();
    REQUIRE(results.size() == 2);
    CHECK(results[0].at("sku").as_string() == "SKU-A");
    CHECK(results[0].at("result").as_string() == "accepted");
    CHECK_FALSE(results[0].as_object().contains("issues"));
    CHECK(results[1].at("result").as_string() == "rejected");
    const auto& b_issues = results[1].at("issues").as_array();
    REQUIRE(b_issues.size() == 2);
    CHECK(b_issues[0].at("code").as_string() == "8026");
    CHECK(b_issues[0].at("message").as_string() == "Quantity cannot be set");
    CHECK_FALSE(b_issues[1].as_object().contains("code"));
    REQUIRE(entity.at("issues").as_array().size() == 1);
    CHECK(entity.at("issues").as_array()[0].at("code").as_string() == "90000");
    CHECK(entity.at("result").at("errors").as_int64() == 1);
    CHECK(entity.at("result").at("accepted").as_int64() == 1);
    CHECK(amzconn::validate_entity(
              "feed", json::serialize(json::object{{"store", "uk1"},
                                                   {"feed_id", "1"},
                                                   {"type", "JSON_LISTINGS_FEED"},
                                                   {"submitted_at", "2026-01-01T00:00:00Z"},
                                                   {"message_count", 2},
                                                   {"status", "DONE"},
                                                   {"result", entity.at("result")},
                                                   {"results", entity.at("results")},
                                                   {"issues", entity.at("issues")}}))
              .ok());
    answer.processed = false; // a FATAL feed: nothing was processed
    amzconn::plugin::add_feed_answer(entity, answer);
    CHECK(entity.at("results").as_array()[0].at("result").as_string() == "not_processed");
}

TEST_CASE("plugin: an acknowledgement feed's log entry gives each Amazon order its result and "
          "Amazon's code and text, and a refusal of the whole feed rejects every order") {
    const std::vector<amzconn::cancellations::AckMessage> messages{
        {"202-0000001-0000001", {{"11", "NoInventory", 1}}},
        {"202-0000002-0000002", {{"21", "NoInventory", 2}, {"22", "NoInventory", 1}}}};
    auto entity = amzconn::plugin::feed_entity(
        {"uk1", "77", "POST_ORDER_ACKNOWLEDGEMENT_DATA", 1767225600000, 2, "DONE"});
    amzconn::plugin::add_ack_orders(entity, messages);
    amzconn::cancellations::AckReport report;
    report.processed = 2;
    report.successful = 1;
    report.with_error = 1;
    report.errors[2] = {false, "18029", "Order 202-0000002-0000002 is SHIPPED."};
    amzconn::plugin::add_ack_answer(entity, messages, &report);
    const auto& results = entity.at("results").as_array();
    REQUIRE(results.size() == 2);
    CHECK(results[0].at("amazon_order_id").as_string() == "202-0000001-0000001");
    CHECK(results[0].at("result").as_string() == "accepted");
    CHECK_FALSE(results[0].as_object().contains("issues"));
    CHECK(results[1].at("order_item_ids").as_array().size() == 2);
    CHECK(results[1].at("result").as_string() == "rejected");
    CHECK(results[1].at("issues").as_array()[0].at("code").as_string() == "18029");
    CHECK(results[1].at("issues").as_array()[0].at("message").as_string() ==
          "Order 202-0000002-0000002 is SHIPPED.");
    CHECK(entity.at("result").at("accepted").as_int64() == 1);
    CHECK(entity.at("orders").as_array().size() == 2);
    CHECK_FALSE(entity.contains("issues"));
    const auto valid = amzconn::validate_entity("feed", json::serialize(entity));
    CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error().message));

    report.feed_error = "XML Parsing Fatal Error at Line 1, Column 1";
    amzconn::plugin::add_ack_answer(entity, messages, &report);
    for (const auto& r : entity.at("results").as_array()) {
        CHECK(r.at("result").as_string() == "rejected");
        CHECK_FALSE(r.as_object().contains("issues"));
    }
    CHECK(entity.at("issues").as_array()[0].at("message").as_string() ==
          "XML Parsing Fatal Error at Line 1, Column 1");

    entity.erase("issues");
    amzconn::plugin::add_ack_answer(entity, messages, nullptr); // FATAL: no report
    for (const auto& r : entity.at("results").as_array()) {
        CHECK(r.at("result").as_string() == "not_processed");
    }
    CHECK(entity.at("result").at("processed").as_int64() == 0);
}
