// "did you mean": the candidate nearest to a mistyped name (commands, jobs, stores).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::refhost {

// The candidate within a small edit distance of `name` (at most 2, or a third of its length),
// the nearest first; nullopt when none is close.
std::optional<std::string> nearest(std::string_view name,
                                   const std::vector<std::string>& candidates);

// " (did you mean X?)" or "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

} // namespace amzconn::refhost
