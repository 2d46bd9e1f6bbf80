#include "http_client.hpp"

#include <cctype>
#include <stdexcept>
#include <zlib.h>

namespace amzconn::testing {

namespace {

extern "C" size_t on_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

extern "C" size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* headers = static_cast<std::map<std::string, std::string>*>(user);
    const std::string line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        auto value = line.substr(colon + 1);
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t\r\n");
        (*headers)[name] = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    }
    return size * count;
}

} // namespace

boost::json::value HttpResult::json() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    return ec ? boost::json::value() : v;
}

std::string HttpResult::header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(std::string base_url)
    : m_base(std::move(base_url)), m_curl(curl_easy_init()) {}

HttpClient::~HttpClient() {
    curl_easy_cleanup(m_curl);
}

std::vector<std::string> HttpClient::auth_headers() const {
    if (m_token.empty()) {
        return {};
    }
    return {"x-amz-access-token: " + m_token};
}

HttpResult HttpClient::request(const std::string& method, const std::string& path,
                               const std::string& body, const std::vector<std::string>& headers,
                               long timeout_ms) {
    HttpResult result;
    curl_easy_reset(m_curl);
    const std::string url = path.rfind("http", 0) == 0 ? path : m_base + path;
    curl_easy_setopt(m_curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(m_curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(m_curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(m_curl, CURLOPT_HEADERDATA, &result.headers);
    curl_easy_setopt(m_curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
    if (!m_ca.empty()) {
        curl_easy_setopt(m_curl, CURLOPT_CAINFO, m_ca.c_str());
    }
    if (method != "GET" && method != "DELETE") {
        curl_easy_setopt(m_curl, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(m_curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_slist* list = nullptr;
    for (const auto& h : headers) {
        list = curl_slist_append(list, h.c_str());
    }
    if (method != "GET" && method != "DELETE") {
        bool has_type = false;
        for (const auto& h : headers) {
            has_type = has_type || h.rfind("Content-Type:", 0) == 0;
        }
        if (!has_type) {
            list = curl_slist_append(list, "Content-Type:");
        }
    }
    curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, list);
    result.code = curl_easy_perform(m_curl);
    curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &result.status);
    curl_slist_free_all(list);
    return result;
}

boost::json::value HttpClient::control(const std::string& action, const std::string& body) {
    const auto r = action == "state" ? request("GET", "/_sandbox/state")
                                     : request("POST", "/_sandbox/" + action, body,
                                               {"Content-Type: application/json"});
    if (r.code != CURLE_OK || r.status != 200) {
        throw std::runtime_error("control " + action + " failed: " + std::to_string(r.status) +
                                 " " + r.body);
    }
    return r.json();
}

std::string HttpClient::authenticate(const std::string& refresh_token) {
    char* escaped = curl_easy_escape(m_curl, refresh_token.c_str(), 0);
    const std::string form = "grant_type=refresh_token&refresh_token=" + std::string(escaped) +
                             "&client_id=amzn1.application-oa2-client.test&client_secret=secret";
    curl_free(escaped);
    const auto r = request("POST", "/auth/o2/token", form,
                           {"Content-Type: application/x-www-form-urlencoded;charset=UTF-8"});
    const auto doc = r.json();
    if (r.status != 200 || !doc.is_object()) {
        throw std::runtime_error("token request failed: " + r.body);
    }
    m_token = std::string(doc.at("access_token").as_string());
    return m_token;
}

std::string gunzip(const std::string& data) {
    if (data.size() < 2 || static_cast<unsigned char>(data[0]) != 0x1f ||
        static_cast<unsigned char>(data[1]) != 0x8b) {
        return data;
    }
    z_stream zs{};
    inflateInit2(&zs, 15 + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
    }
    inflateEnd(&zs);
    return out;
}

} // namespace amzconn::testing
