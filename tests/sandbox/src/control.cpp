// The control API under /_sandbox/ (no auth): state snapshot, add orders/listings, clock, faults,
// generate, reset, shutdown.
#include "order_items.hpp"
#include "sandbox.hpp"

namespace amzconn::sandbox {

namespace json = boost::json;

Result<Listing> listing_from_json(const json::value& v, Millis now);

namespace {
Response ok_json(json::object body) {
    Response r;
    r.body = json::serialize(body);
    return r;
}
// Each item's quantities and cancellation as Amazon holds them.
json::array items_state(const json::object& doc) {
    json::array out;
    const auto* items = doc.if_contains("orderItems");
    if (items == nullptr || !items->is_array()) {
        return out;
    }
    for (const auto& item : items->as_array()) {
        const auto& o = item.as_object();
        const auto q = item_quantities(o);
        json::object x{{"orderItemId", o.at("orderItemId")},
                       {"quantityOrdered", q.ordered},
                       {"quantityShipped", q.shipped},
                       {"quantityUnshipped", q.unshipped},
                       {"quantityCancelled", q.cancelled()}};
        if (const auto* p = o.if_contains("product"); p && p->is_object()) {
            if (const auto* sku = p->as_object().if_contains("sellerSku")) {
                x["sellerSku"] = *sku;
            }
        }
        if (const auto* c = o.if_contains("cancellation")) {
            x["cancellation"] = *c;
        }
        out.push_back(std::move(x));
    }
    return out;
}
} // namespace

json::object Sandbox::state_snapshot(Millis now) const {
    json::object state;
    state["now"] = format_rfc3339(now);
    state["seller_id"] = m_seller_id;
    json::array listings;
    for (const auto& l : m_listings) {
        json::array identifiers;
        for (const auto& [type, value] : l.identifiers) {
            identifiers.push_back(json::object{{"type", type}, {"value", value}});
        }
        listings.push_back(
            json::object{{"sku", l.sku},
                         {"asin", l.asin},
                         {"marketplace_id", l.marketplace_id},
                         {"channel", l.channel},
                         {"quantity", l.quantity},
                         {"price", {{"amount", l.price_amount}, {"currency", l.currency}}},
                         {"handling_time", l.handling_time},
                         {"product_type", l.product_type},
                         {"last_updated", format_rfc3339(l.last_updated)},
                         {"title", l.title},
                         {"identifiers", std::move(identifiers)}});
    }
    state["listings"] = std::move(listings);
    json::array orders;
    for (const auto& o : m_orders) {
        const auto* v = o.current(now);
        if (v == nullptr) {
            continue;
        }
        const auto* packages = v->doc.if_contains("packages");
        orders.push_back(json::object{{"orderId", o.id},
                                      {"status", v->status},
                                      {"marketplaceId", o.marketplace_id},
                                      {"fulfilledBy", o.amazon_fulfilled ? "AMAZON" : "MERCHANT"},
                                      {"createdTime", format_rfc3339(o.created)},
                                      {"lastUpdatedTime", format_rfc3339(v->effective)},
                                      {"items", items_state(v->doc)},
                                      {"packages", packages ? *packages : json::array{}},
                                      {"shipments", o.shipments},
                                      {"confirmations", o.confirmations},
                                      {"cancellations", o.cancellations}});
    }
    state["orders"] = std::move(orders);
    json::array feeds;
    for (const auto& f : m_feeds) {
        feeds.push_back(json::object{{"feedId", f.id},
                                     {"feedType", f.type},
                                     {"status", f.status},
                                     {"resultFeedDocumentId", f.result_document_id},
                                     {"report", f.report}});
    }
    state["feeds"] = std::move(feeds);
    json::array reports;
    for (const auto& r : m_reports) {
        reports.push_back(json::object{{"reportId", r.id},
                                       {"reportType", r.type},
                                       {"status", r.status},
                                       {"reportDocumentId", r.result_document_id}});
    }
    state["reports"] = std::move(reports);
    json::array returns;
    for (const auto& r : m_returns) {
        returns.push_back(json::object{{"order_id", r.order_id},
                                       {"sku", r.sku},
                                       {"quantity", r.quantity},
                                       {"channel", r.channel},
                                       {"marketplace_id", return_marketplace(r)},
                                       {"return_date", format_rfc3339(r.return_date)},
                                       {"status", r.status},
                                       {"disposition", r.disposition},
                                       {"rma_id", r.rma_id},
                                       {"license_plate_number", r.license_plate}});
    }
    state["returns"] = std::move(returns);
    json::object calls;
    for (const auto& [op, n] : m_calls) {
        calls[op] = n;
    }
    state["calls"] = std::move(calls);
    json::object throttled;
    for (const auto& [op, n] : m_throttled) {
        throttled[op] = n;
    }
    state["throttled"] = std::move(throttled);
    state["confirmations"] = m_confirmations;
    return state;
}

Response Sandbox::handle_control(const Request& request) {
    const auto action = request.path.substr(std::string_view("/_sandbox/").size());
    json::value body;
    if (request.method == "POST" && !request.body.empty()) {
        boost::system::error_code ec;
        body = json::parse(request.body, ec);
        if (ec) {
            return error_response(400, "InvalidInput", "The control request body is not JSON.",
                                  ec.message());
        }
    }
    const auto field = [&](std::string_view key) -> const json::value* {
        return body.is_object() ? body.as_object().if_contains(key) : nullptr;
    };
    if (action == "shutdown" && request.method == "POST") {
        m_shutdown = true;
        return ok_json({{"stopping", true}});
    }
    if (action == "faults" && request.method == "POST") {
        if (auto r = m_faults.set(body.is_null() ? json::value(json::object()) : body); !r) {
            return error_response(400, "InvalidInput", r.error().message);
        }
        return ok_json({{"ok", true}});
    }
    std::lock_guard lock(m_mutex);
    Millis now = m_clock.now();
    if (action == "state" && request.method == "GET") {
        advance_jobs(now);
        return ok_json(state_snapshot(now));
    }
    if (request.method != "POST") {
        return error_response(404, "NotFound",
                              "Unknown control call " + request.method + " " + request.path +
                                  "; see tests/sandbox/README.md");
    }
    if (action == "clock") {
        if (const auto* adv = field("advance_s"); adv && adv->is_number()) {
            m_clock.advance(static_cast<Millis>(adv->to_number<double>() * 1000.0));
        } else if (const auto* set = field("set"); set && set->is_string()) {
            const auto t = parse_rfc3339(set->as_string());
            if (!t) {
                return error_response(400, "InvalidInput", "clock.set must be RFC 3339");
            }
            m_clock.set(*t);
        } else {
            return error_response(400, "InvalidInput",
                                  "clock: give {\"advance_s\": N} or {\"set\": RFC3339}");
        }
        now = m_clock.now();
        advance_jobs(now);
        return ok_json({{"now", format_rfc3339(now)}});
    }
    if (action == "orders") {
        const auto* list = field("orders");
        if (list == nullptr || !list->is_array()) {
            return error_response(400, "InvalidInput", "orders: give {\"orders\": [Order...]}");
        }
        std::size_t index = 0;
        for (const auto& o : list->as_array()) {
            if (!o.is_object()) {
                return error_response(400, "InvalidInput",
                                      "orders[" + std::to_string(index) + "] must be an object");
            }
            if (auto r = add_order_document(o.as_object()); !r) {
                return error_response(400, "InvalidInput",
                                      "orders[" + std::to_string(index) +
                                          "]: " + r.error().message);
            }
            ++index;
        }
        return ok_json({{"orders", index}});
    }
    if (action == "listings") {
        const auto* list = field("listings");
        if (list == nullptr || !list->is_array()) {
            return error_response(400, "InvalidInput", "listings: give {\"listings\": [...]}");
        }
        std::vector<Listing> parsed;
        std::size_t index = 0;
        for (const auto& l : list->as_array()) {
            auto listing = listing_from_json(l, now);
            if (!listing) {
                return error_response(400, "InvalidInput",
                                      "listings[" + std::to_string(index) +
                                          "]: " + listing.error().message);
            }
            parsed.push_back(std::move(*listing));
            ++index;
        }
        for (auto& l : parsed) {
            Listing* same = nullptr;
            for (const auto pos : listing_positions(l.sku)) {
                if (m_listings[pos].marketplace_id == l.marketplace_id) {
                    same = &m_listings[pos];
                }
            }
            if (same != nullptr) {
                *same = std::move(l);
            } else {
                add_listing(std::move(l));
            }
        }
        return ok_json({{"listings", index}});
    }
    if (action == "returns") {
        const auto* list = field("returns");
        if (list == nullptr || !list->is_array()) {
            return error_response(400, "InvalidInput", "returns: give {\"returns\": [...]}");
        }
        std::vector<ReturnRecord> parsed;
        for (const auto& r : list->as_array()) {
            auto record = return_from_json(r, now);
            if (!record) {
                return error_response(400, "InvalidInput",
                                      "returns[" + std::to_string(parsed.size()) +
                                          "]: " + record.error().message);
            }
            parsed.push_back(std::move(*record));
        }
        json::array ids;
        for (auto& r : parsed) {
            add_return(std::move(r));
            ids.emplace_back(m_returns.back().rma_id);
        }
        return ok_json({{"rma_ids", std::move(ids)}});
    }
    if (action == "return_update") {
        // A return changes at Amazon (an RMA is closed, an FBA unit is re-graded): the next
        // reports show the new status / disposition under the same ids.
        const auto rma = field("rma_id");
        const auto lpn = field("license_plate_number");
        ReturnRecord* found = nullptr;
        for (auto& r : m_returns) {
            if ((rma && rma->is_string() && r.rma_id == rma->as_string()) ||
                (lpn && lpn->is_string() && r.license_plate == lpn->as_string())) {
                found = &r;
            }
        }
        if (found == nullptr) {
            return error_response(404, "NotFound",
                                  "return_update: give the rma_id or license_plate_number of a "
                                  "recorded return");
        }
        if (const auto* status = field("status"); status && status->is_string()) {
            found->status = std::string(status->as_string());
        }
        if (const auto* disposition = field("disposition");
            disposition && disposition->is_string()) {
            found->disposition = std::string(disposition->as_string());
        }
        return ok_json({{"rma_id", found->rma_id}});
    }
    if (action == "cancellation_requests") {
        const auto* list = field("requests");
        if (list == nullptr) {
            return error_response(400, "InvalidInput",
                                  "cancellation_requests: give {\"requests\": [{\"order_id\": "
                                  "..., \"order_item_ids\": [...], \"reason\": ...}]}");
        }
        if (auto r = add_cancellation_requests(*list, "requests"); !r) {
            return error_response(400, "InvalidInput", r.error().message);
        }
        return ok_json({{"requests", list->is_array() ? list->as_array().size() : 0}});
    }
    if (action == "amazon_cancellations") {
        const auto* list = field("cancellations");
        if (list == nullptr) {
            return error_response(400, "InvalidInput",
                                  "amazon_cancellations: give {\"cancellations\": [{\"order_id\": "
                                  "..., \"order_item_id\": ..., \"quantity\": N, \"by\": "
                                  "\"AMAZON\"|\"BUYER\", \"reason\": ...}]}");
        }
        if (auto r = add_amazon_cancellations(*list, "cancellations"); !r) {
            return error_response(400, "InvalidInput", r.error().message);
        }
        return ok_json({{"cancellations", list->is_array() ? list->as_array().size() : 0}});
    }
    if (action == "generate") {
        const auto* count = field("count");
        const auto* seed = field("seed");
        if (count == nullptr || !count->is_number()) {
            return error_response(400, "InvalidInput",
                                  "generate: give {\"count\": N, \"seed\": S, "
                                  "\"live_hours\": H (optional)}");
        }
        const auto* live = field("live_hours");
        if (live != nullptr && (!live->is_number() || live->to_number<double>() <= 0)) {
            return error_response(400, "InvalidInput", "generate: live_hours must be > 0");
        }
        const auto before = m_orders.size();
        generate_orders(count->to_number<std::uint64_t>(),
                        seed && seed->is_number() ? seed->to_number<std::uint64_t>() : 1,
                        live ? static_cast<Millis>(live->to_number<double>() * k_hour) : 0);
        return ok_json({{"generated", m_orders.size() - before}});
    }
    if (action == "reset") {
        m_clock.reset();
        m_faults.clear();
        m_plans.reset();
        (void)rebuild_start_state(); // the scenario was checked at start-up
        return ok_json({{"now", format_rfc3339(m_clock.now())}});
    }
    return error_response(404, "NotFound",
                          "Unknown control call " + request.path + "; see tests/sandbox/README.md");
}

} // namespace amzconn::sandbox
