#include "rate_limiter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace amzconn::spapi {
namespace {
// Unknown operations get a cautious plan rather than none.
constexpr UsagePlan k_fallback_plan{0.0167, 1};
} // namespace

TokenBucket::TokenBucket(UsagePlan plan, int64_t now_ms)
    : m_plan(plan), m_tokens(plan.burst), m_last_ms(now_ms) {}

void TokenBucket::refill(int64_t now_ms) {
    if (now_ms > m_last_ms) {
        double elapsed_s = static_cast<double>(now_ms - m_last_ms) / 1000.0;
        m_tokens = std::min(m_plan.burst, m_tokens + elapsed_s * m_plan.rate_per_s);
        m_last_ms = now_ms;
    }
}

double TokenBucket::tokens(int64_t now_ms) {
    refill(now_ms);
    return m_tokens;
}

int64_t TokenBucket::wait_ms(int64_t now_ms) {
    refill(now_ms);
    if (m_tokens >= 1.0) {
        return 0;
    }
    double need_s = (1.0 - m_tokens) / m_plan.rate_per_s;
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(need_s * 1000.0)));
}

bool TokenBucket::try_take(int64_t now_ms) {
    refill(now_ms);
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return true;
    }
    return false;
}

void TokenBucket::set_rate(double rate_per_s, int64_t now_ms) {
    refill(now_ms);
    m_plan.rate_per_s = rate_per_s;
}

void TokenBucket::drain(int64_t now_ms) {
    refill(now_ms);
    m_tokens = 0.0;
}

TokenBucket& RateLimiterRegistry::bucket(const BucketKey& key, int64_t now_ms) {
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        UsagePlan plan = documented_usage_plan(key.operation).value_or(k_fallback_plan);
        it = m_buckets.emplace(key, TokenBucket(plan, now_ms)).first;
    }
    return it->second;
}

Outcome RateLimiterRegistry::acquire(const BucketKey& key, HostServices& host, int64_t max_wait_ms,
                                     int64_t* wait_needed_ms) {
    int64_t waited = 0;
    for (;;) {
        int64_t wait = 0;
        {
            std::lock_guard lock(m_mutex);
            int64_t now = host.now_ms();
            auto& b = bucket(key, now);
            if (b.try_take(now)) {
                return {};
            }
            wait = b.wait_ms(now);
        }
        if (waited + wait > max_wait_ms) {
            if (wait_needed_ms != nullptr) {
                *wait_needed_ms = wait;
            }
            return Error{Status::retry_later,
                         key.operation + ": the usage plan allows the next call in " +
                             std::to_string(wait / 1000 + 1) + " s; try again then"};
        }
        auto slept = host.sleep_ms(wait);
        if (!slept) {
            return slept;
        }
        waited += wait;
    }
}

void RateLimiterRegistry::observe_limit_header(const BucketKey& key, std::string_view value,
                                               int64_t now_ms) {
    while (!value.empty() && value.front() == ' ') {
        value.remove_prefix(1);
    }
    double rate = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), rate);
    if (ec != std::errc{} || ptr == value.data() || !(rate > 0.0) || !std::isfinite(rate) ||
        rate > 1000.0) {
        return;
    }
    std::lock_guard lock(m_mutex);
    bucket(key, now_ms).set_rate(rate, now_ms);
}

void RateLimiterRegistry::on_throttled(const BucketKey& key, int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    bucket(key, now_ms).drain(now_ms);
}

UsagePlan RateLimiterRegistry::plan(const BucketKey& key, int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    auto& b = bucket(key, now_ms);
    return UsagePlan{b.rate(), b.burst()};
}

} // namespace amzconn::spapi
