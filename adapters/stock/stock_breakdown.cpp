// explain_stock's breakdown: every product that took part, broken into its terms (per warehouse,
// per BOM component, per consumer of its units), built from the numbers the formula computed.
#include "stock/attribute_rules.hpp"
#include "stock/stock_engine.hpp"

#include <span>

namespace amzconn::stock::detail {

void StockEngine::add_breakdowns(StockComputation& out) const {
    // Each node's stock levels, in input order: levels[offsets[id], offsets[id + 1]).
    std::vector<uint32_t> offsets(m_nodes.size() + 1, 0);
    for (const uint32_t id : m_level_ids) {
        if (id < m_nodes.size()) {
            ++offsets[id + 1];
        }
    }
    for (std::size_t id = 0; id < m_nodes.size(); ++id) {
        offsets[id + 1] += offsets[id];
    }
    std::vector<uint32_t> levels(offsets.back());
    std::vector<uint32_t> next(offsets.begin(), offsets.end() - 1);
    for (std::size_t i = 0; i < m_level_ids.size(); ++i) {
        if (m_level_ids[i] < m_nodes.size()) {
            levels[next[m_level_ids[i]]++] = static_cast<uint32_t>(i);
        }
    }
    out.products.reserve(m_topo.size() + m_errors.size());
    for (const uint32_t id : m_topo) {
        const std::span<const uint32_t> own(levels.data() + offsets[id],
                                            levels.data() + offsets[id + 1]);
        out.products.emplace(std::string(m_nodes[id].code), breakdown_of(id, own));
    }
    for (const auto& [id, error] : m_errors) {
        ProductBreakdown b;
        b.code = std::string(m_nodes[id].code);
        b.error = Error{Status::bad_input, error};
        out.products.emplace(b.code, std::move(b));
    }
    out.sku_to_product.reserve(m_input.products.size());
    for (const Product& product : m_input.products) {
        out.sku_to_product.emplace(seller_sku(product, m_settings.sku_field), product.code);
    }
}

ProductBreakdown StockEngine::breakdown_of(uint32_t id, std::span<const uint32_t> levels) const {
    const StockNode& node = m_nodes[id];
    ProductBreakdown b;
    b.code = std::string(node.code);
    for (const uint32_t i : levels) {
        const StockLevel& level = m_input.levels[i];
        WarehouseTerm term;
        term.warehouse = level.warehouse;
        term.on_hand = level.on_hand;
        term.allocated = level.allocated;
        const int64_t allocated = std::max<int64_t>(0, level.allocated);
        term.free = std::max<int64_t>(0, saturating_add(level.on_hand, -allocated));
        term.counted = mapped(level.warehouse);
        b.warehouses.push_back(std::move(term));
    }
    b.free = node.free;
    for (uint32_t e = node.edges_begin; e < node.edges_end; ++e) {
        const BomEdge& edge = m_edges[e];
        ComponentTerm term;
        term.component = std::string(m_nodes[edge.component].code);
        term.per_unit = edge.quantity;
        term.share = share_split_mode() ? edge.granted : m_nodes[edge.component].free;
        term.builds = term.share / edge.quantity;
        term.known = m_nodes[edge.component].product != nullptr;
        b.components.push_back(std::move(term));
    }
    b.buildable = node.buildable;
    b.supply = node.supply;
    b.own_share = node.own_share;
    b.reserved_for_assemblies = node.reserved;
    b.unassigned = node.unassigned;
    add_shares(id, b);
    return b;
}

// Own listings first, then the assemblies that use the product by code: the units each one takes
// (share_split) or counts too (can_assemble, in counted_in).
void StockEngine::add_shares(uint32_t id, ProductBreakdown& b) const {
    const StockNode& node = m_nodes[id];
    if (node.exported) {
        b.shares.push_back(ConsumerShare{"", 1, node.own_share});
    }
    for (uint32_t u = node.users_begin; u < node.users_end; ++u) {
        const BomEdge& edge = m_edges[m_users[u]];
        const std::string assembly(m_nodes[edge.assembly].code);
        if (share_split_mode()) {
            b.shares.push_back(ConsumerShare{assembly, edge.quantity, edge.units});
        } else {
            b.counted_in.push_back(
                ConsumerShare{assembly, edge.quantity,
                              saturating_mul(m_nodes[edge.assembly].buildable, edge.quantity)});
        }
    }
}

} // namespace amzconn::stock::detail
