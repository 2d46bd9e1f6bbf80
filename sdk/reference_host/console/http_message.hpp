// The console's requests and responses as plain data, apart from Boost.Beast, so pages and the
// sign-in rules are tested without a socket; plus the decoding of query strings, forms and cookies.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::refhost::console {

using Fields = std::map<std::string, std::string, std::less<>>;

struct Request {
    std::string method; // GET, POST, ...
    std::string path;   // without the query string
    Fields query;
    Fields form; // an application/x-www-form-urlencoded body
    std::string cookie_header;
    std::string host_header;
};

struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // extra: Location, Set-Cookie
};

// "a=1&b=x+y" -> {a: 1, b: "x y"}; a repeated key keeps its first value.
Fields parse_form(std::string_view text);
// The value of cookie `name` in a Cookie header.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);
// A field's value, or nullopt.
std::optional<std::string_view> field(const Fields& fields, std::string_view name);
// "?a=1&b=x%20y" from pairs (percent-encoded).
std::string query_string(const std::vector<std::pair<std::string, std::string>>& pairs);

// A 303 to `location` (after a POST: the browser then GETs it).
Response redirect(std::string location);
// A page with `status` and a plain-text explanation.
Response plain(int status, std::string text);

} // namespace amzconn::refhost::console
