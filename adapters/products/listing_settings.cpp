#include "products/listing_settings.hpp"

#include <algorithm>
#include <string_view>

namespace amzconn::products {

namespace {

constexpr int k_max_lead_time_days = 30;

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
    return text;
}

// A setting is kept in the attribute its config key names; none named, it cannot be kept.
Outcome need(const std::string& attribute, std::string_view key, std::string_view setting,
             std::string_view example) {
    if (attribute.empty()) {
        return Error{Status::bad_input, std::string(setting) +
                                            " is kept in the product attribute products." +
                                            std::string(key) +
                                            " names, and the store's config names none: set "
                                            "products." +
                                            std::string(key) + " (e.g. " + std::string(example) +
                                            ") and install the config again"};
    }
    return {};
}

Result<std::string> lead_time_value(const std::string& text) {
    if (text == "default") {
        return std::string();
    }
    const bool digits =
        !text.empty() && text.size() <= 2 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoi(text) > k_max_lead_time_days) {
        return Error{Status::bad_input,
                     "lead_time '" + text + "' is not whole handling days 0 to 30 or 'default'"};
    }
    return std::to_string(std::stoi(text));
}

} // namespace

Result<SettingsChange> parse_settings_change(const std::map<std::string, std::string>& args,
                                             const SettingAttributes& names) {
    SettingsChange change;
    if (auto it = args.find("sync"); it != args.end()) {
        if (it->second != "on" && it->second != "off") {
            return Error{Status::bad_input, "sync '" + it->second + "' is neither on nor off"};
        }
        TRY(need(names.skip, "skip_attribute", "sync", "amazon_skip"));
        change.sync = it->second == "on";
    }
    if (auto it = args.find("lead_time"); it != args.end()) {
        TRY_ASSIGN(change.lead_time, lead_time_value(it->second));
        TRY(need(names.lead_time, "lead_time_attribute", "lead_time", "amazon_lead_time"));
    }
    if (auto it = args.find("fulfillment"); it != args.end()) {
        const auto value = upper(it->second);
        if (value != "AFN" && value != "MFN" && value != "NONE") {
            return Error{Status::bad_input,
                         "fulfillment '" + it->second + "' is none of AFN, MFN or none"};
        }
        TRY(need(names.switch_fulfillment, "switch_fulfillment_attribute", "fulfillment",
                 "amazon_fulfillment"));
        change.fulfillment = value == "NONE" ? std::string() : value;
    }
    if (!change.sync && !change.lead_time && !change.fulfillment) {
        return Error{Status::bad_input, "nothing to set: give sync, lead_time or fulfillment"};
    }
    return change;
}

bool apply_settings(const SettingsChange& change, const SettingAttributes& names,
                    std::map<std::string, std::string>& attributes) {
    const auto before = attributes;
    const auto set = [&](const std::string& name, const std::string& value) {
        if (value.empty()) {
            attributes.erase(name);
        } else {
            attributes[name] = value;
        }
    };
    if (change.sync) {
        set(names.skip, *change.sync ? "false" : "true");
    }
    if (change.lead_time) {
        set(names.lead_time, *change.lead_time);
    }
    if (change.fulfillment) {
        set(names.switch_fulfillment, *change.fulfillment);
    }
    return attributes != before;
}

} // namespace amzconn::products
