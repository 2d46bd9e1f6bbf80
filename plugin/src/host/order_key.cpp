#include "host/order_key.hpp"

#include "host/host_json.hpp"
#include "host/shipment_host_data.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {

Result<std::string> resolve_order_key(HostServices& host, const config::Config& config,
                                      const std::string& order, std::string_view event) {
    const std::string prefix = std::string(event) + ": ";
    if (const auto alias = store_of_order_key(order); !alias.empty()) {
        for (const auto& store : config.stores) {
            if (store.alias == alias) {
                return order;
            }
        }
        return Error{Status::not_found, prefix + "no installed store '" + alias +
                                            "' (the order is <store alias>:<Amazon order id>)"};
    }
    TRY_ASSIGN(const auto found,
               query_entities(host, "sales_order", {{"reference", order}, {"limit", 2}}));
    if (found.size() == 1 && found.front().is_object()) {
        return text_field(found.front().as_object(), "idempotency_key");
    }
    if (found.empty() && config.stores.size() == 1) {
        return config.stores.front().alias + ":" + order;
    }
    return Error{Status::bad_input, prefix + "order '" + order +
                                        "' does not name its store: give <store alias>:" + order};
}

} // namespace amzconn::plugin
