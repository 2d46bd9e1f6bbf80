// Whether the store's stock.warehouses match the host's warehouses: a code that matches nothing
// (or a host without a merchant warehouse) would show 0 on every listing, so it stops the export.
#pragma once

#include <optional>
#include <span>
#include <string>

namespace amzconn::stock {

struct HostWarehouse {
    std::string code;
    bool is_fba = false;
};

// nullopt when every configured code is a merchant (non-FBA) warehouse of the host and at least
// one warehouse is counted; else a message naming the unknown codes, the codes that exist, and
// what to do. `configured` empty means every non-FBA host warehouse.
std::optional<std::string> check_warehouses(std::span<const std::string> configured,
                                            std::span<const HostWarehouse> host);

} // namespace amzconn::stock
