// URL pieces for SP-API requests: RFC 3986 percent-encoding of path segments and query values
// (pagination tokens carry '+', '/' and '='), query building, and the https/loopback rule.
// parse_url and is_loopback_host are inline: the config validator (which does not link the
// client) applies the very same host parser and loopback rule.
#pragma once

#include "amzconn/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::spapi {

// Encodes everything except the RFC 3986 unreserved set (A-Z a-z 0-9 - . _ ~).
std::string percent_encode(std::string_view text);

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x%2By" in the given order; repeated names stay repeated.
std::string build_query(const QueryParams& params);

struct UrlParts {
    std::string scheme; // lower case
    std::string host;   // lower case, without brackets for IPv6
    int port = 0;       // 0 when absent
    std::string path;   // "" or starting with '/', '?' or '#'
};

namespace url_detail {

inline std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

inline bool host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

inline bool ipv6_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
}

// The host of an authority ("host", "host:port", "[v6]:port"), exactly: a name of letters,
// digits, '-', '.', '_' or a bracketed IPv6 address. Sets `port_text` to what follows ':'.
inline Result<std::string> parse_host(std::string_view authority,
                                      std::optional<std::string_view>& port_text) {
    std::string host;
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return Error{Status::bad_input, "invalid URL: unclosed IPv6 bracket"};
        }
        host = lower(authority.substr(1, close - 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && after[0] != ':') {
            return Error{Status::bad_input, "invalid URL: text after the IPv6 address"};
        }
        if (!after.empty()) {
            port_text = after.substr(1);
        }
        for (char c : host) {
            if (!ipv6_char(c)) {
                return Error{Status::bad_input, "invalid URL: bad IPv6 address"};
            }
        }
    } else {
        const auto colon = authority.find(':');
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            authority = authority.substr(0, colon);
        }
        host = lower(authority);
        for (char c : host) {
            if (!host_char(c)) {
                return Error{Status::bad_input, "invalid URL: the host may hold only letters, "
                                                "digits, '-', '.' and '_'"};
            }
        }
    }
    if (host.empty()) {
        return Error{Status::bad_input, "invalid URL: no host"};
    }
    return host;
}

inline Result<int> parse_port(std::string_view text) {
    int port = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || port > 65535) {
            return Error{Status::bad_input, "invalid URL: bad port"};
        }
        port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) {
        return Error{Status::bad_input, "invalid URL: bad port"};
    }
    return port;
}

} // namespace url_detail

// scheme://host[:port][path]; no credentials (user@), the host parsed exactly.
inline Result<UrlParts> parse_url(std::string_view url) {
    const auto sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) {
        return Error{Status::bad_input, "invalid URL: no scheme"};
    }
    UrlParts parts;
    parts.scheme = url_detail::lower(url.substr(0, sep));
    const std::string_view rest = url.substr(sep + 3);
    const auto path_pos = rest.find_first_of("/?#");
    const std::string_view authority = rest.substr(0, path_pos);
    if (path_pos != std::string_view::npos) {
        parts.path = std::string(rest.substr(path_pos));
    }
    if (authority.find('@') != std::string_view::npos) {
        return Error{Status::bad_input, "invalid URL: credentials in the URL are not allowed"};
    }
    std::optional<std::string_view> port_text;
    TRY_ASSIGN(parts.host, url_detail::parse_host(authority, port_text));
    if (port_text) {
        TRY_ASSIGN(parts.port, url_detail::parse_port(*port_text));
    }
    return parts;
}

// Exactly 127.0.0.1, localhost or ::1 (never "127.0.0.1.example" or "127.0.0.1evil.com").
inline bool is_loopback_host(std::string_view host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// Plain http is allowed to a loopback host only (the local sandbox).
inline bool http_allowed(const UrlParts& parts) {
    return parts.scheme == "https" || (parts.scheme == "http" && is_loopback_host(parts.host));
}

// Accepts https to any host, http only to 127.0.0.1 / localhost / ::1; nothing else. The error
// says which URL (by its setting name) was refused and why.
Outcome check_endpoint(std::string_view url, std::string_view setting);

} // namespace amzconn::spapi
