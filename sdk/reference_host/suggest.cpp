#include "suggest.hpp"

#include <algorithm>
#include <numeric>

namespace amzconn::refhost {

namespace {

// Levenshtein distance where swapping two neighbours counts as one edit ("sercet" -> "secret").
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    std::iota(d[0].begin(), d[0].end(), size_t{0});
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t substitution = d[i - 1][j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0);
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

} // namespace

std::optional<std::string> nearest(std::string_view name,
                                   const std::vector<std::string>& candidates) {
    const size_t allowed = std::max<size_t>(2, name.size() / 3);
    std::optional<std::string> best;
    size_t best_distance = allowed + 1;
    for (const auto& candidate : candidates) {
        const size_t distance = edit_distance(name, candidate);
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
    const auto found = nearest(name, candidates);
    return found ? " (did you mean " + *found + "?)" : "";
}

} // namespace amzconn::refhost
