#include "transport.hpp"

#include "log_text.hpp"
#include "url.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <cstring>
#include <curl/curl.h>

namespace amzconn::spapi {
namespace {

static_assert(CURL_ERROR_SIZE <= 256, "error buffer too small");

std::once_flag g_init_once;
CURLcode g_init_result = CURLE_OK;

void lock_cb(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<ConnectionPool*>(user)->lock(static_cast<int>(data));
}
void unlock_cb(CURL*, curl_lock_data data, void* user) {
    static_cast<ConnectionPool*>(user)->unlock(static_cast<int>(data));
}

// curl copies header lines (access tokens among them); wipe the copies before freeing them.
void free_wiped(struct curl_slist* list) {
    for (auto* item = list; item != nullptr; item = item->next) {
        if (item->data != nullptr) {
            explicit_bzero(item->data, std::strlen(item->data));
        }
    }
    curl_slist_free_all(list);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace

// State of one transfer, reached from curl's C callbacks. The callbacks never throw: they catch
// everything and abort the transfer instead.
struct HttpClient::Transfer {
    HttpResponse response;
    size_t max_body = 0;
    bool too_large = false;
    bool callback_failed = false;
};

namespace {

size_t write_cb(char* data, size_t size, size_t count, void* user) noexcept {
    auto* t = static_cast<HttpClient::Transfer*>(user);
    size_t n = size * count;
    try {
        if (t->response.body.size() + n > t->max_body) {
            t->too_large = true;
            return 0; // CURLE_WRITE_ERROR: MAXFILESIZE does not stop chunked bodies in 7.88
        }
        t->response.body.append(data, n);
        return n;
    } catch (...) {
        t->callback_failed = true;
        return 0;
    }
}

size_t header_cb(char* data, size_t size, size_t count, void* user) noexcept {
    auto* t = static_cast<HttpClient::Transfer*>(user);
    size_t n = size * count;
    try {
        std::string_view line(data, n);
        if (line.substr(0, 5) == "HTTP/") {
            t->response.headers.clear(); // a new response (after 100 Continue)
            return n;
        }
        auto colon = line.find(':');
        if (colon != std::string_view::npos && t->response.headers.size() < 200) {
            t->response.headers.emplace_back(lower(trim(line.substr(0, colon))),
                                             std::string(trim(line.substr(colon + 1))));
        }
        return n;
    } catch (...) {
        t->callback_failed = true;
        return 0;
    }
}

// The trusted authorities: the configured bundle, else SSL_CERT_FILE / SSL_CERT_DIR (OpenSSL's
// own variables, which libcurl would otherwise override with its built-in bundle path), else
// the system store. Verification itself is never turned off.
void set_trusted_cas(CURL* easy, const std::string& ca_file) {
    if (!ca_file.empty()) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, ca_file.c_str());
        return;
    }
    const char* env_file = std::getenv("SSL_CERT_FILE");
    if (env_file != nullptr && *env_file != '\0') {
        curl_easy_setopt(easy, CURLOPT_CAINFO, env_file);
    }
    const char* env_dir = std::getenv("SSL_CERT_DIR");
    if (env_dir != nullptr && *env_dir != '\0') {
        curl_easy_setopt(easy, CURLOPT_CAPATH, env_dir);
    }
}

} // namespace

Outcome global_init() {
    std::call_once(g_init_once, [] { g_init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (g_init_result != CURLE_OK) {
        return Error{Status::internal, std::string("libcurl initialisation failed: ") +
                                           curl_easy_strerror(g_init_result)};
    }
    return {};
}

std::string_view HttpResponse::header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) {
            return value;
        }
    }
    return {};
}

ConnectionPool::ConnectionPool() {
    (void)global_init();
    CURLSH* share = curl_share_init();
    if (share != nullptr) {
        curl_share_setopt(share, CURLSHOPT_LOCKFUNC, lock_cb);
        curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, unlock_cb);
        curl_share_setopt(share, CURLSHOPT_USERDATA, this);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    }
    m_share = share;
}

ConnectionPool::~ConnectionPool() {
    if (m_share != nullptr) {
        curl_share_cleanup(static_cast<CURLSH*>(m_share));
    }
}

void ConnectionPool::lock(int data) {
    m_locks[static_cast<size_t>(data) % m_locks.size()].lock();
}
void ConnectionPool::unlock(int data) {
    m_locks[static_cast<size_t>(data) % m_locks.size()].unlock();
}

HttpClient::HttpClient(const ClientOptions& options, ConnectionPool* pool)
    : m_options(options), m_pool(pool) {
    (void)global_init();
    m_easy = curl_easy_init();
    if (m_options.user_agent.empty()) {
        m_options.user_agent = default_user_agent();
    }
}

HttpClient::~HttpClient() {
    if (m_easy != nullptr) {
        curl_easy_cleanup(static_cast<CURL*>(m_easy));
    }
}

namespace {

ApiError policy_refused(std::string message) {
    ApiError err;
    err.kind = ErrorKind::permanent;
    err.code = "PolicyRefused";
    err.message = std::move(message);
    return err;
}

// curl_slist owned by a guard; header lists are wiped first (they carry access tokens).
struct SlistDeleter {
    bool wipe = false;
    void operator()(curl_slist* list) const {
        if (wipe) {
            free_wiped(list);
        } else {
            curl_slist_free_all(list);
        }
    }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_slist_append returns the head (new when the list was empty), or null and leaves the list
// as it was when out of memory.
void append(Slist& list, const char* text) {
    if (curl_slist* head = curl_slist_append(list.get(), text)) {
        (void)list.release();
        list.reset(head);
    }
}

// The request's headers, or a refusal when a name or value would inject another header.
ApiResult<Slist> header_list(const HeaderList& headers) {
    Slist list(nullptr, SlistDeleter{true});
    append(list, "Expect:");
    for (const auto& [name, value] : headers) {
        // A CR or LF in a header value would inject headers; the caller must never pass one.
        if (name.find_first_of("\r\n:") != std::string::npos ||
            value.find_first_of("\r\n") != std::string::npos) {
            return policy_refused("header " + log_safe(name, 64) +
                                  " contains a line break; check the configured values");
        }
        std::string line = name + ": " + value;
        append(list, line.c_str());
        explicit_bzero(line.data(), line.size());
    }
    return list;
}

void set_method_and_body(CURL* easy, const HttpRequest& request) {
    if (request.method == "GET") {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        return;
    }
    if (request.method != "POST") {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (request.method == "DELETE" && request.body.empty()) {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 0L);
        return;
    }
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
}

// What a failed transfer means for the caller: retry, give up, or check a setting.
void classify_curl_failure(CURLcode rc, bool sent, const std::string& detail, size_t max_body,
                           ApiError& err) {
    const std::string too_large = "response body larger than " + std::to_string(max_body) +
                                  " bytes (the client's limit for one answer); retry later, and "
                                  "report it if it persists";
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        err.kind = ErrorKind::retryable;
        err.message = "could not connect (" + detail +
                      "); check the network, the proxy and the endpoint, then retry";
        break;
    case CURLE_OPERATION_TIMEDOUT:
        err.kind = ErrorKind::retryable;
        err.ambiguous = sent;
        err.message = "timed out (" + detail + "); retry later";
        break;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_WEIRD_SERVER_REPLY:
        err.kind = ErrorKind::retryable;
        err.ambiguous = sent;
        err.message = "connection broke during the transfer (" + detail + "); retry later";
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
        err.kind = ErrorKind::permanent;
        err.message = "the server's TLS certificate was refused (" + detail +
                      "); check the endpoint, and instance.tls.ca_file (or SSL_CERT_FILE) when "
                      "the server uses a private CA; verification is never turned off";
        break;
    case CURLE_SSL_CONNECT_ERROR:
        err.kind = ErrorKind::permanent;
        err.message = "TLS handshake failed (" + detail +
                      "); the server must offer TLS 1.2 or later with a trusted certificate";
        break;
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        err.kind = ErrorKind::permanent;
        err.message = "TLS setup failed (" + detail +
                      "); check that instance.tls.ca_file (or SSL_CERT_FILE) names a readable "
                      "PEM file";
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
        err.kind = ErrorKind::permanent;
        err.ambiguous = sent;
        err.message = "the server did not answer with HTTP or the scheme is not allowed (" +
                      detail + "); check the endpoint";
        break;
    case CURLE_FILESIZE_EXCEEDED:
        err.kind = ErrorKind::data;
        err.too_large = true;
        err.message = too_large;
        break;
    default:
        err.kind = ErrorKind::retryable;
        err.ambiguous = sent;
        err.message = "transfer failed (" + detail + "); retry later";
        break;
    }
}

// Redirects are never followed (a redirect could carry a token to another host): any 3xx is
// refused here, for every caller (token exchange, API calls, document downloads) alike.
std::optional<ApiError> redirect_refused(const HttpResponse& response) {
    if (response.status < 300 || response.status >= 400) {
        return std::nullopt;
    }
    ApiError err = policy_refused("");
    err.code = "Redirect";
    err.http_status = response.status;
    err.request_id = std::string(response.request_id());
    std::string target;
    if (auto where = parse_url(response.header("location")); where) {
        target = " to " + where->scheme + "://" + log_safe(where->host, 100); // no path: tokens
    }
    err.message = "HTTP " + std::to_string(response.status) + ": the endpoint redirected" + target +
                  " and redirects are not followed; check the store's endpoint setting and any "
                  "proxy in between";
    return err;
}

} // namespace

ApiResult<bool> HttpClient::prepare(const HttpRequest& request, Transfer& transfer) {
    auto policy = check_endpoint(request.url, "request URL");
    if (!policy) {
        return policy_refused(policy.error().message);
    }
    auto* easy = static_cast<CURL*>(m_easy);
    if (easy == nullptr) {
        ApiError err;
        err.message = "libcurl could not create a handle (out of memory?)";
        return err;
    }
    const auto parts = parse_url(request.url);
    const bool loopback_http = parts && parts->scheme == "http" && http_allowed(*parts);
    curl_easy_reset(easy);
    m_error_buffer[0] = '\0';
    transfer.max_body = m_options.max_body_bytes;
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, m_error_buffer.data());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, loopback_http ? "http,https" : "https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    set_trusted_cas(easy, m_options.ca_file);
    set_connection_options(easy);
    if (request.fresh_connection) {
        curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
    }
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    set_method_and_body(easy, request);
    return loopback_http;
}

void HttpClient::set_connection_options(void* handle) {
    auto* easy = static_cast<CURL*>(handle);
    // The environment's proxy variables are ignored: the proxy comes from the config only.
    curl_easy_setopt(easy, CURLOPT_PROXY, m_options.proxy.c_str());
    if (!m_options.no_proxy.empty()) {
        curl_easy_setopt(easy, CURLOPT_NOPROXY, m_options.no_proxy.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(m_options.connect_timeout_ms));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.total_timeout_ms));
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT,
                     static_cast<long>(m_options.low_speed_bytes_per_s));
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(m_options.low_speed_time_s));
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(m_options.max_body_bytes));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, m_options.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 1L);
    if (m_pool != nullptr && m_pool->share_handle() != nullptr) {
        curl_easy_setopt(easy, CURLOPT_SHARE, m_pool->share_handle());
    }
}

ApiResult<HttpResponse> HttpClient::perform(const HttpRequest& request) {
    Transfer transfer;
    TRY(prepare(request, transfer));
    auto* easy = static_cast<CURL*>(m_easy);
    Slist connect_to(nullptr, SlistDeleter{false});
    for (const auto& mapping : m_options.connect_to) {
        append(connect_to, mapping.c_str());
    }
    if (connect_to) {
        curl_easy_setopt(easy, CURLOPT_CONNECT_TO, connect_to.get());
    }
    TRY_ASSIGN(Slist headers, header_list(request.headers));
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());

    const CURLcode rc = curl_easy_perform(easy);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    long request_size = 0;
    curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_size);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(easy, CURLOPT_CONNECT_TO, nullptr);

    if (rc == CURLE_OK && !transfer.callback_failed) {
        transfer.response.status = status;
        if (auto refused = redirect_refused(transfer.response)) {
            return *refused;
        }
        return std::move(transfer.response);
    }
    return transfer_failure(rc, status, request_size > 0, transfer);
}

ApiError HttpClient::transfer_failure(int code, long status, bool sent,
                                      const Transfer& transfer) const {
    const auto rc = static_cast<CURLcode>(code);
    ApiError err;
    err.curl_code = code;
    err.http_status = status;
    err.request_id = std::string(transfer.response.request_id());
    err.code = std::string("curl:") + std::to_string(code);
    const std::string detail =
        log_safe(m_error_buffer[0] != '\0' ? m_error_buffer.data() : curl_easy_strerror(rc), 200);
    if (transfer.too_large) {
        err.kind = ErrorKind::data;
        err.too_large = true;
        err.message = "response body larger than " + std::to_string(m_options.max_body_bytes) +
                      " bytes was cut off (the client's limit for one answer); retry later, and "
                      "report it if it persists";
        return err;
    }
    classify_curl_failure(rc, sent, detail, m_options.max_body_bytes, err);
    return err;
}

std::optional<ApiError> classify_http(const HttpResponse& response, std::string_view operation,
                                      bool idempotent) {
    long s = response.status;
    if (s >= 200 && s < 300) {
        return std::nullopt;
    }
    ApiError err;
    err.operation = std::string(operation);
    err.http_status = s;
    err.request_id = std::string(response.request_id());
    // Amazon's error body: {"errors":[{"code","message","details"}]}
    std::string amazon_message;
    {
        boost::system::error_code ec;
        auto v = boost::json::parse(response.body, ec);
        if (!ec && v.is_object()) {
            const auto* errors = v.as_object().if_contains("errors");
            if (errors != nullptr && errors->is_array() && !errors->as_array().empty() &&
                errors->as_array()[0].is_object()) {
                const auto& e = errors->as_array()[0].as_object();
                if (const auto* c = e.if_contains("code"); c != nullptr && c->is_string()) {
                    err.code = log_safe(c->as_string(), 64);
                }
                if (const auto* m = e.if_contains("message"); m != nullptr && m->is_string()) {
                    amazon_message = log_safe(m->as_string(), 200);
                }
            }
        }
    }
    std::string amazon = amazon_message.empty() ? "" : " (Amazon: " + amazon_message + ")";
    std::string status = "HTTP " + std::to_string(s);
    if (s == 429) {
        err.kind = ErrorKind::retryable;
        err.message = status + " throttled by Amazon" + amazon + "; retry after the wait";
    } else if (s >= 500) {
        err.kind = ErrorKind::retryable;
        err.ambiguous = !idempotent;
        err.message = status + " from Amazon" + amazon + "; retry later" +
                      (idempotent ? "" : " after checking whether the request was applied");
    } else if (s == 401 || s == 403) {
        err.kind = ErrorKind::auth;
        err.message = status + " access denied" + amazon +
                      "; check that the store's authorization and the app's roles cover this "
                      "operation, or re-authorize the store";
    } else if (s >= 300 && s < 400) {
        err.kind = ErrorKind::permanent;
        err.message = status + " redirect refused (redirects are never followed); check the "
                               "endpoint setting";
    } else {
        err.kind = ErrorKind::permanent;
        err.message = status + " request refused" + amazon + "; fix the request data";
    }
    return err;
}

std::string default_user_agent() {
    return std::string("amzconn/") + AMZCONN_VERSION_STRING + " (Language=C++; Platform=Linux)";
}

} // namespace amzconn::spapi
