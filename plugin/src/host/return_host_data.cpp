#include "host/return_host_data.hpp"

#include "host/host_json.hpp"

namespace amzconn::plugin {
namespace json = boost::json;

Result<std::optional<ImportedOrder>> find_imported_order(HostServices& host, std::string_view store,
                                                         std::string_view amazon_order_id) {
    TRY_ASSIGN(const auto found,
               query_entities(
                   host, "sales_order",
                   json::object{{"store", store}, {"reference", amazon_order_id}, {"limit", 1}}));
    if (found.empty() || !found.front().is_object()) {
        return std::optional<ImportedOrder>();
    }
    const auto& doc = found.front().as_object();
    ImportedOrder order;
    order.key = text_field(doc, "idempotency_key");
    if (order.key.empty()) {
        return std::optional<ImportedOrder>();
    }
    if (const auto* lines = doc.if_contains("lines"); lines && lines->is_array()) {
        for (const auto& line : lines->as_array()) {
            if (line.is_object()) {
                const auto sku = text_field(line.as_object(), "sku");
                const auto product = text_field(line.as_object(), "product");
                if (!sku.empty() && !product.empty()) {
                    order.product_of.try_emplace(sku, product);
                }
            }
        }
    }
    return std::optional(std::move(order));
}

} // namespace amzconn::plugin
