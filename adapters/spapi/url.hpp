// URL pieces for SP-API requests: RFC 3986 percent-encoding of path segments and query values
// (pagination tokens carry '+', '/' and '='), query building, and the https/loopback rule.
#pragma once

#include "amzconn/result.hpp"
#include "base/url.hpp"

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

// The URL parser and loopback rule live in the base library (the config validator uses them too).
using amzconn::http_allowed;
using amzconn::is_loopback_host;
using amzconn::parse_url;
using amzconn::UrlParts;

// Accepts https to any host, http only to 127.0.0.1 / localhost / ::1; nothing else. The error
// says which URL (by its setting name) was refused and why.
Outcome check_endpoint(std::string_view url, std::string_view setting);

} // namespace amzconn::spapi
