#include "secret_refs.hpp"

#include <algorithm>
#include <yaml-cpp/yaml.h>

namespace amzconn::refhost {

namespace {

constexpr std::string_view k_prefix = "${secret:";

// `key`: the map key the node is the value of; `connect_scope`: inside a map with an
// application_id (a store Connect to Amazon can connect).
void collect(const YAML::Node& node, std::vector<SecretReference>& out, std::string_view key,
             bool connect_scope) {
    if (node.IsScalar()) {
        const std::string& text = node.Scalar();
        if (text.starts_with(k_prefix) && text.ends_with("}") &&
            text.size() > k_prefix.size() + 1) {
            const auto mark = node.Mark();
            out.push_back({text.substr(k_prefix.size(), text.size() - k_prefix.size() - 1),
                           mark.line + 1, mark.column + 1,
                           connect_scope && key == "refresh_token"});
        }
        return;
    }
    if (node.IsSequence()) {
        for (const auto& item : node) {
            collect(item, out, "", connect_scope);
        }
    } else if (node.IsMap()) {
        const YAML::Node app = node["application_id"]; // a missing key: not IsDefined
        const bool scope = connect_scope || (app.IsDefined() && app.IsScalar());
        for (const auto& entry : node) {
            collect(entry.second, out, entry.first.IsScalar() ? entry.first.Scalar() : "", scope);
        }
    }
}

} // namespace

std::vector<SecretReference> secret_references(const std::string& yaml) {
    std::vector<SecretReference> out;
    try {
        collect(YAML::Load(yaml), out, "", false);
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
