#include "listings_api.hpp"

#include "json_reader.hpp"

#include <boost/json.hpp>

namespace amzconn::spapi::listings {

namespace bj = boost::json;

namespace {

std::string csv(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        out += (out.empty() ? "" : ",") + v;
    }
    return out;
}

void read_issues(JsonReader& r, const bj::object& o, std::string_view path,
                 std::vector<Issue>& out) {
    const bj::array* a = r.array(o, "issues", path, false);
    if (a == nullptr) {
        return;
    }
    for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        std::string p = index_path(join_path(path, "issues"), i);
        const bj::object* io = r.object((*a)[i], p);
        if (io == nullptr) {
            return;
        }
        Issue is;
        is.code = r.string(*io, "code", p, true, 256).value_or("");
        is.message = r.string(*io, "message", p, true, 8192).value_or("");
        is.severity =
            r.enumeration(*io, "severity", p, true, {"ERROR", "WARNING", "INFO"}).value_or("");
        is.attribute_names = r.string_list(*io, "attributeNames", p);
        out.push_back(std::move(is));
    }
}

} // namespace

ApiResult<ListingsItem> parse_listings_item(std::string_view body, std::string_view rid) {
    TRY_ASSIGN(auto doc, parse_json_body(body, rid));
    JsonReader r{std::string(rid)};
    const bj::object* o = r.object(doc, "");
    if (o == nullptr) {
        return r.error();
    }
    ListingsItem item;
    item.sku = r.string(*o, "sku", "", true, 256).value_or("");
    if (const bj::array* a = r.array(*o, "summaries", "", false)) {
        for (size_t i = 0; i < a->size() && r.ok(); ++i) {
            std::string p = index_path("summaries", i);
            const bj::object* s = r.object((*a)[i], p);
            if (s == nullptr) {
                break;
            }
            ListingSummary ls;
            ls.marketplace_id = r.string(*s, "marketplaceId", p, true, 64).value_or("");
            ls.asin = r.string(*s, "asin", p, false, 64);
            ls.product_type = r.string(*s, "productType", p, true, 256).value_or("");
            ls.condition_type = r.string(*s, "conditionType", p, false, 64);
            ls.status = r.string_list(*s, "status", p);
            ls.fn_sku = r.string(*s, "fnSku", p, false, 64);
            ls.item_name = r.string(*s, "itemName", p, false, 4096);
            item.summaries.push_back(std::move(ls));
        }
    }
    if (const bj::array* a = r.array(*o, "offers", "", false)) {
        for (size_t i = 0; i < a->size() && r.ok(); ++i) {
            std::string p = index_path("offers", i);
            const bj::object* s = r.object((*a)[i], p);
            if (s == nullptr) {
                break;
            }
            Offer of;
            of.marketplace_id = r.string(*s, "marketplaceId", p, true, 64).value_or("");
            of.offer_type = r.string(*s, "offerType", p, true, 16).value_or("");
            if (auto m = r.money(*s, "price", p, true)) {
                of.price = std::move(*m);
                item.offers.push_back(std::move(of));
            }
        }
    }
    if (const bj::array* a = r.array(*o, "fulfillmentAvailability", "", false)) {
        for (size_t i = 0; i < a->size() && r.ok(); ++i) {
            std::string p = index_path("fulfillmentAvailability", i);
            const bj::object* s = r.object((*a)[i], p);
            if (s == nullptr) {
                break;
            }
            FulfillmentAvailability fa;
            fa.fulfillment_channel_code =
                r.string(*s, "fulfillmentChannelCode", p, true, 64).value_or("");
            fa.quantity = r.integer(*s, "quantity", p, false, 0, INT64_MAX);
            item.fulfillment_availability.push_back(std::move(fa));
        }
    }
    read_issues(r, *o, "", item.issues);
    if (!r.ok()) {
        return r.error();
    }
    return item;
}

ApiResult<SubmissionResult> parse_submission(std::string_view body, std::string_view rid) {
    TRY_ASSIGN(auto doc, parse_json_body(body, rid));
    JsonReader r{std::string(rid)};
    const bj::object* o = r.object(doc, "");
    if (o == nullptr) {
        return r.error();
    }
    SubmissionResult s;
    s.sku = r.string(*o, "sku", "", true, 256).value_or("");
    s.status = r.enumeration(*o, "status", "", true, {"ACCEPTED", "INVALID", "VALID"}).value_or("");
    s.submission_id = r.string(*o, "submissionId", "", true, 256).value_or("");
    read_issues(r, *o, "", s.issues);
    s.request_id = std::string(rid);
    if (!r.ok()) {
        return r.error();
    }
    return s;
}

ApiResult<ListingsItem> get_listings_item(SpApiClient& client, const std::string& seller_id,
                                          const std::string& sku,
                                          const std::vector<std::string>& marketplace_ids,
                                          const std::vector<std::string>& included_data) {
    ApiCall call;
    call.operation = "getListingsItem";
    call.path =
        "/listings/2021-08-01/items/" + percent_encode(seller_id) + "/" + percent_encode(sku);
    call.query.emplace_back("marketplaceIds", csv(marketplace_ids));
    if (!included_data.empty()) {
        call.query.emplace_back("includedData", csv(included_data));
    }
    std::function<ApiResult<ListingsItem>(const HttpResponse&)> parse = [](const HttpResponse& r) {
        return parse_listings_item(r.body, r.request_id());
    };
    return client.send_parsed(call, parse);
}

ApiResult<SubmissionResult> patch_listings_item(SpApiClient& client, const std::string& seller_id,
                                                const std::string& sku,
                                                const std::vector<std::string>& marketplace_ids,
                                                const std::string& product_type,
                                                const std::vector<PatchOperation>& patches,
                                                bool validation_preview) {
    ApiCall call;
    call.operation = "patchListingsItem";
    call.method = "PATCH";
    call.path =
        "/listings/2021-08-01/items/" + percent_encode(seller_id) + "/" + percent_encode(sku);
    call.query.emplace_back("marketplaceIds", csv(marketplace_ids));
    if (validation_preview) {
        call.query.emplace_back("mode", "VALIDATION_PREVIEW");
    }
    bj::object body;
    body["productType"] = product_type;
    bj::array ops;
    for (const auto& p : patches) {
        bj::object op;
        op["op"] = p.op;
        op["path"] = p.path;
        if (!p.value_json.empty()) {
            boost::system::error_code ec;
            auto v = bj::parse(p.value_json, ec);
            if (ec || !v.is_array()) {
                ApiError e;
                e.kind = ErrorKind::permanent;
                e.operation = call.operation;
                e.message = "patch value for " + p.path + " is not a JSON array";
                return e;
            }
            op["value"] = std::move(v);
        }
        ops.emplace_back(std::move(op));
    }
    body["patches"] = std::move(ops);
    call.body = bj::serialize(body);
    call.idempotent = true;
    std::function<ApiResult<SubmissionResult>(const HttpResponse&)> parse =
        [](const HttpResponse& r) { return parse_submission(r.body, r.request_id()); };
    return client.send_parsed(call, parse);
}

} // namespace amzconn::spapi::listings
