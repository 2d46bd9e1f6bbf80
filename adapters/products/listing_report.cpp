#include "products/listing_report.hpp"

#include <optional>
#include <set>

namespace amzconn::products {

namespace {

std::vector<std::string> split_tabs(std::string_view line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        fields.emplace_back(line.substr(start, tab - start));
        if (tab == std::string_view::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

std::optional<std::size_t> column(const std::vector<std::string>& header, std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

// Amazon's product-id-type codes: 1 ASIN, 2 ISBN, 3 UPC, 4 EAN.
std::string barcode_type(std::string_view code) {
    return code == "2" ? "ISBN" : code == "3" ? "UPC" : code == "4" ? "EAN" : "";
}

struct Columns {
    std::size_t sku = 0, asin = 0, title = 0;
    std::optional<std::size_t> channel, id_type, id;

    std::string at(const std::vector<std::string>& row, std::optional<std::size_t> i) const {
        return i ? row[*i] : std::string();
    }
};

Result<Columns> columns_of(const std::vector<std::string>& header) {
    Columns c;
    std::string missing;
    for (auto [name, slot] : {std::pair{"seller-sku", &c.sku}, std::pair{"asin1", &c.asin},
                              std::pair{"item-name", &c.title}}) {
        if (auto i = column(header, name)) {
            *slot = *i;
        } else {
            missing += (missing.empty() ? "" : ", ") + std::string(name);
        }
    }
    if (!missing.empty()) {
        return Error{Status::bad_input,
                     "Amazon's listings report has no " + missing + " column: no listing was read"};
    }
    c.channel = column(header, "fulfillment-channel");
    c.id_type = column(header, "product-id-type");
    c.id = column(header, "product-id");
    return c;
}

AmazonListing listing_of(const Columns& c, const std::vector<std::string>& row, std::size_t line) {
    AmazonListing l;
    l.sku = row[c.sku];
    l.asin = row[c.asin];
    l.title = row[c.title];
    l.channel = c.at(row, c.channel);
    l.barcode_type = barcode_type(c.at(row, c.id_type));
    if (!l.barcode_type.empty()) {
        l.barcode = c.at(row, c.id);
    }
    if (l.barcode.empty()) {
        l.barcode_type.clear();
    }
    l.line = line;
    return l;
}

} // namespace

Result<ListingReport> parse_listing_report(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    ListingReport out;
    std::vector<std::string> header;
    std::optional<Columns> cols;
    std::set<std::string> seen;
    for (std::size_t line_no = 1; !text.empty(); ++line_no) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        auto fields = split_tabs(line);
        if (!cols) {
            header = std::move(fields);
            TRY_ASSIGN(cols, columns_of(header));
            continue;
        }
        if (fields.size() != header.size()) {
            out.problems.push_back({line_no, "", "",
                                    "line " + std::to_string(line_no) + " has " +
                                        std::to_string(fields.size()) + " fields, the header has " +
                                        std::to_string(header.size()) + ": the row was not read"});
            continue;
        }
        auto listing = listing_of(*cols, fields, line_no);
        if (listing.sku.empty()) {
            out.problems.push_back(
                {line_no, "", "",
                 "line " + std::to_string(line_no) + " has no seller-sku: the row was not read"});
            continue;
        }
        if (!seen.insert(listing.sku).second) {
            out.problems.push_back({line_no, listing.sku, "",
                                    "line " + std::to_string(line_no) + ": seller-sku " +
                                        listing.sku +
                                        " was already read on an earlier line: this row was not "
                                        "read"});
            continue;
        }
        out.listings.push_back(std::move(listing));
    }
    if (!cols) {
        return Error{Status::bad_input, "Amazon's listings report is empty (no header line)"};
    }
    return out;
}

} // namespace amzconn::products
