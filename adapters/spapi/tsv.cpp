#include "tsv.hpp"

namespace amzconn::spapi {

std::optional<size_t> TsvTable::column(std::string_view name) const {
    for (size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

Result<TsvTable> parse_tsv(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    TsvTable table;
    size_t line_no = 0;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        std::vector<std::string> fields;
        size_t start = 0;
        for (;;) {
            auto tab = line.find('\t', start);
            fields.emplace_back(line.substr(start, tab - start));
            if (tab == std::string_view::npos) {
                break;
            }
            start = tab + 1;
        }
        if (table.columns.empty()) {
            table.columns = std::move(fields);
            continue;
        }
        if (fields.size() != table.columns.size()) {
            return Error{Status::bad_input, "report line " + std::to_string(line_no) + " has " +
                                                std::to_string(fields.size()) +
                                                " fields, the "
                                                "header has " +
                                                std::to_string(table.columns.size())};
        }
        table.rows.push_back(std::move(fields));
    }
    if (table.columns.empty()) {
        return Error{Status::bad_input, "report is empty (no header line)"};
    }
    return table;
}

} // namespace amzconn::spapi
