#include "stock/share_split.hpp"

#include <algorithm>

namespace amzconn::stock {

std::vector<int64_t> split_supply(int64_t supply, std::span<const ShareClaim> claims) {
    std::vector<int64_t> given;
    std::vector<std::size_t> active;
    split_supply(supply, claims, given, active);
    return given;
}

void split_supply(int64_t supply, std::span<const ShareClaim> claims, std::vector<int64_t>& given,
                  std::vector<std::size_t>& active) {
    given.assign(claims.size(), 0);
    int64_t remaining = std::max<int64_t>(supply, 0);
    auto can_take = [&](std::size_t i) {
        const ShareClaim& c = claims[i];
        return c.weight > 0 && remaining >= c.weight && c.cap - given[i] >= c.weight;
    };
    for (;;) {
        active.clear();
        int64_t weight_sum = 0;
        for (std::size_t i = 0; i < claims.size(); ++i) {
            if (can_take(i)) {
                active.push_back(i);
                weight_sum = saturating_add(weight_sum, claims[i].weight);
            }
        }
        if (active.empty()) {
            break;
        }
        // Whole rounds that every active claim can take at once.
        int64_t rounds = remaining / weight_sum;
        for (std::size_t i : active) {
            rounds = std::min(rounds, (claims[i].cap - given[i]) / claims[i].weight);
        }
        if (rounds > 0) {
            for (std::size_t i : active) {
                given[i] += rounds * claims[i].weight;
            }
            remaining -= rounds * weight_sum;
            continue;
        }
        // Less than one full round left: one partial round in claim order.
        bool progressed = false;
        for (std::size_t i : active) {
            if (can_take(i)) {
                given[i] += claims[i].weight;
                remaining -= claims[i].weight;
                progressed = true;
            }
        }
        if (!progressed) {
            break;
        }
    }
}

} // namespace amzconn::stock
