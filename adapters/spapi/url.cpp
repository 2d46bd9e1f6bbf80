#include "url.hpp"

#include <cctype>

namespace amzconn::spapi {

std::string percent_encode(std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += k_hex[u >> 4];
            out += k_hex[u & 0xf];
        }
    }
    return out;
}

std::string build_query(const QueryParams& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) {
            out += '&';
        }
        out += percent_encode(name);
        out += '=';
        out += percent_encode(value);
    }
    return out;
}

Outcome check_endpoint(std::string_view url, std::string_view setting) {
    auto parts = parse_url(url);
    if (!parts) {
        return Error{Status::bad_input, std::string(setting) + ": " + parts.error().message};
    }
    if (http_allowed(*parts)) {
        return {};
    }
    if (parts->scheme == "http") {
        return Error{Status::bad_input, std::string(setting) +
                                            ": plain http is allowed only to 127.0.0.1, localhost "
                                            "or ::1 (the local sandbox); use https"};
    }
    return Error{Status::bad_input, std::string(setting) + ": scheme \"" + parts->scheme +
                                        "\" is not allowed; use https"};
}

} // namespace amzconn::spapi
