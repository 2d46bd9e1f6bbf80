// A small libcurl client for the sandbox tests: one keep-alive handle, whole responses with
// status, headers and the curl result code (so byte-level faults can be asserted).
#pragma once

#include <boost/json.hpp>
#include <curl/curl.h>
#include <map>
#include <string>
#include <vector>

namespace amzconn::testing {

struct HttpResult {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;

    boost::json::value json() const;
    std::string header(const std::string& name) const;
};

class HttpClient {
  public:
    explicit HttpClient(std::string base_url);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResult request(const std::string& method, const std::string& path,
                       const std::string& body = "", const std::vector<std::string>& headers = {},
                       long timeout_ms = 10000);
    HttpResult get(const std::string& path) { return request("GET", path, "", auth_headers()); }
    HttpResult post_json(const std::string& path, const std::string& body) {
        auto h = auth_headers();
        h.emplace_back("Content-Type: application/json");
        return request("POST", path, body, h);
    }
    // Control API (no auth).
    boost::json::value control(const std::string& action, const std::string& body = "");
    boost::json::value state() { return control("state"); }
    // Gets an LWA access token and uses it for get()/post_json() from now on.
    std::string authenticate(const std::string& refresh_token = "Atzr|test-refresh");
    const std::string& base_url() const { return m_base; }
    std::vector<std::string> auth_headers() const;
    void set_token(std::string token) { m_token = std::move(token); }
    // For https sandboxes: the test CA to trust (verification stays on).
    void set_ca(std::string path) { m_ca = std::move(path); }

  private:
    std::string m_base;
    std::string m_token;
    std::string m_ca;
    CURL* m_curl;
};

// The gunzipped bytes, or the input when it is not gzip.
std::string gunzip(const std::string& data);

} // namespace amzconn::testing
