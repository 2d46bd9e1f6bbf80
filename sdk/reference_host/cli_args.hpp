// Command-line parsing for amzconn-host commands: declared value options (--store A, --store=A),
// flags (--json), repeatable options (--arg K=V) and positionals; anything undeclared is an error.
#pragma once

#include "amzconn/result.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace amzconn::refhost {

struct ArgSpec {
    std::set<std::string> values; // options that take one value (may repeat: all are kept)
    std::set<std::string> flags;  // options without a value
};

struct ParsedArgs {
    std::map<std::string, std::vector<std::string>> values;
    std::set<std::string> flags;
    std::vector<std::string> positionals;

    bool flag(const std::string& name) const { return flags.contains(name); }
    // The last value given for an option.
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
};

Result<ParsedArgs> parse_args(const std::vector<std::string>& args, const ArgSpec& spec);

// True when args ask for help (--help or -h anywhere).
bool wants_help(const std::vector<std::string>& args);

} // namespace amzconn::refhost
