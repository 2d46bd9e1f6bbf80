#include "orders_api.hpp"

#include "log_text.hpp"

#include <boost/json.hpp>
#include <set>

namespace amzconn::spapi::orders {

namespace bj = boost::json;

namespace {

std::string csv(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) {
            out += ',';
        }
        out += v;
    }
    return out;
}

} // namespace

std::string_view to_string(WalkEnd end) {
    switch (end) {
    case WalkEnd::complete:
        return "complete";
    case WalkEnd::stopped:
        return "stopped";
    case WalkEnd::repeated_token:
        return "repeated_token";
    case WalkEnd::page_limit:
        return "page_limit";
    }
    return "?";
}

Result<QueryParams> search_orders_params(const SearchOrdersQuery& q) {
    if (q.created_after.has_value() == q.last_updated_after.has_value()) {
        return Error{Status::bad_input,
                     "searchOrders needs exactly one of createdAfter and lastUpdatedAfter"};
    }
    if (q.created_after && (q.last_updated_before)) {
        return Error{Status::bad_input,
                     "searchOrders: lastUpdatedBefore cannot be combined with createdAfter"};
    }
    if (q.last_updated_after && q.created_before) {
        return Error{Status::bad_input,
                     "searchOrders: createdBefore cannot be combined with lastUpdatedAfter"};
    }
    if (q.marketplace_ids.size() > 50) {
        return Error{Status::bad_input, "searchOrders accepts at most 50 marketplace ids; split "
                                        "the stores' marketplaces into several walks"};
    }
    if (q.max_results_per_page < 1 || q.max_results_per_page > 100) {
        return Error{Status::bad_input, "searchOrders maxResultsPerPage must be 1-100"};
    }
    QueryParams p;
    if (q.created_after) {
        p.emplace_back("createdAfter", time::format_rfc3339(*q.created_after));
    }
    if (q.created_before) {
        p.emplace_back("createdBefore", time::format_rfc3339(*q.created_before));
    }
    if (q.last_updated_after) {
        p.emplace_back("lastUpdatedAfter", time::format_rfc3339(*q.last_updated_after));
    }
    if (q.last_updated_before) {
        p.emplace_back("lastUpdatedBefore", time::format_rfc3339(*q.last_updated_before));
    }
    if (!q.fulfillment_statuses.empty()) {
        p.emplace_back("fulfillmentStatuses", csv(q.fulfillment_statuses));
    }
    if (!q.marketplace_ids.empty()) {
        p.emplace_back("marketplaceIds", csv(q.marketplace_ids));
    }
    if (!q.fulfilled_by.empty()) {
        p.emplace_back("fulfilledBy", csv(q.fulfilled_by));
    }
    p.emplace_back("maxResultsPerPage", std::to_string(q.max_results_per_page));
    if (!q.included_data.empty()) {
        p.emplace_back("includedData", csv(q.included_data));
    }
    return p;
}

ApiResult<SearchOrdersPage> search_orders_page(SpApiClient& client, const QueryParams& params,
                                               const std::optional<std::string>& token) {
    ApiCall call;
    call.operation = "searchOrders";
    call.path = "/orders/2026-01-01/orders";
    call.query = params;
    if (token) {
        call.query.emplace_back("paginationToken", *token);
    }
    std::function<ApiResult<SearchOrdersPage>(const HttpResponse&)> parse =
        [](const HttpResponse& r) { return parse_search_orders(r.body, r.request_id()); };
    return client.send_parsed(call, parse);
}

namespace {

// The walk's parameters without includedData: each order then carries only its id, times, sales
// channel and items, so a page is a fraction of its full size. A pagination token binds every
// parameter but maxResultsPerPage and includedData, so the slim read continues the same walk.
QueryParams slim_params(const QueryParams& params, std::optional<int> per_page) {
    QueryParams out;
    for (const auto& [name, value] : params) {
        if (name == "includedData") {
            continue;
        }
        if (name == "maxResultsPerPage" && per_page) {
            out.emplace_back(name, std::to_string(*per_page));
            continue;
        }
        out.emplace_back(name, value);
    }
    return out;
}

// The ids of the orders of one page, read without optional data; when even that is over the
// limit, one order per request (up to the page size), following the tokens.
ApiResult<SearchOrdersPage> slim_page(SpApiClient& client, const QueryParams& params,
                                      const std::optional<std::string>& token, int page_size) {
    auto whole = search_orders_page(client, slim_params(params, std::nullopt), token);
    if (whole || !whole.error().too_large) {
        return whole;
    }
    SearchOrdersPage out;
    std::optional<std::string> next = token;
    for (int i = 0; i < page_size; ++i) {
        auto one = search_orders_page(client, slim_params(params, 1), next);
        if (!one) {
            if (one.error().too_large) {
                one.error().message = "one order (position " + std::to_string(i) +
                                      " of the page) is larger than the client's limit for one "
                                      "answer even without optional data, so amzconn cannot read "
                                      "it or its id; report the request id to Amazon";
            }
            return one.error();
        }
        if (out.request_id.empty()) {
            out.request_id = one->request_id;
            out.last_updated_before = one->last_updated_before;
            out.created_before = one->created_before;
        }
        for (auto& o : one->orders) {
            out.orders.push_back(std::move(o));
        }
        for (auto& r : one->rejected) {
            r.position = static_cast<size_t>(i);
            out.rejected.push_back(std::move(r));
        }
        next = one->next_token;
        if (!next || next->empty()) {
            break;
        }
    }
    out.next_token = next;
    return out;
}

// A page over the client's size limit (an order with a huge body): its orders' ids are read
// without optional data, then each order by getOrder. An order still too large for getOrder is
// handed back as rejected with its id, so the caller parks it and the walk goes on.
ApiResult<SearchOrdersPage> read_page_by_ids(SpApiClient& client, const QueryParams& params,
                                             const SearchOrdersQuery& query,
                                             const std::optional<std::string>& token,
                                             const ApiError& too_large) {
    client.log(LogLevel::info, too_large.request_id,
               "searchOrders: a page was larger than the client's limit for one answer; reading "
               "its order ids without optional data, then each order by getOrder");
    TRY_ASSIGN(auto ids, slim_page(client, params, token, query.max_results_per_page));
    SearchOrdersPage out;
    out.next_token = ids.next_token;
    out.last_updated_before = ids.last_updated_before;
    out.created_before = ids.created_before;
    out.request_id = ids.request_id;
    out.rejected = std::move(ids.rejected);
    for (const auto& slim : ids.orders) {
        auto full = get_order(client, slim.order_id, query.included_data);
        if (full) {
            out.orders.push_back(std::move(*full));
            continue;
        }
        if (full.error().kind != ErrorKind::data) {
            return full.error();
        }
        RejectedOrder rej;
        rej.order_id = slim.order_id;
        rej.error = full.error();
        if (rej.error.too_large) {
            rej.error.message += " (the order alone is over the limit)";
        }
        out.rejected.push_back(std::move(rej));
    }
    return out;
}

} // namespace

ApiResult<SearchOrdersPage> search_orders_page_whole(SpApiClient& client,
                                                     const SearchOrdersQuery& query,
                                                     const QueryParams& params,
                                                     const std::optional<std::string>& token) {
    auto page = search_orders_page(client, params, token);
    if (page || !page.error().too_large) {
        return page;
    }
    return read_page_by_ids(client, params, query, token, page.error());
}

ApiResult<WalkSummary> search_orders(SpApiClient& client, const SearchOrdersQuery& query,
                                     const PageHandler& on_page) {
    auto params = search_orders_params(query);
    if (!params) {
        ApiError e;
        e.kind = ErrorKind::permanent;
        e.operation = "searchOrders";
        e.message = params.error().message;
        return e;
    }
    WalkSummary summary;
    std::set<std::string> seen_tokens;
    std::optional<std::string> token;
    for (;;) {
        if (summary.pages >= client.options().max_pages) {
            summary.end = WalkEnd::page_limit;
            client.log(LogLevel::error, "",
                       "searchOrders: stopped after " + std::to_string(summary.pages) +
                           " pages (page limit); the next run continues from the cursor");
            return summary;
        }
        TRY_ASSIGN(auto page, search_orders_page_whole(client, query, *params, token));
        ++summary.pages;
        summary.orders += page.orders.size();
        summary.rejected += page.rejected.size();
        if (summary.pages == 1) {
            summary.last_updated_before = page.last_updated_before;
            summary.created_before = page.created_before;
        }
        for (const auto& rej : page.rejected) {
            client.log(LogLevel::error, rej.order_id,
                       rej.error.describe() + " (orders[" + std::to_string(rej.position) +
                           "] of the page)");
        }
        if (!on_page(page)) {
            summary.end = WalkEnd::stopped;
            return summary;
        }
        if (!page.next_token || page.next_token->empty()) {
            summary.end = WalkEnd::complete;
            return summary;
        }
        if (!seen_tokens.insert(*page.next_token).second) {
            summary.end = WalkEnd::repeated_token;
            client.log(LogLevel::error, page.request_id,
                       "searchOrders: Amazon returned a pagination token already used in this "
                       "walk; stopping instead of looping (the overlap window re-reads the rest)");
            return summary;
        }
        token = page.next_token;
    }
}

ApiResult<Order> get_order(SpApiClient& client, std::string_view order_id,
                           const std::vector<std::string>& included_data) {
    ApiCall call;
    call.operation = "getOrder";
    call.path = "/orders/2026-01-01/orders/" + percent_encode(order_id);
    if (!included_data.empty()) {
        call.query.emplace_back("includedData", csv(included_data));
    }
    std::function<ApiResult<Order>(const HttpResponse&)> parse = [](const HttpResponse& r) {
        return parse_get_order(r.body, r.request_id());
    };
    return client.send_parsed(call, parse);
}

Result<std::string> confirm_shipment_body(const ConfirmShipmentRequest& r) {
    auto need = [](const std::string& v, std::string_view name) -> Outcome {
        if (v.empty()) {
            return Error{Status::bad_input, "confirmShipment: " + std::string(name) + " is empty"};
        }
        return {};
    };
    for (auto [v, n] :
         {std::pair{&r.order_id, "order id"}, std::pair{&r.marketplace_id, "marketplace id"},
          std::pair{&r.package_reference_id, "packageReferenceId"},
          std::pair{&r.carrier_code, "carrierCode"},
          std::pair{&r.tracking_number, "trackingNumber"}}) {
        TRY(need(*v, n));
    }
    if (r.carrier_code == "Other" && r.carrier_name.empty()) {
        return Error{Status::bad_input, "confirmShipment: carrierCode Other needs a carrierName"};
    }
    if (r.items.empty()) {
        return Error{Status::bad_input, "confirmShipment: no order items in the package"};
    }
    bj::object pkg;
    pkg["packageReferenceId"] = r.package_reference_id;
    pkg["carrierCode"] = r.carrier_code;
    if (!r.carrier_name.empty()) {
        pkg["carrierName"] = r.carrier_name;
    }
    if (!r.shipping_method.empty()) {
        pkg["shippingMethod"] = r.shipping_method;
    }
    pkg["trackingNumber"] = r.tracking_number;
    pkg["shipDate"] = time::format_rfc3339(r.ship_date);
    if (!r.ship_from_supply_source_id.empty()) {
        pkg["shipFromSupplySourceId"] = r.ship_from_supply_source_id;
    }
    bj::array items;
    for (const auto& it : r.items) {
        if (it.order_item_id.empty() || it.quantity <= 0) {
            return Error{Status::bad_input,
                         "confirmShipment: every item needs an orderItemId and a quantity > 0"};
        }
        bj::object o;
        o["orderItemId"] = it.order_item_id;
        o["quantity"] = it.quantity;
        if (!it.transparency_codes.empty()) {
            bj::array codes;
            for (const auto& c : it.transparency_codes) {
                codes.emplace_back(c);
            }
            o["transparencyCodes"] = std::move(codes);
        }
        items.emplace_back(std::move(o));
    }
    pkg["orderItems"] = std::move(items);
    bj::object body;
    body["marketplaceId"] = r.marketplace_id;
    body["packageDetail"] = std::move(pkg);
    return bj::serialize(body);
}

ApiResult<ConfirmResult> confirm_shipment(SpApiClient& client,
                                          const ConfirmShipmentRequest& request) {
    auto body = confirm_shipment_body(request);
    if (!body) {
        ApiError e;
        e.kind = ErrorKind::permanent;
        e.operation = "confirmShipment";
        e.message = body.error().message;
        return e;
    }
    ApiCall call;
    call.operation = "confirmShipment";
    call.method = "POST";
    call.path = "/orders/v0/orders/" + percent_encode(request.order_id) + "/shipmentConfirmation";
    call.body = std::move(*body);
    call.idempotent = false;
    auto res = client.send(call);
    if (!res) {
        if (res.error().ambiguous) {
            ConfirmResult out;
            out.outcome = ConfirmOutcome::ambiguous;
            out.request_id = res.error().request_id;
            out.detail = res.error().message;
            client.log(LogLevel::info, request.order_id,
                       "confirmShipment: outcome unknown; re-read the order before sending again");
            return out;
        }
        return res.error();
    }
    ConfirmResult out;
    out.request_id = std::string(res->request_id());
    client.log(LogLevel::info, request.order_id,
               "confirmShipment: package " + log_safe(request.package_reference_id, 64) +
                   " confirmed [request id " + out.request_id + "]");
    return out;
}

} // namespace amzconn::spapi::orders
