#include "stock/explain.hpp"

#include "base/time.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <sstream>

namespace amzconn::stock {

Result<StockExplanation> explain_sku(const StockComputation& computation, std::string_view sku) {
    if (computation.detail != Detail::breakdown) {
        return Error{Status::internal, "explaining SKU " + std::string(sku) +
                                           " needs a computation with its breakdown "
                                           "(compute_stock with Detail::breakdown)"};
    }
    // The SKU is the host's (after products.sku_crop) or Amazon's Seller SKU of a listing.
    std::string product_code;
    if (auto it = computation.sku_to_product.find(std::string(sku));
        it != computation.sku_to_product.end()) {
        product_code = it->second;
    }
    for (const ListingResult& r : computation.listings) {
        if (product_code.empty() && r.sku == sku && !r.product_code.empty()) {
            product_code = r.product_code;
        }
    }
    if (product_code.empty()) {
        return Error{Status::not_found,
                     "no host product has SKU " + std::string(sku) +
                         "; check products.sku_attribute, products.sku_crop and "
                         "products.identification (asin matches listings by their ASIN)"};
    }
    StockExplanation e;
    e.sku = std::string(sku);
    e.product_code = product_code;
    e.buffer = computation.settings.buffer;
    e.mode = computation.settings.assembly_mode;
    e.maximum = computation.settings.maximum;
    for (const ListingResult& r : computation.listings) {
        if (r.sku == sku || r.product_code == e.product_code) {
            e.listings.push_back(r);
        }
    }
    auto breakdown_it = computation.products.find(e.product_code);
    if (breakdown_it == computation.products.end()) {
        if (e.listings.empty()) {
            return Error{Status::not_found, "SKU " + e.sku +
                                                " has no Amazon listing in this computation; "
                                                "import listings first"};
        }
        return e; // skipped / FBA / error: the listing lines say why
    }
    const ProductBreakdown& b = breakdown_it->second;
    e.warehouses = b.warehouses;
    e.free = b.free;
    e.components = b.components;
    e.buildable = b.buildable;
    for (const ConsumerShare& share : b.shares) {
        if (!share.consumer.empty()) {
            e.reserved.push_back(share);
        }
    }
    e.reserved_total = b.reserved_for_assemblies;
    e.mode = computation.settings.assembly_mode;
    e.counted_in = b.counted_in;
    e.unassigned = b.unassigned;
    e.own_share = b.own_share;
    for (const ListingResult& r : e.listings) {
        if (r.quantity) {
            e.result = r.quantity;
            e.buffer_applied = r.buffer_applied;
            e.cap_cut = r.cap_cut;
            e.lead_time_days = r.lead_time_days;
            e.lead_time_from_attribute = r.lead_time_from_attribute;
        }
    }
    return e;
}

int64_t accounted_total(const StockExplanation& e) {
    return e.free + e.buildable - e.reserved_total - e.unassigned - e.buffer_applied - e.cap_cut;
}

std::string render_text(const StockExplanation& e) {
    std::ostringstream out;
    out << "SKU " << e.sku << " (product " << e.product_code << ")\n";
    for (const WarehouseTerm& w : e.warehouses) {
        out << "  warehouse " << w.warehouse << ": on hand " << w.on_hand << " - allocated "
            << w.allocated << " = " << w.free
            << (w.counted ? "" : "  (not a mapped FBM warehouse: not counted)") << "\n";
    }
    out << "  free in mapped warehouses: " << e.free << "\n";
    for (const ComponentTerm& c : e.components) {
        out << "  component " << c.component << ": " << c.share
            << (e.mode == AssemblyMode::share_split ? " reserved / " : " available / ")
            << c.per_unit << " per unit = " << c.builds << " buildable"
            << (c.known ? "" : "  (unknown product: builds nothing)") << "\n";
    }
    if (!e.components.empty()) {
        out << "  + buildable from BOM: " << e.buildable << "\n";
    }
    for (const ConsumerShare& r : e.reserved) {
        out << "  - used by assembly " << r.consumer << " (" << r.per_unit
            << " per unit): " << r.units << "\n";
    }
    for (const ConsumerShare& r : e.counted_in) {
        out << "  (also counted by assembly " << r.consumer << ", " << r.per_unit
            << " per unit: " << r.units
            << " units; not subtracted, as can_assemble counts them for "
            << "both)\n";
    }
    if (e.unassigned != 0) {
        out << "  - not assigned to any listing (no listing claims them, or a remainder too small "
               "for one): "
            << e.unassigned << "\n";
    }
    out << "  = own share: " << e.own_share << "\n";
    out << "  - buffer " << e.buffer << ": " << e.buffer_applied << "\n";
    if (e.maximum) {
        out << "  - above maximum " << *e.maximum << ": " << e.cap_cut << "\n";
    }
    if (e.result) {
        out << "  = quantity " << *e.result << ", handling time " << e.lead_time_days << " days ("
            << (e.lead_time_from_attribute ? "product attribute" : "store default") << ")\n";
    }
    for (const ListingResult& r : e.listings) {
        out << "  listing " << r.marketplace_id << ": " << to_string(r.action);
        if (!r.channel_code.empty()) {
            out << " on " << r.channel_code;
        }
        if (r.quantity) {
            out << ", quantity " << *r.quantity;
        }
        if (!r.reason.empty()) {
            out << " (" << r.reason << ")";
        }
        out << "\n";
    }
    return out.str();
}

namespace {

void describe(std::ostringstream& out, const ListingValues& v) {
    if (v.channel_code.empty()) {
        out << "no availability";
    } else {
        out << "channel " << v.channel_code;
    }
    if (v.quantity) {
        out << ", quantity " << *v.quantity;
    }
    if (v.lead_time_days) {
        out << ", handling " << *v.lead_time_days << " days";
    }
    if (v.price) {
        out << ", price " << v.price->amount << " " << v.price->currency;
    }
}

} // namespace

std::string render_last_sent(std::string_view marketplace_id,
                             const std::optional<SentState>& state) {
    std::ostringstream out;
    out << "  last sent to " << marketplace_id << ": ";
    if (!state || (!state->has_confirmed && !state->pending)) {
        out << "nothing yet\n";
        return out.str();
    }
    if (state->has_confirmed) {
        describe(out, state->confirmed);
        out << "; accepted by Amazon at "
            << time::format_rfc3339(time::Timestamp{state->sent_at_ms});
    } else {
        out << "nothing accepted yet";
    }
    out << "\n";
    if (state->pending) {
        out << "  waiting for Amazon: ";
        describe(out, *state->pending);
        if (state->pending_transport == SendTransport::feed) {
            out << ", sent in a feed"
                << (state->pending_feed_id.empty() ? "" : " " + state->pending_feed_id);
        } else {
            out << ", sent by patchListingsItem";
        }
        out << " since " << time::format_rfc3339(time::Timestamp{state->pending_since_ms})
            << (state->pending_ambiguous ? " (no answer: will be re-sent with the latest values)"
                                         : "")
            << "\n";
        if (state->deferred) {
            // A newer value is never sent past a send Amazon may still apply.
            out << "  newer values wait for that answer: ";
            describe(out, state->deferred->values);
            out << "\n";
        }
    }
    if (!state->last_error.empty()) {
        out << "  Amazon rejected the last send: " << state->last_error << "\n";
    }
    return out.str();
}

boost::json::value to_json(const StockExplanation& e) {
    boost::json::object o;
    o["sku"] = e.sku;
    o["product"] = e.product_code;
    boost::json::array warehouses;
    for (const WarehouseTerm& w : e.warehouses) {
        warehouses.push_back(boost::json::object{{"warehouse", w.warehouse},
                                                 {"on_hand", w.on_hand},
                                                 {"allocated", w.allocated},
                                                 {"free", w.free},
                                                 {"counted", w.counted}});
    }
    o["warehouses"] = std::move(warehouses);
    o["free"] = e.free;
    boost::json::array components;
    for (const ComponentTerm& c : e.components) {
        components.push_back(boost::json::object{{"component", c.component},
                                                 {"per_unit", c.per_unit},
                                                 {"drawn_on", c.share},
                                                 {"buildable", c.builds},
                                                 {"known", c.known}});
    }
    o["components"] = std::move(components);
    o["buildable"] = e.buildable;
    boost::json::array reserved;
    for (const ConsumerShare& r : e.reserved) {
        reserved.push_back(boost::json::object{
            {"assembly", r.consumer}, {"per_unit", r.per_unit}, {"units", r.units}});
    }
    o["used_by_assemblies"] = std::move(reserved);
    o["used_by_assemblies_total"] = e.reserved_total;
    boost::json::array counted;
    for (const ConsumerShare& r : e.counted_in) {
        counted.push_back(boost::json::object{
            {"assembly", r.consumer}, {"per_unit", r.per_unit}, {"units", r.units}});
    }
    o["also_counted_by_assemblies"] = std::move(counted);
    o["assembly_mode"] = e.mode == AssemblyMode::share_split ? "share_split" : "can_assemble";
    o["unassigned"] = e.unassigned;
    o["own_share"] = e.own_share;
    o["buffer"] = e.buffer;
    o["buffer_applied"] = e.buffer_applied;
    if (e.maximum) {
        o["maximum"] = *e.maximum;
    }
    o["cap_cut"] = e.cap_cut;
    if (e.result) {
        o["quantity"] = *e.result;
    }
    o["lead_time_days"] = e.lead_time_days;
    o["lead_time_source"] = e.lead_time_from_attribute ? "attribute" : "default";
    boost::json::array listings;
    for (const ListingResult& r : e.listings) {
        boost::json::object l{{"marketplace_id", r.marketplace_id},
                              {"action", to_string(r.action)},
                              {"channel", r.channel_code}};
        if (r.quantity) {
            l["quantity"] = *r.quantity;
        }
        if (!r.reason.empty()) {
            l["reason"] = r.reason;
        }
        listings.push_back(std::move(l));
    }
    o["listings"] = std::move(listings);
    return o;
}

} // namespace amzconn::stock
