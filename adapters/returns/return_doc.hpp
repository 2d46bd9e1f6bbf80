// Return records to host `return` documents (sdk/docs/entities.md): one return per merchant RMA
// (its SKUs as lines) or per FBA row, its stable id and idempotency key, each line's SKU through
// the store's product identity and crop as order import maps order items.
#pragma once

#include "orders/settings.hpp"
#include "returns/returns_report.hpp"

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

namespace amzconn::returns {

struct ReturnLine {
    std::string seller_sku;
    std::string asin;
    int64_t quantity = 0;
    std::string reason;
    std::string disposition;
};

// One return as the host receives it.
struct HostReturn {
    Channel channel = Channel::mfn;
    std::string amazon_order_id;
    // Stable across reports: the Amazon RMA ID (MFN), or order + SKU + return date + licence plate
    // (FBA, whose report has no RMA id).
    std::string return_id;
    time::Timestamp returned_at;
    std::string status;
    std::vector<ReturnLine> lines;
    std::vector<size_t> report_lines; // where it came from, for messages
};

// The return id of a row (see HostReturn::return_id).
std::string return_id(Channel channel, const ReturnRow& row);

// The entity key: store + ":" + return id.
std::string return_key(std::string_view alias, std::string_view return_id);

// Rows to returns, in the order of their first row. MFN rows of one RMA become one return (a SKU
// listed twice adds up); each FBA row is a return of its own.
std::vector<HostReturn> group_returns(Channel channel, const std::vector<ReturnRow>& rows);

// The key a line's SKU is looked up by: the Seller SKU after the crop rules, or the ASIN when the
// store identifies products by ASIN. Fails for a bad crop pattern or a missing ASIN.
Result<std::string> line_key(const ReturnLine& line, const orders::ProductSettings& products);

// The host `return` document. `order_key` is the imported order's idempotency key; `product_of`
// maps a Seller SKU to the product code the order's line carries (the sales order's lines), so
// the return names the same product; a SKU absent from it goes through line_key.
Result<boost::json::object> return_document(const HostReturn& r, std::string_view alias,
                                            std::string_view order_key,
                                            const std::map<std::string, std::string>& product_of,
                                            const orders::ProductSettings& products);

} // namespace amzconn::returns
