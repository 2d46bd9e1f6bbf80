// The names of the plugin's jobs, each written once: the catalogue's rows use them, and an engine
// that tells the admin to run another job names it through them (a typo is a compile error).
#pragma once

#include <string_view>

namespace amzconn::plugin::job_names {

inline constexpr std::string_view import_orders = "import_orders";
inline constexpr std::string_view import_missing_orders = "import_missing_orders";
inline constexpr std::string_view reconcile_orders = "reconcile_orders";
inline constexpr std::string_view retry_failed_orders = "retry_failed_orders";
inline constexpr std::string_view export_stock = "export_stock";
inline constexpr std::string_view explain_stock = "explain_stock";
inline constexpr std::string_view export_prices = "export_prices";
inline constexpr std::string_view import_prices = "import_prices";
inline constexpr std::string_view poll_feeds = "poll_feeds";
inline constexpr std::string_view confirm_shipments = "confirm_shipments";
inline constexpr std::string_view send_cancellations = "send_cancellations";
inline constexpr std::string_view import_returns = "import_returns";
inline constexpr std::string_view import_products = "import_products";
inline constexpr std::string_view set_product_settings = "set_product_settings";
inline constexpr std::string_view list_products = "list_products";
inline constexpr std::string_view migrate_identification = "migrate_identification";
inline constexpr std::string_view unlock_store = "unlock_store";

} // namespace amzconn::plugin::job_names
