// The sandbox's own request/response values: decoded query and headers in, status, headers and body
// out. The network layer (server.cpp) converts to and from bytes, so faults can mangle the bytes.
#pragma once

#include "base/url.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::sandbox {

struct Request {
    std::string method;
    std::string path;                                       // decoded, without the query
    std::string raw_query;                                  // as sent, for static matching
    std::vector<std::pair<std::string, std::string>> query; // decoded, in order
    std::map<std::string, std::string> headers;             // lower-case names
    std::string body;

    std::optional<std::string> param(std::string_view name) const;
    // All values of an array parameter: repeated keys and comma-separated values both count.
    std::vector<std::string> params(std::string_view name) const;
    bool has(std::string_view name) const { return param(name).has_value(); }
    std::string header(std::string_view name) const;
};

struct Response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

// An application/x-www-form-urlencoded body as its pairs, in order (percent-decoding and
// -encoding are amzconn::url_decode and url_encode, base/url.hpp).
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text);

// {"errors":[{"code","message","details"}]}, Amazon's error shape.
Response error_response(unsigned status, std::string_view code, std::string_view message,
                        std::string_view details = "");
// 400 InvalidInput, what Amazon answers a request that breaks the model.
Response invalid_input(std::string_view message, std::string_view details = "");

} // namespace amzconn::sandbox
