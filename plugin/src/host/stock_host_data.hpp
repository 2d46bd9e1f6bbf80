// Reads from the host what the stock formula needs (products, stock levels, warehouses) and turns
// the store's config into the formula's settings, so the rules in adapters/stock/ stay pure.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "stock/stock_input.hpp"

#include <string>
#include <vector>

namespace amzconn::plugin {

// The formula's settings from the store config; `fbm_warehouses` are the host's non-FBA
// warehouses, used when the config names none.
stock::StockSettings stock_settings(const config::StoreConfig& store,
                                    const std::vector<std::string>& fbm_warehouses);

// Every host warehouse that is not an FBA one (is_fba false), by code.
Result<std::vector<std::string>> read_fbm_warehouses(HostServices& host);

// Every host product (paged through entity_query with limit/after).
Result<std::vector<stock::Product>> read_products(HostServices& host);

// Stock levels of the given warehouses; fractional quantities never occur (entities are integers).
Result<std::vector<stock::StockLevel>> read_levels(HostServices& host,
                                                   const std::vector<std::string>& warehouses);

} // namespace amzconn::plugin
