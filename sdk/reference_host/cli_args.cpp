#include "cli_args.hpp"

namespace amzconn::refhost {

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
    const auto found = values.find(name);
    if (found == values.end() || found->second.empty()) {
        return std::nullopt;
    }
    return found->second.back();
}

std::vector<std::string> ParsedArgs::all(const std::string& name) const {
    const auto found = values.find(name);
    return found == values.end() ? std::vector<std::string>{} : found->second;
}

bool wants_help(const std::vector<std::string>& args) {
    for (const auto& arg : args) {
        if (arg == "--") {
            return false;
        }
        if (arg == "--help" || arg == "-h") {
            return true;
        }
    }
    return false;
}

Result<ParsedArgs> parse_args(const std::vector<std::string>& args, const ArgSpec& spec) {
    ParsedArgs parsed;
    bool only_positionals = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (only_positionals || arg.size() < 2 || arg[0] != '-' || arg == "-") {
            parsed.positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            only_positionals = true;
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inline_value;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            inline_value = arg.substr(eq + 1);
        }
        if (spec.flags.contains(name)) {
            if (inline_value) {
                return Error{Status::bad_input, "option " + name + " takes no value"};
            }
            parsed.flags.insert(name);
        } else if (spec.values.contains(name)) {
            if (inline_value) {
                parsed.values[name].push_back(*inline_value);
            } else if (i + 1 < args.size()) {
                parsed.values[name].push_back(args[++i]);
            } else {
                return Error{Status::bad_input, "option " + name + " needs a value"};
            }
        } else {
            return Error{Status::bad_input, "unknown option " + name + " (see --help)"};
        }
    }
    return parsed;
}

} // namespace amzconn::refhost
