// The fault script: scripted faults per operation (count/after) and seeded random faults.
// The network layer asks take() once per request; the names of kinds are the test contract.
#pragma once

#include "rng.hpp"

#include <amzconn/result.hpp>
#include <boost/json.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::sandbox {

struct Fault {
    std::string operation; // an operation name or "*"
    std::string kind;
    boost::json::object spec; // the whole FAULT object, for per-kind fields
    long count = 1;
    long after = 0;
    long seen = 0; // matching requests so far
    long hits = 0;

    long integer(std::string_view key, long fallback) const;
    std::string text(std::string_view key, std::string_view fallback) const;
};

bool is_known_fault_kind(std::string_view kind);

class FaultScript {
  public:
    // Replaces the script from {"faults":[...], "random":{...}}; names every bad entry.
    Result<void> set(const boost::json::value& doc);
    void clear();
    // The fault to apply to this request, if any (consumes one hit).
    std::optional<Fault> take(std::string_view operation);
    // For TLS: a pending "stall" fault on "*" or "handshake" stalls the next handshake.
    bool take_handshake_stall();

  private:
    std::mutex m_mutex;
    std::vector<Fault> m_faults;
    double m_random_rate = 0.0;
    std::vector<std::string> m_random_kinds;
    std::optional<Rng> m_random;
};

} // namespace amzconn::sandbox
