#include "url.hpp"

#include <optional>

namespace amzconn {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool ipv6_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
}

// The host of an authority ("host", "host:port", "[v6]:port"), exactly: a name of letters,
// digits, '-', '.', '_' or a bracketed IPv6 address. Sets `port_text` to what follows ':'.
Result<std::string> parse_host(std::string_view authority,
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

Result<int> parse_port(std::string_view text) {
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

} // namespace

// scheme://host[:port][path]; no credentials (user@), the host parsed exactly.
Result<UrlParts> parse_url(std::string_view url) {
    const auto sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) {
        return Error{Status::bad_input, "invalid URL: no scheme"};
    }
    UrlParts parts;
    parts.scheme = lower(url.substr(0, sep));
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
    TRY_ASSIGN(parts.host, parse_host(authority, port_text));
    if (port_text) {
        TRY_ASSIGN(parts.port, parse_port(*port_text));
    }
    return parts;
}

// Exactly 127.0.0.1, localhost or ::1 (never "127.0.0.1.example" or "127.0.0.1evil.com").
bool is_loopback_host(std::string_view host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// Plain http is allowed to a loopback host only (the local sandbox).
bool http_allowed(const UrlParts& parts) {
    return parts.scheme == "https" || (parts.scheme == "http" && is_loopback_host(parts.host));
}

namespace {

int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

std::string url_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hex_digit_value(text[i + 1]);
            const int lo = hex_digit_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
    return out;
}

std::string url_encode(std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            u == '-' || u == '_' || u == '.' || u == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(k_hex[u >> 4U]);
            out.push_back(k_hex[u & 15U]);
        }
    }
    return out;
}

} // namespace amzconn
