// Canaries (issue 6 §5, DESIGN rule on logs): buyer names, emails, phones and addresses of the
// sandbox's orders, and the store's credentials, never appear in the connection log, in the
// job report or on stderr.
#include "rig.hpp"

#include <doctest/doctest.h>
#include <set>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

void add(std::set<std::string>& canaries, const json::object& object, const char* field) {
    if (const auto* value = object.if_contains(field); value && value->is_string()) {
        const auto text = str(*value);
        if (text.size() >= 6) {
            canaries.insert(text);
        }
    }
}

} // namespace

TEST_CASE("integration: buyer data and credentials never reach the log, the report or stderr") {
    DemoRig rig(150, 71);
    std::set<std::string> canaries{"CANARYSECRET0123456789", "CANARYREFRESH0123456789",
                                   "Atzr|CANARYREFRESH", "Atza|"};
    size_t orders = 0;
    const auto state = rig.sandbox.state();
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& summary = entry.as_object();
        if (!demo_wants(summary) || ++orders > 25) {
            continue;
        }
        const auto order = rig.sandbox.get_order(str(summary.at("orderId")));
        if (const auto* buyer = order.if_contains("buyer"); buyer && buyer->is_object()) {
            add(canaries, buyer->as_object(), "buyerName");
            add(canaries, buyer->as_object(), "buyerEmail");
            add(canaries, buyer->as_object(), "buyerCompanyName");
        }
        if (const auto* recipient = order.if_contains("recipient");
            recipient && recipient->is_object()) {
            if (const auto* address = recipient->as_object().if_contains("deliveryAddress");
                address && address->is_object()) {
                for (const char* field :
                     {"name", "addressLine1", "addressLine2", "phone", "companyName"}) {
                    add(canaries, address->as_object(), field);
                }
            }
        }
    }
    REQUIRE(canaries.size() > 10);
    const auto run = rig.host.cmd({"run", "import_orders", "--store", rig.alias});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const auto log = json::serialize(rig.host.log());
    // The buyers really reached the host (so the canaries were in the process's hands).
    const auto dump = json::serialize(rig.host.dump());
    size_t in_host = 0;
    for (const auto& canary : canaries) {
        in_host += dump.find(canary) != std::string::npos ? 1u : 0u;
    }
    CHECK(in_host > 5);
    CHECK(log.size() > 1000);
    for (const auto& canary : canaries) {
        CAPTURE(canary);
        CHECK(log.find(canary) == std::string::npos);
        CHECK(run.err.find(canary) == std::string::npos);
        CHECK(run.out.find(canary) == std::string::npos);
    }
}

TEST_CASE("integration: an order id with CR/LF is logged escaped, never as a forged line") {
    DemoRig rig(40, 72);
    std::string id;
    const auto state = rig.sandbox.state();
    for (const auto& entry : state.at("orders").as_array()) {
        if (demo_wants(entry.as_object())) {
            id = str(entry.as_object().at("orderId"));
            break;
        }
    }
    REQUIRE_FALSE(id.empty());
    auto order = rig.sandbox.get_order(id);
    const std::string forged = "202-FORGED\r\n2026-01-01T00:00:00Z ERROR demo forged line";
    order["orderId"] = forged;
    rig.sandbox.advance(60);
    rig.sandbox.put_orders({order});
    rig.sandbox.advance(600);
    rig.host.import_until_ok(rig.alias);
    size_t naming = 0;
    const auto log = rig.host.log();
    for (const auto& entry : log) {
        const auto& line = entry.as_object();
        const auto reference = str(line.at("reference"));
        const auto message = str(line.at("message"));
        CAPTURE(reference);
        CAPTURE(message);
        CHECK(reference.find_first_of("\r\n") == std::string::npos);
        CHECK(message.find_first_of("\r\n") == std::string::npos);
        if ((reference + message).find("202-FORGED\\r\\n2026") != std::string::npos) {
            ++naming;
        }
    }
    CHECK(naming > 0); // the id did reach the log, escaped
}

} // namespace amzconn::integration
