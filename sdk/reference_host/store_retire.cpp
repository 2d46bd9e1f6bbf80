#include "store_retire.hpp"

#include <yaml-cpp/yaml.h>

namespace amzconn::refhost {

namespace {

// The offset just past the end of the line holding `offset`.
size_t end_of_line(const std::string& text, size_t offset) {
    const auto newline = text.find('\n', offset);
    return newline == std::string::npos ? text.size() : newline + 1;
}

// The scalar text of `key` in a map, "" when it has none (a const yaml-cpp lookup of a missing
// key gives an invalid node that throws when asked its type).
std::string scalar_of(const YAML::Node& map, std::string_view key) {
    for (const auto& pair : map) {
        if (pair.first.IsScalar() && pair.first.Scalar() == key && pair.second.IsScalar()) {
            return pair.second.Scalar();
        }
    }
    return "";
}

// The store entry (a map in `stores`) whose alias is `alias`.
Result<YAML::Node> store_entry(const YAML::Node& root, std::string_view alias) {
    const YAML::Node stores = root.IsMap() ? root["stores"] : YAML::Node();
    if (stores.IsDefined() && stores.IsSequence()) {
        for (const auto& entry : stores) {
            if (entry.IsMap() && scalar_of(entry, "alias") == alias) {
                return entry;
            }
        }
    }
    return Error{Status::not_found, "no store '" + std::string(alias) +
                                        "' in the installed config: `amzconn-host store list` "
                                        "shows the stores"};
}

// The text edit: the existing `retired:` value replaced, else a `retired: true` line under the
// alias at its indentation. A flow-style entry ({alias: x, ...}) is written out again whole.
std::string edited(const std::string& yaml, YAML::Node root, YAML::Node entry) {
    if (entry.Style() == YAML::EmitterStyle::Flow) {
        entry["retired"] = true;
        YAML::Emitter out;
        out << root;
        return std::string(out.c_str()) + "\n";
    }
    for (const auto& pair : entry) {
        if (pair.first.Scalar() == "retired" && pair.second.IsScalar()) {
            const auto at = static_cast<size_t>(pair.second.Mark().pos);
            const auto length = pair.second.Scalar().size();
            return yaml.substr(0, at) + "true" + yaml.substr(at + length);
        }
    }
    for (const auto& pair : entry) {
        if (pair.first.Scalar() == "alias") {
            const auto column = static_cast<size_t>(pair.first.Mark().column);
            const auto after = end_of_line(yaml, static_cast<size_t>(pair.second.Mark().pos));
            const std::string line = std::string(column, ' ') + "retired: true\n";
            return yaml.substr(0, after) + (after > 0 && yaml[after - 1] != '\n' ? "\n" : "") +
                   line + yaml.substr(after);
        }
    }
    return yaml;
}

} // namespace

Result<std::string> retired_in_yaml(const std::string& yaml, std::string_view alias) {
    try {
        const YAML::Node root = YAML::Load(yaml);
        TRY_ASSIGN(const YAML::Node entry, store_entry(root, alias));
        if (scalar_of(entry, "retired") == "true") {
            return Error{Status::bad_input,
                         "store '" + std::string(alias) + "' is already retired"};
        }
        std::string next = edited(yaml, root, entry);
        // The edit must say exactly that: the store retired, nothing else moved.
        const YAML::Node again = YAML::Load(next);
        TRY_ASSIGN(const YAML::Node check, store_entry(again, alias));
        if (scalar_of(check, "retired") != "true") {
            return Error{Status::internal, "could not mark store '" + std::string(alias) +
                                               "' retired in the installed config"};
        }
        return next;
    } catch (const YAML::Exception& e) {
        return Error{Status::internal,
                     std::string("the installed config is not readable YAML: ") + e.what()};
    }
}

Result<InstallOutcome> retire_store(CliContext& context, std::string_view alias, std::ostream& out,
                                    std::ostream& err) {
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(const auto installed, host->installed_config());
    if (!installed) {
        return Error{Status::not_found,
                     "this host keeps no copy of the installed config (it was installed by an "
                     "older amzconn-host): install it once more with `amzconn-host install "
                     "CONFIG.yaml`, or set `retired: true` on the store in CONFIG.yaml and "
                     "install that"};
    }
    TRY_ASSIGN(const std::string yaml, retired_in_yaml(*installed, alias));
    return install_config(context, std::string(k_installed_file_name), yaml, out, err);
}

} // namespace amzconn::refhost
