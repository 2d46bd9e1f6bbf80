// Cancellations to Amazon (issue 18): host cancellations written with `event cancelled` reach the
// sandbox exactly once, batched into one acknowledgement feed after cancellations.batch_delay,
// with their reason and quantities; refusals (unknown reason, shipped order) are said at once;
// kill -9 at each crash point and random faults leave every cancellation applied exactly once in
// the sandbox's state (what Amazon holds).
#include "rig.hpp"

#include <csignal>
#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

struct PlannedCancel {
    std::string order_id;
    std::string reason;
    std::string sku;      // empty: the whole order
    int64_t quantity = 0; // with sku
    int64_t ordered = 0;  // of that item (sku) or of the order's first item
};

const json::object* sandbox_order(const json::object& state, const std::string& id) {
    for (const auto& entry : state.at("orders").as_array()) {
        if (str(entry.at("orderId")) == id) {
            return &entry.as_object();
        }
    }
    return nullptr;
}

int64_t num(const json::value& v) {
    return v.to_number<int64_t>();
}

// Unshipped merchant orders the host imported: whole-order cancellations, and one unit of an
// item with 2+ units for every third order that has one.
std::vector<PlannedCancel> plan_cancels(const DemoRig& rig, size_t max_orders) {
    const auto dump = rig.host.dump();
    const auto state = rig.sandbox.state();
    const std::vector<std::string> reasons{"NoInventory", "BuyerCanceled", "GeneralAdjustment"};
    std::vector<PlannedCancel> planned;
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        const auto& meta = entry.at("metadata").as_object();
        if (planned.size() == max_orders || str(meta.at("amazon_fulfillment_channel")) != "MFN") {
            continue;
        }
        const auto id = str(meta.at("amazon_order_id"));
        const auto* order = sandbox_order(state, id);
        if (!order || str(order->at("status")) != "UNSHIPPED") {
            continue;
        }
        PlannedCancel p{id, reasons[planned.size() % reasons.size()], "", 0, 0};
        for (const auto& item : order->at("items").as_array()) {
            if (planned.size() % 3 == 1 && num(item.at("quantityOrdered")) >= 2) {
                p.sku = str(item.at("sellerSku"));
                p.quantity = 1;
                p.ordered = num(item.at("quantityOrdered"));
                break;
            }
        }
        planned.push_back(p);
    }
    return planned;
}

testing::ProcessResult record_cancel(const DemoRig& rig, const PlannedCancel& p,
                                     const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> args{
        "event",    "cancelled", "--json", "--order", rig.alias + ":" + p.order_id,
        "--reason", p.reason};
    if (!p.sku.empty()) {
        args.insert(args.end(), {"--lines", p.sku + ":" + std::to_string(p.quantity)});
    }
    return rig.host.cmd(args, env);
}

// Both clocks move on by the same amount (getFeeds compares Amazon's feed times with the host's).
void advance(const DemoRig& rig, int minutes) {
    rig.sandbox.advance(minutes * 60);
    rig.host.ok({"clock", "advance", std::to_string(minutes) + "m"});
}

json::object run_send(const DemoRig& rig, const std::map<std::string, std::string>& env = {}) {
    const auto result =
        rig.host.cmd({"run", "--json", "send_cancellations", "--store", rig.alias}, env);
    boost::system::error_code ec;
    const auto report = json::parse(result.out, ec);
    if (result.exit_code != 0 || ec || !report.is_object()) {
        return {};
    }
    return report.as_object();
}

// send_cancellations until nothing is queued or in flight (bounded); returns the runs.
int send_until_settled(const DemoRig& rig, int max_runs = 40) {
    for (int i = 1; i <= max_runs; ++i) {
        const auto report = run_send(rig);
        if (!report.empty()) {
            const auto& counts = report.at("counts").as_object();
            const auto status = str(report.at("status"));
            if ((status == "ok" || status == "partial") && num(counts.at("in_flight")) == 0 &&
                num(counts.at("batching")) == 0) {
                return i;
            }
        }
        advance(rig, 6);
    }
    throw std::runtime_error("send_cancellations never settled");
}

int64_t ack_feeds(const json::object& state) {
    int64_t n = 0;
    for (const auto& f : state.at("feeds").as_array()) {
        n += str(f.at("feedType")) == "POST_ORDER_ACKNOWLEDGEMENT_DATA" ? 1 : 0;
    }
    return n;
}

// Every planned cancellation against the sandbox: one cancellation applied to its order, with
// exactly the units asked (none twice), and the reason on each cancelled item.
std::vector<std::string> check_cancels(const DemoRig& rig,
                                       const std::vector<PlannedCancel>& planned) {
    const auto state = rig.sandbox.state();
    std::vector<std::string> problems;
    for (const auto& p : planned) {
        const auto* order = sandbox_order(state, p.order_id);
        if (!order) {
            problems.push_back(p.order_id + ": not in the sandbox");
            continue;
        }
        const auto applied = order->at("cancellations").as_array().size();
        if (applied != 1) {
            problems.push_back(p.order_id + ": " + std::to_string(applied) +
                               " cancellations applied, expected 1");
        }
        int64_t listed_cancelled = 0; // of the listed SKU, over its items
        for (const auto& item : order->at("items").as_array()) {
            const auto cancelled = num(item.at("quantityCancelled"));
            const auto sku = str(item.at("sellerSku"));
            if (p.sku.empty() && cancelled != num(item.at("quantityOrdered"))) {
                problems.push_back(p.order_id + " item " + sku + ": " + std::to_string(cancelled) +
                                   " cancelled, expected all");
            }
            if (!p.sku.empty()) {
                listed_cancelled += sku == p.sku ? cancelled : 0;
                if (sku != p.sku && cancelled != 0) {
                    problems.push_back(p.order_id + " item " + sku + " cancelled, not listed");
                }
            }
            if (cancelled > 0) {
                const auto reason =
                    str(item.at("cancellation").at("cancellationExecution").at("cancelReason"));
                if (reason != p.reason) {
                    problems.push_back(p.order_id + ": reason " + reason + ", expected " +
                                       p.reason);
                }
            }
        }
        if (!p.sku.empty() && listed_cancelled != p.quantity) {
            problems.push_back(p.order_id + " SKU " + p.sku + ": " +
                               std::to_string(listed_cancelled) + " cancelled, expected " +
                               std::to_string(p.quantity));
        }
    }
    return problems;
}

std::string joined(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& p : problems) {
        out += "\n  " + p;
    }
    return out;
}

} // namespace

TEST_CASE("integration: cancellations: event cancelled queues, one feed carries the batch after "
          "the delay, and each order is cancelled once with its reason and units") {
    DemoRig rig(120, 81);
    rig.import_until_ok();
    const auto planned = plan_cancels(rig, 9);
    REQUIRE(planned.size() == 9);
    for (const auto& p : planned) {
        const auto result = record_cancel(rig, p);
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(str(json::parse(result.out).at("status")) == "queued");
    }
    // Still inside the batch delay: nothing went to Amazon.
    CHECK(ack_feeds(rig.sandbox.state()) == 0);
    const auto early = run_send(rig);
    CHECK(num(early.at("counts").at("batching")) == 9);
    CHECK(ack_feeds(rig.sandbox.state()) == 0);

    advance(rig, 6);
    const auto sent = run_send(rig);
    CHECK(num(sent.at("counts").at("sent")) == 9);
    CHECK(num(sent.at("counts").at("feeds")) == 1);
    send_until_settled(rig);
    const auto problems = check_cancels(rig, planned);
    INFO(joined(problems));
    CHECK(problems.empty());
    CHECK(ack_feeds(rig.sandbox.state()) == 1);

    // Another run sends nothing: every cancellation is recorded as accepted.
    const auto again = run_send(rig);
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
    auto planned = plan_cancels(rig, 2);
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
    send_until_settled(rig);
    CHECK(ack_feeds(rig.sandbox.state()) == 0);
}

} // namespace amzconn::integration
