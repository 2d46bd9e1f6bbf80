#include "returns/windows.hpp"

#include <algorithm>

namespace amzconn::returns {

std::vector<Window> split_windows(time::Timestamp from, time::Timestamp to, int64_t max_ms) {
    std::vector<Window> out;
    if (max_ms <= 0) {
        return out;
    }
    for (int64_t start = from.unix_ms; start < to.unix_ms;) {
        const int64_t end = std::min(to.unix_ms, start + max_ms);
        out.push_back({{start}, {end}});
        start = end;
    }
    return out;
}

} // namespace amzconn::returns
