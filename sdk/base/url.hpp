// URL parsing shared by the config validator and the SP-API client, so both agree on what a host
// is and on the one loopback rule: scheme://host[:port][path], the host parsed exactly; and the
// one percent-decoding the reference host's console and the sandbox use.
#pragma once

#include "amzconn/result.hpp"

#include <string>
#include <string_view>

namespace amzconn {

struct UrlParts {
    std::string scheme; // lower case
    std::string host;   // lower case, without brackets for IPv6
    int port = 0;       // 0 when absent
    std::string path;   // "" or starting with '/', '?' or '#'
};

// No credentials (user@); the host is letters, digits, '-', '.', '_' or a bracketed IPv6 address.
Result<UrlParts> parse_url(std::string_view url);

// Exactly 127.0.0.1, localhost or ::1 (never "127.0.0.1.example" or "127.0.0.1evil.com").
bool is_loopback_host(std::string_view host);

// https to any host; plain http to a loopback host only (the local sandbox).
bool http_allowed(const UrlParts& parts);

// %XX decoded (a '%' not followed by two hex digits stays as it is); '+' becomes a space when
// plus_is_space (HTML forms and query strings), as application/x-www-form-urlencoded says.
std::string url_decode(std::string_view text, bool plus_is_space);

// Every byte but RFC 3986's unreserved characters (letters, digits, - _ . ~) as %XX.
std::string url_encode(std::string_view text);

} // namespace amzconn
