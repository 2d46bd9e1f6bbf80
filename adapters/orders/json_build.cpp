#include "orders/json_build.hpp"

namespace amzconn::orders {

boost::json::object address_json(const spapi::orders::Address& a,
                                 boost::json::storage_ptr storage) {
    boost::json::object o(std::move(storage));
    o.reserve(10);
    auto put = [&](const char* key, const std::optional<std::string>& v) {
        if (v && !v->empty()) {
            o.emplace(key, *v);
        }
    };
    o.emplace("country_code", a.country_code ? *a.country_code : std::string());
    put("name", a.name);
    put("company", a.company_name);
    put("line1", a.address_line1);
    put("line2", a.address_line2);
    put("line3", a.address_line3);
    put("city", a.city);
    put("region", a.state_or_region);
    put("postal_code", a.postal_code);
    put("phone", a.phone);
    return o;
}

} // namespace amzconn::orders
