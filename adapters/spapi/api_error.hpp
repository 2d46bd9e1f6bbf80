// ApiError / ApiResult (a Result<T, ApiError>): how an SP-API call fails. Every failure is
// classified (retryable, auth, permanent, data), keeps Amazon's x-amzn-RequestId, and says what to
// do next.
#pragma once

#include "amzconn/result.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace amzconn::spapi {

enum class ErrorKind {
    retryable, // network, timeout, reset, 429, 5xx: try again later
    auth,      // 401/403 or LWA refused: credentials need attention
    permanent, // other 4xx, TLS refusals, policy refusals: retrying will not help
    data,      // the response did not parse or does not match the model
};

std::string_view to_string(ErrorKind kind);

struct ApiError {
    ErrorKind kind = ErrorKind::permanent;
    std::string operation;  // e.g. "searchOrders"
    std::string message;    // what went wrong and what to do next (no secrets, no buyer data)
    std::string request_id; // x-amzn-RequestId, when Amazon sent one
    std::string code;       // Amazon's error code ("InvalidInput", "Unauthorized") or curl's name
    long http_status = 0;   // 0 when no HTTP response arrived
    int curl_code = 0;      // CURLcode, 0 when the transfer itself worked
    int64_t retry_after_ms = -1; // from Retry-After, or the backoff the client gave up on
    // The request may have reached Amazon and been applied: a non-idempotent call must not be
    // repeated before its effect is checked (re-read the order, list the feeds).
    bool ambiguous = false;
    // The answer was larger than ClientOptions::max_body_bytes and was cut off (kind data):
    // asking for the same thing again cannot help, asking for less can.
    bool too_large = false;

    // "searchOrders: <message> [request id X]"
    std::string describe() const;
    // As an amzconn::Error (retryable -> retry_later, auth -> auth_failed, 404 -> not_found,
    // data/permanent -> bad_input).
    Error to_error() const;
    explicit operator Error() const { return to_error(); }
};

// An SP-API call's outcome: the value, or how the call failed.
template <typename T>
using ApiResult = Result<T, ApiError>;

} // namespace amzconn::spapi
