#include "console/order_data.hpp"

#include "console/page_parts.hpp"
#include "json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

Result<std::vector<json::object>> host_entities(SqliteHost& host, std::string_view kind,
                                                const json::object& filter) {
    TRY_ASSIGN(const auto answer,
               host.entity_query(kind, filter.empty() ? "" : json::serialize(filter)));
    return json_objects(answer, "the host's " + std::string(kind) + " list");
}

Result<std::optional<json::object>> host_order(SqliteHost& host, std::string_view key) {
    TRY_ASSIGN(auto found, host_entities(host, "sales_order",
                                         json::object{{"idempotency_key", key}, {"limit", 1}}));
    if (found.empty()) {
        return std::optional<json::object>();
    }
    return std::optional<json::object>(std::move(found.front()));
}

std::string order_meta(const json::object& order, std::string_view key) {
    const auto* metadata = order.if_contains("metadata");
    return metadata != nullptr && metadata->is_object() ? field_text(metadata->as_object(), key)
                                                        : std::string();
}

std::string fulfilment_of(const json::object& order) {
    return order_meta(order, "amazon_fulfillment_channel") == "AFN" ? "FBA" : "FBM";
}

std::string amazon_order_id(const json::object& order) {
    auto reference = field_text(order, "reference");
    if (!reference.empty()) {
        return reference;
    }
    const auto key = field_text(order, "idempotency_key");
    const auto colon = key.find(':');
    return colon == std::string::npos ? key : key.substr(colon + 1);
}

} // namespace amzconn::refhost::console
