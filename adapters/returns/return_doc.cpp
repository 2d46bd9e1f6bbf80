#include "returns/return_doc.hpp"

#include "orders/products.hpp"

#include <boost/json.hpp>

namespace amzconn::returns {
namespace json = boost::json;

std::string return_id(Channel channel, const ReturnRow& row) {
    if (channel == Channel::mfn) {
        return row.rma_id;
    }
    return row.amazon_order_id + "/" + row.seller_sku + "/" +
           time::format_rfc3339(row.returned_at) + "/" + row.license_plate;
}

std::string return_key(std::string_view alias, std::string_view id) {
    return std::string(alias) + ":" + std::string(id);
}

std::vector<HostReturn> group_returns(Channel channel, const std::vector<ReturnRow>& rows) {
    std::vector<HostReturn> out;
    std::map<std::string, size_t> index;
    for (const auto& row : rows) {
        const auto id = return_id(channel, row);
        auto [it, fresh] = index.try_emplace(id, out.size());
        if (fresh) {
            HostReturn r;
            r.channel = channel;
            r.amazon_order_id = row.amazon_order_id;
            r.return_id = id;
            r.returned_at = row.returned_at;
            r.status = row.status;
            out.push_back(std::move(r));
        }
        auto& r = out[it->second];
        r.report_lines.push_back(row.line);
        bool added = false;
        for (auto& line : r.lines) {
            if (line.seller_sku == row.seller_sku) {
                line.quantity += row.quantity;
                added = true;
            }
        }
        if (!added) {
            r.lines.push_back(
                {row.seller_sku, row.asin, row.quantity, row.reason, row.disposition});
        }
    }
    return out;
}

Result<std::string> line_key(const ReturnLine& line, const orders::ProductSettings& products) {
    if (products.identification == orders::Identification::asin) {
        if (line.asin.empty()) {
            return Error{Status::bad_input, "the return of SKU " + line.seller_sku +
                                                " has no ASIN (products are identified by ASIN)"};
        }
        return line.asin;
    }
    return orders::crop_sku(line.seller_sku, products.sku_crop);
}

Result<json::object> return_document(const HostReturn& r, std::string_view alias,
                                     std::string_view order_key,
                                     const std::map<std::string, std::string>& product_of,
                                     const orders::ProductSettings& products) {
    json::array lines;
    for (const auto& line : r.lines) {
        json::object l;
        if (const auto it = product_of.find(line.seller_sku); it != product_of.end()) {
            l["sku"] = it->second;
        } else {
            TRY_ASSIGN(auto key, line_key(line, products));
            l["sku"] = key;
        }
        l["quantity"] = line.quantity;
        if (!line.reason.empty()) {
            l["reason"] = line.reason;
        }
        if (!line.disposition.empty()) {
            l["disposition"] = line.disposition;
        }
        lines.push_back(std::move(l));
    }
    json::object doc;
    doc["store"] = alias;
    doc["order"] = order_key;
    doc["reference"] = r.amazon_order_id;
    doc["return_id"] = r.return_id;
    doc["returned_at"] = time::format_rfc3339(r.returned_at);
    if (!r.status.empty()) {
        doc["status"] = r.status;
    }
    doc["lines"] = std::move(lines);
    return doc;
}

} // namespace amzconn::returns
