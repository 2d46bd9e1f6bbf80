#include "stock/availability.hpp"

#include "stock/stock_engine.hpp"

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

Result<StockComputation> compute_stock(const StockInput& input, Detail detail) {
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
    return detail::StockEngine(input, detail).run();
}

} // namespace amzconn::stock
