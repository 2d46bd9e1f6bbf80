// The host's feed log (entity `feed`) shows each acknowledgement feed send_cancellations created:
// the Amazon order of each message and, once Amazon processed the feed, each order's result with
// Amazon's code and text, checked against the sandbox's state (the feed Amazon received, its
// processing report, and the orders as Amazon holds them).
#include "cancellation_rig.hpp"

#include <doctest/doctest.h>
#include <map>
#include <set>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

// Amazon cancels every unit of `order_id` itself, so that a seller's cancellation of it is
// refused when the feed is processed.
void amazon_cancels_whole_order(const DemoRig& rig, const std::string& order_id) {
    json::array lines;
    const auto state = rig.sandbox.state();
    for (const auto& item : sandbox_order(state, order_id)->at("items").as_array()) {
        lines.push_back(json::object{{"order_id", order_id},
                                     {"order_item_id", item.at("orderItemId")},
                                     {"by", "AMAZON"},
                                     {"reason", "GeneralAdjustment"}});
    }
    rig.sandbox.post("/_sandbox/amazon_cancellations",
                     json::object{{"cancellations", std::move(lines)}});
    REQUIRE(str(sandbox_order(rig.sandbox.state(), order_id)->at("status")) == "CANCELLED");
}

const json::object* ack_feed_entity(const json::object& dump) {
    for (const auto& feed : dump.at("feeds").as_array()) {
        if (str(feed.at("type")) == "POST_ORDER_ACKNOWLEDGEMENT_DATA") {
            return &feed.as_object();
        }
    }
    return nullptr;
}

// Whether Amazon's order holds a cancellation with `reason` (the seller's, from the feed).
bool cancelled_with(const json::object& amazon_order, const std::string& reason) {
    for (const auto& c : amazon_order.at("cancellations").as_array()) {
        if (str(c.at("reason")) == reason) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("integration: cancellations: the feed log entry of an acknowledgement feed holds each "
          "order's result as Amazon processed it, a refused one with Amazon's code and text") {
    DemoRig rig(120, 90);
    rig.import_until_ok();
    const auto planned = plan_cancels(rig, rig.alias, 4);
    REQUIRE(planned.size() == 4);
    for (const auto& p : planned) {
        REQUIRE(record_cancel(rig, p).exit_code == 0);
    }
    const auto& refused = planned[0]; // a whole-order cancellation (plan_cancels)
    REQUIRE(refused.sku.empty());
    amazon_cancels_whole_order(rig, refused.order_id);
    advance(rig, 6);
    const auto sent = run_send(rig, rig.alias);
    REQUIRE(num(sent.at("counts").at("feeds")) == 1);

    // Submitted: the entry names the feed Amazon received and the order of each message.
    auto state = rig.sandbox.state();
    std::string feed_id;
    for (const auto& feed : state.at("feeds").as_array()) {
        feed_id = str(feed.at("feedType")) == "POST_ORDER_ACKNOWLEDGEMENT_DATA"
                      ? str(feed.at("feedId"))
                      : feed_id;
    }
    REQUIRE_FALSE(feed_id.empty());
    auto dump = rig.host.dump();
    const auto* submitted = ack_feed_entity(dump);
    REQUIRE(submitted != nullptr);
    CHECK(str(submitted->at("feed_id")) == feed_id);
    CHECK(num(submitted->at("message_count")) == 4);
    std::set<std::string> carried;
    for (const auto& order : submitted->at("orders").as_array()) {
        carried.insert(str(order));
    }
    std::set<std::string> wanted;
    std::map<std::string, std::string> reasons;
    for (const auto& p : planned) {
        wanted.insert(p.order_id);
        reasons[p.order_id] = p.reason;
    }
    CHECK(carried == wanted);
    CHECK_FALSE(submitted->contains("results"));

    send_until_settled(rig, rig.alias);
    state = rig.sandbox.state();
    dump = rig.host.dump();
    const auto* done = ack_feed_entity(dump);
    REQUIRE(done != nullptr);
    CHECK(dump.at("feeds").as_array().size() == 1); // one entry per feed, updated in place
    std::string report;
    for (const auto& feed : state.at("feeds").as_array()) {
        if (str(feed.at("feedId")) == feed_id) {
            CHECK(str(feed.at("status")) == "DONE");
            report = str(feed.at("report"));
        }
    }
    CHECK(str(done->at("status")) == "DONE");
    CHECK(num(done->at("result").at("processed")) == 4);
    CHECK(num(done->at("result").at("accepted")) == 3);
    CHECK(num(done->at("result").at("errors")) == 1);
    const auto& results = done->at("results").as_array();
    REQUIRE(results.size() == 4);
    for (const auto& r : results) {
        const auto order_id = str(r.at("amazon_order_id"));
        CAPTURE(order_id);
        const auto* amazon = sandbox_order(state, order_id);
        REQUIRE(amazon != nullptr);
        if (order_id != refused.order_id) {
            // Amazon applied it: the order holds the seller's cancellation.
            CHECK(str(r.at("result")) == "accepted");
            CHECK_FALSE(r.as_object().contains("issues"));
            CHECK(cancelled_with(*amazon, reasons.at(order_id)));
            continue;
        }
        CHECK(str(r.at("result")) == "rejected");
        const auto& issue = r.at("issues").as_array().at(0);
        CHECK(str(issue.at("severity")) == "ERROR");
        CHECK(str(issue.at("code")) == "18029");
        // Amazon's words, as its processing report gave them for this order.
        CHECK(report.find("<ResultMessageCode>18029</ResultMessageCode><ResultDescription>" +
                          str(issue.at("message")) + "</ResultDescription>") != std::string::npos);
        CHECK(str(issue.at("message")).find(order_id) != std::string::npos);
        // Only Amazon's own cancellation: the seller's was not applied.
        CHECK_FALSE(cancelled_with(*amazon, reasons.at(order_id)));
    }
}

} // namespace amzconn::integration
