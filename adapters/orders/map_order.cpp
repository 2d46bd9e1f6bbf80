#include "orders/map_order.hpp"

#include "amzconn/entities.hpp"
#include "orders/channel_status.hpp"
#include "orders/consolidation.hpp"
#include "orders/customers.hpp"
#include "orders/filters.hpp"
#include "orders/fulfilment.hpp"
#include "orders/order_money.hpp"
#include "orders/products.hpp"
#include "orders/sales_order_doc.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstring>
#include <memory>
#include <set>

namespace amzconn::orders {

using spapi::orders::Order;

// The first block of a plan's arena: the documents of an order of a few lines and a new
// customer take under 8 KiB, so a plan takes one block, with room for larger orders.
constexpr size_t k_plan_arena_block = 16384;

ImportPlan::ImportPlan()
    : arena(std::make_unique<boost::json::monotonic_resource>(k_plan_arena_block)) {}

// Member by member, the arena would go before the documents in it, and a document assigned
// across arenas is copied into the old one: the plan is replaced whole instead.
ImportPlan& ImportPlan::operator=(ImportPlan&& other) noexcept {
    if (this != &other) {
        std::destroy_at(this);
        std::construct_at(this, std::move(other));
    }
    return *this;
}

std::string idempotency_key(const OrderSettings& store, const Order& order) {
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

boost::json::object product_json(const ProductToCreate& p, boost::json::storage_ptr storage) {
    boost::json::object o(std::move(storage));
    o.reserve(6);
    o["code"] = p.code;
    o["description"] = p.description;
    if (p.barcode) {
        o["barcode"] = *p.barcode;
    }
    if (!p.attributes.empty()) {
        boost::json::object a(o.storage());
        for (const auto& [k, v] : p.attributes) {
            a[k] = v;
        }
        o["attributes"] = std::move(a);
    }
    o["is_assembly"] = false;
    o["tracking"] = "none";
    return o;
}

} // namespace

namespace {

// Amazon's text (SKUs, ids, titles) reaches log lines: control characters are escaped so a
// value cannot forge a line of its own (CWE-117).
// Whether the text holds a control character (below 0x20, or 0x7f), 8 bytes at a time: every
// note and summary is scanned. Bit tricks that are exact for "some byte is": below 0x20
// ((x - 0x20..) & ~x & 0x80..), equal to 0x7f (zero in x ^ 0x7f..).
bool has_control(std::string_view text) {
    constexpr uint64_t k_ones = 0x0101010101010101u;
    constexpr uint64_t k_highs = 0x8080808080808080u;
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t x = 0;
        std::memcpy(&x, text.data() + i, 8);
        const uint64_t del = x ^ (0x7f * k_ones);
        if ((((x - 0x20 * k_ones) & ~x) | ((del - k_ones) & ~del)) & k_highs) {
            return true;
        }
    }
    return std::any_of(text.begin() + static_cast<std::ptrdiff_t>(i), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

void make_log_safe(std::string& text) {
    if (!has_control(text)) {
        return; // nearly always: nothing to escape, nothing to copy
    }
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
    text = std::move(out);
}

void finish(MapResult& r) {
    for (auto& n : r.notes) {
        make_log_safe(n.message);
    }
    if (auto* s = std::get_if<SkipPlan>(&r.decision)) {
        make_log_safe(s->reason);
    } else if (auto* w = std::get_if<WaitPlan>(&r.decision)) {
        make_log_safe(w->reason);
    } else if (auto* i = std::get_if<ImportPlan>(&r.decision)) {
        make_log_safe(i->summary);
    } else if (auto* u = std::get_if<UpdatePlan>(&r.decision)) {
        make_log_safe(u->reason);
    } else if (auto* p = std::get_if<ParkPlan>(&r.decision)) {
        make_log_safe(p->reason);
        make_log_safe(p->fix);
    }
}

MapResult map_unsafe(const Order& order, const OrderSettings& store, const HostView& host);

} // namespace

MapResult map_order(const Order& order, const OrderSettings& store, const HostView& host) {
    MapResult r = map_unsafe(order, store, host);
    finish(r);
    return r;
}

namespace {

// One order on its way through the rules: what it is mapped against, and the notes so far.
struct Mapping {
    const Order& order;
    const OrderSettings& store;
    const HostView& host;
    std::vector<LogNote> notes;

    // "order <id>" + text + more, built in one string.
    void note(NoteLevel level, std::string_view text, std::string_view more = {}) {
        std::string message;
        message.reserve(6 + order.order_id.size() + text.size() + more.size());
        message += "order ";
        message += order.order_id;
        message += text;
        message += more;
        notes.push_back(LogNote{level, std::move(message)});
    }
    MapResult skipped(SkipKind kind, std::string filter, std::string reason) {
        return skip(kind, std::move(filter), std::move(reason), std::move(notes));
    }
    MapResult parked(std::string reason, std::string fix, std::string path) {
        return park(order, std::move(reason), std::move(fix), std::move(path), std::move(notes));
    }
};

// The host already holds the order: an update (cancel, ship) or nothing.
MapResult map_existing(Mapping& m, const std::string& key) {
    const std::string& existing = *m.host.existing_status;
    const auto& cfg = channel_config(m.store, channel_of(m.order));
    if (cfg.consolidation == Consolidation::daily &&
        cfg.customer.strategy == CustomerStrategy::single_customer) {
        // One Amazon order must never cancel or ship the whole day's consolidated order.
        std::string reason = "the order is part of a consolidated daily order; its status "
                             "changes are not applied to the consolidated order";
        m.note(NoteLevel::debug, " unchanged: " + reason);
        return m.skipped(SkipKind::unchanged, {}, std::move(reason));
    }
    auto d = decide_existing(m.order, existing, cfg.host_status);
    if (d.to_status) {
        // The engine logs the update with its reason once it is written.
        return MapResult{UpdatePlan{key, existing, *d.to_status, d.reason}, std::move(m.notes)};
    }
    m.note(NoteLevel::debug, " unchanged: " + d.reason);
    return m.skipped(SkipKind::unchanged, {}, d.reason);
}

// A new order the channel, its status and the filters let through; else why not.
std::optional<MapResult> screen_new(Mapping& m, const ChannelSettings& cfg) {
    const auto admission = admit_new_order(m.order, m.store);
    if (admission.admission == Admission::wait) {
        m.note(NoteLevel::debug, " waits: " + admission.reason);
        return MapResult{WaitPlan{admission.reason}, std::move(m.notes)};
    }
    if (admission.admission == Admission::skip) {
        const bool disabled = !cfg.enabled;
        m.note(NoteLevel::debug, " skipped: " + admission.reason);
        return m.skipped(disabled ? SkipKind::filter : SkipKind::status, disabled ? "channel" : "",
                         admission.reason);
    }
    const auto& filters = m.store.filters;
    for (auto hit : {start_date_filter(m.order, filters), country_filter(m.order, filters),
                     program_filter(m.order, filters)}) {
        if (hit) {
            m.note(NoteLevel::debug, " skipped by filter " + hit->filter + ": " + hit->reason);
            return m.skipped(SkipKind::filter, hit->filter, hit->reason);
        }
    }
    if (m.order.order_items.empty()) {
        return m.parked("the order has no items",
                        "check the order in Seller Central, then run retry_failed_orders",
                        "orderItems");
    }
    return std::nullopt;
}

// The host status and lot assignments for the priced lines (a split line is two demands).
struct Placement {
    StatusChoice status;
    std::vector<std::vector<Assignment>> assignments; // per priced line
};

Placement place(Mapping& m, Channel channel, const ChannelSettings& cfg,
                const Resolution& resolution, const MoneyPlan& money_plan,
                const std::string& warehouse) {
    std::vector<Demand> demands;
    std::vector<Tracking> tracking;
    demands.reserve(money_plan.lines.size());
    tracking.reserve(money_plan.lines.size());
    for (const auto& line : money_plan.lines) {
        const auto& item = resolution.items[line.item_index];
        demands.push_back(Demand{item.product->code, line.quantity});
        tracking.push_back(item.product->tracking);
    }
    Placement out{host_status_for(cfg.host_status, demands, warehouse, m.host), {}};
    std::vector<std::string> short_notes;
    out.assignments =
        channel == Channel::fbm
            ? assign_lots(cfg.auto_assign, demands, tracking, warehouse, m.host, short_notes)
            : std::vector<std::vector<Assignment>>(demands.size());
    if (channel == Channel::fbm) {
        out.status = tracked_completion(std::move(out.status), cfg.auto_assign, demands, tracking,
                                        out.assignments, warehouse);
    }
    if (out.status.fell_back) {
        m.note(NoteLevel::info, ": " + out.status.reason);
    }
    for (const auto& s : short_notes) {
        m.note(NoteLevel::info, ": ", s);
    }
    return out;
}

// An assigned json::object keeps its own storage and copies the tree into it; this takes the tree
// as it is, with its storage (the plan's arena).
void adopt(boost::json::object& into, boost::json::object tree) noexcept {
    std::destroy_at(&into);
    std::construct_at(&into, std::move(tree));
}

// Products created on import, each once, with an INFO note.
void add_created_products(Mapping& m, const Resolution& resolution, ImportPlan& plan) {
    std::set<std::string> seen;
    for (const auto& item : resolution.items) {
        if (item.create && seen.insert(item.create->code).second) {
            plan.products.push_back(product_json(*item.create, plan.sales_order.storage()));
            m.note(NoteLevel::info, ": creates product ", item.create->code);
        }
    }
}

// Every document of the plan checked once, as the tree it is; field paths are built only for a
// problem. Amazon's values the host cannot hold (e.g. an empty SKU) give a message that names
// document paths only, never the values.
std::optional<std::string> invalid_document(const ImportPlan& plan) {
    auto check = [](std::string_view kind, const boost::json::object& doc) {
        auto valid = validate_entity_tree(kind, doc);
        return valid.ok() ? std::optional<std::string>() : valid.error().message;
    };
    if (auto problem = check("sales_order", plan.sales_order)) {
        return problem;
    }
    if (plan.customer) {
        if (auto problem = check("customer", *plan.customer)) {
            return problem;
        }
    }
    for (const auto& product : plan.products) {
        if (auto problem = check("product", product)) {
            return problem;
        }
    }
    return std::nullopt;
}

// The reconciliation with Amazon's total and the money notes.
void add_money_notes(Mapping& m, const MoneyPlan& money_plan, ImportPlan& plan) {
    auto& r = plan.reconciliation;
    r.host_total = money_plan.text(money_plan.total);
    r.excluded_tax = money_plan.text(money_plan.excluded_tax);
    if (money_plan.amazon_total) {
        r.amazon_total = money_plan.text(*money_plan.amazon_total);
    }
    if (money_plan.residual) {
        r.residual = money_plan.text(*money_plan.residual);
        m.note(NoteLevel::info, ": Amazon total " + *r.amazon_total + " " + money_plan.currency +
                                    " differs from the host order " + r.host_total +
                                    " + excluded tax " + r.excluded_tax + " by " + *r.residual +
                                    " (not rebalanced)");
    }
    for (const auto& path : money_plan.finer_than_currency) {
        m.note(NoteLevel::info, ": amount at " + path + " is finer than the " +
                                    money_plan.currency + " minor unit (kept exact, not rounded)");
    }
    for (const auto& n : money_plan.notes) {
        m.note(NoteLevel::debug, ": ", n);
    }
}

// Why an order stops before it is priced: no product, no warehouse, or a location filter.
struct Resolved {
    Resolution resolution;
    std::vector<std::optional<money::Decimal>> rates; // host tax rate per item, when known
    std::string warehouse;
};

std::variant<Resolved, MapResult> resolve(Mapping& m, Channel channel) {
    Resolved out{resolve_products(m.order, m.store.products, m.host), {}, {}};
    if (const auto& problem = out.resolution.problem) {
        return m.parked(problem->reason, problem->fix, problem->path);
    }
    out.rates.reserve(out.resolution.items.size());
    for (const auto& item : out.resolution.items) {
        out.rates.push_back(item.product ? item.product->tax_rate : std::nullopt);
    }
    // The codes are copied only for the filter that reads them (most stores have none).
    if (!m.store.filters.inventory_locations.empty()) {
        std::vector<std::optional<std::string>> codes;
        for (const auto& item : out.resolution.items) {
            codes.push_back(item.product ? std::optional<std::string>(item.product->code)
                                         : std::nullopt);
        }
        if (auto hit = inventory_location_filter(m.order, codes, m.store.filters, m.host)) {
            m.note(NoteLevel::debug, " skipped by filter " + hit->filter + ": " + hit->reason);
            return m.skipped(SkipKind::filter, hit->filter, hit->reason);
        }
    }
    auto warehouse = warehouse_for(m.store, channel, m.host);
    if (!warehouse) {
        const std::string channel_key = channel == Channel::fba ? "fba" : "fbm";
        return m.parked("no warehouse for " + std::string(channel_code(channel)) + " orders",
                        "set orders." + channel_key +
                            ".warehouse in the store config, install it, then run "
                            "retry_failed_orders",
                        "orders." + channel_key + ".warehouse");
    }
    out.warehouse = std::move(*warehouse);
    return out;
}

// An order Amazon shows shipped when it is first imported (an FBA order Amazon shipped itself, or
// an FBM order shipped outside the host and downloaded for the records): it enters the host
// shipped, so nobody ships it again, unless the configured status is completed (final; or
// backordered when the warehouse is short, which the host completes once it has the stock),
// exactly as a later re-read would move it (decide_existing); a consolidated day order keeps its
// own status.
std::string import_status(const Order& order, const ChannelSettings& cfg, bool consolidated,
                          const std::string& chosen) {
    const bool shipped_at_amazon =
        !consolidated && order.fulfillment &&
        order.fulfillment->fulfillment_status == spapi::orders::FulfillmentStatus::shipped &&
        cfg.host_status != HostOrderStatus::completed;
    return shipped_at_amazon ? std::string("shipped") : chosen;
}

// "<channel>, warehouse W, customer <how>, N line(s), total T CUR[, into consolidated order K]",
// built in one string.
std::string import_summary(Channel channel, std::string_view warehouse, std::string_view how,
                           const MoneyPlan& money_plan, const std::string* consolidated_into) {
    const std::string total = money_plan.text(money_plan.total);
    std::string out;
    out.reserve(96 + warehouse.size() + total.size() +
                (consolidated_into ? consolidated_into->size() : 0));
    out += channel_code(channel);
    out += ", warehouse ";
    out += warehouse;
    out += ", customer ";
    out += how;
    out += ", ";
    out += std::to_string(money_plan.lines.size());
    out += " line(s), total ";
    out += total;
    out += ' ';
    out += money_plan.currency;
    if (consolidated_into) {
        out += ", into consolidated order ";
        out += *consolidated_into;
    }
    return out;
}

MapResult map_new(Mapping& m, const std::string& key) {
    const Channel channel = channel_of(m.order);
    const auto& cfg = channel_config(m.store, channel);
    if (auto stop = screen_new(m, cfg)) {
        return std::move(*stop);
    }
    auto resolved_or_stop = resolve(m, channel);
    if (auto* stop = std::get_if<MapResult>(&resolved_or_stop)) {
        return std::move(*stop);
    }
    const Resolved& resolved = std::get<Resolved>(resolved_or_stop);
    const MoneyOutcome priced = price_order(m.order, m.store, resolved.rates);
    if (priced.problem) {
        return m.parked(priced.problem->reason, priced.problem->fix, priced.problem->path);
    }
    const MoneyPlan& money_plan = *priced.plan;
    const std::string channel_key = channel == Channel::fba ? "fba" : "fbm";
    auto customer = choose_customer(m.order, m.store, channel, money_plan.currency, m.host);
    if (!customer.ok()) {
        const std::string config_key = "orders." + channel_key + ".customer.code";
        const bool missing = customer.status() == Status::not_found;
        return m.parked(customer.error().message,
                        missing ? "create customer '" + *cfg.customer.code +
                                      "' in the host (or set " + config_key +
                                      " to an existing customer and install the config), then "
                                      "run retry_failed_orders"
                                : "set " + config_key + ", then run retry_failed_orders",
                        config_key);
    }
    const Placement placement =
        place(m, channel, cfg, resolved.resolution, money_plan, resolved.warehouse);

    const bool consolidated = cfg.consolidation == Consolidation::daily &&
                              cfg.customer.strategy == CustomerStrategy::single_customer;
    const std::string plan_key =
        consolidated
            ? consolidated_key(m.store.alias, channel, m.order.created_time, money_plan.currency)
            : key;
    const std::string host_status =
        import_status(m.order, cfg, consolidated, placement.status.status);
    ImportPlan plan;
    plan.idempotency_key = plan_key;
    plan.consolidated = consolidated;
    plan.host_status = host_status;
    plan.fell_back_to_backordered =
        placement.status.fell_back && placement.status.status == "backordered";
    plan.finer_than_currency = money_plan.finer_than_currency;
    // Built as trees, checked once as trees; the engine writes them as text once. Their keys and
    // strings come from the plan's arena (freed with the plan, uncounted), not from one heap
    // block each.
    const boost::json::storage_ptr arena = plan.storage();
    adopt(plan.sales_order,
          sales_order_doc({m.order, m.store, cfg, resolved.resolution, money_plan,
                           placement.assignments, plan_key, consolidated, customer->code,
                           host_status, resolved.warehouse, arena}));
    if (customer->upsert) {
        plan.customer.emplace(customer_json(*customer->upsert, arena));
    }
    add_created_products(m, resolved.resolution, plan);
    if (auto problem = invalid_document(plan)) {
        return m.parked("the host order would be invalid: " + *problem,
                        "check the order's items in Seller Central, then run retry_failed_orders",
                        "orderItems");
    }
    add_money_notes(m, money_plan, plan);
    // Logged by the engine once the order is written: one INFO line per imported order.
    plan.summary = import_summary(channel, resolved.warehouse, customer->how, money_plan,
                                  consolidated ? &plan.idempotency_key : nullptr);
    return MapResult{std::move(plan), std::move(m.notes)};
}

MapResult map_unsafe(const Order& order, const OrderSettings& store, const HostView& host) {
    Mapping m{order, store, host, {}};
    const std::string key = idempotency_key(store, order);
    return host.existing_status ? map_existing(m, key) : map_new(m, key);
}

} // namespace

std::string failed_order_json(const OrderSettings& store, std::string_view amazon_order_id,
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
