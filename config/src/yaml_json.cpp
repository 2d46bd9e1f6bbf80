// The YAML file as plain JSON, typed the way YAML's core schema would type plain scalars, so an
// external JSON Schema validator sees what a careless YAML reader would see.
#include "yaml_json.hpp"

#include <boost/json/serialize.hpp>
#include <regex>

namespace amzconn::config::detail {

boost::json::value plain_json(const YNode& node) {
    switch (node.kind) {
    case YNode::Kind::null:
        return nullptr;
    case YNode::Kind::scalar: {
        if (!node.plain) {
            return boost::json::string(node.value);
        }
        if (node.value == "true" || node.value == "false") {
            return node.value == "true";
        }
        static const std::regex integer("-?(0|[1-9][0-9]{0,17})");
        if (std::regex_match(node.value, integer)) {
            return std::stoll(node.value);
        }
        return boost::json::string(node.value);
    }
    case YNode::Kind::sequence: {
        boost::json::array out;
        for (const auto& item : node.items) {
            out.push_back(plain_json(item));
        }
        return out;
    }
    case YNode::Kind::mapping: {
        boost::json::object out;
        for (const auto& [key, value] : node.entries) {
            if (!out.contains(key.value)) {
                out[key.value] = plain_json(value);
            }
        }
        return out;
    }
    }
    return nullptr;
}

} // namespace amzconn::config::detail

namespace amzconn::config {

std::optional<std::string> yaml_to_json(std::string_view file_name, std::string_view yaml_text,
                                        std::vector<Diagnostic>& diagnostics) {
    const std::size_t before = diagnostics.size();
    auto root = detail::parse_yaml(file_name, yaml_text, diagnostics);
    if (!root || diagnostics.size() != before) {
        return std::nullopt;
    }
    return boost::json::serialize(detail::plain_json(*root));
}

} // namespace amzconn::config
