#include "stock/json_text.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

namespace amzconn::stock {

void append_json_string(std::string& out, std::string_view text) {
    out += boost::json::serialize(boost::json::string_view(text.data(), text.size()));
}

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
