#include "stock/json_text.hpp"

#include <algorithm>

namespace amzconn::stock {

bool is_plain_decimal(std::string_view text) {
    auto digits = [](std::string_view part) {
        return !part.empty() &&
               std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    if (!digits(whole) || (whole.size() > 1 && whole.front() == '0')) {
        return false;
    }
    return dot == std::string_view::npos || digits(text.substr(dot + 1));
}

} // namespace amzconn::stock
