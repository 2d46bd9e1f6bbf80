// Cancellations to Amazon (issue 18): host cancellations written with `event cancelled` reach the
// sandbox exactly once, batched into one acknowledgement feed after cancellations.batch_delay,
// with their reason and quantities; refusals (unknown reason, shipped order) are said at once;
// kill -9 at each crash point and random faults leave every cancellation applied exactly once in
// the sandbox's state (what Amazon holds).
#include "cancellation_rig.hpp"

#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

TEST_CASE("integration: cancellations: event cancelled queues, one feed carries the batch after "
          "the delay, and each order is cancelled once with its reason and units") {
    DemoRig rig(120, 81);
    rig.import_until_ok();
    const auto planned = plan_cancels(rig, rig.alias, 9);
    REQUIRE(planned.size() == 9);
    for (const auto& p : planned) {
        const auto result = record_cancel(rig, p);
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(str(json::parse(result.out).at("status")) == "queued");
    }
    // Still inside the batch delay: nothing went to Amazon.
    CHECK(ack_feeds(rig.sandbox.state()) == 0);
    const auto early = run_send(rig, rig.alias);
    CHECK(num(early.at("counts").at("batching")) == 9);
    CHECK(ack_feeds(rig.sandbox.state()) == 0);

    advance(rig, 6);
    const auto sent = run_send(rig, rig.alias);
    CHECK(num(sent.at("counts").at("sent")) == 9);
    CHECK(num(sent.at("counts").at("feeds")) == 1);
    send_until_settled(rig, rig.alias);
    const auto problems = check_cancels(rig, planned);
    INFO(joined(problems));
    CHECK(problems.empty());
    CHECK(ack_feeds(rig.sandbox.state()) == 1);

    // Another run sends nothing: every cancellation is recorded as accepted.
    const auto again = run_send(rig, rig.alias);
    CHECK(num(again.at("counts").at("sent")) == 0);
    CHECK(num(again.at("counts").at("accepted_before")) == 9);
    CHECK(ack_feeds(rig.sandbox.state()) == 1);
    bool logged = false;
    for (const auto& line : rig.host.log()) {
        logged |= str(line.at("message")).find("cancelled at Amazon") != std::string::npos;
    }
    CHECK(logged);
}

TEST_CASE("integration: cancellations: an unknown reason is refused at once with Amazon's list, "
          "and a shipped order is refused pointing to refunds") {
    DemoRig rig(60, 82);
    rig.import_until_ok();
    auto planned = plan_cancels(rig, rig.alias, 2);
    REQUIRE(planned.size() == 2);
    auto bad = planned[0];
    bad.reason = "CustomerCancel";
    const auto refused = record_cancel(rig, bad);
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("MerchandiseNotReceived") != std::string::npos);
    CHECK(rig.host.dump().at("cancellations").as_array().empty());

    const auto& shipped = planned[1];
    rig.host.ok({"event", "shipped", "--order", rig.alias + ":" + shipped.order_id, "--tracking",
                 "TRK1", "--carrier", "Royal Mail"});
    auto whole = shipped;
    whole.sku.clear();
    const auto result = record_cancel(rig, whole);
    REQUIRE(result.exit_code == 0);
    const auto answer = json::parse(result.out).as_object();
    CHECK(str(answer.at("status")) == "refused");
    CHECK(str(answer.at("message")).find("refund") != std::string::npos);
    advance(rig, 6);
    send_until_settled(rig, rig.alias);
    CHECK(ack_feeds(rig.sandbox.state()) == 0);
}

TEST_CASE("integration: cancellations: under 30 % random faults every cancellation is applied "
          "exactly once") {
    for (int seed : {83, 84}) {
        CAPTURE(seed);
        DemoRig rig(200, seed);
        rig.import_until_ok();
        const auto planned = plan_cancels(rig, rig.alias, 15);
        REQUIRE(planned.size() == 15);
        rig.set_faults(json::object{
            {"random", json::object{{"rate", 0.3},
                                    {"seed", seed},
                                    {"kinds", json::array{"status", "throttle", "reset_mid_body",
                                                          "truncated_json", "short_body",
                                                          "empty_reply", "garbage", "expired_token",
                                                          "wrong_schema", "no_response"}}}}});
        // Three batches, each its own feed, so that faults meet every step several times.
        for (size_t round = 0; round < 3; ++round) {
            write_cancels_directly(rig,
                                   {planned.begin() + static_cast<std::ptrdiff_t>(round * 5),
                                    planned.begin() + static_cast<std::ptrdiff_t>(round * 5 + 5)});
            advance(rig, 6);
            send_until_settled(rig, rig.alias, 60);
        }
        rig.set_faults(json::object{{"faults", json::array{}}});
        const auto problems = check_cancels(rig, planned);
        INFO(joined(problems));
        CHECK(problems.empty());
        CHECK(ack_feeds(rig.sandbox.state()) >= 3);
    }
}

TEST_CASE("integration: cancellations: an unanswered createFeed is looked up with getFeeds, never "
          "sent twice") {
    // no_response: Amazon created the feed but the answer was lost; status: a 500 before it did.
    for (const char* kind : {"no_response", "status"}) {
        CAPTURE(kind);
        DemoRig rig(80, 86);
        rig.import_until_ok();
        const auto planned = plan_cancels(rig, rig.alias, 4);
        REQUIRE(planned.size() == 4);
        write_cancels_directly(rig, planned);
        rig.set_faults(json::object{
            {"faults", json::array{json::object{{"operation", "createFeed"}, {"kind", kind}}}}});
        advance(rig, 6);
        const auto first = run_send(rig, rig.alias);
        CHECK(str(first.at("status")) == "retry_later");
        rig.set_faults(json::object{{"faults", json::array{}}});
        send_until_settled(rig, rig.alias);
        const auto problems = check_cancels(rig, planned);
        INFO(joined(problems));
        CHECK(problems.empty());
        CHECK(ack_feeds(rig.sandbox.state()) == 1);
        CHECK(rig.sandbox.calls("getFeeds") >= 1);
    }
}

namespace {

// Three stores on one seller (UK, DE, FR), each the demo store on one marketplace.
std::string three_stores() {
    std::string stores = "stores:\n";
    for (const auto& [alias, market] :
         {std::pair{"uk1", "UK"}, std::pair{"de1", "DE"}, std::pair{"fr1", "FR"}}) {
        auto yaml = demo_config(alias);
        yaml = yaml.substr(yaml.find("  - alias:"));
        const std::string from = "{primary: UK, further: [DE]}";
        yaml.replace(yaml.find(from), from.size(), std::string("{primary: ") + market + "}");
        const std::string tiers = "tiers: {UK: retail-gbp, DE: retail-eur}";
        yaml.replace(yaml.find(tiers), tiers.size(),
                     std::string("tiers: {") + market +
                         (std::string(market) == "UK" ? ": retail-gbp}" : ": retail-eur}"));
        stores += yaml;
    }
    return stores;
}

} // namespace

TEST_CASE("integration: cancellations: 500 cancellations across 3 stores go out in 3 feeds, one "
          "per store, each applied once") {
    testing::TempDir scenario_dir;
    const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                     "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE, FR]\n");
    DemoRig rig(2600, 85, {"--scenario", scenario}, three_stores(), "uk1");
    std::vector<PlannedCancel> planned;
    const std::vector<std::string> aliases{"uk1", "de1", "fr1"};
    for (const auto& alias : aliases) {
        rig.host.import_until_ok(alias);
    }
    for (size_t i = 0; i < aliases.size(); ++i) {
        const size_t want = i == 0 ? 166 : 167;
        auto some = plan_cancels(rig, aliases[i], want);
        REQUIRE(some.size() == want);
        planned.insert(planned.end(), some.begin(), some.end());
    }
    REQUIRE(planned.size() == 500);
    write_cancels_directly(rig, planned);
    advance(rig, 6);
    int64_t sent = 0;
    for (const auto& alias : aliases) {
        const auto report = run_send(rig, alias);
        REQUIRE_FALSE(report.empty());
        CHECK(num(report.at("counts").at("feeds")) == 1);
        sent += num(report.at("counts").at("sent"));
    }
    CHECK(sent == 500);
    CHECK(ack_feeds(rig.sandbox.state()) == 3);
    for (const auto& alias : aliases) {
        send_until_settled(rig, alias);
    }
    const auto problems = check_cancels(rig, planned);
    INFO(joined(problems));
    CHECK(problems.empty());
    CHECK(ack_feeds(rig.sandbox.state()) == 3);
}

TEST_CASE("integration: cancellations: a buyer's request shows on the host order at the next "
          "import and, when accepted, is answered with BuyerCanceled") {
    DemoRig rig(120, 87, {},
                demo_config("demo", "    cancellations: {accept_buyer_requests: true}\n"));
    rig.import_until_ok();
    auto planned = plan_cancels(rig, rig.alias, 6);
    REQUIRE(planned.size() == 6);
    auto asked = planned[0];
    asked.reason = "BuyerCanceled";
    asked.sku.clear();
    rig.sandbox.post(
        "/_sandbox/cancellation_requests",
        json::object{{"requests", json::array{json::object{{"order_id", asked.order_id},
                                                           {"reason", "Changed my mind"}}}}});
    advance(rig, 3);
    rig.import_until_ok();
    const auto key = rig.alias + ":" + asked.order_id;
    bool surfaced = false;
    const auto dump = rig.host.dump();
    for (const auto& order : dump.at("sales_orders").as_array()) {
        if (str(order.at("idempotency_key")) == key) {
            const auto& meta = order.at("metadata").as_object();
            surfaced = meta.contains("amazon_cancellation_request") &&
                       str(meta.at("amazon_cancellation_request")).find("Changed my mind") !=
                           std::string::npos;
        }
    }
    CHECK(surfaced);
    bool logged = false;
    for (const auto& line : rig.host.log()) {
        const auto message = str(line.at("message"));
        logged |= message.find("the buyer asks to cancel the order (reason: Changed my mind)") !=
                      std::string::npos &&
                  message.find(key) != std::string::npos;
    }
    CHECK(logged);
    const auto recorded = rig.host.dump().at("cancellations").as_array();
    REQUIRE(recorded.size() == 1);
    CHECK(str(recorded.front().at("reason")) == "BuyerCanceled");

    // Sent in the next batch; the import after it cancels the host order (Amazon's status).
    advance(rig, 6);
    send_until_settled(rig, rig.alias);
    const auto problems = check_cancels(rig, {asked});
    INFO(joined(problems));
    CHECK(problems.empty());
    advance(rig, 3);
    rig.import_until_ok();
    const auto after = rig.host.dump();
    for (const auto& order : after.at("sales_orders").as_array()) {
        if (str(order.at("idempotency_key")) == key) {
            CHECK(str(order.at("status")) == "cancelled");
        }
    }
    // A second import changes nothing and records no second cancellation.
    advance(rig, 3);
    rig.import_until_ok();
    CHECK(rig.host.dump().at("cancellations").as_array().size() == 1);
}

TEST_CASE("integration: cancellations: units cancelled at Amazon show on the host order's "
          "metadata, and a request is only shown when accept_buyer_requests is off") {
    DemoRig rig(120, 81);
    rig.import_until_ok();
    auto planned = plan_cancels(rig, rig.alias, 9);
    REQUIRE(planned.size() == 9);
    PlannedCancel partial; // one unit of an item with 2+ units
    for (const auto& p : planned) {
        if (!p.sku.empty() && partial.sku.empty()) {
            partial = p;
        }
    }
    REQUIRE_FALSE(partial.sku.empty());
    REQUIRE(record_cancel(rig, partial).exit_code == 0);
    rig.sandbox.post(
        "/_sandbox/cancellation_requests",
        json::object{{"requests", json::array{json::object{{"order_id", planned[0].order_id},
                                                           {"reason", "Found it cheaper"}}}}});
    advance(rig, 6);
    send_until_settled(rig, rig.alias);
    advance(rig, 3);
    rig.import_until_ok();
    std::string cancelled_items;
    const auto dump = rig.host.dump();
    for (const auto& order : dump.at("sales_orders").as_array()) {
        if (str(order.at("idempotency_key")) == rig.alias + ":" + partial.order_id) {
            const auto& meta = order.at("metadata").as_object();
            cancelled_items = meta.contains("amazon_cancelled_items")
                                  ? str(meta.at("amazon_cancelled_items"))
                                  : "";
        }
    }
    CHECK(cancelled_items.find("1 of " + partial.sku + " (MERCHANT") != std::string::npos);
    bool shown = false;
    for (const auto& line : rig.host.log()) {
        shown |= str(line.at("message")).find("to accept it, cancel the order from the host") !=
                 std::string::npos;
    }
    CHECK(shown);
    // Only the host's own cancellation was recorded: the request waits for the seller.
    CHECK(rig.host.dump().at("cancellations").as_array().size() == 1);
}

TEST_CASE("integration: cancellations: a closed store records the cancellation and sends it once "
          "opened") {
    DemoRig rig(60, 89);
    rig.import_until_ok();
    const auto planned = plan_cancels(rig, rig.alias, 1);
    REQUIRE(planned.size() == 1);
    rig.host.ok({"store", "close", rig.alias});
    const auto result = record_cancel(rig, planned[0]);
    REQUIRE(result.exit_code == 0);
    CHECK(str(json::parse(result.out).at("status")) == "queued");
    CHECK(rig.host.dump().at("cancellations").as_array().size() == 1);
    advance(rig, 6);
    // A closed store's job makes no Amazon call.
    CHECK(str(run_send(rig, rig.alias).at("status")) == "store_closed");
    CHECK(ack_feeds(rig.sandbox.state()) == 0);
    rig.host.ok({"store", "open", rig.alias});
    send_until_settled(rig, rig.alias);
    const auto problems = check_cancels(rig, planned);
    INFO(joined(problems));
    CHECK(problems.empty());
    CHECK(ack_feeds(rig.sandbox.state()) == 1);
}

} // namespace amzconn::integration
