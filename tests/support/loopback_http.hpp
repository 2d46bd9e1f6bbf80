// http(): plain HTTP for tests to a server on loopback (the sandbox's control API and SP-API),
// with libcurl and no proxy. Every failure throws, so a test never goes on with a made-up body.
#pragma once

#include <string>
#include <vector>

namespace amzconn::testing {

// method: GET, POST, PUT...; headers: extra "Name: value" lines (Content-Type defaults to JSON).
// Throws std::runtime_error on a transport error or an HTTP status of 300 or more.
std::string http(const std::string& method, const std::string& url, const std::string& body = "",
                 const std::vector<std::string>& headers = {}, long timeout_s = 120);

} // namespace amzconn::testing
