#include "faults.hpp"

#include <array>
#include <string_view>

namespace amzconn::sandbox {

namespace {
constexpr std::array<std::string_view, 19> k_kinds = {"reset_mid_body", "short_body",
                                                      "truncated_json", "wrong_schema",
                                                      "status",         "throttle",
                                                      "expired_token",  "trickle",
                                                      "stall",          "oversized",
                                                      "duplicate_page", "repeat_token",
                                                      "reject_token",   "mutate_during_pagination",
                                                      "no_response",    "redirect",
                                                      "garbage",        "empty_reply",
                                                      "unsorted_page"};
} // namespace

bool is_known_fault_kind(std::string_view kind) {
    for (const auto k : k_kinds) {
        if (k == kind) {
            return true;
        }
    }
    return false;
}

long Fault::integer(std::string_view key, long fallback) const {
    const auto* v = spec.if_contains(key);
    if (v == nullptr) {
        return fallback;
    }
    if (v->is_int64()) {
        return static_cast<long>(v->as_int64());
    }
    if (v->is_uint64()) {
        return static_cast<long>(v->as_uint64());
    }
    if (v->is_double()) {
        return static_cast<long>(v->as_double());
    }
    return fallback;
}

std::string Fault::text(std::string_view key, std::string_view fallback) const {
    const auto* v = spec.if_contains(key);
    if (v == nullptr) {
        return std::string(fallback);
    }
    if (v->is_string()) {
        return std::string(v->as_string());
    }
    if (v->is_int64() || v->is_uint64() || v->is_double()) {
        return boost::json::serialize(*v);
    }
    return std::string(fallback);
}

Result<void> FaultScript::set(const boost::json::value& doc) {
    if (!doc.is_object()) {
        return make_error(Status::bad_input,
                          "faults: expected an object {\"faults\":[...], \"random\":{...}}");
    }
    std::vector<Fault> faults;
    std::string problems;
    if (const auto* list = doc.as_object().if_contains("faults")) {
        if (!list->is_array()) {
            return make_error(Status::bad_input, "faults: \"faults\" must be an array");
        }
        std::size_t index = 0;
        for (const auto& entry : list->as_array()) {
            const std::string where = "faults[" + std::to_string(index++) + "]";
            if (!entry.is_object()) {
                problems += where + ": must be an object; ";
                continue;
            }
            Fault fault;
            fault.spec = entry.as_object();
            fault.operation = fault.text("operation", "*");
            fault.kind = fault.text("kind", "");
            fault.count = fault.integer("count", 1);
            fault.after = fault.integer("after", 0);
            if (!is_known_fault_kind(fault.kind)) {
                problems += where + ": unknown kind \"" + fault.kind +
                            "\" (see tests/sandbox/README.md for the list); ";
                continue;
            }
            faults.push_back(std::move(fault));
        }
    }
    double rate = 0.0;
    std::vector<std::string> kinds;
    std::optional<Rng> rng;
    if (const auto* random = doc.as_object().if_contains("random"); random && random->is_object()) {
        const auto& r = random->as_object();
        if (const auto* v = r.if_contains("rate"); v && v->is_number()) {
            rate = v->to_number<double>();
        }
        std::uint64_t seed = 1;
        if (const auto* v = r.if_contains("seed"); v && v->is_number()) {
            seed = v->to_number<std::uint64_t>();
        }
        if (const auto* v = r.if_contains("kinds"); v && v->is_array()) {
            for (const auto& k : v->as_array()) {
                if (k.is_string() && is_known_fault_kind(k.as_string())) {
                    kinds.emplace_back(k.as_string());
                } else {
                    problems += "random.kinds: unknown kind " + boost::json::serialize(k) + "; ";
                }
            }
        }
        if (kinds.empty()) {
            kinds = {"status", "throttle", "reset_mid_body", "truncated_json"};
        }
        rng.emplace(seed);
    }
    if (!problems.empty()) {
        return make_error(Status::bad_input, problems + "nothing was changed");
    }
    std::lock_guard lock(m_mutex);
    m_faults = std::move(faults);
    m_random_rate = rate;
    m_random_kinds = std::move(kinds);
    m_random = rng;
    return {};
}

void FaultScript::clear() {
    std::lock_guard lock(m_mutex);
    m_faults.clear();
    m_random_rate = 0.0;
    m_random.reset();
}

std::optional<Fault> FaultScript::take(std::string_view operation) {
    std::lock_guard lock(m_mutex);
    for (auto& fault : m_faults) {
        if (fault.hits >= fault.count) {
            continue;
        }
        if (fault.operation != "*" && fault.operation != operation) {
            continue;
        }
        ++fault.seen;
        if (fault.seen <= fault.after) {
            continue;
        }
        ++fault.hits;
        return fault;
    }
    if (m_random && m_random_rate > 0.0) {
        const auto roll = static_cast<double>(m_random->next() % 1000000) / 1000000.0;
        if (roll < m_random_rate) {
            Fault fault;
            fault.operation = std::string(operation);
            fault.kind = m_random_kinds[m_random->next() % m_random_kinds.size()];
            fault.spec["kind"] = fault.kind;
            if (fault.kind == "status") {
                static constexpr std::array<long, 4> k_codes = {500, 502, 503, 504};
                fault.spec["status"] = k_codes[m_random->next() % k_codes.size()];
            }
            return fault;
        }
    }
    return std::nullopt;
}

bool FaultScript::take_handshake_stall() {
    std::lock_guard lock(m_mutex);
    for (auto& fault : m_faults) {
        if (fault.kind == "stall" && fault.hits < fault.count &&
            (fault.operation == "*" || fault.operation == "handshake")) {
            ++fault.seen;
            if (fault.seen <= fault.after) {
                continue;
            }
            ++fault.hits;
            return true;
        }
    }
    return false;
}

} // namespace amzconn::sandbox
