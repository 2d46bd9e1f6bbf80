// Tab-separated report parsing (Amazon's flat-file reports): a header row of column names, then
// rows. A row with a different number of fields is an error naming its line.
#pragma once

#include "amzconn/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::spapi {

struct TsvTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;

    // Index of a column, or nullopt.
    std::optional<size_t> column(std::string_view name) const;
};

// Accepts LF or CRLF line ends, a UTF-8 BOM, and a missing final newline. Empty lines are skipped.
Result<TsvTable> parse_tsv(std::string_view text);

} // namespace amzconn::spapi
