#include "stock/stock_engine.hpp"

#include "stock/fulfillment_channel.hpp"
#include "stock/large_vector.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace amzconn::stock::detail {
namespace {

constexpr int k_max_bom_depth = 1000;
constexpr uint32_t k_no_id = FlatIndex::k_absent;
// How many entries ahead a loop of hashed lookups starts loading the slot it will probe.
constexpr std::size_t k_lookahead = 8;
// How many stock levels ahead index_levels starts loading the input (2.5 KB): the hardware's own
// prefetch stops at each 4 KiB page, and 500,000 levels (40 MB) are read once per pass.
constexpr std::size_t k_levels_ahead = 32;
constexpr std::size_t k_inputs_ahead = 16; // products and listings, the same way

} // namespace

StockEngine::StockEngine(const StockInput& input, Detail detail)
    : m_input(input), m_settings(input.settings), m_detail(detail) {}

StockComputation StockEngine::run() {
    StockComputation out;
    out.settings = m_settings;
    out.detail = m_detail;
    index_products();
    out.listings = classify_listings();
    for (const uint32_t id : m_exported_order) {
        visit(id, 0);
    }
    index_levels(); // after visit: unknown BOM components may have stock levels too
    link_users();
    compute_upper_bounds();
    split_all();
    fill_quantities(out.listings);
    if (m_detail == Detail::breakdown) {
        add_breakdowns(out);
    }
    return out;
}

uint32_t StockEngine::intern(std::string_view code, uint64_t hash) {
    const auto next = static_cast<uint32_t>(m_nodes.size());
    const auto [id, inserted] = m_ids.insert(
        hash, next, [&](uint32_t i) { return FlatIndex::same(m_nodes[i].code, code); });
    if (inserted) {
        m_nodes.push_back(StockNode{.code = code});
    }
    return id;
}

uint32_t StockEngine::find_code(std::string_view code, uint64_t hash) const {
    return m_ids.find(hash, [&](uint32_t i) { return FlatIndex::same(m_nodes[i].code, code); });
}

// Node ids for every product code (the first product of a code is the one used) and the Seller
// SKU index; a SKU two products share, or a code two products share, is marked.
void StockEngine::index_products() {
    const std::size_t count = m_input.products.size();
    reserve_large(m_nodes, count);
    m_ids.reserve(count);
    // The SKU index below needs each product's node id; with the code as the SKU field it is
    // never built, and neither is this list (100,000 products).
    m_sku_is_code = m_settings.sku_field.kind == orders::KeyField::Kind::code;
    std::vector<uint32_t> ids;
    ids.reserve(m_sku_is_code ? 0 : count);
    LookaheadHashes hashes(
        m_ids, count, [&](std::size_t j) { return FlatIndex::hash(m_input.products[j].code); });
    for (std::size_t i = 0; i < count; ++i) {
        if (i + k_inputs_ahead < count) {
            __builtin_prefetch(&m_input.products[i + k_inputs_ahead]);
        }
        const Product& product = m_input.products[i];
        const uint32_t id = intern(product.code, hashes.next(i));
        StockNode& node = m_nodes[id];
        if (node.product == nullptr) {
            node.product = &product;
        } else {
            node.duplicate_code = true;
        }
        if (!m_sku_is_code) {
            ids.push_back(id);
        }
    }
    // With the code as the SKU field every product's SKU is its code (an empty code included).
    if (m_sku_is_code) {
        return;
    }
    m_sku_index.reserve(count);
    m_skus.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string_view sku = seller_sku_view(m_input.products[i], m_settings.sku_field);
        const auto next = static_cast<uint32_t>(m_skus.size());
        const auto [entry, inserted] =
            m_sku_index.insert(FlatIndex::hash(sku), next,
                               [&](uint32_t e) { return FlatIndex::same(m_skus[e].sku, sku); });
        if (inserted) {
            m_skus.push_back(SkuEntry{sku, ids[i], false});
        } else if (m_skus[entry].node != ids[i]) {
            m_skus[entry].duplicate = true;
        }
    }
}

namespace {

unsigned char last_char(std::string_view code) {
    return code.empty() ? 0 : static_cast<unsigned char>(code.back());
}

} // namespace

void StockEngine::index_warehouses() {
    const auto& warehouses = m_settings.warehouses;
    m_warehouse_next.assign(warehouses.size(), 0);
    // Chained in reverse so that a chain lists its codes in settings order.
    for (std::size_t i = warehouses.size(); i-- > 0;) {
        uint32_t& head = m_warehouse_heads[last_char(warehouses[i])];
        m_warehouse_next[i] = head;
        head = static_cast<uint32_t>(i + 1);
    }
}

bool StockEngine::mapped(std::string_view warehouse) const {
    for (uint32_t i = m_warehouse_heads[last_char(warehouse)]; i != 0;
         i = m_warehouse_next[i - 1]) {
        if (FlatIndex::same(m_settings.warehouses[i - 1], warehouse)) {
            return true;
        }
    }
    return false;
}

// free(X) per node, over the mapped warehouses, in input order. Consecutive levels of one product
// (the usual order) find its node once, its slot loaded a few levels ahead.
void StockEngine::index_levels() {
    index_warehouses();
    if (m_detail == Detail::breakdown) {
        reserve_large(m_level_ids, m_input.levels.size());
    }
    const auto& levels = m_input.levels;
    // starts[i % k_ring]: level i names another product than level i - 1 (found k_lookahead ahead).
    constexpr std::size_t k_ring = 2 * k_lookahead;
    std::array<bool, k_ring> starts{};
    std::array<uint64_t, k_ring> hashes{};
    const auto starts_run = [&](std::size_t i) {
        const bool start = i == 0 || !FlatIndex::same(levels[i].product, levels[i - 1].product);
        if (start) {
            hashes[i % k_ring] = FlatIndex::hash(levels[i].product);
            m_ids.prefetch(hashes[i % k_ring]);
        }
        starts[i % k_ring] = start;
    };
    for (std::size_t i = 0; i < std::min(k_lookahead, levels.size()); ++i) {
        starts_run(i);
    }
    uint32_t id = k_no_id;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (i + k_lookahead < levels.size()) {
            starts_run(i + k_lookahead);
        }
        if (i + k_levels_ahead < levels.size()) {
            __builtin_prefetch(&levels[i + k_levels_ahead]);
        }
        const StockLevel& level = levels[i];
        if (starts[i % k_ring]) {
            id = find_code(level.product, hashes[i % k_ring]);
        }
        if (m_detail == Detail::breakdown) {
            m_level_ids.push_back(id);
        }
        if (id == k_no_id || !mapped(level.warehouse)) {
            continue;
        }
        // A negative allocation is a host data error; it must not add units.
        const int64_t allocated = std::max<int64_t>(0, level.allocated);
        const int64_t free = std::max<int64_t>(0, saturating_add(level.on_hand, -allocated));
        StockNode& node = m_nodes[id];
        node.free = saturating_add(node.free, free);
    }
}

std::vector<ListingResult> StockEngine::classify_listings() {
    std::vector<ListingResult> results;
    reserve_large(results, m_input.listings.size());
    m_listing_ids.reserve(m_input.listings.size());
    const std::size_t count = m_input.listings.size();
    LookaheadHashes hashes(m_sku_is_code ? m_ids : m_sku_index, count, [&](std::size_t j) {
        return FlatIndex::hash(host_key(m_input.listings[j]));
    });
    for (std::size_t i = 0; i < count; ++i) {
        if (i + k_inputs_ahead < count) {
            __builtin_prefetch(&m_input.listings[i + k_inputs_ahead]);
        }
        const Listing& listing = m_input.listings[i];
        // Members set in place: clang 14 (the fuzz preset) has no C++20 parenthesised
        // aggregate initialisation for emplace_back(sku, marketplace_id).
        ListingResult& r = results.emplace_back();
        r.sku = listing.sku;
        r.marketplace_id = listing.marketplace_id;
        uint32_t id = k_no_id;
        classify(listing, hashes.next(i), r, id);
        if (r.action == ListingAction::send_quantity && !m_nodes[id].exported) {
            m_nodes[id].exported = true;
            m_exported_order.push_back(id);
        }
        m_listing_ids.push_back(id);
    }
    return results;
}

std::string StockEngine::key_name() const {
    return m_settings.match_by_asin ? "ASIN" : "SKU";
}

// Where a listing's key came from, when it is not the listing's Seller SKU itself.
std::string StockEngine::key_origin(const Listing& listing) const {
    if (m_settings.match_by_asin) {
        return " (listing " + listing.sku + ")";
    }
    return host_key(listing) == listing.sku ? "" : " (" + listing.sku + " after products.sku_crop)";
}

namespace {

void fail(ListingResult& r, std::string reason) {
    r.action = ListingAction::error;
    r.reason = std::move(reason);
}

} // namespace

void StockEngine::classify(const Listing& listing, uint64_t hash, ListingResult& r, uint32_t& id) {
    if (m_settings.match_by_asin && listing.host_sku.empty()) {
        r.action = ListingAction::unknown_sku;
        r.reason = "Amazon's listings report gives no ASIN for " + listing.sku +
                   " and products.identification asin matches listings by ASIN; the listing is "
                   "left alone";
        return;
    }
    const std::string& key = host_key(listing);
    bool duplicate_sku = false;
    if (m_sku_is_code) {
        id = find_code(key, hash);
    } else {
        const uint32_t entry =
            m_sku_index.find(hash, [&](uint32_t e) { return FlatIndex::same(m_skus[e].sku, key); });
        if (entry != FlatIndex::k_absent) {
            id = m_skus[entry].node;
            duplicate_sku = m_skus[entry].duplicate;
        }
    }
    if (id == k_no_id) {
        r.action = ListingAction::unknown_sku;
        r.reason = "no host product has " + key_name() + " " + key + key_origin(listing) +
                   "; the listing is left alone";
        return;
    }
    const StockNode& node = m_nodes[id];
    r.product_code = node.product->code; // a string copy costs less than assign(view)
    if (duplicate_sku) {
        return fail(r, key_name() + " " + key +
                           " belongs to more than one host product; give each product its "
                           "own " +
                           key_name());
    }
    if (node.duplicate_code) {
        return fail(r, "product code " + r.product_code +
                           " appears more than once in the host data; fix the duplicate");
    }
    classify_product(listing, *node.product, r);
}

// The skip and sync-disabled flags and SwitchFulfillmentTo; false when the listing is decided
// (skipped, or an unreadable attribute).
bool StockEngine::read_product_flags(const Product& product, ListingResult& r,
                                     SwitchTo& switch_to) const {
    for (const std::string* attribute :
         {&m_settings.skip_attribute, &m_settings.sync_disabled_attribute}) {
        Result<bool> flag = read_flag(product, *attribute);
        if (!flag) {
            fail(r, flag.error().message);
            return false;
        }
        if (*flag) {
            r.action = ListingAction::skipped;
            r.reason = "attribute '" + *attribute + "' is set on product " + product.code;
            return false;
        }
    }
    Result<SwitchTo> read =
        read_switch_fulfillment(product, m_settings.switch_fulfillment_attribute);
    if (!read) {
        fail(r, read.error().message);
        return false;
    }
    switch_to = *read;
    return true;
}

void StockEngine::classify_product(const Listing& listing, const Product& product,
                                   ListingResult& r) {
    // A product without attributes (most of them) sets no flag, no switch and no lead time.
    const bool attributes = !product.attributes.empty();
    SwitchTo switch_to = SwitchTo::none;
    if (attributes && !read_product_flags(product, r, switch_to)) {
        return;
    }
    const bool merchant = is_merchant_channel(listing.channel_code);
    if (switch_to == SwitchTo::afn) {
        if (!merchant) {
            r.action = ListingAction::fulfilled_by_amazon;
            r.channel_code = listing.channel_code;
            return;
        }
        Result<std::string> code = afn_channel_code(listing.marketplace_id);
        if (!code) {
            return fail(r, code.error().message);
        }
        r.action = ListingAction::switch_to_afn;
        r.channel_code = *code;
        return;
    }
    if (switch_to == SwitchTo::none && !merchant) {
        r.action = ListingAction::fulfilled_by_amazon;
        r.channel_code = listing.channel_code;
        return;
    }
    LeadTime lead{m_settings.default_lead_time_days, false};
    if (attributes) {
        Result<LeadTime> read = read_lead_time(product, m_settings.lead_time_attribute,
                                               m_settings.default_lead_time_days);
        if (!read) {
            return fail(r, read.error().message);
        }
        lead = *read;
    }
    static const std::string merchant_channel(k_merchant_channel);
    r.action = ListingAction::send_quantity;
    r.channel_code = merchant_channel;
    r.lead_time_days = lead.days;
    r.lead_time_from_attribute = lead.from_attribute;
}

// Whether an assembly counts what can be built: every assembly when no auto-assemble
// attribute is configured, else those whose attribute is true (Unleashed: per BOM).
bool StockEngine::auto_assembles(const Product& product, std::string& error) const {
    if (m_settings.auto_assemble_attribute.empty()) {
        return true;
    }
    Result<bool> flag = read_flag(product, m_settings.auto_assemble_attribute);
    if (!flag) {
        error = flag.error().message;
        return false;
    }
    return *flag;
}

// The node's BOM lines, a component named twice merged into one line.
void StockEngine::read_bom(uint32_t id, std::string& error) {
    const Product& product = *m_nodes[id].product;
    const auto begin = static_cast<uint32_t>(m_edges.size());
    for (const BomLine& line : product.bom) {
        if (line.quantity <= 0) {
            error = "BOM of " + product.code + " uses " + std::to_string(line.quantity) + " of " +
                    line.component + "; use a positive whole quantity";
            break;
        }
        const uint32_t component = intern(line.component, FlatIndex::hash(line.component));
        auto same = std::find_if(m_edges.begin() + begin, m_edges.end(),
                                 [&](const BomEdge& e) { return e.component == component; });
        if (same == m_edges.end()) {
            m_edges.push_back(
                BomEdge{.assembly = id, .component = component, .quantity = line.quantity});
        } else {
            same->quantity = saturating_add(same->quantity, line.quantity);
        }
    }
    m_nodes[id].edges_begin = begin;
    m_nodes[id].edges_end = static_cast<uint32_t>(m_edges.size());
}

// Depth-first over BOMs: components are appended to m_topo before their assemblies; a node on a
// cycle, or depending on one, ends up bad with a message naming the cycle. Nodes are addressed by
// id throughout: m_nodes grows while unknown components are met.
void StockEngine::visit(uint32_t id, int depth) {
    if (m_nodes[id].state != Visit::fresh) {
        return;
    }
    if (m_nodes[id].product == nullptr) {
        m_nodes[id].state = Visit::ok; // unknown component: no stock of its own, builds nothing
        m_topo.push_back(id);
        return;
    }
    m_nodes[id].state = Visit::visiting;
    m_path.push_back(id);
    std::string error;
    if (depth > k_max_bom_depth) {
        error = "BOM of " + std::string(m_nodes[id].code) + " is nested deeper than 1000 levels";
    }
    const Product& product = *m_nodes[id].product;
    if (error.empty() && m_settings.include_assemblies && product.is_assembly &&
        auto_assembles(product, error)) {
        read_bom(id, error);
    }
    if (error.empty()) {
        error = visit_components(id, depth);
    }
    m_path.pop_back();
    if (error.empty()) {
        m_nodes[id].state = Visit::ok;
        m_topo.push_back(id);
    } else {
        m_nodes[id].state = Visit::bad;
        m_errors[id] = std::move(error);
    }
}

// Visits the node's components; the error that makes the node bad, or empty.
std::string StockEngine::visit_components(uint32_t id, int depth) {
    for (uint32_t e = m_nodes[id].edges_begin; e < m_nodes[id].edges_end; ++e) {
        const uint32_t component = m_edges[e].component;
        if (m_nodes[component].state == Visit::visiting) {
            auto start = std::find(m_path.begin(), m_path.end(), component);
            std::string cycle;
            for (auto it = start; it != m_path.end(); ++it) {
                cycle += std::string(m_nodes[*it].code) + " -> ";
            }
            return "BOM cycle " + cycle + std::string(m_nodes[component].code) +
                   "; remove one of these BOM lines in the host";
        }
        visit(component, depth + 1);
        if (m_nodes[component].state == Visit::bad) {
            return "BOM of " + std::string(m_nodes[id].code) + " uses " +
                   std::string(m_nodes[component].code) + ": " + m_errors.at(component);
        }
    }
    return {};
}

// Per component, the BOM lines (of sound assemblies) that use it, their assemblies in code order.
void StockEngine::link_users() {
    std::vector<uint32_t> counts(m_nodes.size() + 1, 0);
    for (const uint32_t id : m_topo) {
        for (uint32_t e = m_nodes[id].edges_begin; e < m_nodes[id].edges_end; ++e) {
            ++counts[m_edges[e].component];
        }
    }
    uint32_t offset = 0;
    for (std::size_t id = 0; id < m_nodes.size(); ++id) {
        m_nodes[id].users_begin = m_nodes[id].users_end = offset;
        offset += counts[id];
    }
    m_users.resize(offset);
    for (const uint32_t id : m_topo) {
        for (uint32_t e = m_nodes[id].edges_begin; e < m_nodes[id].edges_end; ++e) {
            m_users[m_nodes[m_edges[e].component].users_end++] = e;
        }
    }
    for (StockNode& node : m_nodes) {
        if (node.users_end - node.users_begin > 1) {
            std::sort(m_users.begin() + node.users_begin, m_users.begin() + node.users_end,
                      [&](uint32_t l, uint32_t r) {
                          return m_nodes[m_edges[l].assembly].code <
                                 m_nodes[m_edges[r].assembly].code;
                      });
        }
    }
}

void StockEngine::compute_upper_bounds() {
    for (const uint32_t id : m_topo) {
        StockNode& node = m_nodes[id];
        int64_t bound = node.free;
        if (node.edges_begin != node.edges_end) {
            int64_t builds = k_no_cap;
            for (uint32_t e = node.edges_begin; e < node.edges_end; ++e) {
                builds = std::min(builds,
                                  m_nodes[m_edges[e].component].upper_bound / m_edges[e].quantity);
            }
            bound = saturating_add(bound, builds);
        }
        node.upper_bound = bound;
    }
}

// The most units of `component` that `assembly` could turn into builds, judged by the upper
// bounds of its other components.
int64_t StockEngine::claim_cap(uint32_t assembly, uint32_t component) const {
    int64_t builds = k_no_cap;
    int64_t per_unit = 1;
    const StockNode& node = m_nodes[assembly];
    for (uint32_t e = node.edges_begin; e < node.edges_end; ++e) {
        const BomEdge& edge = m_edges[e];
        if (edge.component == component) {
            per_unit = edge.quantity;
            continue;
        }
        builds = std::min(builds, m_nodes[edge.component].upper_bound / edge.quantity);
    }
    return builds == k_no_cap ? k_no_cap : saturating_mul(builds, per_unit);
}

// What can be built: from the components' free (can_assemble) or from the units granted to it
// (share_split); supply = free + buildable.
void StockEngine::supply_of(StockNode& node) {
    if (node.edges_begin != node.edges_end) {
        int64_t builds = k_no_cap;
        for (uint32_t e = node.edges_begin; e < node.edges_end; ++e) {
            const BomEdge& edge = m_edges[e];
            const int64_t share = share_split_mode() ? edge.granted : m_nodes[edge.component].free;
            builds = std::min(builds, share / edge.quantity);
        }
        node.buildable = builds;
    }
    node.supply = saturating_add(node.free, node.buildable);
}

// share_split: the product's supply divided between its own listings and its assemblies.
void StockEngine::split_share(uint32_t id) {
    StockNode& node = m_nodes[id];
    if (node.users_begin == node.users_end) {
        // No assembly draws on it (most products): split_supply would give its own listings
        // everything, or nobody anything.
        node.own_share = node.exported ? std::max<int64_t>(node.supply, 0) : 0;
        node.unassigned = node.supply - node.own_share;
        return;
    }
    m_claims.clear();
    if (node.exported) {
        m_claims.push_back(ShareClaim{1, k_no_cap});
    }
    for (uint32_t u = node.users_begin; u < node.users_end; ++u) {
        const BomEdge& edge = m_edges[m_users[u]];
        m_claims.push_back(ShareClaim{edge.quantity, claim_cap(edge.assembly, id)});
    }
    split_supply(node.supply, m_claims, m_shares, m_active);
    const std::vector<int64_t>& shares = m_shares;
    int64_t handed_out = 0;
    std::size_t i = 0;
    if (node.exported) {
        node.own_share = shares[i];
        handed_out += shares[i++];
    }
    for (uint32_t u = node.users_begin; u < node.users_end; ++u, ++i) {
        BomEdge& edge = m_edges[m_users[u]];
        edge.granted = edge.units = shares[i];
        node.reserved += shares[i];
        handed_out += shares[i];
    }
    node.unassigned = node.supply - handed_out;
}

// share_split: units an assembly was granted but cannot build with (another component limits
// it) are promised to nobody; they go back to the component's own listings.
void StockEngine::return_unused() {
    for (const uint32_t id : m_topo) {
        const int64_t buildable = m_nodes[id].buildable;
        for (uint32_t e = m_nodes[id].edges_begin; e < m_nodes[id].edges_end; ++e) {
            BomEdge& edge = m_edges[e];
            const int64_t used = saturating_mul(buildable, edge.quantity);
            const int64_t unused = edge.granted - used;
            if (unused <= 0) {
                continue;
            }
            StockNode& component = m_nodes[edge.component];
            edge.units = used;
            component.reserved -= unused;
            (component.exported ? component.own_share : component.unassigned) += unused;
        }
    }
}

// can_assemble: every product keeps its whole supply (components are not reduced by the
// assemblies that count the same units).
void StockEngine::split_all() {
    for (const uint32_t id : m_topo) {
        StockNode& node = m_nodes[id];
        supply_of(node);
        if (share_split_mode()) {
            split_share(id);
        } else {
            node.own_share = node.exported ? node.supply : 0;
            node.unassigned = node.supply - node.own_share;
        }
    }
    if (share_split_mode()) {
        return_unused();
    }
}

void StockEngine::fill_quantities(std::vector<ListingResult>& listings) const {
    for (std::size_t i = 0; i < listings.size(); ++i) {
        ListingResult& r = listings[i];
        if (r.action != ListingAction::send_quantity) {
            continue;
        }
        const uint32_t id = m_listing_ids[i];
        const StockNode& node = m_nodes[id];
        if (node.state == Visit::bad) {
            r.action = ListingAction::error;
            r.reason = m_errors.at(id);
            continue;
        }
        r.own_share = node.own_share;
        r.buffer_applied = std::min(m_settings.buffer, node.own_share);
        int64_t quantity = node.own_share - r.buffer_applied;
        if (m_settings.maximum && quantity > *m_settings.maximum) {
            r.cap_cut = quantity - *m_settings.maximum;
            quantity = *m_settings.maximum;
        }
        r.quantity = quantity;
    }
}

} // namespace amzconn::stock::detail
