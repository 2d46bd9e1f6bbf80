// POST_ORDER_ACKNOWLEDGEMENT_DATA: StatusCode=Failure cancels unshipped orders or items with a
// validated CancelReason; the XML processing report names every message that failed.
#include "sandbox.hpp"

#include <array>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 10> k_cancel_reasons = {"NoInventory",
                                                               "ShippingAddressUndeliverable",
                                                               "CustomerExchange",
                                                               "BuyerCanceled",
                                                               "GeneralAdjustment",
                                                               "CarrierCreditDecision",
                                                               "RiskAssessmentInformationNotValid",
                                                               "CarrierCoverageFailure",
                                                               "CustomerReturn",
                                                               "MerchandiseNotReceived"};

// Minimal element scanning: enough for the flat, namespace-free envelopes feeds use.
std::vector<std::string> elements(std::string_view xml, std::string_view tag) {
    std::vector<std::string> out;
    std::string open = "<";
    open.append(tag).append(">");
    std::string close = "</";
    close.append(tag).append(">");
    std::size_t pos = 0;
    while ((pos = xml.find(open, pos)) != std::string_view::npos) {
        const auto start = pos + open.size();
        const auto end = xml.find(close, start);
        if (end == std::string_view::npos) {
            break;
        }
        out.emplace_back(xml.substr(start, end - start));
        pos = end + close.size();
    }
    return out;
}

std::string element(std::string_view xml, std::string_view tag) {
    auto all = elements(xml, tag);
    if (all.empty()) {
        return {};
    }
    auto& v = all.front();
    const auto first = v.find_first_not_of(" \t\r\n");
    const auto last = v.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : v.substr(first, last - first + 1);
}

std::string escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

} // namespace

Result<void> Sandbox::cancel_order_items(const std::string& order_id,
                                         const std::vector<std::string>& item_ids,
                                         const std::string& reason, Millis now) {
    const auto it = m_order_index.find(order_id);
    const OrderVersion* v = it == m_order_index.end() ? nullptr : m_orders[it->second].current(now);
    if (v == nullptr) {
        return make_error(Status::not_found, "Order " + order_id + " was not found.");
    }
    auto& order = m_orders[it->second];
    if (order.amazon_fulfilled) {
        return make_error(Status::bad_input, "Order " + order_id +
                                                 " is fulfilled by Amazon; it cannot be cancelled "
                                                 "by the seller.");
    }
    if (v->status == "SHIPPED" || v->status == "CANCELLED") {
        return make_error(Status::conflict, "Order " + order_id + " is " + v->status +
                                                "; only unshipped orders can be cancelled.");
    }
    json::object doc = v->doc;
    auto& items = doc["orderItems"].as_array();
    std::vector<std::string> targets = item_ids;
    if (targets.empty()) {
        for (const auto& item : items) {
            targets.emplace_back(item.as_object().at("orderItemId").as_string());
        }
    }
    for (const auto& id : targets) {
        bool found = false;
        for (auto& item : items) {
            auto& o = item.as_object();
            if (o.at("orderItemId").as_string() != id) {
                continue;
            }
            found = true;
            const auto* f = o.if_contains("fulfillment");
            const auto* shipped =
                f && f->is_object() ? f->as_object().if_contains("quantityFulfilled") : nullptr;
            if (shipped && shipped->is_number() && shipped->to_number<std::int64_t>() > 0) {
                return make_error(Status::conflict,
                                  "Order item " + id +
                                      " has already shipped; it cannot be cancelled.");
            }
        }
        if (!found) {
            return make_error(Status::bad_input,
                              "Order item " + id + " is not part of order " + order_id + ".");
        }
    }
    bool all_cancelled = true;
    bool any_shipped = false;
    bool all_rest_shipped = true;
    for (auto& item : items) {
        auto& o = item.as_object();
        const std::string id(o.at("orderItemId").as_string());
        if (std::find(targets.begin(), targets.end(), id) != targets.end()) {
            o["cancellation"] = {
                {"cancellationExecution", {{"cancelledBy", "MERCHANT"}, {"cancelReason", reason}}}};
            auto& f = o["fulfillment"];
            if (!f.is_object()) {
                f = json::object{{"quantityFulfilled", 0}};
            }
            f.as_object()["quantityUnfulfilled"] = 0;
        }
        if (o.contains("cancellation")) {
            continue;
        }
        all_cancelled = false;
        const auto* f = o.if_contains("fulfillment");
        const auto* un =
            f && f->is_object() ? f->as_object().if_contains("quantityUnfulfilled") : nullptr;
        const auto* sh =
            f && f->is_object() ? f->as_object().if_contains("quantityFulfilled") : nullptr;
        if (sh && sh->is_number() && sh->to_number<std::int64_t>() > 0) {
            any_shipped = true;
        }
        if (!un || !un->is_number() || un->to_number<std::int64_t>() > 0) {
            all_rest_shipped = false;
        }
    }
    std::string status = v->status;
    if (all_cancelled) {
        status = "CANCELLED";
    } else if (all_rest_shipped) {
        status = "SHIPPED";
    } else if (any_shipped) {
        status = "PARTIALLY_SHIPPED";
    }
    doc["fulfillment"].as_object()["fulfillmentStatus"] = status;
    push_version(order, std::move(doc), now);
    json::array ids;
    for (const auto& id : targets) {
        ids.emplace_back(id);
    }
    order.cancellations.push_back(json::object{
        {"orderItemIds", std::move(ids)}, {"reason", reason}, {"time", format_rfc3339(now)}});
    return {};
}

std::string Sandbox::process_acknowledgement_feed(const Job& feed, const std::string& text,
                                                  Millis now) {
    std::int64_t processed = 0;
    std::int64_t ok = 0;
    std::string results;
    const auto fail = [&](const std::string& message_id, const std::string& order_id,
                          const std::string& code, const std::string& description) {
        results += "<Result><MessageID>" + escape(message_id) +
                   "</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>" + code +
                   "</ResultMessageCode><ResultDescription>" + escape(description) +
                   "</ResultDescription><AdditionalInfo><AmazonOrderID>" + escape(order_id) +
                   "</AmazonOrderID></AdditionalInfo></Result>";
    };
    for (const auto& message : elements(text, "Message")) {
        ++processed;
        const auto message_id = element(message, "MessageID");
        const auto ack = element(message, "OrderAcknowledgement");
        const auto order_id = element(ack, "AmazonOrderID");
        const auto status = element(ack, "StatusCode");
        if (order_id.empty() || (status != "Success" && status != "Failure")) {
            fail(message_id, order_id, "5000",
                 "OrderAcknowledgement needs AmazonOrderID and StatusCode Success or Failure.");
            continue;
        }
        if (status == "Success") {
            if (m_order_index.count(order_id) == 0) {
                fail(message_id, order_id, "18028", "Order " + order_id + " was not found.");
            } else {
                ++ok;
            }
            continue;
        }
        // Failure: cancel the listed items, or the whole order when none are listed.
        std::vector<std::string> ids;
        std::string reason;
        bool bad_reason = false;
        for (const auto& item : elements(ack, "Item")) {
            ids.push_back(element(item, "AmazonOrderItemCode"));
            const auto r = element(item, "CancelReason");
            if (std::find(k_cancel_reasons.begin(), k_cancel_reasons.end(), r) ==
                k_cancel_reasons.end()) {
                bad_reason = true;
                reason = r;
                break;
            }
            reason = r;
        }
        if (ids.empty()) {
            reason = element(ack, "CancelReason");
            if (reason.empty()) {
                reason = "GeneralAdjustment";
            } else if (std::find(k_cancel_reasons.begin(), k_cancel_reasons.end(), reason) ==
                       k_cancel_reasons.end()) {
                bad_reason = true;
            }
        }
        if (bad_reason) {
            fail(message_id, order_id, "5001",
                 "CancelReason '" + reason +
                     "' is not valid; use one of NoInventory, ShippingAddressUndeliverable, "
                     "CustomerExchange, BuyerCanceled, GeneralAdjustment, CarrierCreditDecision, "
                     "RiskAssessmentInformationNotValid, CarrierCoverageFailure, CustomerReturn, "
                     "MerchandiseNotReceived.");
            continue;
        }
        if (auto r = cancel_order_items(order_id, ids, reason, now); !r) {
            fail(message_id, order_id, "18029", r.error().message);
            continue;
        }
        ++ok;
    }
    const auto errors = processed - ok;
    // Appended piece by piece: long literal + string chains trip GCC 12's -Wrestrict at -O2.
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AmazonEnvelope><Header>"
                      "<DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>";
    out += m_seller_id;
    out += "</MerchantIdentifier></Header><MessageType>ProcessingReport</MessageType><Message>"
           "<MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>";
    out += feed.id;
    out += "</DocumentTransactionID><StatusCode>Complete</StatusCode><ProcessingSummary>"
           "<MessagesProcessed>";
    out += std::to_string(processed);
    out += "</MessagesProcessed><MessagesSuccessful>";
    out += std::to_string(ok);
    out += "</MessagesSuccessful><MessagesWithError>";
    out += std::to_string(errors);
    out += "</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary>";
    out += results;
    out += "</ProcessingReport></Message></AmazonEnvelope>\n";
    return out;
}

} // namespace amzconn::sandbox
