// Token buckets per (seller, region, operation), seeded from the documented usage plans and
// adapted from x-amzn-RateLimit-Limit. One RateLimiterRegistry per plugin instance is shared by
// every store of a seller; waits go through the host clock so tests run on virtual time.
#pragma once

#include "amzconn/host_services.hpp"
#include "usage_plans.hpp"

#include <climits>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace amzconn::spapi {

struct BucketKey {
    std::string seller; // selling partner id (or the store's seller key)
    std::string region; // "NA" | "EU" | "FE"
    std::string operation;
    auto operator<=>(const BucketKey&) const = default;
};

// Pure token bucket on caller-given milliseconds.
class TokenBucket {
  public:
    TokenBucket(UsagePlan plan, int64_t now_ms);

    // Milliseconds to wait before one token is available (0: take it now).
    int64_t wait_ms(int64_t now_ms);
    // Takes one token if available; returns false otherwise.
    bool try_take(int64_t now_ms);
    // Amazon told us the current rate (x-amzn-RateLimit-Limit).
    void set_rate(double rate_per_s, int64_t now_ms);
    // A 429 arrived: Amazon's bucket is empty, so ours is too.
    void drain(int64_t now_ms);

    double rate() const { return m_plan.rate_per_s; }
    double burst() const { return m_plan.burst; }
    double tokens(int64_t now_ms);

  private:
    void refill(int64_t now_ms);
    UsagePlan m_plan;
    double m_tokens;
    int64_t m_last_ms;
};

class RateLimiterRegistry {
  public:
    // Blocks (on the host clock) until the bucket gives a token. Fails only if the host's
    // sleep fails (cancellation) or the wait would exceed max_wait_ms.
    // `wait_needed_ms` (optional) receives the wait that was refused.
    Outcome acquire(const BucketKey& key, HostServices& host, int64_t max_wait_ms = INT64_MAX,
                    int64_t* wait_needed_ms = nullptr);

    // Header value as Amazon sent it; an unparsable or non-positive value is ignored.
    void observe_limit_header(const BucketKey& key, std::string_view value, int64_t now_ms);
    void on_throttled(const BucketKey& key, int64_t now_ms);

    // Current plan of a bucket (documented plan if never used). For tests and reports.
    UsagePlan plan(const BucketKey& key, int64_t now_ms);

  private:
    TokenBucket& bucket(const BucketKey& key, int64_t now_ms);
    std::mutex m_mutex;
    std::map<BucketKey, TokenBucket> m_buckets;
};

} // namespace amzconn::spapi
