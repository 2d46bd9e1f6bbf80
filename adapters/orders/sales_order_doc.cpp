#include "orders/sales_order_doc.hpp"

#include "orders/consolidation.hpp"
#include "orders/json_build.hpp"
#include "orders/metadata.hpp"

#include <boost/json.hpp>

namespace amzconn::orders {

namespace bj = boost::json;

namespace {

// An amount of the plan emplaced as its decimal text, written on the stack (no string between).
void emplace_amount(bj::object& o, bj::string_view key, const MoneyPlan& money, int64_t units) {
    char text[money::k_decimal_text_size];
    const size_t n = money::write_text(money::Decimal{units, money.scale}, text);
    o.emplace(key, bj::string_view(text, n));
}

bj::array assignments_json(const std::vector<Assignment>& assignments,
                           const bj::storage_ptr& storage) {
    bj::array out(storage);
    out.reserve(assignments.size());
    for (const auto& as : assignments) {
        bj::object o(storage);
        o.reserve(2);
        if (as.batch) {
            o.emplace("batch", *as.batch);
        } else {
            o.emplace("serial", *as.serial);
        }
        o.emplace("quantity", as.quantity);
        out.push_back(std::move(o));
    }
    return out;
}

bj::object line_json(const SalesOrderParts& parts, size_t index) {
    const MoneyPlan& money = parts.money;
    const auto& l = money.lines[index];
    const auto& item = parts.order.order_items[l.item_index];
    const auto& resolved = parts.resolution.items[l.item_index];
    bj::object line(parts.storage);
    line.reserve(11); // every key below: the table never grows
    line.emplace("product", resolved.product->code);
    line.emplace("sku", item.product.seller_sku ? *item.product.seller_sku : resolved.key);
    const std::string_view title =
        item.product.title ? std::string_view(*item.product.title) : std::string_view();
    // In a consolidated order each line names the Amazon order it came from.
    if (parts.consolidated) {
        line.emplace("description", parts.order.order_id + ": " + std::string(title));
    } else {
        line.emplace("description", bj::string_view(title.data(), title.size()));
    }
    line.emplace("quantity", l.quantity);
    emplace_amount(line, "unit_price", money, l.unit_price);
    emplace_amount(line, "discount", money, l.discount);
    if (l.tax_rate) {
        line.emplace("tax_rate", *l.tax_rate);
    }
    if (l.tax_code) {
        line.emplace("tax_code", *l.tax_code);
    }
    if (l.tax) {
        emplace_amount(line, "tax_amount", money, *l.tax);
    }
    if (!parts.assignments[index].empty()) {
        line.emplace("assignments", assignments_json(parts.assignments[index], parts.storage));
    }
    return line;
}

bj::array charges_json(const SalesOrderParts& parts) {
    bj::array charges(parts.storage);
    charges.reserve(parts.money.charges.size());
    for (const auto& c : parts.money.charges) {
        bj::object o(parts.storage);
        o.reserve(7);
        o.emplace("kind", c.kind);
        o.emplace("description",
                  parts.consolidated ? parts.order.order_id + ": " + c.description : c.description);
        emplace_amount(o, "amount", parts.money, c.amount);
        if (c.tax) {
            emplace_amount(o, "tax_amount", parts.money, *c.tax);
        }
        if (c.tax_rate) {
            o.emplace("tax_rate", *c.tax_rate);
        }
        if (c.tax_code) {
            o.emplace("tax_code", *c.tax_code);
        }
        if (parts.store.taxes.charges_sales_account) {
            o.emplace("account", *parts.store.taxes.charges_sales_account);
        }
        charges.push_back(std::move(o));
    }
    return charges;
}

// The metadata Amazon's order carries, narrowed to the day's facts for a consolidated order.
MetadataList order_facts(const SalesOrderParts& parts) {
    MetadataList meta = order_metadata(parts.order, parts.store);
    if (!parts.consolidated) {
        return meta;
    }
    // Per-order facts (windows, PO numbers) belong to the lines' orders, not the day's order.
    MetadataList kept;
    for (const char* k : {"store", "marketplace", "amazon_fulfillment_channel"}) {
        kept[k] = meta[k];
    }
    const std::string& key = parts.idempotency_key;
    kept["consolidated_date"] = key.substr(key.size() - 14, 10);
    kept[k_order_ids_key] = parts.order.order_id;
    return kept;
}

bj::object metadata_json(const SalesOrderParts& parts) {
    const MoneyPlan& money = parts.money;
    MetadataList meta = order_facts(parts);
    meta["prices_include_tax"] = money.prices_include_tax ? "true" : "false";
    if (money.vat) {
        const auto& key = parts.store.taxes.vat_metadata_key;
        meta[key ? std::string_view(*key) : std::string_view("vat_tax")] = money.text(*money.vat);
    }
    if (money.facilitator_tax != 0 || money.facilitator_party) {
        meta["tax_collected_by_amazon"] = "true";
        meta["marketplace_facilitator_tax"] = money.text(money.facilitator_tax);
        if (money.facilitator_party) {
            meta["tax_responsible_party"] = *money.facilitator_party;
        }
    }
    if (parts.store.taxes.mode == TaxMode::ignore && money.excluded_tax != 0) {
        meta["amazon_tax_ignored"] = money.text(money.excluded_tax);
    }
    if (money.residual) {
        meta["reconciliation_residual"] = money.text(*money.residual);
    }
    const auto entries = meta.in_key_order();
    bj::object m(parts.storage);
    m.reserve(entries.size());
    for (const auto* entry : entries) {
        m.emplace(entry->first, entry->second); // each key once
    }
    return m;
}

bj::object totals_json(const MoneyPlan& money, const bj::storage_ptr& storage) {
    bj::object totals(storage);
    totals.reserve(4);
    emplace_amount(totals, "subtotal", money, money.subtotal);
    emplace_amount(totals, "charges", money, money.charges_total);
    emplace_amount(totals, "tax", money, money.tax_total);
    emplace_amount(totals, "total", money, money.total);
    return totals;
}

} // namespace

bj::object sales_order_doc(const SalesOrderParts& parts) {
    const auto& order = parts.order;
    bj::object doc(parts.storage);
    doc.reserve(16); // every key below: the table never grows
    doc.emplace("idempotency_key", parts.idempotency_key);
    doc.emplace("store", parts.store.alias);
    doc.emplace("reference", parts.consolidated ? parts.idempotency_key : order.order_id);
    doc.emplace("customer", parts.customer);
    doc.emplace("status", parts.status);
    doc.emplace("warehouse", parts.warehouse);
    if (parts.channel.sales_group) {
        doc.emplace("sales_group", *parts.channel.sales_group);
    }
    if (parts.channel.folder) {
        doc.emplace("folder", *parts.channel.folder);
    }
    doc.emplace("order_date", time::format_rfc3339(order.created_time));
    doc.emplace("currency", parts.money.currency);
    bj::array lines(parts.storage);
    lines.reserve(parts.money.lines.size());
    for (size_t i = 0; i < parts.money.lines.size(); ++i) {
        lines.push_back(line_json(parts, i));
    }
    doc.emplace("lines", std::move(lines));
    if (!parts.money.charges.empty()) {
        doc.emplace("charges", charges_json(parts));
    }
    const auto& recipient = order.recipient;
    if (!parts.consolidated && recipient && recipient->delivery_address &&
        recipient->delivery_address->country_code &&
        !recipient->delivery_address->country_code->empty()) {
        doc.emplace("ship_to", address_json(*recipient->delivery_address, parts.storage));
    }
    doc.emplace("metadata", metadata_json(parts));
    doc.emplace("totals", totals_json(parts.money, parts.storage));
    return doc;
}

} // namespace amzconn::orders
