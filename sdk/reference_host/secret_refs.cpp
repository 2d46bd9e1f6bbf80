#include "secret_refs.hpp"

#include <yaml-cpp/yaml.h>

namespace amzconn::refhost {

namespace {

constexpr std::string_view k_prefix = "${secret:";

void collect(const YAML::Node& node, std::vector<SecretReference>& out) {
    if (node.IsScalar()) {
        const std::string& text = node.Scalar();
        if (text.starts_with(k_prefix) && text.ends_with("}") &&
            text.size() > k_prefix.size() + 1) {
            const auto mark = node.Mark();
            out.push_back({text.substr(k_prefix.size(), text.size() - k_prefix.size() - 1),
                           mark.line + 1, mark.column + 1});
        }
        return;
    }
    if (node.IsSequence()) {
        for (const auto& item : node) {
            collect(item, out);
        }
    } else if (node.IsMap()) {
        for (const auto& entry : node) {
            collect(entry.second, out);
        }
    }
}

} // namespace

std::vector<SecretReference> secret_references(const std::string& yaml) {
    std::vector<SecretReference> out;
    try {
        collect(YAML::Load(yaml), out);
    } catch (const YAML::Exception&) {
        out.clear();
    }
    return out;
}

} // namespace amzconn::refhost
