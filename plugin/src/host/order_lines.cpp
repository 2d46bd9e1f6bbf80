#include "host/order_lines.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

// A money field of a line; absent reads as zero (discount and tax are optional).
Result<money::Decimal> amount(const json::object& line, std::string_view key, size_t index) {
    const auto* v = line.if_contains(key);
    if (v == nullptr) {
        return money::Decimal{};
    }
    const auto parsed = v->is_string() ? money::parse_decimal(v->as_string())
                                       : Result<money::Decimal>(Error{Status::bad_input, ""});
    if (!parsed) {
        return Error{Status::bad_input, "sales_order.lines[" + std::to_string(index) + "]." +
                                            std::string(key) + " is not a decimal amount"};
    }
    return *parsed;
}

Result<cancellations::HostLine> read_line(const json::value& v, size_t index) {
    const auto* line = v.if_object();
    const auto* sku = line ? line->if_contains("sku") : nullptr;
    const auto* quantity = line ? line->if_contains("quantity") : nullptr;
    if (sku == nullptr || !sku->is_string() || quantity == nullptr || !quantity->is_int64()) {
        return Error{Status::bad_input, "sales_order.lines[" + std::to_string(index) +
                                            "] has no sku or no integer quantity"};
    }
    cancellations::HostLine out{
        std::string(sku->as_string()), quantity->as_int64(), {}, {}, {}, {}};
    TRY_ASSIGN(out.unit_price, amount(*line, "unit_price", index));
    TRY_ASSIGN(out.discount, amount(*line, "discount", index));
    TRY_ASSIGN(out.tax_amount, amount(*line, "tax_amount", index));
    if (const auto* a = line->if_contains("assignments"); a && a->is_array()) {
        for (const auto& each : a->as_array()) {
            const auto* q = each.is_object() ? each.as_object().if_contains("quantity") : nullptr;
            out.assignments.push_back(q && q->is_int64() ? q->as_int64() : 0);
        }
    }
    return out;
}

void write_line(json::object& line, const cancellations::ReducedLine& r) {
    line["quantity"] = r.quantity;
    if (line.contains("discount")) {
        line["discount"] = money::to_string(r.discount);
    }
    if (line.contains("tax_amount")) {
        line["tax_amount"] = money::to_string(r.tax_amount);
    }
    if (auto* a = line.if_contains("assignments"); a && a->is_array()) {
        auto& list = a->as_array();
        list.resize(r.assignments.size());
        for (size_t i = 0; i < list.size(); ++i) {
            list[i].as_object()["quantity"] = r.assignments[i];
        }
    }
}

Outcome take_off(json::object& totals, std::string_view key, const money::Decimal& off) {
    auto* v = totals.if_contains(key);
    if (v == nullptr || !v->is_string()) {
        return {};
    }
    TRY_ASSIGN(const auto now, money::parse_decimal(v->as_string()));
    TRY_ASSIGN(const auto left, money::subtract(now, off));
    *v = money::to_string(left);
    return {};
}

} // namespace

Result<std::vector<cancellations::HostLine>> read_order_lines(const json::object& doc) {
    const auto* lines = doc.if_contains("lines");
    if (lines == nullptr || !lines->is_array()) {
        return Error{Status::bad_input, "the sales_order has no lines"};
    }
    std::vector<cancellations::HostLine> out;
    for (size_t i = 0; i < lines->as_array().size(); ++i) {
        TRY_ASSIGN(auto line, read_line(lines->as_array()[i], i));
        out.push_back(std::move(line));
    }
    return out;
}

Outcome apply_line_reduction(json::object& doc, const cancellations::LineReduction& r) {
    if (r.empty()) {
        return {};
    }
    auto& lines = doc["lines"].as_array();
    for (auto it = r.lines.rbegin(); it != r.lines.rend(); ++it) {
        if (it->quantity == 0) {
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(it->index));
        } else {
            write_line(lines[it->index].as_object(), *it);
        }
    }
    if (auto* totals = doc.if_contains("totals"); totals && totals->is_object()) {
        TRY(take_off(totals->as_object(), "subtotal", r.subtotal_off));
        TRY(take_off(totals->as_object(), "tax", r.tax_off));
        TRY_ASSIGN(const auto both, money::add(r.subtotal_off, r.tax_off));
        TRY(take_off(totals->as_object(), "total", both));
    }
    return {};
}

} // namespace amzconn::plugin
