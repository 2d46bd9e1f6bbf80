#include "client.hpp"

#include "base/time.hpp"
#include "log_text.hpp"

#include <algorithm>
#include <cctype>

namespace amzconn::spapi {
namespace {

std::string amz_date(int64_t unix_ms) {
    // x-amz-date: 20190430T123600Z
    std::string iso = time::format_rfc3339(time::Timestamp{unix_ms - unix_ms % 1000});
    std::string out;
    for (char c : iso) {
        if (c != '-' && c != ':') {
            out += c;
        }
    }
    return out;
}

bool mentions_token(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("token") != std::string::npos;
}

} // namespace

SpApiClient::SpApiClient(ClientOptions options, ClientShared& shared, HostServices& host,
                         StoreIdentity identity)
    : m_options(std::move(options)), m_shared(shared), m_host(host),
      m_identity(std::move(identity)), m_http(m_options, &shared.pool),
      m_backoff(m_options.retry.base_delay_ms, m_options.retry.max_delay_ms,
                m_options.jitter_seed != 0 ? m_options.jitter_seed
                                           : static_cast<uint64_t>(host.now_ms()) ^ 0x5eedULL) {}

std::string SpApiClient::base_url() const {
    if (!m_options.endpoint.empty()) {
        std::string base = m_options.endpoint;
        while (!base.empty() && base.back() == '/') {
            base.pop_back();
        }
        return base;
    }
    return std::string(amazon::region_info(m_identity.auth.region).endpoint);
}

BucketKey SpApiClient::bucket_key(std::string_view operation) const {
    return BucketKey{m_identity.auth.seller_key,
                     std::string(amazon::to_string(m_identity.auth.region)),
                     std::string(operation)};
}

void SpApiClient::log(LogLevel level, const std::string& reference, const std::string& message) {
    m_host.log(level, m_identity.store_alias, log_safe(reference, 128), log_safe(message, 1024));
}

void SpApiClient::scrub(ApiError& error) const {
    auto remove = [&](std::string_view secret) {
        if (secret.size() < 4) {
            return;
        }
        for (auto pos = error.message.find(secret); pos != std::string::npos;
             pos = error.message.find(secret)) {
            error.message.replace(pos, secret.size(), "[redacted]");
        }
    };
    remove(m_last_token.reveal());
    remove(m_identity.auth.refresh_token.reveal());
    remove(m_identity.app.client_secret.reveal());
}

bool SpApiClient::wait(int64_t ms) {
    return ms <= 0 || m_host.sleep_ms(ms).ok();
}

ApiResult<HttpResponse> SpApiClient::attempt(const ApiCall& call, const std::string& url) {
    auto token = m_shared.tokens.access_token(m_http, m_host, m_options.lwa_token_url,
                                              m_identity.app, m_identity.auth);
    if (!token) {
        ApiError e = token.error();
        e.operation = call.operation;
        return e;
    }
    m_last_token = token->clone();
    HttpRequest req;
    req.method = call.method;
    req.url = url;
    req.fresh_connection = !call.idempotent;
    req.headers = {{"x-amz-access-token", std::string(token->reveal())},
                   {"x-amz-date", amz_date(m_host.now_ms())},
                   {"Accept", "application/json"}};
    if (!call.body.empty() || call.method == "POST" || call.method == "PUT" ||
        call.method == "PATCH") {
        req.headers.emplace_back("Content-Type", "application/json");
        req.body = call.body;
    }
    ++m_calls[call.operation];
    auto res = m_http.perform(req);
    explicit_bzero(req.headers[0].second.data(), req.headers[0].second.size());
    if (!res) {
        ApiError e = res.error();
        e.operation = call.operation;
        return e;
    }
    return res;
}

ApiResult<HttpResponse> SpApiClient::send(const ApiCall& call) {
    std::string url = base_url() + call.path;
    if (!call.query.empty()) {
        url += "?" + build_query(call.query);
    }
    SendState state{bucket_key(call.operation)};
    for (;;) {
        int64_t next_token_ms = 0;
        auto acquired =
            m_shared.limits.acquire(state.key, m_host, m_options.max_rate_wait_ms, &next_token_ms);
        if (!acquired) {
            ApiError e;
            e.kind = ErrorKind::retryable;
            e.operation = call.operation;
            e.message = acquired.error().message;
            e.retry_after_ms = next_token_ms;
            return e;
        }
        auto res = attempt(call, url);
        Answer answer = res ? after_response(call, res, state) : after_failure(call, res, state);
        if (answer) {
            return std::move(*answer);
        }
    }
}

SpApiClient::Answer SpApiClient::retry_after(const ApiError& e, const std::string& message,
                                             int64_t delay, SendState& state) {
    log(LogLevel::info, e.request_id, message);
    ++state.retries;
    if (!wait(delay)) {
        return ApiResult<HttpResponse>(e);
    }
    return std::nullopt;
}

// The request did not get an HTTP answer (connect, timeout, reset, TLS, policy).
SpApiClient::Answer SpApiClient::after_failure(const ApiCall& call, ApiResult<HttpResponse>& res,
                                               SendState& state) {
    const bool can_retry = state.retries + 1 < m_options.retry.max_attempts;
    ApiError& e = res.error();
    scrub(e);
    const bool safe = call.idempotent || !e.ambiguous;
    if (e.kind == ErrorKind::retryable && safe && can_retry) {
        const int64_t delay = m_backoff.delay_ms(state.retries);
        return retry_after(e,
                           call.operation + ": " + e.message + "; retry " +
                               std::to_string(state.retries + 1) + " in " + std::to_string(delay) +
                               " ms",
                           delay, state);
    }
    if (e.ambiguous && !call.idempotent) {
        e.message += "; the request may have been applied: check its effect before "
                     "sending it again";
    }
    log(LogLevel::error, e.request_id, e.describe());
    return std::move(res);
}

// An HTTP answer: success, a throttle, a refused token (renewed once) or an error status.
SpApiClient::Answer SpApiClient::after_response(const ApiCall& call, ApiResult<HttpResponse>& res,
                                                SendState& state) {
    const bool can_retry = state.retries + 1 < m_options.retry.max_attempts;
    HttpResponse& r = *res;
    const int64_t now = m_host.now_ms();
    if (auto limit = r.header("x-amzn-ratelimit-limit"); !limit.empty()) {
        m_shared.limits.observe_limit_header(state.key, limit, now);
    }
    auto failure = classify_http(r, call.operation, call.idempotent);
    if (!failure) {
        log(LogLevel::debug, std::string(r.request_id()),
            call.method + " " + call.operation + " -> HTTP " + std::to_string(r.status));
        return std::move(res);
    }
    scrub(*failure);
    ApiError& e = *failure;
    if (r.status == 429) {
        return after_throttle(call, r, e, now, state);
    }
    if (e.kind == ErrorKind::auth && !state.renewed &&
        (r.status == 401 || mentions_token(r.body) || e.code == "Unauthorized")) {
        state.renewed = true;
        m_shared.tokens.invalidate(m_identity.auth);
        log(LogLevel::info, e.request_id,
            call.operation + ": access token refused; renewing it once and retrying");
        return std::nullopt;
    }
    if (e.kind == ErrorKind::retryable && call.idempotent && can_retry) {
        const int64_t delay = m_backoff.delay_ms(state.retries);
        return retry_after(e,
                           call.operation + ": HTTP " + std::to_string(r.status) + "; retry " +
                               std::to_string(state.retries + 1) + " in " + std::to_string(delay) +
                               " ms",
                           delay, state);
    }
    log(LogLevel::error, e.request_id, e.describe());
    return ApiResult<HttpResponse>(e);
}

// HTTP 429: the bucket backs off; waits Retry-After (else the backoff) when that is short enough.
SpApiClient::Answer SpApiClient::after_throttle(const ApiCall& call, const HttpResponse& r,
                                                ApiError& e, int64_t now, SendState& state) {
    const bool can_retry = state.retries + 1 < m_options.retry.max_attempts;
    m_shared.limits.on_throttled(state.key, now);
    auto after = parse_retry_after_ms(r.header("retry-after"), now);
    const int64_t delay = after ? *after : m_backoff.delay_ms(state.retries);
    e.retry_after_ms = delay;
    if (can_retry && delay <= m_options.retry.max_retry_after_ms) {
        return retry_after(
            e, call.operation + ": throttled (HTTP 429); waiting " + std::to_string(delay) + " ms",
            delay, state);
    }
    log(LogLevel::error, e.request_id, e.describe());
    return ApiResult<HttpResponse>(e);
}

ApiResult<HttpResponse> SpApiClient::send_document(const std::string& method,
                                                   const std::string& url,
                                                   const std::string& content_type,
                                                   std::string body) {
    HttpRequest req;
    req.method = method;
    req.url = url;
    if (!content_type.empty()) {
        req.headers.emplace_back("Content-Type", content_type);
    }
    req.body = std::move(body);
    bool idempotent = method == "GET";
    for (int retries = 0;; ++retries) {
        auto res = m_http.perform(req);
        bool can_retry = retries + 1 < m_options.retry.max_attempts;
        if (!res) {
            ApiError& e = res.error();
            e.operation = method == "GET" ? "document download" : "document upload";
            // An upload to a pre-signed URL replaces the same object, so repeating it is safe.
            if (e.kind == ErrorKind::retryable && can_retry) {
                if (!wait(m_backoff.delay_ms(retries))) {
                    return e;
                }
                continue;
            }
            log(LogLevel::error, e.request_id, e.describe());
            return res;
        }
        if (res->status >= 200 && res->status < 300) {
            return res;
        }
        auto e =
            classify_http(*res, method == "GET" ? "document download" : "document upload", true);
        if (e->kind == ErrorKind::retryable && can_retry) {
            if (!wait(m_backoff.delay_ms(retries))) {
                return *e;
            }
            continue;
        }
        (void)idempotent;
        log(LogLevel::error, e->request_id, e->describe());
        return *e;
    }
}

} // namespace amzconn::spapi
