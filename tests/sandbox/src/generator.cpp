// The deterministic order generator (issue 4 §3): realistic Orders 2026-01-01 documents over the
// seller's marketplaces, each with a timeline of versions (pending -> unshipped -> shipped, partial
// shipments, cancellations) and late arrivals inside Amazon's 2-minute window. Same seed, same
// bytes.
#include "marketplace_info.hpp"
#include "rng.hpp"
#include "sandbox.hpp"

#include <array>
#include <cstdio>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

struct Line {
    std::string item_id;
    std::string sku;
    std::string asin;
    std::string title;
    std::int64_t quantity = 1;
    std::int64_t unit_minor = 0;
    std::int64_t shipping_minor = 0;
    std::int64_t gift_wrap_minor = 0;
    std::int64_t discount_minor = 0; // positive magnitude, rendered negative
    std::int64_t tax_minor = 0;      // US marketplace-facilitator tax
    bool handmade = false;
    std::string promotion_id;
    std::int64_t shipped = 0;
};

struct Plan {
    std::string id;
    std::string marketplace_id;
    std::string currency;
    int minor_units = 2;
    bool afn = false;
    bool prime = false;
    bool business = false;
    bool us_tax = false;
    std::string iso_country;
    std::string service_level;
    Millis created = 0;
    std::vector<Line> lines;
    int buyer_index = 0;
};

constexpr std::array<std::string_view, 8> k_first = {"Alex", "Maria", "Kenji", "Sophie",
                                                     "Liam", "Hana",  "Jonas", "Chloe"};
constexpr std::array<std::string_view, 8> k_last = {"Smith", "Garcia", "Tanaka", "Muller",
                                                    "Brown", "Sato",   "Weber",  "Martin"};
constexpr std::array<std::string_view, 6> k_products = {"Stainless Steel Water Bottle 750ml",
                                                        "Organic Cotton T-Shirt",
                                                        "Wireless Earbuds",
                                                        "Ceramic Coffee Mug Set",
                                                        "LED Desk Lamp Dimmable",
                                                        "Yoga Mat Non-Slip 6mm"};
constexpr std::array<std::string_view, 4> k_levels = {"STANDARD", "EXPEDITED", "STANDARD",
                                                      "NEXT_DAY"};
constexpr std::array<std::string_view, 4> k_carriers = {"UPS", "DHL", "Royal Mail", "FedEx"};
constexpr std::array<std::string_view, 3> k_cancel_reasons = {"BUYER_CANCELLED", "NO_INVENTORY",
                                                              "SHIPPING_ADDRESS_UNDELIVERABLE"};

std::string digits(Rng& rng, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        out.push_back(static_cast<char>('0' + rng.range(0, 9)));
    }
    return out;
}

json::object money(std::int64_t minor, const Plan& plan) {
    json::object m;
    m["amount"] = format_money(minor, plan.minor_units);
    m["currencyCode"] = plan.currency;
    return m;
}

json::object breakdown(std::string_view type, std::int64_t minor, const Plan& plan) {
    json::object b;
    b["type"] = type;
    b["subtotal"] = money(minor, plan);
    return b;
}

std::int64_t scaled_price(Rng& rng, int minor_units) {
    // Prices between roughly 5 and 200 units of the currency, with .99-style endings.
    if (minor_units == 0) {
        return rng.range(5, 200) * 100 - 20; // JPY: 480 .. 19980
    }
    return rng.range(5, 200) * 100 - 1;
}

bool buyer_visible(const Plan& plan, std::string_view status) {
    // Role rules (docs/spapi-facts.md §3.2): buyer email/name and the full address only for
    // MFN orders once they are unshipped or later.
    return !plan.afn &&
           (status == "UNSHIPPED" || status == "PARTIALLY_SHIPPED" || status == "SHIPPED");
}

// `cancelled_items` were cancelled by the buyer, or only asked to be when !executed.
json::object build_document(const Plan& plan, std::string_view status, Millis updated,
                            const std::vector<json::object>& packages,
                            const std::vector<std::string>& cancelled_items,
                            std::string_view cancel_reason, bool executed = true) {
    json::object order;
    order["orderId"] = plan.id;
    order["createdTime"] = format_rfc3339(plan.created);
    order["lastUpdatedTime"] = format_rfc3339(updated);
    json::array programs;
    if (plan.prime) {
        programs.emplace_back("PRIME");
    }
    if (plan.business) {
        programs.emplace_back("AMAZON_BUSINESS");
    }
    if (plan.afn) {
        programs.emplace_back("DELIVERY_BY_AMAZON");
    }
    if (!programs.empty()) {
        order["programs"] = std::move(programs);
    }
    const auto store = store_info(plan.marketplace_id);
    order["salesChannel"] = {{"channelName", "AMAZON"},
                             {"marketplaceId", plan.marketplace_id},
                             {"marketplaceName", store.name}};
    const bool pending = status == "PENDING";
    const std::string first(k_first[static_cast<std::size_t>(plan.buyer_index) % k_first.size()]);
    const std::string last(k_last[static_cast<std::size_t>(plan.buyer_index / 8) % k_last.size()]);
    json::object buyer;
    if (buyer_visible(plan, status)) {
        buyer["buyerName"] = first + " " + last;
        buyer["buyerEmail"] = "buyer-" + plan.id + "@marketplace.amazon.example";
    }
    if (plan.business) {
        buyer["buyerCompanyName"] = last + " Trading GmbH";
        buyer["buyerPurchaseOrderNumber"] = "PO-" + plan.id.substr(4, 7);
    }
    if (!buyer.empty()) {
        order["buyer"] = std::move(buyer);
    }
    json::object address;
    if (buyer_visible(plan, status)) {
        address["name"] = first + " " + last;
        address["addressLine1"] = std::to_string(plan.buyer_index + 1) + " Sandbox Street";
        address["phone"] = "+1 555 0100";
    }
    address["city"] = "Sandbox City";
    address["stateOrRegion"] = plan.iso_country == "US" ? "WA" : "Region";
    address["postalCode"] = std::to_string(11000 + plan.buyer_index % 8999);
    address["countryCode"] = plan.iso_country;
    address["addressType"] = plan.business ? "COMMERCIAL" : "RESIDENTIAL";
    order["recipient"] = {{"deliveryAddress", std::move(address)}};

    std::int64_t grand = 0;
    json::array items;
    for (const auto& line : plan.lines) {
        json::object item;
        item["orderItemId"] = line.item_id;
        item["quantityOrdered"] = line.quantity;
        item["measurement"] = {{"unit", "COUNT"}, {"value", line.quantity}};
        if (line.handmade) {
            item["programs"] = json::array{"HANDMADE"};
        }
        json::object product;
        product["asin"] = line.asin;
        product["title"] = line.title;
        product["sellerSku"] = line.sku;
        product["condition"] = {{"conditionType", "NEW"}, {"conditionSubtype", "NEW"}};
        if (!pending) {
            json::object price;
            price["unitPrice"] = money(line.unit_minor, plan);
            if (plan.business) {
                price["priceDesignation"] = "BUSINESS_PRICE";
            }
            product["price"] = std::move(price);
        }
        if (line.handmade) {
            product["customization"] = {
                {"customizedUrl", "https://sandbox.invalid/customization/" + line.item_id}};
        }
        item["product"] = std::move(product);
        if (!pending) {
            json::array parts;
            const std::int64_t line_total = line.unit_minor * line.quantity;
            std::int64_t total = line_total;
            parts.push_back(breakdown("ITEM", line_total, plan));
            if (line.shipping_minor > 0) {
                parts.push_back(breakdown("SHIPPING", line.shipping_minor, plan));
                total += line.shipping_minor;
            }
            if (line.gift_wrap_minor > 0) {
                parts.push_back(breakdown("GIFT_WRAP", line.gift_wrap_minor, plan));
                total += line.gift_wrap_minor;
            }
            if (line.tax_minor > 0) {
                auto tax = breakdown("TAX", line.tax_minor, plan);
                tax["detailedBreakdowns"] = json::array{
                    json::object{{"subtype", "ITEM"}, {"value", money(line.tax_minor, plan)}}};
                parts.push_back(std::move(tax));
                total += line.tax_minor;
            }
            if (line.discount_minor > 0) {
                auto discount = breakdown("DISCOUNT", -line.discount_minor, plan);
                discount["detailedBreakdowns"] = json::array{json::object{
                    {"subtype", "ITEM"}, {"value", money(-line.discount_minor, plan)}}};
                parts.push_back(std::move(discount));
                total -= line.discount_minor;
            }
            grand += total;
            item["proceeds"] = {{"proceedsTotal", money(total, plan)},
                                {"breakdowns", std::move(parts)}};
            if (!line.promotion_id.empty()) {
                item["promotion"] = {
                    {"breakdowns", json::array{json::object{{"promotionId", line.promotion_id}}}}};
            }
            if (plan.us_tax) {
                item["tax"] = {
                    {"taxCollections",
                     json::array{json::object{{"model", "MARKETPLACE_FACILITATOR"},
                                              {"responsibleParty", "Amazon Services, Inc."}}}}};
            }
        }
        bool item_cancelled = false;
        for (const auto& c : cancelled_items) {
            item_cancelled = item_cancelled || c == line.item_id;
        }
        if (item_cancelled) {
            item["cancellation"] = {
                {"cancellationRequest", {{"requester", "BUYER"}, {"cancelReason", cancel_reason}}}};
            if (executed) {
                item["cancellation"].as_object()["cancellationExecution"] = {
                    {"cancelledBy", "BUYER"}, {"cancelReason", cancel_reason}};
            }
        }
        json::object fulfillment;
        fulfillment["quantityFulfilled"] = line.shipped;
        fulfillment["quantityUnfulfilled"] =
            item_cancelled && executed ? 0 : line.quantity - line.shipped;
        if (line.gift_wrap_minor > 0) {
            json::object gift{{"giftWrapLevel", "CLASSIC"}};
            if (buyer_visible(plan, status)) {
                gift["giftMessage"] = "Happy birthday!";
            }
            fulfillment["packing"] = {{"giftOption", std::move(gift)}};
        }
        item["fulfillment"] = std::move(fulfillment);
        items.push_back(std::move(item));
    }
    if (!pending) {
        order["proceeds"] = {{"grandTotal", money(grand, plan)}};
    }
    json::object fulfillment;
    fulfillment["fulfillmentStatus"] = status;
    fulfillment["fulfilledBy"] = plan.afn ? "AMAZON" : "MERCHANT";
    fulfillment["fulfillmentServiceLevel"] = plan.service_level;
    fulfillment["shipByWindow"] = {{"earliestDateTime", format_rfc3339(plan.created)},
                                   {"latestDateTime", format_rfc3339(plan.created + 2 * k_day)}};
    fulfillment["deliverByWindow"] = {
        {"earliestDateTime", format_rfc3339(plan.created + 3 * k_day)},
        {"latestDateTime", format_rfc3339(plan.created + 6 * k_day)}};
    order["fulfillment"] = std::move(fulfillment);
    order["orderItems"] = std::move(items);
    if (!plan.afn && !packages.empty()) {
        json::array pkgs;
        for (const auto& p : packages) {
            pkgs.push_back(p);
        }
        order["packages"] = std::move(pkgs);
    }
    return order;
}

json::object make_package(const Plan& plan, Rng& rng, int number, Millis ship_time,
                          const std::vector<std::pair<std::string, std::int64_t>>& items) {
    json::object pkg;
    pkg["packageReferenceId"] = std::to_string(number);
    pkg["createdTime"] = format_rfc3339(ship_time);
    pkg["packageStatus"] = {{"status", "SHIPPED"}};
    pkg["carrier"] = rng.pick(std::span<const std::string_view>(k_carriers));
    pkg["shipTime"] = format_rfc3339(ship_time);
    pkg["trackingNumber"] = "1Z" + digits(rng, 16);
    json::array pitems;
    for (const auto& [id, qty] : items) {
        pitems.push_back(json::object{{"orderItemId", id}, {"quantity", qty}});
    }
    pkg["packageItems"] = std::move(pitems);
    (void)plan;
    return pkg;
}

} // namespace

void Sandbox::generate_orders(std::uint64_t count, std::uint64_t seed, Millis live_span) {
    if (m_marketplaces.empty()) {
        return;
    }
    ++m_orders_generation;
    const Millis origin = m_clock.now();
    const std::uint64_t base = m_orders.size();
    for (std::uint64_t n = 0; n < count; ++n) {
        // One stream per order, so adding orders never changes the earlier ones.
        Rng rng(seed * 0x9E3779B97F4A7C15ULL + n + 1);
        Plan plan;
        plan.marketplace_id = m_marketplaces[static_cast<std::size_t>(
            rng.range(0, static_cast<std::int64_t>(m_marketplaces.size()) - 1))];
        const auto* market = amazon::find_marketplace(plan.marketplace_id);
        plan.currency = market ? std::string(market->currency) : "USD";
        plan.minor_units = market ? market->minor_units : 2;
        plan.iso_country = market ? std::string(market->iso_country) : "US";
        const bool vat_inclusive = market ? market->vat_inclusive : false;
        plan.us_tax = plan.iso_country == "US";
        plan.afn = rng.chance(40);
        plan.prime = rng.chance(35);
        plan.business = rng.chance(10);
        plan.service_level = std::string(rng.pick(std::span<const std::string_view>(k_levels)));
        plan.buyer_index = static_cast<int>(rng.range(0, 63));
        // Live orders (live_span > 0) are created over the coming span instead of the past 30
        // days; the same draw either way, so the past orders of a seed never change.
        const Millis offset = rng.range(5 * k_minute, 30 * k_day);
        plan.created = live_span > 0 ? origin + k_minute + offset % live_span : origin - offset;
        const std::string prefix = plan.iso_country == "US"   ? "111"
                                   : plan.iso_country == "JP" ? "503"
                                                              : "302";
        plan.id = prefix + "-" + digits(rng, 7) + "-" + digits(rng, 7);
        char serial[16];
        std::snprintf(serial, sizeof serial, "%07llu", static_cast<unsigned long long>(base + n));
        plan.id.replace(4, 7, serial); // unique across the run, still 3-7-7

        // Prefer the seller's listings of this marketplace and channel.
        std::vector<const Listing*> pool;
        for (const auto& l : m_listings) {
            if (l.marketplace_id == plan.marketplace_id && l.is_fba() == plan.afn) {
                pool.push_back(&l);
            }
        }
        const auto line_count = rng.chance(30) ? rng.range(2, 3) : 1;
        for (std::int64_t i = 0; i < line_count; ++i) {
            Line line;
            line.item_id = digits(rng, 14);
            if (!pool.empty() && rng.chance(70)) {
                const auto* l = pool[static_cast<std::size_t>(
                    rng.range(0, static_cast<std::int64_t>(pool.size()) - 1))];
                line.sku = l->sku;
                line.asin = l->asin;
                line.title = l->title.empty() ? "Sandbox product " + l->sku : l->title;
            } else {
                const auto k = rng.range(0, static_cast<std::int64_t>(k_products.size()) - 1);
                line.sku = "GEN-" + std::to_string(k) + (plan.afn ? "-FBA" : "-FBM");
                line.asin = "B0SANDBOX" + std::to_string(k);
                line.title = std::string(k_products[static_cast<std::size_t>(k)]);
            }
            line.quantity = rng.chance(25) ? rng.range(2, 4) : 1;
            line.unit_minor = scaled_price(rng, plan.minor_units);
            if (!plan.afn && !plan.prime && i == 0) {
                line.shipping_minor = plan.minor_units == 0 ? 500 : 499;
            }
            if (rng.chance(6)) {
                line.gift_wrap_minor = plan.minor_units == 0 ? 300 : 299;
            }
            if (rng.chance(15)) {
                line.discount_minor = line.unit_minor * line.quantity / 10;
                line.promotion_id = "PROMO-" + digits(rng, 6);
            }
            if (plan.us_tax) {
                // 8.25 % facilitator tax on item + shipping, rounded half up in minor units.
                const auto taxable = line.unit_minor * line.quantity + line.shipping_minor;
                line.tax_minor = (taxable * 825 + 5000) / 10000;
            }
            (void)vat_inclusive; // EU/UK/JP prices are VAT-inclusive: no separate TAX line.
            line.handmade = !plan.afn && rng.chance(5);
            plan.lines.push_back(std::move(line));
        }

        OrderRecord record;
        record.id = plan.id;
        record.created = plan.created;
        record.marketplace_id = plan.marketplace_id;
        record.amazon_fulfilled = plan.afn;
        const auto late = [&rng]() { return rng.chance(20) ? rng.range(1, 100) * k_second : 0; };
        const auto add = [&](std::string_view status, Millis at,
                             const std::vector<json::object>& pkgs,
                             const std::vector<std::string>& cancelled, std::string_view reason,
                             bool executed = true) {
            OrderVersion v;
            v.effective = at;
            v.visible = at + late();
            v.status = std::string(status);
            v.doc = build_document(plan, status, at, pkgs, cancelled, reason, executed);
            record.versions.push_back(std::move(v));
        };
        add("PENDING", plan.created, {}, {}, "");
        const Millis paid = plan.created + rng.range(2, 40) * k_minute;
        const int fate = static_cast<int>(rng.range(0, 99));
        if (fate < 5) {
            std::vector<std::string> all;
            for (const auto& l : plan.lines) {
                all.push_back(l.item_id);
            }
            add("CANCELLED", paid, {}, all,
                rng.pick(std::span<const std::string_view>(k_cancel_reasons)));
        } else if (plan.afn) {
            add("UNSHIPPED", paid, {}, {}, "");
            for (auto& l : plan.lines) {
                l.shipped = l.quantity;
            }
            add("SHIPPED", paid + rng.range(4, 30) * k_hour, {}, {}, "");
        } else {
            add("UNSHIPPED", paid, {}, {}, "");
            if (live_span > 0 && fate >= 60 && fate < 70) {
                // A live buyer asks to cancel; the order waits for the seller's answer.
                std::vector<std::string> all;
                for (const auto& l : plan.lines) {
                    all.push_back(l.item_id);
                }
                add("UNSHIPPED", paid + rng.range(10, 180) * k_minute, {}, all,
                    rng.pick(std::span<const std::string_view>(k_cancel_reasons)), false);
            }
            if (fate < 60) {
                // Shipped by the seller outside this integration (e.g. Seller Central).
                Millis at = paid + rng.range(6, 60) * k_hour;
                std::vector<json::object> pkgs;
                if (plan.lines.size() > 1 && fate < 25) {
                    plan.lines[0].shipped = plan.lines[0].quantity;
                    pkgs.push_back(make_package(plan, rng, 1, at,
                                                {{plan.lines[0].item_id, plan.lines[0].quantity}}));
                    add("PARTIALLY_SHIPPED", at, pkgs, {}, "");
                    at += rng.range(6, 30) * k_hour;
                    if (fate < 15) {
                        // The rest waits for the seller (a confirmShipment from the client).
                        m_order_index[record.id] = m_orders.size();
                        m_orders.push_back(std::move(record));
                        continue;
                    }
                }
                std::vector<std::pair<std::string, std::int64_t>> rest;
                for (auto& l : plan.lines) {
                    if (l.shipped < l.quantity) {
                        rest.emplace_back(l.item_id, l.quantity - l.shipped);
                        l.shipped = l.quantity;
                    }
                }
                pkgs.push_back(
                    make_package(plan, rng, static_cast<int>(pkgs.size()) + 1, at, rest));
                add("SHIPPED", at, pkgs, {}, "");
            }
        }
        m_order_index[record.id] = m_orders.size();
        m_orders.push_back(std::move(record));
    }
}

} // namespace amzconn::sandbox
