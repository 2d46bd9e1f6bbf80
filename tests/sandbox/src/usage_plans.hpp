// Amazon's usage plans as per-operation token buckets on the sandbox clock
// (--rate-limits off|documented|FILE). The documented rate also feeds x-amzn-RateLimit-Limit.
#pragma once

#include "time_util.hpp"

#include <amzconn/result.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace amzconn::sandbox {

struct UsagePlan {
    double rate = 0.0; // requests per second
    double burst = 0.0;
    std::string header; // the rate as Amazon prints it in x-amzn-RateLimit-Limit
};

class UsagePlans {
  public:
    UsagePlans();
    // mode: "off", "documented" or a JSON file {"op": {"rate": r, "burst": b}}.
    Result<void> configure(const std::string& mode);
    bool enforcing() const { return m_enforce; }
    std::optional<UsagePlan> plan(const std::string& operation) const;
    // Takes one token; false means answer 429.
    bool try_acquire(const std::string& operation, Millis now);
    void reset();

  private:
    struct Bucket {
        double tokens = 0.0;
        Millis last = 0;
        bool started = false;
    };
    bool m_enforce = false;
    std::map<std::string, UsagePlan> m_plans;
    std::map<std::string, Bucket> m_buckets;
    std::mutex m_mutex;
};

} // namespace amzconn::sandbox
