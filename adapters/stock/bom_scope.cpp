#include "stock/bom_scope.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace amzconn::stock {

std::vector<std::string> bom_connected_products(std::span<const Product> products,
                                                std::span<const std::string> codes,
                                                bool include_assemblies) {
    std::unordered_map<std::string, std::vector<std::string>> edges;
    if (include_assemblies) {
        for (const Product& p : products) {
            if (!p.is_assembly) {
                continue;
            }
            for (const BomLine& line : p.bom) {
                edges[p.code].push_back(line.component);
                edges[line.component].push_back(p.code);
            }
        }
    }
    std::unordered_set<std::string> seen(codes.begin(), codes.end());
    std::vector<std::string> todo(codes.begin(), codes.end());
    while (!todo.empty()) {
        const std::string code = std::move(todo.back());
        todo.pop_back();
        auto it = edges.find(code);
        if (it == edges.end()) {
            continue;
        }
        for (const std::string& next : it->second) {
            if (seen.insert(next).second) {
                todo.push_back(next);
            }
        }
    }
    std::vector<std::string> out(seen.begin(), seen.end());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace amzconn::stock
