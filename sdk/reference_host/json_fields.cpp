#include "json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace amzconn::refhost {

namespace json = boost::json;

std::string field_text(const json::object& object, std::string_view field) {
    const auto* value = object.if_contains(field);
    if (value == nullptr || value->is_null()) {
        return {};
    }
    return value->is_string() ? std::string(value->as_string()) : json::serialize(*value);
}

std::vector<std::string> store_aliases(std::string_view stores_json) {
    std::vector<std::string> aliases;
    boost::system::error_code ec;
    const json::value stores = json::parse(stores_json, ec);
    if (ec || !stores.is_array()) {
        return aliases;
    }
    for (const auto& store : stores.as_array()) {
        if (store.is_object()) {
            if (auto alias = field_text(store.as_object(), "alias"); !alias.empty()) {
                aliases.push_back(std::move(alias));
            }
        }
    }
    return aliases;
}

} // namespace amzconn::refhost
