#include "stock/availability.hpp"

#include "stock/attribute_rules.hpp"
#include "stock/fulfillment_channel.hpp"
#include "stock/share_split.hpp"

#include <algorithm>
#include <unordered_set>

namespace amzconn::stock {

std::string_view to_string(ListingAction action) {
    switch (action) {
    case ListingAction::send_quantity:
        return "send_quantity";
    case ListingAction::switch_to_afn:
        return "switch_to_afn";
    case ListingAction::fulfilled_by_amazon:
        return "fulfilled_by_amazon";
    case ListingAction::skipped:
        return "skipped";
    case ListingAction::unknown_sku:
        return "unknown_sku";
    case ListingAction::error:
        return "error";
    }
    return "?";
}

namespace {

constexpr int k_max_bom_depth = 1000;

enum class Visit { fresh, visiting, ok, bad };

struct Node {
    const Product* product = nullptr;
    std::vector<std::pair<std::string, int64_t>> bom; // merged lines, first-appearance order
    Visit state = Visit::fresh;
    std::string error;
    bool exported = false;
    std::vector<std::string> parents; // ok assemblies that use this product
    int64_t upper_bound = 0;
};

class Engine {
  public:
    explicit Engine(const StockInput& input) : m_input(input), m_settings(input.settings) {}

    StockComputation run() {
        StockComputation out;
        out.settings = m_settings;
        index();
        out.listings = classify_listings();
        for (const std::string& code : m_exported_order) {
            visit(code, 0);
        }
        link_parents();
        compute_upper_bounds();
        split_all(out);
        for (auto& [code, node] : m_nodes) {
            if (node.state == Visit::bad) {
                ProductBreakdown breakdown;
                breakdown.code = code;
                breakdown.error = Error{Status::bad_input, node.error};
                out.products.emplace(code, std::move(breakdown));
            }
        }
        fill_quantities(out);
        out.sku_to_product = m_sku_to_product;
        return out;
    }

  private:
    void index() {
        m_products.reserve(m_input.products.size());
        m_sku_to_product.reserve(m_input.products.size());
        m_levels.reserve(m_input.products.size());
        m_nodes.reserve(m_input.products.size());
        for (const Product& product : m_input.products) {
            auto [it, inserted] = m_products.emplace(product.code, &product);
            if (!inserted) {
                m_duplicate_codes.insert(product.code);
            }
        }
        for (const Product& product : m_input.products) {
            std::string sku = seller_sku(product, m_settings.sku_attribute);
            auto [it, inserted] = m_sku_to_product.emplace(sku, product.code);
            if (!inserted && it->second != product.code) {
                m_duplicate_skus.insert(sku);
            }
        }
        for (const StockLevel& level : m_input.levels) {
            m_levels[level.product].push_back(&level);
        }
        m_mapped.insert(m_settings.warehouses.begin(), m_settings.warehouses.end());
    }

    std::vector<ListingResult> classify_listings() {
        std::vector<ListingResult> results;
        results.reserve(m_input.listings.size());
        for (const Listing& listing : m_input.listings) {
            ListingResult r;
            r.sku = listing.sku;
            r.marketplace_id = listing.marketplace_id;
            classify(listing, r);
            if (r.action == ListingAction::send_quantity) {
                Node& node = m_nodes[r.product_code];
                if (!node.exported) {
                    node.exported = true;
                    m_exported_order.push_back(r.product_code);
                }
            }
            results.push_back(std::move(r));
        }
        return results;
    }

    void fail(ListingResult& r, std::string reason) {
        r.action = ListingAction::error;
        r.reason = std::move(reason);
    }

    void classify(const Listing& listing, ListingResult& r) {
        auto sku_it = m_sku_to_product.find(listing.sku);
        if (sku_it == m_sku_to_product.end()) {
            r.action = ListingAction::unknown_sku;
            r.reason = "no host product has SKU " + listing.sku + "; the listing is left alone";
            return;
        }
        r.product_code = sku_it->second;
        if (m_duplicate_skus.count(listing.sku) != 0) {
            return fail(r, "SKU " + listing.sku +
                               " belongs to more than one host product; give each product its "
                               "own SKU");
        }
        if (m_duplicate_codes.count(r.product_code) != 0) {
            return fail(r, "product code " + r.product_code +
                               " appears more than once in the host data; fix the duplicate");
        }
        const Product& product = *m_products.at(r.product_code);
        for (const std::string* attribute :
             {&m_settings.skip_attribute, &m_settings.sync_disabled_attribute}) {
            Result<bool> flag = read_flag(product, *attribute);
            if (!flag) {
                return fail(r, flag.error().message);
            }
            if (*flag) {
                r.action = ListingAction::skipped;
                r.reason = "attribute '" + *attribute + "' is set on product " + product.code;
                return;
            }
        }
        Result<SwitchTo> switch_to =
            read_switch_fulfillment(product, m_settings.switch_fulfillment_attribute);
        if (!switch_to) {
            return fail(r, switch_to.error().message);
        }
        const bool merchant = is_merchant_channel(listing.channel_code);
        if (*switch_to == SwitchTo::afn) {
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
        if (*switch_to == SwitchTo::none && !merchant) {
            r.action = ListingAction::fulfilled_by_amazon;
            r.channel_code = listing.channel_code;
            return;
        }
        Result<LeadTime> lead = read_lead_time(product, m_settings.lead_time_attribute,
                                               m_settings.default_lead_time_days);
        if (!lead) {
            return fail(r, lead.error().message);
        }
        r.action = ListingAction::send_quantity;
        r.channel_code = std::string(k_merchant_channel);
        r.lead_time_days = lead->days;
        r.lead_time_from_attribute = lead->from_attribute;
    }

    // Depth-first over BOMs: components are appended to m_topo before their assemblies; a node
    // on a cycle, or depending on one, ends up bad with a message naming the cycle.
    void visit(const std::string& code, int depth) {
        Node& node = m_nodes[code];
        if (node.state != Visit::fresh) {
            return;
        }
        auto product_it = m_products.find(code);
        if (product_it == m_products.end()) {
            node.state = Visit::ok; // unknown component: no stock, builds nothing
            m_topo.push_back(code);
            return;
        }
        node.product = product_it->second;
        node.state = Visit::visiting;
        m_path.push_back(code);
        std::string error;
        if (depth > k_max_bom_depth) {
            error = "BOM of " + code + " is nested deeper than 1000 levels";
        }
        if (error.empty() && m_settings.include_assemblies && node.product->is_assembly) {
            for (const BomLine& line : node.product->bom) {
                if (line.quantity <= 0) {
                    error = "BOM of " + code + " uses " + std::to_string(line.quantity) + " of " +
                            line.component + "; use a positive whole quantity";
                    break;
                }
                auto same = std::find_if(node.bom.begin(), node.bom.end(),
                                         [&](const auto& b) { return b.first == line.component; });
                if (same == node.bom.end()) {
                    node.bom.emplace_back(line.component, line.quantity);
                } else {
                    same->second = saturating_add(same->second, line.quantity);
                }
            }
        }
        if (error.empty()) {
            // Copy: m_nodes may rehash while children are visited.
            const auto lines = node.bom;
            for (const auto& line : lines) {
                const std::string& component = line.first;
                Node& child = m_nodes[component];
                if (child.state == Visit::visiting) {
                    auto start = std::find(m_path.begin(), m_path.end(), component);
                    std::string cycle;
                    for (auto it = start; it != m_path.end(); ++it) {
                        cycle += *it + " -> ";
                    }
                    error = "BOM cycle " + cycle + component +
                            "; remove one of these BOM lines in the host";
                    break;
                }
                visit(component, depth + 1);
                Node& done = m_nodes[component];
                if (done.state == Visit::bad) {
                    error = "BOM of " + code + " uses " + component + ": " + done.error;
                    break;
                }
            }
        }
        m_path.pop_back();
        Node& finished = m_nodes[code];
        if (error.empty()) {
            finished.state = Visit::ok;
            m_topo.push_back(code);
        } else {
            finished.state = Visit::bad;
            finished.error = std::move(error);
        }
    }

    void link_parents() {
        for (const std::string& code : m_topo) {
            Node& node = m_nodes[code];
            for (const auto& line : node.bom) {
                m_nodes[line.first].parents.push_back(code);
            }
        }
        for (auto& [code, node] : m_nodes) {
            std::sort(node.parents.begin(), node.parents.end());
        }
    }

    int64_t free_of(const std::string& code, std::vector<WarehouseTerm>* terms) const {
        int64_t free = 0;
        auto it = m_levels.find(code);
        if (it == m_levels.end()) {
            return 0;
        }
        for (const StockLevel* level : it->second) {
            WarehouseTerm term;
            term.warehouse = level->warehouse;
            term.on_hand = level->on_hand;
            term.allocated = level->allocated;
            // A negative allocation is a host data error; it must not add units.
            const int64_t allocated = std::max<int64_t>(0, level->allocated);
            term.free = std::max<int64_t>(0, saturating_add(level->on_hand, -allocated));
            term.counted = m_mapped.count(level->warehouse) != 0;
            if (term.counted) {
                free = saturating_add(free, term.free);
            }
            if (terms != nullptr) {
                terms->push_back(std::move(term));
            }
        }
        return free;
    }

    void compute_upper_bounds() {
        for (const std::string& code : m_topo) {
            Node& node = m_nodes[code];
            int64_t bound = free_of(code, nullptr);
            if (!node.bom.empty()) {
                int64_t builds = k_no_cap;
                for (const auto& [component, quantity] : node.bom) {
                    builds = std::min(builds, m_nodes[component].upper_bound / quantity);
                }
                bound = saturating_add(bound, builds);
            }
            node.upper_bound = bound;
        }
    }

    // The most units of `component` that `assembly` could turn into builds, judged by the upper
    // bounds of its other components.
    int64_t claim_cap(const Node& assembly, const std::string& component) {
        int64_t builds = k_no_cap;
        int64_t per_unit = 1;
        for (const auto& [other, quantity] : assembly.bom) {
            if (other == component) {
                per_unit = quantity;
                continue;
            }
            builds = std::min(builds, m_nodes[other].upper_bound / quantity);
        }
        return builds == k_no_cap ? k_no_cap : saturating_mul(builds, per_unit);
    }

    void split_all(StockComputation& out) {
        // share_of[assembly][component] = component units granted to that assembly
        std::unordered_map<std::string, std::unordered_map<std::string, int64_t>> granted;
        for (const std::string& code : m_topo) {
            Node& node = m_nodes[code];
            ProductBreakdown b;
            b.code = code;
            b.free = free_of(code, &b.warehouses);
            if (!node.bom.empty()) {
                int64_t builds = k_no_cap;
                for (const auto& [component, quantity] : node.bom) {
                    ComponentTerm term;
                    term.component = component;
                    term.per_unit = quantity;
                    term.share = granted[code][component];
                    term.builds = term.share / quantity;
                    term.known = m_products.count(component) != 0;
                    builds = std::min(builds, term.builds);
                    b.components.push_back(std::move(term));
                }
                b.buildable = builds;
            }
            b.supply = saturating_add(b.free, b.buildable);

            std::vector<ShareClaim> claims;
            std::vector<ConsumerShare> consumers;
            if (node.exported) {
                claims.push_back(ShareClaim{1, k_no_cap});
                consumers.push_back(ConsumerShare{"", 1, 0});
            }
            for (const std::string& parent : node.parents) {
                const Node& assembly = m_nodes[parent];
                auto line = std::find_if(assembly.bom.begin(), assembly.bom.end(),
                                         [&](const auto& l) { return l.first == code; });
                claims.push_back(ShareClaim{line->second, claim_cap(assembly, code)});
                consumers.push_back(ConsumerShare{parent, line->second, 0});
            }
            const std::vector<int64_t> shares = split_supply(b.supply, claims);
            int64_t handed_out = 0;
            for (std::size_t i = 0; i < consumers.size(); ++i) {
                consumers[i].units = shares[i];
                handed_out += shares[i];
                if (consumers[i].consumer.empty()) {
                    b.own_share = shares[i];
                } else {
                    b.reserved_for_assemblies += shares[i];
                    granted[consumers[i].consumer][code] = shares[i];
                }
            }
            b.unassigned = b.supply - handed_out;
            b.shares = std::move(consumers);
            out.products.emplace(code, std::move(b));
        }
    }

    void fill_quantities(StockComputation& out) const {
        for (ListingResult& r : out.listings) {
            if (r.action != ListingAction::send_quantity) {
                continue;
            }
            const ProductBreakdown& b = out.products.at(r.product_code);
            if (b.error) {
                r.action = ListingAction::error;
                r.reason = b.error->message;
                continue;
            }
            r.own_share = b.own_share;
            r.buffer_applied = std::min(m_settings.buffer, b.own_share);
            int64_t quantity = b.own_share - r.buffer_applied;
            if (m_settings.maximum && quantity > *m_settings.maximum) {
                r.cap_cut = quantity - *m_settings.maximum;
                quantity = *m_settings.maximum;
            }
            r.quantity = quantity;
        }
    }

    const StockInput& m_input;
    const StockSettings& m_settings;
    std::unordered_map<std::string, const Product*> m_products;
    std::unordered_set<std::string> m_duplicate_codes;
    std::unordered_set<std::string> m_duplicate_skus;
    std::unordered_map<std::string, std::string> m_sku_to_product;
    std::unordered_map<std::string, std::vector<const StockLevel*>> m_levels;
    std::unordered_set<std::string> m_mapped;
    std::unordered_map<std::string, Node> m_nodes;
    std::vector<std::string> m_exported_order;
    std::vector<std::string> m_topo;
    std::vector<std::string> m_path;
};

} // namespace

Result<StockComputation> compute_stock(const StockInput& input) {
    const StockSettings& s = input.settings;
    if (s.buffer < 0) {
        return Error{Status::bad_input, "stock buffer is " + std::to_string(s.buffer) +
                                            "; use 0 or a positive number of units"};
    }
    if (s.maximum && *s.maximum < 0) {
        return Error{Status::bad_input, "stock maximum is " + std::to_string(*s.maximum) +
                                            "; use a positive number of units or no maximum"};
    }
    if (s.default_lead_time_days < 0 || s.default_lead_time_days > k_max_lead_time_days) {
        return Error{Status::bad_input, "default lead time is " +
                                            std::to_string(s.default_lead_time_days) +
                                            " days; use whole days from 0 to 30"};
    }
    return Engine(input).run();
}

} // namespace amzconn::stock
