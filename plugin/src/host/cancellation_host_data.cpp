#include "host/cancellation_host_data.hpp"

#include "base/time.hpp"
#include "host/entity_pages.hpp"
#include "host/host_json.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

Result<std::vector<cancellations::CancelLine>> parse_lines(const json::object& doc,
                                                           const std::string& where) {
    std::vector<cancellations::CancelLine> lines;
    const auto* value = doc.if_contains("lines");
    if (!value || value->is_null()) {
        return lines;
    }
    if (!value->is_array()) {
        return Error{Status::bad_input, where + ".lines: must be an array"};
    }
    for (size_t i = 0; i < value->as_array().size(); ++i) {
        const auto& entry = value->as_array()[i];
        const std::string at = where + ".lines[" + std::to_string(i) + "]";
        if (!entry.is_object()) {
            return Error{Status::bad_input, at + ": must be an object"};
        }
        cancellations::CancelLine line{text_field(entry.as_object(), "sku"),
                                       int_field(entry.as_object(), "quantity")};
        if (line.sku.empty() || line.quantity <= 0) {
            return Error{Status::bad_input, at + ": needs a sku and a positive quantity"};
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace

std::string cancellation_key(std::string_view order,
                             const std::vector<cancellations::CancelLine>& lines) {
    if (lines.empty()) {
        return std::string(order);
    }
    auto sorted = lines;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.sku < b.sku; });
    std::string key = std::string(order) + "#";
    for (size_t i = 0; i < sorted.size(); ++i) {
        key += (i ? "," : "") + sorted[i].sku + ":" + std::to_string(sorted[i].quantity);
    }
    return key;
}

Result<HostCancellationDoc> parse_cancellation(const json::object& doc) {
    HostCancellationDoc out;
    auto& c = out.cancellation;
    c.order = text_field(doc, "order");
    if (c.order.empty()) {
        return Error{Status::bad_input, "cancellation: needs order (the sales order's key)"};
    }
    c.reason = text_field(doc, "reason");
    TRY_ASSIGN(c.lines, parse_lines(doc, "cancellation of " + c.order));
    c.key = cancellation_key(c.order, c.lines);
    out.fingerprint = document_fingerprint(doc);
    if (auto at = time::parse_rfc3339(text_field(doc, "cancelled_at"))) {
        out.cancelled_ms = at->unix_ms;
    }
    return out;
}

Result<StoreCancellations> read_store_cancellations(HostServices& host, std::string_view store) {
    StoreCancellations out;
    TRY(for_each_entity(
        host, "cancellation", json::object{{"store", store}}, [&](const json::object& doc) {
            auto parsed = parse_cancellation(doc);
            if (parsed) {
                out.cancellations.push_back(std::move(*parsed));
            } else {
                out.unreadable.emplace_back(text_field(doc, "order"), parsed.error().message);
            }
        }));
    return out;
}

Result<std::string> read_order_status(HostServices& host, std::string_view order_key) {
    TRY_ASSIGN(const auto found,
               query_entities(host, "sales_order", {{"idempotency_key", order_key}, {"limit", 1}}));
    if (found.empty() || !found.front().is_object()) {
        return std::string();
    }
    return text_field(found.front().as_object(), "status");
}

} // namespace amzconn::plugin
