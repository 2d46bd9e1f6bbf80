#include "returns_rig.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <random>
#include <set>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

std::string return_date(int64_t now_ms, int64_t minutes_back) {
    const std::time_t t = static_cast<std::time_t>((now_ms / 1000) - minutes_back * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// A field as text: strings as they are, numbers as JSON writes them.
std::string text(const json::value& value) {
    return value.is_string() ? std::string(value.as_string()) : json::serialize(value);
}

std::string fba_return_id(const json::object& r) {
    return str(r.at("order_id")) + "/" + str(r.at("sku")) + "/" + str(r.at("return_date")) + "/" +
           str(r.at("license_plate_number"));
}

} // namespace

std::vector<std::string> record_returns(const DemoRig& rig, size_t max, int seed) {
    const auto state = rig.sandbox.state();
    const int64_t now = rig.host.clock_ms();
    std::mt19937 random(static_cast<unsigned>(seed));
    json::array returns;
    std::vector<std::string> ids;
    for (const auto& value : state.at("orders").as_array()) {
        const auto& order = value.as_object();
        const auto& items = order.at("items").as_array();
        if (!demo_wants(order) || items.empty() || ids.size() >= max) {
            continue;
        }
        const auto& item = items.front().as_object();
        const bool fba = str(order.at("fulfilledBy")) == "AMAZON";
        const auto quantity = std::max<int64_t>(1, item.at("quantityOrdered").as_int64());
        // 1 to 80 days back, at a minute no other return has.
        const int64_t back =
            60 * 24 * static_cast<int64_t>(1 + random() % 80) + static_cast<int64_t>(ids.size());
        returns.push_back(json::object{
            {"order_id", order.at("orderId")},
            {"sku", item.at("sellerSku")},
            {"quantity", 1 + static_cast<int64_t>(random() % static_cast<uint64_t>(quantity))},
            {"reason", fba ? "UNWANTED_ITEM" : "DEFECTIVE"},
            {"channel", fba ? "AFN" : "MFN"},
            {"disposition", fba ? "CUSTOMER_DAMAGED" : "SELLABLE"},
            {"customer_comments", k_comment_canary},
            {"return_date", return_date(now, back)}});
        ids.push_back(str(order.at("orderId")));
    }
    rig.sandbox.post("/_sandbox/returns", json::object{{"returns", std::move(returns)}});
    return ids;
}

json::object run_returns(const DemoRig& rig, const std::map<std::string, std::string>& extra_env) {
    const auto result =
        rig.host.cmd({"run", "--json", "import_returns", "--store", rig.alias}, extra_env);
    boost::system::error_code ec;
    auto report = json::parse(result.out, ec);
    if (result.exit_code != 0 || ec || !report.is_object()) {
        return {};
    }
    return report.as_object();
}

json::object returns_until_done(const DemoRig& rig, int max_runs) {
    std::string last;
    for (int i = 1; i <= max_runs; ++i) {
        const auto result = rig.host.cmd({"run", "--json", "import_returns", "--store", rig.alias});
        boost::system::error_code ec;
        auto parsed = json::parse(result.out, ec);
        if (result.exit_code == 0 && !ec && parsed.is_object()) {
            auto& report = parsed.as_object();
            if (str(report.at("status")) == "ok" || str(report.at("status")) == "partial") {
                return report;
            }
        }
        last = result.out + result.err;
        rig.sandbox.advance(300);
        rig.host.ok({"clock", "advance", "16m"});
    }
    throw std::runtime_error(
        "import_returns never ended ok or partial in " + std::to_string(max_runs) +
        " runs; the last said: " + last +
        "; the sandbox's reports: " + json::serialize(rig.sandbox.state().at("reports")));
}

ReturnCheck check_returns(const DemoRig& rig, const std::vector<std::string>& parked_orders) {
    ReturnCheck check;
    const auto dump = rig.host.dump();
    std::map<std::string, std::map<std::string, std::string>> product_of; // order key -> sku
    for (const auto& value : dump.at("sales_orders").as_array()) {
        const auto& order = value.as_object();
        for (const auto& line : order.at("lines").as_array()) {
            product_of[str(order.at("idempotency_key"))][str(line.at("sku"))] =
                str(line.at("product"));
        }
    }
    std::map<std::string, std::vector<json::object>> host; // return_id -> host documents
    for (const auto& value : dump.at("returns").as_array()) {
        const auto& doc = value.as_object();
        if (str(doc.at("store")) == rig.alias) {
            host[str(doc.at("return_id"))].push_back(doc);
        }
    }
    const std::set<std::string> parked(parked_orders.begin(), parked_orders.end());
    std::set<std::string> seen;
    const auto state = rig.sandbox.state();
    for (const auto& value : state.at("returns").as_array()) {
        const auto& r = value.as_object();
        const bool fba = str(r.at("channel")) == "AFN";
        const auto id = fba ? fba_return_id(r) : str(r.at("rma_id"));
        const auto order_id = str(r.at("order_id"));
        const auto it = host.find(id);
        seen.insert(id);
        if (parked.count(order_id)) {
            if (it != host.end()) {
                check.problems.push_back(id + ": in the host although its order is not");
            }
            continue;
        }
        ++check.expected;
        if (it == host.end()) {
            check.problems.push_back(id + ": lost");
            continue;
        }
        if (it->second.size() != 1) {
            check.problems.push_back(id + ": " + std::to_string(it->second.size()) + " times");
        }
        ++check.found;
        const auto& doc = it->second.front();
        const auto order_key = rig.alias + ":" + order_id;
        const auto& line = doc.at("lines").as_array().at(0).as_object();
        const std::vector<std::pair<std::string, std::string>> expect{
            {str(doc.at("order")), order_key},
            {str(doc.at("reference")), order_id},
            {str(doc.at("returned_at")), str(r.at("return_date"))},
            {str(doc.at("status")), str(r.at("status"))},
            {str(line.at("sku")), product_of[order_key][str(r.at("sku"))]},
            {text(line.at("quantity")), text(r.at("quantity"))},
            {line.contains("disposition") ? str(line.at("disposition")) : "",
             fba ? str(r.at("disposition")) : ""},
        };
        for (const auto& [got, want] : expect) {
            if (got != want) {
                check.problems.push_back(id + ": has " + got + ", Amazon " + want);
            }
        }
    }
    for (const auto& [id, docs] : host) {
        if (!seen.count(id)) {
            check.problems.push_back(id + ": in the host, not at Amazon");
        }
    }
    return check;
}

} // namespace amzconn::integration
