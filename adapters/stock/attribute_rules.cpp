#include "stock/attribute_rules.hpp"

#include <algorithm>
#include <cctype>

namespace amzconn::stock {
namespace {

std::string normalized(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return out;
}

const std::string* find_attribute(const Product& product, std::string_view attribute) {
    if (attribute.empty() || product.attributes.empty()) {
        return nullptr;
    }
    auto it = product.attributes.find(std::string(attribute));
    return it == product.attributes.end() ? nullptr : &it->second;
}

} // namespace

Result<bool> read_flag(const Product& product, std::string_view attribute) {
    const std::string* raw = find_attribute(product, attribute);
    if (raw == nullptr) {
        return false;
    }
    const std::string value = normalized(*raw);
    if (value.empty() || value == "0" || value == "false" || value == "no" || value == "n" ||
        value == "off") {
        return false;
    }
    if (value == "1" || value == "true" || value == "yes" || value == "y" || value == "on") {
        return true;
    }
    return Error{Status::bad_input, "product " + product.code + ": attribute '" +
                                        std::string(attribute) + "' has value '" + *raw +
                                        "', which is neither true nor false; set it to 1 or 0"};
}

Result<LeadTime> read_lead_time(const Product& product, std::string_view attribute,
                                int default_days) {
    const std::string* raw = find_attribute(product, attribute);
    if (raw == nullptr || normalized(*raw).empty()) {
        return LeadTime{default_days, false};
    }
    const std::string value = normalized(*raw);
    const bool digits = value.size() <= 2 && std::all_of(value.begin(), value.end(), [](char c) {
                            return c >= '0' && c <= '9';
                        });
    int days = -1;
    if (digits) {
        days = 0;
        for (char c : value) {
            days = days * 10 + (c - '0');
        }
    }
    if (days < 0 || days > k_max_lead_time_days) {
        return Error{Status::bad_input,
                     "product " + product.code + ": lead-time attribute '" +
                         std::string(attribute) + "' is '" + *raw +
                         "'; use whole days from 0 to 30, or leave it empty for the store default"};
    }
    return LeadTime{days, true};
}

Result<SwitchTo> read_switch_fulfillment(const Product& product, std::string_view attribute) {
    const std::string* raw = find_attribute(product, attribute);
    if (raw == nullptr) {
        return SwitchTo::none;
    }
    const std::string value = normalized(*raw);
    if (value.empty()) {
        return SwitchTo::none;
    }
    if (value == "mfn") {
        return SwitchTo::mfn;
    }
    if (value == "afn") {
        return SwitchTo::afn;
    }
    return Error{Status::bad_input, "product " + product.code + ": attribute '" +
                                        std::string(attribute) + "' is '" + *raw +
                                        "'; use MFN, AFN or leave it empty"};
}

std::string seller_sku(const Product& product, const orders::KeyField& field) {
    return std::string(seller_sku_view(product, field));
}

// KeyField::value_in without the copy; a value of only spaces counts as none.
std::string_view seller_sku_view(const Product& product, const orders::KeyField& field) {
    std::string_view key;
    switch (field.kind) {
    case orders::KeyField::Kind::code:
        key = product.code;
        break;
    case orders::KeyField::Kind::barcode:
        key = product.barcode;
        break;
    case orders::KeyField::Kind::attribute:
        if (auto it = product.attributes.find(field.attribute); it != product.attributes.end()) {
            key = it->second;
        }
        break;
    }
    const bool blank = std::all_of(key.begin(), key.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0;
    });
    return blank ? std::string_view(product.code) : key;
}

} // namespace amzconn::stock
