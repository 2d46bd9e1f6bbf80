#include "cancellation_rig.hpp"

#include <sqlite3.h>
#include <stdexcept>

namespace amzconn::integration {
namespace json = boost::json;

int64_t num(const json::value& v) {
    return v.to_number<int64_t>();
}

std::vector<PlannedCancel> plan_cancels(const DemoRig& rig, const std::string& alias,
                                        size_t max_orders) {
    const auto dump = rig.host.dump();
    const auto state = rig.sandbox.state();
    const std::vector<std::string> reasons{"NoInventory", "BuyerCanceled", "GeneralAdjustment"};
    std::vector<PlannedCancel> planned;
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        const auto& meta = entry.at("metadata").as_object();
        if (str(entry.at("store")) != alias) {
            continue;
        }
        if (planned.size() == max_orders || str(meta.at("amazon_fulfillment_channel")) != "MFN") {
            continue;
        }
        const auto id = str(meta.at("amazon_order_id"));
        const auto* order = sandbox_order(state, id);
        if (!order || str(order->at("status")) != "UNSHIPPED") {
            continue;
        }
        PlannedCancel p{alias, id, reasons[planned.size() % reasons.size()], "", 0};
        for (const auto& item : order->at("items").as_array()) {
            if (planned.size() % 3 == 1 && num(item.at("quantityOrdered")) >= 2) {
                p.sku = str(item.at("sellerSku"));
                p.quantity = 1;
                break;
            }
        }
        planned.push_back(p);
    }
    return planned;
}

testing::ProcessResult record_cancel(const DemoRig& rig, const PlannedCancel& p,
                                     const std::map<std::string, std::string>& env) {
    std::vector<std::string> args{
        "event",    "cancelled", "--json", "--order", p.store + ":" + p.order_id,
        "--reason", p.reason};
    if (!p.sku.empty()) {
        args.insert(args.end(), {"--lines", p.sku + ":" + std::to_string(p.quantity)});
    }
    return rig.host.cmd(args, env);
}

void write_cancels_directly(const DemoRig& rig, const std::vector<PlannedCancel>& planned) {
    sqlite3* db = nullptr;
    if (sqlite3_open(rig.host.db().c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open the host database");
    }
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO entities (kind, key, doc, created_at, updated_at) "
                       "VALUES ('cancellation', ?1, ?2, 0, 0)",
                       -1, &insert, nullptr);
    for (const auto& p : planned) {
        const auto order = p.store + ":" + p.order_id;
        json::object doc{{"order", order},
                         {"store", p.store},
                         {"cancelled_at", "2026-03-01T00:00:00Z"},
                         {"reason", p.reason}};
        std::string key = order;
        if (!p.sku.empty()) {
            doc["lines"] = json::array{json::object{{"sku", p.sku}, {"quantity", p.quantity}}};
            key += "#" + p.sku + ":" + std::to_string(p.quantity);
        }
        const auto text = json::serialize(doc);
        sqlite3_bind_text(insert, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, text.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
}

void advance(const DemoRig& rig, int minutes) {
    rig.sandbox.advance(minutes * 60);
    rig.host.ok({"clock", "advance", std::to_string(minutes) + "m"});
}

json::object run_send(const DemoRig& rig, const std::string& alias,
                      const std::map<std::string, std::string>& env) {
    const auto result =
        rig.host.cmd({"run", "--json", "send_cancellations", "--store", alias}, env);
    boost::system::error_code ec;
    const auto report = json::parse(result.out, ec);
    if (result.exit_code != 0 || ec || !report.is_object()) {
        return {};
    }
    return report.as_object();
}

int send_until_settled(const DemoRig& rig, const std::string& alias, int max_runs) {
    for (int i = 1; i <= max_runs; ++i) {
        const auto report = run_send(rig, alias);
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

} // namespace amzconn::integration
