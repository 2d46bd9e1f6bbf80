// SpApiClient: one store's view of the SP-API for one worker. Every call goes through the rate
// limiter, carries a fresh LWA token, and is retried by the rules: reads on retryable failures
// (bounded, full jitter, Retry-After honoured); non-idempotent calls only when the request
// provably never reached Amazon; one token renewal on a 401/403.
#pragma once

#include "amzconn/host_services.hpp"
#include "api_error.hpp"
#include "backoff.hpp"
#include "lwa.hpp"
#include "options.hpp"
#include "rate_limiter.hpp"
#include "transport.hpp"
#include "url.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace amzconn::spapi {

// State shared by every store and worker of one plugin instance (the plugin owns it).
struct ClientShared {
    ConnectionPool pool;
    RateLimiterRegistry limits;
    LwaTokenCache tokens;
};

struct ApiCall {
    std::string operation; // usage-plan name, e.g. "searchOrders"
    std::string method = "GET";
    std::string path; // already percent-encoded, e.g. "/orders/2026-01-01/orders"
    QueryParams query;
    std::string body; // JSON
    bool idempotent = true;
};

struct StoreIdentity {
    std::string store_alias; // for the connection log
    LwaApp app;
    SellerAuth auth;
};

class SpApiClient {
  public:
    SpApiClient(ClientOptions options, ClientShared& shared, HostServices& host,
                StoreIdentity identity);

    // Sends one call with the retry rules; returns a 2xx response or a classified error.
    ApiResult<HttpResponse> send(const ApiCall& call);

    // Sends, then parses; an idempotent read whose body does not parse is fetched again up to
    // retry.max_data_retries times before the data error is returned.
    template <typename T>
    ApiResult<T> send_parsed(const ApiCall& call,
                             const std::function<ApiResult<T>(const HttpResponse&)>& parse) {
        for (int attempt = 0;; ++attempt) {
            TRY_ASSIGN(auto res, send(call));
            auto parsed = parse(res);
            if (parsed || !call.idempotent || parsed.error().kind != ErrorKind::data ||
                attempt >= m_options.retry.max_data_retries) {
                if (!parsed) {
                    parsed.error().operation = call.operation;
                    if (parsed.error().request_id.empty()) {
                        parsed.error().request_id = std::string(res.request_id());
                    }
                }
                return parsed;
            }
            log(LogLevel::info, std::string(res.request_id()),
                call.operation + ": response did not parse; fetching it again");
        }
    }

    // A plain request to a pre-signed document URL (no SP-API auth headers, no rate limit).
    // Reads are retried like SP-API reads.
    ApiResult<HttpResponse> send_document(const std::string& method, const std::string& url,
                                          const std::string& content_type, std::string body);

    // The requests this client sent to Amazon per operation, retries included (each one counts
    // against the operation's usage plan); the engine records them for the host at a job's end.
    const std::map<std::string, int64_t>& calls_sent() const { return m_calls; }

    const ClientOptions& options() const { return m_options; }
    HostServices& host() { return m_host; }
    const StoreIdentity& identity() const { return m_identity; }
    std::string base_url() const;
    BucketKey bucket_key(std::string_view operation) const;

    void log(LogLevel level, const std::string& reference, const std::string& message);

  private:
    // One send() in progress: its usage-plan bucket, whether the token was renewed, retries.
    struct SendState {
        BucketKey key;
        bool renewed = false;
        int retries = 0;
    };
    // What send() does after one attempt: nullopt tries again, else the answer.
    using Answer = std::optional<ApiResult<HttpResponse>>;

    ApiResult<HttpResponse> attempt(const ApiCall& call, const std::string& url);
    Answer after_failure(const ApiCall& call, ApiResult<HttpResponse>& res, SendState& state);
    Answer after_response(const ApiCall& call, ApiResult<HttpResponse>& res, SendState& state);
    Answer after_throttle(const ApiCall& call, const HttpResponse& r, ApiError& e, int64_t now,
                          SendState& state);
    // Logs the retry, waits `delay` ms and counts it; an interrupted wait answers `e`.
    Answer retry_after(const ApiError& e, const std::string& message, int64_t delay,
                       SendState& state);
    // Removes any credential an upstream message might echo back (defence in depth).
    void scrub(ApiError& error) const;
    bool wait(int64_t ms);

    ClientOptions m_options;
    ClientShared& m_shared;
    HostServices& m_host;
    StoreIdentity m_identity;
    HttpClient m_http;
    Backoff m_backoff;
    SecretString m_last_token; // the access token of the last attempt, for scrub()
    std::map<std::string, int64_t> m_calls;
};

} // namespace amzconn::spapi
