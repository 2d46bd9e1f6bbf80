// A safe YAML reader: builds a plain tree with 1-based marks from yaml-cpp's event stream and
// refuses what yaml-cpp 0.7 lets through (duplicate keys, anchors, aliases, merge keys, tags,
// tabs in indentation, several documents, oversized or non-UTF-8 files).
#pragma once

#include "amzconn/config/config.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::config::detail {

struct Mark {
    int line = 1;
    int column = 1;
};

// One mapping entry. A plain struct, not std::pair: clang with libstdc++ cannot instantiate
// std::pair<YNode, YNode> while YNode is still incomplete.
struct YEntry;

struct YNode {
    enum class Kind { null, scalar, sequence, mapping };
    Kind kind = Kind::null;
    Mark mark;
    std::string value;           // scalars only
    bool plain = true;           // an unquoted scalar (YAML would type it: numbers, booleans)
    bool reported = false;       // already diagnosed (an alias): later checks stay quiet about it
    std::vector<YNode> items;    // sequence
    std::vector<YEntry> entries; // mapping
};

struct YEntry {
    YNode key;
    YNode value;
};

// Parses one document. Problems are appended to `out`; nullopt when there is no tree at all
// (syntax error, size, tabs, encoding). Duplicate keys stay in the tree; readers use the first.
std::optional<YNode> parse_yaml(std::string_view file, std::string_view text,
                                std::vector<Diagnostic>& out);

Diagnostic make_diagnostic(std::string_view file, Mark mark, std::string path, std::string message,
                           Severity severity = Severity::error);

} // namespace amzconn::config::detail
