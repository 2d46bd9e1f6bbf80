#include "backoff.hpp"

#include "base/time.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace amzconn::spapi {

Backoff::Backoff(int64_t base_ms, int64_t cap_ms, uint64_t seed)
    : m_base_ms(std::max<int64_t>(1, base_ms)), m_cap_ms(std::max<int64_t>(1, cap_ms)),
      m_rng(seed) {}

int64_t Backoff::ceiling_ms(int attempt) const {
    int64_t ceiling = m_base_ms;
    for (int i = 0; i < attempt && ceiling < m_cap_ms; ++i) {
        ceiling *= 2;
    }
    return std::min(ceiling, m_cap_ms);
}

int64_t Backoff::delay_ms(int attempt) {
    std::uniform_int_distribution<int64_t> dist(0, ceiling_ms(attempt));
    return dist(m_rng);
}

std::optional<int64_t> parse_retry_after_ms(std::string_view v, int64_t now_ms) {
    while (!v.empty() && v.front() == ' ') {
        v.remove_prefix(1);
    }
    while (!v.empty() && v.back() == ' ') {
        v.remove_suffix(1);
    }
    if (v.empty()) {
        return std::nullopt;
    }
    if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (v.size() > 9) {
            return std::nullopt;
        }
        return std::stoll(std::string(v)) * 1000;
    }
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (v.size() != 29 || v.substr(3, 2) != ", " || v.substr(25) != " GMT") {
        return std::nullopt;
    }
    static constexpr std::array<std::string_view, 12> k_months{
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::string_view mon = v.substr(8, 3);
    int month = 0;
    for (size_t i = 0; i < k_months.size(); ++i) {
        if (k_months[i] == mon) {
            month = static_cast<int>(i) + 1;
        }
    }
    if (month == 0) {
        return std::nullopt;
    }
    std::string iso = std::string(v.substr(12, 4)) + "-" + (month < 10 ? "0" : "") +
                      std::to_string(month) + "-" + std::string(v.substr(5, 2)) + "T" +
                      std::string(v.substr(17, 8)) + "Z";
    auto ts = time::parse_rfc3339(iso);
    if (!ts) {
        return std::nullopt;
    }
    return std::max<int64_t>(0, ts->unix_ms - now_ms);
}

} // namespace amzconn::spapi
