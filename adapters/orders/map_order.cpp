#include "orders/map_order.hpp"

#include "amzconn/entities.hpp"
#include "orders/channel_status.hpp"
#include "orders/consolidation.hpp"
#include "orders/customers.hpp"
#include "orders/filters.hpp"
#include "orders/fulfilment.hpp"
#include "orders/json_build.hpp"
#include "orders/metadata.hpp"
#include "orders/order_money.hpp"
#include "orders/products.hpp"

#include <boost/json.hpp>

namespace amzconn::orders {

using spapi::orders::Order;

std::string idempotency_key(const config::StoreConfig& store, const Order& order) {
    return store.alias + ":" + order.order_id;
}

namespace {

MapResult skip(SkipKind kind, std::string filter, std::string reason, std::vector<LogNote> notes) {
    MapResult r{SkipPlan{kind, std::move(filter), std::move(reason)}, std::move(notes)};
    return r;
}

MapResult park(const Order& order, std::string reason, std::string fix, std::string path,
               std::vector<LogNote> notes) {
    notes.push_back(LogNote{NoteLevel::error, "order " + order.order_id + " parked: " + reason +
                                                  " (" + path + "): " + fix});
    return MapResult{ParkPlan{std::move(reason), std::move(fix), std::move(path)},
                     std::move(notes)};
}

std::string product_json(const ProductToCreate& p) {
    boost::json::object o;
    o["code"] = p.code;
    o["description"] = p.description;
    if (!p.attributes.empty()) {
        boost::json::object a;
        for (const auto& [k, v] : p.attributes) {
            a[k] = v;
        }
        o["attributes"] = std::move(a);
    }
    o["is_assembly"] = false;
    o["tracking"] = "none";
    return boost::json::serialize(o);
}

std::string vat_key(const config::StoreConfig& store) {
    return store.taxes.vat_metadata_key ? *store.taxes.vat_metadata_key : std::string("vat_tax");
}

} // namespace

namespace {

// Amazon's text (SKUs, ids, titles) reaches log lines: control characters are escaped so a
// value cannot forge a line of its own (CWE-117).
std::string log_safe(std::string text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            static constexpr char k_hex[] = "0123456789abcdef";
            out += "\\x";
            out += k_hex[u >> 4];
            out += k_hex[u & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

MapResult finish(MapResult r) {
    for (auto& n : r.notes) {
        n.message = log_safe(std::move(n.message));
    }
    if (auto* s = std::get_if<SkipPlan>(&r.decision)) {
        s->reason = log_safe(std::move(s->reason));
    } else if (auto* w = std::get_if<WaitPlan>(&r.decision)) {
        w->reason = log_safe(std::move(w->reason));
    } else if (auto* i = std::get_if<ImportPlan>(&r.decision)) {
        i->summary = log_safe(std::move(i->summary));
    } else if (auto* u = std::get_if<UpdatePlan>(&r.decision)) {
        u->reason = log_safe(std::move(u->reason));
    } else if (auto* p = std::get_if<ParkPlan>(&r.decision)) {
        p->reason = log_safe(std::move(p->reason));
        p->fix = log_safe(std::move(p->fix));
    }
    return r;
}

MapResult map_unsafe(const Order& order, const config::StoreConfig& store, const HostView& host);

} // namespace

MapResult map_order(const Order& order, const config::StoreConfig& store, const HostView& host) {
    return finish(map_unsafe(order, store, host));
}

namespace {

MapResult map_unsafe(const Order& order, const config::StoreConfig& store, const HostView& host) {
    std::vector<LogNote> notes;
    const std::string key = idempotency_key(store, order);

    if (host.existing_status) {
        const auto& existing_cfg = channel_config(store, channel_of(order));
        if (existing_cfg.consolidation == config::Consolidation::daily &&
            existing_cfg.customer.strategy == config::CustomerStrategy::single_customer) {
            // One Amazon order must never cancel or ship the whole day's consolidated order.
            std::string reason = "the order is part of a consolidated daily order; its status "
                                 "changes are not applied to the consolidated order";
            notes.push_back(
                LogNote{NoteLevel::debug, "order " + order.order_id + " unchanged: " + reason});
            return skip(SkipKind::unchanged, {}, std::move(reason), std::move(notes));
        }
        auto d = decide_existing(order, *host.existing_status);
        if (d.to_status) {
            // The engine logs the update with its reason once it is written.
            return MapResult{UpdatePlan{key, *host.existing_status, *d.to_status, d.reason},
                             std::move(notes)};
        }
        notes.push_back(
            LogNote{NoteLevel::debug, "order " + order.order_id + " unchanged: " + d.reason});
        return skip(SkipKind::unchanged, {}, d.reason, std::move(notes));
    }

    const auto admission = admit_new_order(order, store);
    const Channel channel = channel_of(order);
    const auto& cfg = channel_config(store, channel);
    if (admission.admission == Admission::wait) {
        notes.push_back(
            LogNote{NoteLevel::debug, "order " + order.order_id + " waits: " + admission.reason});
        return MapResult{WaitPlan{admission.reason}, std::move(notes)};
    }
    if (admission.admission == Admission::skip) {
        const bool disabled = !cfg.enabled;
        notes.push_back(
            LogNote{NoteLevel::debug, "order " + order.order_id + " skipped: " + admission.reason});
        return skip(disabled ? SkipKind::filter : SkipKind::status, disabled ? "channel" : "",
                    admission.reason, std::move(notes));
    }

    for (auto hit : {start_date_filter(order, store.filters), country_filter(order, store.filters),
                     program_filter(order, store.filters)}) {
        if (hit) {
            notes.push_back(LogNote{NoteLevel::debug, "order " + order.order_id +
                                                          " skipped by filter " + hit->filter +
                                                          ": " + hit->reason});
            return skip(SkipKind::filter, hit->filter, hit->reason, std::move(notes));
        }
    }
    if (order.order_items.empty()) {
        return park(order, "the order has no items",
                    "check the order in Seller Central, then "
                    "run retry_failed_orders",
                    "orderItems", std::move(notes));
    }

    const Resolution resolution = resolve_products(order, store.products, host);
    if (resolution.problem) {
        return park(order, resolution.problem->reason, resolution.problem->fix,
                    resolution.problem->path, std::move(notes));
    }
    std::vector<std::optional<std::string>> codes;
    std::vector<std::optional<money::Decimal>> rates;
    for (const auto& item : resolution.items) {
        codes.push_back(item.product ? std::optional<std::string>(item.product->code)
                                     : std::nullopt);
        rates.push_back(item.product ? item.product->tax_rate : std::nullopt);
    }
    if (auto hit = inventory_location_filter(order, codes, store.filters, host)) {
        notes.push_back(LogNote{NoteLevel::debug, "order " + order.order_id +
                                                      " skipped by filter " + hit->filter + ": " +
                                                      hit->reason});
        return skip(SkipKind::filter, hit->filter, hit->reason, std::move(notes));
    }

    const auto warehouse = warehouse_for(store, channel, host);
    const std::string channel_key = channel == Channel::fba ? "fba" : "fbm";
    if (!warehouse) {
        return park(order, "no warehouse for " + std::string(channel_code(channel)) + " orders",
                    "set orders." + channel_key +
                        ".warehouse in the store config or a default "
                        "warehouse in the host, then run retry_failed_orders",
                    "orders." + channel_key + ".warehouse", std::move(notes));
    }

    const MoneyOutcome priced = price_order(order, store, rates);
    if (priced.problem) {
        return park(order, priced.problem->reason, priced.problem->fix, priced.problem->path,
                    std::move(notes));
    }
    const MoneyPlan& money_plan = *priced.plan;

    auto customer = choose_customer(order, store, channel, money_plan.currency, host);
    if (!customer.ok()) {
        return park(order, customer.error().message,
                    "set orders." + channel_key + ".customer.code, then run retry_failed_orders",
                    "orders." + channel_key + ".customer.code", std::move(notes));
    }

    // Demands per priced line (a split line is two demands of one product).
    std::vector<Demand> demands;
    std::vector<Tracking> tracking;
    for (const auto& line : money_plan.lines) {
        const auto& item = resolution.items[line.item_index];
        demands.push_back(Demand{item.product->code, line.quantity});
        tracking.push_back(item.product->tracking);
    }
    const StatusChoice status = host_status_for(cfg.host_status, demands, *warehouse, host);
    if (status.fell_back) {
        notes.push_back(LogNote{NoteLevel::info, "order " + order.order_id + ": " + status.reason});
    }
    std::vector<std::string> short_notes;
    const auto assignments =
        channel == Channel::fbm
            ? assign_lots(cfg.auto_assign, demands, tracking, *warehouse, host, short_notes)
            : std::vector<std::vector<Assignment>>(demands.size());
    for (const auto& s : short_notes) {
        notes.push_back(LogNote{NoteLevel::info, "order " + order.order_id + ": " + s});
    }

    const bool consolidated = cfg.consolidation == config::Consolidation::daily &&
                              cfg.customer.strategy == config::CustomerStrategy::single_customer;
    // Amazon shipped an FBA order itself: it enters the host shipped unless the configured status
    // is completed (final), exactly as a later re-read would move it (decide_existing); a
    // consolidated day order keeps its own status.
    const bool shipped_by_amazon =
        channel == Channel::fba && !consolidated && order.fulfillment &&
        order.fulfillment->fulfillment_status == spapi::orders::FulfillmentStatus::shipped;
    const std::string host_status =
        shipped_by_amazon && status.status != "completed" ? std::string("shipped") : status.status;
    ImportPlan plan;
    plan.consolidated = consolidated;
    plan.idempotency_key = consolidated ? consolidated_key(store.alias, channel, order.created_time,
                                                           money_plan.currency)
                                        : key;
    plan.host_status = host_status;
    plan.fell_back_to_backordered = status.fell_back;
    plan.finer_than_currency = money_plan.finer_than_currency;

    namespace bj = boost::json;
    bj::object doc;
    doc["idempotency_key"] = plan.idempotency_key;
    doc["store"] = store.alias;
    doc["reference"] = consolidated ? plan.idempotency_key : order.order_id;
    doc["customer"] = customer->code;
    doc["status"] = host_status;
    doc["warehouse"] = *warehouse;
    if (cfg.sales_group) {
        doc["sales_group"] = *cfg.sales_group;
    }
    if (cfg.folder) {
        doc["folder"] = *cfg.folder;
    }
    doc["order_date"] = time::format_rfc3339(order.created_time);
    doc["currency"] = money_plan.currency;
    bj::array lines;
    for (size_t i = 0; i < money_plan.lines.size(); ++i) {
        const auto& l = money_plan.lines[i];
        const auto& item = order.order_items[l.item_index];
        bj::object line;
        line["product"] = resolution.items[l.item_index].product->code;
        line["sku"] =
            item.product.seller_sku ? *item.product.seller_sku : resolution.items[l.item_index].key;
        const std::string title = item.product.title ? *item.product.title : std::string();
        // In a consolidated order each line names the Amazon order it came from.
        line["description"] = consolidated ? order.order_id + ": " + title : title;
        line["quantity"] = l.quantity;
        line["unit_price"] = money_plan.text(l.unit_price);
        line["discount"] = money_plan.text(l.discount);
        if (l.tax_rate) {
            line["tax_rate"] = *l.tax_rate;
        }
        if (l.tax_code) {
            line["tax_code"] = *l.tax_code;
        }
        if (l.tax) {
            line["tax_amount"] = money_plan.text(*l.tax);
        }
        if (!assignments[i].empty()) {
            bj::array a;
            for (const auto& as : assignments[i]) {
                bj::object o;
                if (as.batch) {
                    o["batch"] = *as.batch;
                } else {
                    o["serial"] = *as.serial;
                }
                o["quantity"] = as.quantity;
                a.push_back(std::move(o));
            }
            line["assignments"] = std::move(a);
        }
        lines.push_back(std::move(line));
    }
    doc["lines"] = std::move(lines);
    if (!money_plan.charges.empty()) {
        bj::array charges;
        for (const auto& c : money_plan.charges) {
            bj::object o;
            o["kind"] = c.kind;
            o["description"] = consolidated ? order.order_id + ": " + c.description : c.description;
            o["amount"] = money_plan.text(c.amount);
            if (c.tax) {
                o["tax_amount"] = money_plan.text(*c.tax);
            }
            if (store.taxes.charges_sales_account) {
                o["account"] = *store.taxes.charges_sales_account;
            }
            charges.push_back(std::move(o));
        }
        doc["charges"] = std::move(charges);
    }
    if (!consolidated && order.recipient && order.recipient->delivery_address &&
        order.recipient->delivery_address->country_code &&
        !order.recipient->delivery_address->country_code->empty()) {
        doc["ship_to"] = address_json(*order.recipient->delivery_address);
    }

    std::map<std::string, std::string> meta = order_metadata(order, store);
    if (consolidated) {
        // Per-order facts (windows, PO numbers) belong to the lines' orders, not the day's order.
        std::map<std::string, std::string> kept;
        for (const char* k : {"store", "marketplace", "amazon_fulfillment_channel"}) {
            kept[k] = meta[k];
        }
        meta = std::move(kept);
        meta["consolidated_date"] =
            plan.idempotency_key.substr(plan.idempotency_key.size() - 14, 10);
        meta[std::string(k_order_ids_key)] = order.order_id;
    }
    meta["prices_include_tax"] = money_plan.prices_include_tax ? "true" : "false";
    if (money_plan.vat) {
        meta[vat_key(store)] = money_plan.text(*money_plan.vat);
    }
    if (money_plan.facilitator_tax != 0 || money_plan.facilitator_party) {
        meta["tax_collected_by_amazon"] = "true";
        meta["marketplace_facilitator_tax"] = money_plan.text(money_plan.facilitator_tax);
        if (money_plan.facilitator_party) {
            meta["tax_responsible_party"] = *money_plan.facilitator_party;
        }
    }
    if (store.taxes.mode == config::TaxMode::ignore && money_plan.excluded_tax != 0) {
        meta["amazon_tax_ignored"] = money_plan.text(money_plan.excluded_tax);
    }
    if (money_plan.residual) {
        meta["reconciliation_residual"] = money_plan.text(*money_plan.residual);
    }
    bj::object m;
    for (const auto& [k, v] : meta) {
        m[k] = v;
    }
    doc["metadata"] = std::move(m);
    bj::object totals;
    totals["subtotal"] = money_plan.text(money_plan.subtotal);
    totals["charges"] = money_plan.text(money_plan.charges_total);
    totals["tax"] = money_plan.text(money_plan.tax_total);
    totals["total"] = money_plan.text(money_plan.total);
    doc["totals"] = std::move(totals);
    plan.sales_order_json = bj::serialize(doc);

    if (auto valid = validate_entity("sales_order", plan.sales_order_json); !valid.ok()) {
        // A value Amazon sent that the host cannot hold (e.g. an empty SKU); the message names
        // document paths only.
        return park(order, "the host order would be invalid: " + valid.error().message,
                    "check the order's items in Seller Central, then run retry_failed_orders",
                    "orderItems", std::move(notes));
    }

    if (customer->upsert) {
        plan.customer_json = customer_json(*customer->upsert);
    }
    for (const auto& item : resolution.items) {
        if (item.create) {
            bool seen = false;
            for (const auto& p : plan.products_json) {
                seen = seen || p.find("\"code\":" + bj::serialize(bj::value(item.create->code))) !=
                                   std::string::npos;
            }
            if (!seen) {
                plan.products_json.push_back(product_json(*item.create));
                notes.push_back(
                    LogNote{NoteLevel::info,
                            "order " + order.order_id + ": creates product " + item.create->code});
            }
        }
    }

    plan.reconciliation.host_total = money_plan.text(money_plan.total);
    plan.reconciliation.excluded_tax = money_plan.text(money_plan.excluded_tax);
    if (money_plan.amazon_total) {
        plan.reconciliation.amazon_total = money_plan.text(*money_plan.amazon_total);
    }
    if (money_plan.residual) {
        plan.reconciliation.residual = money_plan.text(*money_plan.residual);
        notes.push_back(LogNote{
            NoteLevel::info, "order " + order.order_id + ": Amazon total " +
                                 *plan.reconciliation.amazon_total + " " + money_plan.currency +
                                 " differs from the host order " + plan.reconciliation.host_total +
                                 " + excluded tax " + plan.reconciliation.excluded_tax + " by " +
                                 *plan.reconciliation.residual + " (not rebalanced)"});
    }
    for (const auto& path : money_plan.finer_than_currency) {
        notes.push_back(LogNote{NoteLevel::info, "order " + order.order_id + ": amount at " + path +
                                                     " is finer than the " + money_plan.currency +
                                                     " minor unit (kept exact, not rounded)"});
    }
    for (const auto& n : money_plan.notes) {
        notes.push_back(LogNote{NoteLevel::debug, "order " + order.order_id + ": " + n});
    }
    // Logged by the engine once the order is written: one INFO line per imported order.
    plan.summary =
        std::string(channel_code(channel)) + ", warehouse " + *warehouse + ", customer " +
        customer->how + ", " + std::to_string(money_plan.lines.size()) + " line(s), total " +
        money_plan.text(money_plan.total) + " " + money_plan.currency +
        (consolidated ? ", into consolidated order " + plan.idempotency_key : std::string());
    return MapResult{std::move(plan), std::move(notes)};
}

} // namespace

std::string failed_order_json(const config::StoreConfig& store, std::string_view amazon_order_id,
                              const ParkPlan& park, time::Timestamp first_seen, int64_t attempts,
                              std::string_view request_id) {
    boost::json::object o;
    o["store"] = store.alias;
    o["amazon_order_id"] = amazon_order_id;
    o["reason"] = park.reason;
    o["fix"] = park.fix;
    o["first_seen"] = time::format_rfc3339(first_seen);
    o["attempts"] = attempts;
    if (!park.path.empty()) {
        o["path"] = park.path;
    }
    if (!request_id.empty()) {
        o["request_id"] = request_id;
    }
    return boost::json::serialize(o);
}

} // namespace amzconn::orders
