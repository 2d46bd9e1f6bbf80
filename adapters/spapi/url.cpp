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

Result<UrlParts> parse_url(std::string_view url) {
    auto bad = [&](std::string why) { return Error{Status::bad_input, "invalid URL: " + why}; };
    auto sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) {
        return bad("no scheme");
    }
    UrlParts parts;
    for (char c : url.substr(0, sep)) {
        parts.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string_view rest = url.substr(sep + 3);
    auto path_pos = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, path_pos);
    if (path_pos != std::string_view::npos) {
        parts.path = std::string(rest.substr(path_pos));
    }
    if (authority.find('@') != std::string_view::npos) {
        return bad("credentials in the URL are not allowed");
    }
    std::string_view port_text;
    if (!authority.empty() && authority[0] == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return bad("unclosed IPv6 bracket");
        }
        parts.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') {
                return bad("text after the IPv6 address");
            }
            port_text = after.substr(1);
        }
    } else {
        auto colon = authority.rfind(':');
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            authority = authority.substr(0, colon);
        }
        for (char c : authority) {
            parts.host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (parts.host.empty()) {
        return bad("no host");
    }
    if (!port_text.empty()) {
        int port = 0;
        for (char c : port_text) {
            if (c < '0' || c > '9' || port > 65535) {
                return bad("bad port");
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            return bad("bad port");
        }
        parts.port = port;
    }
    return parts;
}

bool is_loopback_host(std::string_view host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

Outcome check_endpoint(std::string_view url, std::string_view setting) {
    auto parts = parse_url(url);
    if (!parts) {
        return Error{Status::bad_input, std::string(setting) + ": " + parts.error().message};
    }
    if (parts->scheme == "https") {
        return {};
    }
    if (parts->scheme == "http" && is_loopback_host(parts->host)) {
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
