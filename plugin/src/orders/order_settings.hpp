// The order rules' settings (adapters/orders/settings.hpp) filled from a store's integrator
// config: the one place where config::StoreConfig meets the order rules.
#pragma once

#include "amzconn/config/types.hpp"
#include "orders/settings.hpp"

namespace amzconn::plugin {

orders::OrderSettings order_settings(const config::StoreConfig& store);
orders::ProductSettings product_settings(const config::Products& products);

} // namespace amzconn::plugin
