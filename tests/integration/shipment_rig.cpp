#include "shipment_rig.hpp"

#include <sqlite3.h>
#include <stdexcept>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

std::string lines_arg(const std::map<std::string, int64_t>& lines) {
    std::string text;
    for (const auto& [sku, units] : lines) {
        text += (text.empty() ? "" : ",") + sku + ":" + std::to_string(units);
    }
    return text;
}

} // namespace

std::vector<PlannedShipment> plan_shipments(const DemoRig& rig, size_t max_orders) {
    const auto dump = rig.host.dump();
    const auto state = rig.sandbox.state();
    const std::vector<std::string> carriers{"Royal Mail", "Bob's Vans", "dhl", "Hermes"};
    std::vector<PlannedShipment> planned;
    size_t orders = 0;
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        const auto& meta = entry.at("metadata").as_object();
        if (orders == max_orders || str(meta.at("amazon_fulfillment_channel")) != "MFN") {
            continue;
        }
        const auto id = str(meta.at("amazon_order_id"));
        const auto* order = sandbox_order(state, id);
        if (!order || str(order->at("status")) != "UNSHIPPED") {
            continue;
        }
        const auto carrier = carriers[orders % carriers.size()];
        ++orders;
        for (const auto& item : order->at("items").as_array()) {
            if (item.at("quantityOrdered").to_number<int64_t>() >= 2) {
                planned.push_back({id,
                                   "TRK" + std::to_string(orders) + "A",
                                   carrier,
                                   {{str(item.at("sellerSku")), 1}}});
                break;
            }
        }
        planned.push_back({id, "TRK" + std::to_string(orders) + "B", carrier, {}});
    }
    return planned;
}

std::vector<testing::ProcessResult>
record_shipments(const DemoRig& rig, const std::vector<PlannedShipment>& planned,
                 const std::map<std::string, std::string>& extra_env) {
    std::vector<testing::ProcessResult> results;
    for (const auto& p : planned) {
        std::vector<std::string> args{
            "event",      "shipped",     "--json",    "--order", rig.alias + ":" + p.order_id,
            "--tracking", p.tracking,    "--carrier", p.carrier, "--service",
            "Standard",   "--ship-date", "2026-03-01"};
        if (!p.lines.empty()) {
            args.insert(args.end(), {"--lines", lines_arg(p.lines)});
        }
        results.push_back(rig.host.cmd(args, extra_env));
    }
    return results;
}

std::vector<PlannedShipment> write_shipments_directly(const DemoRig& rig, size_t max) {
    const auto state = rig.sandbox.state(); // kept: the lookups point into it
    const auto dump = rig.host.dump();
    std::vector<PlannedShipment> planned;
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        const auto id = str(entry.at("metadata").at("amazon_order_id"));
        const auto* order = sandbox_order(state, id);
        if (planned.size() < max && order && str(order->at("fulfilledBy")) != "AMAZON" &&
            str(order->at("status")) == "UNSHIPPED") {
            planned.push_back({id, "DIRECT" + std::to_string(planned.size()), "UPS", {}});
        }
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(rig.host.db().c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open the host database");
    }
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO entities (kind, key, doc, created_at, updated_at) "
                       "VALUES ('shipment', ?1, ?2, 0, 0)",
                       -1, &insert, nullptr);
    for (const auto& p : planned) {
        const auto order = rig.alias + ":" + p.order_id;
        const json::object doc{{"order", order},
                               {"store", rig.alias},
                               {"shipped_at", "2026-03-01T00:00:00Z"},
                               {"carrier", p.carrier},
                               {"tracking", p.tracking}};
        const auto key = order + "#" + p.tracking;
        const auto text = json::serialize(doc);
        sqlite3_bind_text(insert, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, text.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return planned;
}

int confirm_until_done(const DemoRig& rig, int max_runs) {
    for (int i = 1; i <= max_runs; ++i) {
        auto result = rig.host.cmd({"run", "--json", "confirm_shipments", "--store", rig.alias});
        if (result.exit_code == 0) {
            boost::system::error_code ec;
            auto report = json::parse(result.out, ec);
            if (!ec && report.is_object()) {
                const auto status = str(report.as_object().at("status"));
                const auto& counts = report.as_object().at("counts").as_object();
                if ((status == "ok" || status == "partial") &&
                    counts.at("pending").to_number<int64_t>() == 0) {
                    return i;
                }
            }
        }
        rig.sandbox.advance(300);
        rig.host.ok({"clock", "advance", "16m"});
    }
    throw std::runtime_error("confirm_shipments never finished in " + std::to_string(max_runs) +
                             " runs");
}

std::map<std::string, std::pair<std::string, std::string>> queue_states(const DemoRig& rig) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(rig.host.db().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open the host database");
    }
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM state WHERE ns = ?1 AND key LIKE 'shipments/%'", -1,
                       &stmt, nullptr);
    const std::string ns = "store:" + rig.alias;
    sqlite3_bind_text(stmt, 1, ns.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto doc = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
        for (const auto& [key, entry] : doc.at("packages").as_object()) {
            const auto& e = entry.as_object();
            out[std::string(key)] = {str(e.at("state")),
                                     e.contains("reason") ? str(e.at("reason")) : ""};
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
}

ShipmentCheck check_shipments(const DemoRig& rig, const std::vector<PlannedShipment>& planned) {
    ShipmentCheck check;
    const auto state = rig.sandbox.state();
    const auto queues = queue_states(rig);
    std::map<std::string, int64_t> packages_of; // order -> host packages confirmed
    for (const auto& p : planned) {
        const auto key = rig.alias + ":" + p.order_id + "#" + p.tracking;
        const auto* order = sandbox_order(state, p.order_id);
        int64_t found = 0;
        int64_t units = 0;
        for (const auto& s : order->at("shipments").as_array()) {
            if (str(s.at("trackingNumber")) == p.tracking) {
                ++found;
                for (const auto& item : s.at("orderItems").as_array()) {
                    units += item.at("quantity").to_number<int64_t>();
                }
            }
        }
        const auto queued = queues.find(key);
        const auto where = queued == queues.end()
                               ? std::string("not queued")
                               : queued->second.first + " " + queued->second.second;
        if (queued != queues.end() && queued->second.first == "parked") {
            if (found != 0) {
                check.problems.push_back(key + ": parked but at Amazon");
            }
            ++check.parked;
            continue;
        }
        if (found != 1 || queued == queues.end() || queued->second.first != "sent") {
            check.problems.push_back(key + ": " + std::to_string(found) +
                                     " package(s) at Amazon, host queue " + where);
            continue;
        }
        int64_t wanted = 0;
        for (const auto& [sku, n] : p.lines) {
            wanted += n;
        }
        if (wanted > 0 && units != wanted) {
            check.problems.push_back(key + ": " + std::to_string(units) + " unit(s) at Amazon, " +
                                     std::to_string(wanted) + " shipped");
        }
        ++packages_of[p.order_id];
        ++check.confirmed;
    }
    for (const auto& [id, packages] : packages_of) {
        const auto* order = sandbox_order(state, id);
        const auto confirmations = order->at("confirmations").to_number<int64_t>();
        if (confirmations != packages ||
            static_cast<int64_t>(order->at("shipments").as_array().size()) != packages) {
            check.problems.push_back(id + ": " + std::to_string(confirmations) +
                                     " confirmation(s) at Amazon for " + std::to_string(packages) +
                                     " host package(s)");
        }
    }
    return check;
}

} // namespace amzconn::integration
