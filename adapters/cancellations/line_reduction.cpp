#include "cancellations/line_reduction.hpp"

#include <algorithm>
#include <limits>

namespace amzconn::cancellations {

namespace {

// The part of a line's amount that `kept` of its `quantity` units keep: exact, by largest
// remainder, so the kept and the cancelled parts add up to the amount to the last unit.
Result<money::Decimal> kept_share(const money::Decimal& amount, int64_t kept, int64_t quantity) {
    if (kept == quantity || amount.units == 0) {
        return amount;
    }
    if (kept == 0) {
        return money::Decimal{0, amount.scale};
    }
    const bool negative = amount.units < 0;
    const int64_t weights[] = {kept, quantity - kept};
    TRY_ASSIGN(const auto parts, money::allocate(negative ? -amount.units : amount.units, weights));
    return money::Decimal{negative ? -parts[0] : parts[0], amount.scale};
}

Result<money::Decimal> times(const money::Decimal& amount, int64_t count) {
    const __int128 product = static_cast<__int128>(amount.units) * count;
    if (product > std::numeric_limits<int64_t>::max() ||
        product < std::numeric_limits<int64_t>::min()) {
        return Error{Status::bad_input, "a line's amount times its quantity does not fit"};
    }
    return money::Decimal{static_cast<int64_t>(product), amount.scale};
}

std::vector<int64_t> trimmed(std::vector<int64_t> assignments, int64_t quantity) {
    int64_t left = quantity;
    std::vector<int64_t> out;
    for (const auto units : assignments) {
        if (left <= 0) {
            break;
        }
        out.push_back(std::min(units, left));
        left -= out.back();
    }
    return out;
}

// The units each line keeps once every named SKU is down to what Amazon still holds of it.
std::vector<int64_t> kept_units(const std::vector<HostLine>& lines,
                                const std::map<std::string, int64_t>& kept_by_sku,
                                std::map<std::string, int64_t>& units_off) {
    std::vector<int64_t> kept(lines.size());
    std::transform(lines.begin(), lines.end(), kept.begin(),
                   [](const HostLine& l) { return l.quantity; });
    for (const auto& [sku, amazon_kept] : kept_by_sku) {
        int64_t held = 0;
        for (const auto& line : lines) {
            held += line.sku == sku ? line.quantity : 0;
        }
        int64_t excess = held - std::max<int64_t>(amazon_kept, 0);
        for (size_t i = lines.size(); i-- > 0 && excess > 0;) {
            if (lines[i].sku == sku) {
                const int64_t take = std::min(excess, kept[i]);
                kept[i] -= take;
                excess -= take;
                units_off[sku] += take;
            }
        }
    }
    return kept;
}

Result<ReducedLine> reduced(const HostLine& line, size_t index, int64_t quantity,
                            LineReduction& out) {
    ReducedLine r{index, quantity, {}, {}, trimmed(line.assignments, quantity)};
    TRY_ASSIGN(r.discount, kept_share(line.discount, quantity, line.quantity));
    TRY_ASSIGN(r.tax_amount, kept_share(line.tax_amount, quantity, line.quantity));
    TRY_ASSIGN(const auto price_off, times(line.unit_price, line.quantity - quantity));
    TRY_ASSIGN(const auto discount_off, money::subtract(line.discount, r.discount));
    TRY_ASSIGN(const auto line_off, money::subtract(price_off, discount_off));
    TRY_ASSIGN(out.subtotal_off, money::add(out.subtotal_off, line_off));
    TRY_ASSIGN(const auto tax_off, money::subtract(line.tax_amount, r.tax_amount));
    TRY_ASSIGN(out.tax_off, money::add(out.tax_off, tax_off));
    return r;
}

} // namespace

Result<LineReduction> reduce_lines(const std::vector<HostLine>& lines,
                                   const std::map<std::string, int64_t>& kept_by_sku) {
    LineReduction out;
    const auto kept = kept_units(lines, kept_by_sku, out.units_off);
    if (std::all_of(kept.begin(), kept.end(), [](int64_t k) { return k == 0; })) {
        return LineReduction{};
    }
    for (size_t i = 0; i < lines.size(); ++i) {
        if (kept[i] != lines[i].quantity) {
            TRY_ASSIGN(auto line, reduced(lines[i], i, kept[i], out));
            out.lines.push_back(std::move(line));
        }
    }
    return out;
}

} // namespace amzconn::cancellations
