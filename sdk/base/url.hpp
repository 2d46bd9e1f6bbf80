// URL parsing shared by the config validator and the SP-API client, so both agree on what a host
// is and on the one loopback rule: scheme://host[:port][path], the host parsed exactly.
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

} // namespace amzconn
