#include "sellers_api.hpp"

#include "json_reader.hpp"

namespace amzconn::spapi::sellers {

namespace bj = boost::json;

ApiResult<std::vector<MarketplaceParticipation>> parse_participations(std::string_view body,
                                                                      std::string_view rid) {
    TRY_ASSIGN(auto doc, parse_json_body(body, rid));
    JsonReader r{std::string(rid)};
    const bj::object* o = r.object(doc, "");
    if (o == nullptr) {
        return r.error();
    }
    std::vector<MarketplaceParticipation> out;
    const bj::array* list = r.array(*o, "payload", "", true);
    if (list != nullptr) {
        for (size_t i = 0; i < list->size() && r.ok(); ++i) {
            std::string p = index_path("payload", i);
            const bj::object* e = r.object((*list)[i], p);
            if (e == nullptr) {
                break;
            }
            MarketplaceParticipation mp;
            if (const bj::object* m = r.object(*e, "marketplace", p, true)) {
                std::string mpath = join_path(p, "marketplace");
                mp.marketplace_id = r.string(*m, "id", mpath, true, 64).value_or("");
                mp.name = r.string(*m, "name", mpath, true, 256).value_or("");
                mp.country_code = r.string(*m, "countryCode", mpath, true, 8).value_or("");
                mp.default_currency_code =
                    r.string(*m, "defaultCurrencyCode", mpath, true, 8).value_or("");
                mp.default_language_code =
                    r.string(*m, "defaultLanguageCode", mpath, true, 16).value_or("");
                mp.domain_name = r.string(*m, "domainName", mpath, true, 256).value_or("");
            }
            if (const bj::object* pa = r.object(*e, "participation", p, true)) {
                std::string ppath = join_path(p, "participation");
                mp.is_participating =
                    r.boolean(*pa, "isParticipating", ppath, true).value_or(false);
                mp.has_suspended_listings =
                    r.boolean(*pa, "hasSuspendedListings", ppath, true).value_or(false);
            }
            mp.store_name = r.string(*e, "storeName", p, true, 1024).value_or("");
            out.push_back(std::move(mp));
        }
    }
    if (!r.ok()) {
        return r.error();
    }
    return out;
}

ApiResult<std::vector<MarketplaceParticipation>>
get_marketplace_participations(SpApiClient& client) {
    ApiCall call;
    call.operation = "getMarketplaceParticipations";
    call.path = "/sellers/v1/marketplaceParticipations";
    std::function<ApiResult<std::vector<MarketplaceParticipation>>(const HttpResponse&)> parse =
        [](const HttpResponse& r) { return parse_participations(r.body, r.request_id()); };
    return client.send_parsed(call, parse);
}

} // namespace amzconn::spapi::sellers
