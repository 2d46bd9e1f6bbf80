// ClientOptions: plain data the plugin fills from the store's YAML config. Defaults are the
// production values; tests point endpoint and lwa_token_url at the loopback sandbox.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace amzconn::spapi {

struct RetryOptions {
    int max_attempts = 5;                // per call, first try included
    int64_t base_delay_ms = 1000;        // full-jitter backoff: uniform(0, min(cap, base * 2^n))
    int64_t max_delay_ms = 60000;        // cap of one wait
    int64_t max_retry_after_ms = 600000; // a longer Retry-After is returned to the caller instead
    int max_data_retries = 1;            // re-fetch of an idempotent read that did not parse
};

struct ClientOptions {
    std::string endpoint; // base URL override; empty: the region's production endpoint
    std::string lwa_token_url = "https://api.amazon.com/auth/o2/token";
    std::string ca_file; // extra CA bundle (PEM); empty: the system store
    std::string proxy;   // e.g. "http://proxy:3128"; empty: none (environment ignored)
    std::string no_proxy;
    int64_t connect_timeout_ms = 10000;
    int64_t total_timeout_ms = 120000;
    int64_t low_speed_bytes_per_s = 100; // abort when slower than this ...
    int64_t low_speed_time_s = 30;       // ... for this long
    size_t max_body_bytes = 8u * 1024u * 1024u;
    std::string user_agent; // empty: default_user_agent()
    RetryOptions retry;
    int max_pages = 1000; // searchOrders walk guard
    // A call whose usage plan needs a longer wait returns retryable with retry_after_ms instead
    // of blocking the job (a rate adapted down by Amazon can mean hours).
    int64_t max_rate_wait_ms = 15 * 60 * 1000;
    // Host mapping ("host:port:addr:port" entries, CURLOPT_CONNECT_TO form): lets the TLS tests
    // reach a loopback server under Amazon's real host names, with real name checks.
    std::vector<std::string> connect_to;
    uint64_t jitter_seed = 0; // 0: seeded from the clock
};

// "amzconn/0.1.0 (Language=C++; Platform=Linux)"
std::string default_user_agent();

} // namespace amzconn::spapi
