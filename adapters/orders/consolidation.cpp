#include "orders/consolidation.hpp"

#include "base/money.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <utility>

namespace amzconn::orders {

namespace bj = boost::json;

namespace {

std::vector<std::string> split_ids(std::string_view text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = text.find(',', start);
        const auto piece =
            text.substr(start, comma == std::string_view::npos ? comma : comma - start);
        if (!piece.empty()) {
            out.emplace_back(piece);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

Result<std::string> add_text(const bj::value* a, const bj::value* b, std::string_view what) {
    const auto text = [](const bj::value* v) -> std::string_view {
        return v != nullptr && v->is_string() ? std::string_view(v->as_string()) : "0";
    };
    auto x = money::parse_decimal(text(a));
    auto y = money::parse_decimal(text(b));
    if (!x.ok() || !y.ok()) {
        return Error{Status::bad_input, std::string(what) + " is not a decimal string"};
    }
    auto sum = money::add(*x, *y);
    if (!sum.ok()) {
        return Error{Status::bad_input, std::string(what) + ": " + sum.error().message};
    }
    return money::to_string(*sum);
}

} // namespace

std::vector<std::string> consolidation_summed_keys(const OrderSettings& store) {
    return {store.taxes.vat_metadata_key ? *store.taxes.vat_metadata_key : std::string("vat_tax"),
            "marketplace_facilitator_tax", "amazon_tax_ignored", "reconciliation_residual"};
}

namespace {

// Both documents belong to the same consolidated order in the same currency.
Outcome same_day_order(const bj::object& base, const bj::object& add) {
    for (const char* k : {"idempotency_key", "currency"}) {
        const auto* a = base.if_contains(k);
        const auto* b = add.if_contains(k);
        if (a == nullptr || b == nullptr || *a != *b) {
            return Error{Status::bad_input, std::string("cannot merge: ") + k + " differs"};
        }
    }
    return {};
}

// The day's order ids with the addition's appended; nullopt when it holds every one already.
std::optional<std::string> merged_ids(const bj::object& meta, const bj::value& add_ids) {
    std::vector<std::string> ids;
    if (const auto* have = meta.if_contains(k_order_ids_key); have && have->is_string()) {
        ids = split_ids(have->as_string());
    }
    bool changed = false;
    for (const auto& id : split_ids(add_ids.as_string())) {
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
            continue;
        }
        changed = true;
        ids.push_back(id);
    }
    if (!changed) {
        return std::nullopt;
    }
    std::string joined;
    for (const auto& id : ids) {
        joined += (joined.empty() ? "" : ",") + id;
    }
    return joined;
}

void append_lists(bj::object& to, const bj::object& from) {
    for (const char* list : {"lines", "charges"}) {
        if (const auto* more = from.if_contains(list); more && more->is_array()) {
            if (!to[list].is_array()) {
                to[list] = bj::array();
            }
            for (const auto& v : more->as_array()) {
                to[list].as_array().push_back(v);
            }
        }
    }
}

Outcome add_totals(bj::object& to, const bj::object& from) {
    const auto* t = from.if_contains("totals");
    if (t == nullptr || !t->is_object()) {
        return {};
    }
    if (!to["totals"].is_object()) {
        to["totals"] = bj::object();
    }
    bj::object& tt = to["totals"].as_object();
    for (const char* k : {"subtotal", "charges", "tax", "total"}) {
        TRY_ASSIGN(tt[k], add_text(tt.if_contains(k), t->as_object().if_contains(k), k));
    }
    return {};
}

} // namespace

Result<MergeOutcome> merge_consolidated(bj::object existing, const bj::object& addition,
                                        const std::vector<std::string>& summed_keys) {
    TRY(same_day_order(existing, addition));
    bj::object& to = existing;
    const bj::object& from = addition;
    if (!to["metadata"].is_object()) {
        to["metadata"] = bj::object();
    }
    bj::object& meta = to["metadata"].as_object();
    const bj::object* add_meta =
        from.if_contains("metadata") ? from.at("metadata").if_object() : nullptr;
    const bj::value* add_ids = add_meta ? add_meta->if_contains(k_order_ids_key) : nullptr;
    if (add_ids == nullptr || !add_ids->is_string()) {
        return Error{Status::bad_input, "the order to merge names no amazon_order_ids"};
    }
    auto ids = merged_ids(meta, *add_ids);
    if (!ids) {
        return MergeOutcome{std::move(existing), false};
    }
    meta[k_order_ids_key] = *ids;
    for (const auto& k : summed_keys) {
        if (add_meta->contains(k)) {
            TRY_ASSIGN(meta[k], add_text(meta.if_contains(k), add_meta->if_contains(k), k));
        }
    }
    append_lists(to, from);
    TRY(add_totals(to, from));
    return MergeOutcome{std::move(existing), true};
}

} // namespace amzconn::orders
