// Per-product listing settings kept in the host as product attributes, the ones the stock export
// already reads: sync on/off (products.skip_attribute), lead time in handling days
// (products.lead_time_attribute) and SwitchFulfillmentTo (products.switch_fulfillment_attribute).
// A bulk edit is validated once, then applied to each product's attributes.
#pragma once

#include "amzconn/result.hpp"

#include <map>
#include <optional>
#include <string>

namespace amzconn::products {

// The attribute names the store's config gives (empty: not configured).
struct SettingAttributes {
    std::string skip;               // true: the listing is not synced
    std::string lead_time;          // handling days 0..30
    std::string switch_fulfillment; // AFN | MFN
};

// One bulk edit; an unset member leaves that setting alone. `lead_time` and `fulfillment` hold
// an empty string to clear the product's own value (the store default applies again).
struct SettingsChange {
    std::optional<bool> sync;
    std::optional<std::string> lead_time;
    std::optional<std::string> fulfillment;
};

// The edit from job arguments "sync" (on|off), "lead_time" (0..30 or "default") and
// "fulfillment" (AFN|MFN|none). Fails (bad_input) for a bad value, for an edit whose attribute
// the config does not name (saying which products.* key to set), and for an edit of nothing.
Result<SettingsChange> parse_settings_change(const std::map<std::string, std::string>& args,
                                             const SettingAttributes& names);

// Applies the edit to a product's attributes; true when anything changed.
bool apply_settings(const SettingsChange& change, const SettingAttributes& names,
                    std::map<std::string, std::string>& attributes);

} // namespace amzconn::products
