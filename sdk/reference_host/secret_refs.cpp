#include "secret_refs.hpp"

#include <algorithm>
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

std::string secret_set_hint(const std::string& message) {
    static constexpr std::string_view k_missing = "}: the host secret store has no such secret";
    std::vector<std::string> names;
    for (size_t at = message.find(k_prefix); at != std::string::npos;
         at = message.find(k_prefix, at + 1)) {
        const size_t start = at + k_prefix.size();
        const size_t end = message.find(k_missing, start);
        if (end == std::string::npos || message.find('}', start) != end) {
            continue;
        }
        std::string name = message.substr(start, end - start);
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(std::move(name));
        }
    }
    std::string hint;
    for (const auto& name : names) {
        hint += (hint.empty() ? ": run `" : ", `") + std::string("amzconn-host secret set ") +
                name + "`";
    }
    return hint.empty() ? hint : hint + " (each value is read from stdin)";
}

} // namespace amzconn::refhost
