// Units Amazon cancelled on some items, taken off the host order's lines.
#include "cancellations/line_reduction.hpp"

#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::cancellations;

namespace {

money::Decimal dec(const char* text) {
    return money::parse_decimal(text).value();
}

HostLine line(const char* sku, int64_t quantity, const char* price, const char* discount,
              const char* tax, std::vector<int64_t> assignments = {}) {
    return {sku, quantity, dec(price), dec(discount), dec(tax), std::move(assignments)};
}

// The lines as the host would hold them once the reduction is applied.
std::vector<HostLine> applied(std::vector<HostLine> lines, const LineReduction& r) {
    for (auto it = r.lines.rbegin(); it != r.lines.rend(); ++it) {
        auto& l = lines[it->index];
        if (it->quantity == 0) {
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(it->index));
            continue;
        }
        l.quantity = it->quantity;
        l.discount = it->discount;
        l.tax_amount = it->tax_amount;
        l.assignments = it->assignments;
    }
    return lines;
}

} // namespace

TEST_CASE("cancellations: a line keeps the units Amazon still holds and its exact share of "
          "discount and tax") {
    const std::vector<HostLine> lines{line("MUG-BLUE", 3, "9.99", "1.00", "5.00"),
                                      line("MUG-RED", 1, "4.50", "0", "0.90")};
    const auto r = reduce_lines(lines, {{"MUG-BLUE", 1}}).value();
    REQUIRE(r.lines.size() == 1);
    CHECK(r.lines[0].index == 0);
    CHECK(r.lines[0].quantity == 1);
    CHECK(money::to_string(r.lines[0].discount) == "0.33");
    CHECK(money::to_string(r.lines[0].tax_amount) == "1.67");
    CHECK(money::to_string(r.subtotal_off) == "19.31"); // 2 x 9.99 - (1.00 - 0.33)
    CHECK(money::to_string(r.tax_off) == "3.33");
    CHECK(r.units_off.at("MUG-BLUE") == 2);
}

TEST_CASE("cancellations: a SKU's last line gives up its units first and goes when none are left, "
          "its batches trimmed") {
    const std::vector<HostLine> lines{line("MUG-BLUE", 2, "10", "0", "2", {1, 1}),
                                      line("MUG-BLUE", 1, "10", "0", "1", {1}),
                                      line("MUG-RED", 1, "5", "0", "1")};
    const auto r = reduce_lines(lines, {{"MUG-BLUE", 1}}).value();
    REQUIRE(r.lines.size() == 2);
    CHECK(r.lines[0].index == 0);
    CHECK(r.lines[0].quantity == 1);
    CHECK(r.lines[0].assignments == std::vector<int64_t>{1});
    CHECK(r.lines[1].index == 1);
    CHECK(r.lines[1].quantity == 0);
    CHECK(money::to_string(r.subtotal_off) == "20");
    CHECK(money::to_string(r.tax_off) == "2");
    const auto after = applied(lines, r);
    REQUIRE(after.size() == 2);
    CHECK(after[1].sku == "MUG-RED");
}

TEST_CASE("cancellations: reducing lines again with the same Amazon quantities changes nothing") {
    const std::vector<HostLine> lines{line("MUG-BLUE", 5, "3.33", "0.10", "3.33"),
                                      line("MUG-RED", 2, "4", "0", "1.60")};
    const std::map<std::string, int64_t> kept{{"MUG-BLUE", 2}, {"MUG-RED", 1}};
    const auto first = reduce_lines(lines, kept).value();
    CHECK(first.lines.size() == 2);
    CHECK(reduce_lines(applied(lines, first), kept).value().empty());
    // Amazon holding more than the host (the host edited the line down itself): left alone.
    CHECK(reduce_lines(lines, {{"MUG-BLUE", 9}}).value().empty());
}

TEST_CASE("cancellations: a reduction that would leave the host order no line is not made") {
    const std::vector<HostLine> lines{line("MUG-BLUE", 2, "10", "0", "2")};
    CHECK(reduce_lines(lines, {{"MUG-BLUE", 0}}).value().empty());
}
