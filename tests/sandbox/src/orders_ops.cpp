// Orders 2026-01-01 searchOrders/getOrder (filters, includedData, pagination tokens that bind the
// other parameters, the 2-minute rule); confirmShipment is in confirm_shipment.cpp.
#include "base64.hpp"
#include "sandbox.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <span>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 11> k_included = {
    "BUYER",       "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION",         "CANCELLATION",
    "FULFILLMENT", "PACKAGES",  "TAX",      "PAYMENT", "FULFILLMENT_ORDERS"};
constexpr std::array<std::string_view, 7> k_statuses = {
    "PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED",
    "UNFULFILLABLE"};

enum Included : unsigned {
    buyer = 1u << 0,
    recipient = 1u << 1,
    proceeds = 1u << 2,
    expense = 1u << 3,
    promotion = 1u << 4,
    cancellation = 1u << 5,
    fulfillment = 1u << 6,
    packages = 1u << 7,
    tax = 1u << 8,
    payment = 1u << 9,
    fulfillment_orders = 1u << 10,
};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

Result<unsigned> included_mask(const Request& request) {
    unsigned mask = 0;
    for (const auto& v : request.params("includedData")) {
        const auto it = std::find(k_included.begin(), k_included.end(), v);
        if (it == k_included.end()) {
            return make_error(Status::bad_input, "Invalid includedData value: " + v);
        }
        mask |= 1u << static_cast<unsigned>(it - k_included.begin());
    }
    return mask;
}

// Copies only the fields the includedData mask allows, keeping the document's field order.
json::object filtered(const json::object& doc, unsigned mask) {
    const auto allowed = [&](std::string_view key, bool item) {
        static constexpr std::pair<std::string_view, unsigned> k_order_fields[] = {
            {"buyer", buyer},       {"recipient", recipient},
            {"proceeds", proceeds}, {"fulfillment", fulfillment},
            {"packages", packages}, {"tax", tax},
            {"payment", payment},   {"fulfillmentOrders", fulfillment_orders}};
        static constexpr std::pair<std::string_view, unsigned> k_item_fields[] = {
            {"proceeds", proceeds},         {"expense", expense},         {"promotion", promotion},
            {"cancellation", cancellation}, {"fulfillment", fulfillment}, {"tax", tax}};
        for (const auto& [name, bit] :
             item ? std::span<const std::pair<std::string_view, unsigned>>(k_item_fields)
                  : std::span<const std::pair<std::string_view, unsigned>>(k_order_fields)) {
            if (name == key) {
                return (mask & bit) != 0;
            }
        }
        return true;
    };
    json::object out;
    out.reserve(doc.size());
    for (const auto& [key, value] : doc) {
        if (!allowed(key, false)) {
            continue;
        }
        if (key == "orderItems" && value.is_array()) {
            json::array items;
            for (const auto& item : value.as_array()) {
                if (!item.is_object()) {
                    items.push_back(item);
                    continue;
                }
                json::object o;
                for (const auto& [k, v] : item.as_object()) {
                    if (allowed(k, true)) {
                        o[k] = v;
                    }
                }
                items.push_back(std::move(o));
            }
            out[key] = std::move(items);
        } else {
            out[key] = value;
        }
    }
    return out;
}

// A version served corrupted (OrderVersion::bad): what a broken Amazon answer looks like.
std::string corrupted(const OrderVersion& version, json::object doc, unsigned mask) {
    const auto& kind = version.bad;
    if (kind == "null") {
        return "null";
    }
    if (kind == "missing_id") {
        doc.erase("orderId");
    } else if (kind == "empty_id") {
        doc["orderId"] = "";
    } else if (kind == "id_not_string") {
        doc["orderId"] = 4031234567;
    } else if (kind == "long_id") {
        doc["orderId"] = text_of(doc, "orderId") + std::string(70, 'X');
    } else if (kind == "nul_id") {
        doc["orderId"] = text_of(doc, "orderId") + std::string(1, '\0') + "X";
    } else if (kind == "bad_field") {
        doc["createdTime"] = "yesterday";
    } else if (kind == "oversized" && (mask & proceeds) != 0) {
        // Only with optional data, like an order whose breakdowns run to megabytes.
        doc["proceeds"] = json::object{{"note", std::string(version.pad_bytes, 'P')}};
    }
    return json::serialize(doc);
}

const std::string& rendered(const OrderVersion& version, unsigned mask) {
    auto it = version.cache.find(mask);
    if (it == version.cache.end()) {
        auto doc = filtered(version.doc, mask);
        it = version.cache
                 .emplace(mask, version.bad.empty() ? json::serialize(doc)
                                                    : corrupted(version, std::move(doc), mask))
                 .first;
    }
    return it->second;
}

std::string fingerprint(const Request& request) {
    // Everything but maxResultsPerPage, includedData and the token must repeat on later pages.
    std::string text;
    for (const auto* key :
         {"createdAfter", "createdBefore", "lastUpdatedAfter", "lastUpdatedBefore",
          "fulfillmentStatuses", "marketplaceIds", "fulfilledBy"}) {
        text += key;
        text += '=';
        for (const auto& v : request.params(key)) {
            text += v + ",";
        }
        text += ';';
    }
    return std::to_string(std::hash<std::string>{}(text));
}

struct PageToken {
    std::int64_t offset = 0;
    Millis bound = 0;
    Millis issued = 0;
    std::string print;
};

std::string encode_token(const PageToken& t, std::uint64_t nonce) {
    return base64_encode("p1|" + std::to_string(t.offset) + "|" + std::to_string(t.bound) + "|" +
                         std::to_string(t.issued) + "|" + t.print + "|" + std::to_string(nonce));
}

std::optional<PageToken> decode_token(std::string_view text) {
    const auto raw = base64_decode(text);
    if (!raw || raw->rfind("p1|", 0) != 0) {
        return std::nullopt;
    }
    std::vector<std::string> parts;
    std::size_t start = 3;
    while (true) {
        const auto bar = raw->find('|', start);
        parts.push_back(
            raw->substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos) {
            break;
        }
        start = bar + 1;
    }
    if (parts.size() != 5) {
        return std::nullopt;
    }
    PageToken t;
    try {
        t.offset = std::stoll(parts[0]);
        t.bound = std::stoll(parts[1]);
        t.issued = std::stoll(parts[2]);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    t.print = parts[3];
    return t;
}

} // namespace

bool is_bad_order_kind(std::string_view kind) {
    for (std::string_view k : {"missing_id", "empty_id", "id_not_string", "long_id", "nul_id",
                               "null", "bad_field", "oversized"}) {
        if (k == kind) {
            return true;
        }
    }
    return false;
}

Response Sandbox::handle_search_orders(const Request& request, const Fault* fault) {
    const Millis now = m_clock.now();
    const auto created_after = request.param("createdAfter");
    const auto created_before = request.param("createdBefore");
    const auto updated_after = request.param("lastUpdatedAfter");
    const auto updated_before = request.param("lastUpdatedBefore");
    if (created_after.has_value() == updated_after.has_value()) {
        return invalid_input("Exactly one of createdAfter and lastUpdatedAfter must be provided.");
    }
    if ((created_after && updated_before) || (updated_after && created_before)) {
        return invalid_input("createdAfter/createdBefore and lastUpdatedAfter/lastUpdatedBefore "
                             "cannot be combined.");
    }
    const bool by_created = created_after.has_value();
    const std::string after_name = by_created ? "createdAfter" : "lastUpdatedAfter";
    const std::string before_name = by_created ? "createdBefore" : "lastUpdatedBefore";
    const auto after = parse_rfc3339(by_created ? *created_after : *updated_after);
    if (!after) {
        return invalid_input(after_name + " must be an ISO 8601 date-time.");
    }
    const Millis limit = now - 2 * k_minute;
    if (*after > limit) {
        return invalid_input(after_name +
                             " must be at least two minutes before the time of the request.");
    }
    Millis bound = limit;
    if (const auto& before_text = by_created ? created_before : updated_before) {
        const auto before = parse_rfc3339(*before_text);
        if (!before) {
            return invalid_input(before_name + " must be an ISO 8601 date-time.");
        }
        if (*before > limit) {
            return invalid_input(before_name +
                                 " must be at least two minutes before the time of the request.");
        }
        if (*before < *after) {
            return invalid_input(before_name + " must be equal to or after " + after_name + ".");
        }
        bound = *before;
    }
    std::int64_t page_size = 100;
    if (const auto size = request.param("maxResultsPerPage")) {
        auto [ptr, ec] = std::from_chars(size->data(), size->data() + size->size(), page_size);
        if (ec != std::errc{} || ptr != size->data() + size->size() || page_size < 1 ||
            page_size > 100) {
            return invalid_input("maxResultsPerPage must be an integer between 1 and 100.");
        }
    }
    const auto markets = request.params("marketplaceIds");
    if (markets.size() > 50) {
        return invalid_input("marketplaceIds accepts at most 50 values.");
    }
    for (const auto& m : markets) {
        if (std::find(m_marketplaces.begin(), m_marketplaces.end(), m) == m_marketplaces.end()) {
            return invalid_input("Invalid marketplaceId: " + m,
                                 "The seller does not participate in this marketplace.");
        }
    }
    const auto statuses = request.params("fulfillmentStatuses");
    for (const auto& s : statuses) {
        if (!one_of(k_statuses, s)) {
            return invalid_input("Invalid fulfillmentStatuses value: " + s);
        }
    }
    const auto by = request.params("fulfilledBy");
    for (const auto& b : by) {
        if (b != "MERCHANT" && b != "AMAZON") {
            return invalid_input("Invalid fulfilledBy value: " + b);
        }
    }
    const auto mask = included_mask(request);
    if (!mask) {
        return invalid_input(mask.error().message);
    }
    const std::string print = fingerprint(request);
    std::int64_t offset = 0;
    const auto token_text = request.param("paginationToken");
    const std::string kind = fault ? fault->kind : "";
    if (kind == "reject_token") {
        return invalid_input("Invalid Input", "could not decode your NextToken");
    }
    if (token_text) {
        const auto token = decode_token(*token_text);
        if (!token) {
            return invalid_input("Invalid Input", "could not decode your NextToken");
        }
        if (token->print != print) {
            return invalid_input(
                "The paginationToken does not match the request.",
                "Every parameter except maxResultsPerPage and includedData must repeat "
                "the values of the first request.");
        }
        if (now - token->issued > 24 * k_hour) {
            return invalid_input("The paginationToken has expired.",
                                 "Tokens expire after 24 hours; restart from your cursor.");
        }
        offset = token->offset;
        bound = token->bound;
    }

    // Walk the sorted index from `after`: matches [serve_from, serve_from + page_size) are served,
    // and one more match beyond the page decides whether a nextToken is due.
    refresh_order_index(now);
    const auto& index = by_created ? m_index_created : m_index_updated;
    std::int64_t serve_from = offset;
    std::int64_t next_offset = offset + page_size;
    if (kind == "duplicate_page") {
        serve_from = std::max<std::int64_t>(0, offset - page_size);
        next_offset = offset; // a new token to the page that was due, after the repeat
    }
    std::vector<const IndexEntry*> page;
    const IndexEntry* first_match = nullptr;
    bool more = false;
    std::int64_t matched = 0;
    auto it = std::lower_bound(index.begin(), index.end(), *after,
                               [](const IndexEntry& e, Millis t) { return e.key < t; });
    for (; it != index.end() && it->key <= bound; ++it) {
        const auto& order = m_orders[it->order];
        if (!markets.empty() &&
            std::find(markets.begin(), markets.end(), order.marketplace_id) == markets.end()) {
            continue;
        }
        if (!statuses.empty() &&
            std::find(statuses.begin(), statuses.end(), it->version->status) == statuses.end()) {
            continue;
        }
        if (!by.empty() && std::find(by.begin(), by.end(),
                                     order.amazon_fulfilled ? "AMAZON" : "MERCHANT") == by.end()) {
            continue;
        }
        if (first_match == nullptr) {
            first_match = &*it;
        }
        if (matched >= serve_from && matched < serve_from + page_size) {
            page.push_back(&*it);
        }
        if (matched >= next_offset) {
            more = true;
            break;
        }
        ++matched;
    }
    if (kind == "unsorted_page") {
        std::reverse(page.begin(), page.end()); // newest first: a page not in the walk's order
    }
    std::string body;
    body.reserve(static_cast<std::size_t>(page_size) * 1500 + 256);
    body += "{\"orders\":[";
    for (std::size_t i = 0; i < page.size(); ++i) {
        if (i > 0) {
            body += ',';
        }
        body += rendered(*page[i]->version, *mask);
    }
    body += ']';
    std::string next;
    PageToken t{next_offset, bound, token_text ? decode_token(*token_text)->issued : now, print};
    if (kind == "repeat_token") {
        next = token_text ? *token_text : encode_token({0, bound, now, print}, ++m_id_counter);
    } else if (kind == "duplicate_page" || more) {
        next = encode_token(t, ++m_id_counter);
    }
    if (!next.empty()) {
        body += ",\"pagination\":{\"nextToken\":" + json::serialize(json::string(next)) + "}";
    }
    body += ",\"" + before_name + "\":\"" + format_rfc3339(bound) + "\"}";
    if (kind == "mutate_during_pagination" && first_match != nullptr) {
        // The earliest order of the walk changes now: its lastUpdatedTime jumps past the bound.
        auto& order = m_orders[first_match->order];
        json::object doc = first_match->version->doc;
        push_version(order, std::move(doc), now);
    }
    Response r;
    r.body = std::move(body);
    return r;
}

Response Sandbox::handle_get_order(const Request& request) {
    const Millis now = m_clock.now();
    const auto id = request.path.substr(request.path.rfind('/') + 1);
    const auto mask = included_mask(request);
    if (!mask) {
        return invalid_input(mask.error().message);
    }
    const auto it = m_order_index.find(id);
    const OrderVersion* v = it == m_order_index.end() ? nullptr : m_orders[it->second].current(now);
    if (v == nullptr) {
        return error_response(404, "NotFound", "Order " + id + " was not found.",
                              "Check the order id; orders appear once Amazon has them.");
    }
    Response r;
    r.body = "{\"order\":" + rendered(*v, *mask) + "}";
    return r;
}

void Sandbox::refresh_order_index(Millis now) {
    if (m_index_generation == m_orders_generation && now >= m_index_built_at &&
        now < m_index_valid_until) {
        return;
    }
    m_index_created.clear();
    m_index_updated.clear();
    Millis next_change = std::numeric_limits<Millis>::max();
    for (std::size_t i = 0; i < m_orders.size(); ++i) {
        const auto& order = m_orders[i];
        for (const auto& v : order.versions) {
            if (v.visible > now) {
                next_change = std::min(next_change, v.visible);
            }
        }
        const auto* v = order.current(now);
        if (v == nullptr) {
            continue;
        }
        m_index_created.push_back({order.created, i, v});
        m_index_updated.push_back({v->effective, i, v});
    }
    const auto by_key = [this](const IndexEntry& a, const IndexEntry& b) {
        return a.key != b.key ? a.key < b.key : m_orders[a.order].id < m_orders[b.order].id;
    };
    std::sort(m_index_created.begin(), m_index_created.end(), by_key);
    std::sort(m_index_updated.begin(), m_index_updated.end(), by_key);
    m_index_generation = m_orders_generation;
    m_index_built_at = now;
    m_index_valid_until = next_change;
}

void Sandbox::push_version(OrderRecord& order, json::object doc, Millis now) {
    ++m_orders_generation;
    doc["lastUpdatedTime"] = format_rfc3339(now);
    OrderVersion v;
    v.effective = now;
    v.visible = now;
    if (const auto* f = doc.if_contains("fulfillment"); f && f->is_object()) {
        if (const auto* s = f->as_object().if_contains("fulfillmentStatus"); s && s->is_string()) {
            v.status = std::string(s->as_string());
        }
    }
    v.doc = std::move(doc);
    std::erase_if(order.versions, [&](const OrderVersion& old) { return old.visible > now; });
    order.versions.push_back(std::move(v));
}

} // namespace amzconn::sandbox
