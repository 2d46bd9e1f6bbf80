// Orders v0 confirmShipment: the request checked like Amazon (the model's required fields, the
// order's marketplace and items, unshipped quantities, carrier and transparency rules) and applied
// as one package of the order; re-sending a packageReferenceId edits that package.
#include "order_items.hpp"
#include "sandbox.hpp"

#include <algorithm>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

struct ShipItem {
    std::string id;
    std::int64_t quantity = 0;
    json::array transparency_codes;
};

struct ShipRequest {
    std::string marketplace_id;
    std::string reference;
    std::string carrier_code;
    std::string carrier_name;
    std::string shipping_method;
    std::string tracking_number;
    Millis ship_date = 0;
    std::vector<ShipItem> items;
};

Failure<Error> bad(std::string message) {
    return Failure{Error{Status::bad_input, std::move(message)}};
}

std::string text(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Result<ShipItem> parse_item(const json::value& entry, std::size_t index) {
    const std::string where = "packageDetail.orderItems[" + std::to_string(index) + "]";
    if (!entry.is_object()) {
        return bad(where + " must be an object.");
    }
    const auto& o = entry.as_object();
    ShipItem item;
    item.id = text(o, "orderItemId");
    if (item.id.empty()) {
        return bad(where + ".orderItemId is required.");
    }
    const auto* qty = o.if_contains("quantity");
    if (qty == nullptr || !qty->is_int64() || qty->as_int64() < 1) {
        return bad(where + ".quantity is required and must be a positive integer.");
    }
    item.quantity = qty->as_int64();
    if (const auto* codes = o.if_contains("transparencyCodes")) {
        if (!codes->is_array()) {
            return bad(where + ".transparencyCodes must be an array of strings.");
        }
        item.transparency_codes = codes->as_array();
    }
    return item;
}

// The body alone: JSON shape and the model's required fields.
Result<ShipRequest> parse_request(const std::string& body_text) {
    boost::system::error_code ec;
    const auto parsed = json::parse(body_text, ec);
    if (ec || !parsed.is_object()) {
        return bad("The request body must be a ConfirmShipmentRequest JSON object.");
    }
    const auto& body = parsed.as_object();
    ShipRequest r;
    r.marketplace_id = text(body, "marketplaceId");
    if (r.marketplace_id.empty()) {
        return bad("marketplaceId is required.");
    }
    const auto* detail_v = body.if_contains("packageDetail");
    if (detail_v == nullptr || !detail_v->is_object()) {
        return bad("packageDetail is required.");
    }
    if (const auto* cod = body.if_contains("codCollectionMethod")) {
        if (!cod->is_string() || cod->as_string() != "DirectPayment") {
            return bad("codCollectionMethod must be DirectPayment.");
        }
        if (r.marketplace_id != "A1VC38T7YXB528") {
            return bad("codCollectionMethod is only supported in the JP marketplace.");
        }
    }
    const auto& detail = detail_v->as_object();
    r.reference = text(detail, "packageReferenceId");
    if (r.reference.empty() || r.reference.find_first_not_of("0123456789") != std::string::npos ||
        r.reference.find_first_not_of('0') == std::string::npos) {
        return bad("packageDetail.packageReferenceId must be a positive numeric string.");
    }
    r.carrier_code = text(detail, "carrierCode");
    if (r.carrier_code.empty()) {
        return bad("packageDetail.carrierCode is required.");
    }
    r.carrier_name = text(detail, "carrierName");
    if (r.carrier_code == "Other" && r.carrier_name.empty()) {
        return bad("packageDetail.carrierName is required when carrierCode is Other.");
    }
    r.tracking_number = text(detail, "trackingNumber");
    if (r.tracking_number.empty()) {
        return bad("packageDetail.trackingNumber is required.");
    }
    const auto ship_date = parse_rfc3339(text(detail, "shipDate"));
    if (!ship_date) {
        return bad("packageDetail.shipDate is required in ISO 8601 date-time format.");
    }
    r.ship_date = *ship_date;
    r.shipping_method = text(detail, "shippingMethod");
    const auto* items = detail.if_contains("orderItems");
    if (items == nullptr || !items->is_array() || items->as_array().empty()) {
        return bad("packageDetail.orderItems must list at least one item.");
    }
    for (std::size_t i = 0; i < items->as_array().size(); ++i) {
        TRY_ASSIGN(auto item, parse_item(items->as_array()[i], i));
        r.items.push_back(std::move(item));
    }
    return r;
}

bool has_program(const json::object& o, std::string_view program) {
    const auto* p = o.if_contains("programs");
    if (p == nullptr || !p->is_array()) {
        return false;
    }
    const auto& list = p->as_array();
    return std::find(list.begin(), list.end(), json::value(program)) != list.end();
}

// The order may take a package: channel, status and programs.
Result<void> check_order(const OrderRecord& order, const OrderVersion& current,
                         const ShipRequest& r, bool edit) {
    if (r.marketplace_id != order.marketplace_id) {
        return bad("marketplaceId " + r.marketplace_id + " is not the marketplace of order " +
                   order.id + ".");
    }
    if (order.amazon_fulfilled) {
        return bad("Order " + order.id +
                   " is fulfilled by Amazon; only seller-fulfilled orders can be confirmed.");
    }
    if (has_program(current.doc, "FBM_SHIP_PLUS")) {
        return bad("Order " + order.id + " is a Ship+ order; Amazon confirms its shipment.");
    }
    const auto& s = current.status;
    if (s == "SHIPPED" && !edit) {
        return bad("Order " + order.id +
                   " is already shipped; resend an existing "
                   "packageReferenceId to edit a package.");
    }
    if (s != "UNSHIPPED" && s != "PARTIALLY_SHIPPED" && s != "SHIPPED") {
        return bad("Order " + order.id + " is " + s +
                   "; only UNSHIPPED or PARTIALLY_SHIPPED orders can be confirmed.");
    }
    return {};
}

// Checks every item against the order (quantities already in `previous` are given back first)
// and applies the shipped quantities to `doc`.
Result<void> apply_items(json::object& doc, const std::string& order_id, const ShipRequest& r,
                         const std::map<std::string, std::int64_t>& previous) {
    std::map<std::string, std::int64_t> wanted;
    for (const auto& item : r.items) {
        wanted[item.id] += item.quantity;
    }
    for (const auto& [id, quantity] : wanted) {
        auto* item = find_item(doc, id);
        if (item == nullptr) {
            return bad("Order item " + id + " is not part of order " + order_id + ".");
        }
        auto q = item_quantities(*item);
        const auto given_back = previous.count(id) ? previous.at(id) : 0;
        const auto unshipped = q.unshipped + given_back;
        if (unshipped == 0 && q.cancelled() > 0) {
            return bad("Order item " + id + " is cancelled.");
        }
        if (quantity > unshipped) {
            return bad("Quantity " + std::to_string(quantity) + " for order item " + id +
                       " exceeds its unshipped quantity (" + std::to_string(unshipped) + ").");
        }
        if (has_program(*item, "TRANSPARENCY")) {
            std::size_t codes = 0;
            for (const auto& x : r.items) {
                codes += x.id == id ? x.transparency_codes.size() : 0;
            }
            if (codes != static_cast<std::size_t>(quantity)) {
                return bad("Order item " + id +
                           " is a Transparency item: send one "
                           "transparencyCodes entry per unit shipped.");
            }
        }
    }
    // Give back the edited package first, then ship the new quantities.
    for (const auto& [id, quantity] : previous) {
        if (auto* item = find_item(doc, id)) {
            const auto q = item_quantities(*item);
            set_item_quantities(*item, q.shipped - quantity, q.unshipped + quantity);
        }
    }
    for (const auto& [id, quantity] : wanted) {
        auto* item = find_item(doc, id);
        const auto q = item_quantities(*item);
        set_item_quantities(*item, q.shipped + quantity, q.unshipped - quantity);
    }
    return {};
}

// Removes the package `reference` from the document; returns its item quantities.
std::map<std::string, std::int64_t> take_package(json::array& packages,
                                                 const std::string& reference) {
    std::map<std::string, std::int64_t> previous;
    for (auto it = packages.begin(); it != packages.end();) {
        const auto& pkg = it->as_object();
        if (text(pkg, "packageReferenceId") != reference) {
            ++it;
            continue;
        }
        if (const auto* items = pkg.if_contains("packageItems"); items && items->is_array()) {
            for (const auto& x : items->as_array()) {
                previous[text(x.as_object(), "orderItemId")] +=
                    x.at("quantity").to_number<std::int64_t>();
            }
        }
        it = packages.erase(it);
    }
    return previous;
}

json::object package_of(const ShipRequest& r, Millis now) {
    json::array items;
    for (const auto& item : r.items) {
        json::object x{{"orderItemId", item.id}, {"quantity", item.quantity}};
        if (!item.transparency_codes.empty()) {
            x["transparencyCodes"] = item.transparency_codes;
        }
        items.push_back(std::move(x));
    }
    json::object pkg;
    pkg["packageReferenceId"] = r.reference;
    pkg["createdTime"] = format_rfc3339(now);
    pkg["packageStatus"] = {{"status", "SHIPPED"}};
    pkg["carrier"] = r.carrier_code == "Other" ? r.carrier_name : r.carrier_code;
    pkg["shipTime"] = format_rfc3339(r.ship_date);
    if (!r.shipping_method.empty()) {
        pkg["shippingService"] = r.shipping_method;
    }
    pkg["trackingNumber"] = r.tracking_number;
    pkg["packageItems"] = std::move(items);
    return pkg;
}

// What the control API shows of an accepted confirmation: the request as Amazon holds it.
json::object shipment_of(const ShipRequest& r, const json::array& items, Millis now) {
    json::object s{{"packageReferenceId", r.reference},
                   {"carrierCode", r.carrier_code},
                   {"trackingNumber", r.tracking_number},
                   {"shipDate", format_rfc3339(r.ship_date)},
                   {"orderItems", items},
                   {"confirmedTime", format_rfc3339(now)}};
    if (!r.carrier_name.empty()) {
        s["carrierName"] = r.carrier_name;
    }
    if (!r.shipping_method.empty()) {
        s["shippingMethod"] = r.shipping_method;
    }
    return s;
}

} // namespace

Result<void> Sandbox::confirm_shipment(OrderRecord& order, const std::string& body, Millis now) {
    TRY_ASSIGN(const auto request, parse_request(body));
    const auto* current = order.current(now);
    json::object doc = current->doc;
    json::array packages;
    if (const auto* p = doc.if_contains("packages"); p && p->is_array()) {
        packages = p->as_array();
    }
    const auto previous = take_package(packages, request.reference);
    const bool edit = !previous.empty();
    TRY(check_order(order, *current, request, edit));
    TRY(apply_items(doc, order.id, request, previous));
    auto pkg = package_of(request, now);
    const auto items = pkg.at("packageItems").as_array();
    packages.push_back(std::move(pkg));
    doc["packages"] = std::move(packages);
    doc["fulfillment"].as_object()["fulfillmentStatus"] = derived_status(doc, current->status);
    push_version(order, std::move(doc), now);
    auto shipment = shipment_of(request, items, now);
    auto& list = order.shipments;
    const auto same = std::find_if(list.begin(), list.end(), [&](const json::value& s) {
        return text(s.as_object(), "packageReferenceId") == request.reference;
    });
    if (same != list.end()) {
        *same = std::move(shipment);
    } else {
        list.push_back(std::move(shipment));
    }
    ++order.confirmations;
    ++m_confirmations;
    return {};
}

Response Sandbox::handle_confirm_shipment(const Request& request) {
    const Millis now = m_clock.now();
    const auto seg_end = request.path.rfind('/');
    const auto seg_start = request.path.rfind('/', seg_end - 1);
    const auto id = request.path.substr(seg_start + 1, seg_end - seg_start - 1);
    const auto it = m_order_index.find(id);
    if (it == m_order_index.end() || m_orders[it->second].current(now) == nullptr) {
        return error_response(404, "NotFound", "Order " + id + " was not found.",
                              "Check the order id; orders appear once Amazon has them.");
    }
    if (auto done = confirm_shipment(m_orders[it->second], request.body, now); !done) {
        return error_response(400, "InvalidInput", done.error().message);
    }
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

} // namespace amzconn::sandbox
