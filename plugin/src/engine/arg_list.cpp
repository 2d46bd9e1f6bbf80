#include "engine/arg_list.hpp"

#include <algorithm>

namespace amzconn::plugin {

std::vector<std::string> split_arg_list(std::string_view text) {
    std::vector<std::string> items;
    std::string current;
    for (const char c : text) {
        if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!current.empty()) {
                items.push_back(std::move(current));
                current.clear();
            }
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        items.push_back(std::move(current));
    }
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
}

} // namespace amzconn::plugin
