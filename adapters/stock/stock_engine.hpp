// The stock formula's working state (internal to compute_stock): every product, unknown BOM
// component and BOM line gets an integer id into flat vectors, so the formula runs without
// string-keyed maps or string copies; the per-term breakdown for explain_stock is built from the
// same numbers afterwards, and only when asked for.
#pragma once

#include "stock/attribute_rules.hpp"
#include "stock/availability.hpp"
#include "stock/flat_index.hpp"
#include "stock/share_split.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace amzconn::stock::detail {

enum class Visit : uint8_t { fresh, visiting, ok, bad };

// One merged BOM line of an assembly (a component named twice is one line).
struct BomEdge {
    uint32_t assembly = 0;
    uint32_t component = 0;
    int64_t quantity = 0; // units of the component per unit of the assembly
    int64_t granted = 0;  // share_split: component units granted to the assembly
    int64_t units = 0;    // share_split: of those, the units the assembly keeps
};

// A product code taking part: a host product, or a BOM component no product has.
struct StockNode {
    std::string_view code;            // points into the input
    const Product* product = nullptr; // null: no such product (builds nothing)
    Visit state = Visit::fresh;
    bool exported = false;       // a merchant listing needs its quantity
    bool duplicate_code = false; // more than one host product has this code
    uint32_t edges_begin = 0;    // its merged BOM lines: m_edges[edges_begin, edges_end)
    uint32_t edges_end = 0;
    uint32_t users_begin = 0; // BOM lines that use it: m_users[users_begin, users_end)
    uint32_t users_end = 0;
    int64_t free = 0;
    int64_t upper_bound = 0; // the most it could ever supply (free + buildable from bounds)
    int64_t buildable = 0;
    int64_t supply = 0;
    int64_t own_share = 0;
    int64_t reserved = 0; // share_split: units the assemblies use
    int64_t unassigned = 0;
};

class StockEngine {
  public:
    StockEngine(const StockInput& input, Detail detail);
    StockComputation run();

  private:
    // `hash` is FlatIndex::hash(code), computed ahead.
    uint32_t intern(std::string_view code, uint64_t hash);
    uint32_t find_code(std::string_view code, uint64_t hash) const; // FlatIndex::k_absent when none
    void index_products();
    void index_levels();
    void index_warehouses();
    bool mapped(std::string_view warehouse) const;
    std::vector<ListingResult> classify_listings();
    void classify(const Listing& listing, uint64_t hash, ListingResult& r, uint32_t& id);
    std::string key_name() const; // what listings are matched by: "SKU" or "ASIN"
    std::string key_origin(const Listing& listing) const;
    void classify_product(const Listing& listing, const Product& product, ListingResult& r);
    bool read_product_flags(const Product& product, ListingResult& r, SwitchTo& switch_to) const;
    bool auto_assembles(const Product& product, std::string& error) const;
    void read_bom(uint32_t id, std::string& error);
    void visit(uint32_t id, int depth);
    std::string visit_components(uint32_t id, int depth);
    void link_users();
    void compute_upper_bounds();
    int64_t claim_cap(uint32_t assembly, uint32_t component) const;
    bool share_split_mode() const { return m_settings.assembly_mode == AssemblyMode::share_split; }
    void supply_of(StockNode& node);
    void split_share(uint32_t id);
    void return_unused();
    void split_all();
    void fill_quantities(std::vector<ListingResult>& listings) const;
    // explain_stock only (stock_breakdown.cpp).
    void add_breakdowns(StockComputation& out) const;
    ProductBreakdown breakdown_of(uint32_t id, std::span<const uint32_t> levels) const;
    void add_shares(uint32_t id, ProductBreakdown& b) const;

    const StockInput& m_input;
    const StockSettings& m_settings;
    Detail m_detail;
    std::vector<StockNode> m_nodes;
    FlatIndex m_ids; // product code -> node id
    // Seller SKU -> m_skus entry (its node, and whether two products' codes share the SKU).
    struct SkuEntry {
        std::string_view sku;
        uint32_t node = 0;
        bool duplicate = false;
    };
    FlatIndex m_sku_index;
    std::vector<SkuEntry> m_skus;
    bool m_sku_is_code = false; // the SKU field is the code: m_ids serves as the SKU index
    // The mapped warehouses chained by their last character (0 for an empty code): a stock level's
    // warehouse is compared only with the codes ending like it. Entries are index + 1; 0 ends.
    std::array<uint32_t, 256> m_warehouse_heads{};
    std::vector<uint32_t> m_warehouse_next;
    std::vector<BomEdge> m_edges;
    std::vector<uint32_t> m_users; // edge ids, grouped by component, assemblies by code
    std::unordered_map<uint32_t, std::string> m_errors; // bad nodes
    std::vector<uint32_t> m_exported_order;
    std::vector<uint32_t> m_topo; // components before the assemblies that use them
    std::vector<uint32_t> m_path;
    std::vector<uint32_t> m_listing_ids; // node id per listing (or k_no_id)
    std::vector<uint32_t> m_level_ids;   // breakdown: node id per stock level (or k_no_id)
    std::vector<ShareClaim> m_claims;    // scratch for split_share
    std::vector<int64_t> m_shares;       // scratch for split_share
    std::vector<std::size_t> m_active;   // scratch for split_share
};

} // namespace amzconn::stock::detail
