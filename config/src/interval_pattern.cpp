#include "interval_pattern.hpp"

#include <algorithm>

namespace amzconn::config::detail {

namespace {

constexpr std::int64_t k_largest_count = 999'999'999; // parse_interval takes at most 9 digits

// lo..hi (equal length, the same digits before position `width` from the right, the digit there
// running a..b, any digits after) as a pattern: the shared prefix, [a-b], then [0-9]{width}.
std::string block_pattern(std::int64_t start, std::int64_t end, int width) {
    const std::string first = std::to_string(start);
    const std::string last = std::to_string(end);
    const size_t at = first.size() - static_cast<size_t>(width) - 1;
    std::string out = first.substr(0, at);
    if (first[at] == last[at]) {
        out += first[at];
    } else {
        out += std::string("[") + first[at] + "-" + last[at] + "]";
    }
    if (width == 1) {
        out += "[0-9]";
    } else if (width > 1) {
        out += "[0-9]{" + std::to_string(width) + "}";
    }
    return out;
}

} // namespace

std::string number_range_pattern(std::int64_t lo, std::int64_t hi) {
    std::string out;
    std::int64_t start = lo;
    while (start <= hi) {
        // The largest aligned block of 10^width numbers starting here that fits under hi...
        std::int64_t step = 1;
        int width = 0;
        while (start % (step * 10) == 0 && start + step * 10 - 1 <= hi) {
            step *= 10;
            ++width;
        }
        // ...repeated while the digit above it does not carry and the run stays under hi.
        std::int64_t runs = 1;
        while ((start / step) % 10 + runs <= 9 && start + (runs + 1) * step - 1 <= hi) {
            ++runs;
        }
        const std::int64_t end = start + runs * step - 1;
        out += (out.empty() ? "" : "|") + block_pattern(start, end, width);
        start = end + 1;
    }
    return out;
}

std::string interval_alternatives(std::int64_t min_s, std::int64_t max_s) {
    constexpr std::pair<char, std::int64_t> k_units[] = {
        {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
    std::string out;
    for (const auto& [unit, seconds] : k_units) {
        const std::int64_t lo = std::max<std::int64_t>(1, (min_s + seconds - 1) / seconds);
        const std::int64_t hi = std::min(k_largest_count, max_s / seconds);
        if (lo > hi) {
            continue;
        }
        out += (out.empty() ? "" : "|") + std::string("(?:") + number_range_pattern(lo, hi) + ")" +
               unit;
    }
    return out;
}

} // namespace amzconn::config::detail
