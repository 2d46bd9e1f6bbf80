#include "returns/returns_report.hpp"

#include <charconv>
#include <optional>

namespace amzconn::returns {
namespace {

// The columns a record is built from, by Amazon's header names (spapi-facts.md §7).
struct Columns {
    std::string_view order_id, rma_id, license_plate, date, sku, asin, quantity, reason,
        disposition, status;
};

constexpr Columns k_mfn{
    "Order ID",        "Amazon RMA ID", "", "Return request date",  "Merchant SKU", "ASIN",
    "Return quantity", "Return Reason", "", "Return request status"};
constexpr Columns k_fba{"order-id", "",       "license-plate-number", "return-date", "sku", "asin",
                        "quantity", "reason", "detailed-disposition", "status"};

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab - start));
        if (tab == std::string_view::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '"')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '"')) {
        s.remove_suffix(1);
    }
    return s;
}

// Where each named column is in the header; a missing required one fails the report.
struct Layout {
    std::vector<std::optional<size_t>> at; // in the order of Columns' fields
    size_t width = 0;
};

Result<Layout> layout_of(const std::vector<std::string_view>& header, const Columns& c,
                         Channel channel) {
    const std::string_view names[] = {c.order_id, c.rma_id, c.license_plate, c.date,  c.sku, c.asin,
                                      c.quantity, c.reason, c.disposition,   c.status};
    Layout layout;
    layout.width = header.size();
    std::string missing;
    for (size_t i = 0; i < std::size(names); ++i) {
        std::optional<size_t> found;
        for (size_t h = 0; h < header.size() && !names[i].empty(); ++h) {
            if (trim(header[h]) == names[i]) {
                found = h;
                break;
            }
        }
        const bool required = i == 0 || i == 3 || i == 4 || i == 6 || (i == 1 && !c.rma_id.empty());
        if (!found && required) {
            missing += (missing.empty() ? "" : ", ") + std::string(names[i]);
        }
        layout.at.push_back(found);
    }
    if (!missing.empty()) {
        return Error{Status::bad_input, std::string(report_type(channel)) +
                                            ": the header has no column " + missing +
                                            " (is this the right report?)"};
    }
    return layout;
}

std::string field(const std::vector<std::string_view>& f, const Layout& layout, size_t index) {
    const auto& at = layout.at[index];
    return at ? std::string(trim(f[*at])) : std::string();
}

// One data row, or the problem with it.
Result<ReturnRow> read_row(const std::vector<std::string_view>& f, const Layout& layout,
                           const Columns& c, size_t line) {
    if (f.size() != layout.width) {
        return Error{Status::bad_input, "has " + std::to_string(f.size()) +
                                            " fields, the header has " +
                                            std::to_string(layout.width)};
    }
    ReturnRow row;
    row.line = line;
    row.amazon_order_id = field(f, layout, 0);
    row.rma_id = field(f, layout, 1);
    row.license_plate = field(f, layout, 2);
    row.seller_sku = field(f, layout, 4);
    row.asin = field(f, layout, 5);
    row.reason = field(f, layout, 7);
    row.disposition = field(f, layout, 8);
    row.status = field(f, layout, 9);
    for (const auto& [value, name] :
         {std::pair{&row.amazon_order_id, c.order_id}, std::pair{&row.seller_sku, c.sku}}) {
        if (value->empty()) {
            return Error{Status::bad_input, "column " + std::string(name) + " is empty"};
        }
    }
    if (!c.rma_id.empty() && row.rma_id.empty()) {
        return Error{Status::bad_input, "column " + std::string(c.rma_id) + " is empty"};
    }
    auto date = parse_report_date(field(f, layout, 3));
    if (!date) {
        return Error{Status::bad_input, "column " + std::string(c.date) + " is not a date"};
    }
    row.returned_at = *date;
    const auto qty = field(f, layout, 6);
    const auto [end, ec] = std::from_chars(qty.data(), qty.data() + qty.size(), row.quantity);
    if (ec != std::errc() || end != qty.data() + qty.size() || row.quantity < 1) {
        return Error{Status::bad_input,
                     "column " + std::string(c.quantity) + " must be a positive integer"};
    }
    return row;
}

} // namespace

std::string_view report_type(Channel channel) {
    return channel == Channel::mfn ? k_mfn_report : k_fba_report;
}

std::string_view channel_name(Channel channel) {
    return channel == Channel::mfn ? "mfn" : "fba";
}

Result<time::Timestamp> parse_report_date(std::string_view text) {
    if (auto t = time::parse_rfc3339(text)) {
        return *t;
    }
    std::string normal(text);
    if (normal.size() == 23 && normal.substr(19) == " UTC" && normal[10] == ' ') {
        normal = normal.substr(0, 10) + "T" + normal.substr(11, 8) + "Z";
    } else if (normal.size() == 10) {
        normal += "T00:00:00Z";
    }
    auto t = time::parse_rfc3339(normal);
    if (!t) {
        return Error{Status::bad_input, "not a date"};
    }
    return *t;
}

Result<ParsedReturns> parse_returns_report(std::string_view text, Channel channel) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    const Columns& c = channel == Channel::mfn ? k_mfn : k_fba;
    ParsedReturns out;
    std::optional<Layout> layout;
    size_t line_no = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        const auto fields = split_tabs(line);
        if (!layout) {
            TRY_ASSIGN(auto found, layout_of(fields, c, channel));
            layout = std::move(found);
            continue;
        }
        auto row = read_row(fields, *layout, c, line_no);
        if (row) {
            out.rows.push_back(std::move(*row));
        } else {
            out.problems.push_back({line_no, std::string(report_type(channel)) + " line " +
                                                 std::to_string(line_no) + ": " +
                                                 row.error().message});
        }
    }
    return out;
}

} // namespace amzconn::returns
