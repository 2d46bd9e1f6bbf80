// Fuzzes the flat-file (TSV) report parser used for the listings reports. Every row has as many
// fields as the header, and writing the table back as TSV and parsing it again gives the same
// table. The writer starts with a BOM and ends lines with CRLF, as Amazon's files may: the
// parser drops exactly those, so a field that itself begins with a BOM or ends with CR survives.
#include "fuzz_check.hpp"
#include "spapi/tsv.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

std::string to_tsv(const amzconn::spapi::TsvTable& table) {
    std::string out = "\xEF\xBB\xBF";
    const auto line = [&out](const std::vector<std::string>& fields) {
        for (size_t i = 0; i < fields.size(); ++i) {
            out += i == 0 ? "" : "\t";
            out += fields[i];
        }
        out += "\r\n";
    };
    line(table.columns);
    for (const auto& row : table.rows) {
        line(row);
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto table = amzconn::spapi::parse_tsv(text);
    if (!table.ok()) {
        FUZZ_CHECK(!table.error().message.empty());
        return 0;
    }
    FUZZ_CHECK(!table->columns.empty());
    for (const auto& row : table->rows) {
        FUZZ_CHECK(row.size() == table->columns.size());
    }
    for (size_t i = 0; i < table->columns.size(); ++i) {
        const auto found = table->column(table->columns[i]);
        FUZZ_CHECK(found && *found <= i);
    }

    const auto again = amzconn::spapi::parse_tsv(to_tsv(*table));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->columns == table->columns);
    FUZZ_CHECK(again->rows == table->rows);
    return 0;
}
