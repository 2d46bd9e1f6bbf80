// HTTP transport over libcurl: one RAII easy handle per worker, a shared connection pool
// (curl_share with mutex callbacks), TLS 1.2+ with verification always on, https only (http to
// loopback only), no redirects, capped bodies. Transfer failures come back classified.
#pragma once

#include "api_error.hpp"
#include "options.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::spapi {

// curl_global_init exactly once, from a function (never a static constructor). Thread-safe.
Outcome global_init();

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    HeaderList headers;
    std::string body;
    // Non-idempotent requests go on a new connection: libcurl silently re-sends a request when a
    // reused connection closes without an answer, which would re-post a shipment confirmation.
    bool fresh_connection = false;
};

struct HttpResponse {
    long status = 0;
    HeaderList headers; // names in lower case, in arrival order
    std::string body;

    // First header with this (lower-case) name, or "".
    std::string_view header(std::string_view lower_name) const;
    std::string_view request_id() const { return header("x-amzn-requestid"); }
};

// Connections and TLS sessions shared by every worker of one plugin instance.
class ConnectionPool {
  public:
    ConnectionPool();
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    void* share_handle() const { return m_share; }
    void lock(int data);
    void unlock(int data);

  private:
    void* m_share = nullptr;
    std::array<std::mutex, 8> m_locks;
};

// One per worker thread; never shared between threads.
class HttpClient {
  public:
    HttpClient(const ClientOptions& options, ConnectionPool* pool);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Performs one request. Any HTTP status is a success here (see classify_http); failures are
    // transport failures (refused, timeout, TLS, reset, oversized body, policy).
    ApiResult<HttpResponse> perform(const HttpRequest& request);

    const ClientOptions& options() const { return m_options; }

    struct Transfer; // per-transfer state reached from curl's callbacks

  private:
    // Policy check, then every option of one transfer; true when it is plain http to loopback.
    ApiResult<bool> prepare(const HttpRequest& request, Transfer& transfer);
    void set_connection_options(void* easy);
    ApiError transfer_failure(int curl_code, long status, bool sent,
                              const Transfer& transfer) const;

    ClientOptions m_options;
    ConnectionPool* m_pool;
    void* m_easy = nullptr;
    std::array<char, 256> m_error_buffer{}; // >= CURL_ERROR_SIZE, lives as long as the handle
};

// Turns a non-2xx response into a classified error (Amazon's error code and message kept, the
// request id attached). 2xx returns no error.
std::optional<ApiError> classify_http(const HttpResponse& response, std::string_view operation,
                                      bool idempotent);

} // namespace amzconn::spapi
