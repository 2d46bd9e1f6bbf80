// explain_stock: one SKU's quantity broken into every term (per warehouse, per BOM component,
// units reserved for assemblies, buffer, cap) so that the terms add back up to the result.
#pragma once

#include "amzconn/result.hpp"
#include "stock/availability.hpp"
#include "stock/delta.hpp"

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace amzconn::stock {

struct StockExplanation {
    std::string sku;
    std::string product_code;
    std::vector<WarehouseTerm> warehouses; // counted and not counted
    int64_t free = 0;                      // Σ free over counted warehouses
    std::vector<ComponentTerm> components; // assemblies only
    int64_t buildable = 0;
    AssemblyMode mode = AssemblyMode::can_assemble;
    std::vector<ConsumerShare> reserved; // share_split: units the assemblies that use it take
    int64_t reserved_total = 0;
    int64_t unassigned = 0; // no listing claims them, or a remainder too small for any claimant
    // can_assemble: assemblies that count the same units too (informational, not subtracted)
    std::vector<ConsumerShare> counted_in;
    int64_t own_share = 0;
    int64_t buffer = 0;         // the setting
    int64_t buffer_applied = 0; // what it actually took
    std::optional<int64_t> maximum;
    int64_t cap_cut = 0;
    std::optional<int64_t> result; // absent when no listing gets a quantity
    int lead_time_days = k_default_lead_time_days;
    bool lead_time_from_attribute = false;
    std::vector<ListingResult> listings; // one line per marketplace listing of the SKU
};

// Fails with not_found when the SKU has no host product or took no part in the computation, and
// with internal for a computation made without its breakdown (Detail::quantities).
Result<StockExplanation> explain_sku(const StockComputation& computation, std::string_view sku);

// free + buildable − reserved − unassigned − buffer_applied − cap_cut: equals `result` (in both
// modes: reserved is 0 in can_assemble mode, where components keep every unit).
int64_t accounted_total(const StockExplanation& explanation);

// Readable lines for a terminal, and the same as JSON for a host UI.
std::string render_text(const StockExplanation& explanation);
boost::json::value to_json(const StockExplanation& explanation);

// The stored last-sent state of one listing for explain_stock: the values Amazon acknowledged and
// when, a send still unanswered, and Amazon's message when it rejected the last one.
std::string render_last_sent(std::string_view marketplace_id,
                             const std::optional<SentState>& state);

} // namespace amzconn::stock
