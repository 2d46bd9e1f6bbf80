// Units Amazon cancelled on some items taken off the host order's lines: each SKU keeps what Amazon
// still holds of it (ordered - cancelled), the last lines of the SKU give up their units first, and
// a reduced line keeps its exact share of its discount and tax. Absolute, so applying it again to
// the result changes nothing.
#pragma once

#include "base/money.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace amzconn::cancellations {

struct HostLine {
    std::string sku;
    int64_t quantity = 0;
    money::Decimal unit_price, discount, tax_amount;
    std::vector<int64_t> assignments; // batch/serial quantities, in the line's order
};

struct ReducedLine {
    size_t index = 0;     // into the host lines
    int64_t quantity = 0; // 0: the line goes
    money::Decimal discount, tax_amount;
    std::vector<int64_t> assignments; // trimmed from the end to the quantity
};

struct LineReduction {
    std::vector<ReducedLine> lines;           // only the lines that change
    money::Decimal subtotal_off, tax_off;     // what the order's totals lose
    std::map<std::string, int64_t> units_off; // per SKU, for the log line
    bool empty() const { return lines.empty(); }
};

// kept_by_sku: for each SKU Amazon cancelled units of, the units Amazon still holds. SKUs not named
// are left alone; a reduction that would leave the order with no line is not made (Amazon cancels
// such an order whole, and the import marks it cancelled).
Result<LineReduction> reduce_lines(const std::vector<HostLine>& lines,
                                   const std::map<std::string, int64_t>& kept_by_sku);

} // namespace amzconn::cancellations
