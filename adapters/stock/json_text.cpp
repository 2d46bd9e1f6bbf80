#include "stock/json_text.hpp"

#include <algorithm>

namespace amzconn::stock {

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out.push_back('"');
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out.push_back(k_hex[u >> 4U]);
                out.push_back(k_hex[u & 0x0FU]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
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
