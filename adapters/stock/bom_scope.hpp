// Which products a partial (real-time) computation must include to give the same quantities as a
// full one: shares of a component depend on every SKU that draws on it, so the whole BOM-connected
// group of each changed product is needed.
#pragma once

#include "stock/stock_input.hpp"

#include <span>
#include <string>
#include <vector>

namespace amzconn::stock {

// Product codes connected to any of `codes` through BOM lines (in either direction), including
// `codes` themselves, sorted. Without assemblies every product stands alone. Pass these products
// with ALL their stock levels and listings to compute_stock.
std::vector<std::string> bom_connected_products(std::span<const Product> products,
                                                std::span<const std::string> codes,
                                                bool include_assemblies);

} // namespace amzconn::stock
