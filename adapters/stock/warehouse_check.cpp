#include "stock/warehouse_check.hpp"

#include <algorithm>
#include <vector>

namespace amzconn::stock {
namespace {

std::string joined(const std::vector<std::string>& codes) {
    std::string out;
    for (const auto& code : codes) {
        out += (out.empty() ? "" : ", ") + code;
    }
    return out;
}

std::string existing(std::span<const HostWarehouse> host) {
    if (host.empty()) {
        return "the host has no warehouses";
    }
    std::vector<std::string> codes;
    for (const auto& w : host) {
        codes.push_back(w.code + (w.is_fba ? " (FBA)" : ""));
    }
    std::sort(codes.begin(), codes.end());
    return "the host's warehouses are " + joined(codes);
}

} // namespace

std::optional<std::string> check_warehouses(std::span<const std::string> configured,
                                            std::span<const HostWarehouse> host) {
    std::vector<std::string> unknown;
    std::vector<std::string> fba;
    for (const auto& code : configured) {
        auto it = std::find_if(host.begin(), host.end(),
                               [&](const HostWarehouse& w) { return w.code == code; });
        if (it == host.end()) {
            unknown.push_back(code);
        } else if (it->is_fba) {
            fba.push_back(code);
        }
    }
    if (!unknown.empty()) {
        return "stock.warehouses names warehouse code(s) the host does not have: " +
               joined(unknown) + "; " + existing(host) +
               ". Nothing was sent (every listing would have shown 0): fix stock.warehouses "
               "(codes, not names) and install the config again";
    }
    if (!fba.empty()) {
        return "stock.warehouses names FBA warehouse(s) " + joined(fba) +
               ", whose stock Amazon holds; " + existing(host) +
               ". Nothing was sent: name merchant (FBM) warehouses only";
    }
    if (configured.empty() &&
        std::none_of(host.begin(), host.end(), [](const HostWarehouse& w) { return !w.is_fba; })) {
        return "the host has no merchant (FBM) warehouse to count stock from (" + existing(host) +
               "). Nothing was sent (every listing would have shown 0): create the warehouse in "
               "the host, or name one in stock.warehouses";
    }
    return std::nullopt;
}

} // namespace amzconn::stock
