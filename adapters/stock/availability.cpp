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
            std::string sku = seller_sku(product, m_settings.sku_field);
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
        const std::string& key = host_key(listing);
        auto sku_it = m_sku_to_product.find(key);
        if (sku_it == m_sku_to_product.end()) {
            r.action = ListingAction::unknown_sku;
            r.reason =
                "no host product has SKU " + key +
                (key == listing.sku ? "" : " (" + listing.sku + " after products.sku_crop)") +
                "; the listing is left alone";
            return;
        }
        r.product_code = sku_it->second;
        if (m_duplicate_skus.count(key) != 0) {
            return fail(r, "SKU " + key +
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

    // Whether an assembly counts what can be built: every assembly when no auto-assemble
    // attribute is configured, else those whose attribute is true (Unleashed: per BOM).
    bool auto_assembles(const Product& product, std::string& error) const {
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
    static void read_bom(Node& node, std::string& error) {
        for (const BomLine& line : node.product->bom) {
            if (line.quantity <= 0) {
                error = "BOM of " + node.product->code + " uses " + std::to_string(line.quantity) +
                        " of " + line.component + "; use a positive whole quantity";
                return;
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
        if (error.empty() && m_settings.include_assemblies && node.product->is_assembly &&
            auto_assembles(*node.product, error)) {
            read_bom(node, error);
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

    using Grants = std::unordered_map<std::string, std::unordered_map<std::string, int64_t>>;

    bool share_split_mode() const { return m_settings.assembly_mode == AssemblyMode::share_split; }

    // free, and for an assembly each component's term and what can be built: from the
    // components' free (can_assemble) or from the units granted to it (share_split).
    ProductBreakdown breakdown_of(const std::string& code, const Node& node, Grants& granted) {
        ProductBreakdown b;
        b.code = code;
        b.free = free_of(code, &b.warehouses);
        if (!node.bom.empty()) {
            int64_t builds = k_no_cap;
            for (const auto& [component, quantity] : node.bom) {
                ComponentTerm term;
                term.component = component;
                term.per_unit = quantity;
                term.share =
                    share_split_mode() ? granted[code][component] : free_of(component, nullptr);
                term.builds = term.share / quantity;
                term.known = m_products.count(component) != 0;
                builds = std::min(builds, term.builds);
                b.components.push_back(std::move(term));
            }
            b.buildable = builds;
        }
        b.supply = saturating_add(b.free, b.buildable);
        return b;
    }

    // share_split: the product's supply divided between its own listings and its assemblies.
    void split_share(const std::string& code, const Node& node, ProductBreakdown& b,
                     Grants& granted) {
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
    }

    // share_split: units an assembly was granted but cannot build with (another component
    // limits it) are promised to nobody; they go back to the component's own listings.
    static void return_unused(StockComputation& out, const std::vector<std::string>& topo) {
        for (const std::string& code : topo) {
            const ProductBreakdown& assembly = out.products.at(code);
            for (const ComponentTerm& term : assembly.components) {
                const int64_t used = saturating_mul(assembly.buildable, term.per_unit);
                const int64_t unused = term.share - used;
                auto component = out.products.find(term.component);
                if (unused <= 0 || component == out.products.end()) {
                    continue;
                }
                ProductBreakdown& c = component->second;
                for (ConsumerShare& share : c.shares) {
                    if (share.consumer == code) {
                        share.units = used;
                    }
                }
                c.reserved_for_assemblies -= unused;
                const bool own = !c.shares.empty() && c.shares.front().consumer.empty();
                (own ? c.own_share : c.unassigned) += unused;
                if (own) {
                    c.shares.front().units += unused;
                }
            }
        }
    }

    // can_assemble: every product keeps its whole supply; components list the assemblies that
    // count the same units.
    static void count_shared(StockComputation& out, const std::vector<std::string>& topo) {
        for (const std::string& code : topo) {
            const ProductBreakdown& assembly = out.products.at(code);
            for (const ComponentTerm& term : assembly.components) {
                auto component = out.products.find(term.component);
                if (component != out.products.end()) {
                    component->second.counted_in.push_back(ConsumerShare{
                        code, term.per_unit, saturating_mul(assembly.buildable, term.per_unit)});
                }
            }
        }
        for (auto& [code, b] : out.products) {
            std::sort(b.counted_in.begin(), b.counted_in.end(),
                      [](const auto& l, const auto& r) { return l.consumer < r.consumer; });
        }
    }

    void split_all(StockComputation& out) {
        Grants granted; // granted[assembly][component] = component units granted to it
        for (const std::string& code : m_topo) {
            Node& node = m_nodes[code];
            ProductBreakdown b = breakdown_of(code, node, granted);
            if (share_split_mode()) {
                split_share(code, node, b, granted);
            } else {
                b.own_share = node.exported ? b.supply : 0;
                b.unassigned = b.supply - b.own_share;
                if (node.exported) {
                    b.shares.push_back(ConsumerShare{"", 1, b.own_share});
                }
            }
            out.products.emplace(code, std::move(b));
        }
        if (share_split_mode()) {
            return_unused(out, m_topo);
        } else {
            count_shared(out, m_topo);
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
