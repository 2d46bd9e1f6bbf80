// Amazon's two returns reports as return records: the merchant-fulfilled returns
// (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE) and the FBA customer returns
// (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA), tab-separated with Amazon's header names. A bad row
// is a problem naming its line; the other rows are still read.
#pragma once

#include "amzconn/result.hpp"
#include "base/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::returns {

enum class Channel { mfn, fba };

inline constexpr std::string_view k_mfn_report = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE";
inline constexpr std::string_view k_fba_report = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA";

std::string_view report_type(Channel channel);
// "mfn" / "fba": state keys and messages.
std::string_view channel_name(Channel channel);

// One row of a returns report: one SKU of one return.
struct ReturnRow {
    size_t line = 0; // 1-based line of the report (the header is line 1)
    std::string amazon_order_id;
    std::string rma_id;        // MFN: Amazon RMA ID; FBA: empty
    std::string license_plate; // FBA: license-plate-number; MFN: empty
    time::Timestamp returned_at;
    std::string seller_sku;
    std::string asin;
    int64_t quantity = 0;
    std::string reason;
    std::string disposition; // FBA detailed-disposition; MFN: empty (Amazon reports none)
    std::string status;      // MFN Return request status; FBA status
};

struct RowProblem {
    size_t line = 0;
    std::string message; // names the column; never buyer data
};

struct ParsedReturns {
    std::vector<ReturnRow> rows;
    std::vector<RowProblem> problems;
};

// The whole report fails only when its header lacks a column the rows need (the message names
// them); rows with a wrong field count, no order id, RMA id or SKU, a bad date or quantity are
// problems. An empty text (no header) is an empty report.
Result<ParsedReturns> parse_returns_report(std::string_view text, Channel channel);

// Amazon's report dates: RFC 3339, "YYYY-MM-DD hh:mm:ss UTC", or a bare date (its midnight UTC).
Result<time::Timestamp> parse_report_date(std::string_view text);

} // namespace amzconn::returns
