#include "inventory_api.hpp"

#include "json_reader.hpp"

#include <set>

namespace amzconn::spapi::inventory {

namespace bj = boost::json;

ApiResult<InventoryPage> parse_inventory_page(std::string_view body, std::string_view rid) {
    TRY_ASSIGN(auto doc, parse_json_body(body, rid));
    JsonReader r{std::string(rid)};
    const bj::object* o = r.object(doc, "");
    if (o == nullptr) {
        return r.error();
    }
    InventoryPage page;
    const bj::object* payload = r.object(*o, "payload", "", true);
    const bj::array* list =
        payload != nullptr ? r.array(*payload, "inventorySummaries", "payload", true) : nullptr;
    if (list != nullptr) {
        for (size_t i = 0; i < list->size() && r.ok(); ++i) {
            std::string p = index_path("payload.inventorySummaries", i);
            const bj::object* s = r.object((*list)[i], p);
            if (s == nullptr) {
                break;
            }
            InventorySummary is;
            is.asin = r.string(*s, "asin", p, false, 64);
            is.fn_sku = r.string(*s, "fnSku", p, false, 64);
            is.seller_sku = r.string(*s, "sellerSku", p, false, 256);
            is.condition = r.string(*s, "condition", p, false, 64);
            is.product_name = r.string(*s, "productName", p, false, 4096);
            is.total_quantity = r.integer(*s, "totalQuantity", p, false, 0, INT64_MAX);
            is.last_updated_time = r.timestamp(*s, "lastUpdatedTime", p, false);
            if (const bj::object* d = r.object(*s, "inventoryDetails", p, false)) {
                is.fulfillable_quantity =
                    r.integer(*d, "fulfillableQuantity", join_path(p, "inventoryDetails"), false, 0,
                              INT64_MAX);
            }
            page.summaries.push_back(std::move(is));
        }
    }
    if (const bj::object* pg = r.object(*o, "pagination", "", false)) {
        page.next_token = r.string(*pg, "nextToken", "pagination", false, 8192);
    }
    if (!r.ok()) {
        return r.error();
    }
    return page;
}

ApiResult<std::vector<InventorySummary>>
get_inventory_summaries(SpApiClient& client, const std::string& marketplace_id, bool details,
                        const std::vector<std::string>& seller_skus) {
    std::vector<InventorySummary> all;
    std::optional<std::string> token;
    std::set<std::string> seen;
    for (int page_no = 0; page_no < client.options().max_pages; ++page_no) {
        ApiCall call;
        call.operation = "getInventorySummaries";
        call.path = "/fba/inventory/v1/summaries";
        call.query = {{"details", details ? "true" : "false"},
                      {"granularityType", "Marketplace"},
                      {"granularityId", marketplace_id},
                      {"marketplaceIds", marketplace_id}};
        if (!seller_skus.empty()) {
            std::string csv;
            for (const auto& s : seller_skus) {
                csv += (csv.empty() ? "" : ",") + s;
            }
            call.query.emplace_back("sellerSkus", csv);
        }
        if (token) {
            call.query.emplace_back("nextToken", *token);
        }
        std::function<ApiResult<InventoryPage>(const HttpResponse&)> parse =
            [](const HttpResponse& r) { return parse_inventory_page(r.body, r.request_id()); };
        TRY_ASSIGN(auto page, client.send_parsed(call, parse));
        for (auto& s : page.summaries) {
            all.push_back(std::move(s));
        }
        if (!page.next_token || page.next_token->empty() || !seen.insert(*page.next_token).second) {
            return all;
        }
        token = page.next_token;
    }
    return all;
}

} // namespace amzconn::spapi::inventory
